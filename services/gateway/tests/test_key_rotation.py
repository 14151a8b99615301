"""Signing-key rotation: the JWKS publishes every valid key, old tokens keep working until
they expire, and services learn a new ``kid`` without a restart."""

from __future__ import annotations

from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from gateway_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, login

from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app
from imis_gateway.tokens.keys import SigningKey, generate_pem
from imis_shared.auth import RemoteJWKS, TokenVerifier
from imis_shared.errors import InvalidToken
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, app_client, free_port, serve_in_thread


def _key_file(path: Path) -> Path:
    path.write_bytes(generate_pem())
    return path


def _file_kid(path: Path) -> str:
    return SigningKey.from_pem(path.read_bytes()).kid


def _kid(token: str) -> str:
    kid: str = jwt.get_unverified_header(token)["kid"]
    return kid


@pytest.fixture
def new_key_file(tmp_path: Path) -> Path:
    return _key_file(tmp_path / "next.pem")


@pytest.fixture
def rotated(settings: GatewaySettings, new_key_file: Path) -> GatewaySettings:
    """The gateway after a rotation: the new key signs, the previous one is still published."""
    assert settings.signing_key_file is not None
    return settings.model_copy(
        update={"signing_key_file": new_key_file, "verification_key_files": [settings.signing_key_file]}
    )


class TestRotation:
    async def test_jwks_publishes_the_current_and_previous_keys(
        self,
        client: httpx.AsyncClient,
        settings: GatewaySettings,
        rotated: GatewaySettings,
        new_key_file: Path,
    ) -> None:
        assert settings.signing_key_file is not None
        old = _file_kid(settings.signing_key_file)
        new = _file_kid(new_key_file)
        before = (await client.get("/.well-known/jwks.json")).json()
        async with app_client(create_app(rotated)) as gateway:
            after = (await gateway.get("/.well-known/jwks.json")).json()
            token = (await login(gateway, ADMIN_EMAIL, ADMIN_PASSWORD)).access
        assert [key["kid"] for key in before["keys"]] == [old]
        assert [key["kid"] for key in after["keys"]] == [new, old]
        assert all("d" not in key for key in after["keys"])  # public halves only
        assert _kid(token) == new  # only the current key signs

    async def test_a_token_of_the_previous_key_works_until_the_key_is_dropped(
        self, client: httpx.AsyncClient, settings: GatewaySettings, rotated: GatewaySettings
    ) -> None:
        old_token = await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        async with app_client(create_app(rotated)) as gateway:
            assert (await gateway.get("/api/v1/auth/me", headers=old_token.headers)).status_code == 200
            proxied = await gateway.get("/api/v1/jobs/echo/x", headers=old_token.headers)
            assert proxied.status_code == 200  # the proxy's own check accepts it too
        retired = rotated.model_copy(update={"verification_key_files": []})
        async with app_client(create_app(retired)) as gateway:
            refused = await gateway.get("/api/v1/auth/me", headers=old_token.headers)
            assert refused.status_code == 401
            assert (await gateway.get("/api/v1/jobs/echo/x", headers=old_token.headers)).status_code == 401

    async def test_a_public_key_file_is_enough_to_keep_accepting_old_tokens(
        self, client: httpx.AsyncClient, settings: GatewaySettings, new_key_file: Path, tmp_path: Path
    ) -> None:
        assert settings.signing_key_file is not None
        private = serialization.load_pem_private_key(settings.signing_key_file.read_bytes(), password=None)
        public_file = tmp_path / "previous.pub.pem"
        public_file.write_bytes(
            private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        old_token = await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        rotated = settings.model_copy(
            update={"signing_key_file": new_key_file, "verification_key_files": [public_file]}
        )
        async with app_client(create_app(rotated)) as gateway:
            assert (await gateway.get("/api/v1/auth/me", headers=old_token.headers)).status_code == 200


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class TestServicesFollowTheRotation:
    async def test_a_service_learns_the_new_kid_without_restarting(
        self, client: httpx.AsyncClient, settings: GatewaySettings, rotated: GatewaySettings
    ) -> None:
        """A service's verifier, as built from IMIS_<SERVICE>_JWKS_URL, outlives a gateway rotation."""
        port = free_port()
        jwks_url = f"http://127.0.0.1:{port}/.well-known/jwks.json"
        clock = Clock()
        async with httpx.AsyncClient() as http:
            service_verifier = TokenVerifier(
                RemoteJWKS(jwks_url, http, ttl=300, clock=clock), issuer=TEST_ISSUER, audience=TEST_AUDIENCE
            )
            with serve_in_thread(create_app(settings), port=port):
                old_token = (await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)).access
                assert (await service_verifier.verify(old_token)).roles == {"admin"}
            # The gateway restarts with a new current key, at the same address.
            with serve_in_thread(create_app(rotated), port=port):
                async with app_client(create_app(rotated)) as gateway:
                    new_token = (await login(gateway, ADMIN_EMAIL, ADMIN_PASSWORD)).access
                assert _kid(new_token) != _kid(old_token)
                clock.now += 6  # unknown kids refetch at most every 5 s
                assert (await service_verifier.verify(new_token)).roles == {"admin"}
                assert (await service_verifier.verify(old_token)).roles == {"admin"}
            with serve_in_thread(
                create_app(rotated.model_copy(update={"verification_key_files": []})), port=port
            ):
                clock.now += 301  # after the cache lifetime the dropped key is gone too
                with pytest.raises(InvalidToken):
                    await service_verifier.verify(old_token)
