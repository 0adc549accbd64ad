"""`make bench`: throughput of the event layer on this machine, with a projection onto a national year.

Settings (environment):
  BENCH_EVENTS                    events to replay (default 200000, about 5 minutes on 2 cores);
                                  BENCH_EVENTS=1200000 simulates the national year (~120,000 births;
                                  about 19 minutes, and the memory-only tansu broker grows to ~2.4 GB)
  BENCH_TXN_EVENTS                of these, how many are written one per transaction (default 5 %, >= 1000)
  BENCH_CONCURRENCY               concurrent use-case tasks for the one-per-transaction writes (default 20)
  BENCH_RELAY_BATCHES             relay batch sizes to try, comma-separated (default "500,2000")
  BENCH_CONSUMER_BATCH            consumer batch size (default: the settings' consumer_batch_size, 1000)
  BENCH_REBUILD                   1 (default) to finish with a rebuild of the reporting projection from its
                                  event log (`python -m reporting.rebuild`'s path), 0 to skip it
  BENCH_DATABASE_URL              use this PostgreSQL server (fresh databases are created and dropped again)
                                  instead of starting an embedded one, e.g. postgresql://postgres@127.0.0.1/postgres
  BENCH_KAFKA_BOOTSTRAP_SERVERS   use this broker (topics are created per run and deleted at the end)
  BENCH_LOG_LEVEL                 log level of the services' loggers (default WARNING)

Everything the benchmark starts (PostgreSQL in a temporary directory, the tansu broker) is stopped and removed
at the end, also after an error, Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import platform
import signal
import sys
import time
from types import FrameType

from bench.infra import BenchDatabases, Infrastructure
from bench.report import BenchReport, fmt_duration
from bench.runner import BenchConfig, run_benchmarks
from shared.logging import configure_logging


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").replace("_", "").strip()
    return int(raw) if raw else default


def config_from_env() -> BenchConfig:
    base = BenchConfig()
    batches = os.environ.get("BENCH_RELAY_BATCHES", "").strip()
    return BenchConfig(
        events=_int("BENCH_EVENTS", base.events),
        single_txn_events=_int("BENCH_TXN_EVENTS", -1) if os.environ.get("BENCH_TXN_EVENTS") else None,
        concurrency=_int("BENCH_CONCURRENCY", base.concurrency),
        relay_batches=tuple(int(b) for b in batches.split(",") if b.strip())
        if batches
        else base.relay_batches,
        consumer_batch=_int("BENCH_CONSUMER_BATCH", base.consumer_batch),
        rebuild=_int("BENCH_REBUILD", 1) != 0,
    )


def _say(line: str) -> None:
    print(line, flush=True)


# The running benchmark, for the SIGTERM handler: (its event loop, its main task).
_running: list[tuple[asyncio.AbstractEventLoop, asyncio.Task[BenchReport]]] = []


class Interrupted(Exception):
    """SIGTERM or Ctrl-C stopped the run."""


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    """SIGTERM behaves like Ctrl-C: cancel the run so that every `finally` runs (consumers, engines,
    databases), or unwind the set-up; either way `Infrastructure` then stops the servers."""
    if _running:
        loop, task = _running[-1]
        loop.call_soon_threadsafe(task.cancel)
    else:
        raise Interrupted("SIGTERM")


async def _main(config: BenchConfig, infra: Infrastructure) -> BenchReport:
    task = asyncio.current_task()
    assert task is not None
    _running.append((asyncio.get_running_loop(), task))
    databases = BenchDatabases(infra.server_url)
    try:
        return await run_benchmarks(config, databases, infra.bootstrap, out=_say)
    finally:
        _running.clear()
        if not infra.owns_database:  # an embedded server is deleted as a whole
            await asyncio.shield(databases.drop_all())


def main() -> int:
    config = config_from_env()
    signal.signal(signal.SIGTERM, _on_sigterm)
    configure_logging("bench", level=os.environ.get("BENCH_LOG_LEVEL", "WARNING"))
    _say(
        f"event-layer benchmark: {config.events:,} events ({config.n_single:,} written one per transaction), "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    started = time.perf_counter()
    with Infrastructure() as infra:
        _say(f"infrastructure: {infra.describe()}")
        try:
            report = asyncio.run(_main(config, infra))
        except asyncio.CancelledError:  # SIGTERM cancelled the run
            raise Interrupted("SIGTERM") from None
        broker_rss = infra.broker_peak_rss_kb()
    _say("")
    _say(report.table(broker_rss))
    _say(
        f"total wall time (set-up, generation and checks included): {fmt_duration(time.perf_counter() - started)}"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (KeyboardInterrupt, Interrupted):
        _say("interrupted; everything the benchmark started has been stopped")
        sys.exit(130)
