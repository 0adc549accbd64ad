"""KafkaConsumerLoop with the real broker: apply, dead-letter, commit offsets, and resume in a new loop."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.events.contracts.topics import dlq
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import BatchProcessor, ConsumerConfig, ConsumerSpec, KafkaConsumerLoop
from shared.kafka.producer import KafkaProducer, OutgoingMessage
from shared.kafka.retry import RetryPolicy
from shared.metrics import Metrics
from tests.shared.integration.helpers import (
    TestDB,
    by_key,
    headers_of,
    message,
    note,
    note_handler,
    read_topic,
    registry,
    wait_until,
)

pytestmark = pytest.mark.integration


@contextlib.asynccontextmanager
async def running_loop(
    db: TestDB, bootstrap: str, group: str, topic: str, producer: KafkaProducer, metrics: Metrics
) -> AsyncIterator[tuple[KafkaConsumerLoop, asyncio.Task[None]]]:
    spec = ConsumerSpec(
        group_id=group, topics=(topic,), handlers={"test.note.added": note_handler(db.schema.notes)}
    )
    processor = BatchProcessor(
        spec,
        sessionmaker=db.sessionmaker,
        inbox_table=db.schema.inbox,
        outbox_table=db.schema.outbox,
        registry=registry(),
        dlq_producer=producer,
        retry=RetryPolicy(max_attempts=3, base_delay=0.05, max_delay=0.2),
        metrics=metrics,
    )
    loop = KafkaConsumerLoop(processor, ConsumerConfig(bootstrap_servers=bootstrap, batch_size=5), metrics)
    await asyncio.wait_for(loop.start(), timeout=15)
    task = asyncio.create_task(loop.run())
    try:
        await asyncio.wait_for(loop.wait_assigned(timeout=30), timeout=35)
        yield loop, task
    finally:
        await loop.stop()
        await asyncio.wait_for(task, timeout=15)  # re-raises if the loop crashed


async def committed_offsets(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    """The group's committed offset per partition of `topic` (partitions without a commit left out)."""
    # A consumer of the group that never subscribes does not join it; it only fetches the group's offsets.
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        assert parts, "topic has no partitions"
        committed = {tp.partition: await consumer.committed(tp) for tp in parts}
    finally:
        await consumer.stop()
    return {p: off for p, off in committed.items() if off is not None}


async def end_offsets(bootstrap: str, topic: str, expected: int) -> dict[int, int]:
    """End offset per non-empty partition, from the records themselves.

    Not `consumer.end_offsets()`: tansu answers ListOffsets(latest) with the base offset of the last record
    batch + 1, so a partition holding one batch of 12 records reports 1 instead of 12.
    """
    recs = await read_topic(bootstrap, topic, expected)
    assert len(recs) == expected
    ends: dict[int, int] = {}
    for r in recs:
        ends[r.partition] = max(ends.get(r.partition, 0), r.offset + 1)
    return ends


def processed(metrics: Metrics, group: str, topic: str, outcome: str) -> float:
    labels = {"group": group, "topic": topic, "outcome": outcome}
    return metrics.registry.get_sample_value("consumer_events_processed_total", labels) or 0.0


async def test_loop_applies_dead_letters_commits_and_a_new_loop_resumes(
    db: TestDB, kafka_bootstrap: str
) -> None:
    suffix = uuid.uuid4().hex[:8]
    topic, group = f"test.loop.{suffix}", f"test-loop-{suffix}"
    await asyncio.wait_for(ensure_topics(kafka_bootstrap, [topic], partitions=3), timeout=30)
    producer = KafkaProducer(kafka_bootstrap, client_id="loop-test")
    await asyncio.wait_for(producer.start(), timeout=15)
    notes = db.schema.notes

    async def applied(expected: int, task: asyncio.Task[None]) -> bool:
        if task.done():
            task.result()  # surface a crashed loop instead of waiting for the timeout
        return await db.count(notes) >= expected

    async def caught_up(end: dict[int, int]) -> bool:
        return await committed_offsets(kafka_bootstrap, group, topic) == end

    try:
        first = [note(f"client-{k}", n) for n in range(4) for k in "abc"]
        poison = OutgoingMessage(topic, "client-z", b"not an envelope", {"event_type": "test.note.added"})
        batch = [message(e, topic=topic) for e in first]
        await producer.send_batch([*batch[:5], poison, *batch[5:]], timeout=15)
        end = await end_offsets(kafka_bootstrap, topic, len(first) + 1)

        metrics = Metrics()
        async with running_loop(db, kafka_bootstrap, group, topic, producer, metrics) as (loop, task):
            assert {tp.topic for tp in loop.assignment()} == {topic}
            await wait_until(lambda: applied(len(first), task), timeout=20, what="the first events")
            await wait_until(
                lambda: caught_up(end), timeout=15, what="committed offsets to reach the end offsets"
            )
        assert task.done() and task.exception() is None

        assert await db.count(notes) == len(first)
        assert by_key(await db.notes()) == {f"client-{k}": [0, 1, 2, 3] for k in "abc"}
        assert processed(metrics, group, topic, "applied") == len(first)
        (dead,) = await read_topic(kafka_bootstrap, dlq(topic), 1)
        assert (dead.key, dead.value) == (b"client-z", b"not an envelope")
        h = headers_of(dead)
        assert (h["dlq_error_type"], h["dlq_source_topic"], h["dlq_consumer_group"]) == (
            "undecodable",
            topic,
            group,
        )
        assert h["event_type"] == "test.note.added"
        assert int(h["dlq_source_offset"]) >= 0

        # The same events again (a relay re-send) plus new ones, to a NEW loop in the same group.
        second = [note(f"client-{k}", n) for n in range(4, 6) for k in "abc"]
        await producer.send_batch([message(e, topic=topic) for e in [*first, *second]], timeout=15)
        end = await end_offsets(kafka_bootstrap, topic, 2 * len(first) + 1 + len(second))
        metrics = Metrics()
        async with running_loop(db, kafka_bootstrap, group, topic, producer, metrics) as (_, task):
            await wait_until(
                lambda: applied(len(first) + len(second), task), timeout=20, what="the new events"
            )
            await wait_until(
                lambda: caught_up(end), timeout=15, what="committed offsets to reach the end offsets"
            )

        assert by_key(await db.notes()) == {f"client-{k}": [0, 1, 2, 3, 4, 5] for k in "abc"}
        assert await db.count(notes) == len(first) + len(second)  # nothing doubled, nothing lost
        assert processed(metrics, group, topic, "applied") == len(second)
        assert processed(metrics, group, topic, "duplicate") == len(first)  # deduplicated by the inbox
        assert processed(metrics, group, topic, "dead_lettered") == 0  # resumed after the poison record
        lags = [
            metrics.registry.get_sample_value(
                "kafka_consumer_lag", {"group": group, "topic": topic, "partition": str(p)}
            )
            for p in end
        ]
        seen = [
            lag for lag in lags if lag is not None
        ]  # set for the partitions this loop received records on
        assert seen and seen == [0.0] * len(seen)
        i = db.schema.inbox.c
        assert await db.count(db.schema.inbox, i.consumer == group) == len(first) + len(second)
        assert len(await read_topic(kafka_bootstrap, dlq(topic), 1, timeout=3)) == 1
    finally:
        await asyncio.wait_for(producer.stop(), timeout=10)
