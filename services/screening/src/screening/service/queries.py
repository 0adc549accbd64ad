"""Read side: a pregnancy, its summary (scenario and why, period, history, flags) and the lists for front ends."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from screening.adapters.activities import StoredReferral, StoredSession
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.records import ScreeningFilter, ScreeningRow, StoredInclusion, domain_history
from screening.adapters.repository import PregnancyFilter, PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules, summary, timeline
from screening.domain.errors import ReferralNotFound
from screening.domain.model import ProgrammePeriod, ScenarioDetermination
from screening.service.common import load_pregnancy

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class PeriodOn:
    """The programme period of a pregnancy on a date (CTX-04)."""

    on: date
    period: ProgrammePeriod
    gestational_age_days: int | None  # while prenatal
    programme_end_date: date | None


@dataclass(frozen=True)
class PregnancySummary:
    pregnancy: PregnancyRecord
    period: PeriodOn
    current: ScenarioDetermination
    history: list[StoredInclusion]
    sessions: list[StoredSession]
    referrals: list[StoredReferral]
    flags: frozenset[summary.PregnancyFlag]


@dataclass(frozen=True)
class PregnancyListItem:
    pregnancy: PregnancyRecord
    period: ProgrammePeriod
    current: ScenarioDetermination


@dataclass(frozen=True)
class ScreeningListItem:
    """A screening record of the list with the current scenario of its pregnancy (SCR-05, SCR-06)."""

    row: ScreeningRow
    current: ScenarioDetermination


async def get_pregnancy(pregnancy_id: uuid.UUID, *, uow: ScreeningUnitOfWork) -> PregnancyRecord:
    """A registered pregnancy (the pseudonym only; the national number never leaves the database)."""
    async with uow:
        return await load_pregnancy(uow, pregnancy_id)


async def get_referral(referral_id: uuid.UUID, *, uow: ScreeningUnitOfWork) -> StoredReferral:
    """SCR-10: one referral, also one never linked to a pregnancy, with its correction links."""
    async with uow:
        referral = await uow.referrals.get(referral_id)
    if referral is None:
        raise ReferralNotFound("No referral with this id.")
    return referral


def period_on(pregnancy: PregnancyRecord, on: date) -> PeriodOn:
    """CTX-04: the programme period on `on`, with the gestational age while prenatal."""
    period = timeline.programme_period(pregnancy.pregnancy, on)
    age = (
        timeline.gestational_age_days(on, pregnancy.expected_delivery_date)
        if period is ProgrammePeriod.PRENATAL
        else None
    )
    return PeriodOn(on, period, age, timeline.programme_end_date(pregnancy.pregnancy))


async def programme_period(pregnancy_id: uuid.UUID, *, uow: ScreeningUnitOfWork, on: date) -> PeriodOn:
    """CTX-04: the programme period of a pregnancy on any date."""
    return period_on(await get_pregnancy(pregnancy_id, uow=uow), on)


async def pregnancy_summary(
    pregnancy_id: uuid.UUID, *, uow: ScreeningUnitOfWork, on: date
) -> PregnancySummary:
    """The pregnancy with its current scenario, period on `on`, full history, sessions and flags."""
    async with uow:
        pregnancy = await load_pregnancy(uow, pregnancy_id)
        history = await uow.inclusions.history(pregnancy_id)
        sessions = await uow.sessions.for_pregnancy(pregnancy_id)
        referrals = await uow.referrals.for_pregnancy(pregnancy_id)
    records = domain_history(history)
    current = rules.determine_current_scenario(records)
    return PregnancySummary(
        pregnancy=pregnancy,
        period=period_on(pregnancy, on),
        current=current,
        history=history,
        sessions=sessions,
        referrals=referrals,
        flags=summary.pregnancy_flags(pregnancy.pregnancy, records, [s.session for s in sessions], on=on),
    )


async def list_pregnancies(
    filters: PregnancyFilter,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    today: date,
    limit: int,
    offset: int,
) -> Page[PregnancyListItem]:
    """Pregnancies by professional, residence municipality (old codes mapped), expected delivery date and
    current scenario (SCR-05, SCR-06), ordered by expected delivery date."""
    if filters.residence_nis is not None:
        filters = dataclasses.replace(
            filters, residence_nis=municipalities.resolve(filters.residence_nis).nis_code
        )
    async with uow:
        found, total = await uow.pregnancies.search(filters, limit=limit, offset=offset)
        histories = await uow.inclusions.histories(p.id for p in found)
    items = [
        PregnancyListItem(
            pregnancy=p,
            period=timeline.programme_period(p.pregnancy, today),
            current=rules.determine_current_scenario(domain_history(histories.get(p.id, []))),
        )
        for p in found
    ]
    return Page(items, total, limit, offset)


async def list_screenings(
    filters: ScreeningFilter,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    limit: int,
    offset: int,
) -> Page[ScreeningListItem]:
    """Screening records by performer, residence municipality, date range, status and the current scenario of
    their pregnancy (SCR-05, SCR-06), newest first."""
    if filters.residence_nis is not None:
        filters = dataclasses.replace(
            filters, residence_nis=municipalities.resolve(filters.residence_nis).nis_code
        )
    async with uow:
        rows, total = await uow.inclusions.search_screenings(filters, limit=limit, offset=offset)
        histories = await uow.inclusions.histories({row.stored.pregnancy_id for row in rows})
    items = [
        ScreeningListItem(
            row, rules.determine_current_scenario(domain_history(histories.get(row.stored.pregnancy_id, [])))
        )
        for row in rows
    ]
    return Page(items, total, limit, offset)
