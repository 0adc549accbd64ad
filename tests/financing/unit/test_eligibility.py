from __future__ import annotations

from datetime import date, timedelta

import pytest

from financing.domain.assessment import Outcome
from financing.domain.model import Act, Money, Payer
from financing.domain.policy import Policy
from financing.domain.reasons import EvidenceKind
from financing.domain.snapshot import (
    CaseManagementIntervention,
    Consultation,
    CoordinatorAppointment,
    PpaSession,
    Scenario,
    ScreeningRecord,
    ScreeningStatus,
)
from tests.financing.unit import (
    BIRTH,
    FLEMISH_OPEN,
    GP,
    MIDWIFE,
    NURSE,
    SOCIAL_WORKER,
    assess,
    claim,
    participant,
    snapshot,
)

pytestmark = pytest.mark.unit


def _screened_on(day: date, status: ScreeningStatus = ScreeningStatus.COMPLETED) -> ScreeningRecord:
    return ScreeningRecord("scr-1", day, status, "gp-1")


# -- registration -------------------------------------------------------------------------------------------


def test_claim_for_an_unknown_pregnancy_is_rejected_as_unknown_client() -> None:
    decision = assess(claim(Act.SCREENING, pregnancy_id="preg-404"))

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("UNKNOWN_CLIENT",)


def test_claim_without_any_projection_is_rejected_as_unknown_client() -> None:
    decision = assess(claim(Act.PRENATAL_ADVICE_SESSION), no_snapshot=True)

    assert decision.reason_codes == ("UNKNOWN_CLIENT",)


def test_claim_naming_another_client_for_the_pregnancy_is_rejected_as_unknown_client() -> None:
    decision = assess(claim(Act.SCREENING, client_pseudonym="client-2"))

    assert decision.reason_codes == ("UNKNOWN_CLIENT",)


def test_recent_act_whose_activity_is_not_yet_projected_is_held() -> None:
    recent = claim(Act.PRENATAL_ADVICE_SESSION, act_date=date(2026, 6, 5))

    decision = assess(recent)

    assert decision.outcome is Outcome.HELD
    assert decision.reason_codes == ("ACTIVITY_NOT_YET_KNOWN",)
    assert decision.amount == Money.zero()
    [missing] = decision.evidence
    assert missing.kind is EvidenceKind.MISSING_REGISTRATION
    assert missing.ref == "PRENATAL_ADVICE_SESSION/gp-1/2026-06-05"


def test_act_still_unregistered_after_the_grace_period_is_rejected() -> None:
    item = claim(Act.PRENATAL_ADVICE_SESSION, act_date=date(2026, 6, 5))

    last_day_held = assess(item, today=date(2026, 6, 5) + timedelta(days=30))
    rejected = assess(item, today=date(2026, 6, 5) + timedelta(days=31))

    assert last_day_held.outcome is Outcome.HELD
    assert rejected.outcome is Outcome.REJECTED
    assert rejected.reason_codes == ("ACTIVITY_NOT_REGISTERED",)


def test_activity_registered_by_another_professional_does_not_back_the_claim() -> None:
    decision = assess(claim(Act.SCREENING, provider=MIDWIFE))

    assert decision.reason_codes == ("ACTIVITY_NOT_REGISTERED",)


def test_activity_reference_must_name_the_registered_activity() -> None:
    assert assess(claim(Act.SCREENING, activity_ref="scr-1")).outcome is Outcome.ACCEPTED
    assert assess(claim(Act.SCREENING, activity_ref="scr-9")).reason_codes == ("ACTIVITY_NOT_REGISTERED",)


def test_act_dated_in_the_future_is_rejected() -> None:
    decision = assess(claim(Act.SCREENING), today=date(2025, 11, 9))

    assert "ACT_DATE_IN_FUTURE" in decision.reason_codes


# -- screening: SCR-07, SCR-08 -----------------------------------------------------------------------------


