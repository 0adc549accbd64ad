from datetime import date

import pytest

from careteam.domain import access, case_management, errors
from careteam.domain import team as team_rules
from careteam.domain.access import AccessChange, AccessPreference, DataCategory
from tests.careteam.unit import (
    CASE_MANAGER,
    CLIENT,
    GP,
    MIDWIFE,
    PARTNER,
    SISTER,
    appoint,
    make_team,
    professional,
    running_cm,
)

pytestmark = pytest.mark.unit

DAY = date(2026, 3, 2)
CARE_TEAM = make_team()


def _allowed(person: object, category: DataCategory, **kwargs: object) -> bool:
    return access.can_access(CARE_TEAM, person, category, on=DAY, **kwargs).allowed  # type: ignore[arg-type]


def test_q16_the_client_sees_everything() -> None:
    assert all(_allowed(CLIENT.ref, c) for c in DataCategory)


def test_q16_an_ordinary_member_sees_only_composition_and_care_plan_by_default() -> None:
    assert _allowed(GP.ref, DataCategory.CARE_PLAN)
    assert _allowed(SISTER.ref, DataCategory.TEAM_COMPOSITION)
    assert not _allowed(GP.ref, DataCategory.CONSULTATIONS)
    assert not _allowed(SISTER.ref, DataCategory.CASE_MANAGEMENT)


def test_q16_the_representative_coordinator_and_case_manager_see_everything() -> None:
    appointment = appoint(CARE_TEAM, MIDWIFE.ref, date(2026, 2, 2))
    episode = running_cm(CARE_TEAM, date(2026, 2, 2))
    for person in (PARTNER.ref, MIDWIFE.ref, CASE_MANAGER.ref):
        assert _allowed(
            person, DataCategory.CONSULTATIONS, appointments=[appointment], case_managements=[episode]
        )


def test_q16_non_members_see_nothing() -> None:
    decision = access.can_access(CARE_TEAM, professional("pro-outsider").ref, DataCategory.CARE_PLAN, on=DAY)
    assert (decision.allowed, decision.basis) == (False, "NOT_IN_TEAM")


def test_dp03_the_client_widens_and_narrows_access_and_the_latest_preference_wins() -> None:
    widen = AccessPreference(
        GP.ref, DataCategory.CONSULTATIONS, AccessChange.WIDEN, CLIENT.ref, date(2026, 2, 1)
    )
    narrow = AccessPreference(
        GP.ref, DataCategory.CONSULTATIONS, AccessChange.NARROW, CLIENT.ref, date(2026, 3, 1)
    )
    assert _allowed(GP.ref, DataCategory.CONSULTATIONS, preferences=[widen])
    assert not _allowed(GP.ref, DataCategory.CONSULTATIONS, preferences=[widen, narrow])


def test_dp03_only_the_client_or_her_representative_changes_access() -> None:
    by_gp = AccessPreference(GP.ref, DataCategory.CONSULTATIONS, AccessChange.WIDEN, GP.ref, date(2026, 2, 1))
    with pytest.raises(errors.AccessChangeNotByClient):
        access.check_access_preference(CARE_TEAM, by_gp)
    assert not _allowed(GP.ref, DataCategory.CONSULTATIONS, preferences=[by_gp])
    by_partner = AccessPreference(
        GP.ref, DataCategory.CONSULTATIONS, AccessChange.WIDEN, PARTNER.ref, date(2026, 2, 1)
    )
    access.check_access_preference(CARE_TEAM, by_partner)


def test_dp03_the_clients_own_access_cannot_be_narrowed() -> None:
    narrow = AccessPreference(
        CLIENT.ref, DataCategory.CARE_PLAN, AccessChange.NARROW, CLIENT.ref, date(2026, 2, 1)
    )
    with pytest.raises(errors.AccessChangeNotByClient):
        access.check_access_preference(CARE_TEAM, narrow)
    assert _allowed(CLIENT.ref, DataCategory.CARE_PLAN, preferences=[narrow])


def test_q16_widening_never_reaches_a_non_member() -> None:
    outsider = professional("pro-outsider").ref
    widen = AccessPreference(
        outsider, DataCategory.CARE_PLAN, AccessChange.WIDEN, CLIENT.ref, date(2026, 2, 1)
    )
    assert not _allowed(outsider, DataCategory.CARE_PLAN, preferences=[widen])


