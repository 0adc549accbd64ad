"""The benchmark with a tiny N against the session's PostgreSQL and broker, so that `make bench` cannot rot.

Only counts are asserted (every event written, relayed and applied exactly once; the re-sent copies all
recognised as duplicates), never a rate: timing depends on the machine.
"""

from __future__ import annotations

import pytest

from bench import BenchConfig, run_benchmarks
from tests.conftest import Databases

pytestmark = pytest.mark.integration

N = 2_000


async def test_every_event_is_applied_exactly_once(databases: Databases, kafka_bootstrap: str) -> None:
    config = BenchConfig(events=N, single_txn_events=200, concurrency=5, relay_batches=(500, 2000))
    lines: list[str] = []

    report = await run_benchmarks(config, databases, kafka_bootstrap, out=lines.append)

    failed = [f"{c.name}: expected {c.expected}, got {c.actual}" for c in report.checks if not c.ok]
    assert failed == []
    assert len(report.checks) == 18
    assert [s.name for s in report.stages] == [
        "outbox 1 ev/txn x5",
        "outbox 500 ev/txn",
        "relay batch 500",
        "relay batch 2000",
        "consume+apply",
        "replay (new group)",
        "duplicate replay",
    ]
    assert report.stage("outbox 1 ev/txn x5").events + report.stage("outbox 500 ev/txn").events == N
    for name in (
        "relay batch 500",
        "relay batch 2000",
        "consume+apply",
        "replay (new group)",
        "duplicate replay",
    ):
        assert report.stage(name).events == N
    assert "exactly-once checks: 18/18 passed" in report.table()
