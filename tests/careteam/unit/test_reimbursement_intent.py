from __future__ import annotations

from datetime import date

import pytest

from careteam.domain import coordination, errors
from careteam.domain.coordination import ReimbursementPolicy
from careteam.domain.model import Scenario
from shared.errors import Conflict
from tests.careteam.unit import (
    EXCEPTION_PATH,
    MIDWIFE,
    PARTNER,
    SCENARIO_A,
    SCENARIO_B,
    SCENARIO_UNKNOWN,
    SOCIAL_WORKER,
    appoint,
    make_team,
)

pytestmark = pytest.mark.unit

DAY = date(2026, 2, 2)


def test_ct19_seeking_reimbursement_for_a_professional_before_the_scenario_is_known_is_refused() -> None:
    refusal = coordination.reimbursement_intent_refusal(
        MIDWIFE.ref, eligibility=SCENARIO_UNKNOWN, sought=True
    )
    assert refusal is not None and refusal.code == "SCENARIO_NOT_YET_KNOWN"
    assert issubclass(refusal.error, Conflict)  # 409: the same request succeeds once the event has arrived


def test_ct19_a_known_scenario_or_the_exception_lets_the_appointment_state_its_reimbursability() -> None:
    for eligibility in (SCENARIO_A, SCENARIO_B, EXCEPTION_PATH):
        assert (
            coordination.reimbursement_intent_refusal(MIDWIFE.ref, eligibility=eligibility, sought=True)
            is None
        )


def test_ct11_ct17_no_scenario_is_needed_for_the_client_context_or_when_reimbursement_is_not_sought() -> None:
    assert (
        coordination.reimbursement_intent_refusal(PARTNER.ref, eligibility=SCENARIO_UNKNOWN, sought=True)
        is None
    )
    assert (
        coordination.reimbursement_intent_refusal(MIDWIFE.ref, eligibility=SCENARIO_UNKNOWN, sought=False)
        is None
    )


def test_ct17_a_professional_appointment_not_meant_to_be_reimbursed_says_so() -> None:
    appointment = appoint(make_team(), MIDWIFE.ref, DAY)
    verdict = coordination.assess_appointment_reimbursement(appointment, eligibility=SCENARIO_B, sought=False)
    assert not verdict.reimbursable and verdict.reasons == (coordination.REIMBURSEMENT_NOT_SOUGHT,)


def test_fin12_fin14_a_sought_appointment_is_assessed_by_the_reimbursement_rules() -> None:
    midwife = coordination.assess_appointment_reimbursement(
        appoint(make_team(), MIDWIFE.ref, DAY), eligibility=SCENARIO_B, sought=True
    )
    assert midwife.reimbursable and midwife.reasons == (
        "CT_19_SCENARIO_B",
        "FIN_12_HEALTH_INSURANCE_PROFESSIONAL",
    )
    welfare = appoint(make_team(), SOCIAL_WORKER.ref, DAY)
    pending = coordination.assess_appointment_reimbursement(welfare, eligibility=SCENARIO_B, sought=True)
    assert not pending.reimbursable and "FIN_14_WELFARE_FEES_PENDING" in pending.reasons
    enabled = coordination.assess_appointment_reimbursement(
        welfare, eligibility=SCENARIO_B, sought=True, policy=ReimbursementPolicy(welfare_fees_enabled=True)
    )
    assert enabled.reimbursable


def test_the_scenario_not_yet_known_error_is_a_409_conflict_and_names_ct19() -> None:
    error = errors.ScenarioNotYetKnown("x")
    assert isinstance(error, Conflict) and error.rule == "CT-19"
    assert errors.PregnancyNotYetKnown.code == "PREGNANCY_NOT_YET_KNOWN"
    assert issubclass(errors.PregnancyNotYetKnown, Conflict)
    assert Scenario.B.value == "B"
