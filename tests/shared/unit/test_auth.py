from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr
from structlog.testing import capture_logs

from shared import devtoken
from shared.auth import (
    Principal,
    Role,
    TokenVerifier,
    key_thumbprint,
    load_rsa_public_key,
    mint_token,
    require_role,
)
from shared.config import DEV_JWT_SECRET, Environment, ServiceSettings
from shared.errors import Unauthenticated

pytestmark = pytest.mark.unit

SECRET = "unit-test-hs256-secret-0123456789-abcdefghij"
ISSUER = "perinatal-test"
AUDIENCE = "perinatal-suite"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def make_settings(**overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "jwt_issuer": ISSUER,
        "jwt_audience": AUDIENCE,
        "jwt_algorithms": ["HS256"],
        "jwt_public_keys": [],
        "jwt_hs256_secret": SecretStr(SECRET),
        "jwt_leeway_seconds": 30,
    }
    values.update(overrides)
    return ServiceSettings(**values)


def hs_token(**overrides: Any) -> str:
    values: dict[str, Any] = {
        "secret_or_private_key": SECRET,
        "algorithm": "HS256",
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "subject": "user-1",
        "roles": [Role.FINANCE_OFFICER],
    }
    values.update(overrides)
    return mint_token(**values)


def rs_token(key: rsa.RSAPrivateKey, **overrides: Any) -> str:
    return hs_token(secret_or_private_key=key, algorithm="RS256", **overrides)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def verify_fails(verifier: TokenVerifier, token: str) -> Unauthenticated:
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token)
    if token:
        assert token not in str(caught.value)
        assert token not in repr(caught.value.extra)
    return caught.value


def test_a_valid_hs256_token_yields_its_principal() -> None:
    verifier = TokenVerifier.from_settings(make_settings())
    token = hs_token(
        roles=[Role.PAYER, "finance_officer"],
        organisation_id="org-7",
        professional_id="prof-9",
        profession="midwife",
        payer_code="300",
    )

    principal = verifier.verify(token)

    assert principal.subject == "user-1"
    assert principal.roles == frozenset({Role.PAYER, Role.FINANCE_OFFICER})
    assert principal.organisation_id == "org-7"
    assert principal.professional_id == "prof-9"
    assert principal.profession == "midwife"
    assert principal.payer_code == "300"
    assert principal.claims["iss"] == ISSUER


def test_optional_claims_default_to_none() -> None:
    principal = TokenVerifier.from_settings(make_settings()).verify(hs_token(roles=[]))

    assert principal.roles == frozenset()
    assert principal.organisation_id is None
    assert principal.professional_id is None
    assert principal.profession is None
    assert principal.payer_code is None


