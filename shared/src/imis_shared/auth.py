"""Access-token verification used by every service (and the gateway's proxy).

Tokens are JWTs signed by the gateway with an asymmetric key (RFC 8725):
the algorithm comes from our allow-list and from the key's type, never from
the token's own ``alg``; ``exp``, ``nbf``, ``iss``, ``aud`` and the ``typ``
header (``at+jwt``, RFC 9068) are checked. Keys come from the gateway's JWKS
(cached, refreshed on an unknown ``kid``) or from a configured JWKS file.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Protocol

import httpx
import jwt
from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.models import (
    OAuthFlowAuthorizationCode,
    OAuthFlowClientCredentials,
    OAuthFlowPassword,
    OAuthFlows,
)
from fastapi.routing import APIRoute
from fastapi.security import OAuth2

from imis_shared.errors import Forbidden, InvalidToken, PasswordChangeRequired, Unauthorized

ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 (RFC 9068 type, not a secret)
ALLOWED_ALGORITHMS = frozenset({"EdDSA", "RS256"})
TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 (a path)
# The claim of a user who signed in with a password an admin set and must change it first.
PASSWORD_CHANGE_CLAIM = "password_change_required"  # noqa: S105 (a claim name)
AUTHORIZE_URL = "/api/v1/auth/authorize"


class Role(StrEnum):
    JOB_SEEKER = "job_seeker"
    EMPLOYER = "employer"
    DIASPORA_MEMBER = "diaspora_member"
    EDITOR = "editor"
    OFFICER = "officer"
    ADMIN = "admin"


SELF_SERVICE_ROLES = frozenset({Role.JOB_SEEKER, Role.EMPLOYER, Role.DIASPORA_MEMBER})
STAFF_ROLES = frozenset({Role.OFFICER, Role.ADMIN})  # ministry staff


class PrincipalKind(StrEnum):
    ANONYMOUS = "anonymous"
    USER = "user"
    CLIENT = "client"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user, a machine client or nobody."""

    kind: PrincipalKind
    subject: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    token_id: str | None = None
    expires_at: int | None = None
    # OIDC ``email`` / ``email_verified``: the gateway puts them only in tokens of users whose
    # email is verified, so ``email`` is None unless ``email_verified`` is True.
    email: str | None = None
    email_verified: bool = False
    # Until the user changes the password an admin set, only the gateway's /auth/me and
    # /auth/me/password take the token (get_principal refuses it everywhere else).
    password_change_required: bool = False
    # ``sid``: the sign-in (refresh-token family) the token belongs to; ``iat``, to the millisecond.
    session_id: str | None = None
    issued_at: float = 0.0

    @property
    def is_authenticated(self) -> bool:
        return self.kind is not PrincipalKind.ANONYMOUS

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)


ANONYMOUS = Principal(kind=PrincipalKind.ANONYMOUS)


def _algorithm_for_jwk(entry: Mapping[str, Any]) -> str | None:
    """The one algorithm we accept for a key, decided by its type (never its ``alg``)."""
    if entry.get("kty") == "OKP" and entry.get("crv") == "Ed25519":
        return "EdDSA"
    if entry.get("kty") == "RSA":
        return "RS256"
    return None


def parse_jwks(document: Mapping[str, Any]) -> dict[str, jwt.PyJWK]:
    """Signing keys of a JWKS by kid; keys of other types or uses are ignored."""
    keys: dict[str, jwt.PyJWK] = {}
    entries = document.get("keys", []) if isinstance(document, Mapping) else None
    if not isinstance(entries, list):
        raise ValueError("not a JWKS document")
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        kid = entry.get("kid")
        algorithm = _algorithm_for_jwk(entry)
        if not isinstance(kid, str) or not kid or algorithm is None or entry.get("use", "sig") != "sig":
            continue
        try:
            keys[kid] = jwt.PyJWK(dict(entry), algorithm=algorithm)
        except jwt.PyJWTError:
            continue
    return keys


class KeySource(Protocol):
    async def get_key(self, kid: str) -> jwt.PyJWK: ...


