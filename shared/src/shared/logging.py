"""Structured logging for every process: structlog in front, stdlib logging routed through the same pipeline.

`configure_logging` is called once per process (in `create_app` or a worker `main`). JSON in production,
a readable console in dev. uvicorn, SQLAlchemy and aiokafka loggers go through the same processors, so their
records carry the bound request/message context too.

Personal identifiers never reach a log line: `redact_personal_data` masks anything that looks like a Belgian
national register or BIS number (11 digits, with or without the usual punctuation, also as an int) in every event
value, in the text of logged exceptions and in messages of third-party libraries. Code must still never log such
a value on purpose.
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

# 11 digits as YYMMDD SSS CC, optionally with one separator ("-", ".", "/" or whitespace) between the groups, as the
# screening domain accepts them. The number must not touch a letter or digit, so it never matches inside a longer
# number, a word or a hex id; "_" and "-" may touch it ("nn_…", "client-…"). UUIDs never match: a match starts and
# ends at the edge of a uuid group, so it would be whole groups of 8, 4 or 12 digits, and no such run fits the
# YYMMDD-SSS-CC grouping (separators only after the 2nd, 4th, 6th and 9th digit).
# The pattern starts with `\d` (then checks the character before it) rather than with a look-behind: the regex
# engine can then skip ahead to the next digit, so long texts (messages, tracebacks) scan 2-3x faster. Digit-heavy
# ids scan a little slower that way, but they repeat and are served by `_CLEAN` below.
_SEP = r"[-./\s]?"
_NATIONAL_NUMBER = re.compile(
    rf"\d(?<![^\W_]\d)\d{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{2}}(?![^\W_])"
)
_MIN_LENGTH = 11
# An int holding a national number (its leading zeros lost) has 11 digits.
_INT_LOW, _INT_HIGH = 10**10, 10**11
_MASK = "***NN-REDACTED***"

# Short strings already found clean. Most values of a line repeat on every line (request, correlation and event
# ids, service and logger names), so a set lookup replaces most regex scans. Never holds a string that was masked.
_CLEAN: set[str] = set()
_CLEAN_MAX_ENTRIES = 4096
_CLEAN_MAX_LENGTH = 128


def _redact_str(value: str) -> str:
    if len(value) < _MIN_LENGTH or value in _CLEAN:
        return value
    redacted = _NATIONAL_NUMBER.sub(_MASK, value)  # `value` itself when nothing matches
    if redacted is value and len(value) <= _CLEAN_MAX_LENGTH:
        if len(_CLEAN) >= _CLEAN_MAX_ENTRIES:
            _CLEAN.clear()
        _CLEAN.add(value)
    return redacted


def redact(value: Any) -> Any:
    """`value` with every national number masked (a str or int with nothing to mask is returned as is)."""
    if isinstance(value, str):
        return _redact_str(value)
    if isinstance(value, int):
        return _MASK if _INT_LOW <= abs(value) < _INT_HIGH else value
    if isinstance(value, dict):
        return {redact(k): redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, tuple):
        items = [redact(v) for v in value]
        make = getattr(value, "_make", None)  # a namedtuple cannot be built from one iterable
        return make(items) if make is not None else tuple(items)
    if isinstance(value, set | frozenset):
        return type(value)(redact(v) for v in value)
    return value


def redact_personal_data(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """Mask national register / BIS numbers in every value of the event (DP: never log them in clear).

    Runs after `format_exc_info`, so the text of a logged exception is masked too.
    """
    for key, value in list(event_dict.items()):
        redacted = redact(value)
        if redacted is not value:
            event_dict[key] = redacted
    return event_dict


def _json_default(obj: Any) -> Any:
    """JSON fallback for values JSON cannot hold: their text is built after redaction, so mask it here."""
    try:
        return redact(obj.__structlog__())
    except AttributeError:
        return redact(repr(obj))


def _shared_processors(*before_redaction: Any) -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        *before_redaction,
        # Render exc_info to text BEFORE redaction: an exception message (e.g. a unique violation's DETAIL)
        # may hold a national number. The console renderer then prints this plain traceback.
        structlog.processors.format_exc_info,
        redact_personal_data,
        # After redaction: a timestamp we make ourselves holds no personal data and need not be scanned.
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def configure_logging(service: str, *, level: str = "INFO", json: bool = False) -> None:
    """Configure structlog and stdlib logging for this process (idempotent)."""
    renderer: Any = (
        structlog.processors.JSONRenderer(default=_json_default)
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            *_shared_processors(structlog.processors.StackInfoRenderer()),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
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