# --- access to a team at all (Q-16, CT-02) -----------------------------------------------------------------

FORMER = "front-end-of-the-midwife"


def _team_access(
    caller: access.Caller, care_team: object = CARE_TEAM, **kwargs: object
) -> access.AccessDecision:
    return access.team_access(care_team, caller, on=DAY, formed_by=FORMER, **kwargs)  # type: ignore[arg-type]


def test_q16_a_professional_who_is_a_member_reaches_her_team() -> None:
    decision = _team_access(access.Caller("user-gp", professional_id=GP.professional_id))
    assert (decision.allowed, decision.basis) == (True, "MEMBER")


def test_q16_a_professional_outside_the_team_is_refused_with_a_problem_naming_the_rule() -> None:
    decision = _team_access(access.Caller("user-x", professional_id="pro-outsider"))
    assert (decision.allowed, decision.basis) == (False, "NOT_IN_TEAM")
    with pytest.raises(errors.NotInTeam) as caught:
        access.require_access(decision, "team-1")
    assert caught.value.code == "Q_16_NOT_IN_TEAM" and caught.value.rule == "Q-16"


def test_q16_admin_and_ops_see_every_team() -> None:
    assert _team_access(access.Caller("admin", sees_all=True)).basis == "PRIVILEGED"


def test_q16_the_active_coordinator_and_the_active_case_manager_reach_the_team() -> None:
    appointment = appoint(CARE_TEAM, MIDWIFE.ref, date(2026, 2, 2))
    episode = running_cm(CARE_TEAM, date(2026, 2, 2))
    roles = {"appointments": [appointment], "case_managements": [episode]}
    coordinator = _team_access(access.Caller("u", professional_id=MIDWIFE.professional_id), **roles)
    assert coordinator.basis == "ACTIVE_COORDINATOR"
    # CT-44: the case manager is never a member, yet reaches the team while her intervention runs
    case_manager = _team_access(access.Caller("u", professional_id=CASE_MANAGER.professional_id), **roles)
    assert case_manager.basis == "ACTIVE_CASE_MANAGER"
    ended = case_management.end_intervention(episode, ended_on=date(2026, 3, 1))
    after = _team_access(
        access.Caller("u", professional_id=CASE_MANAGER.professional_id), case_managements=[ended]
    )
    assert not after.allowed


def test_q16_the_one_who_formed_the_team_may_add_its_first_members() -> None:
    assert _team_access(access.Caller(FORMER)).basis == "FORMED_THE_TEAM"
    assert not _team_access(access.Caller("someone-else")).allowed


def test_ct02_a_professional_the_client_removed_loses_the_access_of_having_formed_the_team() -> None:
    removed = team_rules.remove_member(
        CARE_TEAM,
        GP.ref,
        on=date(2026, 2, 1),
        agreement=team_rules.ClientAgreement(
            GP.professional_id, team_rules.MembershipChange.REMOVE, CLIENT.ref, date(2026, 2, 1)
        ),
    )
    decision = _team_access(access.Caller(FORMER, professional_id=GP.professional_id), removed)
    assert (decision.allowed, decision.basis) == (False, "NOT_IN_TEAM")


def test_q16_ct33_the_organisation_a_request_was_sent_to_reaches_that_request_only() -> None:
    episode = running_cm(CARE_TEAM, date(2026, 2, 2))
    staff = access.Caller("cm-staff", organisation_id=episode.request.organisation_id)
    on_request = access.episode_access(CARE_TEAM, episode, staff, on=DAY, formed_by=FORMER)
    assert (on_request.allowed, on_request.basis) == (True, "ADDRESSED_ORGANISATION")
    assert not _team_access(staff).allowed
    elsewhere = access.Caller("cm-other", organisation_id="org-cm-elsewhere")
    assert not access.episode_access(CARE_TEAM, episode, elsewhere, on=DAY, formed_by=FORMER).allowed


def test_q16_teams_per_professional_are_listed_for_herself_or_a_privileged_role() -> None:
    assert access.may_list_teams_of(access.Caller("u", professional_id="pro-gp"), "pro-gp")
    assert not access.may_list_teams_of(access.Caller("u", professional_id="pro-gp"), "pro-midwife")
    assert not access.may_list_teams_of(access.Caller("u"), "pro-midwife")
    assert access.may_list_teams_of(access.Caller("ops", sees_all=True), "pro-midwife")