class StaticKeys:
    """Keys known up front: a JWKS document or file."""

    def __init__(self, keys: Mapping[str, jwt.PyJWK]) -> None:
        self._keys = dict(keys)

    @classmethod
    def from_jwks_file(cls, path: str | Path) -> StaticKeys:
        return cls(parse_jwks(json.loads(Path(path).read_text())))

    async def get_key(self, kid: str) -> jwt.PyJWK:
        try:
            return self._keys[kid]
        except KeyError:
            raise InvalidToken("The token was signed with an unknown key.") from None


class RemoteJWKS:
    """The gateway's JWKS, cached for ``ttl`` seconds and refetched on an unknown kid.

    A refetch for an unknown kid happens at most once per ``min_refresh_interval``
    so that tokens with made-up kids cannot make us hammer the gateway.
    """

    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient,
        *,
        ttl: float = 300.0,
        min_refresh_interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.client = client
        self.ttl = ttl
        self.min_refresh_interval = min_refresh_interval
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._last_fetch_failed = False
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        try:
            response = await self.client.get(self.url, timeout=5.0)
            response.raise_for_status()
            self._keys = parse_jwks(response.json())
            self._last_fetch_failed = False
        except (httpx.HTTPError, ValueError) as error:
            self._last_fetch_failed = True
            if not self._keys:
                raise _unreachable() from error
        finally:
            self._fetched_at = self._clock()

    async def get_key(self, kid: str) -> jwt.PyJWK:
        now = self._clock()
        stale = self._fetched_at is None or now - self._fetched_at > self.ttl
        if stale or kid not in self._keys:
            async with self._lock:
                fetched_at = self._fetched_at
                may_refresh = fetched_at is None or (
                    now - fetched_at > self.ttl
                    or (kid not in self._keys and now - fetched_at >= self.min_refresh_interval)
                )
                if may_refresh:
                    await self._refresh()
        try:
            return self._keys[kid]
        except KeyError:
            if self._last_fetch_failed:  # an outage must not be blamed on the token
                raise _unreachable() from None
            raise InvalidToken("The token was signed with an unknown key.") from None


def _unreachable() -> Unauthorized:
    return Unauthorized("Tokens cannot be verified right now: the key set is unreachable.")


class RevocationCheck(Protocol):
    """Whether a token issued at ``issued_at`` to ``subject`` in session ``session_id`` has been
    revoked before its expiry (the gateway's list; services rely on the gateway)."""

    async def is_revoked(self, subject: str, session_id: str | None, issued_at: float) -> bool: ...


class TokenVerifier:
    """Verifies access tokens and turns their claims into a :class:`Principal`."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str,
        audience: str,
        leeway: int = 30,
        revocations: RevocationCheck | None = None,
    ) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.revocations = revocations

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("The token is not a well-formed JWT.") from None
        if header.get("typ") != ACCESS_TOKEN_TYPE:
            raise InvalidToken("The token is not an access token.")
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in ALLOWED_ALGORITHMS:
            raise InvalidToken("The token's signing algorithm is not accepted.")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("The token names no key.")
        key = await self.keys.get_key(kid)
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[key.algorithm_name],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("The token has expired.") from None
        except jwt.ImmatureSignatureError:
            raise InvalidToken("The token is not valid yet.") from None
        except jwt.InvalidAudienceError:
            raise InvalidToken("The token is meant for another audience.") from None
        except jwt.InvalidIssuerError:
            raise InvalidToken("The token comes from an unknown issuer.") from None
        except jwt.PyJWTError:
            raise InvalidToken("The token's signature or claims are invalid.") from None
        principal = principal_from_claims(claims)
        if self.revocations is not None and await self.revocations.is_revoked(
            principal.subject or "", principal.session_id, principal.issued_at
        ):
            raise InvalidToken("The token has been revoked: sign in again.")
        return principal


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    roles = claims.get("roles") or []
    scope = claims.get("scope") or ""
    if not isinstance(roles, list) or not isinstance(scope, str):
        raise InvalidToken("The token's roles or scope are malformed.")
    kind = PrincipalKind.CLIENT if claims.get("client_id") else PrincipalKind.USER
    email = claims.get("email")
    # Only a verified address is trusted; an unverified one is treated as absent.
    verified = claims.get("email_verified") is True and isinstance(email, str) and bool(email)
    return Principal(
        kind=kind,
        subject=str(claims["sub"]),
        roles=frozenset(str(role) for role in roles),
        scopes=frozenset(scope.split()),
        token_id=str(claims["jti"]),
        expires_at=int(claims["exp"]),
        email=email if verified else None,
        email_verified=verified,
        password_change_required=claims.get(PASSWORD_CHANGE_CLAIM) is True,
        session_id=str(claims["sid"]) if isinstance(claims.get("sid"), str) else None,
        issued_at=float(claims["iat"]) if isinstance(claims.get("iat"), int | float) else 0.0,
    )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer`` header; raises if malformed."""
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Send the access token as 'Authorization: Bearer <token>'.")
    return token.strip()


