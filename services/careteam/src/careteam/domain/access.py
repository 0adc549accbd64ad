"""Who may see which team data: least privilege by default, widened or narrowed by the client (Q-16, DP-03, CT-02).

Default access on a day:
- the client, her representative, the active coordinator and the active case manager see every category;
- other current members (professionals and informal carers) see the team composition and the care plan;
- anyone else (former members included) sees nothing.
The client (or her representative) may widen or narrow access per person and category; the latest preference
wins. Widening never reaches a non-member, and the client's own access cannot be narrowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from careteam.domain import errors
from careteam.domain.model import CareTeam, InformalCarer, MemberKind, PersonRef
from careteam.domain.roles import (
    CaseManagement,
    CoordinatorAppointment,
    active_case_manager,
    active_coordinator,
)
from careteam.domain.team import find_person, is_member


class DataCategory(StrEnum):
    """Categories of careteam data with their own access rule (Q-16)."""

    TEAM_COMPOSITION = "TEAM_COMPOSITION"
    CARE_PLAN = "CARE_PLAN"
    COORDINATION = "COORDINATION"
    CASE_MANAGEMENT = "CASE_MANAGEMENT"
    CONSULTATIONS = "CONSULTATIONS"


class AccessChange(StrEnum):
    """A client's preference: make access looser or stricter (DP-03)."""

    WIDEN = "WIDEN"
    NARROW = "NARROW"


MEMBER_DEFAULT: frozenset[DataCategory] = frozenset({DataCategory.TEAM_COMPOSITION, DataCategory.CARE_PLAN})
"""Q-16: what an ordinary current member sees without a client preference."""


@dataclass(frozen=True)
class AccessPreference:
    """The client's decision to widen or narrow one person's access to one category (DP-03)."""

    person: PersonRef
    category: DataCategory
    change: AccessChange
    set_by: PersonRef
    set_on: date


@dataclass(frozen=True)
class AccessDecision:
    """Whether access is allowed and on which basis (Q-16)."""

    allowed: bool
    basis: str


def _is_client_side(team: CareTeam, ref: PersonRef, on: date) -> bool:
    if ref == team.client.ref:
        return True
    person = find_person(team, ref)
    return isinstance(person, InformalCarer) and person.is_representative and is_member(team, ref, on)


def check_access_preference(team: CareTeam, preference: AccessPreference) -> None:
    """Refuse a preference not set by the client or her representative, or narrowing the client (DP-03, CT-02)."""
    if not _is_client_side(team, preference.set_by, preference.set_on):
        raise errors.AccessChangeNotByClient("only the client or her representative decides on access")
    if preference.person == team.client.ref and preference.change is AccessChange.NARROW:
        raise errors.AccessChangeNotByClient("the client's access to her own data cannot be narrowed")


def can_access(
    team: CareTeam,
    person: PersonRef,
    category: DataCategory,
    *,
    on: date,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
    preferences: Sequence[AccessPreference] = (),
) -> AccessDecision:
    """Decide access by role and the client's latest preference, least privilege by default (Q-16, DP-03)."""
    if person == team.client.ref:
        return AccessDecision(True, "CLIENT")
    coordinator = active_coordinator(appointments, team.team_id, on)
    case_manager = active_case_manager(case_managements, team.team_id, on)
    member = is_member(team, person, on)
    if coordinator is not None and coordinator.ref == person:
        default, basis = True, "ACTIVE_COORDINATOR"
    elif case_manager is not None and case_manager.ref == person:
        default, basis = True, "ACTIVE_CASE_MANAGER"
    elif member and _is_client_side(team, person, on):
        default, basis = True, "REPRESENTATIVE"
    elif member:
        default, basis = category in MEMBER_DEFAULT, "MEMBER_DEFAULT"
    else:
        return AccessDecision(False, "NOT_IN_TEAM")
    relevant = [
        p
        for p in preferences
        if p.person == person and p.category is category and p.set_on <= on and _valid_preference(team, p)
    ]
    if relevant:
        latest = sorted(relevant, key=lambda p: p.set_on)[-1]  # stable: the last recorded wins a tie
        return AccessDecision(latest.change is AccessChange.WIDEN, f"CLIENT_{latest.change.value}")
    return AccessDecision(default, basis)


def _valid_preference(team: CareTeam, preference: AccessPreference) -> bool:
    try:
        check_access_preference(team, preference)
    except errors.AccessChangeNotByClient:
        return False
    return preference.person.kind is not MemberKind.CLIENT
