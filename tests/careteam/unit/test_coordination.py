from dataclasses import replace
from datetime import date

import pytest

from careteam.domain import coordination, errors, team
from careteam.domain.coordination import ReimbursementPolicy
from careteam.domain.model import FundingType, LifeDomain, LinkedChild
from careteam.domain.roles import (
    ClientConsent,
    CoordinationEndReason,
    Reevaluation,
    ReevaluationOutcome,
    TeamDeliberation,
)
from tests.careteam.unit import (
    CASE_MANAGER,
    CLIENT,
    EXCEPTION_PATH,
    GP,
    KIND_EN_GEZIN_NURSE,
    MIDWIFE,
    PARTNER,
    SCENARIO_A,
    SCENARIO_B,
    SCENARIO_UNKNOWN,
    SISTER,
    SOCIAL_WORKER,
    agreement,
    appoint,
    consent,
    deliberation,
    make_team,
    professional,
    running_cm,
)

pytestmark = pytest.mark.unit

DAY = date(2026, 2, 2)
LATER = date(2026, 5, 4)


def test_ct10_a_current_member_with_consent_and_deliberation_is_appointed() -> None:
    appointment = appoint(make_team(), MIDWIFE.ref, DAY)
    assert appointment.coordinator == MIDWIFE
    assert appointment.active_on(DAY)
    assert not appointment.active_on(date(2026, 2, 1))


def test_ct10_ct44_a_non_member_cannot_be_appointed() -> None:
    with pytest.raises(errors.CoordinatorNotAMember) as caught:
        appoint(make_team(), professional("pro-outsider").ref, DAY)
    assert caught.value.code == "CT_10_COORDINATOR_NOT_A_MEMBER"


def test_ct10_a_former_member_cannot_be_appointed() -> None:
    care_team = team.remove_member(
        make_team(), GP.ref, on=DAY, agreement=agreement(GP, team.MembershipChange.REMOVE, DAY)
    )
    with pytest.raises(errors.CoordinatorNotAMember):
        appoint(care_team, GP.ref, LATER)


def test_ct13_second_active_coordinator_is_refused() -> None:
    care_team = make_team()
    first = appoint(care_team, MIDWIFE.ref, DAY)
    with pytest.raises(errors.SecondActiveCoordinator) as caught:
        appoint(care_team, GP.ref, LATER, appointment_id="appt-2", appointments=[first])
    assert caught.value.code == "CT_13_SECOND_ACTIVE_COORDINATOR"


def test_ct13_a_future_appointment_also_blocks_an_open_ended_one_before_it() -> None:
    care_team = make_team()
    future = appoint(care_team, MIDWIFE.ref, LATER)
    with pytest.raises(errors.SecondActiveCoordinator):
        appoint(care_team, GP.ref, DAY, appointment_id="appt-2", appointments=[future])


def test_ct13_a_new_coordinator_after_the_previous_one_ended_is_allowed() -> None:
    care_team = make_team()
    first = coordination.end_coordination(
        appoint(care_team, MIDWIFE.ref, DAY), on=date(2026, 3, 1), reason=CoordinationEndReason.NEED_RESOLVED
    )
    second = appoint(care_team, GP.ref, date(2026, 3, 1), appointment_id="appt-2", appointments=[first])
    assert second.active_on(date(2026, 3, 1))


def test_ct13_appointments_of_other_teams_do_not_count() -> None:
    other = appoint(make_team(), MIDWIFE.ref, DAY)
    other_team = replace(make_team(), team_id="team-2", pregnancy_id="preg-2")
    assert appoint(other_team, GP.ref, DAY, appointments=[other]).team_id == "team-2"


def test_ct13_hand_over_closes_the_previous_appointment_on_the_same_date() -> None:
    care_team = make_team()
    first = appoint(care_team, MIDWIFE.ref, DAY)
    closed, successor = coordination.hand_over_coordination(
        care_team,
        first,
        GP.ref,
        appointment_id="appt-2",
        on=LATER,
        consent=consent(GP.ref, LATER),
        deliberation=deliberation(LATER),
        appointments=[first],
    )
    assert closed.ended_on == LATER
    assert closed.end_reason is CoordinationEndReason.HANDED_OVER
    assert successor.appointed_on == LATER
    assert not closed.active_on(LATER) and successor.active_on(LATER)
    assert closed.active_on(date(2026, 5, 3))


