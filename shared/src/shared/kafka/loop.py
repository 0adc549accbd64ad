"""The Kafka side of the consumer: poll a batch, hand it to a `BatchProcessor`, then commit the offsets.

Offsets are committed only after `BatchProcessor.process` returned, i.e. after the database commit, so a crash
never skips an event. When the processor's own retries are exhausted on a transient failure, the loop pauses
(capped) and tries the same batch again; it never moves past it. Import these names from `shared.kafka.consumer`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.kafka.failures import is_transient
from shared.logging import get_logger
from shared.metrics import Metrics

if TYPE_CHECKING:
    from shared.kafka.consumer import BatchProcessor

# The logger name of these lines before the loop moved out of shared.kafka.consumer: log output is unchanged.
log = get_logger("shared.kafka.consumer")


@dataclass(frozen=True)
class ConsumedRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsumerConfig:
    bootstrap_servers: str
    batch_size: int = 1000
    fetch_max_wait_ms: int = 50
    commit_timeout: float = 10.0
    client_id: str | None = None


class KafkaConsumerLoop:
    """Runs a BatchProcessor over an aiokafka consumer group until stopped."""

    def __init__(
        self, processor: BatchProcessor, config: ConsumerConfig, metrics: Metrics | None = None
    ) -> None:
        self._processor = processor
        self._config = config
        self._metrics = metrics
        self._stopping = asyncio.Event()
        spec = processor.spec
        self._consumer = AIOKafkaConsumer(
            *spec.topics,
            bootstrap_servers=config.bootstrap_servers,
            group_id=spec.group_id,
            client_id=config.client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            # Faster group membership (platform.md: ~3 s instead of ~5 s for the first assignment).
            session_timeout_ms=6000,
            heartbeat_interval_ms=500,
            rebalance_timeout_ms=1000,
            fetch_max_wait_ms=config.fetch_max_wait_ms,
            max_poll_records=config.batch_size,
        )

    async def start(self) -> None:
        await self._consumer.start()

    async def stop(self) -> None:
        self._stopping.set()

    def assignment(self) -> set[TopicPartition]:
        return set(self._consumer.assignment())

    async def wait_assigned(self, timeout: float = 30.0) -> None:
        """Wait until the group has given this consumer partitions (tests wait for this, never a guess)."""
        deadline = time.monotonic() + timeout
        while not self._consumer.assignment():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no partitions assigned to {self._processor.spec.group_id} in {timeout}s")
            await asyncio.sleep(0.05)

    async def run(self) -> None:
        """Consume until `stop()`; always closes the consumer."""
        group = self._processor.spec.group_id
        log.info("consumer_started", group=group, topics=list(self._processor.spec.topics))
        try:
            while not self._stopping.is_set():
                batch = await self._consumer.getmany(timeout_ms=200, max_records=self._config.batch_size)
                if not batch:
                    continue
                await self._handle(batch)
        finally:
            await self._close()
            log.info("consumer_stopped", group=group)

    async def _handle(self, batch: Mapping[TopicPartition, Sequence[Any]]) -> None:
        records = [
            ConsumedRecord(
                topic=r.topic,
                partition=r.partition,
                offset=r.offset,
                key=r.key,
                value=r.value,
                headers={k: v for k, v in (r.headers or ())},
            )
            for msgs in batch.values()
            for r in msgs
        ]
        started = time.perf_counter()
        while True:
            try:
                await self._processor.process(records)
                break
            except Exception as exc:
                if not is_transient(exc):
                    raise
                # Retries inside process() are exhausted: pause (capped) and try the same batch again; offsets
                # stay uncommitted, so nothing is skipped even if this process dies now.
                log.error("consumer_batch_failed", error=type(exc).__name__, records=len(records))
                try:
                    await asyncio.wait_for(self._stopping.wait(), timeout=self._processor.retry.max_delay)
                    return
                except TimeoutError:
                    continue
        offsets = {tp: msgs[-1].offset + 1 for tp, msgs in batch.items() if msgs}
        try:
            await asyncio.wait_for(self._consumer.commit(offsets), timeout=self._config.commit_timeout)
        except Exception as exc:
            # The database already holds the effects and the inbox rows: a redelivery is deduplicated.
            log.warning("offset_commit_failed", error=type(exc).__name__)
        if self._metrics is not None:
            group = self._processor.spec.group_id
            self._metrics.consumer_batch_duration.labels(group).observe(time.perf_counter() - started)
            for tp in batch:
                highwater = self._consumer.highwater(tp)
                if highwater is not None:
                    lag = max(0, highwater - offsets.get(tp, highwater))
                    self._metrics.consumer_lag.labels(group, tp.topic, str(tp.partition)).set(lag)

    async def _close(self) -> None:
        try:
            await asyncio.wait_for(self._consumer.stop(), timeout=10.0)
        except Exception as exc:
            log.warning("consumer_close_failed", error=type(exc).__name__)
