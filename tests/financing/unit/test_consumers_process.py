"""How the financing consumers process runs its background work next to the consumer (no database)."""

from __future__ import annotations

import asyncio

import pytest

from shared.periodic import PeriodicWorker, run_alongside

pytestmark = pytest.mark.unit


async def idle() -> None:
    """A job for workers stopped (or refused) before their first run."""


async def test_the_periodic_job_runs_at_start_then_every_interval_and_survives_a_failing_run() -> None:
    calls: list[int] = []

    async def job() -> None:
        calls.append(len(calls))
        if len(calls) == 2:
            raise RuntimeError("the database is away")

    worker = PeriodicWorker("test-periodic", job, interval=0.01)
    task = asyncio.create_task(worker.run())
    while worker.runs < 4:
        await asyncio.sleep(0.005)
    worker.stop()
    await asyncio.wait_for(task, timeout=2)

    assert len(calls) >= 4  # the failing second run did not stop the worker


async def test_stopping_interrupts_the_wait_between_runs() -> None:
    worker = PeriodicWorker("test-hourly", idle, interval=3600, initial_delay=3600)
    task = asyncio.create_task(worker.run())
    await asyncio.sleep(0.01)

    worker.stop()
    await asyncio.wait_for(task, timeout=2)

    assert worker.runs == 0


def test_a_periodic_worker_needs_a_positive_interval() -> None:
    with pytest.raises(ValueError, match="positive interval"):
        PeriodicWorker("never", idle, interval=0)


async def test_background_workers_stop_when_the_consumer_process_stops() -> None:
    worker = PeriodicWorker("test-periodic", idle, interval=3600, initial_delay=3600)

    await asyncio.wait_for(run_alongside(asyncio.sleep(0.01), [worker]), timeout=5)

    assert worker.runs == 0


async def test_a_crashed_background_worker_stops_the_consumer_process() -> None:
    class Crashing:
        name = "crashing"

        async def run(self) -> None:
            raise RuntimeError("bug")

        def stop(self) -> None:
            pass

    consumer_cancelled = asyncio.Event()

    async def consumer() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            consumer_cancelled.set()
            raise

    with pytest.raises(RuntimeError, match="bug"):
        await asyncio.wait_for(run_alongside(consumer(), [Crashing()]), timeout=5)
    assert consumer_cancelled.is_set()
