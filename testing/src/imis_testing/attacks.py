"""Support of the attack suite (docs/security.md): forged tokens and what the published document says.

The suite keeps the defences an attack run found holding: every forged token is refused, every
string query parameter of the published document survives injection, every request body refuses
unknown fields. Parameters and bodies come from docs/openapi.json, so new operations are covered
without touching the suite.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from fastapi import FastAPI

from imis_shared.auth import ACCESS_TOKEN_TYPE
from imis_testing import serve_in_thread

PUBLISHED_DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"
PrivateKey = Ed25519PrivateKey | RSAPrivateKey


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


@dataclass(frozen=True)
class Forger:
    """Makes tokens as the holder of the trusted ``private_key`` (published as ``kid``) would,
    and every forgery of them an attacker might try."""

    private_key: PrivateKey
    kid: str
    issuer: str
    audience: str

    @property
    def algorithm(self) -> str:
        return "EdDSA" if isinstance(self.private_key, Ed25519PrivateKey) else "RS256"

    def claims(
        self, subject: str = "attacker", roles: tuple[str, ...] = ("admin",), **changes: Any
    ) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": subject,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
            "roles": list(roles),
        }
        claims.update(changes)
        return claims

    def sign(self, claims: dict[str, Any], key: PrivateKey | None = None, **header: Any) -> str:
        key = key or self.private_key
        algorithm = "EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256"
        headers = {"kid": self.kid, "typ": ACCESS_TOKEN_TYPE, **header}
        return jwt.encode(claims, key, algorithm=algorithm, headers=headers)

    def valid(self, **changes: Any) -> str:
        """A genuine token: what each forgery is a variation of (the control case)."""
        return self.sign(self.claims(**changes))

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def public_jwk_json(self) -> str:
        if isinstance(self.private_key, Ed25519PrivateKey):
            return str(jwt.algorithms.OKPAlgorithm.to_jwk(self.private_key.public_key()))
        return str(jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key()))

    def unsigned(self, header: dict[str, Any], claims: dict[str, Any]) -> str:
        return f"{_segment(header)}.{_segment(claims)}."

    def hmac_signed(self, secret: bytes, claims: dict[str, Any]) -> str:
        """HS256 over our claims with ``secret`` (e.g. the public key): algorithm confusion."""
        signing_input = (
            f"{_segment({'alg': 'HS256', 'kid': self.kid, 'typ': ACCESS_TOKEN_TYPE})}.{_segment(claims)}"
        )
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(signature)}"

    def tampered(self, **changes: Any) -> str:
        """A genuine token whose payload was rewritten after signing (the signature kept)."""
        header, _, signature = self.valid(roles=("job_seeker",)).split(".")
        return f"{header}.{_segment(self.claims(**changes))}.{signature}"

    @staticmethod
    def rewrite_payload(payload: str, **changes: Any) -> str:
        """The base64url ``payload`` segment of a real token with ``changes`` written into it."""
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return _segment({**claims, **changes})

    def forgeries(self, key_url: str) -> Iterator[tuple[str, str]]:
        """(name, token) of every forgery the platform must refuse; ``key_url`` is where a
        ``jku``/``x5u`` header points (it must never be fetched)."""
        claims = self.claims()
        attacker = Ed25519PrivateKey.generate()
        attacker_jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(attacker.public_key()))
        yield "alg none", self.unsigned({"alg": "none", "kid": self.kid, "typ": ACCESS_TOKEN_TYPE}, claims)
        yield "alg None", self.unsigned({"alg": "None", "kid": self.kid, "typ": ACCESS_TOKEN_TYPE}, claims)
        none_header = _segment({"alg": "none", "kid": self.kid, "typ": ACCESS_TOKEN_TYPE})
        _, payload, signature = self.valid().split(".")
        yield "alg none, signature kept", f"{none_header}.{payload}.{signature}"
        public_jwk = json.loads(self.public_jwk_json())
        yield "HS256 with the public key (PEM)", self.hmac_signed(self.public_pem(), claims)
        yield "HS256 with the public key (JWK)", self.hmac_signed(self.public_jwk_json().encode(), claims)
        yield (
            "HS256 with the public key (JWK x or n)",
            self.hmac_signed(str(public_jwk.get("x") or public_jwk.get("n")).encode(), claims),
        )
        yield "foreign kid", self.sign(claims, key=attacker, kid="attacker-key")
        yield (
            "no kid",
            jwt.encode(claims, self.private_key, algorithm=self.algorithm, headers={"typ": "at+jwt"}),
        )
        yield "jku elsewhere", self.sign(claims, key=attacker, kid="attacker-key", jku=f"{key_url}/jwks.json")
        yield "x5u elsewhere", self.sign(claims, key=attacker, kid="attacker-key", x5u=f"{key_url}/cert.pem")
        yield "embedded jwk", self.sign(claims, key=attacker, jwk={**attacker_jwk, "kid": self.kid})
        yield "jku with our kid", self.sign(claims, key=attacker, jku=f"{key_url}/jwks.json")
        yield "right kid, another key", self.sign(claims, key=attacker)
        yield "wrong iss", self.sign(self.claims(iss="https://attacker.example"))
        yield "wrong aud", self.sign(self.claims(aud="another-audience"))
        yield "no aud", self.sign({k: v for k, v in claims.items() if k != "aud"})
        yield "typ JWT", self.sign(claims, typ="JWT")
        yield (
            "no typ",
            jwt.encode(claims, self.private_key, algorithm=self.algorithm, headers={"kid": self.kid}),
        )
        yield "typ of an ID token", self.sign(claims, typ="id+jwt")
        yield "expired", self.sign(self.claims(iat=int(time.time()) - 3600, exp=int(time.time()) - 600))
        yield "nbf in the future", self.sign(self.claims(nbf=int(time.time()) + 3600))
        yield "no exp", self.sign({k: v for k, v in claims.items() if k != "exp"})
        yield "tampered payload", self.tampered()
        yield "not a JWT", "not-a-jwt"
        yield "opaque refresh-token-like string", _b64(uuid.uuid4().bytes * 2)


# The published document


@cache
def published_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(PUBLISHED_DOCUMENT.read_text())
    return document


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a local ``$ref`` followed."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {
            **published_document()["components"]["schemas"][name],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    return schema


def string_schema(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The string branch of a parameter's schema (through ``$ref`` and ``anyOf``), if it takes one."""
    schema = resolve(schema)
    if schema.get("type") == "string":
        return schema
    for branch in schema.get("anyOf", []):
        found = string_schema(branch)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class StringParameter:
    method: str
    path: str
    name: str
    schema: dict[str, Any]
    required: dict[str, Any]  # a sample of every other required parameter of the operation

    @property
    def free_text(self) -> bool:
        """Whether any text (up to ``maxLength``) is in the schema: no pattern, enum or format."""
        return not {"pattern", "enum", "format", "const"} & self.schema.keys()

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path} ?{self.name}"


