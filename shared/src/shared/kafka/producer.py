"""Producer wrapper. acks=all; idempotence is off because tansu cannot grant producer ids (platform.md) —
delivery is at least once and consumers deduplicate by event id."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from aiokafka import AIOKafkaProducer


@dataclass(frozen=True)
class OutgoingMessage:
    topic: str
    key: str
    value: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


class Producer(Protocol):
    async def send_batch(self, messages: Sequence[OutgoingMessage], *, timeout: float) -> None:
        """Send every message and wait until all are acknowledged; raise if any failed."""


class KafkaProducer:
    """aiokafka producer sending batches and awaiting all acknowledgements (bounded by `timeout`)."""

    def __init__(self, bootstrap_servers: str, *, client_id: str | None = None, linger_ms: int = 5) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            client_id=client_id,
            acks="all",
            enable_idempotence=False,
            linger_ms=linger_ms,
            max_batch_size=256 * 1024,
            request_timeout_ms=15000,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def send_batch(self, messages: Sequence[OutgoingMessage], *, timeout: float = 30.0) -> None:
        futures = []
        for msg in messages:
            headers = [(k, v.encode()) for k, v in msg.headers.items()]
            futures.append(
                await self._producer.send(msg.topic, value=msg.value, key=msg.key.encode(), headers=headers)
            )
        if futures:
            await asyncio.wait_for(asyncio.gather(*futures), timeout=timeout)

    async def ping(self, timeout: float = 3.0) -> None:
        """Raise unless the broker answers a metadata request within `timeout`."""
        await asyncio.wait_for(self._producer.client.fetch_all_metadata(), timeout=timeout)


class FakeProducer:
    """In-memory producer for tests: records what was sent; can be told to fail the next sends."""

    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []
        self.fail_next: int = 0

    async def send_batch(self, messages: Sequence[OutgoingMessage], *, timeout: float = 30.0) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise ConnectionError("fake broker unavailable")
        self.sent.extend(messages)
