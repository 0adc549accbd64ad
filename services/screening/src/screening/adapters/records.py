"""Persistence of the inclusion history of a pregnancy: screenings and exception decisions in one
append-only table. Rows are inserted, never updated; "superseded by" is read back through `supersedes`."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, FromClause, RowMapping, Select, exists, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from screening.adapters import orm, scenario_filter
from screening.adapters.rows import enum_value, performer_of, performer_values, recorder_of, recorder_values
from screening.domain.model import (
    ExceptionReason,
    InclusionDecision,
    InclusionRecord,
    Indicator,
    NonReimbursableReason,
    Recorder,
    ReimbursementVerdict,
    Scenario,
    ScenarioFilter,
    ScreeningRecord,
    ScreeningStatus,
    ScreeningTiming,
    Topic,
)


@dataclass(frozen=True)
class StoredScreening:
    """A screening record with what the rules concluded when it was accepted (SCR-05, SCR-07, SCR-08)."""

    record: ScreeningRecord
    pregnancy_id: uuid.UUID
    timing: ScreeningTiming
    scenario: Scenario | None
    reimbursement: ReimbursementVerdict
    recorded_by: Recorder


@dataclass(frozen=True)
class StoredDecision:
    """An SCR-06 exception decision with its timing and the scenario it determines."""

    record: InclusionDecision
    pregnancy_id: uuid.UUID
    timing: ScreeningTiming
    scenario: Scenario
    recorded_by: Recorder


StoredInclusion: TypeAlias = StoredScreening | StoredDecision


@dataclass(frozen=True)
class ScreeningFilter:
    """Filters of the screening list (front ends: my screenings, a municipality, a period)."""

    professional_id: str | None = None
    residence_nis: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: ScreeningStatus | None = None
    current_only: bool = True
    scenarios: frozenset[ScenarioFilter] = frozenset()  # the pregnancy's current scenario; alternatives


@dataclass(frozen=True)
class ScreeningRow:
    """One line of the screening list: the record and the pregnancy it belongs to."""

    stored: StoredScreening
    client_pseudonym: str
    residence_nis: str


class InclusionRecordRepository:
    """The history of screenings and exception decisions of pregnancies."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def history(self, pregnancy_id: uuid.UUID) -> list[StoredInclusion]:
        """Every record of the pregnancy, superseded ones included, in recording order."""
        return (await self.histories([pregnancy_id])).get(pregnancy_id, [])

    async def histories(self, pregnancy_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[StoredInclusion]]:
        ids = list(pregnancy_ids)
        if not ids:
            return {}
        t = orm.inclusion_record
        rows = (
            await self._session.execute(
                select(t).where(t.c.pregnancy_id.in_(ids)).order_by(t.c.recorded_at, t.c.id)
            )
        ).all()
        superseded_by = {row.supersedes: row.id for row in rows if row.supersedes is not None}
        result: dict[uuid.UUID, list[StoredInclusion]] = defaultdict(list)
        for row in rows:
            result[row.pregnancy_id].append(_stored_inclusion(row._mapping, superseded_by.get(row.id)))
        return dict(result)

    async def add(self, stored: StoredInclusion) -> None:
        record = stored.record
        common: dict[str, Any] = {
            "id": uuid.UUID(record.record_id),
            "pregnancy_id": stored.pregnancy_id,
            "indicators": sorted(i.value for i in record.indicators),
            "gestational_age_days": stored.timing.gestational_age_days,
            "late": stored.timing.late,
            "days_after_birth": stored.timing.days_after_birth,
            "scenario": stored.scenario.value if stored.scenario is not None else None,
            "supersedes": uuid.UUID(record.supersedes) if record.supersedes else None,
            "correction_reason": record.correction_reason if record.supersedes else None,
            **recorder_values(stored.recorded_by),
            "recorded_at": record.recorded_at,
        }
        if isinstance(stored, StoredScreening):
            screening = stored.record
            values = {
                **common,
                **performer_values(screening.performer),
                "kind": orm.SCREENING,
                "record_date": screening.screening_date,
                "status": screening.status.value,
                "topics": sorted(t.value for t in screening.topics_discussed),
                "reimbursable": stored.reimbursement.reimbursable,
                "non_reimbursable_reason": enum_value(stored.reimbursement.reason),
            }
        else:
            decision = stored.record
            values = {
                **common,
                **performer_values(decision.decided_by),
                "kind": orm.EXCEPTION_DECISION,
                "record_date": decision.decision_date,
                "exception_reason": decision.reason.value,
                "reason_detail": decision.reason_detail,
            }
        await self._session.execute(orm.inclusion_record.insert().values(**values))

    async def search_screenings(
        self, filters: ScreeningFilter, *, limit: int, offset: int
    ) -> tuple[list[ScreeningRow], int]:
        """A page of screening records (newest first) and the total matching the filters."""
        t, p = orm.inclusion_record, orm.pregnancy
        correction = aliased(orm.inclusion_record)
        conditions = _screening_conditions(filters)
        base: FromClause = t.join(p, p.c.id == t.c.pregnancy_id)
        if filters.scenarios:
            current = scenario_filter.current_record_of(p.c.id)
            base = base.outerjoin(current, true())
            conditions.append(scenario_filter.matches(current, filters.scenarios))
        total = await self._session.scalar(select(func.count()).select_from(base).where(*conditions))
        query: Select[Any] = (
            select(t, p.c.client_pseudonym, p.c.residence_nis.label("pregnancy_residence_nis"))
            .add_columns(correction.c.id.label("superseded_by"))
            .select_from(base.outerjoin(correction, correction.c.supersedes == t.c.id))
            .where(*conditions)
            .order_by(t.c.record_date.desc(), t.c.recorded_at.desc(), t.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = (await self._session.execute(query)).all()
        result: list[ScreeningRow] = []
        for row in rows:
            stored = _stored_inclusion(row._mapping, row.superseded_by)
            assert isinstance(stored, StoredScreening)
            result.append(ScreeningRow(stored, row.client_pseudonym, row.pregnancy_residence_nis))
        return result, int(total or 0)


def domain_history(stored: Sequence[StoredInclusion]) -> list[InclusionRecord]:
    """The domain records of a stored history, for the rules."""
    return [s.record for s in stored]


# --- row mapping -------------------------------------------------------------------------------------


def _screening_conditions(filters: ScreeningFilter) -> list[ColumnElement[bool]]:
    t, p = orm.inclusion_record, orm.pregnancy
    conditions: list[ColumnElement[bool]] = [t.c.kind == orm.SCREENING]
    if filters.professional_id is not None:
        conditions.append(t.c.professional_id == filters.professional_id)
    if filters.residence_nis is not None:
        conditions.append(p.c.residence_nis == filters.residence_nis)
    if filters.date_from is not None:
        conditions.append(t.c.record_date >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(t.c.record_date <= filters.date_to)
    if filters.status is not None:
        conditions.append(t.c.status == filters.status.value)
    if filters.current_only:
        later = aliased(orm.inclusion_record)
        conditions.append(~exists().where(later.c.supersedes == t.c.id))
    return conditions


def _timing(m: RowMapping) -> ScreeningTiming:
    return ScreeningTiming(
        gestational_age_days=m["gestational_age_days"],
        late=m["late"],
        postpartum=m["days_after_birth"] is not None,
        days_after_birth=m["days_after_birth"],
    )


def _stored_inclusion(m: RowMapping, superseded_by: uuid.UUID | None) -> StoredInclusion:
    supersedes = str(m["supersedes"]) if m["supersedes"] is not None else None
    common: dict[str, Any] = {
        "record_id": str(m["id"]),
        "recorded_at": m["recorded_at"],
        "indicators": frozenset(Indicator(i) for i in m["indicators"]),
        "supersedes": supersedes,
        "superseded_by": str(superseded_by) if superseded_by is not None else None,
        "correction_reason": m["correction_reason"],
    }
    scenario = Scenario(m["scenario"]) if m["scenario"] is not None else None
    if m["kind"] == orm.SCREENING:
        record = ScreeningRecord(
            **common,
            screening_date=m["record_date"],
            status=ScreeningStatus(m["status"]),
            performer=performer_of(m),
            topics_discussed=frozenset(Topic(t) for t in m["topics"]),
        )
        reason = m["non_reimbursable_reason"]
        verdict = ReimbursementVerdict(
            bool(m["reimbursable"]), NonReimbursableReason(reason) if reason is not None else None
        )
        return StoredScreening(record, m["pregnancy_id"], _timing(m), scenario, verdict, recorder_of(m))
    decision = InclusionDecision(
        **common,
        decision_date=m["record_date"],
        decided_by=performer_of(m),
        reason=ExceptionReason(m["exception_reason"]),
        reason_detail=m["reason_detail"],
    )
    assert scenario is not None
    return StoredDecision(decision, m["pregnancy_id"], _timing(m), scenario, recorder_of(m))