def test_scr07_screening_on_the_7th_day_after_birth_is_paid() -> None:
    day = BIRTH + timedelta(days=7)

    decision = assess(claim(Act.SCREENING, act_date=day), snap=snapshot(screenings=(_screened_on(day),)))

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of("22.55")


def test_scr07_screening_on_the_8th_day_after_birth_is_rejected() -> None:
    day = BIRTH + timedelta(days=8)

    decision = assess(claim(Act.SCREENING, act_date=day), snap=snapshot(screenings=(_screened_on(day),)))

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("SCR_07_SCREENING_WINDOW",)


def test_scr07_screening_before_birth_is_paid_while_the_child_is_not_born() -> None:
    day = date(2026, 6, 1)
    snap = snapshot(birth_date=None, screenings=(_screened_on(day),))

    assert assess(claim(Act.SCREENING, act_date=day), snap=snap).outcome is Outcome.ACCEPTED


def test_scr08_partial_screening_is_not_paid() -> None:
    snap = snapshot(screenings=(_screened_on(date(2025, 11, 10), ScreeningStatus.PARTIAL),))

    decision = assess(claim(Act.SCREENING), snap=snap)

    assert decision.reason_codes == ("SCR_08_SCREENING_NOT_COMPLETED",)
    assert decision.evidence[0].ref == "scr-1"


def test_fin10_screening_is_paid_in_scenario_0_too() -> None:
    decision = assess(claim(Act.SCREENING), snap=snapshot(scenario=Scenario.NONE))

    assert decision.outcome is Outcome.ACCEPTED


def test_ctx04_act_before_the_pregnancy_started_is_rejected() -> None:
    day = date(2025, 9, 7)  # the day before EDD - 280 days
    snap = snapshot(screenings=(_screened_on(day),))

    decision = assess(claim(Act.SCREENING, act_date=day), snap=snap)

    assert decision.reason_codes == ("CTX_04_BEFORE_PREGNANCY",)


# -- PPA: FIN-11, FIN-15 -------------------------------------------------------------------------------------


def test_fin11_q20_ppa_the_day_before_birth_is_paid_and_on_the_day_of_birth_is_not() -> None:
    day_before = BIRTH - timedelta(days=1)
    snap = snapshot(
        ppa_sessions=(PpaSession("ppa-8", day_before, "gp-1"), PpaSession("ppa-9", BIRTH, "gp-1"))
    )

    paid = assess(claim(Act.PRENATAL_ADVICE_SESSION, act_date=day_before), snap=snap)
    on_birth = assess(claim(Act.PRENATAL_ADVICE_SESSION, act_date=BIRTH), snap=snap)

    assert (paid.outcome, paid.amount) == (Outcome.ACCEPTED, Money.of("48.78"))
    assert on_birth.outcome is Outcome.REJECTED
    assert on_birth.reason_codes == ("FIN_11_PPA_WINDOW",)
    assert on_birth.amount == Money.zero()
    assert {"FIN-11", "Q-20"} <= set(on_birth.rules_applied)


def test_fin11_q20_a_ppa_on_the_birth_date_is_rejected_even_before_its_session_arrived() -> None:
    decision = assess(claim(Act.PRENATAL_ADVICE_SESSION, act_date=BIRTH), snap=snapshot(ppa_sessions=()))

    assert decision.outcome is Outcome.REJECTED
    assert "FIN_11_PPA_WINDOW" in decision.reason_codes


def test_fin11_ppa_on_the_day_the_pregnancy_ended_without_birth_is_not_paid() -> None:
    ended = date(2026, 3, 9)
    snap = snapshot(
        birth_date=None,
        ended_on=ended,
        ppa_sessions=(
            PpaSession("ppa-8", ended - timedelta(days=1), "mw-1"),
            PpaSession("ppa-9", ended, "mw-1"),
        ),
    )

    before = assess(
        claim(Act.PRENATAL_ADVICE_SESSION, provider=MIDWIFE, act_date=ended - timedelta(days=1)), snap=snap
    )
    on_the_day = assess(claim(Act.PRENATAL_ADVICE_SESSION, provider=MIDWIFE, act_date=ended), snap=snap)

    assert before.outcome is Outcome.ACCEPTED
    assert on_the_day.reason_codes == ("FIN_11_PPA_WINDOW",)


