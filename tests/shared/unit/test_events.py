"""Event envelope, registry, encode/decode: typed round trips and refusals that never echo input values."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, ClassVar

import pytest

from shared.events.base import EventPayload
from shared.events.contracts.screening import PregnancyRegisteredV1
from shared.events.contracts.topics import SCREENING_EVENTS
from shared.events.envelope import EventEnvelope, new_envelope
from shared.events.registry import (
    EventRegistry,
    UndecodableEvent,
    UnknownEvent,
    decode_raw,
    default_registry,
    encode,
)
from shared.outbox.writer import kafka_headers

pytestmark = pytest.mark.unit

PSEUDONYM = "pseudo-0123456789abcdef"
BRUSSELS_SUMMER = timezone(timedelta(hours=2))


def _payload(**overrides: Any) -> PregnancyRegisteredV1:
    fields: dict[str, Any] = {
        "pregnancy_id": uuid.UUID("11111111-2222-3333-4444-555555555555"),
        "client_pseudonym": PSEUDONYM,
        "expected_delivery_date": date(2026, 3, 14),
        "residence_nis": "21004",
        "mutuality_code": "300",
    }
    fields.update(overrides)
    return PregnancyRegisteredV1(**fields)


def _envelope(**kwargs: Any) -> EventEnvelope[PregnancyRegisteredV1]:
    return new_envelope(
        _payload(),
        source="screening",
        subject=PSEUDONYM,
        correlation_id="corr-1",
        causation_id="cause-1",
        occurred_at=kwargs.pop("occurred_at", datetime(2025, 7, 1, 14, 30, tzinfo=BRUSSELS_SUMMER)),
        **kwargs,
    )


def _wire(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(encode(_envelope()))
    data.update(overrides)
    return data


def test_new_envelope_fills_ids_type_version_and_utc() -> None:
    env = _envelope()
    assert isinstance(env.event_id, uuid.UUID)
    assert env.event_id.version == 4
    assert env.event_type == "screening.pregnancy.registered"
    assert env.event_version == 1
    assert env.topic == SCREENING_EVENTS
    assert env.occurred_at == datetime(2025, 7, 1, 12, 30, tzinfo=UTC)
    assert env.occurred_at.utcoffset() == timedelta(0)
    assert _envelope().event_id != env.event_id  # a fresh id per envelope
    given = uuid.uuid4()
    assert _envelope(event_id=given).event_id == given


def test_new_envelope_defaults_to_now_in_utc() -> None:
    before = datetime.now(UTC)
    env = new_envelope(_payload(), source="screening", subject=PSEUDONYM)
    assert before <= env.occurred_at <= datetime.now(UTC)
    assert env.occurred_at.tzinfo is not None
    assert env.occurred_at.utcoffset() == timedelta(0)


def test_new_envelope_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        new_envelope(_payload(), source="screening", subject=PSEUDONYM, occurred_at=datetime(2025, 7, 1, 12))


def test_round_trip_keeps_every_field_and_types_the_payload() -> None:
    env = _envelope()
    wire = encode(env)
    data = json.loads(wire)
    assert data["occurred_at"] == "2025-07-01T12:30:00Z"
    assert data["event_id"] == str(env.event_id)
    assert data["payload"]["residence_nis"] == "21004"

    decoded = default_registry().decode(wire)
    assert isinstance(decoded.payload, PregnancyRegisteredV1)
    assert decoded.payload == env.payload
    assert decoded.payload.expected_delivery_date == date(2026, 3, 14)
    assert isinstance(decoded.payload.pregnancy_id, uuid.UUID)
    assert (decoded.event_id, decoded.event_type, decoded.event_version) == (
        env.event_id,
        env.event_type,
        env.event_version,
    )
    assert (decoded.source, decoded.subject) == ("screening", PSEUDONYM)
    assert (decoded.correlation_id, decoded.causation_id) == ("corr-1", "cause-1")
    assert decoded.occurred_at == env.occurred_at
    assert decoded.occurred_at.utcoffset() == timedelta(0)


def test_a_decoded_envelope_encodes_to_the_same_bytes() -> None:
    # A consumer that forwards or re-stores what it decoded must not lose the payload.
    wire = encode(_envelope())
    decoded = default_registry().decode(wire)
    assert json.loads(encode(decoded))["payload"] == json.loads(wire)["payload"]
    assert encode(decoded) == wire


def test_decode_accepts_str_and_converts_offsets_to_utc() -> None:
    wire = _wire(occurred_at="2025-07-01T14:30:00+02:00")
    decoded = default_registry().decode(json.dumps(wire))
    assert decoded.occurred_at == datetime(2025, 7, 1, 12, 30, tzinfo=UTC)
    assert decoded.occurred_at.utcoffset() == timedelta(0)


def test_kafka_headers_carry_routing_fields() -> None:
    env = _envelope()
    assert kafka_headers(env) == {
        "event_id": str(env.event_id),
        "event_type": "screening.pregnancy.registered",
        "event_version": "1",
        "content-type": "application/json",
        "correlation_id": "corr-1",
        "causation_id": "cause-1",
    }


@pytest.mark.parametrize(
    ("event_type", "event_version"),
    [("screening.pregnancy.registered", 2), ("screening.unheard.of", 1)],
)
def test_unknown_type_or_version_raises_unknown_event(event_type: str, event_version: int) -> None:
    wire = json.dumps(_wire(event_type=event_type, event_version=event_version))
    with pytest.raises(UnknownEvent):
        default_registry().decode(wire)
    # The envelope itself is fine: routing can still read it.
    assert decode_raw(wire).event_type == event_type


SECRET = "85073003328"


@pytest.mark.parametrize(
    "raw",
    [
        b"not json at all " + SECRET.encode(),
        b'{"event_id": "' + SECRET.encode() + b'"',  # truncated JSON
        b"\xff\xfe" + SECRET.encode(),  # not UTF-8
        json.dumps(_wire(event_id=SECRET)).encode(),
        json.dumps(_wire(occurred_at="2025-07-01T12:30:00")).encode(),  # naive timestamp
        json.dumps(_wire(event_version=0)).encode(),
        json.dumps({k: v for k, v in _wire().items() if k != "payload"}).encode(),
        json.dumps(_wire(payload=SECRET)).encode(),
        json.dumps(_wire(payload={**_wire()["payload"], "residence_nis": SECRET})).encode(),
        json.dumps(_wire(payload={**_wire()["payload"], "pregnancy_id": SECRET})).encode(),
        json.dumps(_wire(payload={"client_pseudonym": SECRET})).encode(),
    ],
    ids=[
        "garbage",
        "truncated",
        "not-utf8",
        "bad-event-id",
        "naive-time",
        "version-0",
        "no-payload",
        "payload-not-object",
        "payload-pattern",
        "payload-uuid",
        "payload-missing-fields",
    ],
)
def test_bad_input_raises_undecodable_without_echoing_values(raw: bytes) -> None:
    with pytest.raises(UndecodableEvent) as caught:
        default_registry().decode(raw)
    message = str(caught.value)
    assert message
    assert SECRET not in message
    assert "8507" not in message
    assert caught.value.__cause__ is None  # the pydantic error (which holds the input) is not chained
    assert caught.value.__suppress_context__


def test_payload_validation_error_names_the_failing_field() -> None:
    raw = json.dumps(_wire(payload={**_wire()["payload"], "residence_nis": "x"}))
    with pytest.raises(UndecodableEvent, match="residence_nis: string_pattern_mismatch"):
        default_registry().decode(raw)


class _OtherPregnancyRegistered(EventPayload):
    event_type: ClassVar[str] = "screening.pregnancy.registered"
    event_version: ClassVar[int] = 1
    topic: ClassVar[str] = SCREENING_EVENTS

    something: str = ""


class _PregnancyRegisteredV2(EventPayload):
    event_type: ClassVar[str] = "screening.pregnancy.registered"
    event_version: ClassVar[int] = 2
    topic: ClassVar[str] = SCREENING_EVENTS

    pregnancy_id: uuid.UUID


def test_registry_refuses_two_classes_for_one_type_and_version() -> None:
    registry = EventRegistry().register_all([PregnancyRegisteredV1])
    registry.register(PregnancyRegisteredV1)  # the same class again is harmless
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(_OtherPregnancyRegistered)
    assert registry.get("screening.pregnancy.registered", 1) is PregnancyRegisteredV1


def test_registry_keeps_versions_apart() -> None:
    registry = EventRegistry().register_all([PregnancyRegisteredV1, _PregnancyRegisteredV2])
    assert registry.get("screening.pregnancy.registered", 2) is _PregnancyRegisteredV2
    assert registry.classes() == [PregnancyRegisteredV1, _PregnancyRegisteredV2]
    assert registry.topics() == [SCREENING_EVENTS]
    v2 = new_envelope(
        _PregnancyRegisteredV2(pregnancy_id=uuid.uuid4()), source="screening", subject=PSEUDONYM
    )
    decoded = registry.decode(encode(v2))
    assert isinstance(decoded.payload, _PregnancyRegisteredV2)
    assert decoded.event_version == 2
    with pytest.raises(UnknownEvent):
        EventRegistry().get("screening.pregnancy.registered", 1)


def test_default_registry_holds_the_screening_contract() -> None:
    assert default_registry().get("screening.pregnancy.registered", 1) is PregnancyRegisteredV1


def test_envelopes_and_payloads_are_frozen() -> None:
    env = _envelope()
    with pytest.raises(ValueError, match="frozen"):
        env.subject = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="frozen"):
        env.payload.residence_nis = "11002"  # type: ignore[misc]
