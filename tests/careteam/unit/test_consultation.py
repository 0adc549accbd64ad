from datetime import date

import pytest

from careteam.domain import consultation, errors, team
from careteam.domain.consultation import ConsultationMode, ConsultationParticipant
from careteam.domain.model import CareTeam, Client, ClientEligibility, LinkedChild, Person, PersonRef
from careteam.domain.roles import CaseManagement, CoordinatorAppointment
from tests.careteam.unit import (
    CASE_MANAGER,
    CLIENT,
    EXCEPTION_PATH,
    GP,
    MIDWIFE,
    PARTNER,
    SCENARIO_A,
    SCENARIO_B,
    SCENARIO_UNKNOWN,
    SISTER,
    SOCIAL_WORKER,
    appoint,
    make_team,
    running_cm,
)

pytestmark = pytest.mark.unit

DAY = date(2026, 3, 10)
CARE_TEAM = make_team()
COORDINATION = appoint(CARE_TEAM, MIDWIFE.ref, date(2026, 2, 2))


def _p(*people: Person, designee: Person | None = None) -> list[ConsultationParticipant]:
    result = [ConsultationParticipant(p) for p in people]
    if designee is not None:
        result.append(ConsultationParticipant(designee, designated_by_client=True))
    return result


FOUR = _p(CLIENT, MIDWIFE, GP, SOCIAL_WORKER)


def _codes(
    participants: list[ConsultationParticipant] = FOUR,
    *,
    held_on: date = DAY,
    organiser: PersonRef = MIDWIFE.ref,
    duration_minutes: int = 45,
    eligibility: ClientEligibility = SCENARIO_B,
    appointments: tuple[CoordinatorAppointment, ...] = (COORDINATION,),
    case_managements: tuple[CaseManagement, ...] = (),
    care_team: CareTeam = CARE_TEAM,
) -> tuple[str, ...]:
    return consultation.check_consultation(
        care_team,
        held_on=held_on,
        organiser=organiser,
        duration_minutes=duration_minutes,
        participants=participants,
        eligibility=eligibility,
        appointments=appointments,
        case_managements=case_managements,
    ).codes


def test_ct50_consultation_organised_by_the_coordinator_with_four_participants_is_recorded() -> None:
    held = consultation.record_consultation(
        CARE_TEAM,
        consultation_id="c-1",
        held_on=DAY,
        organiser=MIDWIFE.ref,
        mode=ConsultationMode.ONLINE,
        duration_minutes=60,
        participants=FOUR,
        eligibility=SCENARIO_B,
        appointments=[COORDINATION],
    )
    assert held.mode is ConsultationMode.ONLINE
    assert len(held.participants) == 4


def test_ct50_consultation_with_3_participants_is_refused() -> None:
    assert _codes(_p(CLIENT, MIDWIFE, GP)) == ("CT_50_TOO_FEW_PARTICIPANTS",)
    with pytest.raises(errors.TooFewParticipants):
        consultation.record_consultation(
            CARE_TEAM,
            consultation_id="c-1",
            held_on=DAY,
            organiser=MIDWIFE.ref,
            mode=ConsultationMode.IN_PERSON,
            duration_minutes=30,
            participants=_p(CLIENT, MIDWIFE, GP),
            eligibility=SCENARIO_B,
            appointments=[COORDINATION],
        )


def test_ct50_consultation_without_the_client_is_refused() -> None:
    assert _codes(_p(PARTNER, MIDWIFE, GP, SOCIAL_WORKER)) == ("CT_50_CLIENT_REQUIRED",)


def test_ct50_the_person_designated_by_the_client_may_replace_her() -> None:
    assert _codes(_p(MIDWIFE, GP, SOCIAL_WORKER, designee=PARTNER)) == ()


def test_ct50_consultation_without_any_health_insurance_professional_is_refused() -> None:
    welfare_only = _p(CLIENT, PARTNER, SISTER, SOCIAL_WORKER, CASE_MANAGER)
    assert _codes(
        welfare_only, organiser=SOCIAL_WORKER.ref, appointments=(appoint(CARE_TEAM, SOCIAL_WORKER.ref, DAY),)
    ) == ("CT_50_HEALTH_INSURANCE_PROFESSIONAL_REQUIRED",)


def test_ct19_consultation_needs_scenario_b_or_the_exception() -> None:
    assert _codes(eligibility=SCENARIO_A) == ("CT_19_SCENARIO_B_REQUIRED",)
    assert _codes(eligibility=EXCEPTION_PATH) == ()


