"""The measured stages: outbox writes, the relay, and the consumer loop with the reporting handler.

Every wait is bounded: a stage that does not finish within its timeout stops and reports what it did (the
table marks it INCOMPLETE) instead of hanging. Nothing here asserts on timing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.adapters import orm as reporting_orm
from reporting.consumers import consumer_specs
from shared.config import ServiceSettings
from shared.db import UnitOfWork
from shared.events.envelope import EventEnvelope
from shared.events.registry import default_registry
from shared.kafka.consumer import (
    BatchProcessor,
    BatchResult,
    ConsumedRecord,
    ConsumerConfig,
    ConsumerSpec,
    KafkaConsumerLoop,
)
from shared.kafka.producer import Producer
from shared.outbox.relay import OutboxRelay, RelayConfig

REPORTING_GROUP = "reporting.event-log"


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class WriteOutcome:
    events: int
    seconds: float
    latencies: list[float] = field(default_factory=list)

    def latency_note(self) -> str:
        p50, p99 = _percentile(self.latencies, 0.5), _percentile(self.latencies, 0.99)
        return f"txn p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


async def warm_pool(sessionmaker: async_sessionmaker[AsyncSession], connections: int) -> None:
    """Open the pool's connections before timing (a use case finds them open in a running service)."""

    async def touch() -> None:
        async with sessionmaker() as session:
            await session.execute(text("SELECT 1"))
            await asyncio.sleep(0.05)  # hold it so that the others open their own

    async with asyncio.timeout(60):
        await asyncio.gather(*(touch() for _ in range(connections)))


async def write_single(
    sessionmaker: async_sessionmaker[AsyncSession],
    outbox: Table,
    envelopes: Sequence[EventEnvelope[Any]],
    *,
    topic: str,
    concurrency: int,
    timeout: float,
) -> WriteOutcome:
    """One event per use-case transaction (UnitOfWork + OutboxWriter), `concurrency` tasks at once."""
    pending = iter(envelopes)
    latencies: list[float] = []
    deadline = time.monotonic() + timeout

    async def worker() -> None:
        for envelope in pending:  # shared iterator: each envelope is taken by exactly one worker
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            async with UnitOfWork(sessionmaker, outbox_table=outbox) as uow:
                uow.outbox.add(envelope, topic=topic)
                await asyncio.wait_for(uow.commit(), timeout=60)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return WriteOutcome(len(latencies), time.perf_counter() - started, latencies)


async def write_batched(
    sessionmaker: async_sessionmaker[AsyncSession],
    outbox: Table,
    batches: Iterable[list[EventEnvelope[Any]]],
    *,
    topic: str,
    timeout: float,
) -> tuple[WriteOutcome, float]:
    """Many events per transaction through OutboxWriter (one multi-row insert per transaction).

    Only the transactions are timed (encoding in `OutboxWriter.add` included); building the envelopes is the
    workload generator's cost and is returned separately.
    """
    written, busy, building = 0, 0.0, 0.0
    latencies: list[float] = []
    deadline = time.monotonic() + timeout
    source: Iterator[list[EventEnvelope[Any]]] = iter(batches)
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        batch = next(source, None)
        t1 = time.perf_counter()
        building += t1 - t0
        if batch is None:
            break
        async with UnitOfWork(sessionmaker, outbox_table=outbox) as uow:
            for envelope in batch:
                uow.outbox.add(envelope, topic=topic)
            await asyncio.wait_for(uow.commit(), timeout=120)
        elapsed = time.perf_counter() - t1
        busy += elapsed
        latencies.append(elapsed)
        written += len(batch)
    return WriteOutcome(written, busy, latencies), building


async def relay_until_drained(
    sessionmaker: async_sessionmaker[AsyncSession],
    outbox: Table,
    producer: Producer,
    *,
    service: str,
    batch_size: int,
    timeout: float,
) -> tuple[int, float, int]:
    """Call `OutboxRelay.publish_batch` until it publishes nothing; return (published, seconds, batches)."""
    relay = OutboxRelay(sessionmaker, outbox, producer, RelayConfig(service=service, batch_size=batch_size))
    published = batches = 0
    deadline = time.monotonic() + timeout
    started = time.perf_counter()
    while time.monotonic() < deadline:
        n = await asyncio.wait_for(relay.publish_batch(), timeout=120)
        if n == 0:
            break
        published += n
        batches += 1
    return published, time.perf_counter() - started, batches


