from datetime import date

import pytest

from careteam.domain import case_management as cm
from careteam.domain import errors
from careteam.domain.model import CareTeam, Client, InformalCarer
from careteam.domain.roles import (
    CaseManagement,
    CaseManagementStatus,
    CaseManagementType,
    ClientConsent,
    CoordinationEndReason,
    CoordinatorAppointment,
    JumpStartCondition,
    TeamDeliberation,
)
from tests.careteam.unit import (
    CASE_MANAGER,
    CLIENT,
    CM_ORG,
    GP,
    MIDWIFE,
    REGION,
    SISTER,
    appoint,
    make_team,
    professional,
    register,
    request_cm,
    running_cm,
)

pytestmark = pytest.mark.unit

REQUEST_DAY = date(2026, 4, 2)  # Thursday before Easter; deadline Tue 14 April 2026
DEADLINE = date(2026, 4, 14)


def _check(**overrides: object) -> tuple[str, ...]:
    args: dict[str, object] = {
        "request_type": CaseManagementType.JUMP_START,
        "requested_on": REQUEST_DAY,
        "requested_by": CLIENT.ref,
        "organisation_id": CM_ORG,
        "region": REGION,
        "register": register(),
        "existing": (),
        "conditions": {JumpStartCondition.CARE_NOT_MATCHING_NEEDS},
    }
    args.update(overrides)
    return cm.check_request(make_team(), **args).codes  # type: ignore[arg-type]


def test_ct31_a_jump_start_request_with_a_condition_to_a_recognised_organisation_opens_an_episode() -> None:
    episode = request_cm(make_team(), REQUEST_DAY)
    assert episode.status is CaseManagementStatus.REQUESTED
    assert episode.request.conditions == {JumpStartCondition.TOO_COMPLEX_TO_START}
    assert episode.is_open


def test_ct31_a_jump_start_request_without_condition_a_b_or_c_is_refused() -> None:
    assert _check(conditions=set()) == ("CT_31_JUMP_START_CONDITION_REQUIRED",)


def test_ct31_process_support_needs_no_condition_and_refuses_jump_start_conditions() -> None:
    assert _check(request_type=CaseManagementType.PROCESS_SUPPORT, conditions=set()) == ()
    assert _check(request_type=CaseManagementType.PROCESS_SUPPORT) == (
        "CT_31_CONDITIONS_ONLY_FOR_JUMP_START",
    )


def test_ct31_the_client_an_informal_carer_or_a_professional_may_request() -> None:
    assert _check(requested_by=SISTER.ref) == ()
    assert _check(requested_by=professional("pro-alarm").ref) == ()
    assert _check(requested_by=GP.ref) == ()


def test_ct31_an_unknown_informal_carer_or_another_client_may_not_request() -> None:
    assert _check(requested_by=InformalCarer("stranger").ref) == ("CT_31_REQUESTER_NOT_IN_CLIENT_CONTEXT",)
    assert _check(requested_by=Client("someone-else").ref) == ("CT_31_REQUESTER_NOT_IN_CLIENT_CONTEXT",)


def test_ct35_request_to_an_organisation_missing_from_the_register_is_refused() -> None:
    assert _check(organisation_id="org-unknown") == ("CT_35_ORGANISATION_NOT_RECOGNISED",)
    with pytest.raises(errors.OrganisationNotRecognised):
        cm.request_case_management(
            make_team(),
            request_id="x",
            request_type=CaseManagementType.PROCESS_SUPPORT,
            requested_on=REQUEST_DAY,
            requested_by=CLIENT.ref,
            organisation_id="org-unknown",
            region=REGION,
            register=register(),
        )


def test_ct35_request_outside_the_recognition_period_is_refused_with_both_ends_inclusive() -> None:
    ends = register(recognised_from=date(2026, 4, 2), recognised_to=date(2026, 4, 2))
    assert _check(register=ends) == ()
    assert _check(register=ends, requested_on=date(2026, 4, 3)) == ("CT_35_RECOGNITION_NOT_VALID_ON_DATE",)
    assert _check(register=register(recognised_from=date(2026, 4, 3))) == (
        "CT_35_RECOGNITION_NOT_VALID_ON_DATE",
    )


def test_ct35_request_for_a_region_the_organisation_does_not_cover_is_refused() -> None:
    assert _check(region="44021") == ()
    assert _check(region="elz zora ") == ()
    assert _check(region="11002") == ("CT_35_REGION_NOT_COVERED",)


