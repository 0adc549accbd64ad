"""problem+json for every error, mapped in one place by `shared.api.register_error_handlers`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from pydantic import BaseModel, Field

from shared import errors
from shared.api import PROBLEM_JSON, register_error_handlers

pytestmark = pytest.mark.unit

NN = "85073003328"


class Body(BaseModel):
    residence_nis: str = Field(pattern=r"^\d{5}$")
    weeks: int = Field(ge=0, le=45)


def build_app() -> FastAPI:
    app = FastAPI()
    register_error_handlers(app)

    @app.get("/not-found")
    async def not_found() -> None:
        raise errors.NotFound("No pregnancy with this id.", code="PREGNANCY_NOT_FOUND")

    @app.get("/conflict")
    async def conflict() -> None:
        raise errors.Conflict("Already registered.", extra={"existing_id": "p-1"})

    @app.get("/rule")
    async def rule() -> None:
        raise errors.RuleViolated(
            "A screening must be done at the latest 7 days after birth.",
            code="SCR_07_SCREENING_TOO_LATE",
            rule="SCR-07",
        )

    @app.get("/invalid")
    async def invalid() -> None:
        raise errors.InvalidInput("Bad check digits.", code="INVALID_NATIONAL_NUMBER")

    @app.get("/unauthenticated")
    async def unauthenticated() -> None:
        raise errors.Unauthenticated("Missing token.")

    @app.get("/unauthenticated-expired")
    async def unauthenticated_expired() -> None:
        raise errors.Unauthenticated(
            "Expired token.", extra={"www_authenticate": 'Bearer error="invalid_token"'}
        )

    @app.get("/forbidden")
    async def forbidden() -> None:
        raise errors.PermissionDenied("Not your client.")

    @app.get("/plain-domain")
    async def plain_domain() -> None:
        raise errors.DomainError("Something domain-specific.")

    @app.post("/validate/{count}")
    async def validate(count: int, body: Body) -> dict[str, Any]:
        return {"ok": True}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError(f"database said: key (nn)=({NN}) exists")

    return app


@pytest_asyncio.fixture(loop_scope="session")
async def client() -> AsyncIterator[httpx.AsyncClient]:
    # raise_app_exceptions=False: Starlette re-raises unhandled errors after sending the 500 response.
    transport = httpx.ASGITransport(app=build_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def problem(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = resp.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"]
    assert body["type"] == f"urn:perinatal:problem:{code.lower().replace('_', '-')}"
    assert body["instance"] == resp.request.url.path
    return body


@pytest.mark.parametrize(
    ("path", "status", "code", "title", "detail"),
    [
        ("/not-found", 404, "PREGNANCY_NOT_FOUND", "Resource not found", "No pregnancy with this id."),
        ("/conflict", 409, "CONFLICT", "Conflict with the current state", "Already registered."),
        ("/invalid", 422, "INVALID_NATIONAL_NUMBER", "Invalid input", "Bad check digits."),
        ("/forbidden", 403, "PERMISSION_DENIED", "Permission denied", "Not your client."),
        ("/plain-domain", 422, "DOMAIN_ERROR", "Domain rule violated", "Something domain-specific."),
    ],
)
async def test_domain_errors_map_to_status(
    client: httpx.AsyncClient, path: str, status: int, code: str, title: str, detail: str
) -> None:
    resp = await client.get(path)
    body = problem(resp, status, code)
    assert body["title"] == title
    assert body["detail"] == detail
    assert "rule" not in body
    assert "www-authenticate" not in resp.headers


async def test_extra_fields_are_added_to_the_problem(client: httpx.AsyncClient) -> None:
    body = problem(await client.get("/conflict"), 409, "CONFLICT")
    assert body["existing_id"] == "p-1"


async def test_rule_violated_is_422_with_the_rule(client: httpx.AsyncClient) -> None:
    body = problem(await client.get("/rule"), 422, "SCR_07_SCREENING_TOO_LATE")
    assert body["rule"] == "SCR-07"
    assert body["title"] == "Business rule violated"
    assert body["detail"].startswith("A screening must be done")


async def test_unauthenticated_is_401_with_www_authenticate(client: httpx.AsyncClient) -> None:
    resp = await client.get("/unauthenticated")
    body = problem(resp, 401, "UNAUTHENTICATED")
    assert resp.headers["www-authenticate"] == "Bearer"
    assert body["detail"] == "Missing token."

    resp = await client.get("/unauthenticated-expired")
    body = problem(resp, 401, "UNAUTHENTICATED")
    assert resp.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert "www_authenticate" not in body


async def test_request_validation_is_422_without_echoing_input(client: httpx.AsyncClient) -> None:
    resp = await client.post("/validate/7", json={"residence_nis": NN, "weeks": 99})
    body = problem(resp, 422, "VALIDATION_ERROR")
    assert NN not in resp.text
    assert "99" not in resp.text
    failing = {(tuple(e["loc"]), e["type"]) for e in body["errors"]}
    assert failing == {
        (("body", "residence_nis"), "string_pattern_mismatch"),
        (("body", "weeks"), "less_than_equal"),
    }
    assert all(set(e) == {"loc", "type", "msg"} for e in body["errors"])


async def test_validation_of_path_and_malformed_json(client: httpx.AsyncClient) -> None:
    resp = await client.post("/validate/seven", json={"residence_nis": "21004", "weeks": 3})
    body = problem(resp, 422, "VALIDATION_ERROR")
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [(["path", "count"], "int_parsing")]

    resp = await client.post(
        "/validate/1",
        content=b'{"residence_nis": "' + NN.encode() + b'",',
        headers={"content-type": "application/json"},
    )
    problem(resp, 422, "VALIDATION_ERROR")
    assert NN not in resp.text


async def test_unknown_route_and_method_are_problems(client: httpx.AsyncClient) -> None:
    problem(await client.get("/nowhere"), 404, "NOT_FOUND")
    problem(await client.delete("/rule"), 405, "METHOD_NOT_ALLOWED")


async def test_unexpected_exception_is_500_without_details(client: httpx.AsyncClient) -> None:
    resp = await client.get("/boom")
    body = problem(resp, 500, "INTERNAL_ERROR")
    assert body["title"] == "Internal server error"
    assert "detail" not in body
    assert NN not in resp.text
    assert "RuntimeError" not in resp.text
