"""Handlers of consumed events: plain async functions, one transaction per batch owned by the consumer loop."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert

from financing.adapters import orm
from shared.events.contracts.screening import PregnancyRegisteredV1
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import HandlerContext


async def on_pregnancy_registered(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Project a registered pregnancy (idempotent: a replay of the same pregnancy changes nothing)."""
    p: PregnancyRegisteredV1 = envelope.payload
    await ctx.session.execute(
        insert(orm.pregnancy_projection)
        .values(
            pregnancy_id=p.pregnancy_id,
            client_pseudonym=p.client_pseudonym,
            expected_delivery_date=p.expected_delivery_date,
            residence_nis=p.residence_nis,
            mutuality_code=p.mutuality_code,
            care_fund_code=p.care_fund_code,
            registered_at=envelope.occurred_at,
        )
        .on_conflict_do_nothing(index_elements=["pregnancy_id"])
    )
