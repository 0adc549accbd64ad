"""Fixtures of the reporting tests: a migrated database, the real consumer path, the app over HTTP.

`harness.feed(*envelopes)` sends encoded envelopes through the reporting consumer's `BatchProcessor`
(decode, inbox dedupe, `record_event`, one commit per batch), exactly as the Kafka loop does.
`harness.client(...)` runs the app (lifespan included) against the same database.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from reporting.adapters import orm
from reporting.api.deps import get_today
from reporting.config import ReportingSettings
from reporting.consumers import consumer_specs
from reporting.main import create_app
from shared.db import make_engine, make_sessionmaker
from shared.events.envelope import EventEnvelope
from shared.events.registry import default_registry, encode
from shared.kafka.consumer import BatchProcessor, BatchResult, ConsumedRecord
from shared.kafka.producer import FakeProducer
from shared.outbox.writer import kafka_headers
from tests.conftest import Databases, auth, running_app

TODAY = date(2026, 11, 23)
ANALYST = auth("policy_analyst")
COUNCIL = auth("care_council")
OPS = auth("ops")


def records(envelopes: Sequence[EventEnvelope[Any]]) -> list[ConsumedRecord]:
    return [
        ConsumedRecord(
            topic=envelope.topic,
            partition=0,
            offset=offset,
            key=envelope.subject.encode(),
            value=encode(envelope),
            headers={k: v.encode() for k, v in kafka_headers(envelope).items()},
        )
        for offset, envelope in enumerate(envelopes)
    ]


@dataclass
class Harness:
    url: str
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    dead_letters: FakeProducer = field(default_factory=FakeProducer)

    def settings(self, **overrides: Any) -> ReportingSettings:
        return ReportingSettings(database_url=self.url, environment="test", **overrides)

    async def feed(self, *envelopes: EventEnvelope[Any], batch_size: int = 1000) -> BatchResult:
        """Apply envelopes as the consumer does, in batches of `batch_size` (one transaction each)."""
        spec = consumer_specs(self.settings())[0]
        processor = BatchProcessor(
            spec,
            sessionmaker=self.sessionmaker,
            inbox_table=orm.inbox,
            outbox_table=orm.outbox,
            registry=default_registry(),
            dlq_producer=self.dead_letters,
        )
        total = BatchResult()
        for start in range(0, len(envelopes), batch_size):
            result = await processor.process(records(envelopes[start : start + batch_size]))
            total.applied += result.applied
            total.duplicates += result.duplicates
            total.dead_lettered += result.dead_lettered
        return total

    @contextlib.asynccontextmanager
    async def client(self, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(self.settings(**overrides))
        app.dependency_overrides[get_today] = lambda: TODAY
        async with running_app(app) as client:
            yield client

    async def count(self, table: Any) -> int:
        async with self.sessionmaker() as session:
            return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def reporting_database(databases: Databases) -> AsyncIterator[Harness]:
    url = await databases.create("reporting", migrate="reporting:migrations")
    engine = make_engine(url, pool_size=5, max_overflow=5)
    yield Harness(url=url, engine=engine, sessionmaker=make_sessionmaker(engine))
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def harness(reporting_database: Harness) -> Harness:
    """The reporting database, emptied before each test."""
    async with reporting_database.engine.begin() as conn:
        await conn.execute(text("TRUNCATE event_log, fact, superseded_record, inbox, outbox"))
    reporting_database.dead_letters = FakeProducer()
    return reporting_database


async def figures(
    client: httpx.AsyncClient, slug: str, *, headers: dict[str, str] | None = None, **params: Any
) -> dict[str, Any]:
    """GET /indicators/{slug} for 2026 (by default) and return the body; fails on a non-200."""
    query = {"period_from": "2026-01-01", "period_to": "2026-12-31", **params}
    response = await client.get(f"/indicators/{slug}", params=query, headers=headers or ANALYST)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def values(body: dict[str, Any], *, by: str = "region_code") -> dict[Any, str]:
    """Rows of a response as {region (and dimensions, period when asked): value}."""
    out: dict[Any, str] = {}
    for row in body["rows"]:
        key: Any = row[by]
        if row["dimensions"]:
            key = (key, *row["dimensions"].values())
        out[key] = row["value"]
    return out