def test_fin11_ppa_after_birth_is_not_paid() -> None:
    day = BIRTH + timedelta(days=1)
    snap = snapshot(ppa_sessions=(PpaSession("ppa-9", day, "gp-1"),))

    decision = assess(claim(Act.PRENATAL_ADVICE_SESSION, act_date=day), snap=snap)

    assert decision.reason_codes == ("FIN_11_PPA_WINDOW",)


def test_fin11_ppa_after_the_trajectory_ended_is_not_paid() -> None:
    snap = snapshot(birth_date=None, ended_on=date(2026, 3, 9))

    decision = assess(
        claim(Act.PRENATAL_ADVICE_SESSION, provider=MIDWIFE, act_date=date(2026, 3, 10)), snap=snap
    )

    assert decision.reason_codes == ("FIN_11_PPA_WINDOW",)


@pytest.mark.parametrize(
    ("scenario", "exception", "paid"),
    [
        (Scenario.NONE, False, False),
        (Scenario.NONE, True, True),
        (Scenario.A, False, True),
        (Scenario.B, False, True),
    ],
)
def test_fin11_fin15_ppa_needs_scenario_a_or_b_or_the_exception(
    scenario: Scenario, exception: bool, paid: bool
) -> None:
    decision = assess(
        claim(Act.PRENATAL_ADVICE_SESSION), snap=snapshot(scenario=scenario, exception=exception)
    )

    assert (decision.outcome is Outcome.ACCEPTED) is paid
    if not paid:
        assert decision.reason_codes == ("FIN_11_SCENARIO_NOT_ELIGIBLE",)


def test_fin11_session_registered_as_not_reimbursable_is_not_paid() -> None:
    snap = snapshot(ppa_sessions=(PpaSession("ppa-1", date(2025, 11, 20), "gp-1", reimbursable=False),))

    assert assess(claim(Act.PRENATAL_ADVICE_SESSION), snap=snap).reason_codes == (
        "FIN_11_SESSION_NOT_REIMBURSABLE",
    )


# -- coordination: FIN-12, CT-19, CT-11, FIN-24, Q-01, Q-02 ---------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "exception", "paid"),
    [
        (Scenario.A, False, False),
        (Scenario.A, True, True),
        (Scenario.B, False, True),
    ],
)
def test_ct19_fin15_coordination_needs_scenario_b_or_the_exception(
    scenario: Scenario, exception: bool, paid: bool
) -> None:
    decision = assess(claim(Act.COORDINATION_YEAR), snap=snapshot(scenario=scenario, exception=exception))

    assert (decision.outcome is Outcome.ACCEPTED) is paid
    if not paid:
        assert decision.reason_codes == ("FIN_12_SCENARIO_NOT_ELIGIBLE",)


def test_fin12_coordination_fee_is_backed_by_the_appointment_and_names_it() -> None:
    decision = assess(claim(Act.COORDINATION_YEAR))

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.activity_id == "app-1"
    assert decision.evidence[0].kind is EvidenceKind.COORDINATOR_APPOINTMENT


def test_ct11_non_reimbursable_coordination_is_not_paid() -> None:
    snap = snapshot(
        coordinator_appointments=(
            CoordinatorAppointment(
                "app-1", "team-1", "nurse-1", date(2025, 12, 1), reimbursable_intent=False, platform="BIB"
            ),
        )
    )

    assert (
        "CT_11_COORDINATION_NOT_REIMBURSABLE" in assess(claim(Act.COORDINATION_YEAR), snap=snap).reason_codes
    )


def test_fin24_coordination_not_registered_on_an_approved_platform_is_not_paid() -> None:
    snap = snapshot(
        coordinator_appointments=(CoordinatorAppointment("app-1", "team-1", "nurse-1", date(2025, 12, 1)),)
    )

    assert assess(claim(Act.COORDINATION_YEAR), snap=snap).reason_codes == ("FIN_24_PLATFORM_NOT_APPROVED",)
    assert (
        assess(claim(Act.COORDINATION_YEAR), snap=snap, policy=Policy(approved_platforms=frozenset())).outcome
        is Outcome.REJECTED
    )


