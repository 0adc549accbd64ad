from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from shared.auth import (
    WWW_AUTHENTICATE_EXTRA_KEY,
    Principal,
    PrincipalDep,
    Role,
    TokenVerifier,
    mint_token,
    require_role,
)
from shared.config import ServiceSettings
from shared.errors import DomainError, PermissionDenied, Unauthenticated

pytestmark = pytest.mark.unit

SECRET = "api-test-hs256-secret-0123456789-abcdefghijkl"
ISSUER = "perinatal-test"
AUDIENCE = "perinatal-suite"


async def domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    # Stand-in for shared.api.register_error_handlers, kept inside the test on purpose.
    assert isinstance(exc, DomainError)
    status = 401 if isinstance(exc, Unauthenticated) else 403 if isinstance(exc, PermissionDenied) else 422
    headers = {}
    if WWW_AUTHENTICATE_EXTRA_KEY in exc.extra:
        headers["WWW-Authenticate"] = exc.extra[WWW_AUTHENTICATE_EXTRA_KEY]
    return JSONResponse(
        {"status": status, "code": exc.code, "detail": exc.detail},
        status_code=status,
        headers=headers,
        media_type="application/problem+json",
    )


def build_app(*, with_verifier: bool = True) -> FastAPI:
    app = FastAPI()
    if with_verifier:
        settings = ServiceSettings(
            jwt_issuer=ISSUER,
            jwt_audience=AUDIENCE,
            jwt_algorithms=["HS256"],
            jwt_hs256_secret=SecretStr(SECRET),
        )
        app.state.token_verifier = TokenVerifier.from_settings(settings)
    app.add_exception_handler(DomainError, domain_error_handler)

    finance = APIRouter(dependencies=[Depends(require_role(Role.FINANCE_OFFICER))])

    @finance.get("/payment-orders")
    async def payment_orders(principal: PrincipalDep) -> dict[str, Any]:
        return {"subject": principal.subject, "roles": sorted(principal.roles)}

    @app.get("/payer-view")
    async def payer_view(
        principal: Annotated[Principal, Depends(require_role("payer", Role.FINANCE_OFFICER))],
    ) -> dict[str, Any]:
        return {"payer_code": principal.payer_code}

    @app.get("/me")
    async def me(principal: PrincipalDep) -> dict[str, Any]:
        return {"subject": principal.subject, "organisation_id": principal.organisation_id}

    app.include_router(finance)
    return app


def token(*roles: Role | str, **overrides: Any) -> str:
    values: dict[str, Any] = {
        "secret_or_private_key": SECRET,
        "algorithm": "HS256",
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "subject": "user-1",
        "roles": roles,
    }
    values.update(overrides)
    return mint_token(**values)


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_no_token_is_401_with_a_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get("/payment-orders")

    assert response.status_code == 401
    assert response.json()["code"] == "TOKEN_MISSING"
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer not-a-jwt"])
async def test_a_malformed_authorization_header_is_401(client: httpx.AsyncClient, header: str) -> None:
    response = await client.get("/me", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["code"] == "TOKEN_INVALID"
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


async def test_an_expired_token_is_401(client: httpx.AsyncClient) -> None:
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    expired = token(Role.FINANCE_OFFICER, ttl=timedelta(minutes=1), now=an_hour_ago)

    response = await client.get("/payment-orders", headers=bearer(expired))

    assert response.status_code == 401
    assert response.json()["code"] == "TOKEN_EXPIRED"


async def test_a_valid_token_with_the_wrong_role_is_403(client: httpx.AsyncClient) -> None:
    response = await client.get("/payment-orders", headers=bearer(token(Role.PROFESSIONAL)))

    assert response.status_code == 403
    assert response.json()["code"] == "ROLE_REQUIRED"


async def test_admin_gets_no_bypass(client: httpx.AsyncClient) -> None:
    response = await client.get("/payment-orders", headers=bearer(token(Role.ADMIN)))

    assert response.status_code == 403


async def test_the_right_role_is_200(client: httpx.AsyncClient) -> None:
    response = await client.get("/payment-orders", headers=bearer(token(Role.FINANCE_OFFICER, "unknown")))

    assert response.status_code == 200
    assert response.json() == {"subject": "user-1", "roles": ["finance_officer"]}


async def test_any_of_the_required_roles_is_enough(client: httpx.AsyncClient) -> None:
    response = await client.get("/payer-view", headers=bearer(token(Role.PAYER, payer_code="300")))

    assert response.status_code == 200
    assert response.json() == {"payer_code": "300"}


async def test_principal_dep_needs_no_role(client: httpx.AsyncClient) -> None:
    response = await client.get("/me", headers=bearer(token(organisation_id="org-1")))

    assert response.status_code == 200
    assert response.json() == {"subject": "user-1", "organisation_id": "org-1"}


async def test_a_missing_verifier_is_a_server_error_not_an_open_door() -> None:
    transport = httpx.ASGITransport(app=build_app(with_verifier=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        with pytest.raises(RuntimeError, match="token_verifier"):
            await http.get("/me", headers=bearer(token(Role.OPS)))