def test_ct43_a_second_request_while_one_is_open_is_refused() -> None:
    care_team = make_team()
    first = request_cm(care_team, REQUEST_DAY)
    with pytest.raises(errors.CaseManagementAlreadyOpen):
        request_cm(care_team, date(2026, 4, 20), request_id="cm-2", existing=[first])
    withdrawn = cm.withdraw_request(first, on=date(2026, 4, 3))
    assert request_cm(care_team, date(2026, 4, 20), request_id="cm-2", existing=[withdrawn]).is_open


def test_ct33_intake_scheduled_on_the_7th_working_day_across_easter_monday_is_on_time() -> None:
    episode = cm.schedule_intake(
        request_cm(make_team(), REQUEST_DAY), scheduled_on=DEADLINE, intake_on=DEADLINE
    )
    assert episode.intake is not None
    assert episode.intake.deadline == DEADLINE
    assert not episode.intake.late
    assert episode.status is CaseManagementStatus.INTAKE_SCHEDULED


def test_ct33_intake_scheduled_on_the_8th_working_day_is_accepted_but_late() -> None:
    episode = cm.schedule_intake(
        request_cm(make_team(), REQUEST_DAY), scheduled_on=date(2026, 4, 15), intake_on=date(2026, 4, 20)
    )
    assert episode.intake is not None
    assert episode.intake.late


def test_ct33_the_intake_interview_itself_may_be_later_than_the_deadline() -> None:
    episode = cm.schedule_intake(
        request_cm(make_team(), REQUEST_DAY), scheduled_on=date(2026, 4, 7), intake_on=date(2026, 4, 28)
    )
    assert episode.intake is not None and not episode.intake.late


def test_ct33_an_unanswered_request_is_overdue_only_after_the_deadline() -> None:
    episode = request_cm(make_team(), REQUEST_DAY)
    assert not cm.is_intake_overdue(episode, DEADLINE)
    assert cm.is_intake_overdue(episode, date(2026, 4, 15))
    answered = cm.schedule_intake(episode, scheduled_on=date(2026, 4, 7), intake_on=date(2026, 4, 9))
    assert not cm.is_intake_overdue(answered, date(2026, 6, 1))


def test_ct33_intake_dates_must_be_in_order_and_scheduled_once() -> None:
    episode = request_cm(make_team(), REQUEST_DAY)
    with pytest.raises(errors.InvalidPeriod):
        cm.schedule_intake(episode, scheduled_on=date(2026, 4, 1), intake_on=date(2026, 4, 7))
    with pytest.raises(errors.InvalidPeriod):
        cm.schedule_intake(episode, scheduled_on=date(2026, 4, 7), intake_on=date(2026, 4, 6))
    scheduled = cm.schedule_intake(episode, scheduled_on=date(2026, 4, 7), intake_on=date(2026, 4, 9))
    with pytest.raises(errors.IntakeAlreadyScheduled):
        cm.schedule_intake(scheduled, scheduled_on=date(2026, 4, 8), intake_on=date(2026, 4, 9))
    with pytest.raises(errors.RequestWithdrawn):
        cm.schedule_intake(
            cm.withdraw_request(episode, on=REQUEST_DAY), scheduled_on=DEADLINE, intake_on=DEADLINE
        )


def _scheduled(care_team: CareTeam) -> CaseManagement:
    return cm.schedule_intake(
        request_cm(care_team, REQUEST_DAY), scheduled_on=date(2026, 4, 7), intake_on=date(2026, 4, 9)
    )


def test_ct30_the_intervention_starts_after_the_intake_with_a_planned_end() -> None:
    care_team = make_team()
    episode = cm.start_intervention(
        care_team,
        _scheduled(care_team),
        CASE_MANAGER,
        started_on=date(2026, 4, 9),
        planned_end_on=date(2026, 7, 9),
    )
    assert episode.status is CaseManagementStatus.IN_PROGRESS
    assert cm.interventions_in_care_process([episode], care_team.team_id) == 1


def test_ct33_the_intervention_cannot_start_without_intake_or_before_it() -> None:
    care_team = make_team()
    with pytest.raises(errors.IntakeRequired):
        cm.start_intervention(
            care_team,
            request_cm(care_team, REQUEST_DAY),
            CASE_MANAGER,
            started_on=date(2026, 4, 9),
            planned_end_on=date(2026, 7, 9),
        )
    verdict = cm.check_start_intervention(
        care_team,
        _scheduled(care_team),
        CASE_MANAGER,
        started_on=date(2026, 4, 8),
        planned_end_on=date(2026, 7, 9),
    )
    assert verdict.codes == ("INVALID_PERIOD",)