def test_ct16_hand_over_to_the_client_switches_to_coordination_by_her_context() -> None:
    care_team = make_team()
    first = appoint(care_team, MIDWIFE.ref, DAY)
    closed, successor = coordination.hand_over_coordination(
        care_team,
        first,
        CLIENT.ref,
        appointment_id="appt-2",
        on=LATER,
        consent=consent(CLIENT.ref, LATER),
        deliberation=deliberation(LATER),
        appointments=[first],
    )
    assert closed.end_reason is CoordinationEndReason.TAKEN_OVER_BY_CLIENT_CONTEXT
    assert coordination.coordinator_is_client_context(successor)


def test_ct13_hand_over_from_an_inactive_appointment_is_a_conflict() -> None:
    care_team = make_team()
    ended = coordination.end_coordination(
        appoint(care_team, MIDWIFE.ref, DAY), on=date(2026, 3, 1), reason=CoordinationEndReason.OTHER
    )
    with pytest.raises(errors.CoordinationNotActive):
        coordination.hand_over_coordination(
            care_team,
            ended,
            GP.ref,
            appointment_id="appt-2",
            on=LATER,
            consent=consent(GP.ref, LATER),
            deliberation=deliberation(LATER),
            appointments=[ended],
        )


def test_ct15_appointment_without_client_consent_is_refused() -> None:
    with pytest.raises(errors.ClientConsentRequired):
        coordination.appoint_coordinator(
            make_team(), MIDWIFE.ref, appointment_id="a", on=DAY, consent=None, deliberation=deliberation(DAY)
        )


def test_ct15_consent_for_another_person_or_from_an_outsider_is_refused() -> None:
    care_team = make_team()
    wrong_person = consent(GP.ref, DAY)
    outsider = ClientConsent(given_by=GP.ref, given_on=DAY, coordinator=MIDWIFE.ref)
    for given in (wrong_person, outsider):
        verdict = coordination.check_appointment(
            care_team, MIDWIFE.ref, on=DAY, consent=given, deliberation=deliberation(DAY)
        )
        assert verdict.codes == ("CT_15_CLIENT_CONSENT_REQUIRED",)


def test_ct15_an_informal_carer_of_the_client_may_give_consent() -> None:
    given = ClientConsent(given_by=SISTER.ref, given_on=DAY, coordinator=MIDWIFE.ref)
    verdict = coordination.check_appointment(
        make_team(), MIDWIFE.ref, on=DAY, consent=given, deliberation=deliberation(DAY)
    )
    assert verdict.allowed


def test_ct18a_appointment_without_recorded_team_deliberation_is_refused() -> None:
    care_team = make_team()
    for missing in (None, TeamDeliberation(held_on=DAY, participants=frozenset())):
        with pytest.raises(errors.TeamDeliberationRequired):
            coordination.appoint_coordinator(
                care_team,
                MIDWIFE.ref,
                appointment_id="a",
                on=DAY,
                consent=consent(MIDWIFE.ref, DAY),
                deliberation=missing,
            )


def test_ct18a_a_deliberation_after_the_appointment_or_with_outsiders_is_refused() -> None:
    care_team = make_team()
    late = deliberation(date(2026, 2, 3))
    outsiders = deliberation(DAY, CLIENT.ref, professional("pro-outsider").ref)
    assert coordination.check_appointment(
        care_team, MIDWIFE.ref, on=DAY, consent=consent(MIDWIFE.ref, DAY), deliberation=late
    ).codes == ("CT_18A_TEAM_DELIBERATION_REQUIRED",)
    assert coordination.check_appointment(
        care_team, MIDWIFE.ref, on=DAY, consent=consent(MIDWIFE.ref, DAY), deliberation=outsiders
    ).codes == ("CT_18A_DELIBERATION_PARTICIPANT_NOT_MEMBER",)


def test_refused_appointment_reports_every_failing_rule() -> None:
    care_team = make_team()
    first = appoint(care_team, MIDWIFE.ref, DAY)
    with pytest.raises(errors.CoordinatorNotAMember) as caught:
        coordination.appoint_coordinator(
            care_team,
            professional("pro-outsider").ref,
            appointment_id="a2",
            on=LATER,
            consent=None,
            deliberation=None,
            appointments=[first],
        )
    assert caught.value.extra["codes"] == [
        "CT_10_COORDINATOR_NOT_A_MEMBER",
        "CT_15_CLIENT_CONSENT_REQUIRED",
        "CT_18A_TEAM_DELIBERATION_REQUIRED",
        "CT_13_SECOND_ACTIVE_COORDINATOR",
    ]


def test_ct11_the_client_or_an_informal_carer_may_coordinate() -> None:
    care_team = make_team()
    assert coordination.coordinator_is_client_context(appoint(care_team, CLIENT.ref, DAY))
    assert coordination.coordinator_is_client_context(appoint(care_team, PARTNER.ref, DAY))


