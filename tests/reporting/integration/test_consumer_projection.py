"""The consumer path: batched writes, idempotence, and only pseudonymous codes in storage (DP-07)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select

from reporting.adapters import orm
from tests.reporting import events as ev
from tests.reporting.conftest import Harness

pytestmark = pytest.mark.integration

MARCH = date(2026, 3, 10)


async def test_a_batch_of_1000_events_is_written_with_a_handful_of_statements(harness: Harness) -> None:
    envelopes = [ev.screened(f"c{n}", nis="11002", day=MARCH) for n in range(1000)]
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.split()[0] + " " + statement.split()[2])

    event.listen(harness.engine.sync_engine, "before_cursor_execute", count)
    try:
        result = await harness.feed(*envelopes)
    finally:
        event.remove(harness.engine.sync_engine, "before_cursor_execute", count)
    assert result.applied == 1000
    assert await harness.count(orm.event_log) == 1000
    assert await harness.count(orm.fact) == 2000  # a completed screening with a scenario is two facts
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert len(inserts) <= 10, statements
    assert not [s for s in statements if s.startswith("SELECT")], statements


async def test_a_redelivered_event_is_counted_once(harness: Harness) -> None:
    envelope = ev.advice_session("c1", nis="11002", day=MARCH)
    first = await harness.feed(envelope)
    again = await harness.feed(envelope)
    assert (first.applied, again.applied, again.duplicates) == (1, 0, 1)
    assert await harness.count(orm.fact) == 1


async def test_storage_holds_no_free_text_and_no_professional_ids(harness: Harness) -> None:
    screening = ev.screened("c1", nis="11002", day=MARCH, who=ev.performer("riziv-1-23456-78-901"))
    correction = screening.model_copy(
        update={
            "payload": screening.payload.model_copy(update={"correction_reason": "Mother said she felt low"})
        }
    )
    await harness.feed(correction, ev.finding_raised("c1", day=MARCH))
    async with harness.sessionmaker() as session:
        payloads = (await session.execute(select(orm.event_log.c.payload))).scalars().all()
        facts = (await session.execute(select(orm.fact))).mappings().all()
    stored = repr(payloads) + repr(facts)
    assert "felt low" not in stored and "correction_reason" not in stored
    assert "already paid" not in stored and "detail" not in stored  # the finding's free-text detail
    assert all("riziv" not in str(fact["professional_key"]) for fact in facts)
    assert {str(fact["professional_key"])[:4] for fact in facts if fact["professional_key"]} == {"pro-"}
