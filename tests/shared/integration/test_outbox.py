"""Transactional outbox and relay against a real PostgreSQL (and the real broker for the last test)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
import structlog
from sqlalchemy import func, insert, select, text, update

from shared.db import UnitOfWork
from shared.events.registry import decode_raw, encode
from shared.kafka.admin import ensure_topics
from shared.kafka.producer import FakeProducer, KafkaProducer, Producer
from shared.kafka.retry import RetryPolicy
from shared.metrics import Metrics
from shared.outbox.relay import OutboxRelay, RelayConfig, outbox_stats, requeue
from shared.outbox.writer import kafka_headers
from tests.shared.integration.helpers import (
    RecordingProducer,
    TestDB,
    by_key,
    headers_of,
    note,
    read_topic,
    registry,
    wait_until,
)

pytestmark = pytest.mark.integration

FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02)


def relay_for(
    db: TestDB,
    producer: Producer,
    *,
    service: str | None = None,
    batch_size: int = 500,
    metrics: Metrics | None = None,
) -> OutboxRelay:
    config = RelayConfig(
        service=service or f"svc-{uuid.uuid4().hex[:8]}",
        batch_size=batch_size,
        poll_interval=0.01,
        retry=FAST_RETRY,
        retention=timedelta(days=1),
    )
    return OutboxRelay(db.sessionmaker, db.schema.outbox, producer, config, metrics)


async def add_notes(db: TestDB, items: list[tuple[str, int]], *, topic: str | None = None) -> list[uuid.UUID]:
    """One unit of work per call: a domain row and an outbox row per (subject, n)."""
    ids = []
    async with UnitOfWork(db.sessionmaker, outbox_table=db.schema.outbox) as uow:
        for subject, n in items:
            env = note(subject, n)
            await uow.session.execute(
                insert(db.schema.notes).values(event_id=env.event_id, subject=subject, n=n)
            )
            uow.outbox.add(env, topic=topic)
            ids.append(env.event_id)
        await uow.commit()
    return ids


async def pending_count(db: TestDB) -> int:
    o = db.schema.outbox.c
    return await db.count(db.schema.outbox, o.published_at.is_(None), o.parked_at.is_(None))


async def run_relays(*relays: OutboxRelay, until: Any, timeout: float = 10.0) -> None:
    tasks = [asyncio.create_task(r.run()) for r in relays]
    try:
        await wait_until(until, timeout=timeout, what="the relay")
    finally:
        for r in relays:
            r.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)


def sent_ids(messages: list[Any]) -> list[str]:
    return [m.headers["event_id"] for m in messages]


def sent_pairs(messages: list[Any]) -> list[tuple[str, int]]:
    return [(m.key, decode_raw(m.value).payload["n"]) for m in messages]


async def test_outbox_row_commits_with_the_domain_row(db: TestDB) -> None:
    env = note("client-a", 1)
    async with UnitOfWork(db.sessionmaker, outbox_table=db.schema.outbox) as uow:
        await uow.session.execute(
            insert(db.schema.notes).values(event_id=env.event_id, subject="client-a", n=1)
        )
        uow.outbox.add(env)
        assert await db.count(db.schema.outbox) == 0  # nothing visible before the commit
        await uow.commit()

    assert await db.notes() == [("client-a", 1)]
    (row,) = await db.rows(select(db.schema.outbox))
    assert (row.event_id, row.event_type, row.topic, row.key) == (
        env.event_id,
        "test.note.added",
        "test.notes",
        "client-a",
    )
    assert bytes(row.value) == encode(env)
    assert row.headers == kafka_headers(env)
    assert (row.published_at, row.parked_at, row.attempts, row.last_error) == (None, None, 0, None)
    assert row.created_at.tzinfo is not None


@pytest.mark.parametrize("flush_first", [False, True])
async def test_rollback_discards_both_rows(db: TestDB, flush_first: bool) -> None:
    env = note("client-a", 1)
    with pytest.raises(RuntimeError, match="use case failed"):
        async with UnitOfWork(db.sessionmaker, outbox_table=db.schema.outbox) as uow:
            await uow.session.execute(
                insert(db.schema.notes).values(event_id=env.event_id, subject="client-a", n=1)
            )
            uow.outbox.add(env)
            if flush_first:
                await uow.flush()
                assert await uow.session.scalar(select(func.count()).select_from(db.schema.outbox)) == 1
            raise RuntimeError("use case failed")
    assert await db.count(db.schema.notes) == 0
    assert await db.count(db.schema.outbox) == 0


async def test_leaving_without_commit_discards_both_rows(db: TestDB) -> None:
    async with UnitOfWork(db.sessionmaker, outbox_table=db.schema.outbox) as uow:
        await uow.session.execute(insert(db.schema.notes).values(subject="client-a", n=1))
        uow.outbox.add(note("client-a", 1))
        await uow.flush()
    assert await db.count(db.schema.notes) == 0
    assert await db.count(db.schema.outbox) == 0


async def test_outbox_takes_the_bound_correlation_id_and_key_override(db: TestDB) -> None:
    env = note("client-a", 1)
    with structlog.contextvars.bound_contextvars(correlation_id="corr-77"):
        async with UnitOfWork(db.sessionmaker, outbox_table=db.schema.outbox) as uow:
            uow.outbox.add(env, key="other-key", topic="other.topic")
            await uow.commit()
    (row,) = await db.rows(select(db.schema.outbox))
    assert (row.key, row.topic) == ("other-key", "other.topic")
    assert row.headers["correlation_id"] == "corr-77"
    assert decode_raw(bytes(row.value)).correlation_id == "corr-77"


async def test_relay_publishes_in_id_order_across_batches(db: TestDB) -> None:
    items = [(f"client-{k}", n) for n in range(4) for k in "abc"]
    ids = await add_notes(db, items[:7])
    ids += await add_notes(db, items[7:])
    fake = FakeProducer()
    metrics = Metrics()
    relay = relay_for(db, fake, service="ordered", batch_size=5, metrics=metrics)

    assert [await relay.publish_batch() for _ in range(4)] == [5, 5, 2, 0]
    labels = {"service": "ordered"}
    assert metrics.registry.get_sample_value("outbox_published_events_total", labels) == 12
    assert metrics.registry.get_sample_value("outbox_publish_delay_seconds_count", labels) == 3
    assert sent_ids(fake.sent) == [str(i) for i in ids]
    assert sent_pairs(fake.sent) == items
    assert by_key(sent_pairs(fake.sent)) == {f"client-{k}": [0, 1, 2, 3] for k in "abc"}
    assert [m.topic for m in fake.sent] == ["test.notes"] * 12
    assert await pending_count(db) == 0
    o = db.schema.outbox.c
    assert await db.count(db.schema.outbox, o.published_at.is_not(None), o.attempts == 0) == 12


async def test_failed_send_leaves_rows_pending_and_a_later_run_publishes_them(db: TestDB) -> None:
    ids = await add_notes(db, [("client-a", n) for n in range(5)])
    fake = FakeProducer()
    fake.fail_next = 1
    relay = relay_for(db, fake, batch_size=3)
    with pytest.raises(Exception) as caught:
        await relay.publish_batch()
    assert isinstance(caught.value.__cause__, ConnectionError)
    assert fake.sent == []
    assert await pending_count(db) == 5

    fake.fail_next = 1
    await run_relays(relay_for(db, fake, batch_size=3), until=lambda: _none_pending(db))
    assert sent_ids(fake.sent) == [str(i) for i in ids]
    o = db.schema.outbox.c
    rows = await db.rows(select(o.attempts, o.last_error, o.parked_at).order_by(o.id))
    assert [r.attempts for r in rows] == [1, 1, 1, 0, 0]
    assert all("ConnectionError" in r.last_error for r in rows[:3])
    assert all(r.parked_at is None for r in rows)


async def _none_pending(db: TestDB) -> bool:
    return await pending_count(db) == 0


async def test_a_broker_outage_longer_than_max_attempts_parks_nothing(db: TestDB) -> None:
    ids = await add_notes(db, [(f"client-{k}", n) for n in range(3) for k in "ab"])
    fake = FakeProducer()
    fake.fail_next = FAST_RETRY.max_attempts * 3
    relay = relay_for(db, fake, batch_size=4)
    await run_relays(relay, until=lambda: _none_pending(db))
    assert fake.fail_next == 0
    assert sent_ids(fake.sent) == [str(i) for i in ids]  # nothing parked, nothing reordered
    o = db.schema.outbox.c
    assert await db.count(db.schema.outbox, o.parked_at.is_not(None)) == 0
    assert await db.scalar(select(func.max(o.attempts))) >= FAST_RETRY.max_attempts


async def test_a_row_failing_on_its_own_is_parked_and_blocks_nothing(db: TestDB) -> None:
    await add_notes(db, [("client-a", 1), ("poison", 1), ("client-a", 2), ("client-b", 1)])
    producer = RecordingProducer()
    producer.reject_keys = {"poison"}
    relay = relay_for(db, producer, batch_size=10)
    o = db.schema.outbox.c
    await run_relays(relay, until=lambda: _none_pending(db))

    parked = await db.rows(select(o.key, o.attempts, o.last_error).where(o.parked_at.is_not(None)))
    assert [(r.key, r.attempts) for r in parked] == [("poison", FAST_RETRY.max_attempts)]
    assert "MessageSizeTooLargeError" in parked[0].last_error
    assert sent_pairs(producer.sent) == [("client-a", 1), ("client-a", 2), ("client-b", 1)]
    assert await db.count(db.schema.outbox, o.published_at.is_not(None)) == 3

    # A later row is not blocked by the parked one.
    await add_notes(db, [("client-b", 2)])
    assert await relay.publish_batch() == 1
    assert sent_pairs(producer.sent)[-1] == ("client-b", 2)
    assert await db.count(db.schema.outbox, o.parked_at.is_not(None)) == 1


async def test_outbox_stats_reports_pending_age_and_parked(db: TestDB) -> None:
    async with db.sessionmaker() as session:
        assert await outbox_stats(session, db.schema.outbox) == (0, 0.0, 0)
    await add_notes(db, [("client-a", n) for n in range(5)])
    t = db.schema.outbox
    o = t.c
    async with db.sessionmaker() as session, session.begin():
        await session.execute(
            update(t).where(o.id == 2).values(created_at=func.now() - text("interval '90 seconds'"))
        )
        await session.execute(
            update(t)
            .where(o.id == 1)
            .values(created_at=func.now() - text("interval '1 hour'"), published_at=func.now())
        )
        await session.execute(
            update(t)
            .where(o.id.in_([4, 5]))
            .values(parked_at=func.now(), created_at=func.now() - text("interval '2 hours'"))
        )
    async with db.sessionmaker() as session:
        pending, age, parked = await outbox_stats(session, db.schema.outbox)
    assert (pending, parked) == (2, 2)  # ids 2 and 3 pending; the published row and parked rows do not count
    assert 89 <= age < 120


async def test_requeue_makes_parked_and_recently_published_rows_pending(db: TestDB) -> None:
    ids = await add_notes(db, [("client-a", n) for n in range(5)])
    t = db.schema.outbox
    o = t.c
    async with db.sessionmaker() as session, session.begin():
        await session.execute(
            update(t).where(o.id == 1).values(parked_at=func.now(), attempts=8, last_error="x")
        )
        await session.execute(
            update(t).where(o.id == 2).values(published_at=func.now() - text("interval '1 hour'"))
        )
        await session.execute(
            update(t).where(o.id == 3).values(published_at=func.now() - text("interval '3 days'"))
        )
    async with db.sessionmaker() as session, session.begin():
        assert await requeue(session, db.schema.outbox) == 1  # only the parked row
    async with db.sessionmaker() as session, session.begin():
        await session.execute(update(t).where(o.id == 1).values(parked_at=func.now()))
        assert await requeue(session, db.schema.outbox, include_published_since=timedelta(days=1)) == 2

    rows = await db.rows(select(o.id, o.attempts, o.parked_at, o.published_at).order_by(o.id))
    assert [(r.attempts, r.parked_at) for r in rows[:2]] == [(0, None), (0, None)]
    assert rows[2].published_at is not None  # outside the window
    fake = FakeProducer()
    assert await relay_for(db, fake).publish_batch() == 4
    assert sent_ids(fake.sent) == [str(ids[i]) for i in (0, 1, 3, 4)]


async def test_purge_deletes_only_rows_published_before_the_retention(db: TestDB) -> None:
    await add_notes(db, [("client-a", n) for n in range(4)])
    t = db.schema.outbox
    o = t.c
    async with db.sessionmaker() as session, session.begin():
        await session.execute(
            update(t).where(o.id == 1).values(published_at=func.now() - text("interval '2 days'"))
        )
        await session.execute(
            update(t).where(o.id == 2).values(published_at=func.now() - text("interval '1 hour'"))
        )
        await session.execute(
            update(t).where(o.id == 3).values(parked_at=func.now() - text("interval '9 days'"))
        )
    assert await relay_for(db, FakeProducer()).purge_published() == 1
    assert [r.id for r in await db.rows(select(o.id).order_by(o.id))] == [2, 3, 4]


async def test_two_relays_never_publish_a_row_twice_or_reorder_a_key(db: TestDB) -> None:
    items = [(f"client-{k}", n) for n in range(15) for k in "abcd"]
    for start in range(0, len(items), 10):
        await add_notes(db, items[start : start + 10])
    shared_log: list[Any] = []
    producers = [RecordingProducer(shared_log, max_delay=0.01) for _ in range(2)]
    relays = [relay_for(db, p, service="same-service", batch_size=4) for p in producers]
    await run_relays(*relays, until=lambda: _none_pending(db), timeout=20)

    ids = [m.headers["event_id"] for m in shared_log]
    assert len(ids) == len(set(ids)) == 60
    assert sent_pairs(shared_log) == items  # one relay at a time, in id order
    assert all(ns == list(range(15)) for ns in by_key(sent_pairs(shared_log)).values())


async def test_relay_publishes_to_the_real_broker_with_headers_and_key(
    db: TestDB, kafka_bootstrap: str
) -> None:
    topic = f"test.outbox.{uuid.uuid4().hex[:8]}"
    await asyncio.wait_for(ensure_topics(kafka_bootstrap, [topic], partitions=3), timeout=30)
    items = [(f"client-{k}", n) for n in range(4) for k in "abc"]
    ids = await add_notes(db, items, topic=topic)
    producer = KafkaProducer(kafka_bootstrap, client_id="outbox-test")
    await asyncio.wait_for(producer.start(), timeout=15)
    try:
        relay = relay_for(db, producer, batch_size=5)
        assert [await asyncio.wait_for(relay.publish_batch(), 20) for _ in range(4)] == [5, 5, 2, 0]
    finally:
        await asyncio.wait_for(producer.stop(), timeout=10)

    got = await read_topic(kafka_bootstrap, topic, len(items))
    assert len(got) == len(items)
    by_id = {headers_of(r)["event_id"]: r for r in got}
    assert set(by_id) == {str(i) for i in ids}
    expected = {str(i): pair for i, pair in zip(ids, items, strict=True)}
    for event_id, rec in by_id.items():
        env = registry().decode(rec.value)
        assert str(env.event_id) == event_id
        assert headers_of(rec) == kafka_headers(env)
        assert (headers_of(rec)["event_type"], headers_of(rec)["event_version"]) == ("test.note.added", "1")
        assert rec.key == env.subject.encode()
        assert (env.subject, env.payload.n) == expected[event_id]  # type: ignore[attr-defined]
    for key, recs in _group(got).items():
        assert len({r.partition for r in recs}) == 1  # one key, one partition
        ordered = sorted(recs, key=lambda r: r.offset)
        assert [registry().decode(r.value).payload.n for r in ordered] == [0, 1, 2, 3], key  # type: ignore[attr-defined]


def _group(recs: list[Any]) -> dict[bytes, list[Any]]:
    grouped: dict[bytes, list[Any]] = {}
    for r in recs:
        grouped.setdefault(r.key, []).append(r)
    return grouped