# Documents how callers get tokens (the grants of the gateway's token endpoint) in OpenAPI; the header is
# parsed by get_principal itself.
_oauth2_scheme = OAuth2(
    flows=OAuthFlows(
        authorizationCode=OAuthFlowAuthorizationCode(authorizationUrl=AUTHORIZE_URL, tokenUrl=TOKEN_URL),
        password=OAuthFlowPassword(tokenUrl=TOKEN_URL),
        clientCredentials=OAuthFlowClientCredentials(tokenUrl=TOKEN_URL),
    ),
    scheme_name="OAuth2",
    description="Bearer access tokens from the token endpoint: people signing in to a browser or mobile "
    "front-end with the authorization code and PKCE (S256), first-party scripts with the password grant, "
    "ministry and partner systems with client credentials (their scopes are granted by an admin; "
    "docs/api.md).",
    auto_error=False,
)


async def _verified_principal(request: Request) -> Principal:
    """The token's principal, verified once per request (the audience check and the route's own
    dependencies both ask)."""
    known: Principal | None = getattr(request.state, "imis_principal", None)
    if known is not None:
        return known
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return ANONYMOUS
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = await verifier.verify(token)
    request.state.imis_principal = principal
    return principal


def refuse_pending_password_change(principal: Principal) -> Principal:
    """403 for a user who must change the password an admin set before doing anything else."""
    if principal.password_change_required:
        raise PasswordChangeRequired(
            "Change the password you were given first (POST /api/v1/auth/me/password), then sign in again."
        )
    return principal


async def get_principal(
    request: Request, _token: Annotated[str | None, Depends(_oauth2_scheme)]
) -> Principal:
    """The caller: anonymous without a token, 401 with an invalid one, 403 while the user must
    change their password."""
    return refuse_pending_password_change(await _verified_principal(request))


async def get_principal_before_password_change(
    request: Request, _token: Annotated[str | None, Depends(_oauth2_scheme)]
) -> Principal:
    """As :func:`get_principal`, but admitting a user who must change their password: only for the
    routes that let them do so (the gateway's ``GET /auth/me`` and ``POST /auth/me/password``)."""
    principal = await _verified_principal(request)
    if not principal.is_authenticated:
        raise Unauthorized("This operation needs an access token.")
    return principal


async def require_authenticated(
    principal: Annotated[Principal, Depends(get_principal)],
) -> Principal:
    if not principal.is_authenticated:
        raise Unauthorized("This operation needs an access token.")
    return principal


OptionalPrincipal = Annotated[Principal, Depends(get_principal)]
CurrentPrincipal = Annotated[Principal, Depends(require_authenticated)]
PrincipalBeforePasswordChange = Annotated[Principal, Depends(get_principal_before_password_change)]


# Who may call an operation, in the document as the operation's ``x-imis-audience`` (a machine-readable
# list the authorisation tests are built from): ``anyone`` (public, perhaps showing more to some),
# ``authenticated`` (any valid token), ``user`` (any signed-in person), a role, or
# ``client:<scope> ...`` (a machine client granted those scopes). The role dependencies below
# declare theirs; a route that decides in its body says so with ``openapi_extra=audience(...)``.
AUDIENCE_KEY = "x-imis-audience"
ANYONE = "anyone"
AUTHENTICATED = "authenticated"
ANY_USER = "user"  # any signed-in person; no machine client


def client_audience(scopes: Iterable[str]) -> str:
    return "client:" + " ".join(sorted(scopes))


def audience(*who: str) -> dict[str, Any]:
    """``openapi_extra`` of a route whose callers are checked in its body, or that is public."""
    return {AUDIENCE_KEY: sorted(set(who))}


