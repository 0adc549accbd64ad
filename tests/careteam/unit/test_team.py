from datetime import date

import pytest

from careteam.domain import errors, team
from careteam.domain.model import InformalCarer, LifeDomain, LinkedChild, Membership
from careteam.domain.team import MembershipChange
from tests.careteam.unit import (
    CASE_MANAGER,
    CLIENT,
    GP,
    MIDWIFE,
    PARTNER,
    SISTER,
    SOCIAL_WORKER,
    TEAM_START,
    agreement,
    appoint,
    make_team,
    professional,
    running_cm,
)

pytestmark = pytest.mark.unit

DAY = date(2026, 2, 2)
PSYCHOLOGIST = professional("pro-psy", profession="psychologist")


def test_ct01_a_new_team_always_contains_the_client() -> None:
    care_team = team.start_team(team_id="t", client=CLIENT, pregnancy_id="p", established_on=TEAM_START)
    assert team.members_on(care_team, TEAM_START) == (CLIENT,)
    assert team.is_member(care_team, CLIENT.ref, date(2030, 1, 1))


def test_ct02_adding_a_professional_with_the_clients_agreement_starts_a_membership() -> None:
    care_team = make_team()
    updated = team.add_professional(
        care_team, PSYCHOLOGIST, on=DAY, agreement=agreement(PSYCHOLOGIST, MembershipChange.ADD, DAY)
    )
    assert team.is_member(updated, PSYCHOLOGIST.ref, DAY)
    assert not team.is_member(updated, PSYCHOLOGIST.ref, date(2026, 2, 1))
    assert not team.is_member(care_team, PSYCHOLOGIST.ref, DAY)  # the original value is untouched


def test_ct02_adding_a_professional_without_agreement_is_refused() -> None:
    with pytest.raises(errors.ClientAgreementRequired) as caught:
        team.add_professional(make_team(), PSYCHOLOGIST, on=DAY, agreement=None)
    assert caught.value.code == "CT_02_CLIENT_AGREEMENT_REQUIRED"
    assert caught.value.rule == "CT-02"


def test_ct02_an_agreement_for_another_professional_or_change_is_refused() -> None:
    verdict = team.check_add_professional(
        make_team(), PSYCHOLOGIST, on=DAY, agreement=agreement(GP, MembershipChange.ADD, DAY)
    )
    assert verdict.codes == ("CT_02_CLIENT_AGREEMENT_REQUIRED",)
    verdict = team.check_add_professional(
        make_team(), PSYCHOLOGIST, on=DAY, agreement=agreement(PSYCHOLOGIST, MembershipChange.REMOVE, DAY)
    )
    assert not verdict.allowed


def test_ct02_an_agreement_dated_after_the_change_is_refused() -> None:
    late = agreement(PSYCHOLOGIST, MembershipChange.ADD, date(2026, 2, 3))
    assert not team.check_add_professional(make_team(), PSYCHOLOGIST, on=DAY, agreement=late).allowed


def test_ct02_the_representative_may_agree_but_an_ordinary_carer_may_not() -> None:
    by_partner = team.ClientAgreement(PSYCHOLOGIST.professional_id, MembershipChange.ADD, PARTNER.ref, DAY)
    by_sister = team.ClientAgreement(PSYCHOLOGIST.professional_id, MembershipChange.ADD, SISTER.ref, DAY)
    assert team.check_add_professional(make_team(), PSYCHOLOGIST, on=DAY, agreement=by_partner).allowed
    assert not team.check_add_professional(make_team(), PSYCHOLOGIST, on=DAY, agreement=by_sister).allowed


def test_ct01_adding_a_current_member_again_is_a_conflict() -> None:
    with pytest.raises(errors.AlreadyMember):
        team.add_professional(make_team(), GP, on=DAY, agreement=agreement(GP, MembershipChange.ADD, DAY))
    with pytest.raises(errors.AlreadyMember):
        team.add_informal_carer(make_team(), SISTER, on=DAY)


def test_ct01_changes_before_the_team_exists_are_invalid() -> None:
    before = date(2026, 1, 1)
    with pytest.raises(errors.InvalidPeriod):
        team.add_informal_carer(make_team(), InformalCarer("carer-x"), on=before)