def test_a_valid_rs256_token_is_verified_with_a_pem_text_key(rsa_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier.from_settings(
        make_settings(jwt_algorithms=["RS256"], jwt_public_keys=[public_pem(rsa_key)], jwt_hs256_secret=None)
    )

    principal = verifier.verify(rs_token(rsa_key, roles=[Role.CASE_MANAGER]))

    assert principal.roles == frozenset({Role.CASE_MANAGER})
    assert verifier.algorithms == frozenset({"RS256"})


def test_an_rs256_public_key_may_be_a_file_path(rsa_key: rsa.RSAPrivateKey, tmp_path: Path) -> None:
    key_file = tmp_path / "issuer.pem"
    key_file.write_text(public_pem(rsa_key))
    verifier = TokenVerifier.from_settings(
        make_settings(jwt_algorithms=["RS256"], jwt_public_keys=[str(key_file)])
    )

    assert verifier.verify(rs_token(rsa_key)).subject == "user-1"


def test_every_configured_rs256_key_is_tried(
    rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    verifier = TokenVerifier.from_settings(
        make_settings(
            jwt_algorithms=["RS256"], jwt_public_keys=[public_pem(other_rsa_key), public_pem(rsa_key)]
        )
    )

    assert verifier.verify(rs_token(rsa_key)).subject == "user-1"
    assert verifier.verify(rs_token(other_rsa_key)).subject == "user-1"


def test_a_kid_naming_a_configured_key_is_accepted(
    rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    verifier = TokenVerifier.from_settings(
        make_settings(
            jwt_algorithms=["RS256"], jwt_public_keys=[public_pem(other_rsa_key), public_pem(rsa_key)]
        )
    )
    kid = key_thumbprint(rsa_key.public_key())

    assert kid in verifier.key_ids
    assert verifier.verify(rs_token(rsa_key, key_id=kid)).subject == "user-1"
    assert verifier.verify(rs_token(rsa_key, key_id="issuer-named-key")).subject == "user-1"


def test_a_wrong_issuer_is_refused() -> None:
    error = verify_fails(TokenVerifier.from_settings(make_settings()), hs_token(issuer="someone-else"))

    assert error.code == "TOKEN_INVALID"
    assert "issuer" in error.detail


def test_a_wrong_audience_is_refused() -> None:
    error = verify_fails(TokenVerifier.from_settings(make_settings()), hs_token(audience="other-suite"))

    assert error.code == "TOKEN_INVALID"
    assert "audience" in error.detail


def test_an_expired_token_is_refused() -> None:
    token = hs_token(ttl=timedelta(minutes=5), now=datetime.now(UTC) - timedelta(minutes=10))

    error = verify_fails(TokenVerifier.from_settings(make_settings()), token)

    assert error.code == "TOKEN_EXPIRED"
    assert error.extra["www_authenticate"].startswith('Bearer error="invalid_token"')


def test_a_token_expired_within_the_leeway_is_accepted() -> None:
    token = hs_token(ttl=timedelta(minutes=5), now=datetime.now(UTC) - timedelta(minutes=5, seconds=10))

    assert TokenVerifier.from_settings(make_settings()).verify(token).subject == "user-1"


def test_a_token_not_valid_yet_is_refused() -> None:
    token = hs_token(now=datetime.now(UTC) + timedelta(minutes=10))

    error = verify_fails(TokenVerifier.from_settings(make_settings()), token)

    assert error.code == "TOKEN_INVALID"
    assert "not valid yet" in error.detail


def test_a_bad_hs256_signature_is_refused() -> None:
    token = hs_token(secret_or_private_key="another-secret-that-is-long-enough-0123456789")

    error = verify_fails(TokenVerifier.from_settings(make_settings()), token)

    assert error.code == "TOKEN_INVALID"
    assert "signature" in error.detail


def test_a_bad_rs256_signature_is_refused(
    rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    verifier = TokenVerifier.from_settings(
        make_settings(jwt_algorithms=["RS256"], jwt_public_keys=[public_pem(rsa_key)])
    )

    assert verify_fails(verifier, rs_token(other_rsa_key)).code == "TOKEN_INVALID"


def test_a_tampered_payload_is_refused() -> None:
    header, _, signature = hs_token().split(".")
    forged = b64({"iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "exp": 4102444800, "roles": ["admin"]})

    assert verify_fails(TokenVerifier.from_settings(make_settings()), f"{header}.{forged}.{signature}")


def test_alg_none_is_refused() -> None:
    now = int(datetime.now(UTC).timestamp())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-1", "exp": now + 600, "roles": ["admin"]}
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload)}."

    error = verify_fails(TokenVerifier.from_settings(make_settings(jwt_algorithms=["HS256", "RS256"])), token)

    assert error.code == "TOKEN_INVALID"
    assert "algorithm" in error.detail


def test_hs256_is_refused_when_not_allowed(rsa_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier.from_settings(
        make_settings(jwt_algorithms=["RS256"], jwt_public_keys=[public_pem(rsa_key)])
    )

    error = verify_fails(verifier, hs_token())

    assert error.code == "TOKEN_INVALID"
    assert "algorithm" in error.detail


def test_hs256_is_refused_in_production_even_with_a_secret(rsa_key: rsa.RSAPrivateKey) -> None:
    settings = make_settings(
        environment=Environment.PRODUCTION, jwt_algorithms=["RS256"], jwt_public_keys=[public_pem(rsa_key)]
    )
    verifier = TokenVerifier.from_settings(settings)

    assert verifier.algorithms == frozenset({"RS256"})
    assert verify_fails(verifier, hs_token()).code == "TOKEN_INVALID"


def test_an_hs256_token_signed_with_the_public_key_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    # Algorithm confusion: HS256 keyed with the RS256 public key text must never verify.
    verifier = TokenVerifier.from_settings(
        make_settings(jwt_algorithms=["RS256", "HS256"], jwt_public_keys=[public_pem(rsa_key)])
    )
    header = b64({"alg": "HS256", "typ": "JWT"})
    payload = b64({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": 4102444800, "roles": ["admin"]})
    signature = hmac.new(public_pem(rsa_key).encode(), f"{header}.{payload}".encode(), hashlib.sha256)
    sig = base64.urlsafe_b64encode(signature.digest()).rstrip(b"=").decode()

    assert verify_fails(verifier, f"{header}.{payload}.{sig}").code == "TOKEN_INVALID"


def test_unknown_roles_are_ignored_and_logged_by_name_only() -> None:
    token = hs_token(roles=["finance_officer", "superuser", "ADMIN"])

    with capture_logs() as logs:
        principal = TokenVerifier.from_settings(make_settings()).verify(token)

    assert principal.roles == frozenset({Role.FINANCE_OFFICER})
    assert logs == [
        {"event": "token_roles_ignored", "roles": ["superuser", "ADMIN"], "count": 2, "log_level": "info"}
    ]
    assert token not in repr(logs)


def test_non_string_roles_are_ignored() -> None:
    token = jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": "u", "exp": 4102444800, "roles": ["ops", 7, None]},
        SECRET,
        algorithm="HS256",
    )

    assert TokenVerifier.from_settings(make_settings()).verify(token).roles == frozenset({Role.OPS})


@pytest.mark.parametrize(
    ("claims", "fragment"),
    [
        ({"roles": "admin"}, "roles"),
        ({"org": 12}, "org"),
        ({"sub": ""}, "subject"),
        ({"sub": None}, "sub"),
        ({"exp": None}, "exp"),
    ],
)
def test_malformed_claims_are_refused(claims: dict[str, Any], fragment: str) -> None:
    payload: dict[str, Any] = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u", "exp": 4102444800}
    payload.update(claims)
    payload = {key: value for key, value in payload.items() if value is not None}

    error = verify_fails(
        TokenVerifier.from_settings(make_settings()), jwt.encode(payload, SECRET, algorithm="HS256")
    )

    assert error.code == "TOKEN_INVALID"
    assert fragment in error.detail


@pytest.mark.parametrize("token", ["", "not-a-jwt", "a.b.c", "x" * 20_000])
def test_garbage_is_refused(token: str) -> None:
    assert verify_fails(TokenVerifier.from_settings(make_settings()), token).code == "TOKEN_INVALID"


def test_the_verifier_refuses_unsupported_or_unusable_configurations() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        TokenVerifier(issuer=ISSUER, audience=AUDIENCE, algorithms=["none"], hs256_secret=SECRET)
    with pytest.raises(ValueError, match="at least 32 bytes"):
        TokenVerifier(issuer=ISSUER, audience=AUDIENCE, algorithms=["HS256"], hs256_secret="short")
    with pytest.raises(ValueError, match="no usable"):
        TokenVerifier(issuer=ISSUER, audience=AUDIENCE, algorithms=["RS256"], hs256_secret=SECRET)
    with pytest.raises(ValueError, match="no usable"):
        TokenVerifier.from_settings(make_settings(jwt_hs256_secret=None))


def test_bad_public_key_sources_are_refused(tmp_path: Path) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(ValueError, match="cannot read"):
        load_rsa_public_key(str(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match="not a valid PEM"):
        load_rsa_public_key("-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----\n")
    with pytest.raises(ValueError, match="1024 bits"):
        load_rsa_public_key(public_pem(small))


def test_the_verifier_repr_shows_no_secret() -> None:
    verifier = TokenVerifier.from_settings(make_settings())

    assert SECRET not in repr(verifier)
    assert "HS256" in repr(verifier)


def test_principal_repr_hides_raw_claims_and_principal_is_frozen() -> None:
    principal = Principal(subject="u-1", roles=frozenset({Role.OPS}), claims={"email": "someone@example.org"})

    assert "someone@example.org" not in repr(principal)
    with pytest.raises(AttributeError):
        principal.subject = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        principal.claims["email"] = "x"  # type: ignore[index]
    assert hash(principal) == hash(Principal(subject="u-1", roles=frozenset({Role.OPS})))


def test_has_role_matches_any_listed_role_and_admin_is_no_wildcard() -> None:
    principal = Principal(subject="u", roles=frozenset({Role.PAYER}))
    admin = Principal(subject="a", roles=frozenset({Role.ADMIN}))

    assert principal.has_role(Role.PAYER)
    assert principal.has_role("finance_officer", "payer")
    assert not principal.has_role(Role.FINANCE_OFFICER)
    assert not admin.has_role(Role.FINANCE_OFFICER)


def test_require_role_refuses_unknown_role_names() -> None:
    with pytest.raises(ValueError):
        require_role("superuser")
    with pytest.raises(ValueError):
        require_role()


def test_mint_token_refuses_alg_none_and_naive_times() -> None:
    with pytest.raises(ValueError):
        hs_token(algorithm="none")
    with pytest.raises(ValueError):
        hs_token(now=datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        hs_token(ttl=timedelta(0))


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    names = ["ENVIRONMENT", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_ALGORITHMS", "JWT_HS256_SECRET"]
    for name in [*names, "JWT_PUBLIC_KEYS", "DEV_JWT_SECRET"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_devtoken_prints_a_token_the_dev_settings_accept(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = devtoken.main(["--role", "payer", "--role", "finance_officer", "--payer-code", "300"])

    token = capsys.readouterr().out.strip()
    principal = TokenVerifier.from_settings(ServiceSettings()).verify(token)
    assert status == 0
    assert principal.roles == frozenset({Role.PAYER, Role.FINANCE_OFFICER})
    assert principal.payer_code == "300"
    assert principal.subject == "dev-user"


def test_devtoken_honours_dev_jwt_secret(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("DEV_JWT_SECRET", SECRET)

    assert devtoken.main(["--role", "ops", "--sub", "ops-1"]) == 0

    token = capsys.readouterr().out.strip()
    settings = ServiceSettings(jwt_hs256_secret=SecretStr(SECRET))
    assert TokenVerifier.from_settings(settings).verify(token).subject == "ops-1"
    with pytest.raises(Unauthenticated):
        TokenVerifier.from_settings(ServiceSettings(jwt_hs256_secret=SecretStr(DEV_JWT_SECRET))).verify(token)


def test_devtoken_refuses_production(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("ENVIRONMENT", "production")

    assert devtoken.main(["--role", "ops"]) == 2
    clean_env.setenv("JWT_ALGORITHMS", "RS256")
    clean_env.setenv("JWT_PUBLIC_KEYS", "/etc/issuer.pem")
    assert devtoken.main(["--role", "ops"]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert "production" in captured.err
