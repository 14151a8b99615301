"""The gateway's token signing key and the JWKS that publishes it."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from imis_shared.auth import StaticKeys, parse_jwks

logger = logging.getLogger("imis.gateway.keys")


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint: the key id, stable for a key and unique to it."""
    members = {"OKP": ("crv", "kty", "x"), "RSA": ("e", "kty", "n")}[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


class SigningKey:
    """One private key; signs with EdDSA (Ed25519) or RS256 (RSA)."""

    def __init__(self, private_key: Ed25519PrivateKey | RSAPrivateKey) -> None:
        self.private_key = private_key
        if isinstance(private_key, Ed25519PrivateKey):
            self.algorithm = "EdDSA"
            public = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(private_key.public_key()))
        else:
            self.algorithm = "RS256"
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
        self.kid = jwk_thumbprint(public)
        self.public_jwk = {**public, "kid": self.kid, "use": "sig", "alg": self.algorithm}

    @classmethod
    def from_pem(cls, pem: bytes) -> SigningKey:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey | RSAPrivateKey):
            raise ValueError("the signing key must be an Ed25519 or RSA private key")
        if isinstance(key, RSAPrivateKey) and key.key_size < 2048:
            raise ValueError("an RSA signing key must have at least 2048 bits")
        return cls(key)

    def sign(self, claims: dict[str, Any], typ: str) -> str:
        return jwt.encode(
            claims, self.private_key, algorithm=self.algorithm, headers={"kid": self.kid, "typ": typ}
        )


def generate_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_signing_key(path: Path, *, create: bool) -> SigningKey:
    """Read the key at ``path``; in development (``create``) make it on first start."""
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"signing key file {path} does not exist")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(generate_pem())
        logger.warning("made a development signing key at %s; never use it in production", path)
    return SigningKey.from_pem(path.read_bytes())


class KeySet:
    """The current signing key plus what the JWKS publishes."""

    def __init__(self, current: SigningKey) -> None:
        self.current = current

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.current.public_jwk]}

    def verification_keys(self) -> StaticKeys:
        return StaticKeys(parse_jwks(self.jwks()))
