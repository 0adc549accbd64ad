"""The envelope around every event, modelled on CloudEvents (id + source unique; type carries the version).

On the wire the envelope is JSON; `event_type`, `event_version`, `event_id` and `correlation_id` are also put in
Kafka headers so consumers can route before they decode. `subject` is the partition key: for client events
the client pseudonym, so that all events of one client stay ordered within a producer's topic.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, SerializeAsAny, field_validator

from shared.events.base import EventPayload

P = TypeVar("P", bound=EventPayload)


class RawEnvelope(BaseModel):
    """The envelope as decoded from the wire, payload still untyped."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: uuid.UUID
    event_type: str
    event_version: int = Field(ge=1)
    source: str
    occurred_at: AwareDatetime
    subject: str
    correlation_id: str | None = None
    causation_id: str | None = None
    payload: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)


class EventEnvelope(BaseModel, Generic[P]):
    """An envelope with its typed payload."""

    model_config = ConfigDict(frozen=True)

    event_id: uuid.UUID
    event_type: str
    event_version: int
    source: str
    occurred_at: AwareDatetime
    subject: str
    correlation_id: str | None = None
    causation_id: str | None = None
    # Serialised by its runtime class: the registry builds `EventEnvelope[EventPayload]`, whose declared payload
    # type has no fields, so a decoded envelope would otherwise encode with an empty payload.
    payload: SerializeAsAny[P]

    @property
    def topic(self) -> str:
        return self.payload.topic


def new_envelope(
    payload: P,
    *,
    source: str,
    subject: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    occurred_at: datetime | None = None,
    event_id: uuid.UUID | None = None,
) -> EventEnvelope[P]:
    """Wrap a payload in a fresh envelope (new event id, now in UTC unless given)."""
    when = occurred_at or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    return EventEnvelope[P](
        event_id=event_id or uuid.uuid4(),
        event_type=payload.event_type,
        event_version=payload.event_version,
        source=source,
        occurred_at=when.astimezone(UTC),
        subject=subject,
        correlation_id=correlation_id,
        causation_id=causation_id,
        payload=payload,
    )