def string_query_parameters(prefix: str) -> list[StringParameter]:
    """Every string query parameter of the GET operations under ``prefix`` without path parameters."""
    found = []
    for path, operations in published_document()["paths"].items():
        if not path.startswith(prefix) or "{" in path:
            continue
        operation = operations.get("get")
        if operation is None:
            continue
        parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        samples = {
            p["name"]: sample(resolve(p["schema"]), index)
            for index, p in enumerate(parameters)
            if p.get("required")
        }
        for parameter in parameters:
            schema = string_schema(parameter.get("schema", {}))
            if schema is not None:
                others = {name: value for name, value in samples.items() if name != parameter["name"]}
                found.append(StringParameter("get", path, parameter["name"], schema, others))
    return found


def sample(schema: dict[str, Any], index: int = 0) -> Any:
    """A valid value of a required parameter: from its examples, enum, bounds, or a plain word."""
    schema = resolve(schema)
    if schema.get("type") == "array":
        return [sample(schema["items"], index)]
    if "examples" in schema:
        return schema["examples"][index % len(schema["examples"])]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") in {"number", "integer"}:
        return schema.get("minimum", 0)
    return "a"


def request_body_schemas() -> dict[str, dict[str, Any]]:
    """``METHOD path`` → the JSON request body schema of every operation taking one."""
    found = {}
    for path, operations in published_document()["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media_type, body in content.items():
                if "json" in media_type:
                    found[f"{method.upper()} {path}"] = body["schema"]
    return found


INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE employer; --",
    '" OR ""="',
    "1) OR (1=1",
    "\\",
    "\\%",
    "%' --",
    "%%",
    "_",
    "%_%",
    "[a-z]*",
    "*",
    ".*",
    "$ne",
    "{}",
    "admin' /*",
    "UNION SELECT NULL--",
    "\u202eevil",  # right-to-left override
    "\u0000",
    "a\u0000b",
    "e\u0301",  # a combining accent
    "\ufeff",  # a byte-order mark
    "\U0001f600",  # outside the basic plane
    "\ud7ff\ue000",
    "ǅ İ ß ﬁ",  # case folding that changes length
    "\r\nX-Injected: 1",
    "<script>alert(1)</script>",
)


