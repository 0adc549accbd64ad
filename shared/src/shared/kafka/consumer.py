"""The consumer loop: batch → decode → inbox dedupe + handlers in ONE transaction → commit DB → commit offsets.

Guarantees:
- an event's effects and its inbox row commit together, so a redelivered event (at-least-once delivery,
  relay re-sends, rebalances, restarts) is applied exactly once;
- offsets are committed only after the database commit, so a crash never skips an event;
- an event that cannot be decoded, has an unknown version, or that a handler rejects (a `DomainError`, a
  validation or integrity error) goes to `<topic>.dlq` with the reason in headers, and the loop goes on;
- transient failures (database or network) are retried with capped backoff; the batch is never skipped.

Speed: the fast path applies a whole batch in one transaction with one multi-row inbox insert. Only when a
handler rejects an event is the batch replayed one event per savepoint, so the good events still apply and
only the poison one is dead-lettered.

Deferred writes: handlers may queue rows instead of writing them one by one, and the processor writes them at
fixed points of the transaction. The outbox (`HandlerContext.outbox`) is one such writer; a consumer can add
its own through `ConsumerSpec.batch_writer`, a factory of `BatchWriter`s (one per transaction, reached by the
handlers as `HandlerContext.writer` / `require_writer(cls)`). Both are flushed at the same points: before the
fast path commits, and before each savepoint of the careful replay is released; both are discarded when a
savepoint rolls back. A writer of a rolled-back transaction is dropped with it. A consumer without a writer
pays nothing for the hook.

This module holds the handler contract and the `BatchProcessor`; the Kafka poll/commit loop is in
`shared.kafka.loop` and the transient/poison classification in `shared.kafka.failures`. Import all of it from here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import structlog
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.events.contracts.topics import dlq
from shared.events.envelope import EventEnvelope
from shared.events.registry import EventRegistry, UndecodableEvent, UnknownEvent, decode_raw
from shared.kafka.failures import TransientError, is_transient, rejection_reason
from shared.kafka.loop import ConsumedRecord, ConsumerConfig, KafkaConsumerLoop
from shared.kafka.producer import OutgoingMessage, Producer
from shared.kafka.retry import RetryPolicy
from shared.logging import get_logger
from shared.metrics import Metrics
from shared.outbox.writer import OutboxWriter

__all__ = [
    "BatchProcessor",
    "BatchResult",
    "BatchWriter",
    "BatchWriterFactory",
    "ConsumedRecord",
    "ConsumerConfig",
    "ConsumerSpec",
    "Handler",
    "HandlerContext",
    "KafkaConsumerLoop",
    "TransientError",
    "is_transient",
    "rejection_reason",
]

log = get_logger(__name__)


class BatchWriter(Protocol):
    """Rows a consumer's handlers queue during a transaction, written by the `BatchProcessor` (see above).

    `flush` writes what is queued in the caller's session and forgets it, so nothing is written twice; it is
    called before the commit and before each savepoint of the careful replay is released. `discard` forgets
    what is queued after a savepoint was rolled back (everything queued since the last flush belongs to it).
    """

    async def flush(self, session: AsyncSession) -> None: ...

    def discard(self) -> None: ...


BatchWriterFactory = Callable[[], BatchWriter]
W = TypeVar("W")


@dataclass
class HandlerContext:
    """What a handler gets besides the event: the message's session, the service's outbox if it has one,
    and the consumer's batch writer if its spec has one (`ConsumerSpec.batch_writer`)."""

    session: AsyncSession
    outbox: OutboxWriter | None
    envelope: EventEnvelope[Any]
    writer: BatchWriter | None = None

    def require_outbox(self) -> OutboxWriter:
        if self.outbox is None:
            raise RuntimeError("this consumer has no outbox table")
        return self.outbox

    def require_writer(self, kind: type[W]) -> W:
        """The batch writer of this transaction, as the class the consumer registered."""
        writer = self.writer
        if not isinstance(writer, kind):
            raise RuntimeError(f"this consumer has no batch writer of type {kind.__name__}")
        return writer


Handler = Callable[[EventEnvelope[Any], HandlerContext], Awaitable[None]]


@dataclass(frozen=True)
class ConsumerSpec:
    """A consumer group: its topics and a handler per event type (events without a handler are skipped).

    `batch_writer`, if given, makes one `BatchWriter` per transaction for the handlers (`HandlerContext.writer`);
    the processor flushes and discards it where it flushes and discards the outbox.
    """

    group_id: str
    topics: tuple[str, ...]
    handlers: Mapping[str, Handler]
    batch_writer: BatchWriterFactory | None = None