class CountingProcessor(BatchProcessor):
    """A BatchProcessor that adds up its results and notes when `target` events were handled."""

    def __init__(self, *args: Any, target: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        self.total = BatchResult()
        self.batches = 0
        self.finished_at: float | None = None
        self.done = asyncio.Event()

    async def process(self, records: Sequence[ConsumedRecord]) -> BatchResult:
        result = await super().process(records)
        self.batches += 1
        for name in ("applied", "duplicates", "skipped", "dead_lettered"):
            setattr(self.total, name, getattr(self.total, name) + getattr(result, name))
        if self.handled >= self.target and self.finished_at is None:
            self.finished_at = time.perf_counter()
            self.done.set()
        return result

    @property
    def handled(self) -> int:
        t = self.total
        return t.applied + t.duplicates + t.skipped + t.dead_lettered


def reporting_spec(group_id: str, topic: str) -> ConsumerSpec:
    """The reporting service's own event-log consumer (its handlers), on the benchmark's group and topic."""
    specs = [s for s in consumer_specs(ServiceSettings()) if s.group_id == REPORTING_GROUP]
    if not specs:
        raise RuntimeError(f"reporting has no consumer group {REPORTING_GROUP!r} any more; update bench/")
    return replace(specs[0], group_id=group_id, topics=(topic,))


@dataclass
class ConsumeOutcome:
    result: BatchResult
    seconds: float
    batches: int
    join_seconds: float


async def consume(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    bootstrap: str,
    spec: ConsumerSpec,
    dlq_producer: Producer,
    expected: int,
    batch_size: int,
    fetch_max_wait_ms: int,
    timeout: float,
) -> ConsumeOutcome:
    """Run KafkaConsumerLoop + BatchProcessor until `expected` records were handled (or `timeout`).

    The clock starts when the group has assigned the partitions (the join takes ~3 s on tansu and is not
    throughput) and stops when the batch that completes `expected` has committed to the database.
    """
    processor = CountingProcessor(
        spec,
        sessionmaker=sessionmaker,
        inbox_table=reporting_orm.inbox,
        outbox_table=None,
        registry=default_registry(),
        dlq_producer=dlq_producer,
        target=expected,
    )
    config = ConsumerConfig(
        bootstrap_servers=bootstrap,
        batch_size=batch_size,
        fetch_max_wait_ms=fetch_max_wait_ms,
        client_id="bench",
    )
    loop = KafkaConsumerLoop(processor, config)
    task: asyncio.Task[None] | None = None
    try:
        joining = time.perf_counter()
        await asyncio.wait_for(loop.start(), timeout=30)
        task = asyncio.create_task(loop.run(), name=f"bench-consumer-{spec.group_id}")
        deadline = time.monotonic() + 60
        while not loop.assignment():
            if task.done() or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.005)
        started = time.perf_counter()
        if task.done():
            task.result()  # the loop crashed while joining: raise its error
        if not loop.assignment():
            raise TimeoutError(f"{spec.group_id} got no partitions within 60 s")
        waiter = asyncio.create_task(processor.done.wait())
        try:
            await asyncio.wait({waiter, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if task.done():
            task.result()  # the loop stopped by itself: raise its error
        ended = processor.finished_at or time.perf_counter()
        return ConsumeOutcome(processor.total, ended - started, processor.batches, started - joining)
    finally:
        await loop.stop()  # the loop leaves getmany within 200 ms and closes its consumer (bounded)
        if task is None:  # interrupted while starting: run() returns at once after stop() and closes it
            task = asyncio.create_task(loop.run())
        done, _ = await asyncio.wait({task}, timeout=20)
        if not done:
            task.cancel()
            await asyncio.wait({task}, timeout=10)
        if task.done() and not task.cancelled():
            task.exception()  # already raised above if it matters; do not log it as never retrieved
