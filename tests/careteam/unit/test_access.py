from datetime import date

import pytest

from careteam.domain import access, errors
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
