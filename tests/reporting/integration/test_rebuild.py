"""Every figure can be rebuilt from the service's own event log, and the rebuild gives the same figures."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from reporting.adapters import orm
from reporting.service.catalogue import INDICATORS
from tests.conftest import auth
from tests.reporting import events as ev
from tests.reporting.conftest import ANALYST, OPS, Harness

pytestmark = pytest.mark.integration

MARCH, MAY = date(2026, 3, 10), date(2026, 5, 4)


def suite_events() -> list[Any]:
    """A bit of everything: registrations, screenings (one corrected), decisions, careteam, financing."""
    clients = [f"c{n}" for n in range(14)]
    nis = ["11002", "11040", "23088", "31005", "21004"]
    out: list[Any] = []
    for n, client in enumerate(clients):
        home = nis[n % len(nis)]
        out += [
            ev.registered(client, nis=home, day=MARCH, professional=f"pro-{n % 4}"),
            ev.screened(client, nis=home, day=MARCH, week=8 + n, scenario="0AB"[n % 3]),
            ev.advice_session(client, nis=home, day=MAY),
            ev.coordinator_appointed(client, day=MAY),
            ev.consultation_held(client, day=MAY),
            ev.case_management_requested(client, day=MAY),
            ev.intake_scheduled(client, day=MAY, late=n % 4 == 0),
            ev.claim_decided(client, day=MAY),
            ev.finding_raised(client, day=MAY),
        ]
    out.append(ev.included("x1", nis="11002", day=MAY))
    out.append(ev.screened("c0", nis="11002", day=MAY, scenario="B", name="c0-fix", supersedes="c0"))
    return out


async def all_figures(client: httpx.AsyncClient) -> dict[tuple[str, str, str], Any]:
    figures: dict[tuple[str, str, str], Any] = {}
    for spec in INDICATORS:
        for grain, level in (("month", "elz"), ("quarter", "province"), ("year", "region")):
            response = await client.get(
                f"/indicators/{spec.slug}",
                params={
                    "period_from": "2026-01-01",
                    "period_to": "2026-12-31",
                    "grain": grain,
                    "level": level,
                },
                headers=ANALYST,
            )
            assert response.status_code == 200, response.text
            figures[(spec.slug, grain, level)] = response.json()["rows"]
    return figures


async def test_rebuild_from_the_event_log_gives_the_same_figures(harness: Harness) -> None:
    await harness.feed(*suite_events())
    async with harness.client() as client:
        before = await all_figures(client)
        assert any(rows for rows in before.values())
        # Lose the projection (a bad mapping, a restored backup ...): the figures go with it.
        async with harness.engine.begin() as conn:
            await conn.execute(text("DELETE FROM fact"))
        assert not any((await all_figures(client)).values())
        response = await client.post("/ops/rebuild", headers=OPS)
        assert response.status_code == 200, response.text
        after = await all_figures(client)
    summary = response.json()
    assert summary["events"] == await harness.count(orm.event_log)
    assert summary["facts"] == await harness.count(orm.fact)
    assert summary["superseded"] == 1
    assert after == before


async def test_only_ops_may_rebuild(harness: Harness) -> None:
    async with harness.client() as client:
        assert (await client.post("/ops/rebuild", headers=ANALYST)).status_code == 403
        assert (await client.post("/ops/rebuild", headers=auth("care_council"))).status_code == 403
        assert (await client.post("/ops/rebuild", headers=auth("admin"))).status_code == 403
        refused = await client.post("/ops/rebuild")
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")


async def test_the_rebuild_command_replays_the_log(harness: Harness) -> None:
    await harness.feed(*suite_events())
    async with harness.client() as client:
        before = await all_figures(client)
        async with harness.engine.begin() as conn:
            await conn.execute(text("TRUNCATE fact, superseded_record"))
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
        assert json.loads(done.stdout)["events"] == await harness.count(orm.event_log)
        assert await all_figures(client) == before