@contextmanager
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server that records every path asked of it: where forged ``jku``/``x5u``
    headers point, to show they are never fetched."""
    hits: list[str] = []
    app = FastAPI()

    @app.get("/{path:path}")
    async def anything(path: str) -> dict[str, list[object]]:
        hits.append(path)
        return {"keys": []}

    with serve_in_thread(app) as url:
        yield url, hits


def assert_refused(response: httpx.Response, name: str) -> None:
    """401 problem+json: how every forged token is answered."""
    assert response.status_code == 401, f"{name}: {response.status_code} {response.text}"
    assert response.headers["content-type"] == "application/problem+json", name
    assert response.json()["status"] == 401, name


async def assert_forgeries_refused(
    client: httpx.AsyncClient, forger: Forger, path: str, key_url: str
) -> None:
    """Every forgery of ``forger``'s tokens is refused at ``path``, which takes the genuine one."""
    genuine = await client.get(path, headers={"Authorization": f"Bearer {forger.valid()}"})
    assert genuine.status_code == 200, genuine.text
    for name, token in forger.forgeries(key_url):
        assert_refused(await client.get(path, headers={"Authorization": f"Bearer {token}"}), name)


IDENTITY_HEADERS = {
    "X-User": "admin",
    "X-User-Id": "00000000-0000-0000-0000-000000000001",
    "X-Principal": "admin",
    "X-Roles": "admin,officer",
    "X-Scopes": "jobs:read jobs:write diaspora:read info:write",
    "X-Authenticated-User": "admin@imis.example",
    "X-Remote-User": "admin",
    "X-Client-Id": "ministry",
    "X-Forwarded-User": "admin",
    "X-Forwarded-For": "127.0.0.1",
    "X-Real-IP": "127.0.0.1",
}


class ServiceAttacks:
    """The token and header attacks on one service, called directly (as if past the gateway):
    services verify tokens themselves and read no identity from any other header."""

    def __init__(self, client: httpx.AsyncClient, forger: Forger, service: str) -> None:
        self.client = client
        self.forger = forger
        self.whoami = f"/api/v1/{service}/whoami"

    async def forged_tokens_are_refused(self, public_path: str) -> None:
        """At the identity route 401; at a public route 401 or the anonymous answer (a route that
        reads no caller may ignore the header; the gateway refuses the token before it)."""
        with recording_server() as (url, hits):
            await assert_forgeries_refused(self.client, self.forger, self.whoami, url)
            anonymous = await self.client.get(public_path)
            assert anonymous.status_code == 200
            for name, token in self.forger.forgeries(url):
                response = await self.client.get(public_path, headers={"Authorization": f"Bearer {token}"})
                if response.status_code != 401:
                    assert (response.status_code, response.json()) == (200, anonymous.json()), name
        assert hits == []

    async def identity_headers_gain_nothing(self, staff_path: str, seeker: dict[str, str]) -> None:
        anonymous = await self.client.get(self.whoami, headers=IDENTITY_HEADERS)
        assert_refused(anonymous, "identity headers without a token")
        assert_refused(await self.client.get(staff_path, headers=IDENTITY_HEADERS), staff_path)
        me = await self.client.get(self.whoami, headers={**seeker, **IDENTITY_HEADERS})
        assert me.status_code == 200
        assert me.json()["roles"] == ["job_seeker"] and me.json()["scopes"] == []
        assert (await self.client.get(staff_path, headers={**seeker, **IDENTITY_HEADERS})).status_code == 403

    async def a_second_authorization_header_is_not_read(self, seeker: dict[str, str]) -> None:
        admin = f"Bearer {self.forger.valid(roles=('admin',))}"
        forged = f"Bearer {self.forger.tampered(roles=['admin'])}"
        both = [("Authorization", seeker["Authorization"]), ("Authorization", admin)]
        assert (await self.client.get(self.whoami, headers=both)).json()["roles"] == ["job_seeker"]
        forged_first = [("Authorization", forged), ("Authorization", seeker["Authorization"])]
        assert_refused(await self.client.get(self.whoami, headers=forged_first), "forged first header")


