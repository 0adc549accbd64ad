from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from screening.domain import rules
from screening.domain.errors import RefusedScreeningWithIndicators, ScreeningAfterBirthWindow
from screening.domain.model import (
    UNDETERMINED,
    Birth,
    FundingType,
    InclusionBasis,
    Indicator,
    NonReimbursableReason,
    OrganisationKind,
    Performer,
    Pregnancy,
    Profession,
    ProgrammePolicy,
    ReimbursementVerdict,
    Scenario,
    ScreeningRecord,
    ScreeningStatus,
)

pytestmark = pytest.mark.unit

EDD = date(2026, 7, 1)
TODAY = date(2026, 3, 1)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def health_insurance(profession: Profession = Profession.GP) -> Performer:
    return Performer(
        "prof-1", profession, FundingType.HEALTH_INSURANCE, "org-1", OrganisationKind.GP_PRACTICE
    )


def welfare() -> Performer:
    return Performer("prof-9", Profession.SOCIAL_WORKER, FundingType.WELFARE, "org-9", OrganisationKind.CAW)


def screening(record_id: str, *, hours: int = 0, **overrides: Any) -> ScreeningRecord:
    fields: dict[str, Any] = {
        "record_id": record_id,
        "screening_date": date(2026, 1, 5),
        "recorded_at": T0 + timedelta(hours=hours),
        "status": ScreeningStatus.COMPLETED,
        "performer": health_insurance(),
    }
    fields.update(overrides)
    return ScreeningRecord(**fields)


def verdict(record: ScreeningRecord, history: list[ScreeningRecord] | None = None) -> ReimbursementVerdict:
    return rules.assess_screening_reimbursement(record, history=history or [])


def test_scr08_first_completed_screening_by_health_insurance_provider_is_reimbursable() -> None:
    assert verdict(screening("s1")) == ReimbursementVerdict(True, None)


@pytest.mark.parametrize("profession", [Profession.GP, Profession.MIDWIFE, Profession.NURSE])
def test_scr08_funding_type_not_profession_decides_screening_reimbursement(profession: Profession) -> None:
    assert verdict(screening("s1", performer=health_insurance(profession))).reimbursable


@pytest.mark.parametrize("status", [ScreeningStatus.PARTIAL, ScreeningStatus.REFUSED])
def test_scr08_partial_or_refused_screening_is_not_reimbursable(status: ScreeningStatus) -> None:
    assert verdict(screening("s1", status=status)) == ReimbursementVerdict(
        False, NonReimbursableReason.NOT_COMPLETED
    )


def test_scr09_screening_by_welfare_actor_is_accepted_but_not_reimbursable() -> None:
    assert verdict(screening("s1", performer=welfare())) == ReimbursementVerdict(
        False, NonReimbursableReason.NOT_HEALTH_INSURANCE_PROVIDER
    )


def test_fin10_second_completed_screening_in_the_pregnancy_is_not_reimbursable() -> None:
    first = screening("s1")

    assert verdict(screening("s2", hours=1), [first]) == ReimbursementVerdict(
        False, NonReimbursableReason.CAP_REACHED
    )


def test_fin10_correction_of_a_reimbursed_screening_earns_no_second_fee() -> None:
    first = screening("s1")

    fix = screening("s2", hours=1, supersedes="s1", indicators=frozenset({Indicator.HOUSING_PROBLEMS}))

    assert verdict(fix, [first]).reason is NonReimbursableReason.CAP_REACHED


def test_fin10_earlier_partial_or_welfare_screening_does_not_use_up_the_fee() -> None:
    history = [screening("p", status=ScreeningStatus.PARTIAL), screening("w", hours=1, performer=welfare())]

    assert verdict(screening("s", hours=2), history).reimbursable


def test_fin10_only_earlier_recorded_screenings_count_towards_the_cap() -> None:
    first, second = screening("s1"), screening("s2", hours=1)

    assert verdict(first, [first, second]).reimbursable
    assert not verdict(second, [first, second]).reimbursable


def test_fin10_cap_is_a_policy_setting() -> None:
    policy = ProgrammePolicy(reimbursed_screening_cap=2)

    assert rules.assess_screening_reimbursement(
        screening("s2", hours=1), history=[screening("s1")], policy=policy
    ).reimbursable


def test_verdict_reason_must_match_reimbursable_flag() -> None:
    with pytest.raises(ValueError):
        ReimbursementVerdict(True, NonReimbursableReason.CAP_REACHED)
    with pytest.raises(ValueError):
        ReimbursementVerdict(False)


# --- assess_screening (one-stop for the use case) ----------------------------------------------------


def test_scr05_assess_screening_returns_timing_scenario_and_fee_verdict() -> None:
    record = screening(
        "s1", indicators=frozenset({Indicator.HOUSING_PROBLEMS, Indicator.COMMUNICATION_BARRIERS})
    )

    assessment = rules.assess_screening(record, pregnancy=Pregnancy(EDD), history=[], today=TODAY)

    assert assessment.determination.scenario is Scenario.B
    assert assessment.determination.basis is InclusionBasis.TOOL_RESULT
    assert assessment.timing.gestational_week == 14 and assessment.timing.late
    assert assessment.reimbursement.reimbursable


def test_scr05_assess_partial_screening_determines_nothing_and_is_not_reimbursed() -> None:
    assessment = rules.assess_screening(
        screening("s1", status=ScreeningStatus.PARTIAL), pregnancy=Pregnancy(EDD), history=[], today=TODAY
    )

    assert assessment.determination is UNDETERMINED
    assert assessment.reimbursement.reason is NonReimbursableReason.NOT_COMPLETED


def test_scr07_assess_screening_refuses_a_screening_8_days_after_birth() -> None:
    born = Pregnancy(date(2026, 1, 1), birth=Birth(date(2025, 12, 28)))

    with pytest.raises(ScreeningAfterBirthWindow):
        rules.assess_screening(screening("s1"), pregnancy=born, history=[], today=TODAY)


def test_scr05_assess_screening_refuses_refused_screening_with_indicators() -> None:
    record = screening("s1", status=ScreeningStatus.REFUSED, indicators=frozenset({Indicator.SUBSTANCE_USE}))

    with pytest.raises(RefusedScreeningWithIndicators):
        rules.assess_screening(record, pregnancy=Pregnancy(EDD), history=[], today=TODAY)
