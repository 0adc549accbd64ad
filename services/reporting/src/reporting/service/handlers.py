"""Handlers of consumed events: every fact is appended to the event log (idempotent by event id)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert

from reporting.adapters import orm
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import HandlerContext


async def record_event(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Append a consumed event to the reporting event log."""
    await ctx.session.execute(
        insert(orm.event_log)
        .values(
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            event_version=envelope.event_version,
            source=envelope.source,
            subject=envelope.subject,
            occurred_at=envelope.occurred_at,
            correlation_id=envelope.correlation_id,
            payload=envelope.payload.model_dump(mode="json"),
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
