"""Outbox relay: publishes committed outbox rows to Kafka, at least once, in `id` order.

One batch = one transaction: take a transaction-scoped advisory lock (so only one relay of a service publishes
at a time, which keeps per-key order even with several relay replicas), claim up to `batch_size` pending rows
with `FOR UPDATE SKIP LOCKED`, send them all with acks=all, mark them published, commit. A crash between send
and commit re-sends the batch; consumers deduplicate by event id.

Failures: a broker that does not answer fails the whole batch; the relay backs off (capped) and tries again,
and nothing is lost because the rows stay pending. A row that keeps failing on its own (e.g. too large) is
parked after `max_attempts` so it cannot block the others; parked rows show in the metrics and are re-queued by
`requeue`. After a failed batch the relay sends the oldest pending row alone until a send succeeds, so only the
row that fails by itself (with an error other than an unavailable broker) is ever parked.
"""

from __future__ import annotations

import asyncio
import contextlib
import zlib
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import ColumnElement, Table, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db import utcnow
from shared.kafka.producer import OutgoingMessage, Producer
from shared.kafka.retry import RetryPolicy, is_broker_unavailable
from shared.logging import get_logger
from shared.metrics import Metrics

log = get_logger(__name__)


@dataclass(frozen=True)
class RelayConfig:
    service: str
    batch_size: int = 500
    poll_interval: float = 0.05
    send_timeout: float = 30.0
    retention: timedelta = timedelta(days=7)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


def _lock_key(service: str) -> int:
    return zlib.crc32(f"outbox-relay:{service}".encode())


class OutboxRelay:
    """Publishes pending outbox rows of one service."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        table: Table,
        producer: Producer,
        config: RelayConfig,
        metrics: Metrics | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._table = table
        self._producer = producer
        self._config = config
        self._metrics = metrics
        self._stopping = asyncio.Event()
        # After a failed batch: send one row at a time until a send succeeds, to find the row that fails.
        self._isolate = False

    def stop(self) -> None:
        self._stopping.set()

    async def publish_batch(self) -> int:
        """Publish one batch; return how many rows were published (0 when idle or another relay holds the lock)."""
        t = self._table
        async with self._sessionmaker() as session, session.begin():
            got_lock = await session.scalar(
                select(func.pg_try_advisory_xact_lock(_lock_key(self._config.service)))
            )
            if not got_lock:
                return 0
            rows = (
                await session.execute(
                    select(t.c.id, t.c.topic, t.c.key, t.c.value, t.c.headers, t.c.created_at)
                    .where(t.c.published_at.is_(None), t.c.parked_at.is_(None))
                    .order_by(t.c.id)
                    .limit(1 if self._isolate else self._config.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            messages = [OutgoingMessage(r.topic, r.key, r.value, r.headers) for r in rows]
            try:
                await self._producer.send_batch(messages, timeout=self._config.send_timeout)
            except Exception as exc:
                # Leave the rows pending; count the attempt in a separate transaction below.
                self._isolate = True
                raise _BatchFailed([r.id for r in rows], exc) from exc
            now = utcnow()
            # One statement for the whole batch (an executemany ran the UPDATE once per row).
            await session.execute(update(t).where(t.c.id.in_([r.id for r in rows])).values(published_at=now))
        self._isolate = False
        if self._metrics is not None:
            self._metrics.outbox_published.labels(self._config.service).inc(len(rows))
            oldest = min(r.created_at for r in rows)
            self._metrics.outbox_publish_delay.labels(self._config.service).observe(
                (now - oldest).total_seconds()
            )
        return len(rows)

    async def _record_failure(self, ids: list[int], exc: BaseException) -> None:
        t = self._table
        reason = f"{type(exc).__name__}: {exc}"[:500]
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(t).where(t.c.id.in_(ids)).values(attempts=t.c.attempts + 1, last_error=reason)
            )
            # Park only a row that failed alone (not its batch mates) and not because the broker is unavailable.
            if len(ids) != 1 or is_broker_unavailable(exc):
                return
            parked = await session.execute(
                update(t)
                .where(
                    t.c.id.in_(ids), t.c.attempts >= self._config.retry.max_attempts, t.c.parked_at.is_(None)
                )
                .values(parked_at=utcnow())
                .returning(t.c.id)
            )
            parked_ids = list(parked.scalars())
        if parked_ids:
            log.error("outbox_rows_parked", count=len(parked_ids), first_id=parked_ids[0], reason=reason)

    async def purge_published(self) -> int:
        """Delete rows published longer ago than the retention (kept meanwhile for re-publishing)."""
        t = self._table
        async with self._sessionmaker() as session, session.begin():
            result = await session.execute(
                delete(t).where(t.c.published_at < utcnow() - self._config.retention)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def run(self) -> None:
        """Publish until `stop()`; back off (capped) while the broker fails."""
        log.info("outbox_relay_started", service=self._config.service)
        failures = 0
        loops = 0
        while not self._stopping.is_set():
            try:
                published = await self.publish_batch()
                failures = 0
            except _BatchFailed as failed:
                failures += 1
                log.warning(
                    "outbox_publish_failed",
                    rows=len(failed.ids),
                    attempt=failures,
                    error=type(failed.cause).__name__,
                )
                await self._safe(self._record_failure(failed.ids, failed.cause))
                await self._sleep(self._config.retry.delay(min(failures, 16)))
                continue
            except Exception as exc:  # database unavailable: back off, rows stay pending
                failures += 1
                log.warning("outbox_relay_db_error", attempt=failures, error=type(exc).__name__)
                await self._sleep(self._config.retry.delay(min(failures, 16)))
                continue
            loops += 1
            if loops % 2000 == 0:
                await self._safe(self.purge_published())
            if published < self._config.batch_size:
                await self._sleep(self._config.poll_interval)
        log.info("outbox_relay_stopped", service=self._config.service)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _safe(self, coro: object) -> None:
        try:
            await coro  # type: ignore[misc]
        except Exception as exc:
            log.warning("outbox_maintenance_failed", error=type(exc).__name__)


class _BatchFailed(Exception):
    def __init__(self, ids: list[int], cause: BaseException) -> None:
        super().__init__(str(cause))
        self.ids = ids
        self.cause = cause


async def outbox_stats(session: AsyncSession, table: Table) -> tuple[int, float, int]:
    """(pending rows, age in seconds of the oldest pending row, parked rows) for the metrics."""
    row = (
        await session.execute(
            select(
                func.count().filter(table.c.parked_at.is_(None)),
                func.min(table.c.created_at).filter(table.c.parked_at.is_(None)),
                func.count().filter(table.c.parked_at.is_not(None)),
            ).where(table.c.published_at.is_(None))
        )
    ).one()
    pending, oldest, parked = int(row[0]), row[1], int(row[2])
    age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
    return pending, age, parked


async def requeue(
    session: AsyncSession, table: Table, *, include_published_since: timedelta | None = None
) -> int:
    """Make parked rows pending again; optionally also re-publish rows published within a time window.

    Re-publishing is safe because consumers deduplicate by event id. The dev stack uses it after a restart of
    the memory-only broker, so that events published but not yet consumed before the restart are not lost.
    """
    t = table
    cond: ColumnElement[bool] = t.c.parked_at.is_not(None)
    if include_published_since is not None:
        cond = or_(cond, t.c.published_at >= utcnow() - include_published_since)
    result = await session.execute(
        update(t).where(cond).values(published_at=None, parked_at=None, attempts=0)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


__all__ = ["OutboxRelay", "RelayConfig", "outbox_stats", "requeue"]