def in_schema(value: str, schema: dict[str, Any]) -> bool:
    """Whether ``value`` is what a string ``schema`` admits (length, pattern, enum, format)."""
    if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        return False
    if schema.get("format") == "uuid":
        try:
            uuid.UUID(value)
        except ValueError:
            return False
    if schema.get("format") in {"date-time", "date"}:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
    return True


def attack_values(schema: dict[str, Any]) -> list[str]:
    """What is sent in each string parameter: the injections plus lengths at and past the limit."""
    values = list(INJECTIONS)
    limit = schema.get("maxLength")
    if limit is not None:
        values += ["a" * limit, "%" * limit, "a" * (limit + 1), "é" * (limit + 1)]
    else:
        values += ["a" * 5000]
    return values


async def assert_parameters_survive_injection(
    client: httpx.AsyncClient, prefix: str, headers: dict[str, str]
) -> int:
    """Sends every attack value in every string query parameter under ``prefix``: never a 500;
    a value outside the parameter's schema is 422 naming it; one inside answers as a harmless
    value does, or is refused by a rule of the operation with 422 naming the parameter. Returns
    how many requests were sent (the caller checks it covered something)."""
    sent = 0
    for parameter in string_query_parameters(prefix):
        harmless = {parameter.name: "a"} if in_schema("a", parameter.schema) else {}
        baseline = await client.get(
            parameter.path, params={**parameter.required, **harmless}, headers=headers
        )
        assert baseline.status_code < 500, f"{parameter}: {baseline.text}"
        for value in attack_values(parameter.schema):
            params = {**parameter.required, parameter.name: value}
            response = await client.get(parameter.path, params=params, headers=headers)
            sent += 1
            shown = f"{parameter} = {value[:40]!r}: {response.status_code} {response.text[:300]}"
            assert response.status_code < 500, shown
            if not in_schema(value, parameter.schema) or response.status_code == 422:
                # Outside the schema, or a rule of the operation (e.g. "no words to search for"):
                # either way a problem naming the parameter.
                assert response.status_code == 422, shown
                fields = {(error["location"], error["field"]) for error in response.json()["errors"]}
                assert ("query", parameter.name) in fields, shown
            else:
                assert response.status_code == baseline.status_code, shown
    return sent


def open_objects(schema: dict[str, Any], where: str, seen: set[str] | None = None) -> Iterator[str]:
    """Where in a body schema an object with named properties would take unknown ones."""
    seen = set() if seen is None else seen
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen.add(name)
        where = name
    schema = resolve(schema)
    if "properties" in schema and schema.get("additionalProperties") is not False:
        yield where
    for name, member in schema.get("properties", {}).items():
        yield from open_objects(member, f"{where}.{name}", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from open_objects(branch, where, seen)
    if isinstance(schema.get("items"), dict):
        yield from open_objects(schema["items"], f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from open_objects(schema["additionalProperties"], f"{where}{{}}", seen)


MASS_ASSIGNMENT = {
    "id": "00000000-0000-0000-0000-000000000001",
    "status": "verified",
    "owner": "attacker",
    "owner_id": "attacker",
    "user_id": "attacker",
    "roles": ["admin"],
    "verified_name": "Ministry of Labour",
    "quota_used": 0,
    "created_at": "2020-01-01T00:00:00Z",
    "version": 99,
}


async def assert_extra_fields_refused(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
) -> None:
    """``body`` with fields it does not have is refused with 422 naming each of them."""
    extras = {name: value for name, value in MASS_ASSIGNMENT.items() if name not in body}
    response = await client.request(method, path, json={**body, **extras}, headers=headers)
    assert response.status_code == 422, f"{method} {path}: {response.status_code} {response.text}"
    named = {error["field"] for error in response.json()["errors"] if error["type"] == "extra_forbidden"}
    assert named == set(extras), f"{method} {path}: {response.text}"
