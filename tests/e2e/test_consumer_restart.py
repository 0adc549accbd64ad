"""A consumer killed in the middle of a stream and restarted applies every event exactly once."""

from __future__ import annotations

import asyncio
import time
import uuid

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from tests.conftest import auth
from tests.e2e.conftest import Stack
from tests.e2e.support import national_number

pytestmark = pytest.mark.e2e

GROUP = "careteam.screening"
TOTAL = 240


async def careteam_counts(db_url: str) -> tuple[int, int, int]:
    conn = await asyncpg.connect(db_url.replace("+asyncpg", ""))
    try:
        projected = await conn.fetchval("SELECT count(*) FROM client_pregnancy")
        applied = await conn.fetchval(
            "SELECT count(*) FROM inbox WHERE consumer = $1 AND outcome = 'applied'"
            " AND event_type = 'screening.pregnancy.registered'",
            GROUP,
        )
        dead = await conn.fetchval("SELECT count(*) FROM inbox WHERE outcome = 'dead_lettered'")
        return int(projected), int(applied), int(dead)
    finally:
        await conn.close()


async def register(http: httpx.AsyncClient, stack: Stack, indexes: range) -> list[str]:
    ids: list[str] = []
    for start in range(indexes.start, indexes.stop, 20):
        chunk = range(start, min(start + 20, indexes.stop))
        responses = await asyncio.gather(
            *[
                http.post(
                    f"{stack.url('screening')}/pregnancies",
                    json={
                        "national_number": national_number(f"9501{(i // 900) + 10:02d}{i % 900 + 1:03d}"),
                        "expected_delivery_date": "2027-09-01",
                        "residence_nis": "11002",
                    },
                    headers=auth("professional"),
                )
                for i in chunk
            ]
        )
        assert all(r.status_code == 201 for r in responses), [
            r.text for r in responses if r.status_code != 201
        ]
        ids.extend(r.json()["id"] for r in responses)
    return ids


async def wait_for(predicate, timeout: float, stack: Stack) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out\n{stack.log_tail()}")


async def dead_letters_of(bootstrap: str, group: str) -> int:
    consumer = AIOKafkaConsumer(
        "screening.events.dlq",
        bootstrap_servers=bootstrap,
        group_id=f"probe-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=3000)
        records = [r for rs in batch.values() for r in rs]
        return sum(1 for r in records if dict(r.headers or ()).get("dlq_consumer_group") == group.encode())
    finally:
        await consumer.stop()


async def test_killing_and_restarting_a_consumer_mid_stream_loses_nothing_and_doubles_nothing(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    db = stack.db_urls["careteam"]
    before, _, _ = await careteam_counts(db)
    first = await register(http, stack, range(0, TOTAL // 2))

    async def some_applied() -> bool:
        projected, _, _ = await careteam_counts(db)
        return projected > before

    await wait_for(some_applied, 60, stack)
    stack.kill("careteam-consumers")  # SIGKILL: no clean shutdown, no final offset commit
    second = await register(http, stack, range(TOTAL // 2, TOTAL))
    stack.start("careteam-consumers", "careteam-consumers", "careteam", in_process=False)

    async def all_applied() -> bool:
        projected, _, _ = await careteam_counts(db)
        return projected >= before + TOTAL

    await wait_for(all_applied, 90, stack)
    await asyncio.sleep(1.0)  # let any redelivered batch be processed before counting
    projected, applied, dead = await careteam_counts(db)
    assert projected == before + TOTAL
    assert applied == projected  # every registration applied exactly once: none lost, none doubled
    assert dead == 0
    assert len(set(first + second)) == TOTAL
    conn = await asyncpg.connect(db.replace("+asyncpg", ""))
    try:
        ids = {str(r[0]) for r in await conn.fetch("SELECT pregnancy_id FROM client_pregnancy")}
    finally:
        await conn.close()
    assert set(first + second) <= ids
    assert await dead_letters_of(stack.bootstrap, GROUP) == 0