def test_ct30_an_intervention_without_a_later_planned_end_is_invalid() -> None:
    care_team = make_team()
    verdict = cm.check_start_intervention(
        care_team,
        _scheduled(care_team),
        CASE_MANAGER,
        started_on=date(2026, 4, 9),
        planned_end_on=date(2026, 4, 9),
    )
    assert verdict.codes == ("INVALID_PERIOD",)


def test_ct35_the_case_manager_must_come_from_the_requested_organisation() -> None:
    care_team = make_team()
    other = professional("pro-cm-2", organisation_id="org-other")
    verdict = cm.check_start_intervention(
        care_team, _scheduled(care_team), other, started_on=date(2026, 4, 9), planned_end_on=date(2026, 7, 9)
    )
    assert verdict.codes == ("CT_35_CASE_MANAGER_NOT_FROM_ORGANISATION",)


def test_ct44_case_manager_is_member_is_refused() -> None:
    member_from_org = professional("pro-midwife-cm", organisation_id=CM_ORG)
    care_team = make_team(professionals=[MIDWIFE, GP, member_from_org])
    with pytest.raises(errors.CaseManagerIsMember) as caught:
        cm.start_intervention(
            care_team,
            _scheduled(care_team),
            member_from_org,
            started_on=date(2026, 4, 9),
            planned_end_on=date(2026, 7, 9),
        )
    assert caught.value.code == "CT_44_CASE_MANAGER_IS_MEMBER"


def test_ct40_ct41_the_coordinator_cannot_become_case_manager_of_the_same_client() -> None:
    coordinator_from_org = professional("pro-dual", organisation_id=CM_ORG)
    care_team = make_team(professionals=[MIDWIFE, GP, coordinator_from_org])
    appointment = appoint(care_team, coordinator_from_org.ref, date(2026, 2, 2))
    verdict = cm.check_start_intervention(
        care_team,
        _scheduled(care_team),
        coordinator_from_org,
        started_on=date(2026, 4, 9),
        planned_end_on=date(2026, 7, 9),
        appointments=[appointment],
    )
    assert "CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON" in verdict.codes


def test_ct40_a_former_coordinator_may_be_case_manager_after_the_appointment_ended() -> None:
    outsider = professional("pro-former", organisation_id=CM_ORG)
    care_team = make_team()
    ended = CoordinatorAppointment(
        appointment_id="old",
        team_id=care_team.team_id,
        coordinator=outsider,
        appointed_on=date(2026, 1, 5),
        consent=ClientConsent(CLIENT.ref, date(2026, 1, 5), outsider.ref),
        deliberation=TeamDeliberation(date(2026, 1, 5), frozenset({CLIENT.ref})),
        ended_on=date(2026, 3, 1),
        end_reason=CoordinationEndReason.HANDED_OVER,
    )
    verdict = cm.check_start_intervention(
        care_team,
        _scheduled(care_team),
        outsider,
        started_on=date(2026, 4, 9),
        planned_end_on=date(2026, 7, 9),
        appointments=[ended],
    )
    assert verdict.allowed


def test_ct41_ct42_a_coordinator_may_request_case_management_and_both_roles_run_together() -> None:
    care_team = make_team()
    appointment = appoint(care_team, MIDWIFE.ref, date(2026, 2, 2))
    episode = cm.request_case_management(
        care_team,
        request_id="cm-1",
        request_type=CaseManagementType.PROCESS_SUPPORT,
        requested_on=REQUEST_DAY,
        requested_by=MIDWIFE.ref,
        organisation_id=CM_ORG,
        region=REGION,
        register=register(),
    )
    episode = cm.schedule_intake(episode, scheduled_on=REQUEST_DAY, intake_on=REQUEST_DAY)
    episode = cm.start_intervention(
        care_team,
        episode,
        CASE_MANAGER,
        started_on=REQUEST_DAY,
        planned_end_on=date(2026, 6, 2),
        appointments=[appointment],
    )
    assert appointment.active_on(date(2026, 5, 1))
    assert episode.intervention is not None and episode.intervention.active_on(date(2026, 5, 1))


