"""The consumed screening events through the real consumer batch path (inbox, one transaction per batch), and
the migrations up and down, against a real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
import pytest_asyncio
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from careteam.adapters import orm
from careteam.adapters.projections import ProjectionRepository
from careteam.config import CareteamSettings
from careteam.consumers import consumer_specs
from careteam.domain.model import Scenario
from shared.db import make_engine, make_sessionmaker
from shared.events.base import EventPayload
from shared.events.contracts.screening import (
    BirthRecordedV1,
    ClientScenarioDeterminedV1,
    PregnancyEndedV1,
    PregnancyRegisteredV1,
)
from shared.events.contracts.topics import SCREENING_EVENTS
from shared.events.envelope import EventEnvelope, new_envelope
from shared.events.registry import default_registry, encode
from shared.kafka.consumer import BatchProcessor, ConsumedRecord
from shared.kafka.producer import FakeProducer
from shared.migrations import downgrade, upgrade
from shared.outbox.writer import kafka_headers
from tests.conftest import Databases

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def sessionmaker(databases: Databases) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(await databases.create("careteam_handlers", migrate="careteam:migrations"))
    yield make_sessionmaker(engine)
    await engine.dispose()


def processor(sessionmaker: async_sessionmaker[AsyncSession]) -> BatchProcessor:
    (spec,) = consumer_specs(CareteamSettings())
    assert spec.group_id == "careteam.screening" and spec.topics == (SCREENING_EVENTS,)
    return BatchProcessor(
        spec,
        sessionmaker=sessionmaker,
        inbox_table=orm.inbox,
        outbox_table=orm.outbox,
        registry=default_registry(),
        dlq_producer=FakeProducer(),
    )


def record(envelope: EventEnvelope[EventPayload], offset: int) -> ConsumedRecord:
    return ConsumedRecord(
        topic=SCREENING_EVENTS,
        partition=0,
        offset=offset,
        key=envelope.subject.encode(),
        value=encode(envelope),
        headers={k: v.encode() for k, v in kafka_headers(envelope).items()},
    )


ScreeningFact = PregnancyRegisteredV1 | ClientScenarioDeterminedV1 | BirthRecordedV1 | PregnancyEndedV1


def event(payload: ScreeningFact, at: datetime) -> EventEnvelope[EventPayload]:
    subject = str(payload.client_pseudonym)
    return new_envelope(payload, source="urn:perinatal:screening", subject=subject, occurred_at=at)


def scenario(
    pregnancy_id: uuid.UUID, pseudonym: str, value: str | None, *, exception: bool = False
) -> ClientScenarioDeterminedV1:
    return ClientScenarioDeterminedV1(
        pregnancy_id=pregnancy_id,
        client_pseudonym=pseudonym,
        scenario=value,
        exception=exception,
        basis="TOOL_RESULT",
        record_id=uuid.uuid4(),
        effective_date=date(2026, 11, 1),
        indicators=[],
    )


async def test_screening_facts_are_projected_once_in_one_batch_and_an_older_scenario_never_wins(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    pregnancy_id, pseudonym = uuid.uuid4(), uuid.uuid4().hex * 2
    registered = event(
        PregnancyRegisteredV1(
            pregnancy_id=pregnancy_id,
            client_pseudonym=pseudonym,
            expected_delivery_date=date(2027, 4, 1),
            residence_nis="44021",
        ),
        T0,
    )
    scenario_a = event(scenario(pregnancy_id, pseudonym, "A"), T0 + timedelta(days=1))
    scenario_b = event(scenario(pregnancy_id, pseudonym, "B"), T0 + timedelta(days=2))
    birth = event(
        BirthRecordedV1(
            pregnancy_id=pregnancy_id,
            client_pseudonym=pseudonym,
            birth_date=date(2027, 3, 30),
            number_of_children=2,
        ),
        T0 + timedelta(days=150),
    )
    batch = [registered, scenario_a, scenario_b, birth, scenario_b]
    result = await processor(sessionmaker).process([record(e, i) for i, e in enumerate(batch)])
    assert (result.applied, result.duplicates, result.dead_lettered) == (4, 1, 0)

    late_replay = event(scenario(pregnancy_id, pseudonym, "0"), T0)  # older than B: must not overwrite it
    assert (await processor(sessionmaker).process([record(late_replay, 10)])).applied == 1
    again = await processor(sessionmaker).process([record(birth, 3)])  # redelivered: the inbox skips it
    assert (again.applied, again.duplicates) == (0, 1)

    async with sessionmaker() as session:
        facts = await ProjectionRepository(session).pregnancy(pregnancy_id)
    assert facts is not None
    assert facts.eligibility.scenario is Scenario.B and facts.scenario_known
    assert facts.outcome == "BIRTH" and facts.birth_date == date(2027, 3, 30)
    assert len(facts.children) == 2 and {c.birth_date for c in facts.children} == {date(2027, 3, 30)}


async def test_a_pregnancy_ended_without_birth_is_projected(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    pregnancy_id, pseudonym = uuid.uuid4(), uuid.uuid4().hex * 2
    registered = PregnancyRegisteredV1(
        pregnancy_id=pregnancy_id,
        client_pseudonym=pseudonym,
        expected_delivery_date=date(2027, 4, 1),
        residence_nis="44021",
    )
    ended = PregnancyEndedV1(
        pregnancy_id=pregnancy_id,
        client_pseudonym=pseudonym,
        end_date=date(2026, 12, 1),
        reason="MISCARRIAGE",
    )
    batch = [event(registered, T0), event(ended, T0 + timedelta(days=30))]
    assert (await processor(sessionmaker).process([record(e, i) for i, e in enumerate(batch)])).applied == 2
    async with sessionmaker() as session:
        facts = await ProjectionRepository(session).pregnancy(pregnancy_id)
        scenario_rows = (
            await session.execute(
                select(orm.client_scenario).where(orm.client_scenario.c.pregnancy_id == pregnancy_id)
            )
        ).all()
    assert facts is not None and facts.outcome == "ENDED" and facts.end_date == date(2026, 12, 1)
    assert facts.children == () and not facts.scenario_known and scenario_rows == []


async def test_the_migrations_go_down_and_up_again(databases: Databases) -> None:
    url = await databases.create("careteam_migrations", migrate="careteam:migrations")
    await asyncio.to_thread(downgrade, "careteam:migrations", url, "427eb67f860d")
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            tables = set(
                (
                    await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                ).scalars()
            )
        assert "care_team" not in tables and "client_pregnancy" in tables
        await asyncio.to_thread(upgrade, "careteam:migrations", url)
        async with engine.connect() as conn:
            seeded = (await conn.execute(text("SELECT count(*) FROM cm_organisation"))).scalar()
        assert seeded == 2
    finally:
        await engine.dispose()
