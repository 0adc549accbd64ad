"""Structured logging for every process: structlog in front, stdlib logging routed through the same pipeline.

`configure_logging` is called once per process (in `create_app` or a worker `main`). JSON in production,
a readable console in dev. uvicorn, SQLAlchemy and aiokafka loggers go through the same processors, so their
records carry the bound request/message context too.

Personal identifiers never reach a log line: `redact_personal_data` masks anything that looks like a Belgian
national register or BIS number (11 digits, with or without the usual punctuation) in every event value,
including messages of third-party libraries. Code must still never log such a value on purpose.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
CORRELATION_ID_HEADER = "x-correlation-id"

# 11 digits, optionally formatted as YY.MM.DD-XXX.CC; word boundaries stop matches inside longer numbers/uuids.
_NATIONAL_NUMBER = re.compile(r"(?<![\w-])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?![\w-])")
_MASK = "***NN-REDACTED***"


def _redact(value: Any) -> Any:
    if isinstance(value, str):
        return _NATIONAL_NUMBER.sub(_MASK, value)
    if isinstance(value, dict):
        return {k: _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact(v) for v in value)
    return value


def redact_personal_data(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """Mask national register / BIS numbers in every value of the event (DP: never log them in clear)."""
    for key, value in list(event_dict.items()):
        event_dict[key] = _redact(value)
    return event_dict


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        redact_personal_data,
    ]


def configure_logging(service: str, *, level: str = "INFO", json: bool = False) -> None:
    """Configure structlog and stdlib logging for this process (idempotent)."""
    shared = _shared_processors()
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info if json else _identity,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "aiokafka", "alembic"):
        lib = logging.getLogger(name)
        lib.handlers[:] = []
        lib.propagate = True
    # Library chatter stays at WARNING unless the service runs at DEBUG.
    quiet = logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING
    for name in ("sqlalchemy.engine", "aiokafka", "kafka"):
        logging.getLogger(name).setLevel(quiet)
    structlog.contextvars.bind_contextvars(service=service)


def _identity(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    return event_dict


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """A structlog logger; bind fields with keyword arguments, never f-strings."""
    return structlog.stdlib.get_logger(name)


def new_id() -> str:
    return str(uuid.uuid4())


class RequestContextMiddleware:
    """Bind request_id and correlation_id per HTTP request and echo them in the response headers.

    Pure ASGI (not BaseHTTPMiddleware) so it adds no per-request task overhead. The correlation id is taken
    from the incoming header when present, so a chain of calls and events keeps one id.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        request_id = _safe_id(headers.get(REQUEST_ID_HEADER)) or new_id()
        correlation_id = _safe_id(headers.get(CORRELATION_ID_HEADER)) or request_id
        scope.setdefault("state", {})
        scope["state"]["request_id"] = request_id
        scope["state"]["correlation_id"] = correlation_id

        async def send_with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                raw.append((CORRELATION_ID_HEADER.encode(), correlation_id.encode()))
                message["headers"] = raw
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id, correlation_id=correlation_id):
            await self.app(scope, receive, send_with_ids)


_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def _safe_id(value: str | None) -> str | None:
    """Accept a caller-supplied id only if it is short and harmless (it ends up in logs and headers)."""
    if value and _SAFE_ID.match(value) and not _NATIONAL_NUMBER.search(value):
        return value
    return None


def current_correlation_id() -> str | None:
    """The correlation id bound to the current request or message, if any."""
    value = structlog.contextvars.get_contextvars().get("correlation_id")
    return str(value) if value else None


AsyncFn = Callable[..., Awaitable[Any]]