@dataclass
class BatchResult:
    applied: int = 0
    duplicates: int = 0
    skipped: int = 0
    dead_lettered: int = 0


class _Poison(Exception):
    def __init__(self, index: int, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.index = index
        self.cause = cause


class BatchProcessor:
    """Applies decoded records to the database; independent of Kafka so it can be tested directly."""

    def __init__(
        self,
        spec: ConsumerSpec,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        inbox_table: Table,
        registry: EventRegistry,
        dlq_producer: Producer,
        outbox_table: Table | None = None,
        retry: RetryPolicy | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.spec = spec
        self._sessionmaker = sessionmaker
        self._inbox = inbox_table
        self._outbox_table = outbox_table
        self._registry = registry
        self._dlq = dlq_producer
        self._retry = retry or RetryPolicy()
        self._metrics = metrics
        self._new_writer = spec.batch_writer

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy for transient failures (the loop also uses its `max_delay` as its pause)."""
        return self._retry

    async def process(self, records: Sequence[ConsumedRecord]) -> BatchResult:
        """Apply a batch exactly once per event id; dead-letter what cannot be applied. Retries transient errors."""
        result = BatchResult()
        decoded: list[tuple[ConsumedRecord, EventEnvelope[Any]]] = []
        dead: list[tuple[ConsumedRecord, str, str]] = []
        seen: set[Any] = set()
        for rec in records:
            header_type = rec.headers.get("event_type")
            if header_type is not None and header_type.decode() not in self.spec.handlers:
                result.skipped += 1
                continue
            try:
                raw = decode_raw(rec.value)
                if raw.event_type not in self.spec.handlers:
                    result.skipped += 1
                    continue
                envelope = self._registry.type_envelope(raw)
            except (UndecodableEvent, UnknownEvent) as exc:
                dead.append((rec, *rejection_reason(exc)))
                continue
            if envelope.event_id in seen:
                result.duplicates += 1
                continue
            seen.add(envelope.event_id)
            decoded.append((rec, envelope))

        attempt = 0
        while True:
            attempt += 1
            try:
                try:
                    applied, duplicates = await self._apply_fast(decoded, dead)
                    result.applied += applied
                    result.duplicates += duplicates
                except Exception as fast_exc:
                    # Not only _Poison: a handler's writes can also fail when flushed or committed (e.g. an
                    # outbox or integrity conflict). Replay one event per savepoint to find the poison one.
                    if is_transient(fast_exc):
                        raise
                    applied, duplicates, poison = await self._apply_careful(decoded, dead)
                    result.applied += applied
                    result.duplicates += duplicates
                    dead = dead + poison
                break
            except Exception as exc:
                if not is_transient(exc) or attempt >= self._retry.max_attempts:
                    raise
                log.warning("consumer_batch_retry", attempt=attempt, error=type(exc).__name__)
                await asyncio.sleep(self._retry.delay(attempt))
        result.dead_lettered = len(dead)
        self._count(result, records)
        return result

    async def _apply_fast(
        self,
        decoded: list[tuple[ConsumedRecord, EventEnvelope[Any]]],
        dead: list[tuple[ConsumedRecord, str, str]],
    ) -> tuple[int, int]:
        async with self._sessionmaker() as session, session.begin():
            outbox = OutboxWriter(session, self._outbox_table) if self._outbox_table is not None else None
            writer = self._new_writer() if self._new_writer is not None else None
            new_ids = await self._insert_inbox(session, decoded, outcome="applied")
            applied = 0
            for index, (rec, envelope) in enumerate(decoded):
                if envelope.event_id not in new_ids:
                    continue
                try:
                    await self._call(rec, envelope, session, outbox, writer)
                except Exception as exc:
                    if is_transient(exc):
                        raise
                    raise _Poison(index, exc) from exc
                applied += 1
            if outbox is not None:
                await outbox.flush_pending()
            if writer is not None:
                await writer.flush(session)
            await self._send_dead(dead)
        return applied, len(decoded) - len(new_ids)

    async def _apply_careful(
        self,
        decoded: list[tuple[ConsumedRecord, EventEnvelope[Any]]],
        dead: list[tuple[ConsumedRecord, str, str]],
    ) -> tuple[int, int, list[tuple[ConsumedRecord, str, str]]]:
        applied = duplicates = 0
        poison: list[tuple[ConsumedRecord, str, str]] = []
        async with self._sessionmaker() as session, session.begin():
            outbox = OutboxWriter(session, self._outbox_table) if self._outbox_table is not None else None
            writer = self._new_writer() if self._new_writer is not None else None
            for rec, envelope in decoded:
                failure: BaseException | None = None
                try:
                    async with session.begin_nested():
                        new_ids = await self._insert_inbox(session, [(rec, envelope)], outcome="applied")
                        if not new_ids:
                            duplicates += 1
                            continue
                        await self._call(rec, envelope, session, outbox, writer)
                        if outbox is not None:
                            await outbox.flush_pending()
                        if writer is not None:
                            await writer.flush(session)
                except Exception as exc:
                    if is_transient(exc):
                        raise
                    failure = exc
                if failure is None:
                    applied += 1
                    continue
                if outbox is not None:
                    outbox.discard_pending()
                if writer is not None:
                    writer.discard()
                # Remember the verdict so a redelivery is not dead-lettered a second time.
                await self._insert_inbox(session, [(rec, envelope)], outcome="dead_lettered")
                poison.append((rec, *rejection_reason(failure)))
                log.warning(
                    "event_rejected",
                    event_id=str(envelope.event_id),
                    event_type=envelope.event_type,
                    reason=poison[-1][2],
                )
            await self._send_dead(dead + poison)
        return applied, duplicates, poison

    async def _call(
        self,
        rec: ConsumedRecord,
        envelope: EventEnvelope[Any],
        session: AsyncSession,
        outbox: OutboxWriter | None,
        writer: BatchWriter | None,
    ) -> None:
        handler = self.spec.handlers[envelope.event_type]
        with structlog.contextvars.bound_contextvars(
            event_id=str(envelope.event_id),
            event_type=envelope.event_type,
            topic=rec.topic,
            partition=rec.partition,
            offset=rec.offset,
            correlation_id=envelope.correlation_id or str(envelope.event_id),
            causation_id=str(envelope.event_id),
        ):
            await handler(envelope, HandlerContext(session, outbox, envelope, writer))

    async def _insert_inbox(
        self,
        session: AsyncSession,
        items: Sequence[tuple[ConsumedRecord, EventEnvelope[Any]]],
        *,
        outcome: str,
    ) -> set[Any]:
        if not items:
            return set()
        # Parameters as an executemany, not `.values([...])`: SQLAlchemy then compiles the statement once
        # (cached) and sends the rows as multi-row INSERTs ("insertmanyvalues", up to 1000 rows each), instead
        # of compiling a new 7-parameters-per-row statement for every batch (which made the dedupe path of a
        # 1000-event batch about 3x slower; `make bench`, duplicate replay).
        stmt = pg_insert(self._inbox).on_conflict_do_nothing().returning(self._inbox.c.event_id)
        rows = [
            {
                "consumer": self.spec.group_id,
                "event_id": env.event_id,
                "event_type": env.event_type,
                "topic": rec.topic,
                "partition": rec.partition,
                "offset": rec.offset,
                "outcome": outcome,
            }
            for rec, env in items
        ]
        return set((await session.execute(stmt, rows)).scalars())

    async def _send_dead(self, dead: Sequence[tuple[ConsumedRecord, str, str]]) -> None:
        if not dead:
            return
        now = datetime.now(UTC).isoformat()
        messages = []
        for rec, error_type, reason in dead:
            headers = {k: v.decode(errors="replace") for k, v in rec.headers.items()}
            headers.update(
                {
                    "dlq_error_type": error_type,
                    "dlq_reason": reason,
                    "dlq_source_topic": rec.topic,
                    "dlq_source_partition": str(rec.partition),
                    "dlq_source_offset": str(rec.offset),
                    "dlq_consumer_group": self.spec.group_id,
                    "dlq_failed_at": now,
                }
            )
            key = rec.key.decode(errors="replace") if rec.key else ""
            messages.append(OutgoingMessage(dlq(rec.topic), key, rec.value, headers))
        # Sent before the database commit: a crash in between re-sends (a duplicate in the DLQ), never loses.
        await self._dlq.send_batch(messages, timeout=30.0)
        if self._metrics is not None:
            for rec, _, _ in dead:
                self._metrics.consumer_dlq.labels(self.spec.group_id, rec.topic).inc()

    def _count(self, result: BatchResult, records: Sequence[ConsumedRecord]) -> None:
        if self._metrics is None or not records:
            return
        topic = records[0].topic
        m = self._metrics.consumer_processed
        for outcome, n in (
            ("applied", result.applied),
            ("duplicate", result.duplicates),
            ("skipped", result.skipped),
            ("dead_lettered", result.dead_lettered),
        ):
            if n:
                m.labels(self.spec.group_id, topic, outcome).inc(n)
