"""OutboxWriter: adds events to the outbox in the caller's transaction. Never flushes or commits.

The insert must use the unit of work's session: otherwise the event could commit without the domain rows
(or the other way round), which is the dual-write the outbox exists to prevent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.envelope import EventEnvelope
from shared.events.registry import encode
from shared.logging import current_correlation_id


def kafka_headers(envelope: EventEnvelope[Any]) -> dict[str, str]:
    """Routing headers that let a consumer decide before decoding the body."""
    headers = {
        "event_id": str(envelope.event_id),
        "event_type": envelope.event_type,
        "event_version": str(envelope.event_version),
        "content-type": "application/json",
    }
    if envelope.correlation_id:
        headers["correlation_id"] = envelope.correlation_id
    if envelope.causation_id:
        headers["causation_id"] = envelope.causation_id
    return headers


class OutboxWriter:
    """Collects events for the current transaction; they are inserted in one statement at `flush_pending`."""

    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._session = session
        self._table = table
        self._pending: list[dict[str, Any]] = []

    def add(self, envelope: EventEnvelope[Any], *, key: str | None = None, topic: str | None = None) -> None:
        """Queue an event; it is written by `flush_pending`, which the unit of work calls before commit."""
        if envelope.correlation_id is None:
            correlation_id = current_correlation_id()
            if correlation_id:
                envelope = envelope.model_copy(update={"correlation_id": correlation_id})
        self._pending.append(
            {
                "event_id": envelope.event_id,
                "event_type": envelope.event_type,
                "topic": topic or envelope.topic,
                "key": key or envelope.subject,
                "value": encode(envelope),
                "headers": kafka_headers(envelope),
            }
        )

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    def discard_pending(self) -> None:
        """Forget queued events (their transaction or savepoint was rolled back)."""
        self._pending.clear()

    async def flush_pending(self) -> None:
        """Insert every queued event with one statement in the caller's transaction."""
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        await self._session.execute(insert(self._table), rows)
