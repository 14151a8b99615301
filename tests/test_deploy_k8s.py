"""deploy/k8s: the overlays rendered by kustomize and every manifest validated offline.

Rendering uses ``kubectl kustomize`` (kubectl's built-in kustomize, offline); where no kubectl
is installed these tests skip, saying so — on this project's machines and CI it is present.
Validation uses the Kubernetes OpenAPI schemas shipped in the kubernetes-validate package,
strictly (unknown fields are errors). The NetworkPolicies are then evaluated: which pod may
open a connection to which other pod on which port. The services that take part in events reach the
broker (a NATS JetStream StatefulSet) and each has a worker Deployment running the image's `worker`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml
from deploy_files import BROKER_IMAGE, BROKER_PORT, EVENT_SERVICES, PORTS, ROOT, SETTINGS, service_cli

from imis_gateway.config import GatewaySettings

K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.30.0"  # the oldest version still supported upstream that we target
SERVICES = list(SETTINGS)


def render(overlay: str) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl (for `kubectl kustomize`) is not installed")
    result = subprocess.run(
        [kubectl, "kustomize", str(K8S / "overlays" / overlay)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def manifests(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render(request.param)


def find(manifests: list[dict[str, Any]], kind: str, name: str | None = None) -> list[dict[str, Any]]:
    return [m for m in manifests if m["kind"] == kind and (name is None or m["metadata"]["name"] == name)]


def one(manifests: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    [found] = find(manifests, kind, name)
    return found


class TestSchemas:
    def test_every_manifest_is_valid_against_the_kubernetes_schemas(
        self, manifests: list[dict[str, Any]]
    ) -> None:
        errors = []
        for manifest in manifests:
            try:
                kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
            except kubernetes_validate.ValidationError as error:
                errors.append(f"{manifest['kind']}/{manifest['metadata']['name']}: {error.message}")
        assert errors == []

    def test_the_validator_catches_a_broken_manifest(self, manifests: list[dict[str, Any]]) -> None:
        deployment = one(manifests, "Deployment", "jobs")
        broken = yaml.safe_load(yaml.safe_dump(deployment))
        broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["pathh"] = "/x"
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)

    def test_everything_is_in_the_overlays_namespace(self, manifests: list[dict[str, Any]]) -> None:
        [namespace] = find(manifests, "Namespace")
        assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        others = {m["metadata"].get("namespace") for m in manifests if m["kind"] != "Namespace"}
        assert others == {namespace["metadata"]["name"]}


def containers(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from manifest["spec"]["template"]["spec"]["containers"]


def assert_hardened(pod: dict[str, Any]) -> dict[str, Any]:
    """Non-root, read-only root, no privilege escalation or capabilities, no service-account token;
    returns the pod's one container."""
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] >= 1000
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    container: dict[str, Any]
    [container] = pod["containers"]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False and security["capabilities"]["drop"] == ["ALL"]
    return container


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(params=EVENT_SERVICES)
def event_service(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


class TestServices:
    def test_deployment_probes_health_and_readiness_with_resources(
        self, manifests: list[dict[str, Any]], service: str
    ) -> None:
        deployment = one(manifests, "Deployment", service)
        [container] = containers(deployment)
        assert container["image"].endswith((f"imis-{service}:dev", f"imis/{service}:0.1.0"))
        assert container["args"] == ["serve"]  # the image's ENTRYPOINT imis-<service>, its usual command
        assert "command" not in container
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"
        assert container["startupProbe"]["httpGet"]["path"] == "/health"
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert container["ports"] == [{"name": "http", "containerPort": PORTS[service], "protocol": "TCP"}]
        for kind in ("requests", "limits"):
            assert set(container["resources"][kind]) == {"cpu", "memory"}
        assert "replicas" not in deployment["spec"]  # the HPA owns it
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0

    def test_pods_are_non_root_read_only_and_without_a_service_account_token(
        self, manifests: list[dict[str, Any]], service: str
    ) -> None:
        pods = [one(manifests, "Deployment", service), one(manifests, "Job", f"{service}-migrate")]
        pods += find(manifests, "Deployment", f"{service}-worker")  # those that take part in events
        for manifest in pods:
            container = assert_hardened(manifest["spec"]["template"]["spec"])
            mounted = {mount["mountPath"] for mount in container["volumeMounts"]}
            assert {"/tmp", "/var/lib/imis"} <= mounted  # the image's declared writable dirs  # noqa: S108

    def test_migrations_run_as_a_job_with_the_same_image_and_configuration(
        self, manifests: list[dict[str, Any]], service: str
    ) -> None:
        [server] = containers(one(manifests, "Deployment", service))
        [migrate] = containers(one(manifests, "Job", f"{service}-migrate"))
        assert migrate["args"] == ["migrate"]
        assert migrate["image"] == server["image"] and migrate["envFrom"] == server["envFrom"]
        assert (
            one(manifests, "Job", f"{service}-migrate")["spec"]["template"]["spec"]["restartPolicy"]
            == "Never"
        )

    def test_configuration_names_only_real_settings_and_secrets_by_reference(
        self, manifests: list[dict[str, Any]], service: str
    ) -> None:
        [server] = containers(one(manifests, "Deployment", service))
        config_name = next(ref["configMapRef"]["name"] for ref in server["envFrom"] if "configMapRef" in ref)
        secret_name = next(ref["secretRef"]["name"] for ref in server["envFrom"] if "secretRef" in ref)
        config = one(manifests, "ConfigMap", config_name)["data"]
        prefix = f"IMIS_{service.upper()}_"
        fields = SETTINGS[service].model_fields
        assert all(key.startswith(prefix) and key[len(prefix) :].lower() in fields for key in config)
        assert config[prefix + "PORT"] == str(PORTS[service])
        assert config[prefix + "ENVIRONMENT"] == "production"
        assert not any("DATABASE_URL" in key or "PASSWORD" in key for key in config)  # secrets are not config
        assert secret_name.startswith(f"{service}-secrets")
        issuers = {
            one(manifests, "ConfigMap", name)["data"][f"IMIS_{other.upper()}_JWT_ISSUER"]
            for other in SERVICES
            for name in [
                m["metadata"]["name"]
                for m in find(manifests, "ConfigMap")
                if m["metadata"]["name"].startswith(f"{other}-config")
            ]
        }
        assert len(issuers) == 1  # every service accepts the tokens the gateway issues

    def test_service_hpa_and_pdb_select_the_deployment(
        self, manifests: list[dict[str, Any]], service: str
    ) -> None:
        deployment = one(manifests, "Deployment", service)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        kube_service = one(manifests, "Service", service)
        assert kube_service["spec"]["ports"][0]["port"] == PORTS[service]
        assert kube_service["spec"]["ports"][0]["targetPort"] == "http"
        assert kube_service["spec"]["selector"].items() <= pod_labels.items()
        hpa = one(manifests, "HorizontalPodAutoscaler", service)
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": service,
        }
        assert hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        pdb = one(manifests, "PodDisruptionBudget", service)
        assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()

    def test_the_gateway_reads_its_signing_keys_from_a_secret(self, manifests: list[dict[str, Any]]) -> None:
        deployment = one(manifests, "Deployment", "gateway")
        [container] = containers(deployment)
        config_name = next(
            ref["configMapRef"]["name"] for ref in container["envFrom"] if "configMapRef" in ref
        )
        key_file = one(manifests, "ConfigMap", config_name)["data"]["IMIS_GATEWAY_SIGNING_KEY_FILE"]
        mount = next(m for m in container["volumeMounts"] if key_file.startswith(m["mountPath"] + "/"))
        volume = next(
            v for v in deployment["spec"]["template"]["spec"]["volumes"] if v["name"] == mount["name"]
        )
        assert volume["secret"]["secretName"] == "gateway-signing-keys" and mount["readOnly"] is True

    def test_the_gateway_believes_forwarded_addresses_from_the_cluster_network_only(
        self, manifests: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        config = one(manifests, "ConfigMap", "gateway-config")["data"]
        monkeypatch.setenv("IMIS_GATEWAY_TRUSTED_PROXIES", config["IMIS_GATEWAY_TRUSTED_PROXIES"])
        settings = GatewaySettings()
        assert settings.trusted_proxies and all(network.is_private for network in settings.trusted_proxies)
        assert settings.forwarded_header == "x-forwarded-for"  # what ingress-nginx appends to


class TestEvents:
    def test_only_gateway_jobs_and_diaspora_take_part(self) -> None:
        # Guards the rest of this class: a service that gains a `worker` command needs one deployed.
        assert EVENT_SERVICES == ["gateway", "jobs", "diaspora"]

    def test_the_broker_is_one_jetstream_server_storing_on_a_persistent_volume(
        self, manifests: list[dict[str, Any]]
    ) -> None:
        broker = one(manifests, "StatefulSet", "nats")
        assert broker["spec"]["replicas"] == 1
        pod = broker["spec"]["template"]["spec"]
        container = assert_hardened(pod)
        assert pod["securityContext"]["fsGroup"] >= 1000  # the volume is writable by the server's user
        assert container["image"] == BROKER_IMAGE and "command" not in container
        args = container["args"]
        assert "-js" in args
        [claim] = broker["spec"]["volumeClaimTemplates"]
        assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
        assert claim["spec"]["resources"]["requests"]["storage"]
        store = {"name": claim["metadata"]["name"], "mountPath": args[args.index("-sd") + 1]}
        assert container["volumeMounts"] == [store]
        assert "volumes" not in pod  # nothing shadows the claim with a volume of the same name
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        assert ports == {"client": BROKER_PORT, "monitor": int(args[args.index("-m") + 1])}
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            check = container[probe]["httpGet"]
            assert check["port"] == "monitor" and check["path"].split("?")[0] == "/healthz"
        for kind in ("requests", "limits"):
            assert set(container["resources"][kind]) == {"cpu", "memory"}

    def test_each_server_sends_events_to_the_broker_service_and_leaves_them_to_its_worker(
        self, manifests: list[dict[str, Any]], event_service: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        broker = one(manifests, "StatefulSet", "nats")
        kube_service = one(manifests, "Service", broker["spec"]["serviceName"])
        assert kube_service["spec"]["clusterIP"] == "None"  # headless: the StatefulSet's governing Service
        broker_labels = broker["spec"]["template"]["metadata"]["labels"]
        assert kube_service["spec"]["selector"].items() <= broker_labels.items()
        [port] = kube_service["spec"]["ports"]
        assert port["port"] == BROKER_PORT and port["targetPort"] == "client"
        config = one(manifests, "ConfigMap", f"{event_service}-config")["data"]
        for key in [key for key in os.environ if key.startswith("IMIS_")]:
            monkeypatch.delenv(key)
        for key, value in config.items():
            monkeypatch.setenv(key, value)
        settings = SETTINGS[event_service]()
        assert settings.events_url is not None
        url = urlsplit(settings.events_url)
        assert (url.scheme, url.hostname) == ("nats", kube_service["metadata"]["name"])
        assert url.port == port["port"]
        assert settings.events_in_process is False

    def test_each_worker_runs_the_worker_command_with_the_servers_image_and_configuration(
        self, manifests: list[dict[str, Any]], event_service: str
    ) -> None:
        [server] = containers(one(manifests, "Deployment", event_service))
        deployment = one(manifests, "Deployment", f"{event_service}-worker")
        [worker] = containers(deployment)
        assert worker["args"] == ["worker"] and "command" not in worker  # the image's ENTRYPOINT
        assert service_cli(event_service).parser().parse_args(worker["args"]).command == "worker"
        assert worker["image"] == server["image"] and worker["envFrom"] == server["envFrom"]
        assert deployment["spec"]["replicas"] >= 1
        for kind in ("requests", "limits"):
            assert set(worker["resources"][kind]) == {"cpu", "memory"}
        # No port, so no HTTP probe (the image's healthcheck asks the server's /health).
        assert "ports" not in worker
        assert {"livenessProbe", "readinessProbe", "startupProbe"}.isdisjoint(worker)
        # It mounts what the migration Job mounts: what loading the service's settings needs.
        job = one(manifests, "Job", f"{event_service}-migrate")
        [migrate] = containers(job)
        assert worker["volumeMounts"] == migrate["volumeMounts"]
        assert deployment["spec"]["template"]["spec"]["volumes"] == job["spec"]["template"]["spec"]["volumes"]

    def test_no_service_autoscaler_or_budget_takes_a_worker_for_its_server(
        self, manifests: list[dict[str, Any]], event_service: str
    ) -> None:
        deployment = one(manifests, "Deployment", f"{event_service}-worker")
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == event_service
        assert labels["app.kubernetes.io/component"] == "worker"
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        server = one(manifests, "Deployment", event_service)
        assert not deployment["spec"]["selector"]["matchLabels"].items() <= (
            server["spec"]["template"]["metadata"]["labels"].items()
        )
        for kube_service in find(manifests, "Service"):
            assert not kube_service["spec"]["selector"].items() <= labels.items()
        for pdb in find(manifests, "PodDisruptionBudget"):
            assert not pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
        hpas = find(manifests, "HorizontalPodAutoscaler")
        assert deployment["metadata"]["name"] not in {hpa["spec"]["scaleTargetRef"]["name"] for hpa in hpas}

    def test_info_has_no_broker_and_no_worker(self, manifests: list[dict[str, Any]]) -> None:
        assert [key for key in one(manifests, "ConfigMap", "info-config")["data"] if "EVENTS" in key] == []
        workers = {
            m["metadata"]["name"]
            for m in find(manifests, "Deployment")
            if m["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/component") == "worker"
        }
        assert workers == {f"{name}-worker" for name in EVENT_SERVICES}


class TestIngress:
    def test_only_the_gateway_and_only_its_public_paths(self, manifests: list[dict[str, Any]]) -> None:
        [ingress] = find(manifests, "Ingress")
        paths = [path for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
        assert {path["backend"]["service"]["name"] for path in paths} == {"gateway"}
        public = {path["path"] for path in paths}
        assert public == {"/api", "/docs", "/openapi.json", "/.well-known"}
        assert not any(p.startswith(("/metrics", "/ready", "/health")) for p in public)


# --- NetworkPolicy evaluation -------------------------------------------------------------


def _selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    match = (selector or {}).get("matchLabels", {})
    if not all(labels.get(key) == value for key, value in match.items()):
        return False
    return all(_expression_matches(item, labels) for item in (selector or {}).get("matchExpressions", []))


def _expression_matches(expression: dict[str, Any], labels: dict[str, str]) -> bool:
    key: str = expression["key"]
    operator: str = expression["operator"]
    if operator in ("Exists", "DoesNotExist"):
        return (key in labels) == (operator == "Exists")
    values: list[str] = expression["values"]
    inside = key in labels and labels[key] in values
    return {"In": inside, "NotIn": not inside}[operator]


def _peer_matches(peer: dict[str, Any], namespace: str, pod: tuple[str, dict[str, str]]) -> bool:
    pod_namespace, labels = pod
    if "ipBlock" in peer:
        return False  # addresses outside the cluster; no pod matches
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": pod_namespace}
        if not _selects(peer["namespaceSelector"], namespace_labels):
            return False
    elif pod_namespace != namespace:
        return False
    return _selects(peer.get("podSelector"), labels)


def _rule_allows(
    rule: dict[str, Any], direction: str, namespace: str, peer: tuple[str, dict[str, str]], port: int
) -> bool:
    peers = rule.get(direction)
    ports = rule.get("ports")
    peer_ok = peers is None or any(_peer_matches(item, namespace, peer) for item in peers)
    port_ok = ports is None or any(item.get("port") == port for item in ports)
    return peer_ok and port_ok


def allowed(
    policies: list[dict[str, Any]],
    source: tuple[str, dict[str, str]],
    target: tuple[str, dict[str, str]],
    port: int,
) -> bool:
    """Whether ``source`` may open a TCP connection to ``target`` on ``port`` under ``policies``."""

    def side(
        pod: tuple[str, dict[str, str]], kind: str, key: str, direction: str, peer: tuple[str, dict[str, str]]
    ) -> bool:
        relevant = [
            p
            for p in policies
            if p["metadata"]["namespace"] == pod[0]
            and kind in p["spec"]["policyTypes"]
            and _selects(p["spec"]["podSelector"], pod[1])
        ]
        if not relevant:
            return True
        return any(
            _rule_allows(rule, direction, p["metadata"]["namespace"], peer, port)
            for p in relevant
            for rule in p["spec"].get(key, [])
        )

    egress_ok = source[0] not in {p["metadata"]["namespace"] for p in policies} or side(
        source, "Egress", "egress", "to", target
    )
    return egress_ok and side(target, "Ingress", "ingress", "from", source)


@pytest.fixture(scope="module")
def dev() -> tuple[list[dict[str, Any]], str]:
    """The dev overlay's policies (its backing services are pods, so every path can be evaluated)."""
    rendered = render("dev")
    [namespace] = find(rendered, "Namespace")
    return find(rendered, "NetworkPolicy"), namespace["metadata"]["name"]


class TestNetworkPolicies:
    def _pod(
        self, rendered_namespace: str, name: str, component: str = "server"
    ) -> tuple[str, dict[str, str]]:
        return rendered_namespace, {
            "app.kubernetes.io/name": name,
            "app.kubernetes.io/component": component,
            "app.kubernetes.io/part-of": "imis",
        }

    def _database(self, rendered_namespace: str, service: str) -> tuple[str, dict[str, str]]:
        return rendered_namespace, {"app.kubernetes.io/name": f"{service}-postgres", "imis.database": service}

    def _broker(self, rendered_namespace: str) -> tuple[str, dict[str, str]]:
        return self._pod(rendered_namespace, "nats", "broker")

    def test_the_selector_evaluation_reads_match_expressions(self) -> None:
        selector = {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]}
        assert _selects(selector, {"tier": "a"}) and not _selects(selector, {"tier": "c"})
        assert not _selects(selector, {})
        absent = {"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}
        assert _selects(absent, {}) and not _selects(absent, {"tier": "a"})

    def test_default_deny(self, dev: tuple[list[dict[str, Any]], str]) -> None:
        policies, _namespace = dev
        deny = next(p for p in policies if p["metadata"]["name"] == "default-deny")
        assert deny["spec"]["podSelector"] == {} and set(deny["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]

    def test_the_allowed_paths(self, dev: tuple[list[dict[str, Any]], str]) -> None:
        policies, ns = dev
        controller = ("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
        gateway = self._pod(ns, "gateway")
        assert allowed(policies, controller, gateway, 8000)
        for name in ("jobs", "diaspora", "info"):
            assert allowed(policies, gateway, self._pod(ns, name), PORTS[name])  # gateway → service
            assert allowed(policies, self._pod(ns, name), gateway, 8000)  # service → the gateway's JWKS
        for name in SERVICES:
            assert allowed(policies, self._pod(ns, name), self._database(ns, name), 5432)
            assert allowed(policies, self._pod(ns, name, "migrate"), self._database(ns, name), 5432)
            assert allowed(policies, ("monitoring", {"app": "prometheus"}), self._pod(ns, name), PORTS[name])
        assert allowed(policies, gateway, (ns, {"app.kubernetes.io/name": "redis"}), 6379)

    def test_everything_else_is_refused(self, dev: tuple[list[dict[str, Any]], str]) -> None:
        policies, ns = dev
        controller = ("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
        for name in ("jobs", "diaspora", "info"):
            assert not allowed(
                policies, controller, self._pod(ns, name), PORTS[name]
            )  # only the gateway is public
            assert not allowed(policies, self._pod(ns, name), (ns, {"app.kubernetes.io/name": "redis"}), 6379)
        for name in SERVICES:
            for other in SERVICES:
                if other != name:  # each service reaches its own database only
                    assert not allowed(policies, self._pod(ns, name), self._database(ns, other), 5432)
        assert not allowed(policies, self._pod(ns, "jobs"), self._pod(ns, "diaspora"), 8002)
        assert not allowed(policies, self._pod(ns, "gateway"), self._pod(ns, "jobs"), 5432)
        assert not allowed(policies, ("other", {"app": "x"}), self._pod(ns, "gateway"), 8000)

    def test_the_services_in_events_and_their_workers_reach_the_broker(
        self, dev: tuple[list[dict[str, Any]], str]
    ) -> None:
        policies, ns = dev
        for name in EVENT_SERVICES:
            for component in ("server", "worker"):
                assert allowed(policies, self._pod(ns, name, component), self._broker(ns), BROKER_PORT)
            assert allowed(policies, self._pod(ns, name, "worker"), self._database(ns, name), 5432)

    def test_nothing_else_reaches_the_broker_or_a_worker(self, dev: tuple[list[dict[str, Any]], str]) -> None:
        policies, ns = dev
        broker = self._broker(ns)
        refused = [
            self._pod(ns, "info"),
            *(self._pod(ns, name, "migrate") for name in SERVICES),
            self._database(ns, "jobs"),
            (ns, {"app.kubernetes.io/name": "redis"}),
            ("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"}),
            ("monitoring", {"app": "prometheus"}),
            ("other", {"app.kubernetes.io/name": "jobs", "app.kubernetes.io/component": "worker"}),
        ]
        # The broker's own policy refuses them, whatever the egress policies of their namespace say.
        ingress_only = [p for p in policies if p["spec"]["policyTypes"] == ["Ingress"]]
        for source in refused:
            assert not allowed(policies, source, broker, BROKER_PORT), source
            assert not allowed(ingress_only, source, broker, BROKER_PORT), source
        assert not allowed(policies, self._pod(ns, "jobs", "worker"), broker, 8222)  # its monitoring port
        for name in EVENT_SERVICES:
            worker = self._pod(ns, name, "worker")
            assert not allowed(policies, self._pod(ns, "gateway"), worker, PORTS[name])
            assert not allowed(policies, ("monitoring", {"app": "prometheus"}), worker, PORTS[name])
            assert not allowed(policies, worker, (ns, {"app.kubernetes.io/name": "redis"}), 6379)
            assert not allowed(policies, worker, self._pod(ns, "gateway"), 8000)
            for other in SERVICES:
                if other != name:
                    assert not allowed(policies, worker, self._database(ns, other), 5432)
