"""Background workers next to a service's relay and consumers: a periodic job, and a group that runs them.

`shared.service.run_workers` runs the outbox relay and the consumer loops of a service. A service that also
needs work on a clock (e.g. decide again what waited for a deadline) runs it as a `PeriodicWorker` and
starts it with `run_alongside(run_workers(...), [worker])` in its worker entry point, or with a
`WorkerGroup` inside an app lifespan. A failing run of a job is logged and tried again at the next tick;
a worker that stops unexpectedly stops the process, so the supervisor restarts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from shared.logging import get_logger

log = get_logger(__name__)


class BackgroundWorker(Protocol):
    """A long-running task: `run` returns soon after `stop` is called."""

    @property
    def name(self) -> str: ...

    async def run(self) -> None: ...

    def stop(self) -> None: ...


class PeriodicWorker:
    """Runs `job` every `interval` seconds (the first run after `initial_delay`) until stopped.

    Runs never overlap: the next one is due `interval` seconds after the previous one ended. A run that
    raises is logged and the worker goes on. `stop()` interrupts the wait between runs, never a run.
    """

    def __init__(
        self,
        name: str,
        job: Callable[[], Awaitable[object]],
        *,
        interval: float,
        initial_delay: float = 0.0,
    ) -> None:
        if interval <= 0:
            raise ValueError("a periodic worker needs a positive interval")
        self._name = name
        self._job = job
        self._interval = interval
        self._initial_delay = max(initial_delay, 0.0)
        self._stopping = asyncio.Event()
        self.runs = 0

    @property
    def name(self) -> str:
        return self._name

    async def run(self) -> None:
        log.info("periodic_worker_started", worker=self._name, interval_seconds=self._interval)
        delay = self._initial_delay
        while not await self._stopped_within(delay):
            await self.run_once()
            delay = self._interval
        log.info("periodic_worker_stopped", worker=self._name)

    async def run_once(self) -> None:
        """One run of the job; an exception is logged, not raised."""
        started = time.perf_counter()
        try:
            result = await self._job()
        except Exception as exc:
            log.exception("periodic_job_failed", worker=self._name, error=type(exc).__name__)
        else:
            log.info(
                "periodic_job_done",
                worker=self._name,
                result=result,
                seconds=round(time.perf_counter() - started, 3),
            )
        finally:
            self.runs += 1

    def stop(self) -> None:
        self._stopping.set()

    async def _stopped_within(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True


class WorkerGroup:
    """Background workers started together and stopped together (e.g. inside an app lifespan)."""

    def __init__(self, workers: Sequence[BackgroundWorker], *, stop_timeout: float = 15.0) -> None:
        self.workers = tuple(workers)
        self._stop_timeout = stop_timeout
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(w.run(), name=w.name) for w in self.workers]

    @property
    def tasks(self) -> tuple[asyncio.Task[None], ...]:
        return tuple(self._tasks)

    async def stop(self) -> None:
        """Ask every worker to stop, wait for them (cancel what is still running after the timeout)."""
        for worker in self.workers:
            worker.stop()
        if not self._tasks:
            return
        _, pending = await asyncio.wait(self._tasks, timeout=self._stop_timeout)
        for task in pending:
            task.cancel()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for task, result in zip(self._tasks, results, strict=True):
            if isinstance(result, Exception):
                log.error("background_worker_failed", worker=task.get_name(), error=type(result).__name__)
        self._tasks = []


async def run_alongside(main: Awaitable[None], workers: Sequence[BackgroundWorker]) -> None:
    """Run `workers` while `main` runs (e.g. `shared.service.run_workers(...)`), then stop them.

    When `main` returns or raises, the workers are stopped. When a worker ends first (it crashed), `main` is
    cancelled and the worker's error is raised, so the process exits and its supervisor restarts it.
    """
    group = WorkerGroup(workers)
    group.start()
    main_task = asyncio.ensure_future(main)
    try:
        done, _ = await asyncio.wait({main_task, *group.tasks}, return_when=asyncio.FIRST_COMPLETED)
        if main_task not in done:
            ended = next(iter(done))
            main_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await main_task
            error = ended.exception()
            raise error or RuntimeError(f"background worker {ended.get_name()} stopped unexpectedly")
        main_task.result()
    finally:
        if not main_task.done():
            main_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await main_task
        await group.stop()
