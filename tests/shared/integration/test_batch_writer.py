"""A consumer's batch writer (`ConsumerSpec.batch_writer`) against a real PostgreSQL.

The processor makes one writer per transaction and drives it like the outbox: flushed before the fast path
commits and before each savepoint of the careful replay is released, discarded when a savepoint is rolled
back. These tests pin that contract with a writer that queues `notes` rows and records how it was driven.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import RuleViolated
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import BatchProcessor, ConsumedRecord, ConsumerSpec, HandlerContext
from shared.kafka.producer import FakeProducer, Producer
from shared.kafka.retry import RetryPolicy
from tests.shared.integration.helpers import (
    TOPIC,
    NoteAddedV1,
    RecordingProducer,
    TestDB,
    note,
    record,
    records,
    registry,
)

pytestmark = pytest.mark.integration

GROUP = "test-writer-group"


class NoteRows:
    """Queues `notes` rows and writes them with one executemany per flush; records how it was driven."""

    def __init__(self, notes: Table) -> None:
        self._notes = notes
        self.pending: list[dict[str, Any]] = []
        self.flushes = 0  # calls of `flush`, whether they wrote anything or failed
        self.written: list[int] = []  # the `n` of every row a flush wrote
        self.discarded: list[int] = []  # the `n` of every row a discard dropped

    def add(self, env: EventEnvelope[Any], n: int) -> None:
        self.pending.append({"event_id": env.event_id, "subject": env.subject, "n": n})

    async def flush(self, session: AsyncSession) -> None:
        self.flushes += 1
        if self.pending:
            await session.execute(insert(self._notes), self.pending)
            self.written += [row["n"] for row in self.pending]
        self.pending = []

    def discard(self) -> None:
        self.discarded += [row["n"] for row in self.pending]
        self.pending = []


class Writers:
    """The factory given to `ConsumerSpec.batch_writer`; keeps every writer it made."""

    def __init__(self, notes: Table) -> None:
        self._notes = notes
        self.made: list[NoteRows] = []

    def __call__(self) -> NoteRows:
        self.made.append(NoteRows(self._notes))
        return self.made[-1]


async def queue_note(env: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Queues the note in the batch writer; a note with the text 'reject' is refused after queueing it."""
    payload = env.payload
    assert isinstance(payload, NoteAddedV1)
    ctx.require_writer(NoteRows).add(env, payload.n)
    if payload.text == "reject":
        raise RuleViolated(f"note {payload.n} refused", code="TEST_REFUSED", rule="T-1")


def processor(
    db: TestDB, writers: Writers | None, dlq: Producer | None = None, handler: Any = None
) -> BatchProcessor:
    spec = ConsumerSpec(
        group_id=GROUP,
        topics=(TOPIC,),
        handlers={"test.note.added": handler or queue_note},
        batch_writer=writers,
    )
    return BatchProcessor(
        spec,
        sessionmaker=db.sessionmaker,
        inbox_table=db.schema.inbox,
        registry=registry(),
        dlq_producer=dlq or FakeProducer(),
        outbox_table=db.schema.outbox,
        retry=RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.02),
    )


async def inbox(db: TestDB) -> dict[uuid.UUID, str]:
    i = db.schema.inbox.c
    return {
        r.event_id: r.outcome for r in await db.rows(select(i.event_id, i.outcome).where(i.consumer == GROUP))
    }


async def test_the_writer_is_flushed_once_with_the_batch_and_commits_with_its_inbox_rows(db: TestDB) -> None:
    envs = [note("client-a", n) for n in range(5)]
    writers = Writers(db.schema.notes)
    proc = processor(db, writers)

    result = await proc.process(records(envs))

    assert result.applied == 5
    [writer] = writers.made  # one writer for the batch's one transaction
    assert (writer.flushes, writer.written, writer.discarded) == (1, [0, 1, 2, 3, 4], [])
    assert await db.notes() == [("client-a", n) for n in range(5)]
    assert await inbox(db) == {e.event_id: "applied" for e in envs}

    again = await proc.process(records(envs))  # a redelivery: the inbox keeps the handler from queueing
    assert (again.applied, again.duplicates) == (0, 5)
    assert writers.made[1].written == []
    assert await db.count(db.schema.notes) == 5