def test_ct43_a_second_active_case_manager_in_one_team_is_refused() -> None:
    care_team = make_team()
    running = running_cm(care_team, date(2026, 2, 2), months=6)
    # a request that slipped through elsewhere still cannot put a second case manager in place
    second = cm.schedule_intake(
        request_cm(care_team, REQUEST_DAY, request_id="cm-2"), scheduled_on=REQUEST_DAY, intake_on=REQUEST_DAY
    )
    other = professional("pro-cm-2", organisation_id=CM_ORG)
    with pytest.raises(errors.SecondActiveCaseManager):
        cm.start_intervention(
            care_team,
            second,
            other,
            started_on=REQUEST_DAY,
            planned_end_on=date(2026, 6, 2),
            case_managements=[running],
        )


def test_ct36_case_management_may_recur_in_one_care_process() -> None:
    care_team = make_team()
    first = cm.end_intervention(running_cm(care_team, date(2026, 2, 2)), ended_on=date(2026, 3, 2))
    assert not first.is_open
    second = running_cm(care_team, REQUEST_DAY, request_id="cm-2", existing=[first])
    assert cm.interventions_in_care_process([first, second], care_team.team_id) == 2


def test_ct34_follow_up_is_due_exactly_six_months_after_the_end() -> None:
    episode = cm.end_intervention(running_cm(make_team(), date(2026, 1, 15)), ended_on=date(2026, 3, 31))
    assert episode.status is CaseManagementStatus.ENDED
    assert cm.follow_up_due_on(episode) == date(2026, 9, 30)
    assert not cm.is_follow_up_missed(episode, date(2026, 9, 30))
    assert cm.is_follow_up_missed(episode, date(2026, 10, 1))


def test_ct34_before_the_end_is_recorded_the_follow_up_follows_the_planned_end() -> None:
    episode = running_cm(make_team(), date(2026, 1, 15), months=3)  # planned end 15 April 2026
    assert cm.follow_up_due_on(episode) == date(2026, 10, 15)
    assert not cm.is_intervention_overrunning(episode, date(2026, 4, 14))
    assert cm.is_intervention_overrunning(episode, date(2026, 4, 15))


def test_ct34_a_recorded_follow_up_is_never_missed() -> None:
    ended = cm.end_intervention(running_cm(make_team(), date(2026, 1, 15)), ended_on=date(2026, 3, 31))
    followed = cm.record_follow_up(ended, held_on=date(2026, 9, 28), effective=True)
    assert followed.status is CaseManagementStatus.FOLLOWED_UP
    assert not cm.is_follow_up_missed(followed, date(2027, 1, 1))
    with pytest.raises(errors.FollowUpAlreadyRecorded):
        cm.record_follow_up(followed, held_on=date(2026, 9, 29))


def test_ct34_follow_up_needs_an_ended_intervention() -> None:
    with pytest.raises(errors.InterventionNotStarted):
        cm.record_follow_up(request_cm(make_team(), REQUEST_DAY), held_on=date(2026, 9, 1))
    with pytest.raises(errors.InterventionNotEnded):
        cm.record_follow_up(running_cm(make_team(), REQUEST_DAY), held_on=date(2026, 9, 1))
    ended = cm.end_intervention(running_cm(make_team(), REQUEST_DAY), ended_on=date(2026, 5, 1))
    with pytest.raises(errors.InvalidPeriod):
        cm.record_follow_up(ended, held_on=date(2026, 4, 30))


def test_ct34_no_follow_up_is_due_without_an_intervention() -> None:
    episode = request_cm(make_team(), REQUEST_DAY)
    assert cm.follow_up_due_on(episode) is None
    assert not cm.is_follow_up_missed(episode, date(2030, 1, 1))


def test_ct34_ending_twice_or_before_the_start_is_refused() -> None:
    running = running_cm(make_team(), REQUEST_DAY)
    with pytest.raises(errors.InvalidPeriod):
        cm.end_intervention(running, ended_on=date(2026, 4, 1))
    ended = cm.end_intervention(running, ended_on=date(2026, 5, 1))
    with pytest.raises(errors.InterventionAlreadyEnded):
        cm.end_intervention(ended, ended_on=date(2026, 5, 2))
    with pytest.raises(errors.InterventionNotStarted):
        cm.end_intervention(request_cm(make_team(), REQUEST_DAY), ended_on=date(2026, 5, 2))


def test_ct30_a_running_intervention_is_ended_not_withdrawn() -> None:
    with pytest.raises(errors.InterventionAlreadyStarted):
        cm.withdraw_request(running_cm(make_team(), REQUEST_DAY), on=date(2026, 5, 1))
