"""Access tokens: verification (RFC 8725 / RFC 9068), key sources, principals and role/scope checks."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel

from imis_shared.app import api_router, build_token_verifier
from imis_shared.auth import (
    ANONYMOUS,
    CurrentPrincipal,
    OptionalPrincipal,
    Principal,
    PrincipalKind,
    RemoteJWKS,
    Role,
    StaticKeys,
    TokenVerifier,
    audience,
    bearer_token,
    client_audience,
    get_principal,
    parse_jwks,
    principal_from_claims,
    require_roles,
    require_scopes,
)
from imis_shared.errors import Forbidden, InvalidToken, NotFound, Unauthorized
from imis_shared.settings import ServiceSettings
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, SigningKey, app_client

AppFactory = Callable[..., FastAPI]
JWKS_URL = "http://gateway.test/.well-known/jwks.json"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: object) -> str:
    return b64url(json.dumps(value).encode())


def valid_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": "user-1",
        "iss": TEST_ISSUER,
        "aud": TEST_AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": "jti-1",
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def hs256_token(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{segment(header)}.{segment(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def verifier_for(*keys: SigningKey, leeway: int = 30) -> TokenVerifier:
    jwks = parse_jwks({"keys": [key.public_jwk() for key in keys]})
    return TokenVerifier(StaticKeys(jwks), issuer=TEST_ISSUER, audience=TEST_AUDIENCE, leeway=leeway)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def verifier(signing_key: SigningKey) -> TokenVerifier:
    return verifier_for(signing_key)


async def refused(verifier: TokenVerifier, token: str) -> str:
    """Verify ``token`` expecting InvalidToken; returns the error's detail."""
    with pytest.raises(InvalidToken) as caught:
        await verifier.verify(token)
    assert caught.value.status == 401
    return str(caught.value.detail)


