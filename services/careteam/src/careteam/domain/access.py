"""Who may see which team data: least privilege by default, widened or narrowed by the client (Q-16, DP-03, CT-02).

Two levels:
- whether a caller may see and change a team at all (``team_access``, ``episode_access``): enforced on every
  team route; a professional works only in her own teams, admin and ops see all;
- within a team, which categories a person sees (``can_access``): the model the client's preferences refine.

Default access to the categories on a day:
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


# --- access to a team at all (Q-16, CT-02) -------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    """Who is asking: the token's subject and, for a professional, her professional id and organisation (Q-16).

    ``sees_all`` holds for the roles that oversee the whole service (admin, ops); everyone else is scoped.
    """

    subject: str
    professional_id: str | None = None
    organisation_id: str | None = None
    sees_all: bool = False


def _was_removed(team: CareTeam, ref: PersonRef, on: date) -> bool:
    periods = [m for m in team.memberships if m.ref == ref]
    return bool(periods) and not any(m.active_on(on) for m in periods)


def team_access(
    team: CareTeam,
    caller: Caller,
    *,
    on: date,
    formed_by: str | None,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> AccessDecision:
    """Q-16, CT-02: a professional sees and changes only the teams she works in; admin and ops see all.

    Bases, first match wins: ``PRIVILEGED`` (admin, ops); for the caller's professional id on ``on``:
    ``ACTIVE_COORDINATOR``, ``ACTIVE_CASE_MANAGER`` or ``MEMBER``; ``FORMED_THE_TEAM`` for the subject that
    formed the team, so that it can add the first members, unless the client has since removed that
    professional from the team (CT-02: the client decides who belongs); otherwise ``NOT_IN_TEAM``.
    """
    if caller.sees_all:
        return AccessDecision(True, "PRIVILEGED")
    ref = PersonRef(MemberKind.PROFESSIONAL, caller.professional_id) if caller.professional_id else None
    if ref is not None:
        coordinator = active_coordinator(appointments, team.team_id, on)
        if coordinator is not None and coordinator.ref == ref:
            return AccessDecision(True, "ACTIVE_COORDINATOR")
        case_manager = active_case_manager(case_managements, team.team_id, on)
        if case_manager is not None and case_manager.ref == ref:
            return AccessDecision(True, "ACTIVE_CASE_MANAGER")
        if is_member(team, ref, on):
            return AccessDecision(True, "MEMBER")
    if formed_by is not None and caller.subject == formed_by and not (ref and _was_removed(team, ref, on)):
        return AccessDecision(True, "FORMED_THE_TEAM")
    return AccessDecision(False, "NOT_IN_TEAM")


def episode_access(
    team: CareTeam,
    episode: CaseManagement,
    caller: Caller,
    *,
    on: date,
    formed_by: str | None,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> AccessDecision:
    """Access to one case-management request: the team's (``team_access``) or the addressed organisation's.

    The recognised organisation a request was sent to (CT-33, Q-12) answers it with the intake, starts the
    intervention and holds the follow-up six months after it (CT-34), while its case manager is never a member
    (CT-44) and is active only during the intervention: staff of that organisation (the token's organisation)
    reach the request, not the rest of the team (``ADDRESSED_ORGANISATION``).
    """
    decision = team_access(
        team,
        caller,
        on=on,
        formed_by=formed_by,
        appointments=appointments,
        case_managements=case_managements,
    )
    if decision.allowed:
        return decision
    if caller.organisation_id is not None and caller.organisation_id == episode.request.organisation_id:
        return AccessDecision(True, "ADDRESSED_ORGANISATION")
    return decision


def may_list_teams_of(caller: Caller, professional_id: str) -> bool:
    """Q-16: the teams per professional are listed for that professional herself, or for admin and ops."""
    return caller.sees_all or caller.professional_id == professional_id


def require_access(decision: AccessDecision, what: str) -> None:
    """Refuse with 403 ``Q_16_NOT_IN_TEAM`` when the decision does not allow access (Q-16)."""
    if not decision.allowed:
        raise errors.NotInTeam(
            f"you are not a member, the coordinator or the case manager of {what}; only they (and admin or ops) "
            "see and change it",
            extra={"basis": decision.basis},
        )