def _declares(dependency: Callable[..., Any], who: Iterable[str]) -> None:
    dependency.__dict__[AUDIENCE_KEY] = sorted({str(who_) for who_ in who})


def declared_audience(dependency: Callable[..., Any]) -> list[str] | None:
    """The audience a role dependency admits, or None for any other callable."""
    found = getattr(dependency, "__dict__", {}).get(AUDIENCE_KEY)
    return list(found) if found is not None else None


def dependency_calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    """Every callable a route depends on, sub-dependencies included."""
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from dependency_calls(dependency)


def route_audience(route: APIRoute) -> list[str] | None:
    """Who may call ``route``: as it declares (``openapi_extra=audience(...)``), else as its role
    dependencies admit; None when it says neither."""
    explicit = (route.openapi_extra or {}).get(AUDIENCE_KEY)
    if explicit is not None:
        return list(explicit)
    derived = {who for call in dependency_calls(route.dependant) for who in declared_audience(call) or []}
    return sorted(derived) or None


def admits(audience: Collection[str], principal: Principal) -> bool:
    """Whether ``principal`` is one of ``audience``."""
    if ANYONE in audience:
        return True
    if not principal.is_authenticated:
        return False
    if AUTHENTICATED in audience:
        return True
    if principal.kind is PrincipalKind.CLIENT:
        granted = [who.removeprefix("client:").split() for who in audience if who.startswith("client:")]
        return any(frozenset(scopes) <= principal.scopes for scopes in granted)
    return ANY_USER in audience or principal.has_any_role(frozenset(audience))


async def refuse_outside_audience(request: Request, audience: Collection[str]) -> None:
    """401 or 403 for a caller ``audience`` leaves out, before anything of the route runs (its
    dependencies, which may look an object up, and its body): who may call is decided first, the
    same way for every route, so a refused caller learns nothing of the objects or the input."""
    if ANYONE in audience:
        return
    principal = await _verified_principal(request)
    if not principal.is_authenticated:
        raise Unauthorized("This operation needs an access token.")
    if not admits(audience, principal):
        raise Forbidden(f"This operation needs {_described(audience)}.")


def _described(audience: Collection[str]) -> str:
    roles = sorted(who for who in audience if who in set(Role))
    clients = [
        ", ".join(who.removeprefix("client:").split()) for who in audience if who.startswith("client:")
    ]
    parts = ["a signed-in person"] if ANY_USER in audience else []
    parts += [f"one of the roles: {', '.join(roles)}"] if roles else []
    parts += [f"the scopes: {scopes}" for scopes in sorted(clients)]
    return "; or ".join(parts)


def require_roles(*roles: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting users holding any of ``roles``."""
    wanted = frozenset(roles)

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any_role(wanted):
            raise Forbidden(f"This operation needs one of the roles: {', '.join(sorted(wanted))}.")
        return principal

    _declares(dependency, wanted)
    return dependency


def holds_roles_or_scopes(principal: Principal, roles: Iterable[str], scopes: Iterable[str]) -> bool:
    """Whether ``principal`` is a user with any of ``roles`` or a machine client with all ``scopes``."""
    if principal.kind is PrincipalKind.CLIENT:
        return frozenset(scopes) <= principal.scopes
    return principal.has_any_role(frozenset(roles))  # an anonymous caller holds none


def require_roles_or_scopes(
    roles: Iterable[str], scopes: Iterable[str]
) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting users with any of ``roles`` or machine clients with all ``scopes``."""
    wanted_roles, wanted_scopes = frozenset(roles), frozenset(scopes)

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not holds_roles_or_scopes(principal, wanted_roles, wanted_scopes):
            raise Forbidden(
                f"This operation needs one of the roles {', '.join(sorted(wanted_roles))} "
                f"or the scopes {', '.join(sorted(wanted_scopes))}."
            )
        return principal

    _declares(dependency, [*wanted_roles, client_audience(wanted_scopes)])
    return dependency


def require_scopes(*scopes: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting machine clients granted all of ``scopes``."""
    wanted = frozenset(scopes)

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not wanted <= principal.scopes:
            raise Forbidden(f"This operation needs the scopes: {', '.join(sorted(wanted))}.")
        return principal

    _declares(dependency, [client_audience(wanted)])
    return dependency
