"""A pregnancy at a glance for the front ends: attention flags and why the current scenario is what it is.

Plain functions over the frozen model, like `rules` and `timeline`; the date to judge on is an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from screening.domain import rules, timeline
from screening.domain.model import (
    DEFAULT_POLICY,
    InclusionRecord,
    Pregnancy,
    PrenatalAdviceSession,
    ProgrammePeriod,
    ProgrammePolicy,
    Scenario,
    ScenarioDetermination,
    ScreeningRecord,
)


class PregnancyFlag(StrEnum):
    """Attention points on a pregnancy (SCR-05..SCR-07, FIN-11)."""

    NO_INCLUSION_RESULT_YET = "NO_INCLUSION_RESULT_YET"  # no completed screening nor exception decision
    SCREENING_OVERDUE = "SCREENING_OVERDUE"  # gestational week 14 passed without any screening attempt
    LATE_SCREENING = "LATE_SCREENING"  # the first screening attempt was at or after gestational week 14
    SCREENING_WINDOW_CLOSED = "SCREENING_WINDOW_CLOSED"  # birth + 7 days passed without an inclusion result
    EXCEPTION_PATH = "EXCEPTION_PATH"  # the current scenario rests on the SCR-06 exception path
    HAS_CORRECTIONS = "HAS_CORRECTIONS"  # a screening, decision or PPA was superseded by a correction
    PPA_CAP_REACHED = "PPA_CAP_REACHED"  # the current reimbursed PPAs reached the FIN-11 cap


def pregnancy_flags(
    pregnancy: Pregnancy,
    history: Sequence[InclusionRecord],
    sessions: Sequence[PrenatalAdviceSession],
    *,
    on: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> frozenset[PregnancyFlag]:
    """SCR-05..SCR-07, FIN-11: the attention flags of a pregnancy as judged on `on` (superseded PPAs not counted)."""
    flags: set[PregnancyFlag] = set()
    determination = rules.determine_current_scenario(history)
    superseded = rules.superseded_record_ids(history)
    current = [r for r in history if r.record_id not in superseded]
    screenings = [r for r in current if isinstance(r, ScreeningRecord)]
    if not determination.is_determined:
        flags.add(PregnancyFlag.NO_INCLUSION_RESULT_YET)
    if determination.is_exception:
        flags.add(PregnancyFlag.EXCEPTION_PATH)
    if superseded or rules.superseded_record_ids(sessions):
        flags.add(PregnancyFlag.HAS_CORRECTIONS)
    edd = pregnancy.expected_delivery_date
    if screenings:
        first = min(screenings, key=lambda r: r.screening_date)
        if timeline.gestational_age_days(first.screening_date, edd) >= policy.late_screening_from_day:
            flags.add(PregnancyFlag.LATE_SCREENING)
    elif (
        not current
        and timeline.programme_period(pregnancy, on, policy=policy) is ProgrammePeriod.PRENATAL
        and timeline.gestational_age_days(on, edd) >= policy.late_screening_from_day
    ):
        flags.add(PregnancyFlag.SCREENING_OVERDUE)
    birth = pregnancy.birth
    if (
        not determination.is_determined
        and birth is not None
        and on > birth.birth_date + timedelta(days=policy.screening_days_after_birth)
    ):
        flags.add(PregnancyFlag.SCREENING_WINDOW_CLOSED)
    if sum(1 for s in rules.current_records(sessions) if s.reimbursable) >= policy.reimbursed_ppa_cap:
        flags.add(PregnancyFlag.PPA_CAP_REACHED)
    return frozenset(flags)


def explain_scenario(determination: ScenarioDetermination) -> str:
    """SCR-04..SCR-06: one sentence saying which record determines the current scenario and on what basis."""
    if determination.scenario is None or determination.effective_date is None:
        return "No completed screening or exception decision yet: the scenario is not determined."
    count = len(determination.indicators)
    found = "no vulnerability indicator" if count == 0 else f"{count} vulnerability indicator(s)"
    on = determination.effective_date.isoformat()
    if determination.is_exception:
        return (
            f"Scenario {determination.scenario}: {found} judged present by a professional without a tool "
            f"result on {on} (SCR-06 exception path)."
        )
    rule = "SCR-04, SCR-05" if determination.scenario is Scenario.NONE else "SCR-05"
    return f"Scenario {determination.scenario}: {found} found by the completed screening of {on} ({rule})."
