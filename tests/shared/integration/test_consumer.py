"""BatchProcessor against a real PostgreSQL: exactly-once effects per event id, dead letters, retries."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, MessageSizeTooLargeError
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from shared.errors import NotFound
from shared.events.registry import encode
from shared.kafka.consumer import (
    BatchProcessor,
    ConsumedRecord,
    ConsumerSpec,
    HandlerContext,
    TransientError,
    is_transient,
)
from shared.kafka.producer import FakeProducer, Producer
from shared.kafka.retry import RetryPolicy
from shared.metrics import Metrics
from tests.shared.integration.helpers import (
    TOPIC,
    RecordingProducer,
    TestDB,
    note,
    note_handler,
    record,
    records,
    registry,
)

pytestmark = pytest.mark.integration

GROUP = "test-group"


def processor(
    db: TestDB,
    dlq: Producer,
    *,
    handlers: dict[str, Any] | None = None,
    with_outbox: bool = True,
    metrics: Metrics | None = None,
) -> BatchProcessor:
    spec = ConsumerSpec(
        group_id=GROUP,
        topics=(TOPIC,),
        handlers=handlers or {"test.note.added": note_handler(db.schema.notes)},
    )
    return BatchProcessor(
        spec,
        sessionmaker=db.sessionmaker,
        inbox_table=db.schema.inbox,
        registry=registry(),
        dlq_producer=dlq,
        outbox_table=db.schema.outbox if with_outbox else None,
        retry=RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.02),
        metrics=metrics,
    )


async def inbox(db: TestDB) -> dict[uuid.UUID, str]:
    i = db.schema.inbox.c
    return {
        r.event_id: r.outcome for r in await db.rows(select(i.event_id, i.outcome).where(i.consumer == GROUP))
    }


async def test_a_batch_applies_each_event_once_and_a_redelivery_applies_nothing(db: TestDB) -> None:
    envs = [note(f"client-{k}", n) for n in range(3) for k in "ab"]
    recs = records(envs)
    metrics = Metrics()
    proc = processor(db, FakeProducer(), metrics=metrics)

    result = await proc.process(recs)
    assert (result.applied, result.duplicates, result.skipped, result.dead_lettered) == (6, 0, 0, 0)
    assert await db.notes() == [(e.subject, e.payload.n) for e in envs]
    assert await inbox(db) == {e.event_id: "applied" for e in envs}
    i = db.schema.inbox.c
    offsets = await db.rows(select(i.topic, i.partition, i.offset, i.event_type).order_by(i.offset))
    assert offsets == [(TOPIC, 0, n, "test.note.added") for n in range(6)]

    again = await proc.process(recs)  # a redelivery (relay re-send, rebalance, restart)
    assert (again.applied, again.duplicates, again.dead_lettered) == (0, 6, 0)
    assert await db.count(db.schema.notes) == 6

    def processed(outcome: str) -> float | None:
        labels = {"group": GROUP, "topic": TOPIC, "outcome": outcome}
        return metrics.registry.get_sample_value("consumer_events_processed_total", labels)

    assert (processed("applied"), processed("duplicate")) == (6.0, 6.0)


async def test_duplicate_event_ids_inside_one_batch_apply_once(db: TestDB) -> None:
    first, second = note("client-a", 1), note("client-a", 2)
    recs = [record(first, 0), record(second, 1), record(first, 2), record(first, 3, partition=1)]
    result = await processor(db, FakeProducer()).process(recs)
    assert (result.applied, result.duplicates) == (2, 2)
    assert await db.notes() == [("client-a", 1), ("client-a", 2)]


async def test_undecodable_and_unknown_version_go_to_the_dlq_and_the_rest_applies(db: TestDB) -> None:
    good = [note("client-a", 1), note("client-b", 1)]
    garbage = ConsumedRecord(
        topic=TOPIC,
        partition=2,
        offset=41,
        key=b"client-z",
        value=b"{not json 85073003328",
        headers={"event_type": b"test.note.added"},
    )
    v2 = note("client-y", 1)
    v2_value = json.loads(encode(v2)) | {"event_version": 2}
    unknown_version = record(v2, 42, partition=2, value=json.dumps(v2_value).encode())
    dlq = FakeProducer()
    recs = [record(good[0], 0), garbage, unknown_version, record(good[1], 1)]

    result = await processor(db, dlq).process(recs)
    assert (result.applied, result.dead_lettered) == (2, 2)
    assert await db.notes() == [("client-a", 1), ("client-b", 1)]
    assert [(m.topic, m.key, m.value) for m in dlq.sent] == [
        (f"{TOPIC}.dlq", "client-z", garbage.value),
        (f"{TOPIC}.dlq", "client-y", unknown_version.value),
    ]
    for msg, offset in zip(dlq.sent, (41, 42), strict=True):
        h = msg.headers
        assert h["dlq_error_type"] == "undecodable"
        assert h["dlq_source_topic"] == TOPIC
        assert (h["dlq_source_partition"], h["dlq_source_offset"]) == ("2", str(offset))
        assert h["dlq_consumer_group"] == GROUP
        assert h["dlq_failed_at"]
        assert "85073003328" not in json.dumps(h)
    assert "json_invalid" in dlq.sent[0].headers["dlq_reason"]
    assert dlq.sent[0].headers["event_type"] == "test.note.added"  # original headers are kept
    assert "test.note.added v2" in dlq.sent[1].headers["dlq_reason"]
    assert dlq.sent[1].headers["event_id"] == str(v2.event_id)
    assert set(await inbox(db)) == {e.event_id for e in good}  # no inbox row for what could not be decoded


async def test_a_rejected_event_is_dead_lettered_once_and_the_others_apply(db: TestDB) -> None:
    envs = [note("client-a", 1), note("client-a", 2, "reject"), note("client-b", 1)]
    recs = records(envs)
    dlq = FakeProducer()
    proc = processor(db, dlq)

    result = await proc.process(recs)
    assert (result.applied, result.dead_lettered) == (2, 1)
    assert await db.notes() == [("client-a", 1), ("client-b", 1)]
    assert await inbox(db) == {
        envs[0].event_id: "applied",
        envs[1].event_id: "dead_lettered",
        envs[2].event_id: "applied",
    }
    (dead,) = dlq.sent
    assert (dead.topic, dead.key, dead.value) == (f"{TOPIC}.dlq", "client-a", recs[1].value)
    assert dead.headers["dlq_error_type"] == "handler_rejected"
    assert dead.headers["dlq_reason"] == "TEST_REFUSED: note 2 refused"
    assert dead.headers["dlq_source_offset"] == "1"

    again = await proc.process(recs)
    assert (again.applied, again.duplicates, again.dead_lettered) == (0, 3, 0)
    assert len(dlq.sent) == 1
    assert await db.count(db.schema.notes) == 2


async def test_handler_outbox_writes_commit_with_the_event_and_vanish_when_rejected(db: TestDB) -> None:
    envs = [note("client-a", 1, "echo"), note("client-a", 2, "echo reject"), note("client-b", 1, "echo")]
    handler = note_handler(db.schema.notes, rejected_texts=frozenset({"echo reject"}))
    result = await processor(db, FakeProducer(), handlers={"test.note.added": handler}).process(records(envs))
    assert (result.applied, result.dead_lettered) == (2, 1)
    o = db.schema.outbox.c
    rows = await db.rows(select(o.event_type, o.topic, o.key, o.headers).order_by(o.id))
    assert [(r.event_type, r.topic, r.key) for r in rows] == [
        ("test.note.echoed", "test.echoes", "client-a"),
        ("test.note.echoed", "test.echoes", "client-b"),
    ]
    # The handler ran with the incoming event's correlation id bound.
    assert [r.headers["correlation_id"] for r in rows] == [str(envs[0].event_id), str(envs[2].event_id)]


async def test_a_failing_outbox_write_rejects_only_its_event(db: TestDB) -> None:
    # "echo same" derives the echo's event id from the subject: the second such event of a subject collides in
    # the outbox (unique event_id) when its writes are flushed, not inside the handler call.
    envs = [note("client-a", 1, "echo same"), note("client-a", 2, "echo same"), note("client-b", 1)]
    dlq = FakeProducer()
    result = await processor(db, dlq).process(records(envs))
    assert (result.applied, result.dead_lettered) == (2, 1)
    assert await db.notes() == [("client-a", 1), ("client-b", 1)]
    assert await db.count(db.schema.outbox) == 1
    assert [m.headers["dlq_error_type"] for m in dlq.sent] == ["integrity_error"]
    assert (await inbox(db))[envs[1].event_id] == "dead_lettered"


async def test_events_without_a_handler_are_skipped_without_inbox_rows(db: TestDB) -> None:
    handled = note("client-a", 1)
    other = note("client-b", 1)
    no_header = record(other, 1)
    no_header = ConsumedRecord(no_header.topic, 0, 1, no_header.key, no_header.value, headers={})
    dlq = FakeProducer()
    proc = processor(db, dlq, handlers={"test.note.other": note_handler(db.schema.notes)})
    result = await proc.process([record(handled, 0), no_header])
    assert (result.applied, result.skipped, result.dead_lettered) == (0, 2, 0)
    assert await inbox(db) == {}
    assert await db.count(db.schema.notes) == 0
    assert dlq.sent == []


async def test_a_transient_error_is_retried_and_then_applied_once(db: TestDB) -> None:
    calls: dict[uuid.UUID, int] = {}
    inner = note_handler(db.schema.notes)

    async def flaky(env: Any, ctx: HandlerContext) -> None:
        await inner(env, ctx)  # its insert is rolled back with the failed attempt
        calls[env.event_id] = calls.get(env.event_id, 0) + 1
        if env.payload.n == 2 and calls[env.event_id] <= 2:
            raise TransientError("dependency briefly unavailable")

    envs = [note("client-a", 1), note("client-a", 2), note("client-a", 3)]
    result = await processor(db, FakeProducer(), handlers={"test.note.added": flaky}).process(records(envs))
    assert (result.applied, result.dead_lettered) == (3, 0)
    assert calls[envs[1].event_id] == 3
    assert await db.notes() == [("client-a", 1), ("client-a", 2), ("client-a", 3)]


async def test_a_transient_error_that_persists_is_raised_not_dead_lettered(db: TestDB) -> None:
    async def down(env: Any, ctx: HandlerContext) -> None:
        raise TransientError("still down")

    dlq = FakeProducer()
    with pytest.raises(TransientError):
        await processor(db, dlq, handlers={"test.note.added": down}).process(records([note("client-a", 1)]))
    assert dlq.sent == []
    assert await inbox(db) == {}


async def test_a_dlq_broker_failure_is_retried(db: TestDB) -> None:
    dlq = RecordingProducer()
    dlq.fail_next = 2
    dlq.failure = KafkaTimeoutError  # what aiokafka raises while the broker is unreachable
    garbage = ConsumedRecord(TOPIC, 0, 0, b"k", b"garbage", {})
    result = await processor(db, dlq).process([garbage, record(note("client-a", 1), 1)])
    assert (result.applied, result.dead_lettered) == (1, 1)
    assert [m.value for m in dlq.sent] == [b"garbage"]


async def test_is_transient_classification(db: TestDB) -> None:
    assert is_transient(TransientError("x"))
    assert is_transient(ConnectionError())
    assert is_transient(TimeoutError())
    assert is_transient(OSError())
    assert is_transient(KafkaConnectionError())
    assert is_transient(KafkaTimeoutError())
    assert not is_transient(MessageSizeTooLargeError())
    assert not is_transient(NotFound("x"))
    assert not is_transient(ValueError("x"))
    assert not is_transient(RuntimeError("x"))

    async def raised(sql: str) -> BaseException:
        async with db.sessionmaker() as session:
            with pytest.raises(DBAPIError) as caught:
                await session.execute(text(sql))
        return caught.value

    def raise_with(sqlstate: str) -> str:
        return f"DO $$ BEGIN RAISE EXCEPTION 'boom' USING ERRCODE = '{sqlstate}'; END $$"

    for sqlstate in ("40001", "40P01", "57P01"):  # serialization failure, deadlock, admin shutdown
        assert is_transient(await raised(raise_with(sqlstate))), sqlstate
    assert not is_transient(await raised("SELECT 1/0"))
    async with db.sessionmaker() as session:
        with pytest.raises(IntegrityError) as integrity:
            await session.execute(text("INSERT INTO notes (subject, n) VALUES (NULL, 1)"))
    assert not is_transient(integrity.value)
