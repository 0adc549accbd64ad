from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest

from screening.domain import rules
from screening.domain.errors import (
    PpaDateInFuture,
    PpaOutsidePregnancy,
    PpaRequiresInclusion,
    RecordAlreadySuperseded,
    SupersededRecordNotFound,
)
from screening.domain.model import (
    Birth,
    ExceptionReason,
    FundingType,
    InclusionBasis,
    InclusionDecision,
    InclusionRecord,
    Indicator,
    NonReimbursableReason,
    OrganisationKind,
    Performer,
    PpaVerdict,
    Pregnancy,
    PregnancyEnd,
    PregnancyEndReason,
    PrenatalAdviceSession,
    Profession,
    Scenario,
    ScreeningRecord,
    ScreeningStatus,
)
from shared.errors import InvalidInput, RuleViolated

pytestmark = pytest.mark.unit

EDD = date(2026, 7, 1)
TODAY = date(2026, 6, 30)
SESSION_DATE = date(2026, 3, 2)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def performer(
    profession: Profession = Profession.GP, funding: FundingType = FundingType.HEALTH_INSURANCE
) -> Performer:
    return Performer("prof-1", profession, funding, "org-1", OrganisationKind.GP_PRACTICE)


def completed_screening(*indicators: Indicator, on: date = date(2026, 1, 5)) -> ScreeningRecord:
    return ScreeningRecord("s1", on, T0, ScreeningStatus.COMPLETED, performer(), frozenset(indicators))


SCENARIO_A: list[InclusionRecord] = [completed_screening(Indicator.FINANCIAL_PROBLEMS)]
SCENARIO_B: list[InclusionRecord] = [
    completed_screening(Indicator.FINANCIAL_PROBLEMS, Indicator.HOUSING_PROBLEMS)
]


def session(n: int, *, reimbursable: bool = True, **correction: Any) -> PrenatalAdviceSession:
    return PrenatalAdviceSession(f"ppa-{n}", date(2026, 2, n), performer(), reimbursable, **correction)


def correction_of(target: int, n: int, *, reimbursable: bool = True) -> PrenatalAdviceSession:
    return session(n, reimbursable=reimbursable, supersedes=f"ppa-{target}", correction_reason="wrong date")


def assess(
    *,
    history: Sequence[InclusionRecord] = SCENARIO_A,
    prior: list[PrenatalAdviceSession] | None = None,
    who: Performer | None = None,
    on: date = SESSION_DATE,
    pregnancy: Pregnancy | None = None,
    **kwargs: Any,
) -> PpaVerdict:
    return rules.assess_prenatal_advice_session(
        on,
        who or performer(),
        pregnancy=pregnancy or Pregnancy(EDD),
        inclusion_history=history,
        prior_sessions=prior or [],
        today=TODAY,
        **kwargs,
    )


def test_fin11_first_ppa_by_gp_in_scenario_a_is_reimbursable() -> None:
    verdict = assess()

    assert verdict.reimbursable and verdict.reason is None
    assert verdict.session_number == 1
    assert verdict.inclusion.scenario is Scenario.A and verdict.inclusion.record_id == "s1"


def test_fin11_ppa_in_scenario_b_is_reimbursable() -> None:
    assert assess(history=SCENARIO_B).reimbursable


@pytest.mark.parametrize("profession", [Profession.GP, Profession.GYNAECOLOGIST, Profession.MIDWIFE])
def test_fin11_gp_gynaecologist_and_midwife_are_reimbursable(profession: Profession) -> None:
    assert assess(who=performer(profession)).reimbursable


@pytest.mark.parametrize(
    "profession",
    [Profession.NURSE, Profession.PSYCHOLOGIST, Profession.SOCIAL_WORKER, Profession.PAEDIATRICIAN],
)
def test_fin11_other_professions_are_accepted_but_not_reimbursable(profession: Profession) -> None:
    verdict = assess(who=performer(profession))

    assert not verdict.reimbursable
    assert verdict.reason is NonReimbursableReason.PROFESSION_NOT_ELIGIBLE


def test_fin11_midwife_outside_health_insurance_is_not_reimbursable() -> None:
    verdict = assess(who=performer(Profession.MIDWIFE, FundingType.WELFARE))

    assert verdict.reason is NonReimbursableReason.NOT_HEALTH_INSURANCE_PROVIDER


