"""Rebuild the fact projection from the event log: every figure can be recomputed from this service's data.

The rebuild empties `fact` and `superseded_record` and replays `event_log` in arrival order (`seq`) through
the same `project_event` the consumer uses, all in one transaction: readers see the old projection until
the commit and the new one after it, never a half-built one. The TRUNCATE lock also holds back the
consumer meanwhile; events it logs after the rebuild's snapshot get their facts from the consumer itself
once the lock is released. An advisory lock refuses a second concurrent rebuild.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.adapters import orm
from reporting.adapters.projection import ProjectionRows
from reporting.service.handlers import fact_values, safe_projection, superseded_values
from shared.errors import Conflict
from shared.logging import get_logger

log = get_logger(__name__)

REBUILD_LOCK: Final = 0x7265706F7274  # "report": pg advisory lock id of the rebuild
BATCH_SIZE: Final = 5000


class RebuildRunning(Conflict):
    """Another rebuild holds the lock."""

    code = "REPORTING_REBUILD_RUNNING"
    title = "A rebuild is already running"


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild replayed and wrote."""

    events: int
    facts: int
    superseded: int
    skipped: int  # events that add nothing: types reporting does not count, or unmappable payloads
    seconds: float
    events_per_second: float


async def rebuild(
    sessionmaker: async_sessionmaker[AsyncSession], *, batch_size: int = BATCH_SIZE
) -> RebuildResult:
    """Recompute the projection from the event log in one transaction (ops: POST /ops/rebuild, CLI)."""
    started = time.perf_counter()
    events = facts = superseded = skipped = 0
    async with sessionmaker() as session, session.begin():
        locked = (await session.execute(select(func.pg_try_advisory_xact_lock(REBUILD_LOCK)))).scalar_one()
        if not locked:
            raise RebuildRunning("another rebuild of the reporting projection is running")
        # No RESTART IDENTITY: new ids stay above the old ones, which changes the cache version.
        await session.execute(text("TRUNCATE fact, superseded_record"))
        log_ = orm.event_log
        stream = await session.stream(
            select(
                log_.c.event_id, log_.c.event_type, log_.c.event_version, log_.c.occurred_at, log_.c.payload
            )
            .order_by(log_.c.seq)
            .execution_options(yield_per=batch_size)
        )
        rows = ProjectionRows()
        async for partition in stream.partitions():
            for event_id, event_type, version, occurred_at, payload in partition:
                projection = safe_projection(event_type, version, payload, occurred_at, event_id)
                rows.add(None, fact_values(projection, event_id), superseded_values(projection, event_id))
                skipped += not projection.facts and projection.supersedes is None
            events += len(partition)
            facts += len(rows.facts)
            superseded += len(rows.superseded)
            await rows.flush(session)
    seconds = time.perf_counter() - started
    result = RebuildResult(
        events,
        facts,
        superseded,
        skipped,
        round(seconds, 3),
        round(events / seconds, 1) if seconds > 0 else 0.0,
    )
    log.info(
        "projection_rebuilt",
        events=result.events,
        facts=result.facts,
        superseded=result.superseded,
        seconds=result.seconds,
        events_per_second=result.events_per_second,
    )
    return result
