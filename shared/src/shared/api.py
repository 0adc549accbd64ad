"""HTTP plumbing: RFC 9457 problem+json for every error, mapped in one place; latency metrics; health routes.

The domain raises `shared.errors.DomainError` subclasses; this module maps the semantic bases to status codes.
Request validation errors become 422 problems listing the failing locations (never the input values, which may
hold personal data).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import errors
from shared.logging import get_logger
from shared.metrics import Metrics

log = get_logger(__name__)

PROBLEM_JSON = "application/problem+json"

_STATUS: list[tuple[type[errors.DomainError], int]] = [
    (errors.Unauthenticated, 401),
    (errors.PermissionDenied, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.InvalidInput, 422),
    (errors.RuleViolated, 422),
]


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine-readable `code` (and the rule id when one applies)."""

    type: str = Field(default="about:blank", examples=["https://perinatal.example/problems/scr-07"])
    title: str = Field(examples=["Business rule violated"])
    status: int = Field(examples=[422])
    detail: str | None = Field(
        default=None, examples=["A screening must be done at the latest 7 days after birth"]
    )
    code: str = Field(examples=["SCR_07_SCREENING_AFTER_BIRTH_WINDOW"])
    rule: str | None = Field(default=None, examples=["SCR-07"])
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None

    model_config = {"extra": "allow"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entry for routers: the problem+json body for each listed status."""
    return {
        s: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": "Problem details"}
        for s in statuses
    }


def status_for(exc: errors.DomainError) -> int:
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 422


def problem_response(
    status: int,
    *,
    code: str,
    title: str,
    detail: str | None = None,
    request: Request | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:perinatal:problem:{code.lower().replace('_', '-')}",
        "title": title,
        "status": status,
        "code": code,
    }
    if detail is not None:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.url.path
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def register_error_handlers(app: FastAPI) -> None:
    """Map every error to problem+json, in one place."""

    async def on_domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.DomainError)
        status = status_for(exc)
        headers = (
            {"WWW-Authenticate": str(exc.extra.get("www_authenticate", "Bearer"))} if status == 401 else None
        )
        reserved = {"type", "title", "status", "code", "www_authenticate"}
        extra = {k: v for k, v in exc.extra.items() if k not in reserved}
        return problem_response(
            status,
            code=exc.code,
            title=exc.title,
            detail=exc.detail,
            request=request,
            headers=headers,
            rule=exc.rule,
            **extra,
        )

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = [
            {"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": e.get("msg")}
            for e in exc.errors()[:50]
        ]
        return problem_response(
            422,
            code="VALIDATION_ERROR",
            title="Request validation failed",
            detail="The request body or parameters do not match the schema",
            request=request,
            errors=details,
        )

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = {
            404: "NOT_FOUND",
            405: "METHOD_NOT_ALLOWED",
            401: "UNAUTHENTICATED",
            403: "PERMISSION_DENIED",
        }.get(exc.status_code, f"HTTP_{exc.status_code}")
        return problem_response(
            exc.status_code,
            code=code,
            title=str(exc.detail) if exc.detail else "HTTP error",
            request=request,
            headers=getattr(exc, "headers", None),
        )

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled_error", error=type(exc).__name__, path=request.url.path)
        return problem_response(500, code="INTERNAL_ERROR", title="Internal server error", request=request)

    app.add_exception_handler(errors.DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)


class MetricsMiddleware:
    """Record request latency per route template (not per raw path, which would explode cardinality)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if template not in ("/metrics", "/health/live", "/health/ready"):
                self.metrics.http_request_duration.labels(scope["method"], template, str(status)).observe(
                    time.perf_counter() - started
                )


Check = Callable[[], Awaitable[None]]


def health_router(
    checks: dict[str, Check], refresh_metrics: Callable[[], Awaitable[None]] | None = None
) -> APIRouter:
    """/health/live, /health/ready (runs each named check) and /metrics."""
    router = APIRouter(tags=["operations"])

    @router.get("/health/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/health/ready",
        summary="Database and broker are reachable",
        responses={503: {"description": "A dependency is not reachable"}},
    )
    async def ready() -> JSONResponse:
        results: dict[str, str] = {}
        ok = True
        for name, check in checks.items():
            try:
                await check()
                results[name] = "ok"
            except Exception as exc:
                ok = False
                results[name] = f"unavailable: {type(exc).__name__}"
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "checks": results}, status_code=200 if ok else 503
        )

    @router.get("/metrics", summary="Prometheus metrics", response_class=Response)
    async def metrics(request: Request) -> Response:
        if refresh_metrics is not None:
            try:
                await refresh_metrics()
            except Exception as exc:
                log.warning("metrics_refresh_failed", error=type(exc).__name__)
        registry = request.app.state.metrics.registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
