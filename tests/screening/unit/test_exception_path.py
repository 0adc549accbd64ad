from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from screening.domain import rules
from screening.domain.errors import (
    ExceptionReasonDetailRequired,
    ExceptionWithoutIndicators,
    ExceptionWithToolResult,
    ScreeningAfterBirthWindow,
    ScreeningDateInFuture,
    SupersededRecordNotFound,
)
from screening.domain.model import (
    Birth,
    ExceptionReason,
    FundingType,
    InclusionBasis,
    InclusionDecision,
    Indicator,
    OrganisationKind,
    Performer,
    Pregnancy,
    Profession,
    ProgrammeActivity,
    Scenario,
    ScreeningRecord,
    ScreeningStatus,
)
from shared.errors import RuleViolated

pytestmark = pytest.mark.unit

EDD = date(2026, 7, 1)
TODAY = date(2026, 3, 1)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PREGNANCY = Pregnancy(EDD)


def midwife() -> Performer:
    return Performer(
        "prof-2", Profession.MIDWIFE, FundingType.HEALTH_INSURANCE, "org-2", OrganisationKind.PRIVATE_PRACTICE
    )


def decision(*indicators: Indicator, **overrides: Any) -> InclusionDecision:
    fields: dict[str, Any] = {
        "record_id": "d1",
        "decision_date": date(2026, 1, 10),
        "recorded_at": T0,
        "decided_by": midwife(),
        "reason": ExceptionReason.REFUSAL,
        "indicators": frozenset(indicators),
    }
    fields.update(overrides)
    return InclusionDecision(**fields)


def screening(record_id: str, on: date, status: ScreeningStatus, **overrides: Any) -> ScreeningRecord:
    return ScreeningRecord(record_id, on, T0, status, midwife(), **overrides)


def assess(
    record: InclusionDecision, history: list[Any] | None = None, pregnancy: Pregnancy = PREGNANCY
) -> Any:
    return rules.assess_exception_decision(record, pregnancy=pregnancy, history=history or [], today=TODAY)


def test_scr06_exception_with_one_indicator_gives_scenario_a_on_professional_judgement() -> None:
    result = assess(decision(Indicator.VICTIM_OF_VIOLENCE))

    assert result.scenario is Scenario.A
    assert result.basis is InclusionBasis.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT
    assert result.is_exception and result.record_id == "d1"


def test_scr06_exception_with_two_indicators_gives_scenario_b() -> None:
    result = assess(decision(Indicator.VICTIM_OF_VIOLENCE, Indicator.SUBSTANCE_USE))

    assert result.scenario is Scenario.B


def test_fin15_exception_makes_ppa_coordination_and_consultation_eligible() -> None:
    result = assess(decision(Indicator.HOUSING_PROBLEMS))

    assert rules.unlocked_activities(result) == {
        ProgrammeActivity.PRENATAL_ADVICE_SESSION,
        ProgrammeActivity.CARE_COORDINATION,
        ProgrammeActivity.PERINATAL_CONSULTATION,
    }


def test_q08_exception_without_any_indicator_is_refused() -> None:
    with pytest.raises(ExceptionWithoutIndicators) as exc:
        assess(decision())

    assert isinstance(exc.value, RuleViolated)
    assert exc.value.code == "SCR_06_EXCEPTION_REQUIRES_INDICATOR"
    assert exc.value.rule == "SCR-06"


def test_q08_reason_other_needs_an_explanation() -> None:
    with pytest.raises(ExceptionReasonDetailRequired):
        assess(decision(Indicator.FINANCIAL_PROBLEMS, reason=ExceptionReason.OTHER, reason_detail="  "))

    result = assess(
        decision(Indicator.FINANCIAL_PROBLEMS, reason=ExceptionReason.OTHER, reason_detail="tool outage")
    )
    assert result.scenario is Scenario.A


@pytest.mark.parametrize("reason", [ExceptionReason.NO_TOOL_AVAILABLE, ExceptionReason.SCREENING_INCOMPLETE])
def test_scr06_other_reasons_need_no_explanation(reason: ExceptionReason) -> None:
    assert assess(decision(Indicator.FINANCIAL_PROBLEMS, reason=reason)).is_exception


def test_scr06_exception_after_a_refused_screening_is_accepted() -> None:
    history = [screening("s1", date(2026, 1, 9), ScreeningStatus.REFUSED)]

    assert assess(decision(Indicator.VICTIM_OF_VIOLENCE), history).is_included


def test_scr06_exception_after_a_partial_screening_is_accepted() -> None:
    history = [screening("s1", date(2026, 1, 9), ScreeningStatus.PARTIAL)]

    assert assess(decision(Indicator.VICTIM_OF_VIOLENCE), history).is_included


def test_q08_exception_is_refused_while_a_completed_screening_is_available() -> None:
    history = [screening("s1", date(2026, 1, 9), ScreeningStatus.COMPLETED)]

    with pytest.raises(ExceptionWithToolResult) as exc:
        assess(decision(Indicator.VICTIM_OF_VIOLENCE), history)

    assert exc.value.code == "SCR_06_EXCEPTION_WITH_TOOL_RESULT_AVAILABLE"


def test_q08_exception_is_accepted_when_the_completed_screening_was_superseded() -> None:
    history = [
        screening("s1", date(2026, 1, 9), ScreeningStatus.COMPLETED),
        screening("s2", date(2026, 1, 9), ScreeningStatus.REFUSED, supersedes="s1"),
    ]

    assert assess(decision(Indicator.VICTIM_OF_VIOLENCE), history).is_included


def test_q08_exception_may_itself_supersede_a_wrongly_recorded_screening() -> None:
    history = [screening("s1", date(2026, 1, 9), ScreeningStatus.COMPLETED)]

    result = assess(decision(Indicator.VICTIM_OF_VIOLENCE, supersedes="s1"), history)

    assert result.record_id == "d1"
    current = rules.determine_current_scenario(
        [*history, decision(Indicator.VICTIM_OF_VIOLENCE, supersedes="s1")]
    )
    assert current.is_exception


def test_q08_completed_screening_dated_after_the_decision_does_not_block_it() -> None:
    history = [screening("s1", date(2026, 1, 20), ScreeningStatus.COMPLETED)]

    assert assess(decision(Indicator.VICTIM_OF_VIOLENCE), history).is_included


def test_scr05_exception_correcting_an_unknown_record_is_not_found() -> None:
    with pytest.raises(SupersededRecordNotFound):
        assess(decision(Indicator.VICTIM_OF_VIOLENCE, supersedes="ghost"))


def test_scr07_exception_in_the_future_is_refused() -> None:
    with pytest.raises(ScreeningDateInFuture):
        assess(decision(Indicator.VICTIM_OF_VIOLENCE, decision_date=TODAY + timedelta(days=1)))


def test_scr07_exception_follows_the_7_days_after_birth_limit() -> None:
    birth = date(2026, 2, 10)
    born = Pregnancy(date(2026, 2, 20), birth=Birth(birth))

    assert assess(decision(Indicator.SUBSTANCE_USE, decision_date=birth + timedelta(days=7)), pregnancy=born)
    with pytest.raises(ScreeningAfterBirthWindow):
        assess(decision(Indicator.SUBSTANCE_USE, decision_date=birth + timedelta(days=8)), pregnancy=born)