def test_ct19_consultation_with_unknown_scenario_is_refused_with_a_distinct_code() -> None:
    assert _codes(eligibility=SCENARIO_UNKNOWN) == ("SCENARIO_NOT_YET_KNOWN",)
    with pytest.raises(errors.ScenarioNotYetKnown) as caught:
        consultation.record_consultation(
            CARE_TEAM,
            consultation_id="c-1",
            held_on=DAY,
            organiser=MIDWIFE.ref,
            mode=ConsultationMode.IN_PERSON,
            duration_minutes=30,
            participants=FOUR,
            eligibility=SCENARIO_UNKNOWN,
            appointments=[COORDINATION],
        )
    assert caught.value.code != errors.ScenarioBRequired.code


def test_ct50_without_coordinator_or_case_manager_no_consultation_can_be_organised() -> None:
    assert _codes(appointments=()) == ("CT_50_NO_COORDINATOR_OR_CASE_MANAGER",)


def test_ct50_only_the_active_coordinator_organises() -> None:
    assert _codes(organiser=GP.ref) == ("CT_50_ORGANISER_NOT_COORDINATOR_OR_CASE_MANAGER",)


def test_q23_the_case_manager_organises_when_no_coordinator_is_appointed() -> None:
    episode = running_cm(CARE_TEAM, date(2026, 3, 2))
    with_cm = _p(CLIENT, MIDWIFE, GP, CASE_MANAGER)
    assert _codes(with_cm, organiser=CASE_MANAGER.ref, appointments=(), case_managements=(episode,)) == ()


def test_q23_with_both_roles_active_the_coordinator_organises() -> None:
    episode = running_cm(CARE_TEAM, date(2026, 3, 2))
    with_cm = _p(CLIENT, MIDWIFE, GP, CASE_MANAGER)
    assert _codes(with_cm, organiser=CASE_MANAGER.ref, case_managements=(episode,)) == (
        "CT_50_ORGANISER_NOT_COORDINATOR_OR_CASE_MANAGER",
    )


def test_ct50_the_organiser_takes_part() -> None:
    assert _codes(_p(CLIENT, PARTNER, GP, SOCIAL_WORKER)) == ("CT_50_ORGANISER_MUST_PARTICIPATE",)


def test_ct50_duration_must_be_positive() -> None:
    assert _codes(duration_minutes=0) == ("CT_50_DURATION_NOT_POSITIVE",)


def test_ct51_a_participant_listed_twice_counts_once_and_is_invalid() -> None:
    assert _codes(_p(CLIENT, MIDWIFE, GP, GP)) == (
        "CT_50_DUPLICATE_PARTICIPANT",
        "CT_50_TOO_FEW_PARTICIPANTS",
    )


def test_ct50_another_client_is_not_the_client() -> None:
    codes = _codes(_p(Client("someone-else"), MIDWIFE, GP, SOCIAL_WORKER))
    assert codes == ("CT_50_PARTICIPANT_IS_NOT_THE_CLIENT", "CT_50_CLIENT_REQUIRED")


def test_ct50_consultation_runs_up_to_and_including_the_second_birthday() -> None:
    with_child = team.link_child(CARE_TEAM, LinkedChild("child-1", date(2026, 6, 10)))
    assert _codes(held_on=date(2028, 6, 10), care_team=with_child) == ()
    assert _codes(held_on=date(2028, 6, 11), care_team=with_child) == ("CT_50_OUTSIDE_CARE_WINDOW",)


def test_ct51_attendance_records_which_actors_joined() -> None:
    held = consultation.record_consultation(
        CARE_TEAM,
        consultation_id="c-1",
        held_on=DAY,
        organiser=MIDWIFE.ref,
        mode=ConsultationMode.IN_PERSON,
        duration_minutes=60,
        participants=_p(MIDWIFE, GP, SOCIAL_WORKER, designee=PARTNER),
        eligibility=SCENARIO_B,
        appointments=[COORDINATION],
    )
    summary = consultation.attendance(held)
    assert summary.participants == 4
    assert not summary.client_present and summary.designee_present
    assert summary.informal_participants == 1
    assert summary.health_insurance_professionals == 2
    assert summary.other_professionals == 1
    assert summary.professions == ("general_practitioner", "midwife", "social_worker")
