"""Pregnancy timeline rules: gestational age, screening timing, birth, end of pregnancy, programme periods.

Plain functions over the frozen model; `today` is always an argument. Decisions on open questions:

- Q-06 gestational age at a date = ``280 - (expected_delivery_date - date).days`` days, so gestational day 0 is
  the estimated first day of the last menstrual period and the EDD is day 280 (40+0). "Late" (SCR-07 soft
  target) means gestational age >= 14 weeks = 98 days; 97 days (13+6) is still on time.
- SCR-07 hard limit: a screening is accepted up to and including birth_date + 7 days, refused from day 8.
  A screening before gestational day 0, after today, or on/after the day a pregnancy ended without birth is
  refused.
  The same date checks apply to SCR-06 exception decisions, which stand in for the screening.
- CTX-04 plausible birth date: from gestational week 22+0 (day 154) up to and including EDD + 6 weeks, and not
  after today. An end of pregnancy without birth must lie between day 0 and EDD + 6 weeks, and not after today.
- CTX-04 plausible expected delivery date at registration: the pregnancy has started (EDD at most 280 days
  ahead, plus a dating tolerance of 14 days) and its programme cannot have ended yet (the 2nd birthday of a
  child born at the latest plausible date, EDD + 6 weeks, lies after today).
- CTX-04 periods: PRENATAL before the birth date (also after the EDD while no birth is recorded); POSTNATAL from
  the birth date up to and including birth + 41 days; YOUNG_CHILD from birth + 42 days (6 weeks) up to and
  including the day before the 2nd birthday; ENDED from the 2nd birthday (Q-06), or from the date a
  pregnancy ended without birth. A child born on 29 February reaches a birthday in a common year on 1 March.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from screening.domain.errors import (
    BirthDateImplausible,
    BirthDateInFuture,
    ExpectedDeliveryDateImplausible,
    InvalidNumberOfChildren,
    PregnancyAlreadyConcluded,
    PregnancyEndDateInvalid,
    ScreeningAfterBirthWindow,
    ScreeningAfterPregnancyEnd,
    ScreeningBeforePregnancy,
    ScreeningDateInFuture,
)
from screening.domain.model import (
    DEFAULT_POLICY,
    FULL_TERM_DAYS,
    Birth,
    Pregnancy,
    PregnancyEnd,
    PregnancyEndReason,
    ProgrammePeriod,
    ProgrammePolicy,
    ScreeningTiming,
)


def gestational_age_days(on: date, expected_delivery_date: date) -> int:
    """Q-06: gestational age in days at `on`, i.e. 280 minus the days left until the expected delivery date."""
    return FULL_TERM_DAYS - (expected_delivery_date - on).days


def anniversary(start: date, years: int) -> date:
    """Q-06: the date `years` after `start`; 29 February maps to 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def assess_screening_timing(
    screening_date: date,
    pregnancy: Pregnancy,
    *,
    today: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> ScreeningTiming:
    """SCR-07: refuse screenings in the future, before pregnancy or after birth + 7 days; flag week >= 14 late."""
    if screening_date > today:
        raise ScreeningDateInFuture("The screening date lies in the future.")
    age = gestational_age_days(screening_date, pregnancy.expected_delivery_date)
    if age < 0:
        raise ScreeningBeforePregnancy(
            "The screening date lies before the start of the pregnancy.", extra={"gestational_age_days": age}
        )
    if pregnancy.end is not None and screening_date >= pregnancy.end.end_date:
        raise ScreeningAfterPregnancyEnd("The pregnancy ended without birth on or before the screening date.")
    days_after_birth: int | None = None
    if pregnancy.birth is not None:
        days_after_birth = (screening_date - pregnancy.birth.birth_date).days
        if days_after_birth > policy.screening_days_after_birth:
            raise ScreeningAfterBirthWindow(
                f"A screening must take place at the latest {policy.screening_days_after_birth} days after birth.",
                extra={"days_after_birth": days_after_birth},
            )
    return ScreeningTiming(
        gestational_age_days=age,
        late=age >= policy.late_screening_from_day,
        postpartum=days_after_birth is not None and days_after_birth >= 0,
        days_after_birth=days_after_birth if days_after_birth is not None and days_after_birth >= 0 else None,
    )


def check_expected_delivery_date(
    expected_delivery_date: date, *, today: date, policy: ProgrammePolicy = DEFAULT_POLICY
) -> None:
    """CTX-04: refuse an EDD of a pregnancy that cannot have started yet or whose programme has already ended."""
    latest = today + timedelta(days=FULL_TERM_DAYS + policy.edd_dating_tolerance_days)
    if expected_delivery_date > latest:
        raise ExpectedDeliveryDateImplausible(
            "The expected delivery date lies too far ahead: the pregnancy cannot have started yet.",
            extra={"latest_expected_delivery_date": latest.isoformat()},
        )
    latest_birth = expected_delivery_date + timedelta(days=policy.latest_birth_days_after_edd)
    if anniversary(latest_birth, policy.young_child_end_age_years) <= today:
        raise ExpectedDeliveryDateImplausible(
            "The expected delivery date lies so far back that the programme has already ended."
        )


def _latest_plausible_conclusion(pregnancy: Pregnancy, policy: ProgrammePolicy) -> date:
    return pregnancy.expected_delivery_date + timedelta(days=policy.latest_birth_days_after_edd)


def record_birth(
    pregnancy: Pregnancy,
    birth_date: date,
    number_of_children: int = 1,
    *,
    today: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> Pregnancy:
    """CTX-04, Q-06: record a birth dated from week 22+0 to EDD + 6 weeks, not in the future, with >= 1 child."""
    if pregnancy.is_concluded:
        raise PregnancyAlreadyConcluded("A birth or an end of this pregnancy was already recorded.")
    if number_of_children < 1:
        raise InvalidNumberOfChildren("A birth has at least one child.")
    if birth_date > today:
        raise BirthDateInFuture("The birth date lies in the future.")
    age = gestational_age_days(birth_date, pregnancy.expected_delivery_date)
    if age < policy.earliest_birth_gestational_day or birth_date > _latest_plausible_conclusion(
        pregnancy, policy
    ):
        raise BirthDateImplausible(
            "The birth date is not plausible for the expected delivery date "
            f"(allowed from gestational day {policy.earliest_birth_gestational_day} "
            f"to {policy.latest_birth_days_after_edd} days after the expected delivery date).",
            extra={"gestational_age_days": age},
        )
    return dataclasses.replace(pregnancy, birth=Birth(birth_date, number_of_children))


def record_pregnancy_end(
    pregnancy: Pregnancy,
    end_date: date,
    reason: PregnancyEndReason,
    *,
    today: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> Pregnancy:
    """CTX-04: record that the pregnancy ended without a live birth; the programme period is ENDED from then."""
    if pregnancy.is_concluded:
        raise PregnancyAlreadyConcluded("A birth or an end of this pregnancy was already recorded.")
    if end_date > today:
        raise PregnancyEndDateInvalid("The end date of the pregnancy lies in the future.")
    if end_date < pregnancy.start_date or end_date > _latest_plausible_conclusion(pregnancy, policy):
        raise PregnancyEndDateInvalid("The end date lies outside the pregnancy.")
    return dataclasses.replace(pregnancy, end=PregnancyEnd(end_date, reason))


def programme_end_date(pregnancy: Pregnancy, *, policy: ProgrammePolicy = DEFAULT_POLICY) -> date | None:
    """CTX-04, Q-06: first day of the ENDED period (2nd birthday or end of pregnancy); None while open."""
    if pregnancy.end is not None:
        return pregnancy.end.end_date
    if pregnancy.birth is not None:
        return anniversary(pregnancy.birth.birth_date, policy.young_child_end_age_years)
    return None


def programme_period(
    pregnancy: Pregnancy, on: date, *, policy: ProgrammePolicy = DEFAULT_POLICY
) -> ProgrammePeriod:
    """CTX-04, Q-06: the programme period (prenatal, postnatal, young child, ended) on a date."""
    end = programme_end_date(pregnancy, policy=policy)
    if end is not None and on >= end:
        return ProgrammePeriod.ENDED
    if on < pregnancy.start_date:
        return ProgrammePeriod.NOT_STARTED
    birth = pregnancy.birth
    if birth is None or on < birth.birth_date:
        return ProgrammePeriod.PRENATAL
    if on < birth.birth_date + timedelta(days=policy.postnatal_days):
        return ProgrammePeriod.POSTNATAL
    return ProgrammePeriod.YOUNG_CHILD
