"""The gateway's token signing key and the JWKS that publishes it."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from imis_shared.auth import StaticKeys, parse_jwks

logger = logging.getLogger("imis.gateway.keys")


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint: the key id, stable for a key and unique to it."""
    members = {"OKP": ("crv", "kty", "x"), "RSA": ("e", "kty", "n")}[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey | RSAPublicKey) -> dict[str, Any]:
    """The JWK of a public key, with its thumbprint as ``kid`` and the one algorithm it signs with."""
    if isinstance(public_key, Ed25519PublicKey):
        algorithm = "EdDSA"
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(public_key))
    else:
        algorithm = "RS256"
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public_key))
    return {**jwk, "kid": jwk_thumbprint(jwk), "use": "sig", "alg": algorithm}


class SigningKey:
    """One private key; signs with EdDSA (Ed25519) or RS256 (RSA)."""

    def __init__(self, private_key: Ed25519PrivateKey | RSAPrivateKey) -> None:
        self.private_key = private_key
        self.public_jwk = public_jwk(private_key.public_key())
        self.kid: str = self.public_jwk["kid"]
        self.algorithm: str = self.public_jwk["alg"]

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


def load_verification_key(path: Path) -> dict[str, Any]:
    """The public JWK of a key file: a private key (an old signing key) or a public key, PEM."""
    pem = path.read_bytes()
    if b"PRIVATE KEY" in pem:
        return SigningKey.from_pem(pem).public_jwk
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey | RSAPublicKey):
        raise ValueError(f"{path}: a verification key must be an Ed25519 or RSA key")
    if isinstance(key, RSAPublicKey) and key.key_size < 2048:
        raise ValueError(f"{path}: an RSA key must have at least 2048 bits")
    return public_jwk(key)


class KeySet:
    """The current signing key plus the other keys tokens may still carry.

    Rotation keeps the previous key here until every token it signed has expired (and,
    before a rotation, may publish the next key early); the JWKS publishes all of them and
    the gateway accepts all of them, but only the current key signs.
    """

    def __init__(self, current: SigningKey, others: Sequence[dict[str, Any]] = ()) -> None:
        self.current = current
        self.others = [jwk for jwk in others if jwk["kid"] != current.kid]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.current.public_jwk, *self.others]}

    def verification_keys(self) -> StaticKeys:
        return StaticKeys(parse_jwks(self.jwks()))
