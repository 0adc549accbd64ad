"""The benchmark run: writes N events to an outbox, relays them to the broker twice, consumes them three times.

Flow (N = BenchConfig.events, topics and databases are fresh and uniquely named per run):

1. outbox write, 1 event per transaction, `concurrency` tasks: the first `single_txn_events` events;
   outbox write, `write_batch` events per transaction: the rest. The outbox now holds N rows.
2. relay with the settings' batch size (500) into topic A until drained; then the rows are made pending again
   (retargeted to topic B) and relayed with batch 2000: topic B holds the same N events a second time, as
   after a relay re-send.
3. consume+apply: the reporting event-log consumer (group 1) reads topic A into a migrated reporting database.
   replay (new group): group 2 reads topic A again into a second, fresh reporting database.
4. duplicate replay: group 1 reads topic B into the first database: every event is already in its inbox, so
   this is the dedupe path only.
5. rebuild (when `BenchConfig.rebuild`): the reporting projection of the first database is recomputed from
   its event log (what `python -m reporting.rebuild` does), through the same batched writes as the consumer.
Each stage's counts are checked against the databases afterwards (exactly once), outside the timed part.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.infra import DatabaseFactory
from bench.report import BenchReport, StageResult, fmt_duration, peak_rss_kb
from bench.stages import (
    ConsumeOutcome,
    consume,
    relay_until_drained,
    reporting_spec,
    warm_pool,
    write_batched,
    write_single,
)
from bench.workload import chunks, events
from reporting.adapters import orm as reporting_orm
from reporting.service.rebuild import rebuild as rebuild_projection
from shared.config import ServiceSettings
from shared.db import make_engine, make_metadata, make_sessionmaker
from shared.events.contracts.topics import dlq
from shared.kafka.admin import ensure_topics
from shared.kafka.producer import KafkaProducer
from shared.outbox.tables import outbox_table

_DEFAULTS = ServiceSettings.model_fields


def _default(name: str) -> int:
    value = _DEFAULTS[name].default
    assert isinstance(value, int)
    return value


@dataclass(frozen=True)
class BenchConfig:
    events: int = 200_000
    # Events written one per transaction (the rest go in batches); None: 5 % of N, at least 1,000.
    single_txn_events: int | None = None
    concurrency: int = 20
    write_batch: int = 500
    # The first relay batch size is the settings' default (outbox_batch_size).
    relay_batches: tuple[int, ...] = (_default("outbox_batch_size"), 2000)
    consumer_batch: int = _default("consumer_batch_size")
    fetch_max_wait_ms: int = _default("kafka_fetch_max_wait_ms")
    partitions: int = _default("kafka_topic_partitions")
    # Every stage must reach at least this rate or it stops (INCOMPLETE) instead of running on for hours.
    min_rate: float = 200.0
    # Stage 5: rebuild the reporting projection of the first database (on in `make bench`, see __main__).
    rebuild: bool = False
    delete_topics: bool = True
    seed: int = 2026

    @property
    def n_single(self) -> int:
        wanted = (
            self.single_txn_events if self.single_txn_events is not None else max(1000, self.events // 20)
        )
        return max(0, min(self.events, wanted))

    def timeout(self, events: int) -> float:
        return 60.0 + events / self.min_rate


async def _count(engine: AsyncEngine, stmt: Any) -> int:
    async with engine.connect() as conn:
        return int((await asyncio.wait_for(conn.execute(stmt), timeout=120)).scalar_one())


async def _vacuum(engine: AsyncEngine, table: str) -> None:
    """Untimed: gives every relay run the same starting point (no dead rows, fresh statistics)."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await asyncio.wait_for(conn.execute(text(f"VACUUM ANALYZE {table}")), timeout=300)