def test_ct16_appointment_after_the_second_birthday_is_refused() -> None:
    care_team = team.link_child(make_team(), LinkedChild("child-1", date(2026, 6, 10)))
    assert appoint(care_team, MIDWIFE.ref, date(2028, 6, 10)).appointed_on == date(2028, 6, 10)
    with pytest.raises(errors.OutsideCoordinationWindow):
        appoint(care_team, MIDWIFE.ref, date(2028, 6, 11))


def test_ct16_an_open_appointment_past_the_second_birthday_must_be_ended() -> None:
    care_team = team.link_child(make_team(), LinkedChild("child-1", date(2026, 6, 10)))
    appointment = appoint(care_team, MIDWIFE.ref, DAY)
    assert not coordination.is_past_care_window(care_team, appointment, date(2028, 6, 10))
    assert coordination.is_past_care_window(care_team, appointment, date(2028, 6, 11))
    assert not coordination.is_past_care_window(make_team(), appointment, date(2030, 1, 1))


def test_ct16_ending_records_the_reason_and_cannot_be_repeated() -> None:
    ended = coordination.end_coordination(
        appoint(make_team(), MIDWIFE.ref, DAY),
        on=LATER,
        reason=CoordinationEndReason.OTHER,
        note="moved abroad",
    )
    assert (ended.ended_on, ended.end_reason, ended.end_note) == (
        LATER,
        CoordinationEndReason.OTHER,
        "moved abroad",
    )
    with pytest.raises(errors.CoordinationNotActive):
        coordination.end_coordination(ended, on=LATER, reason=CoordinationEndReason.OTHER)


def test_ct16_ending_before_the_appointment_is_invalid() -> None:
    with pytest.raises(errors.InvalidPeriod):
        coordination.end_coordination(
            appoint(make_team(), MIDWIFE.ref, DAY), on=date(2026, 1, 30), reason=CoordinationEndReason.OTHER
        )


def test_ct16_reevaluation_by_the_coordinator_with_the_team_is_recorded() -> None:
    appointment = appoint(make_team(), MIDWIFE.ref, DAY)
    review = Reevaluation(LATER, frozenset({MIDWIFE.ref, CLIENT.ref}), ReevaluationOutcome.CONTINUE)
    updated = coordination.reevaluate_coordination(appointment, review)
    assert updated.reevaluations == (review,)
    assert updated.ended_on is None


def test_ct16_reevaluation_concluding_the_need_is_gone_ends_coordination() -> None:
    appointment = appoint(make_team(), MIDWIFE.ref, DAY)
    review = Reevaluation(LATER, frozenset({MIDWIFE.ref, CLIENT.ref}), ReevaluationOutcome.END, "stable")
    ended = coordination.reevaluate_coordination(appointment, review)
    assert ended.ended_on == LATER
    assert ended.end_reason is CoordinationEndReason.NEED_RESOLVED


def test_ct16_reevaluation_without_the_coordinator_or_after_the_end_is_refused() -> None:
    appointment = appoint(make_team(), MIDWIFE.ref, DAY)
    with pytest.raises(errors.ReevaluationWithoutCoordinator):
        coordination.reevaluate_coordination(
            appointment, Reevaluation(LATER, frozenset({GP.ref}), ReevaluationOutcome.CONTINUE)
        )
    ended = coordination.end_coordination(appointment, on=LATER, reason=CoordinationEndReason.OTHER)
    with pytest.raises(errors.CoordinationNotActive):
        coordination.reevaluate_coordination(
            ended, Reevaluation(LATER, frozenset({MIDWIFE.ref}), ReevaluationOutcome.CONTINUE)
        )


def test_ct40_the_teams_case_manager_cannot_be_appointed_coordinator() -> None:
    care_team = make_team()
    episode = running_cm(care_team, DAY)
    # even if she were (wrongly) also a member, CT-40 refuses the overlap
    care_team = team.add_professional(
        care_team, CASE_MANAGER, on=DAY, agreement=agreement(CASE_MANAGER, team.MembershipChange.ADD, DAY)
    )
    verdict = coordination.check_appointment(
        care_team,
        CASE_MANAGER.ref,
        on=LATER,
        consent=consent(CASE_MANAGER.ref, LATER),
        deliberation=deliberation(LATER),
        case_managements=[episode],
    )
    assert verdict.codes == ("CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON",)


# --- reimbursability (CT-11, CT-19, FIN-12, FIN-14, FIN-21, Q-21) ---------------------------------------


def test_fin12_health_insurance_professional_in_scenario_b_is_meant_to_be_reimbursable() -> None:
    verdict = coordination.assess_coordination_reimbursement(
        appoint(make_team(), MIDWIFE.ref, DAY), eligibility=SCENARIO_B
    )
    assert verdict.reimbursable
    assert verdict.reasons == ("CT_19_SCENARIO_B", "FIN_12_HEALTH_INSURANCE_PROFESSIONAL")
    assert not verdict.needs_review


