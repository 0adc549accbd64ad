"""Handlers of consumed events: plain async functions, one transaction per batch owned by the consumer loop."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert

from careteam.adapters import orm
from shared.events.contracts.screening import PregnancyRegisteredV1
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import HandlerContext


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
