"""ensure_topics against the real broker, and its handling of per-topic CreateTopics errors."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka import admin as admin_module
from shared.kafka.admin import TopicCreationError, ensure_topics
from shared.kafka.retry import RetryPolicy

pytestmark = pytest.mark.integration


async def describe(bootstrap: str, topics: list[str]) -> dict[str, int]:
    client = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await client.start()
    try:
        existing = set(await client.list_topics())
        found = [t for t in topics if t in existing]
        described = await client.describe_topics(found) if found else []
    finally:
        await client.close()
    return {d["topic"]: len(d["partitions"]) for d in described}


async def test_ensure_topics_creates_each_topic_and_its_dlq_once(kafka_bootstrap: str) -> None:
    base = f"test.admin.{uuid.uuid4().hex[:8]}"
    names = [f"{base}.a", f"{base}.b", f"{base}.a.dlq", f"{base}.b.dlq", f"{base}.c", f"{base}.c.dlq"]
    await asyncio.wait_for(ensure_topics(kafka_bootstrap, [f"{base}.a", f"{base}.b"], partitions=4), 30)
    await asyncio.wait_for(ensure_topics(kafka_bootstrap, [f"{base}.c"], partitions=2, with_dlq=False), 30)
    assert await describe(kafka_bootstrap, names) == {
        f"{base}.a": 4,
        f"{base}.b": 4,
        f"{base}.a.dlq": 4,
        f"{base}.b.dlq": 4,
        f"{base}.c": 2,
    }
    # Idempotent, and a dead-letter topic gets no `.dlq.dlq`.
    await asyncio.wait_for(ensure_topics(kafka_bootstrap, [f"{base}.a", f"{base}.c.dlq"], partitions=4), 30)
    assert await describe(kafka_bootstrap, [f"{base}.c.dlq", f"{base}.c.dlq.dlq"]) == {f"{base}.c.dlq": 4}


class _Response:
    def __init__(self, topic_errors: list[tuple[Any, ...]]) -> None:
        self.topic_errors = topic_errors


class _Admin:
    """Stands in for AIOKafkaAdminClient: tansu accepts every CreateTopics request, real Kafka does not."""

    answers: list[list[tuple[Any, ...]]] = []
    calls = 0

    def __init__(self, **_: Any) -> None:
        pass

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def list_topics(self) -> list[str]:
        return []

    async def create_topics(self, new: list[Any]) -> _Response:
        type(self).calls += 1
        return _Response(type(self).answers.pop(0))


@pytest.fixture
def fake_admin(monkeypatch: pytest.MonkeyPatch) -> type[_Admin]:
    monkeypatch.setattr(admin_module, "AIOKafkaAdminClient", _Admin)
    _Admin.calls = 0
    return _Admin


FAST = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002)


async def test_ensure_topics_raises_when_the_broker_refuses_a_topic(fake_admin: type[_Admin]) -> None:
    fake_admin.answers = [
        [("t", 0, None), ("t.dlq", 38, "Replication factor: 3 larger than available brokers: 1.")]
    ]
    with pytest.raises(TopicCreationError, match=r"t\.dlq: INVALID_REPLICATION_FACTOR Replication factor: 3"):
        await ensure_topics("unused:9092", ["t"], replication_factor=3, policy=FAST)
    assert fake_admin.calls == 1  # a permanent refusal is not retried


async def test_ensure_topics_accepts_topics_created_concurrently(fake_admin: type[_Admin]) -> None:
    fake_admin.answers = [[("t", 36, "Topic 't' already exists."), ("t.dlq", 0, None)]]
    await ensure_topics("unused:9092", ["t"], policy=FAST)
    assert fake_admin.calls == 1


async def test_ensure_topics_retries_a_retriable_topic_error(fake_admin: type[_Admin]) -> None:
    fake_admin.answers = [[("t", 7, "timed out")], [("t", 0, None)]]  # REQUEST_TIMED_OUT, then created
    await ensure_topics("unused:9092", ["t"], with_dlq=False, policy=FAST)
    assert fake_admin.calls == 2