class TestTokenVerifier:
    async def test_a_valid_user_token_gives_the_users_principal(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("user-7", roles=["officer", "editor"], jti="abc")
        principal = await verifier.verify(token)
        assert principal.kind is PrincipalKind.USER
        assert principal.subject == "user-7"
        assert principal.roles == frozenset({"officer", "editor"})
        assert principal.scopes == frozenset()
        assert principal.token_id == "abc"
        assert principal.expires_at == jwt.decode(token, options={"verify_signature": False})["exp"]
        assert principal.is_authenticated

    async def test_a_valid_client_token_gives_a_client_with_scopes(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("imis-abc", scope="jobs:read jobs:write", client_id="imis-abc")
        principal = await verifier.verify(token)
        assert principal.kind is PrincipalKind.CLIENT
        assert principal.scopes == frozenset({"jobs:read", "jobs:write"})
        assert principal.roles == frozenset()

    async def test_accepts_any_key_of_the_set(self, signing_key: SigningKey) -> None:
        other = SigningKey()
        verifier = verifier_for(signing_key, other)
        assert (await verifier.verify(other.token("u-2"))).subject == "u-2"

    async def test_accepts_an_rs256_token_from_an_rsa_key(self, rsa_key: rsa.RSAPrivateKey) -> None:
        private = rsa_key
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
        verifier = TokenVerifier(
            StaticKeys(parse_jwks({"keys": [{**jwk, "kid": "rsa-1"}]})),
            issuer=TEST_ISSUER,
            audience=TEST_AUDIENCE,
        )
        token = jwt.encode(
            valid_claims(), private, algorithm="RS256", headers={"kid": "rsa-1", "typ": "at+jwt"}
        )
        assert (await verifier.verify(token)).subject == "user-1"

    async def test_refuses_an_expired_token(self, verifier: TokenVerifier, signing_key: SigningKey) -> None:
        assert await refused(verifier, signing_key.token(lifetime=-120)) == "The token has expired."

    async def test_accepts_a_token_expired_within_the_leeway(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        assert (await verifier.verify(signing_key.token(lifetime=-10))).subject == "user-1"

    async def test_refuses_a_token_expired_just_past_a_zero_leeway(self, signing_key: SigningKey) -> None:
        assert await refused(verifier_for(signing_key, leeway=0), signing_key.token(lifetime=-2)) == (
            "The token has expired."
        )

    async def test_refuses_a_token_not_valid_yet(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = signing_key.token(nbf=int(time.time()) + 120)
        assert await refused(verifier, token) == "The token is not valid yet."

    async def test_refuses_a_token_issued_in_the_future(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = signing_key.token(iat=int(time.time()) + 120)
        assert await refused(verifier, token) == "The token is not valid yet."

    async def test_accepts_a_not_before_within_the_leeway(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = signing_key.token(nbf=int(time.time()) + 10)
        assert (await verifier.verify(token)).subject == "user-1"

    async def test_refuses_another_audience(self, verifier: TokenVerifier, signing_key: SigningKey) -> None:
        token = signing_key.token(audience="another-api")
        assert await refused(verifier, token) == "The token is meant for another audience."

    async def test_refuses_another_issuer(self, verifier: TokenVerifier, signing_key: SigningKey) -> None:
        token = signing_key.token(issuer="http://evil.test")
        assert await refused(verifier, token) == "The token comes from an unknown issuer."

    async def test_refuses_a_signature_by_another_key_with_the_same_kid(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        impostor = SigningKey(kid=signing_key.kid)
        token = impostor.token(roles=["admin"])
        assert await refused(verifier, token) == "The token's signature or claims are invalid."

    async def test_refuses_a_tampered_payload(self, verifier: TokenVerifier, signing_key: SigningKey) -> None:
        header, _payload, signature = signing_key.token(roles=["job_seeker"]).split(".")
        forged_payload = segment(valid_claims(roles=["admin"]))
        assert await refused(verifier, f"{header}.{forged_payload}.{signature}") == (
            "The token's signature or claims are invalid."
        )

    async def test_refuses_an_unknown_kid(self, verifier: TokenVerifier) -> None:
        token = SigningKey().token()
        assert await refused(verifier, token) == "The token was signed with an unknown key."

    @pytest.mark.parametrize("alg", ["none", "None", "NONE"])
    async def test_refuses_alg_none(self, verifier: TokenVerifier, signing_key: SigningKey, alg: str) -> None:
        header = {"alg": alg, "typ": "at+jwt", "kid": signing_key.kid}
        token = f"{segment(header)}.{segment(valid_claims(roles=['admin']))}."
        assert await refused(verifier, token) == "The token's signing algorithm is not accepted."

    async def test_refuses_alg_none_with_a_fake_signature(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        header = {"alg": "none", "typ": "at+jwt", "kid": signing_key.kid}
        token = f"{segment(header)}.{segment(valid_claims())}.{b64url(b'x' * 64)}"
        await refused(verifier, token)

    @pytest.mark.parametrize("secret_form", ["raw", "pem", "jwk-x"])
    async def test_refuses_hs256_signed_with_the_public_key(
        self, verifier: TokenVerifier, signing_key: SigningKey, secret_form: str
    ) -> None:
        public = signing_key.private_key.public_key()
        secrets = {
            "raw": public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
            "pem": public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
            "jwk-x": signing_key.public_jwk()["x"].encode(),
        }
        header = {"alg": "HS256", "typ": "at+jwt", "kid": signing_key.kid}
        token = hs256_token(header, valid_claims(roles=["admin"]), secrets[secret_form])
        assert await refused(verifier, token) == "The token's signing algorithm is not accepted."

    async def test_refuses_an_allowed_algorithm_that_is_not_the_keys(
        self, verifier: TokenVerifier, signing_key: SigningKey, rsa_key: rsa.RSAPrivateKey
    ) -> None:
        token = jwt.encode(
            valid_claims(), rsa_key, algorithm="RS256", headers={"kid": signing_key.kid, "typ": "at+jwt"}
        )
        assert await refused(verifier, token) == "The token's signature or claims are invalid."

    async def test_refuses_a_token_without_typ(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = jwt.encode(
            valid_claims(), signing_key.private_key, algorithm="EdDSA", headers={"kid": signing_key.kid}
        )
        header = jwt.get_unverified_header(token)
        assert header.get("typ") in {None, "JWT"}
        assert await refused(verifier, token) == "The token is not an access token."

    @pytest.mark.parametrize("typ", ["JWT", "id_token+jwt", "refresh+jwt", "", 1])
    async def test_refuses_a_typ_other_than_at_jwt(
        self, verifier: TokenVerifier, signing_key: SigningKey, typ: object
    ) -> None:
        token = signing_key.token(headers={"typ": typ})
        assert await refused(verifier, token) == "The token is not an access token."

    async def test_refuses_a_token_without_kid(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        token = jwt.encode(
            valid_claims(), signing_key.private_key, algorithm="EdDSA", headers={"typ": "at+jwt"}
        )
        assert await refused(verifier, token) == "The token names no key."

    async def test_refuses_an_empty_kid(self, verifier: TokenVerifier, signing_key: SigningKey) -> None:
        token = signing_key.token(headers={"kid": ""})
        assert await refused(verifier, token) == "The token names no key."

    async def test_refuses_a_kid_that_is_not_a_string(
        self, verifier: TokenVerifier, signing_key: SigningKey
    ) -> None:
        header = {"alg": "EdDSA", "typ": "at+jwt", "kid": ["a", "b"]}
        await refused(verifier, f"{segment(header)}.{segment(valid_claims())}.{b64url(b'sig')}")

    @pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub", "jti"])
    async def test_refuses_a_token_missing_a_required_claim(
        self, verifier: TokenVerifier, signing_key: SigningKey, claim: str
    ) -> None:
        claims = valid_claims(**{claim: None})
        token = jwt.encode(
            claims,
            signing_key.private_key,
            algorithm="EdDSA",
            headers={"kid": signing_key.kid, "typ": "at+jwt"},
        )
        await refused(verifier, token)

    @pytest.mark.parametrize(
        "token", ["", "not-a-jwt", "a.b.c", "a.b", "....", "eyJhbGciOiJFZERTQSJ9.e30", "Bearer x.y.z"]
    )
    async def test_refuses_a_malformed_token(self, verifier: TokenVerifier, token: str) -> None:
        await refused(verifier, token)

    async def test_refuses_a_header_that_is_not_an_object(self, verifier: TokenVerifier) -> None:
        assert await refused(verifier, f"{segment(['at+jwt'])}.{segment(valid_claims())}.c2ln") == (
            "The token is not a well-formed JWT."
        )

    @pytest.mark.parametrize("alg", [["EdDSA"], {"EdDSA": 1}])
    async def test_refuses_an_alg_that_is_not_a_string(
        self, verifier: TokenVerifier, signing_key: SigningKey, alg: object
    ) -> None:
        header = {"alg": alg, "typ": "at+jwt", "kid": signing_key.kid}
        await refused(verifier, f"{segment(header)}.{segment(valid_claims())}.{b64url(b'sig')}")

    async def test_refuses_malformed_roles(self, verifier: TokenVerifier, signing_key: SigningKey) -> None:
        token = jwt.encode(
            valid_claims(roles="admin"),  # a string, not a list
            signing_key.private_key,
            algorithm="EdDSA",
            headers={"kid": signing_key.kid, "typ": "at+jwt"},
        )
        assert await refused(verifier, token) == "The token's roles or scope are malformed."


class TestParseJwks:
    def test_keeps_signing_keys_by_kid_with_the_algorithm_of_their_type(
        self, signing_key: SigningKey
    ) -> None:
        keys = parse_jwks({"keys": [signing_key.public_jwk()]})
        assert list(keys) == [signing_key.kid]
        assert keys[signing_key.kid].algorithm_name == "EdDSA"

    def test_the_algorithm_comes_from_the_key_type_not_its_alg(self, signing_key: SigningKey) -> None:
        keys = parse_jwks({"keys": [{**signing_key.public_jwk(), "alg": "HS256"}]})
        assert keys[signing_key.kid].algorithm_name == "EdDSA"

    def test_ignores_keys_it_must_not_use(self, signing_key: SigningKey) -> None:
        ec_jwk = json.loads(
            jwt.algorithms.ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()).public_key())
        )
        document = {
            "keys": [
                {**signing_key.public_jwk(), "kid": "for-encryption", "use": "enc"},
                {**signing_key.public_jwk(), "kid": None},
                {"kty": "oct", "k": b64url(b"shared-secret"), "kid": "symmetric", "alg": "HS256"},
                {**ec_jwk, "kid": "ec"},
                {"kty": "OKP", "crv": "Ed25519", "kid": "broken"},  # no "x"
                {"kty": "OKP", "crv": "X25519", "x": signing_key.public_jwk()["x"], "kid": "x25519"},
                signing_key.public_jwk(),
            ]
        }
        assert list(parse_jwks(document)) == [signing_key.kid]

    def test_an_empty_document_has_no_keys(self) -> None:
        assert parse_jwks({}) == {}

    async def test_a_symmetric_key_in_the_set_cannot_verify_hs256(self) -> None:
        secret = b"shared-secret-shared-secret-0123"
        keys = parse_jwks({"keys": [{"kty": "oct", "k": b64url(secret), "kid": "sym", "alg": "HS256"}]})
        verifier = TokenVerifier(StaticKeys(keys), issuer=TEST_ISSUER, audience=TEST_AUDIENCE)
        token = hs256_token({"alg": "HS256", "typ": "at+jwt", "kid": "sym"}, valid_claims(), secret)
        await refused(verifier, token)


class TestStaticKeys:
    async def test_reads_a_jwks_file(self, signing_key: SigningKey, tmp_path: Path) -> None:
        other = SigningKey()
        keys = StaticKeys.from_jwks_file(signing_key.write_jwks(tmp_path / "jwks.json", extra=[other]))
        assert (await keys.get_key(other.kid)).algorithm_name == "EdDSA"

    async def test_an_unknown_kid_is_an_invalid_token(self, signing_key: SigningKey, tmp_path: Path) -> None:
        keys = StaticKeys.from_jwks_file(signing_key.write_jwks(tmp_path / "jwks.json"))
        with pytest.raises(InvalidToken, match="unknown key"):
            await keys.get_key("nope")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class JwksServer:
    """The gateway's JWKS endpoint behind an httpx.MockTransport; counts fetches."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys: Sequence[SigningKey] = keys
        self.fetches = 0
        self.status = 200
        self.body: bytes | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert str(request.url) == JWKS_URL
        self.fetches += 1
        if self.body is not None:
            return httpx.Response(
                self.status, content=self.body, headers={"Content-Type": "application/json"}
            )
        return httpx.Response(self.status, json={"keys": [key.public_jwk() for key in self.keys]})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(signing_key: SigningKey) -> JwksServer:
    return JwksServer(signing_key)


@pytest.fixture
async def remote(server: JwksServer, clock: FakeClock) -> AsyncIterator[RemoteJWKS]:
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handle)) as client:
        yield RemoteJWKS(JWKS_URL, client, ttl=300, min_refresh_interval=5, clock=clock)


@pytest.fixture
def remote_verifier(remote: RemoteJWKS) -> TokenVerifier:
    return TokenVerifier(remote, issuer=TEST_ISSUER, audience=TEST_AUDIENCE)


class TestRemoteJWKS:
    async def test_fetches_once_and_caches(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        await remote_verifier.verify(signing_key.token())
        clock.now += 299
        await remote_verifier.verify(signing_key.token())
        assert server.fetches == 1

    async def test_concurrent_first_requests_fetch_once(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey
    ) -> None:
        principals = await asyncio.gather(
            *(remote_verifier.verify(signing_key.token(f"u{i}")) for i in range(10))
        )
        assert {p.subject for p in principals} == {f"u{i}" for i in range(10)}
        assert server.fetches == 1

    async def test_refetches_after_the_ttl(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        await remote_verifier.verify(signing_key.token())
        clock.now += 301
        await remote_verifier.verify(signing_key.token())
        assert server.fetches == 2

    async def test_a_key_removed_from_the_set_is_refused_after_the_ttl(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        await remote_verifier.verify(signing_key.token())
        server.keys = [SigningKey()]
        clock.now += 301
        await refused(remote_verifier, signing_key.token())

    async def test_a_rotated_key_verifies_once_the_set_has_it(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        await remote_verifier.verify(signing_key.token())
        new_key = SigningKey()
        server.keys = [signing_key, new_key]
        clock.now += 5
        assert (await remote_verifier.verify(new_key.token("rotated"))).subject == "rotated"
        assert server.fetches == 2
        assert (await remote_verifier.verify(signing_key.token("old"))).subject == "old"
        assert server.fetches == 2

    async def test_unknown_kids_refetch_at_most_once_per_interval(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        await remote_verifier.verify(signing_key.token())
        for attempt in range(20):
            await refused(remote_verifier, SigningKey(kid=f"garbage-{attempt}").token())
        assert server.fetches == 1
        clock.now += 4.9
        await refused(remote_verifier, SigningKey(kid="garbage-x").token())
        assert server.fetches == 1
        clock.now += 0.1
        for attempt in range(5):
            await refused(remote_verifier, SigningKey(kid=f"garbage-y{attempt}").token())
        assert server.fetches == 2

    async def test_an_unreachable_set_without_cached_keys_is_a_401(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey
    ) -> None:
        server.status = 503
        with pytest.raises(Unauthorized, match="key set is unreachable") as caught:
            await remote_verifier.verify(signing_key.token())
        assert not isinstance(caught.value, InvalidToken)

    async def test_a_set_that_is_not_json_without_cached_keys_is_a_401(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey
    ) -> None:
        server.body = b"<html>gateway starting</html>"
        with pytest.raises(Unauthorized, match="key set is unreachable"):
            await remote_verifier.verify(signing_key.token())

    async def test_keeps_the_cached_keys_when_a_refresh_fails(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        await remote_verifier.verify(signing_key.token())
        server.status = 500
        clock.now += 301
        assert (await remote_verifier.verify(signing_key.token("still"))).subject == "still"
        assert server.fetches == 2
        clock.now += 1
        await remote_verifier.verify(signing_key.token())
        assert server.fetches == 2  # the failed refresh counts; no retry storm

    async def test_recovers_when_the_set_comes_back(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        server.status = 503
        with pytest.raises(Unauthorized):
            await remote_verifier.verify(signing_key.token())
        server.status = 200
        clock.now += 5
        assert (await remote_verifier.verify(signing_key.token("back"))).subject == "back"

    @pytest.mark.parametrize("body", [b"[]", b'{"keys": ["not-a-key"]}', b'"keys"'])
    async def test_a_set_that_is_not_a_jwks_object_is_a_401(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, body: bytes
    ) -> None:
        server.body = body
        with pytest.raises(Unauthorized):
            await remote_verifier.verify(signing_key.token())

    async def test_an_outage_is_not_blamed_on_the_token(
        self, remote_verifier: TokenVerifier, server: JwksServer, signing_key: SigningKey, clock: FakeClock
    ) -> None:
        server.status = 503
        with pytest.raises(Unauthorized):
            await remote_verifier.verify(signing_key.token())
        clock.now += 1
        with pytest.raises(Unauthorized) as caught:
            await remote_verifier.verify(signing_key.token())
        assert not isinstance(caught.value, InvalidToken)


class TestPrincipalFromClaims:
    def test_a_client_id_makes_a_client(self) -> None:
        principal = principal_from_claims(
            {"sub": "c", "jti": "j", "exp": 1, "client_id": "c", "scope": "a b"}
        )
        assert principal.kind is PrincipalKind.CLIENT
        assert principal.scopes == frozenset({"a", "b"})

    def test_without_roles_or_scope_the_sets_are_empty(self) -> None:
        principal = principal_from_claims({"sub": 42, "jti": 7, "exp": "9"})
        assert (principal.kind, principal.subject, principal.token_id, principal.expires_at) == (
            PrincipalKind.USER,
            "42",
            "7",
            9,
        )
        assert principal.roles == principal.scopes == frozenset()

    @pytest.mark.parametrize(("roles", "scope"), [("admin", ""), ({"admin": True}, ""), ([], ["a", "b"])])
    def test_malformed_roles_or_scope_are_refused(self, roles: object, scope: object) -> None:
        with pytest.raises(InvalidToken, match="malformed"):
            principal_from_claims({"sub": "s", "jti": "j", "exp": 1, "roles": roles, "scope": scope})

    def test_a_verified_email_is_exposed(self) -> None:
        principal = principal_from_claims(
            {"sub": "s", "jti": "j", "exp": 1, "email": "hoda@example.org", "email_verified": True}
        )
        assert principal.email == "hoda@example.org" and principal.email_verified is True

    @pytest.mark.parametrize(
        "claims",
        [
            {},
            {"email": "hoda@example.org"},
            {"email": "hoda@example.org", "email_verified": "true"},
            {"email": "hoda@example.org", "email_verified": False},
            {"email": 7, "email_verified": True},
            {"email_verified": True},
        ],
    )
    def test_an_email_that_is_not_verified_is_absent(self, claims: dict[str, object]) -> None:
        principal = principal_from_claims({"sub": "s", "jti": "j", "exp": 1, **claims})
        assert principal.email is None and principal.email_verified is False

    def test_anonymous_is_not_authenticated_and_has_no_roles(self) -> None:
        assert not ANONYMOUS.is_authenticated
        assert not ANONYMOUS.has_any_role(["admin"])

    def test_has_any_role(self) -> None:
        principal = Principal(kind=PrincipalKind.USER, roles=frozenset({"editor"}))
        assert principal.has_any_role(["admin", "editor"])
        assert not principal.has_any_role(["admin"])
        assert not principal.has_any_role([])


class TestBearerToken:
    def test_no_header_means_no_token(self) -> None:
        assert bearer_token(None) is None

    @pytest.mark.parametrize("header", ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER   abc.def.ghi  "])
    def test_reads_the_bearer_token(self, header: str) -> None:
        assert bearer_token(header) == "abc.def.ghi"

    @pytest.mark.parametrize(
        "header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "abc.def.ghi", "", "Token x"]
    )
    def test_refuses_anything_else(self, header: str) -> None:
        with pytest.raises(InvalidToken, match="Authorization: Bearer"):
            bearer_token(header)


class TestBuildTokenVerifier:
    async def test_a_keys_file_gives_static_keys(self, signing_key: SigningKey, tmp_path: Path) -> None:
        settings = ServiceSettings(
            jwt_public_keys_file=str(signing_key.write_jwks(tmp_path / "k.json")), jwt_issuer=TEST_ISSUER
        )
        async with httpx.AsyncClient() as client:
            verifier = build_token_verifier(settings, client)
        assert isinstance(verifier.keys, StaticKeys)
        assert (verifier.issuer, verifier.audience, verifier.leeway) == (TEST_ISSUER, "imis", 30)
        assert (await verifier.verify(signing_key.token())).subject == "user-1"

    async def test_a_url_gives_a_remote_set_with_the_configured_ttl(self) -> None:
        settings = ServiceSettings(jwks_url=JWKS_URL, jwks_cache_seconds=42)
        async with httpx.AsyncClient() as client:
            verifier = build_token_verifier(settings, client)
        assert isinstance(verifier.keys, RemoteJWKS)
        assert (verifier.keys.url, verifier.keys.ttl) == (JWKS_URL, 42)

    async def test_refuses_to_build_without_a_key_source(self) -> None:
        async with httpx.AsyncClient() as client:
            with pytest.raises(RuntimeError, match="jwks_url or jwt_public_keys_file"):
                build_token_verifier(ServiceSettings(jwks_url=None), client)


# --- through an app ----------------------------------------------------------------------------


class Note(BaseModel):
    text: str


def guarded_router() -> APIRouter:
    router = api_router(prefix="/guarded", tags=["guarded"])

    @router.get("/anyone")
    async def anyone(principal: OptionalPrincipal) -> dict[str, str | None]:
        return {"kind": principal.kind, "subject": principal.subject}

    @router.get("/signed-in")
    async def signed_in(principal: CurrentPrincipal) -> dict[str, str | None]:
        return {"subject": principal.subject}

    @router.get("/officers")
    async def officers(
        principal: Principal = Depends(require_roles("officer", "admin")),
    ) -> dict[str, str | None]:
        return {"subject": principal.subject}

    @router.get("/sync")
    async def sync(
        principal: Principal = Depends(require_scopes("jobs:read", "jobs:write")),
    ) -> dict[str, str]:
        return {"client": str(principal.subject)}

    async def no_such_record(record_id: str) -> str:
        raise NotFound(f"No record {record_id}.")

    # Who may call is declared and decided in the body: the audience check comes first all the same.
    @router.post(
        "/records/{record_id}/notes", openapi_extra=audience(Role.OFFICER, client_audience(["x:write"]))
    )
    async def add_note(
        note: Note, record: str = Depends(no_such_record), principal: Principal = Depends(get_principal)
    ) -> dict[str, str]:
        return {"record": record}

    return router


@pytest.fixture
async def client(make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(make_app([guarded_router()])) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class TestGetPrincipal:
    async def test_no_token_is_anonymous_where_allowed(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/guarded/anyone")
        assert response.json() == {"kind": "anonymous", "subject": None}

    async def test_a_valid_token_is_the_caller(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        response = await client.get("/guarded/anyone", headers=bearer(signing_key.token("u-9")))
        assert response.json() == {"kind": "user", "subject": "u-9"}

    async def test_an_invalid_token_is_refused_even_where_anonymous_is_allowed(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/guarded/anyone", headers=bearer(SigningKey().token()))
        assert response.status_code == 401
        assert response.json()["type"] == "urn:imis:problem:invalid-token"
        assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'

    async def test_no_token_where_one_is_needed_is_a_401_challenge(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/guarded/signed-in")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["type"] == "urn:imis:problem:unauthorized"

    async def test_basic_credentials_are_an_invalid_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/guarded/signed-in", headers={"Authorization": "Basic dXNlcjpwYXNz"})
        assert response.status_code == 401
        assert response.json()["type"] == "urn:imis:problem:invalid-token"

    async def test_a_forged_header_is_a_401_not_a_500(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        header = {"alg": ["EdDSA"], "typ": "at+jwt", "kid": signing_key.kid}
        token = f"{segment(header)}.{segment(valid_claims())}.{b64url(b'sig')}"
        response = await client.get("/guarded/signed-in", headers=bearer(token))
        assert response.status_code == 401

    async def test_an_expired_token_says_so(self, client: httpx.AsyncClient, signing_key: SigningKey) -> None:
        response = await client.get("/guarded/signed-in", headers=bearer(signing_key.token(lifetime=-300)))
        assert response.status_code == 401
        assert response.json()["detail"] == "The token has expired."

    async def test_a_user_who_must_change_their_password_is_refused_even_where_anonymous_is_allowed(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        pending = signing_key.token("u-9", roles=["admin"], password_change_required=True)
        for path in ("/guarded/anyone", "/guarded/signed-in"):
            response = await client.get(path, headers=bearer(pending))
            assert response.status_code == 403, path
            assert response.json()["type"] == "urn:imis:problem:password-change-required"
        other_value = signing_key.token("u-9", password_change_required="yes")  # only `true` counts
        assert (await client.get("/guarded/signed-in", headers=bearer(other_value))).status_code == 200


class TestRequireRoles:
    @pytest.mark.parametrize("roles", [["officer"], ["admin"], ["job_seeker", "officer"]])
    async def test_admits_a_user_with_any_of_the_roles(
        self, client: httpx.AsyncClient, signing_key: SigningKey, roles: list[str]
    ) -> None:
        response = await client.get(
            "/guarded/officers", headers=bearer(signing_key.token("u-1", roles=roles))
        )
        assert response.status_code == 200
        assert response.json() == {"subject": "u-1"}

    async def test_refuses_a_user_without_them(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        response = await client.get(
            "/guarded/officers", headers=bearer(signing_key.token(roles=["job_seeker"]))
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["type"] == "urn:imis:problem:forbidden"
        assert body["detail"] == "This operation needs one of the roles: admin, officer."

    async def test_refuses_a_client_with_scopes_but_no_role(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("imis-c", scope="officer admin", client_id="imis-c")
        assert (await client.get("/guarded/officers", headers=bearer(token))).status_code == 403

    async def test_asks_an_anonymous_caller_to_sign_in(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/guarded/officers")).status_code == 401


class TestAudienceFirst:
    """A caller outside an operation's audience is refused before its dependencies look anything up
    and before its body is read: 401 or 403, never the 404 or 422 an admitted caller gets."""

    async def test_outside_the_audience_nothing_of_the_route_runs(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        url = "/guarded/records/r-1/notes"
        assert (await client.post(url, json={})).status_code == 401
        seeker = bearer(signing_key.token(roles=["job_seeker"]))
        refused = await client.post(url, json={}, headers=seeker)
        assert refused.status_code == 403
        assert (
            refused.json()["detail"]
            == "This operation needs one of the roles: officer; or the scopes: x:write."
        )
        other_client = bearer(signing_key.token("c", scope="x:read", client_id="c"))
        assert (await client.post(url, json={}, headers=other_client)).status_code == 403

    async def test_inside_it_the_route_answers(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        url = "/guarded/records/r-1/notes"
        for token in (
            signing_key.token(roles=["officer"]),
            signing_key.token("c", scope="x:write", client_id="c"),
        ):
            assert (await client.post(url, json={"text": "t"}, headers=bearer(token))).status_code == 404

    async def test_the_document_says_who(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        paths = document["paths"]
        assert paths["/guarded/records/{record_id}/notes"]["post"]["x-imis-audience"] == [
            "client:x:write",
            "officer",
        ]
        assert paths["/guarded/officers"]["get"]["x-imis-audience"] == ["admin", "officer"]
        assert paths["/guarded/sync"]["get"]["x-imis-audience"] == ["client:jobs:read jobs:write"]
        assert "x-imis-audience" not in paths["/guarded/signed-in"]["get"]  # takes a token, says nothing


class TestRequireScopes:
    async def test_admits_a_client_with_all_the_scopes(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("imis-c", scope="jobs:write jobs:read extra", client_id="imis-c")
        response = await client.get("/guarded/sync", headers=bearer(token))
        assert response.status_code == 200
        assert response.json() == {"client": "imis-c"}

    async def test_refuses_a_client_with_only_some(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("imis-c", scope="jobs:read", client_id="imis-c")
        response = await client.get("/guarded/sync", headers=bearer(token))
        assert response.status_code == 403
        assert response.json()["detail"] == "This operation needs the scopes: jobs:read, jobs:write."

    async def test_refuses_a_user_with_roles_named_like_the_scopes(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token(roles=["jobs:read", "jobs:write", "admin"])
        assert (await client.get("/guarded/sync", headers=bearer(token))).status_code == 403

    async def test_asks_an_anonymous_caller_to_sign_in(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/guarded/sync")).status_code == 401


class TestForbiddenIsNotUnauthorized:
    def test_forbidden_sends_no_challenge(self) -> None:
        assert Forbidden().headers == {}
        assert Forbidden().status == 403