def test_fin11_second_ppa_is_still_reimbursable() -> None:
    verdict = assess(prior=[session(1)])

    assert verdict.reimbursable and verdict.session_number == 2


def test_fin11_third_ppa_is_accepted_but_not_reimbursable_because_the_cap_is_reached() -> None:
    verdict = assess(prior=[session(1), session(2)])

    assert not verdict.reimbursable
    assert verdict.reason is NonReimbursableReason.CAP_REACHED
    assert verdict.session_number == 3


def test_fin11_fourth_ppa_is_also_capped() -> None:
    verdict = assess(prior=[session(1), session(2), session(3, reimbursable=False)])

    assert (verdict.reason, verdict.session_number) == (NonReimbursableReason.CAP_REACHED, 4)


def test_fin11_cap_counts_only_reimbursed_sessions() -> None:
    verdict = assess(prior=[session(1, reimbursable=False), session(2)])

    assert verdict.reimbursable and verdict.session_number == 3


def test_fin11_profession_reason_takes_precedence_over_the_cap() -> None:
    verdict = assess(prior=[session(1), session(2)], who=performer(Profession.NURSE))

    assert verdict.reason is NonReimbursableReason.PROFESSION_NOT_ELIGIBLE


def test_fin11_ppa_in_scenario_0_is_refused() -> None:
    with pytest.raises(PpaRequiresInclusion) as exc:
        assess(history=[completed_screening()])

    assert isinstance(exc.value, RuleViolated)
    assert exc.value.code == "FIN_11_PPA_REQUIRES_INCLUSION"
    assert exc.value.extra["scenario"] == "0"


def test_fin11_ppa_without_any_screening_is_refused() -> None:
    with pytest.raises(PpaRequiresInclusion):
        assess(history=[])


def test_fin11_ppa_after_only_a_partial_screening_is_refused() -> None:
    partial = ScreeningRecord(
        "s1", date(2026, 1, 5), T0, ScreeningStatus.PARTIAL, performer(), frozenset({Indicator.SUBSTANCE_USE})
    )

    with pytest.raises(PpaRequiresInclusion):
        assess(history=[partial])


def test_fin15_ppa_on_the_exception_path_is_reimbursable() -> None:
    exception = InclusionDecision(
        "d1", date(2026, 1, 5), T0, performer(), ExceptionReason.REFUSAL, frozenset({Indicator.SUBSTANCE_USE})
    )

    verdict = assess(history=[exception])

    assert verdict.reimbursable
    assert verdict.inclusion.basis is InclusionBasis.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT


def test_fin11_ppa_on_the_day_of_the_screening_uses_that_screening() -> None:
    assert assess(history=[completed_screening(Indicator.HOUSING_PROBLEMS, on=SESSION_DATE)]).reimbursable


def test_fin11_screening_dated_after_the_session_does_not_count() -> None:
    with pytest.raises(PpaRequiresInclusion):
        assess(history=[completed_screening(Indicator.HOUSING_PROBLEMS, on=date(2026, 3, 3))])


def test_fin11_ppa_the_day_before_birth_is_accepted() -> None:
    born = Pregnancy(EDD, birth=Birth(date(2026, 3, 3)))

    assert assess(pregnancy=born).reimbursable


@pytest.mark.parametrize(
    ("birth_date", "timing"), [(SESSION_DATE, "ON_BIRTH_DAY"), (date(2026, 3, 1), "AFTER_BIRTH")]
)
def test_fin11_q20_ppa_on_or_after_birth_is_refused(birth_date: date, timing: str) -> None:
    born = Pregnancy(EDD, birth=Birth(birth_date))

    with pytest.raises(PpaOutsidePregnancy) as exc:
        assess(pregnancy=born)

    assert exc.value.code == "FIN_11_PPA_ONLY_DURING_PREGNANCY"
    assert (exc.value.rule, exc.value.extra["timing"], exc.value.extra["related_rules"]) == (
        "FIN-11",
        timing,
        ["Q-20"],
    )
    assert "strictly before the birth" in exc.value.detail and "Q-20" in exc.value.detail


