"""Bearer-token authentication: verify a JWT once per request and yield a `Principal`.

`create_app()` builds one verifier from the settings and stores it on the app::

    app.state.token_verifier = TokenVerifier.from_settings(settings)

Endpoints then take ``principal: PrincipalDep`` and routers check roles with
``dependencies=[Depends(require_role(Role.FINANCE_OFFICER))]``. Failures raise `shared.errors.Unauthenticated`
(401, codes ``TOKEN_MISSING``, ``TOKEN_INVALID``, ``TOKEN_EXPIRED``) or `shared.errors.PermissionDenied`
(403, code ``ROLE_REQUIRED``). A 401 carries the value of the ``WWW-Authenticate`` response header in
``error.extra[WWW_AUTHENTICATE_EXTRA_KEY]``.

RS256 tokens are checked against one or more configured public keys (PEM text or a path to a PEM file).
HS256 is accepted only when a shared secret is configured and ``HS256`` is in ``jwt_algorithms``; the
settings refuse it in production. ``alg: none`` and every algorithm not configured are rejected. A token is
never logged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final

import jwt
import structlog
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi import Depends, Request

from shared.config import Environment, ServiceSettings
from shared.errors import PermissionDenied, Unauthenticated

__all__ = [
    "SUPPORTED_ALGORITHMS",
    "WWW_AUTHENTICATE_EXTRA_KEY",
    "Principal",
    "PrincipalDep",
    "Role",
    "TokenVerifier",
    "VerificationKey",
    "get_principal",
    "key_thumbprint",
    "load_rsa_public_key",
    "mint_token",
    "require_role",
]

SUPPORTED_ALGORITHMS: Final = frozenset({"RS256", "HS256"})
WWW_AUTHENTICATE_EXTRA_KEY: Final = "www_authenticate"

# RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output.
_MIN_HS256_SECRET_BYTES: Final = 32
_MIN_RSA_KEY_BITS: Final = 2048
# Far above any real token; stops a client from making us base64-decode megabytes.
_MAX_TOKEN_CHARS: Final = 16_384
_MAX_LOGGED_ROLES: Final = 10
_MAX_LOGGED_ROLE_CHARS: Final = 64
_CLAIM_TO_FIELD: Final = {
    "org": "organisation_id",
    "professional_id": "professional_id",
    "profession": "profession",
    "payer_code": "payer_code",
}

_log = structlog.stdlib.get_logger(__name__)


class Role(StrEnum):
    """The roles of the suite, as carried in the token's ``roles`` claim."""

    PROFESSIONAL = "professional"  # care or welfare professional using the front ends
    COORDINATOR = "coordinator"
    CASE_MANAGER = "case_manager"
    FINANCE_OFFICER = "finance_officer"
    PAYER = "payer"  # a mutuality or care fund reading its payment orders
    POLICY_ANALYST = "policy_analyst"
    CARE_COUNCIL = "care_council"
    OPS = "ops"
    BILLING_SYSTEM = "billing_system"  # providers' billing software submitting claims
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller. ``claims`` holds the verified raw claims and is kept out of ``repr``."""

    subject: str
    roles: frozenset[Role] = frozenset()
    organisation_id: str | None = None
    professional_id: str | None = None
    profession: str | None = None
    payer_code: str | None = None
    claims: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(Role(role) for role in self.roles))
        object.__setattr__(self, "claims", MappingProxyType(dict(self.claims)))

    def has_role(self, *roles: Role | str) -> bool:
        """Tell whether the principal holds at least one of ``roles`` (admin is not a wildcard)."""
        return any(role in self.roles for role in roles)


@dataclass(frozen=True, slots=True)
class VerificationKey:
    """An RS256 public key and its key id (by default the RFC 7638 thumbprint, matched against ``kid``)."""

    key_id: str
    public_key: RSAPublicKey = field(repr=False)


def key_thumbprint(public_key: RSAPublicKey) -> str:
    """Return the RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key, usable as ``kid``."""
    numbers = public_key.public_numbers()
    canonical = json.dumps(
        {"e": _b64_uint(numbers.e), "kty": "RSA", "n": _b64_uint(numbers.n)},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64(hashlib.sha256(canonical.encode("ascii")).digest())


def load_rsa_public_key(source: str | bytes) -> RSAPublicKey:
    """Load an RSA public key from PEM text (public key or certificate) or from the path of a PEM file."""
    if isinstance(source, str) and "-----BEGIN" not in source:
        path = Path(source.strip()).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValueError(f"cannot read JWT public key file {path}: {exc.strerror}") from exc
        origin = str(path)
    else:
        data = source.encode("ascii") if isinstance(source, str) else source
        origin = "inline PEM"
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            key: object = x509.load_pem_x509_certificate(data).public_key()
        else:
            key = load_pem_public_key(data)
    except ValueError as exc:
        raise ValueError(f"JWT public key ({origin}) is not a valid PEM public key or certificate") from exc
    if not isinstance(key, RSAPublicKey):
        raise ValueError(f"JWT public key ({origin}) is not an RSA key; RS256 needs RSA")
    if key.key_size < _MIN_RSA_KEY_BITS:
        raise ValueError(f"JWT public key ({origin}) has {key.key_size} bits; at least {_MIN_RSA_KEY_BITS}")
    return key


class TokenVerifier:
    """Verify signature, issuer, audience, expiry and not-before of a bearer token and build a `Principal`."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: Iterable[str] = ("RS256",),
        public_keys: Iterable[RSAPublicKey | VerificationKey] = (),
        hs256_secret: str | bytes | None = None,
        leeway_seconds: int = 30,
    ) -> None:
        configured = {algorithm.strip() for algorithm in algorithms if algorithm.strip()}
        unsupported = configured - SUPPORTED_ALGORITHMS
        if unsupported:
            raise ValueError(
                f"unsupported JWT algorithms {sorted(unsupported)}; supported: {sorted(SUPPORTED_ALGORITHMS)}"
            )
        if leeway_seconds < 0:
            raise ValueError("jwt leeway must not be negative")
        self._issuer = issuer
        self._audience = audience
        self._leeway = timedelta(seconds=leeway_seconds)
        self._keys: tuple[VerificationKey, ...] = tuple(
            key if isinstance(key, VerificationKey) else VerificationKey(key_thumbprint(key), key)
            for key in public_keys
        )
        secret = hs256_secret.encode("utf-8") if isinstance(hs256_secret, str) else hs256_secret
        if secret is not None and "HS256" in configured and len(secret) < _MIN_HS256_SECRET_BYTES:
            raise ValueError(f"the HS256 secret must be at least {_MIN_HS256_SECRET_BYTES} bytes long")
        self._secret = secret if "HS256" in configured else None
        usable: set[str] = set()
        if "RS256" in configured and self._keys:
            usable.add("RS256")
        if self._secret is not None:
            usable.add("HS256")
        if not usable:
            raise ValueError(
                "no usable JWT algorithm: configure RS256 with jwt_public_keys, "
                "or (outside production) HS256 with jwt_hs256_secret"
            )
        self._algorithms = frozenset(usable)

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        """Build the verifier from ``jwt_*`` settings; public keys are PEM text or PEM file paths."""
        secret = settings.jwt_hs256_secret
        hs256_allowed = settings.environment is not Environment.PRODUCTION
        return cls(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            algorithms=settings.jwt_algorithms,
            public_keys=[load_rsa_public_key(source) for source in settings.jwt_public_keys],
            hs256_secret=secret.get_secret_value() if secret is not None and hs256_allowed else None,
            leeway_seconds=settings.jwt_leeway_seconds,
        )

    @property
    def algorithms(self) -> frozenset[str]:
        """The algorithms this verifier accepts (configured and backed by a key or secret)."""
        return self._algorithms

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The ids of the RS256 public keys, in the order they are tried."""
        return tuple(key.key_id for key in self._keys)

    def __repr__(self) -> str:
        return (
            f"TokenVerifier(issuer={self._issuer!r}, audience={self._audience!r}, "
            f"algorithms={sorted(self._algorithms)!r}, key_ids={list(self.key_ids)!r})"
        )

    def verify(self, token: str) -> Principal:
        """Verify ``token`` and return its principal, or raise `Unauthenticated`."""
        if not token or len(token) > _MAX_TOKEN_CHARS:
            raise _invalid("The bearer token is malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise _invalid("The bearer token is malformed") from None
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self._algorithms:
            raise _invalid("The bearer token is signed with an algorithm that is not accepted")
        claims = self._decode(token, algorithm, header.get("kid"))
        return self._principal_from(claims)

    def _candidate_keys(self, algorithm: str, kid: object) -> list[RSAPublicKey | bytes]:
        if algorithm == "HS256":
            return [self._secret] if self._secret is not None else []
        # A kid naming one of our keys puts it first; an unknown kid still tries every key,
        # since issuers name keys their own way.
        ordered = sorted(self._keys, key=lambda key: key.key_id != kid)
        return [key.public_key for key in ordered]

    def _decode(self, token: str, algorithm: str, kid: object) -> dict[str, Any]:
        for key in self._candidate_keys(algorithm, kid):
            try:
                return jwt.decode(
                    token,
                    key,
                    algorithms=[algorithm],
                    audience=self._audience,
                    issuer=self._issuer,
                    leeway=self._leeway,
                    options={"require": ["exp", "iss", "aud", "sub"], "enforce_minimum_key_length": True},
                )
            except jwt.InvalidSignatureError:
                continue  # PyJWT checks the signature before the claims: try the next key
            except jwt.ExpiredSignatureError:
                raise Unauthenticated(
                    "The bearer token has expired",
                    code="TOKEN_EXPIRED",
                    extra=_www_authenticate('error="invalid_token", error_description="token expired"'),
                ) from None
            except jwt.ImmatureSignatureError:
                raise _invalid("The bearer token is not valid yet") from None
            except jwt.InvalidIssuerError:
                raise _invalid("The bearer token was issued by an issuer that is not accepted") from None
            except jwt.InvalidAudienceError:
                raise _invalid("The bearer token is meant for another audience") from None
            except jwt.MissingRequiredClaimError as exc:
                raise _invalid(f"The bearer token lacks the required claim {exc.claim!r}") from None
            except jwt.InvalidTokenError:
                raise _invalid("The bearer token is invalid") from None
        raise _invalid("The bearer token signature could not be verified")

    def _principal_from(self, claims: dict[str, Any]) -> Principal:
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.strip():
            raise _invalid("The bearer token has an empty subject")
        optional: dict[str, str | None] = {}
        for claim, field_name in _CLAIM_TO_FIELD.items():
            value = claims.get(claim)
            if value is not None and not isinstance(value, str):
                raise _invalid(f"The bearer token claim {claim!r} must be a string")
            optional[field_name] = value or None
        return Principal(
            subject=subject,
            roles=_roles_from(claims.get("roles")),
            organisation_id=optional["organisation_id"],
            professional_id=optional["professional_id"],
            profession=optional["profession"],
            payer_code=optional["payer_code"],
            claims=claims,
        )


def _roles_from(value: object) -> frozenset[Role]:
    if value is None:
        return frozenset()
    if not isinstance(value, list | tuple):
        raise _invalid("The bearer token claim 'roles' must be a list of strings")
    known: set[Role] = set()
    ignored: list[str] = []
    for item in value:
        if not isinstance(item, str):
            ignored.append(type(item).__name__)
            continue
        try:
            known.add(Role(item))
        except ValueError:
            ignored.append(item[:_MAX_LOGGED_ROLE_CHARS])
    if ignored:
        _log.info("token_roles_ignored", roles=ignored[:_MAX_LOGGED_ROLES], count=len(ignored))
    return frozenset(known)


def _www_authenticate(params: str | None = None) -> dict[str, str]:
    return {WWW_AUTHENTICATE_EXTRA_KEY: f"Bearer {params}" if params else "Bearer"}


def _invalid(detail: str) -> Unauthenticated:
    return Unauthenticated(detail, code="TOKEN_INVALID", extra=_www_authenticate('error="invalid_token"'))


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization")
    if header is None or not header.strip():
        # RFC 6750 section 3.1: no error code when the request carried no credentials at all.
        raise Unauthenticated("A bearer token is required", code="TOKEN_MISSING", extra=_www_authenticate())
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise _invalid("The Authorization header must be 'Bearer <token>'")
    return token


async def get_principal(request: Request) -> Principal:
    """FastAPI dependency: verify the bearer token with ``app.state.token_verifier``; return its principal."""
    verifier = getattr(request.app.state, "token_verifier", None)
    if not isinstance(verifier, TokenVerifier):
        raise RuntimeError("app.state.token_verifier is not set; build it in create_app() from the settings")
    return verifier.verify(_bearer_token(request))


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_role(*roles: Role | str) -> Callable[[Principal], Awaitable[Principal]]:
    """Return a dependency that lets through principals holding at least one of ``roles``.

    ``admin`` gets no bypass: list it explicitly where administrators are meant to pass.
    """
    if not roles:
        raise ValueError("require_role() needs at least one role")
    required = frozenset(Role(role) for role in roles)  # an unknown role name fails at router build time
    names = sorted(role.value for role in required)

    async def _require_role(principal: PrincipalDep) -> Principal:
        if not principal.has_role(*required):
            raise PermissionDenied(
                f"This action requires one of the roles: {', '.join(names)}",
                code="ROLE_REQUIRED",
                extra={"required_roles": names},
            )
        return principal

    _require_role.__name__ = f"require_role_{'_or_'.join(names)}"
    return _require_role


def mint_token(
    *,
    secret_or_private_key: str | bytes | RSAPrivateKey,
    algorithm: str,
    issuer: str,
    audience: str,
    subject: str,
    roles: Iterable[Role | str],
    organisation_id: str | None = None,
    professional_id: str | None = None,
    profession: str | None = None,
    payer_code: str | None = None,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
    key_id: str | None = None,
) -> str:
    """Sign a token with the claims `TokenVerifier` reads; for tests, dev tooling and the dev issuer."""
    if algorithm not in SUPPORTED_ALGORITHMS:
        raise ValueError(f"cannot mint a {algorithm!r} token; supported: {sorted(SUPPORTED_ALGORITHMS)}")
    if ttl <= timedelta(0):
        raise ValueError("ttl must be positive")
    issued_at = datetime.now(UTC) if now is None else now
    if issued_at.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    payload: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + ttl,
        "jti": uuid.uuid4().hex,
        "roles": [str(role) for role in roles],
    }
    optional = {
        "org": organisation_id,
        "professional_id": professional_id,
        "profession": profession,
        "payer_code": payer_code,
    }
    payload.update({claim: value for claim, value in optional.items() if value is not None})
    headers = {"kid": key_id} if key_id is not None else None
    return jwt.encode(payload, secret_or_private_key, algorithm=algorithm, headers=headers)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64_uint(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))