async def test_a_rejected_event_s_queued_rows_are_discarded_with_its_savepoint(db: TestDB) -> None:
    envs = [note("client-a", 0), note("client-a", 1), note("client-a", 2, "reject"), note("client-a", 3)]
    writers = Writers(db.schema.notes)
    dlq = FakeProducer()

    result = await processor(db, writers, dlq).process(records(envs))

    assert (result.applied, result.dead_lettered) == (3, 1)
    fast, careful = writers.made
    assert (fast.flushes, fast.written) == (0, [])  # the handler refused before the fast path's flush
    # The careful replay: one flush per applied event's savepoint, none at the commit (nothing left).
    assert (careful.flushes, careful.written, careful.discarded) == (3, [0, 1, 3], [2])
    assert await db.notes() == [("client-a", 0), ("client-a", 1), ("client-a", 3)]
    assert [m.headers["dlq_error_type"] for m in dlq.sent] == ["handler_rejected"]
    assert (await inbox(db))[envs[2].event_id] == "dead_lettered"


async def test_rows_that_fail_when_flushed_dead_letter_only_their_event(db: TestDB) -> None:
    envs = [note(f"client-{k}", n) for n, k in enumerate("abcde")]
    poison = envs[2]
    # Already in `notes` but not in the inbox: its row breaks the unique event_id only when it is flushed.
    async with db.sessionmaker() as session, session.begin():
        await session.execute(
            insert(db.schema.notes).values(event_id=poison.event_id, subject="earlier", n=99)
        )
    writers = Writers(db.schema.notes)
    dlq = FakeProducer()

    result = await processor(db, writers, dlq).process(records(envs))

    assert (result.applied, result.dead_lettered) == (4, 1)
    fast, careful = writers.made
    assert (fast.flushes, fast.written) == (1, [])  # the batch's one flush failed
    assert (careful.written, careful.discarded) == ([0, 1, 3, 4], [2])
    assert await db.notes() == [
        ("earlier", 99),
        *[(f"client-{k}", n) for n, k in enumerate("abcde") if n != 2],
    ]
    assert [m.headers["dlq_error_type"] for m in dlq.sent] == ["integrity_error"]
    assert await inbox(db) == {e.event_id: ("dead_lettered" if e is poison else "applied") for e in envs}


async def test_a_batch_retried_after_a_transient_failure_writes_its_rows_once(db: TestDB) -> None:
    envs = [note("client-a", n) for n in range(3)]
    garbage = ConsumedRecord(
        topic=TOPIC, partition=0, offset=9, key=b"client-z", value=b"{not json", headers={}
    )
    dlq = RecordingProducer()
    dlq.fail_next = 1  # the DLQ send after the flush fails once: the first transaction rolls back
    writers = Writers(db.schema.notes)

    result = await processor(db, writers, dlq).process([*records(envs), garbage])

    assert (result.applied, result.dead_lettered) == (3, 1)
    first, second = writers.made  # a fresh writer for the retried transaction
    assert first.written == second.written == [0, 1, 2]  # flushed twice, committed once
    assert await db.notes() == [("client-a", n) for n in range(3)]
    assert len(dlq.sent) == 1


async def test_a_consumer_without_a_batch_writer_gives_its_handlers_none(db: TestDB) -> None:
    seen: list[HandlerContext] = []

    async def handler(env: EventEnvelope[Any], ctx: HandlerContext) -> None:
        seen.append(ctx)

    result = await processor(db, None, handler=handler).process([record(note("client-a", 1), 0)])

    assert result.applied == 1
    [ctx] = seen
    assert ctx.writer is None
    with pytest.raises(RuntimeError, match="no batch writer"):
        ctx.require_writer(NoteRows)
