"""Handlers of consumed events: plain async functions, one transaction per batch owned by the consumer loop.

Each handler is one or two statements so that a batch of up to 1000 events applies quickly. The inbox applies
every event once; the scenario and outcome upserts are also guarded by the event time, so a replayed older
event never overwrites a newer fact.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert

from careteam.adapters import orm
from careteam.adapters.projections import ProjectionRepository
from shared.events.contracts.screening import (
    BirthRecordedV1,
    ClientScenarioDeterminedV1,
    PregnancyEndedV1,
    PregnancyRegisteredV1,
)
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import HandlerContext

_CHILD_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4c55-9d0e-4a8f0c3b2e71")
"""Derives stable child ids when a birth event names no child ids (the same birth always gives the same ids)."""


async def on_pregnancy_registered(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Project a registered pregnancy.

    A plain insert on purpose: the consumer's inbox guarantees each event is applied once, and if a duplicate
    ever slipped past it the primary key would reject it loudly (dead letter) instead of hiding it.
    """
    p: PregnancyRegisteredV1 = envelope.payload
    await ctx.session.execute(
        insert(orm.client_pregnancy).values(
            pregnancy_id=p.pregnancy_id,
            client_pseudonym=p.client_pseudonym,
            expected_delivery_date=p.expected_delivery_date,
            residence_nis=p.residence_nis,
            mutuality_code=p.mutuality_code,
            care_fund_code=p.care_fund_code,
            registered_at=envelope.occurred_at,
        )
    )


async def on_scenario_determined(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Project the client's current scenario and exception flag (CT-19: scenario B or the exception)."""
    p: ClientScenarioDeterminedV1 = envelope.payload
    await ProjectionRepository(ctx.session).set_scenario(
        pregnancy_id=p.pregnancy_id,
        client_pseudonym=p.client_pseudonym,
        scenario=p.scenario,
        exception=p.exception,
        basis=p.basis,
        record_id=p.record_id,
        effective_date=p.effective_date,
        indicators=p.indicators,
        determined_at=envelope.occurred_at,
    )


async def on_birth_recorded(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Project the birth and its children; every team of the pregnancy is linked to them (Q-19, CT-16)."""
    p: BirthRecordedV1 = envelope.payload
    repo = ProjectionRepository(ctx.session)
    applied = await repo.set_outcome(
        pregnancy_id=p.pregnancy_id,
        client_pseudonym=p.client_pseudonym,
        occurred_at=envelope.occurred_at,
        birth_date=p.birth_date,
        number_of_children=p.number_of_children,
    )
    if applied:
        child_ids = list(p.child_ids) or [
            uuid.uuid5(_CHILD_NAMESPACE, f"{p.pregnancy_id}:{n}") for n in range(p.number_of_children)
        ]
        await repo.replace_children(p.pregnancy_id, [(c, p.birth_date) for c in child_ids])


async def on_pregnancy_ended(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Project the end of a pregnancy without birth."""
    p: PregnancyEndedV1 = envelope.payload
    repo = ProjectionRepository(ctx.session)
    applied = await repo.set_outcome(
        pregnancy_id=p.pregnancy_id,
        client_pseudonym=p.client_pseudonym,
        occurred_at=envelope.occurred_at,
        end_date=p.end_date,
        end_reason=p.reason,
    )
    if applied:
        await repo.replace_children(p.pregnancy_id, [])
