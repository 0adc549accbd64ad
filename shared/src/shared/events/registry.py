"""Registry of every event payload class, keyed by (event_type, event_version); encode and decode.

The registry is built explicitly (`default_registry()` collects the contract modules) and passed around;
there is no module-level mutable registry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from shared.events.base import EventPayload
from shared.events.envelope import EventEnvelope, RawEnvelope


class UnknownEvent(LookupError):
    """The (type, version) pair is not registered."""


class UndecodableEvent(ValueError):
    """The bytes are not a valid envelope, or the payload does not match its registered class."""


@dataclass
class EventRegistry:
    """Maps (event_type, event_version) to its payload class, and topics to their event types."""

    _by_key: dict[tuple[str, int], type[EventPayload]] = field(default_factory=dict)

    def register(self, cls: type[EventPayload]) -> type[EventPayload]:
        key = (cls.event_type, cls.event_version)
        existing = self._by_key.get(key)
        if existing is not None and existing is not cls:
            raise ValueError(f"event {key} registered twice ({existing.__name__}, {cls.__name__})")
        self._by_key[key] = cls
        return cls

    def register_all(self, classes: Iterable[type[EventPayload]]) -> EventRegistry:
        for cls in classes:
            self.register(cls)
        return self

    def get(self, event_type: str, event_version: int) -> type[EventPayload]:
        try:
            return self._by_key[(event_type, event_version)]
        except KeyError:
            raise UnknownEvent(f"unknown event {event_type} v{event_version}") from None

    def classes(self) -> list[type[EventPayload]]:
        return sorted(self._by_key.values(), key=lambda c: (c.topic, c.event_type, c.event_version))

    def topics(self) -> list[str]:
        return sorted({cls.topic for cls in self._by_key.values()})

    def decode(self, raw: bytes | str) -> EventEnvelope[EventPayload]:
        """Decode wire bytes into a typed envelope; raise UndecodableEvent or UnknownEvent."""
        envelope = decode_raw(raw)
        return self.type_envelope(envelope)

    def type_envelope(self, envelope: RawEnvelope) -> EventEnvelope[EventPayload]:
        cls = self.get(envelope.event_type, envelope.event_version)
        try:
            payload = cls.model_validate(envelope.payload)
        except ValidationError as exc:
            raise UndecodableEvent(_short_validation_error(exc)) from None
        return EventEnvelope[EventPayload].model_construct(
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            event_version=envelope.event_version,
            source=envelope.source,
            occurred_at=envelope.occurred_at,
            subject=envelope.subject,
            correlation_id=envelope.correlation_id,
            causation_id=envelope.causation_id,
            payload=payload,
        )


def decode_raw(raw: bytes | str) -> RawEnvelope:
    """Parse the envelope without typing the payload."""
    try:
        return RawEnvelope.model_validate_json(raw)
    except ValidationError as exc:
        raise UndecodableEvent(_short_validation_error(exc)) from None


def encode(envelope: EventEnvelope[Any]) -> bytes:
    """Serialise an envelope to compact JSON bytes (what goes into the outbox and onto the wire)."""
    data = envelope.model_dump(mode="json")
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _short_validation_error(exc: ValidationError) -> str:
    # Only locations and error types: input values may contain personal data and must not reach logs/headers.
    parts = [f"{'.'.join(str(p) for p in err['loc'])}: {err['type']}" for err in exc.errors()[:5]]
    return "; ".join(parts) or "invalid"


def default_registry() -> EventRegistry:
    """Every event contract of the suite."""
    from shared.events import contracts

    return EventRegistry().register_all(contracts.ALL_EVENTS)
