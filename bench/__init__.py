"""Throughput benchmarks of the event layer: outbox → relay → Kafka → consumer with inbox dedupe → PostgreSQL.

`make bench` (= `python -m bench`) replays BENCH_EVENTS synthetic screening events (default 200,000, about
four minutes on a 2-core machine) through the real code paths and prints events/s per stage, the projected
time for a national year, and the peak memory. `BENCH_EVENTS=1200000 make bench` simulates the national year
itself (about 120,000 births, ten events each; about 19 minutes). See `bench/__main__.py` for every setting.
"""

from bench.runner import BenchConfig, run_benchmarks

__all__ = ["BenchConfig", "run_benchmarks"]