def test_fin11_q20_the_problem_of_a_ppa_on_the_day_of_birth_says_that_day_counts_as_after_birth() -> None:
    with pytest.raises(PpaOutsidePregnancy) as on_the_day:
        assess(pregnancy=Pregnancy(EDD, birth=Birth(SESSION_DATE)))
    with pytest.raises(PpaOutsidePregnancy) as after:
        assess(pregnancy=Pregnancy(EDD, birth=Birth(date(2026, 3, 1))))

    assert "the day of birth already counts as after the birth" in on_the_day.value.detail
    assert "the day of birth" not in after.value.detail


def test_fin11_ppa_on_or_after_a_pregnancy_end_is_refused() -> None:
    ended = Pregnancy(EDD, end=PregnancyEnd(SESSION_DATE, PregnancyEndReason.MISCARRIAGE))

    with pytest.raises(PpaOutsidePregnancy):
        assess(pregnancy=ended)


def test_fin11_ppa_before_the_pregnancy_is_refused() -> None:
    with pytest.raises(PpaOutsidePregnancy):
        assess(on=date(2025, 9, 1), history=[])


def test_fin11_ppa_in_the_future_is_refused() -> None:
    with pytest.raises(PpaDateInFuture) as exc:
        assess(on=date(2026, 7, 1))

    assert isinstance(exc.value, InvalidInput)


# --- FIN-11 corrections: a superseded session no longer counts ----------------------------------------


def test_fin11_session_numbers_follow_recording_order_and_a_correction_keeps_the_number_it_replaces() -> None:
    sessions = [session(1), session(2), correction_of(1, 3), correction_of(3, 4), session(5)]

    assert rules.session_numbers(sessions) == {"ppa-1": 1, "ppa-2": 2, "ppa-3": 1, "ppa-4": 1, "ppa-5": 3}


def test_fin11_a_superseded_session_counts_toward_neither_the_number_nor_the_cap_of_later_ones() -> None:
    verdict = assess(prior=[session(1), correction_of(1, 2), session(3, reimbursable=False)])

    assert verdict.session_number == 3
    assert verdict.reimbursable  # ppa-1 was replaced by ppa-2: only one current reimbursed session


def test_fin11_without_the_correction_the_same_history_would_reach_the_cap() -> None:
    verdict = assess(prior=[session(1), session(2), session(3, reimbursable=False)])

    assert (verdict.session_number, verdict.reason) == (4, NonReimbursableReason.CAP_REACHED)


def test_fin11_a_correction_takes_the_number_and_the_fee_slot_of_the_session_it_replaces() -> None:
    verdict = assess(prior=[session(1), session(2), session(3, reimbursable=False)], supersedes="ppa-1")

    assert (verdict.session_number, verdict.reimbursable) == (1, True)


def test_fin11_a_correction_of_the_unpaid_third_session_stays_capped() -> None:
    verdict = assess(prior=[session(1), session(2), session(3, reimbursable=False)], supersedes="ppa-3")

    assert (verdict.session_number, verdict.reason) == (3, NonReimbursableReason.CAP_REACHED)


def test_fin11_a_correction_of_an_unknown_session_is_not_found() -> None:
    with pytest.raises(SupersededRecordNotFound):
        assess(prior=[session(1)], supersedes="ppa-9")


def test_fin11_a_session_is_superseded_at_most_once() -> None:
    with pytest.raises(RecordAlreadySuperseded):
        assess(prior=[session(1), correction_of(1, 2)], supersedes="ppa-1")


def test_fin11_a_back_link_marks_a_session_as_already_superseded() -> None:
    with pytest.raises(RecordAlreadySuperseded):
        assess(prior=[session(1, superseded_by="ppa-2")], supersedes="ppa-1")


def test_fin11_a_correction_is_judged_on_its_own_date_like_any_session() -> None:
    born = Pregnancy(EDD, birth=Birth(SESSION_DATE))

    with pytest.raises(PpaOutsidePregnancy):
        assess(prior=[session(1)], supersedes="ppa-1", pregnancy=born)


def test_fin11_the_current_sessions_leave_out_the_superseded_ones() -> None:
    sessions = [session(1), correction_of(1, 2), session(3)]

    assert [s.record_id for s in rules.current_records(sessions)] == ["ppa-2", "ppa-3"]