def test_ct44_the_teams_case_manager_cannot_be_added_as_member() -> None:
    care_team = make_team()
    episode = running_cm(care_team, DAY)
    with pytest.raises(errors.CaseManagerIsMember):
        team.add_professional(
            care_team,
            CASE_MANAGER,
            on=date(2026, 3, 2),
            agreement=agreement(CASE_MANAGER, MembershipChange.ADD, date(2026, 3, 2)),
            case_managements=[episode],
        )


def test_ct02_removing_a_professional_needs_agreement_and_closes_the_membership_on_that_day() -> None:
    care_team = make_team()
    with pytest.raises(errors.ClientAgreementRequired):
        team.remove_member(care_team, GP.ref, on=DAY)
    updated = team.remove_member(
        care_team, GP.ref, on=DAY, agreement=agreement(GP, MembershipChange.REMOVE, DAY)
    )
    assert team.is_member(updated, GP.ref, date(2026, 2, 1))
    assert not team.is_member(updated, GP.ref, DAY)
    assert len(updated.memberships) == len(care_team.memberships)  # history kept, period closed


def test_ct01_an_informal_carer_can_leave_without_agreement_and_rejoin_later() -> None:
    updated = team.remove_member(make_team(), SISTER.ref, on=DAY)
    rejoined = team.add_informal_carer(updated, SISTER, on=date(2026, 5, 1))
    assert not team.is_member(rejoined, SISTER.ref, date(2026, 3, 1))
    assert team.is_member(rejoined, SISTER.ref, date(2026, 5, 1))


def test_ct01_the_client_can_never_be_removed() -> None:
    with pytest.raises(errors.ClientAlwaysMember):
        team.remove_member(make_team(), CLIENT.ref, on=DAY)


def test_ct01_removing_a_non_member_is_not_found() -> None:
    with pytest.raises(errors.MemberNotFound):
        team.remove_member(make_team(), PSYCHOLOGIST.ref, on=DAY)


def test_ct44_the_active_coordinator_cannot_be_removed_before_coordination_ends() -> None:
    care_team = make_team()
    appointment = appoint(care_team, MIDWIFE.ref, DAY)
    with pytest.raises(errors.CoordinatorMustRemainMember):
        team.remove_member(
            care_team,
            MIDWIFE.ref,
            on=date(2026, 3, 1),
            agreement=agreement(MIDWIFE, MembershipChange.REMOVE, date(2026, 3, 1)),
            appointments=[appointment],
        )


def test_membership_periods_cannot_end_before_they_start() -> None:
    with pytest.raises(errors.InvalidPeriod):
        Membership(GP, joined_on=DAY, left_on=date(2026, 2, 1))


def test_q19_children_are_linked_once_and_twins_both_count() -> None:
    care_team = make_team()
    linked = team.link_child(care_team, LinkedChild("child-1", date(2026, 6, 10)))
    linked = team.link_child(linked, LinkedChild("child-2", date(2026, 6, 11)))
    assert len(linked.children) == 2
    assert team.care_window_end(linked) == date(2028, 6, 11)
    with pytest.raises(errors.ChildAlreadyLinked):
        team.link_child(linked, LinkedChild("child-1", date(2026, 6, 10)))


def test_ct16_the_care_window_runs_from_the_team_start_up_to_and_including_the_second_birthday() -> None:
    care_team = team.link_child(make_team(), LinkedChild("child-1", date(2026, 6, 10)))
    assert not team.within_care_window(care_team, date(2026, 1, 4))
    assert team.within_care_window(care_team, TEAM_START)
    assert team.within_care_window(care_team, date(2028, 6, 10))
    assert not team.within_care_window(care_team, date(2028, 6, 11))


def test_ct16_before_birth_the_care_window_has_no_end_yet() -> None:
    assert team.care_window_end(make_team()) is None
    assert team.within_care_window(make_team(), date(2027, 1, 1))


def test_ct01_composition_counts_domains_and_care_disciplines() -> None:
    coach = professional("pro-job", profession="job_coach", life_domain=LifeDomain.WORK)
    care_team = team.add_professional(
        make_team(), coach, on=DAY, agreement=agreement(coach, MembershipChange.ADD, DAY)
    )
    composition = team.team_composition(care_team, DAY)
    assert composition.professionals == 4
    assert composition.informal_carers == 2
    assert composition.life_domains == {LifeDomain.CARE_AND_WELFARE, LifeDomain.WORK}
    assert composition.is_interdisciplinary
    assert not team.team_composition(make_team(professionals=[GP]), DAY).is_interdisciplinary
    assert SOCIAL_WORKER.profession in composition.care_and_welfare_professions
