"""deploy/k8s: the overlays rendered by kustomize and every manifest validated offline.

Rendering uses ``kubectl kustomize`` (kubectl's built-in kustomize, offline); where no kubectl
is installed these tests skip, saying so — on this project's machines and CI it is present.
Validation uses the Kubernetes OpenAPI schemas shipped in the kubernetes-validate package,
strictly (unknown fields are errors). The NetworkPolicies are then evaluated: which pod may
open a connection to which other pod on which port.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import kubernetes_validate
import pytest
import yaml
from deploy_files import PORTS, ROOT, SETTINGS

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


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> str:
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
        for manifest in (one(manifests, "Deployment", service), one(manifests, "Job", f"{service}-migrate")):
            pod = manifest["spec"]["template"]["spec"]
            assert pod["automountServiceAccountToken"] is False
            assert (
                pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] >= 1000
            )
            [container] = pod["containers"]
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False and security["capabilities"]["drop"] == [
                "ALL"
            ]
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
    return all(labels.get(key) == value for key, value in match.items())


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