async def _delete_topics(bootstrap: str, topics: list[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    await asyncio.wait_for(admin.start(), timeout=15)
    try:
        await asyncio.wait_for(admin.delete_topics(topics), timeout=15)
    finally:
        await asyncio.wait_for(admin.close(), timeout=15)


async def run_benchmarks(
    config: BenchConfig,
    databases: DatabaseFactory,
    bootstrap: str,
    *,
    out: Callable[[str], None] = print,
) -> BenchReport:
    """Run every stage once and return the figures and the exactly-once checks (nothing is asserted here)."""
    n = config.events
    n_single = config.n_single
    report = BenchReport(events=n)
    run = uuid.uuid4().hex[:8]
    topic_a, topic_b = f"bench-{run}.screening.events", f"bench-{run}.screening.resent"
    group_1, group_2 = f"bench-{run}.event-log", f"bench-{run}.event-log-replay"

    def stage(result: StageResult) -> None:
        result.peak_rss_kb = peak_rss_kb()
        report.stages.append(result)
        out(f"  {result.line()}")

    out(f"setting up: topics, one outbox database, two migrated reporting databases (run {run}) ...")
    await asyncio.wait_for(
        ensure_topics(bootstrap, [topic_a, topic_b], partitions=config.partitions), timeout=120
    )
    outbox_url = await databases.create("bench_outbox")
    report_urls = [
        await databases.create(f"bench_reporting{i}", migrate="reporting:migrations") for i in (1, 2)
    ]
    # The outbox is the same shared table in every service; a bare database with just that table.
    outbox = outbox_table(make_metadata())
    outbox_engine = make_engine(outbox_url, pool_size=config.concurrency, max_overflow=5)
    report_engines = [make_engine(url) for url in report_urls]
    producer = KafkaProducer(bootstrap, client_id=f"bench-{run}")
    try:
        async with outbox_engine.begin() as conn:
            await conn.run_sync(outbox.metadata.create_all)
        outbox_sm = make_sessionmaker(outbox_engine)
        await asyncio.wait_for(producer.start(), timeout=30)

        # 1. Outbox writes.
        source = events(n, seed=config.seed)
        singles = [next(source) for _ in range(n_single)]
        await warm_pool(outbox_sm, config.concurrency)
        out(f"outbox write: {n_single:,} events one per transaction, {config.concurrency} tasks ...")
        one = await write_single(
            outbox_sm,
            outbox,
            singles,
            topic=topic_a,
            concurrency=config.concurrency,
            timeout=config.timeout(n_single),
        )
        del singles
        stage(
            StageResult(
                f"outbox 1 ev/txn x{config.concurrency}",
                one.events,
                one.seconds,
                n_single,
                one.latency_note(),
            )
        )
        rest = n - n_single
        out(f"outbox write: {rest:,} events, {config.write_batch} per transaction ...")
        many, building = await write_batched(
            outbox_sm,
            outbox,
            chunks(source, config.write_batch),
            topic=topic_a,
            timeout=config.timeout(rest),
        )
        stage(
            StageResult(
                f"outbox {config.write_batch} ev/txn", many.events, many.seconds, rest, many.latency_note()
            )
        )
        written = one.events + many.events
        report.check(
            "outbox rows written", n, await _count(outbox_engine, select(func.count()).select_from(outbox))
        )
        report.notes.append(
            f"(building the synthetic envelopes, not timed above: {many.events / building:,.0f} ev/s on this CPU)"
            if building > 0
            else "(no envelopes built in batches)"
        )

        # 2. Relay, once per batch size; every run after the first re-sends the rows into topic B.
        for i, batch_size in enumerate(config.relay_batches):
            target = topic_a if i == 0 else topic_b
            if i > 0:
                async with outbox_engine.begin() as conn:
                    await conn.execute(update(outbox).values(published_at=None, topic=target))
            await _vacuum(outbox_engine, outbox.name)
            out(f"relay: batch {batch_size} into {target} until drained ...")
            published, seconds, batches = await relay_until_drained(
                outbox_sm,
                outbox,
                producer,
                service=f"bench-{run}-{i}",
                batch_size=batch_size,
                timeout=config.timeout(written),
            )
            stage(
                StageResult(
                    f"relay batch {batch_size}",
                    published,
                    seconds,
                    written,
                    f"{batches} batches, {seconds / max(batches, 1) * 1000:.0f} ms/batch",
                )
            )
            report.check(
                f"relay batch {batch_size}: rows published",
                written,
                await _count(
                    outbox_engine,
                    select(func.count()).select_from(outbox).where(outbox.c.published_at.is_not(None)),
                ),
            )

        # 3 and 4. Consumers.
        runs = [("consume+apply", group_1, topic_a, 0), ("replay (new group)", group_2, topic_a, 1)]
        if len(config.relay_batches) > 1:
            runs.append(("duplicate replay", group_1, topic_b, 0))
        for name, group, topic, db in runs:
            out(f"{name}: group {group} reads {topic} ...")
            outcome = await consume(
                make_sessionmaker(report_engines[db]),
                bootstrap=bootstrap,
                spec=reporting_spec(group, topic),
                dlq_producer=producer,
                expected=written,
                batch_size=config.consumer_batch,
                fetch_max_wait_ms=config.fetch_max_wait_ms,
                timeout=config.timeout(written),
            )
            r = outcome.result
            handled = r.applied + r.duplicates + r.skipped + r.dead_lettered
            stage(StageResult(name, handled, outcome.seconds, written, _consume_note(outcome)))
            await _consume_checks(report, name, outcome, written, report_engines[db], group)

        if config.rebuild:
            await _rebuild(report, config, report_engines[0], written, out=out, stage=stage)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(producer.stop(), timeout=15)
        for engine in (outbox_engine, *report_engines):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(engine.dispose(), timeout=15)
        if config.delete_topics:
            topics = [topic_a, topic_b, dlq(topic_a), dlq(topic_b)]
            with contextlib.suppress(Exception):
                await _delete_topics(bootstrap, topics)
    return report


async def _rebuild(
    report: BenchReport,
    config: BenchConfig,
    engine: AsyncEngine,
    written: int,
    *,
    out: Callable[[str], None],
    stage: Callable[[StageResult], None],
) -> None:
    """Stage 5: rebuild the reporting projection from the event log (not a pipeline stage: run after a
    mapping change); the rebuilt facts must equal the ones the consumer projected."""
    out("rebuild: the reporting projection of the first database from its event log ...")
    facts = select(func.count()).select_from(reporting_orm.fact)
    consumed_facts = await _count(engine, facts)
    rebuilt = await asyncio.wait_for(
        rebuild_projection(make_sessionmaker(engine)), timeout=config.timeout(written)
    )
    stage(
        StageResult(
            "rebuild (reporting)",
            rebuilt.events,
            rebuilt.seconds,
            written,
            f"{rebuilt.facts:,} facts, {rebuilt.superseded:,} superseded, {rebuilt.skipped:,} skipped",
        )
    )
    report.check("rebuild: facts equal the consumer's", consumed_facts, rebuilt.facts)
    report.check("rebuild: fact rows", rebuilt.facts, await _count(engine, facts))


def _consume_note(outcome: ConsumeOutcome) -> str:
    r = outcome.result
    parts = [f"{r.applied:,} applied", f"{r.duplicates:,} dup"]
    if r.skipped or r.dead_lettered:
        parts.append(f"{r.skipped:,} skipped, {r.dead_lettered:,} DLQ")
    parts.append(f"{outcome.batches} batches, join {fmt_duration(outcome.join_seconds)}")
    return ", ".join(parts)


async def _consume_checks(
    report: BenchReport, name: str, outcome: ConsumeOutcome, written: int, engine: AsyncEngine, group: str
) -> None:
    inbox, log = reporting_orm.inbox, reporting_orm.event_log
    duplicates_only = name == "duplicate replay"
    report.check(f"{name}: applied", 0 if duplicates_only else written, outcome.result.applied)
    report.check(f"{name}: duplicates", written if duplicates_only else 0, outcome.result.duplicates)
    report.check(
        f"{name}: inbox rows of its group",
        written,
        await _count(engine, select(func.count()).select_from(inbox).where(inbox.c.consumer == group)),
    )
    report.check(
        f"{name}: event_log rows", written, await _count(engine, select(func.count()).select_from(log))
    )
    report.check(
        f"{name}: distinct event ids in event_log",
        written,
        await _count(engine, select(func.count(log.c.event_id.distinct()))),
    )
