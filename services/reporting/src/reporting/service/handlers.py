"""Handlers of consumed events: each event is appended to the event log and projected into facts.

Free text is dropped from the payload first (DP-07), so the log holds codes, ids, dates and amounts only.

The shared `BatchProcessor` calls `record_event` once per event, inside one transaction per consumed batch
(up to `consumer_batch_size` events). The handler only builds plain row dicts and adds them to the batch
writer of that transaction (`adapters.projection.ProjectionRows`, registered as the consumer's
`batch_writer`), which the processor flushes just before the commit with one executemany INSERT per table:
three statements per batch, no ORM objects, no SELECT and no statement per event. The rebuild writes
through the same `ProjectionRows`. The inbox, written in the same transaction by the consumer loop, makes
the event log idempotent by event id.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from reporting.adapters import orm
from reporting.adapters.projection import ProjectionRows
from reporting.domain.errors import InvalidFact
from reporting.service.facts import EMPTY, Projection, project_event, scrub_free_text
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import HandlerContext
from shared.logging import get_logger

log = get_logger(__name__)

_LIMITS = (
    ("event_type", orm.EVENT_TYPE_MAX),
    ("source", orm.SOURCE_MAX),
    ("subject", orm.SUBJECT_MAX),
    ("correlation_id", orm.CORRELATION_ID_MAX),
)


async def record_event(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Append a consumed event to the reporting event log and add its facts (DP-07: codes only)."""
    for name, limit in _LIMITS:
        value = getattr(envelope, name)
        if value is not None and len(value) > limit:
            # Refused here rather than at commit, where it would fail the whole batch first.
            raise InvalidFact(f"envelope {name} is longer than {limit} characters")
    payload = scrub_free_text(envelope.payload.model_dump(mode="json"))
    projection = safe_projection(
        envelope.event_type, envelope.event_version, payload, envelope.occurred_at, envelope.event_id
    )
    ctx.require_writer(ProjectionRows).add(
        {
            "event_id": envelope.event_id,
            "event_type": envelope.event_type,
            "event_version": envelope.event_version,
            "source": envelope.source,
            "subject": envelope.subject,
            "occurred_at": envelope.occurred_at,
            "correlation_id": envelope.correlation_id,
            "payload": payload,
        },
        fact_values(projection, envelope.event_id),
        superseded_values(projection, envelope.event_id),
    )


def safe_projection(
    event_type: str, version: int, payload: dict[str, Any], occurred_at: Any, event_id: UUID
) -> Projection:
    """Project an event; one that cannot be mapped keeps its log entry and adds no facts (fixed by a rebuild)."""
    try:
        return project_event(event_type, version, payload, occurred_at)
    except InvalidFact as exc:
        log.warning("fact_mapping_failed", event_id=str(event_id), event_type=event_type, reason=exc.detail)
        return EMPTY


def fact_values(projection: Projection, event_id: UUID) -> list[dict[str, Any]]:
    """The `fact` rows of one projection."""
    client_key = projection.client_key
    if client_key is not None and len(client_key) > orm.CLIENT_KEY_MAX:
        client_key = None
    return [
        {
            "event_id": event_id,
            "kind": fact.kind.value,
            "occurred_on": fact.occurred_on,
            "programme": fact.programme,
            "residence_nis": fact.residence_nis,
            "performer_nis": fact.performer_nis,
            "client_key": client_key,
            "subject_key": fact.subject_pseudonym,
            "professional_key": fact.professional_id,
            "profession": fact.profession,
            "funding_type": fact.funding_type,
            "scenario": None if fact.scenario is None else fact.scenario.value,
            "attributes": dict(fact.attributes),
            "amount": fact.amount,
            "record_key": _key(projection.record_key),
        }
        for fact in projection.facts
    ]


def superseded_values(projection: Projection, event_id: UUID) -> list[dict[str, Any]]:
    """The `superseded_record` row of one projection, if the event replaces an earlier record."""
    key = _key(projection.supersedes)
    return [] if key is None else [{"record_key": key, "superseded_by": event_id}]


def _key(value: str | None) -> str | None:
    return value if value is None or len(value) <= orm.RECORD_KEY_MAX else value[: orm.RECORD_KEY_MAX]
