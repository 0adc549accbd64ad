"""How the consumer classifies a failed event: transient (retry, the batch is never skipped) or poison (dead-letter).

Used by `BatchProcessor` (retry, or replay the batch to find the poison event) and by `KafkaConsumerLoop` (pause
and try the same batch again). Import these names from `shared.kafka.consumer`.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from shared.errors import DomainError
from shared.events.registry import UndecodableEvent, UnknownEvent
from shared.kafka.retry import is_broker_unavailable
from shared.logging import redact


class TransientError(Exception):
    """Raise from a handler to ask for a retry (e.g. a dependency that is briefly unavailable)."""


_TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    OSError,
    TimeoutError,
    TransientError,
)


def is_transient(exc: BaseException) -> bool:
    """Database/network failures and serialization conflicts are worth retrying; everything else is poison."""
    if isinstance(exc, _TRANSIENT) or is_broker_unavailable(exc):  # e.g. a DLQ send while the broker is away
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None) or getattr(
            getattr(getattr(exc, "orig", None), "__cause__", None), "sqlstate", None
        )
        return sqlstate in {"40001", "40P01", "57P01", "08006", "08003"}
    return False


def rejection_reason(exc: BaseException) -> tuple[str, str]:
    """(error type, reason) for the DLQ headers, without personal data."""
    if isinstance(exc, DomainError):
        return "handler_rejected", f"{exc.code}: {redact(exc.detail)}"[:500]
    if isinstance(exc, ValidationError):
        parts = [f"{'.'.join(map(str, e['loc']))}: {e['type']}" for e in exc.errors()[:5]]
        return "validation_error", "; ".join(parts)[:500]
    if isinstance(exc, UndecodableEvent | UnknownEvent):
        return "undecodable", redact(str(exc))[:500]
    if isinstance(exc, IntegrityError):
        return "integrity_error", type(exc.orig).__name__ if exc.orig else "IntegrityError"
    return "handler_error", type(exc).__name__
