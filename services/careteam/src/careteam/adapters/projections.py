"""What careteam knows of the screening facts: pregnancies, the current scenario, births and ends.

Written by the consumer handlers only (one statement per event, so a batch of 1000 stays fast) and read by the
use cases. Updates are guarded by the event time, so a replayed older event never overwrites a newer fact.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from careteam.adapters import orm
from careteam.domain.model import ClientEligibility, LinkedChild, Scenario


@dataclass(frozen=True)
class PregnancyFacts:
    """A pregnancy as careteam knows it from the screening events."""

    pregnancy_id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    registered_at: datetime
    eligibility: ClientEligibility
    scenario_known: bool
    outcome: str | None = None
    birth_date: date | None = None
    end_date: date | None = None
    children: tuple[LinkedChild, ...] = ()


class ProjectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pregnancy(self, pregnancy_id: uuid.UUID) -> PregnancyFacts | None:
        """Return the pregnancy with its scenario, outcome and children, or None before its registration."""
        p, s, o = orm.client_pregnancy, orm.client_scenario, orm.pregnancy_outcome
        row = (
            await self._session.execute(
                select(
                    p,
                    s.c.scenario,
                    s.c.exception,
                    s.c.pregnancy_id.label("scenario_pregnancy_id"),
                    o.c.outcome,
                    o.c.birth_date,
                    o.c.end_date,
                )
                .outerjoin(s, s.c.pregnancy_id == p.c.pregnancy_id)
                .outerjoin(o, o.c.pregnancy_id == p.c.pregnancy_id)
                .where(p.c.pregnancy_id == pregnancy_id)
            )
        ).first()
        if row is None:
            return None
        m = row._mapping
        known = m["scenario_pregnancy_id"] is not None
        return PregnancyFacts(
            pregnancy_id=m["pregnancy_id"],
            client_pseudonym=m["client_pseudonym"],
            expected_delivery_date=m["expected_delivery_date"],
            residence_nis=m["residence_nis"],
            mutuality_code=m["mutuality_code"],
            care_fund_code=m["care_fund_code"],
            registered_at=m["registered_at"],
            eligibility=ClientEligibility(
                Scenario(m["scenario"]) if m["scenario"] is not None else None,
                exception=bool(m["exception"]) if known else False,
            ),
            scenario_known=known,
            outcome=m["outcome"],
            birth_date=m["birth_date"],
            end_date=m["end_date"],
            children=await self.children(pregnancy_id),
        )

    async def children(self, pregnancy_id: uuid.UUID) -> tuple[LinkedChild, ...]:
        """Return the children born from a pregnancy (Q-19)."""
        t = orm.pregnancy_child
        rows = await self._session.execute(
            select(t.c.child_id, t.c.birth_date)
            .where(t.c.pregnancy_id == pregnancy_id)
            .order_by(t.c.child_id)
        )
        return tuple(LinkedChild(str(r.child_id), r.birth_date) for r in rows)

    async def children_of(
        self, pregnancy_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, tuple[LinkedChild, ...]]:
        """Return the children of several pregnancies at once."""
        t = orm.pregnancy_child
        found: dict[uuid.UUID, list[LinkedChild]] = {}
        rows = await self._session.execute(
            select(t).where(t.c.pregnancy_id.in_(pregnancy_ids)).order_by(t.c.child_id)
        )
        for r in rows:
            found.setdefault(r.pregnancy_id, []).append(LinkedChild(str(r.child_id), r.birth_date))
        return {k: tuple(v) for k, v in found.items()}

    async def set_scenario(
        self,
        *,
        pregnancy_id: uuid.UUID,
        client_pseudonym: str,
        scenario: str | None,
        exception: bool,
        basis: str | None,
        record_id: uuid.UUID | None,
        effective_date: date | None,
        indicators: Sequence[str],
        determined_at: datetime,
    ) -> None:
        """Upsert the current scenario; an older event than the stored one changes nothing."""
        t = orm.client_scenario
        values = {
            "pregnancy_id": pregnancy_id,
            "client_pseudonym": client_pseudonym,
            "scenario": scenario,
            "exception": exception,
            "basis": basis,
            "record_id": record_id,
            "effective_date": effective_date,
            "indicators": list(indicators),
            "determined_at": determined_at,
        }
        stmt = insert(t).values(**values)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[t.c.pregnancy_id],
                set_={k: stmt.excluded[k] for k in values if k != "pregnancy_id"},
                where=t.c.determined_at <= stmt.excluded.determined_at,
            )
        )

    async def set_outcome(
        self,
        *,
        pregnancy_id: uuid.UUID,
        client_pseudonym: str,
        occurred_at: datetime,
        birth_date: date | None = None,
        number_of_children: int | None = None,
        end_date: date | None = None,
        end_reason: str | None = None,
    ) -> bool:
        """Upsert how the pregnancy concluded; True when this event is the newest fact and was applied."""
        t = orm.pregnancy_outcome
        values = {
            "pregnancy_id": pregnancy_id,
            "client_pseudonym": client_pseudonym,
            "outcome": "BIRTH" if birth_date is not None else "ENDED",
            "birth_date": birth_date,
            "number_of_children": number_of_children,
            "end_date": end_date,
            "end_reason": end_reason,
            "occurred_at": occurred_at,
        }
        stmt = insert(t).values(**values)
        result = await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[t.c.pregnancy_id],
                set_={k: stmt.excluded[k] for k in values if k != "pregnancy_id"},
                where=t.c.occurred_at <= stmt.excluded.occurred_at,
            ).returning(t.c.pregnancy_id)
        )
        return result.first() is not None

    async def replace_children(
        self, pregnancy_id: uuid.UUID, children: Sequence[tuple[uuid.UUID, date]]
    ) -> None:
        """Replace the children of a pregnancy (a corrected birth replaces the earlier one)."""
        t = orm.pregnancy_child
        await self._session.execute(delete(t).where(t.c.pregnancy_id == pregnancy_id))
        if children:
            await self._session.execute(
                insert(t),
                [{"pregnancy_id": pregnancy_id, "child_id": c, "birth_date": d} for c, d in children],
            )