def test_q01_coordination_fee_year_not_aligned_on_the_team_coordination_start_is_rejected() -> None:
    item = claim(Act.COORDINATION_YEAR, act_date=date(2026, 1, 1), period_end=date(2026, 12, 31))

    decision = assess(item)

    assert decision.reason_codes == ("FIN_12_FEE_YEAR_MISALIGNED",)


def test_q01_second_fee_year_of_the_team_is_paid() -> None:
    item = claim(Act.COORDINATION_YEAR, act_date=date(2026, 12, 1), period_end=date(2027, 11, 30))

    decision = assess(item, today=date(2027, 1, 15))

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of("720")


def test_fin12_fee_year_starting_on_the_2nd_birthday_is_paid_and_the_day_after_is_not() -> None:
    second_birthday = date(2028, 6, 10)
    anchor_on_birthday = CoordinatorAppointment("app-1", "team-1", "nurse-1", second_birthday, platform="BIB")
    anchor_after = CoordinatorAppointment(
        "app-1", "team-1", "nurse-1", second_birthday + timedelta(days=1), platform="BIB"
    )
    on = claim(Act.COORDINATION_YEAR, act_date=second_birthday, period_end=date(2029, 6, 9))
    after = claim(
        Act.COORDINATION_YEAR, act_date=second_birthday + timedelta(days=1), period_end=date(2029, 6, 10)
    )

    paid = assess(on, snap=snapshot(coordinator_appointments=(anchor_on_birthday,)), today=date(2028, 7, 1))
    refused = assess(after, snap=snapshot(coordinator_appointments=(anchor_after,)), today=date(2028, 7, 1))

    assert paid.outcome is Outcome.ACCEPTED
    assert refused.reason_codes == ("FIN_12_COORDINATION_WINDOW",)


def test_q02_no_fee_year_starts_after_the_programme_end() -> None:
    snap = snapshot(
        birth_date=date(2028, 6, 1),
        expected_delivery_date=date(2028, 6, 1),
        coordinator_appointments=(
            CoordinatorAppointment("app-1", "team-1", "nurse-1", date(2028, 1, 1), platform="BIB"),
        ),
    )
    last = claim(Act.COORDINATION_YEAR, act_date=date(2028, 1, 1), period_end=date(2028, 12, 31))
    beyond = claim(Act.COORDINATION_YEAR, act_date=date(2029, 1, 1), period_end=date(2029, 12, 31))

    assert assess(last, snap=snap, today=date(2029, 2, 1)).outcome is Outcome.ACCEPTED
    assert assess(beyond, snap=snap, today=date(2029, 2, 1)).reason_codes == (
        "CTX_03_OUTSIDE_PROGRAMME_PERIOD",
    )


# -- consultation: FIN-13, CT-50, Q-23 ------------------------------------------------------------------------


def _consultation_on(day: date, **overrides: object) -> Consultation:
    fields: dict[str, object] = {
        "consultation_id": "cons-9",
        "team_id": "team-1",
        "held_on": day,
        "participants": (participant(GP, 30), participant(MIDWIFE, 30), participant(NURSE, 30)),
        "client_or_designee_present": True,
        "other_attendees": 0,
        **overrides,
    }
    return Consultation(**fields)  # type: ignore[arg-type]


def test_fin13_consultation_on_the_2nd_birthday_is_paid_and_the_day_after_is_not() -> None:
    second_birthday = date(2028, 6, 10)
    day_after = second_birthday + timedelta(days=1)
    snap = snapshot(consultations=(_consultation_on(second_birthday), _consultation_on(day_after)))

    on = assess(
        claim(Act.PERINATAL_CONSULTATION, act_date=second_birthday, minutes=30),
        snap=snap,
        today=date(2028, 7, 1),
    )
    after = assess(
        claim(Act.PERINATAL_CONSULTATION, act_date=day_after, minutes=30), snap=snap, today=date(2028, 7, 1)
    )

    assert on.outcome is Outcome.ACCEPTED
    assert on.amount == Money.of("30")
    assert after.reason_codes == ("FIN_13_CONSULTATION_WINDOW",)


