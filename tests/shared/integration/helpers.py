"""Helpers for the event plumbing tests: a test schema, a test event, record builders, producers, bounded waits."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import MessageSizeTooLargeError
from sqlalchemy import (
    BigInteger,
    Column,
    Identity,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    func,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.db import make_metadata
from shared.errors import RuleViolated
from shared.events.base import EventPayload
from shared.events.envelope import EventEnvelope, new_envelope
from shared.events.registry import EventRegistry, encode
from shared.kafka.consumer import ConsumedRecord, Handler, HandlerContext
from shared.kafka.producer import OutgoingMessage
from shared.outbox.tables import attach
from shared.outbox.writer import kafka_headers

TOPIC = "test.notes"


class NoteAddedV1(EventPayload):
    """A test event: `n` orders the notes of one subject."""

    event_type: ClassVar[str] = "test.note.added"
    event_version: ClassVar[int] = 1
    topic: ClassVar[str] = TOPIC

    n: int
    text: str = ""


class NoteEchoedV1(EventPayload):
    """What the test handler writes to its outbox."""

    event_type: ClassVar[str] = "test.note.echoed"
    event_version: ClassVar[int] = 1
    topic: ClassVar[str] = "test.echoes"

    source_event_id: uuid.UUID


def registry() -> EventRegistry:
    return EventRegistry().register_all([NoteAddedV1, NoteEchoedV1])


@dataclass
class Schema:
    metadata: MetaData
    outbox: Table
    inbox: Table
    notes: Table


def build_schema() -> Schema:
    metadata = make_metadata()
    outbox, inbox = attach(metadata)
    notes = Table(
        "notes",
        metadata,
        Column("seq", BigInteger, Identity(always=True), primary_key=True),
        # No ON CONFLICT anywhere: applying one event twice raises.
        Column("event_id", Uuid, nullable=True, unique=True),
        Column("subject", String(200), nullable=False),
        Column("n", Integer, nullable=False),
    )
    return Schema(metadata, outbox, inbox, notes)


@dataclass
class TestDB:
    __test__ = False

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    schema: Schema

    async def scalar(self, stmt: Any) -> Any:
        async with self.sessionmaker() as session:
            return await session.scalar(stmt)

    async def rows(self, stmt: Any) -> list[Any]:
        async with self.sessionmaker() as session:
            return list((await session.execute(stmt)).all())

    async def count(self, table: Table, *where: Any) -> int:
        return int(await self.scalar(select(func.count()).select_from(table).where(*where)))

    async def notes(self) -> list[tuple[str, int]]:
        n = self.schema.notes
        return [(r.subject, r.n) for r in await self.rows(select(n.c.subject, n.c.n).order_by(n.c.seq))]


def note(
    subject: str, n: int, text: str = "", *, event_id: uuid.UUID | None = None
) -> EventEnvelope[NoteAddedV1]:
    return new_envelope(NoteAddedV1(n=n, text=text), source="test", subject=subject, event_id=event_id)


def record(
    env: EventEnvelope[Any],
    offset: int,
    *,
    topic: str = TOPIC,
    partition: int = 0,
    value: bytes | None = None,
) -> ConsumedRecord:
    return ConsumedRecord(
        topic=topic,
        partition=partition,
        offset=offset,
        key=env.subject.encode(),
        value=encode(env) if value is None else value,
        headers={k: v.encode() for k, v in kafka_headers(env).items()},
    )


def records(
    envs: Sequence[EventEnvelope[Any]], *, topic: str = TOPIC, start: int = 0
) -> list[ConsumedRecord]:
    return [record(env, start + i, topic=topic) for i, env in enumerate(envs)]


def message(env: EventEnvelope[Any], *, topic: str) -> OutgoingMessage:
    return OutgoingMessage(topic, env.subject, encode(env), kafka_headers(env))


def note_handler(notes: Table, *, rejected_texts: frozenset[str] = frozenset({"reject"})) -> Handler:
    """Inserts a row per note (no ON CONFLICT, so a second application raises).

    Text in `rejected_texts` raises a DomainError; text containing 'echo' first adds an event to the outbox, whose
    id derives from the incoming event id, or from the subject when the text also contains 'same'.
    """

    async def handle(env: EventEnvelope[Any], ctx: HandlerContext) -> None:
        payload = env.payload
        assert isinstance(payload, NoteAddedV1)
        if "echo" in payload.text:
            echo = new_envelope(
                NoteEchoedV1(source_event_id=env.event_id),
                source="test",
                subject=env.subject,
                event_id=uuid.uuid5(
                    uuid.NAMESPACE_URL, f"echo:{env.subject}" if "same" in payload.text else str(env.event_id)
                ),
            )
            ctx.require_outbox().add(echo)
        if payload.text in rejected_texts:
            raise RuleViolated(f"note {payload.n} refused", code="TEST_REFUSED", rule="T-1")
        await ctx.session.execute(
            insert(notes).values(event_id=env.event_id, subject=env.subject, n=payload.n)
        )

    return handle


class RecordingProducer:
    """Records sent batches into `log` (shared between producers to see the global send order).

    `fail_next` fails the next calls with `failure()` (a ConnectionError unless changed); messages whose key is in
    `reject_keys` make the call fail with a non-retriable MessageSizeTooLargeError (a row that fails on its own).
    """

    def __init__(self, log: list[OutgoingMessage] | None = None, *, max_delay: float = 0.0) -> None:
        self.sent: list[OutgoingMessage] = [] if log is None else log
        self.max_delay = max_delay
        self.fail_next = 0
        self.failure: Callable[[], BaseException] = lambda: ConnectionError("fake broker unavailable")
        self.reject_keys: set[str] = set()
        self.calls: list[int] = []

    async def send_batch(self, messages: Sequence[OutgoingMessage], *, timeout: float = 30.0) -> None:
        self.calls.append(len(messages))
        if self.max_delay:
            await asyncio.sleep(random.uniform(0, self.max_delay))
        if self.fail_next > 0:
            self.fail_next -= 1
            raise self.failure()
        if any(m.key in self.reject_keys for m in messages):
            raise MessageSizeTooLargeError()
        self.sent.extend(messages)


async def wait_until(
    check: Callable[[], Awaitable[bool]], *, timeout: float = 10.0, interval: float = 0.05, what: str = ""
) -> None:
    """Poll `check` until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or check}")
        await asyncio.sleep(interval)


async def read_topic(
    bootstrap: str, topic: str, expected: int, *, timeout: float = 15.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read a topic from the beginning (no group) until `expected` records arrived; bounded by `timeout`."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    got: list[ConsumerRecord[bytes, bytes]] = []
    try:
        partitions = await asyncio.wait_for(_partitions(consumer, topic), timeout=timeout)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + timeout
        while len(got) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for msgs in batch.values():
                got.extend(msgs)
        # Anything beyond `expected` would be a duplicate: give it a short chance to show up.
        batch = await consumer.getmany(timeout_ms=300)
        for msgs in batch.values():
            got.extend(msgs)
    finally:
        await consumer.stop()
    return got


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    while True:
        parts = consumer.partitions_for_topic(topic)
        if parts:
            return [TopicPartition(topic, p) for p in sorted(parts)]
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.05)


def headers_of(rec: ConsumerRecord[bytes, bytes]) -> dict[str, str]:
    return {k: v.decode() for k, v in rec.headers or ()}


def by_key(pairs: Sequence[tuple[str, int]]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for key, n in pairs:
        grouped.setdefault(key, []).append(n)
    return grouped
