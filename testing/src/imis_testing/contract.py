"""Behaviour every IMIS service must show, as a test class to subclass.

A service's suite declares ``class TestContract(ServiceContract): service = "jobs"``
and pytest runs these tests against that service's ``client`` fixture (see
:func:`imis_testing.service_fixtures`).
"""

from __future__ import annotations

import base64
import json
import re

import httpx

from imis_testing import SigningKey
from imis_testing.operation_ids import operation_id_problems

ALLOW_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Any path parameter routes with it: the UUID of a `{member_id:uuid}` as well as a country code.
PATH_VALUE = "4f1c2a9e-4e0a-4c3e-9d62-0d5b8f2c7a11"


def path_methods(path: str, item: dict[str, object]) -> tuple[str, str, str]:
    """For a documented path: a concrete path, the ``Allow`` it must answer (its documented
    methods and OPTIONS) and one method it does not have."""
    documented = {method.upper() for method in item} | {"OPTIONS"}
    allow = ", ".join(method for method in ALLOW_ORDER if method in documented)
    missing = next(method for method in ("PUT", "PATCH", "DELETE", "POST") if method not in documented)
    return re.sub(r"\{[^}]+\}", PATH_VALUE, path), allow, missing


def allow_disagreements(path: str, allow: str, options: httpx.Response, refused: httpx.Response) -> list[str]:
    """What is wrong with the answers to OPTIONS (204 with ``allow``) and to a method the path
    lacks (a 405 problem with ``allow``)."""
    wrong = []
    if options.status_code != 204 or options.headers.get("allow") != allow:
        wrong.append(f"OPTIONS {path}: {options.status_code} {options.headers.get('allow')}")
    if (
        refused.status_code != 405
        or refused.headers.get("allow") != allow
        or refused.headers.get("content-type") != "application/problem+json"
    ):
        method = refused.request.method
        wrong.append(f"{method} {path}: {refused.status_code} {refused.headers.get('allow')}")
    return wrong


class ServiceContract:
    service: str = ""

    @property
    def whoami(self) -> str:
        return f"/api/v1/{self.service}/whoami"

    async def test_health_is_public(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": self.service}

    async def test_ready_reports_database_and_migrations(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/ready")
        assert response.status_code == 200
        assert response.json()["checks"] == {"database": "ok", "migrations": "ok"}

    async def test_whoami_returns_the_verified_user(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("user-1", roles=["officer"])
        response = await client.get(self.whoami, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        assert response.json() == {
            "kind": "user",
            "subject": "user-1",
            "roles": ["officer"],
            "scopes": [],
            "service": self.service,
        }

    async def test_whoami_returns_a_machine_clients_scopes(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("imis-abc", scope=f"{self.service}:read", client_id="imis-abc")
        body = (await client.get(self.whoami, headers={"Authorization": f"Bearer {token}"})).json()
        assert body["kind"] == "client"
        assert body["scopes"] == [f"{self.service}:read"]

    async def test_whoami_refuses_a_missing_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get(self.whoami)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_whoami_refuses_a_token_signed_by_another_key(self, client: httpx.AsyncClient) -> None:
        forged = SigningKey().token("user-1", roles=["admin"])
        response = await client.get(self.whoami, headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401
        assert response.json()["type"] == "urn:imis:problem:invalid-token"

    async def test_whoami_refuses_an_expired_token(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        expired = signing_key.token("user-1", lifetime=-120)
        response = await client.get(self.whoami, headers={"Authorization": f"Bearer {expired}"})
        assert response.status_code == 401
        assert response.json()["detail"] == "The token has expired."

    async def test_whoami_refuses_a_token_for_another_audience(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("user-1", audience="another-system")
        response = await client.get(self.whoami, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["detail"] == "The token is meant for another audience."

    async def test_whoami_refuses_an_unsigned_token(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        header, payload, _signature = signing_key.token("user-1", roles=["admin"]).split(".")
        unsigned_header = base64.urlsafe_b64encode(
            json.dumps({"alg": "none", "typ": "at+jwt", "kid": signing_key.kid}).encode()
        ).rstrip(b"=")
        for token in (f"{unsigned_header.decode()}.{payload}.", f"{header}.{payload}."):
            response = await client.get(self.whoami, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 401, token

    async def test_refuses_the_token_of_a_user_who_must_change_their_password(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("user-1", roles=["admin"], password_change_required=True)
        response = await client.get(self.whoami, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 403
        assert response.json()["type"] == "urn:imis:problem:password-change-required"

    async def test_unknown_route_is_a_problem(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"/api/v1/{self.service}/nothing-here")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404

    async def test_wrong_method_is_a_problem(self, client: httpx.AsyncClient) -> None:
        response = await client.delete(self.whoami)
        assert response.status_code == 405
        assert response.json()["title"] == "Method Not Allowed"
        assert response.headers["allow"] == "GET, OPTIONS"

    async def test_every_path_names_all_its_methods_in_allow(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        wrong: list[str] = []
        for path, item in document["paths"].items():
            concrete, allow, missing = path_methods(path, item)
            options = await client.options(concrete)
            refused = await client.request(missing, concrete)
            wrong += allow_disagreements(path, allow, options, refused)
        assert wrong == [], f"expected Allow to list the documented methods: {wrong}"

    async def test_every_operation_says_who_may_call_it(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        silent = [
            f"{method.upper()} {path}"
            for path, item in document["paths"].items()
            for method, operation in item.items()
            if not operation.get("description", "").strip()
        ]
        assert silent == []

    async def test_openapi_has_unique_operation_ids(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
        assert len(ids) == len(set(ids))
        assert f"get_{self.service}_identity" in ids
        assert operation_id_problems(document) == []
