"""Bounded retry with capped exponential backoff and jitter."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from aiokafka.errors import KafkaError, KafkaTimeoutError, KafkaUnavailableError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """At most `max_attempts` tries; the delay doubles from `base_delay` up to `max_delay` (seconds)."""

    max_attempts: int = 8
    base_delay: float = 0.1
    max_delay: float = 5.0

    def delay(self, attempt: int) -> float:
        """Delay before retry number `attempt` (1-based), with +-20 % jitter."""
        raw = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return float(raw * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not crypto


async def retry_async(
    fn: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    retry_on: tuple[type[BaseException], ...],
    on_retry: Callable[[int, BaseException], None] | None = None,
) -> T:
    """Call `fn` until it succeeds or `policy.max_attempts` is reached; re-raise the last error."""
    attempt = 1
    while True:
        try:
            return await fn()
        except retry_on as exc:
            if attempt >= policy.max_attempts:
                raise
            if on_retry is not None:
                on_retry(attempt, exc)
            await asyncio.sleep(policy.delay(attempt))
            attempt += 1


def is_broker_unavailable(exc: BaseException) -> bool:
    """A network or broker failure that retrying can cure, as opposed to a message the broker refuses."""
    if isinstance(exc, OSError | TimeoutError):  # ConnectionError, asyncio.TimeoutError
        return True
    return isinstance(exc, KafkaError) and (
        exc.retriable or isinstance(exc, KafkaTimeoutError | KafkaUnavailableError)
    )
