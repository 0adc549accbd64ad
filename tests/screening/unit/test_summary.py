from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from screening.domain import rules, summary
from screening.domain.model import (
    Birth,
    ExceptionReason,
    FundingType,
    InclusionDecision,
    InclusionRecord,
    Indicator,
    OrganisationKind,
    Performer,
    Pregnancy,
    PregnancyEnd,
    PregnancyEndReason,
    PrenatalAdviceSession,
    Profession,
    ScreeningRecord,
    ScreeningStatus,
)
from screening.domain.summary import PregnancyFlag

pytestmark = pytest.mark.unit

EDD = date(2026, 7, 1)
START = EDD - timedelta(days=280)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
HOUSING, VIOLENCE = Indicator.HOUSING_PROBLEMS, Indicator.VICTIM_OF_VIOLENCE


def day(n: int) -> date:
    return START + timedelta(days=n)


def midwife() -> Performer:
    return Performer(
        "prof-1", Profession.MIDWIFE, FundingType.HEALTH_INSURANCE, "org-1", OrganisationKind.PRIVATE_PRACTICE
    )


def screening(record_id: str, on: date, *indicators: Indicator, **overrides: Any) -> ScreeningRecord:
    fields: dict[str, Any] = {
        "record_id": record_id,
        "screening_date": on,
        "recorded_at": T0,
        "status": ScreeningStatus.COMPLETED,
        "performer": midwife(),
        "indicators": frozenset(indicators),
    }
    fields.update(overrides)
    return ScreeningRecord(**fields)


def exception(record_id: str, on: date, *indicators: Indicator) -> InclusionDecision:
    return InclusionDecision(record_id, on, T0, midwife(), ExceptionReason.REFUSAL, frozenset(indicators))


def flags(
    history: list[InclusionRecord],
    *,
    on: date,
    pregnancy: Pregnancy | None = None,
    sessions: list[PrenatalAdviceSession] | None = None,
) -> frozenset[PregnancyFlag]:
    return summary.pregnancy_flags(pregnancy or Pregnancy(EDD), history, sessions or [], on=on)


def test_scr05_a_timely_completed_screening_raises_no_flag() -> None:
    assert flags([screening("s1", day(60), HOUSING)], on=day(120)) == frozenset()


def test_scr05_without_a_completed_screening_or_decision_there_is_no_inclusion_result_yet() -> None:
    partial = screening("s1", day(60), status=ScreeningStatus.PARTIAL)

    assert flags([partial], on=day(70)) == {PregnancyFlag.NO_INCLUSION_RESULT_YET}


def test_scr07_no_screening_attempt_by_week_14_is_overdue_but_not_at_13_weeks_6_days() -> None:
    assert PregnancyFlag.SCREENING_OVERDUE not in flags([], on=day(97))
    assert PregnancyFlag.SCREENING_OVERDUE in flags([], on=day(98))


def test_scr07_an_ended_pregnancy_is_not_overdue() -> None:
    ended = Pregnancy(EDD, end=PregnancyEnd(day(100), PregnancyEndReason.MISCARRIAGE))

    assert flags([], on=day(120), pregnancy=ended) == {PregnancyFlag.NO_INCLUSION_RESULT_YET}


def test_scr07_a_first_screening_at_week_14_is_flagged_late_even_after_a_timely_rescreening() -> None:
    history: list[InclusionRecord] = [screening("s1", day(98), HOUSING), screening("s2", day(150), HOUSING)]

    assert flags(history, on=day(160)) == {PregnancyFlag.LATE_SCREENING}


def test_scr07_birth_plus_7_days_without_inclusion_result_closes_the_screening_window() -> None:
    born = Pregnancy(EDD, birth=Birth(EDD))

    assert PregnancyFlag.SCREENING_WINDOW_CLOSED not in flags([], on=EDD + timedelta(days=7), pregnancy=born)
    assert PregnancyFlag.SCREENING_WINDOW_CLOSED in flags([], on=EDD + timedelta(days=8), pregnancy=born)


def test_scr06_the_exception_path_and_corrections_are_flagged() -> None:
    history: list[InclusionRecord] = [
        screening("s1", day(60), status=ScreeningStatus.REFUSED),
        screening("s2", day(60), status=ScreeningStatus.REFUSED, supersedes="s1", correction_reason="date"),
        exception("d1", day(61), VIOLENCE),
    ]

    assert flags(history, on=day(70)) == {PregnancyFlag.EXCEPTION_PATH, PregnancyFlag.HAS_CORRECTIONS}


def test_fin11_two_reimbursed_sessions_reach_the_ppa_cap() -> None:
    one = PrenatalAdviceSession("p1", day(70), midwife(), reimbursable=True)
    two = PrenatalAdviceSession("p2", day(80), midwife(), reimbursable=True)
    unpaid = PrenatalAdviceSession("p3", day(90), midwife(), reimbursable=False)
    history: list[InclusionRecord] = [screening("s1", day(60), HOUSING)]

    assert PregnancyFlag.PPA_CAP_REACHED not in flags(history, on=day(95), sessions=[one, unpaid])
    assert PregnancyFlag.PPA_CAP_REACHED in flags(history, on=day(95), sessions=[one, two])


def test_fin11_a_superseded_session_leaves_the_ppa_cap_and_is_flagged_as_a_correction() -> None:
    one = PrenatalAdviceSession("p1", day(70), midwife(), reimbursable=True, superseded_by="p3")
    two = PrenatalAdviceSession("p2", day(80), midwife(), reimbursable=True)
    fix = PrenatalAdviceSession(
        "p3", day(71), midwife(), reimbursable=False, supersedes="p1", correction_reason="nurse, not midwife"
    )
    history: list[InclusionRecord] = [screening("s1", day(60), HOUSING)]

    assert flags(history, on=day(95), sessions=[one, two, fix]) == {PregnancyFlag.HAS_CORRECTIONS}


def test_scr05_the_explanation_names_the_scenario_the_record_and_the_rule() -> None:
    determination = rules.determine_current_scenario([screening("s1", date(2026, 1, 5), HOUSING, VIOLENCE)])

    assert summary.explain_scenario(determination) == (
        "Scenario B: 2 vulnerability indicator(s) found by the completed screening of 2026-01-05 (SCR-05)."
    )


def test_scr04_scenario_0_is_explained_as_no_indicator_found() -> None:
    determination = rules.determine_current_scenario([screening("s1", date(2026, 1, 5))])

    assert summary.explain_scenario(determination).startswith("Scenario 0: no vulnerability indicator found")


def test_scr06_an_exception_is_explained_as_professional_judgement() -> None:
    determination = rules.determine_current_scenario([exception("d1", date(2026, 1, 5), VIOLENCE)])

    assert "judged present by a professional without a tool result" in summary.explain_scenario(determination)
    assert "SCR-06" in summary.explain_scenario(determination)


def test_scr05_an_undetermined_scenario_is_explained() -> None:
    assert summary.explain_scenario(rules.determine_current_scenario([])).startswith("No completed screening")
