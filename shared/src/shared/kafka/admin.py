"""Topic administration: create the topics a process needs at start-up (tansu keeps nothing across restarts)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, KafkaError, TopicAlreadyExistsError, for_code

from shared.events.contracts.topics import dlq
from shared.kafka.retry import RetryPolicy, retry_async
from shared.logging import get_logger

log = get_logger(__name__)


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    *,
    partitions: int = 6,
    replication_factor: int = 1,
    with_dlq: bool = True,
    policy: RetryPolicy | None = None,
) -> None:
    """Create each topic (and its `.dlq`) if it does not exist yet. Retries while the broker starts."""
    wanted = set(topics)
    if with_dlq:
        wanted |= {dlq(t) for t in wanted if not t.endswith(".dlq")}

    async def attempt() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10000)
        await admin.start()
        try:
            existing = set(await admin.list_topics())
            missing = sorted(wanted - existing)
            if not missing:
                return
            new = [
                NewTopic(t, num_partitions=partitions, replication_factor=replication_factor) for t in missing
            ]
            _raise_topic_errors(await admin.create_topics(new))
            log.info("topics_created", topics=missing)
        finally:
            await admin.close()

    await retry_async(
        attempt,
        policy=policy or RetryPolicy(max_attempts=10, base_delay=0.2, max_delay=2.0),
        retry_on=(KafkaConnectionError, KafkaError, OSError, asyncio.TimeoutError),
        on_retry=lambda n, exc: log.warning("topic_create_retry", attempt=n, error=type(exc).__name__),
    )


class TopicCreationError(RuntimeError):
    """The broker refused to create a topic (e.g. an invalid replication factor); retrying will not help."""


def _raise_topic_errors(response: Any) -> None:
    """aiokafka does not raise for per-topic failures of CreateTopics: they come back as error codes."""
    for item in getattr(response, "topic_errors", ()):
        name, code = item[0], item[1]
        if code in (0, TopicAlreadyExistsError.errno):  # created, or created concurrently by another process
            continue
        error = for_code(code)
        detail = f"{name}: {error.message} {item[2] if len(item) > 2 and item[2] else ''}".strip()
        if error.retriable:
            raise error(detail)  # retried below
        raise TopicCreationError(f"could not create topic {detail}")