def test_fin13_consultation_in_scenario_a_without_exception_is_not_paid() -> None:
    decision = assess(claim(Act.PERINATAL_CONSULTATION), snap=snapshot(scenario=Scenario.A))

    assert decision.reason_codes == ("FIN_13_SCENARIO_NOT_ELIGIBLE",)


def test_fin15_consultation_under_the_exception_path_is_paid() -> None:
    decision = assess(
        claim(Act.PERINATAL_CONSULTATION), snap=snapshot(scenario=Scenario.NONE, exception=True)
    )

    assert decision.outcome is Outcome.ACCEPTED


def test_ct50_consultation_without_an_appointed_coordinator_or_case_manager_is_not_paid() -> None:
    snap = snapshot(coordinator_appointments=(), case_management_interventions=())

    decision = assess(claim(Act.PERINATAL_CONSULTATION), snap=snap)

    assert decision.reason_codes == ("FIN_13_NO_COORDINATOR_OR_CASE_MANAGER",)


def test_q23_consultation_organised_while_only_a_case_manager_is_appointed_is_paid() -> None:
    snap = snapshot(coordinator_appointments=())

    decision = assess(claim(Act.PERINATAL_CONSULTATION), snap=snap)

    assert decision.outcome is Outcome.ACCEPTED


def test_ct50_consultation_with_three_attendees_is_not_paid() -> None:
    small = _consultation_on(date(2026, 5, 5), participants=(participant(GP, 30), participant(MIDWIFE, 30)))

    decision = assess(
        claim(Act.PERINATAL_CONSULTATION, act_date=date(2026, 5, 5), minutes=30),
        snap=snapshot(consultations=(small,)),
    )

    assert decision.reason_codes == ("CT_50_CONSULTATION_QUORUM",)


def test_ct50_consultation_without_the_client_or_a_designee_is_not_paid() -> None:
    absent = _consultation_on(date(2026, 5, 5), client_or_designee_present=False, other_attendees=2)

    decision = assess(
        claim(Act.PERINATAL_CONSULTATION, act_date=date(2026, 5, 5), minutes=30),
        snap=snapshot(consultations=(absent,)),
    )

    assert decision.reason_codes == ("CT_50_CONSULTATION_QUORUM",)


def test_ct50_consultation_without_a_health_insurance_professional_is_not_paid() -> None:
    welfare_only = _consultation_on(
        date(2026, 5, 5), participants=(participant(SOCIAL_WORKER, 30),), other_attendees=2
    )
    policy = Policy(welfare_fees_enabled=True, flemish_payments_start=date(2024, 10, 1))

    decision = assess(
        claim(
            Act.PERINATAL_CONSULTATION,
            provider=SOCIAL_WORKER,
            payer=Payer.FLEMISH,
            act_date=date(2026, 5, 5),
            minutes=30,
        ),
        snap=snapshot(consultations=(welfare_only,)),
        policy=policy,
    )

    assert decision.reason_codes == ("CT_50_CONSULTATION_QUORUM",)


# -- case management -------------------------------------------------------------------------------------


def test_fin23_case_management_after_the_2nd_birthday_is_not_paid() -> None:
    late = date(2028, 6, 11)
    snap = snapshot(
        case_management_interventions=(
            CaseManagementIntervention("int-9", "team-1", "cmorg-1", "cm-1", late, platform="BIB"),
        )
    )

    decision = assess(
        claim(Act.CASE_MANAGEMENT, act_date=late, period_end=None),
        snap=snap,
        policy=FLEMISH_OPEN,
        today=date(2028, 7, 1),
    )

    assert decision.reason_codes == ("FIN_23_CASE_MANAGEMENT_WINDOW",)