def test_scr06_the_exception_path_makes_coordination_reimbursable() -> None:
    verdict = coordination.assess_coordination_reimbursement(
        appoint(make_team(), GP.ref, DAY), eligibility=EXCEPTION_PATH
    )
    assert verdict.reimbursable
    assert verdict.reasons[0] == "SCR_06_EXCEPTION_PATH"


def test_ct19_scenario_a_is_not_reimbursable() -> None:
    verdict = coordination.assess_coordination_reimbursement(
        appoint(make_team(), MIDWIFE.ref, DAY), eligibility=SCENARIO_A
    )
    assert not verdict.reimbursable
    assert verdict.reasons == ("CT_19_SCENARIO_B_REQUIRED",)


def test_ct19_unknown_scenario_gives_a_distinct_reason() -> None:
    verdict = coordination.assess_coordination_reimbursement(
        appoint(make_team(), MIDWIFE.ref, DAY), eligibility=SCENARIO_UNKNOWN
    )
    assert verdict.reasons == ("SCENARIO_NOT_YET_KNOWN",)


def test_ct11_coordination_by_the_client_or_an_informal_carer_is_never_reimbursed() -> None:
    care_team = make_team()
    for ref in (CLIENT.ref, PARTNER.ref):
        verdict = coordination.assess_coordination_reimbursement(
            appoint(care_team, ref, DAY), eligibility=SCENARIO_B
        )
        assert not verdict.reimbursable
        assert verdict.reasons == ("CT_11_CLIENT_CONTEXT_COORDINATION_NEVER_REIMBURSED",)


def test_fin14_welfare_professional_is_not_reimbursable_until_the_switch_is_on() -> None:
    appointment = appoint(make_team(), SOCIAL_WORKER.ref, DAY)
    off = coordination.assess_coordination_reimbursement(appointment, eligibility=SCENARIO_B)
    on = coordination.assess_coordination_reimbursement(
        appointment, eligibility=SCENARIO_B, policy=ReimbursementPolicy(welfare_fees_enabled=True)
    )
    assert (off.reimbursable, off.reasons) == (False, ("FIN_14_WELFARE_FEES_PENDING",))
    assert (on.reimbursable, on.reasons) == (True, ("CT_19_SCENARIO_B", "FIN_14_WELFARE_FEES_ENABLED"))


def test_ct14_a_non_care_professional_is_not_reimbursable_even_with_the_welfare_switch() -> None:
    coach = professional(
        "pro-job", profession="job_coach", funding_type=FundingType.OTHER, life_domain=LifeDomain.WORK
    )
    care_team = team.add_professional(
        make_team(), coach, on=DAY, agreement=agreement(coach, team.MembershipChange.ADD, DAY)
    )
    verdict = coordination.assess_coordination_reimbursement(
        appoint(care_team, coach.ref, DAY),
        eligibility=SCENARIO_B,
        policy=ReimbursementPolicy(welfare_fees_enabled=True),
    )
    assert verdict.reasons == ("CT_14_NOT_A_CARE_OR_WELFARE_PROFESSIONAL",)


def test_fin21_q21_coordination_in_the_organisations_mission_is_appointed_but_flagged_not_reimbursed() -> (
    None
):
    care_team = make_team(professionals=[MIDWIFE, GP, KIND_EN_GEZIN_NURSE])
    appointment = appoint(care_team, KIND_EN_GEZIN_NURSE.ref, DAY)  # appointing is not blocked
    verdict = coordination.assess_coordination_reimbursement(
        appointment, eligibility=SCENARIO_B, policy=ReimbursementPolicy(welfare_fees_enabled=True)
    )
    assert not verdict.reimbursable
    assert verdict.reasons == ("FIN_21_COORDINATION_IN_MISSION",)
    assert verdict.needs_review
    assert verdict.review_reasons == ("Q_21_MISSION_OVERLAP_TO_REVIEW",)


def test_reimbursability_lists_every_blocking_reason() -> None:
    care_team = make_team(professionals=[MIDWIFE, GP, KIND_EN_GEZIN_NURSE])
    verdict = coordination.assess_coordination_reimbursement(
        appoint(care_team, KIND_EN_GEZIN_NURSE.ref, DAY), eligibility=SCENARIO_UNKNOWN
    )
    assert verdict.reasons == (
        "SCENARIO_NOT_YET_KNOWN",
        "FIN_21_COORDINATION_IN_MISSION",
        "FIN_14_WELFARE_FEES_PENDING",
    )
