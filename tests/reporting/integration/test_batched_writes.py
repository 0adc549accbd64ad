"""The consumer's set-based writes: rows of a batch go in at commit, savepoints keep their own rows.

`record_event` adds plain rows to the batch writer of the transaction (`ProjectionRows`, the reporting
consumer's `batch_writer`); the shared processor flushes it just before the transaction commits or a
savepoint is released, and discards it when a savepoint is rolled back (`savepoint` below does the same).
These tests pin what the shared loop relies on: a poison event found at write time is isolated by the
careful (one savepoint per event) replay, rows of a rolled-back savepoint go with it, and the arrival order
is kept in `seq` and `fact.id`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.adapters import orm
from reporting.adapters.projection import ProjectionRows
from tests.reporting import events as ev
from tests.reporting.conftest import Harness

pytestmark = pytest.mark.integration

MARCH = date(2026, 3, 10)


def log_row(name: str) -> dict[str, Any]:
    return {
        "event_id": ev.uid(f"row:{name}"),
        "event_type": "test.row.added",
        "event_version": 1,
        "source": "test",
        "subject": name,
        "occurred_at": datetime(2026, 3, 10, 10, tzinfo=UTC),
        "correlation_id": None,
        "payload": {"name": name},
    }


@contextlib.asynccontextmanager
async def savepoint(session: AsyncSession, rows: ProjectionRows) -> AsyncIterator[None]:
    """A savepoint as the shared processor's careful replay uses it: the writer is flushed before the
    savepoint is released and discarded when it is rolled back."""
    try:
        async with session.begin_nested():
            yield
            await rows.flush(session)
    except Exception:
        rows.discard()
        raise


async def subjects_in_log_order(harness: Harness) -> list[str]:
    async with harness.sessionmaker() as session:
        stmt = select(orm.event_log.c.subject).order_by(orm.event_log.c.seq)
        return list((await session.execute(stmt)).scalars())


async def test_an_event_that_fails_at_commit_is_dead_lettered_and_the_rest_of_the_batch_is_kept(
    harness: Harness,
) -> None:
    envelopes = [ev.advice_session(f"c{n}", nis="11002", day=MARCH) for n in range(5)]
    poison = envelopes[2]
    # The event is already in the log but not in the inbox: its event_log insert breaks the unique key only
    # when the batch's rows are written, after every handler call succeeded.
    async with harness.engine.begin() as conn:
        await conn.execute(insert(orm.event_log), {**log_row("earlier"), "event_id": poison.event_id})

    result = await harness.feed(*envelopes)

    assert (result.applied, result.dead_lettered) == (4, 1)
    [dead] = harness.dead_letters.sent
    assert dead.headers["dlq_error_type"] == "integrity_error"
    assert json.loads(dead.value)["event_id"] == str(poison.event_id)
    assert await harness.count(orm.event_log) == 5  # the earlier row and the four good events
    assert await harness.count(orm.fact) == 4
    async with harness.sessionmaker() as session:
        fact_events = (await session.execute(select(orm.fact.c.event_id).order_by(orm.fact.c.id))).scalars()
        assert list(fact_events) == [e.event_id for n, e in enumerate(envelopes) if n != 2]


async def test_rows_keep_the_arrival_order_across_batches(harness: Harness) -> None:
    envelopes = [ev.registered(f"c{n}", nis="11002", day=MARCH) for n in range(25)]
    await harness.feed(*envelopes, batch_size=7)
    async with harness.sessionmaker() as session:
        logged = (
            await session.execute(select(orm.event_log.c.event_id).order_by(orm.event_log.c.seq))
        ).scalars()
        facts = (await session.execute(select(orm.fact.c.event_id).order_by(orm.fact.c.id))).scalars()
        expected = [e.event_id for e in envelopes]
        assert list(logged) == expected
        assert list(facts) == expected


async def test_a_rolled_back_savepoint_drops_only_its_own_rows(harness: Harness) -> None:
    rows = ProjectionRows()
    async with harness.sessionmaker() as session, session.begin():
        rows.add(log_row("outer-before"), [], [])
        await rows.flush(session)  # what is queued is written before the processor opens a savepoint
        with pytest.raises(RuntimeError):
            async with savepoint(session, rows):
                rows.add(log_row("inner-dropped"), [], [])
                raise RuntimeError("the event is rejected")
        async with savepoint(session, rows):
            rows.add(log_row("inner-kept"), [], [])
        rows.add(log_row("outer-after"), [], [])
        await rows.flush(session)  # before the commit
    assert await subjects_in_log_order(harness) == ["outer-before", "inner-kept", "outer-after"]


async def test_a_failed_write_in_a_savepoint_keeps_the_rows_of_the_outer_transaction(
    harness: Harness,
) -> None:
    rows = ProjectionRows()
    async with harness.sessionmaker() as session, session.begin():
        rows.add(log_row("outer"), [], [])
        await rows.flush(session)
        with pytest.raises(Exception, match="event_id"):
            async with savepoint(session, rows):
                rows.add(log_row("twice"), [], [])
                rows.add(log_row("twice"), [], [])  # the unique event_id breaks
        await rows.flush(session)  # before the commit: the failed rows are not written again
    assert await subjects_in_log_order(harness) == ["outer"]


async def test_a_rolled_back_transaction_writes_nothing(harness: Harness) -> None:
    rows = ProjectionRows()
    with pytest.raises(RuntimeError):
        async with harness.sessionmaker() as session, session.begin():
            rows.add(log_row("lost"), [], [])
            await rows.flush(session)  # written in the transaction, which then fails (e.g. at the DLQ send)
            raise RuntimeError("the batch fails")
    assert await harness.count(orm.event_log) == 0


async def test_the_rebuild_command_reports_its_throughput(harness: Harness) -> None:
    await harness.feed(*[ev.advice_session(f"c{n}", nis="11002", day=MARCH) for n in range(20)])
    environment = {**os.environ, "REPORTING_DATABASE_URL": harness.url, "REPORTING_LOG_LEVEL": "WARNING"}
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "reporting.rebuild"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["events"], summary["facts"]) == (20, 20)
    assert summary["events_per_second"] >= 0
    assert "events/s" in done.stderr
