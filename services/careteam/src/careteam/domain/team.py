"""Care-team membership under the client's control, the linked child and the care window (CT-01, CT-02, Q-19)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from careteam.domain import errors
from careteam.domain.calendar import nth_birthday
from careteam.domain.model import (
    CareTeam,
    Client,
    InformalCarer,
    LifeDomain,
    LinkedChild,
    MemberKind,
    Membership,
    Person,
    PersonRef,
    Professional,
    Refusal,
    Verdict,
    raise_if_refused,
    verdict_of,
)
from careteam.domain.roles import CaseManagement, CoordinatorAppointment

CARE_WINDOW_AGE_YEARS = 2
"""CT-16/CT-50, Q-06: coordination and consultation run from pregnancy up to and including the 2nd birthday."""


class MembershipChange(StrEnum):
    """The two changes to the professionals in a team that need the client's agreement (CT-02)."""

    ADD = "ADD"
    REMOVE = "REMOVE"


@dataclass(frozen=True)
class ClientAgreement:
    """The recorded agreement of the client (or her representative) with one membership change (CT-02)."""

    professional_id: str
    change: MembershipChange
    given_by: PersonRef
    given_on: date


@dataclass(frozen=True)
class TeamComposition:
    """Who is in the team on a day, for CT-01 (interdisciplinary) and CT-18d (number of domains)."""

    professionals: int
    informal_carers: int
    life_domains: frozenset[LifeDomain]
    care_and_welfare_professions: frozenset[str]

    @property
    def is_interdisciplinary(self) -> bool:
        """True with at least 2 care or welfare disciplines (CT-01)."""
        return len(self.care_and_welfare_professions) >= 2


def start_team(*, team_id: str, client: Client, pregnancy_id: str, established_on: date) -> CareTeam:
    """Create a team around the client and her pregnancy; the client is always a member (CT-01, Q-19)."""
    return CareTeam(
        team_id=team_id,
        client=client,
        pregnancy_id=pregnancy_id,
        established_on=established_on,
        memberships=(Membership(client, established_on),),
    )


def is_member(team: CareTeam, ref: PersonRef, day: date) -> bool:
    """True when ``ref`` is a member of the team on ``day`` (CT-01, CT-10, CT-44)."""
    return any(m.ref == ref and m.active_on(day) for m in team.memberships)


def members_on(team: CareTeam, day: date) -> tuple[Person, ...]:
    """Return the people who are members on ``day`` (CT-01)."""
    return tuple(m.person for m in team.memberships if m.active_on(day))


def find_person(team: CareTeam, ref: PersonRef) -> Person | None:
    """Return the most recent recorded data of a (current or former) member (CT-01)."""
    found = [m for m in team.memberships if m.ref == ref]
    return max(found, key=lambda m: m.joined_on).person if found else None


def _before_team_refusal(team: CareTeam, day: date) -> Refusal | None:
    if day < team.established_on:
        return Refusal(
            errors.InvalidPeriod, f"{day} is before the team was established on {team.established_on}"
        )
    return None


def _agreement_refusal(
    team: CareTeam,
    professional_id: str,
    change: MembershipChange,
    agreement: ClientAgreement | None,
    day: date,
) -> Refusal | None:
    what = f"{change.value} of professional {professional_id}"
    if agreement is None:
        return Refusal(errors.ClientAgreementRequired, f"no recorded client agreement for the {what}")
    if agreement.professional_id != professional_id or agreement.change is not change:
        return Refusal(errors.ClientAgreementRequired, f"the recorded agreement is not for the {what}")
    if agreement.given_on > day:
        return Refusal(errors.ClientAgreementRequired, f"the agreement is dated after the {what}")
    giver = agreement.given_by
    if giver == team.client.ref:
        return None
    person = find_person(team, giver)
    if (
        isinstance(person, InformalCarer)
        and person.is_representative
        and is_member(team, giver, agreement.given_on)
    ):
        return None
    return Refusal(
        errors.ClientAgreementRequired, "the agreement must be given by the client or her representative"
    )


def check_add_professional(
    team: CareTeam,
    professional: Professional,
    *,
    on: date,
    agreement: ClientAgreement | None,
    case_managements: Sequence[CaseManagement] = (),
) -> Verdict:
    """Check adding a professional: client agreement (CT-02), not yet a member, not the case manager (CT-44)."""
    ref = professional.ref
    already = (
        Refusal(errors.AlreadyMember, f"professional {ref.id} is already a member on {on}")
        if any(m.ref == ref and m.overlaps(on, None) for m in team.memberships)
        else None
    )
    case_manager = None
    for episode in case_managements:
        iv = episode.intervention
        if (
            episode.team_id == team.team_id
            and episode.withdrawn_on is None
            and iv is not None
            and iv.case_manager.professional_id == ref.id
            and iv.overlaps(on, None)
        ):
            case_manager = Refusal(
                errors.CaseManagerIsMember,
                f"professional {ref.id} is this team's case manager and stays outside it",
            )
    return verdict_of(
        [
            _before_team_refusal(team, on),
            _agreement_refusal(team, ref.id, MembershipChange.ADD, agreement, on),
            already,
            case_manager,
        ]
    )


def add_professional(
    team: CareTeam,
    professional: Professional,
    *,
    on: date,
    agreement: ClientAgreement | None,
    case_managements: Sequence[CaseManagement] = (),
) -> CareTeam:
    """Add a professional from ``on``; refuse without the client's agreement (CT-02) or if case manager (CT-44)."""
    raise_if_refused(
        check_add_professional(
            team, professional, on=on, agreement=agreement, case_managements=case_managements
        )
    )
    return replace(team, memberships=(*team.memberships, Membership(professional, on)))


def add_informal_carer(team: CareTeam, carer: InformalCarer, *, on: date) -> CareTeam:
    """Add an informal carer as a full member from ``on`` (CT-01)."""
    verdict = verdict_of(
        [
            _before_team_refusal(team, on),
            Refusal(errors.AlreadyMember, f"informal carer {carer.carer_id} is already a member")
            if any(m.ref == carer.ref and m.overlaps(on, None) for m in team.memberships)
            else None,
        ]
    )
    raise_if_refused(verdict)
    return replace(team, memberships=(*team.memberships, Membership(carer, on)))


def check_remove_member(
    team: CareTeam,
    ref: PersonRef,
    *,
    on: date,
    agreement: ClientAgreement | None = None,
    appointments: Sequence[CoordinatorAppointment] = (),
) -> Verdict:
    """Check removing a member: never the client (CT-01), agreement for professionals (CT-02), not the coordinator (CT-44)."""
    if ref.kind is MemberKind.CLIENT:
        return verdict_of([Refusal(errors.ClientAlwaysMember, "the client is always a member of her team")])
    if not is_member(team, ref, on):
        return verdict_of(
            [Refusal(errors.MemberNotFound, f"{ref.kind.value} {ref.id} is not a member on {on}")]
        )
    agreement_refusal = (
        _agreement_refusal(team, ref.id, MembershipChange.REMOVE, agreement, on)
        if ref.kind is MemberKind.PROFESSIONAL
        else None
    )
    coordinator = next(
        (a for a in appointments if a.team_id == team.team_id and a.ref == ref and a.overlaps(on, None)), None
    )
    coordinator_refusal = (
        Refusal(
            errors.CoordinatorMustRemainMember,
            f"{ref.id} is coordinator (appointment {coordinator.appointment_id}); end or hand over coordination first",
        )
        if coordinator is not None
        else None
    )
    return verdict_of([agreement_refusal, coordinator_refusal])


def remove_member(
    team: CareTeam,
    ref: PersonRef,
    *,
    on: date,
    agreement: ClientAgreement | None = None,
    appointments: Sequence[CoordinatorAppointment] = (),
) -> CareTeam:
    """Close the member's current membership on ``on`` (CT-01, CT-02, CT-44)."""
    raise_if_refused(check_remove_member(team, ref, on=on, agreement=agreement, appointments=appointments))
    memberships = tuple(
        replace(m, left_on=on) if m.ref == ref and m.active_on(on) else m for m in team.memberships
    )
    return replace(team, memberships=memberships)


def link_child(team: CareTeam, child: LinkedChild) -> CareTeam:
    """Link a child born from the team's pregnancy; twins are linked one by one (Q-19, Q-04)."""
    if any(c.child_pseudonym == child.child_pseudonym for c in team.children):
        raise errors.ChildAlreadyLinked(
            f"child {child.child_pseudonym} is already linked to team {team.team_id}"
        )
    return replace(team, children=(*team.children, child))


def care_window_end(team: CareTeam) -> date | None:
    """Return the last day of the care window: the (youngest) child's 2nd birthday, None before birth (CT-16, Q-06)."""
    if not team.children:
        return None
    return max(nth_birthday(c.birth_date, CARE_WINDOW_AGE_YEARS) for c in team.children)


def within_care_window(team: CareTeam, day: date) -> bool:
    """True from the team's start in pregnancy up to and including the child's 2nd birthday (CT-16, CT-50)."""
    end = care_window_end(team)
    return team.established_on <= day and (end is None or day <= end)


def team_composition(team: CareTeam, day: date) -> TeamComposition:
    """Summarise the team on ``day``: domains (CT-18d, Q-13) and care/welfare disciplines (CT-01)."""
    people = members_on(team, day)
    professionals = [p for p in people if isinstance(p, Professional)]
    return TeamComposition(
        professionals=len(professionals),
        informal_carers=sum(1 for p in people if isinstance(p, InformalCarer)),
        life_domains=frozenset(p.life_domain for p in professionals),
        care_and_welfare_professions=frozenset(
            p.profession for p in professionals if p.life_domain is LifeDomain.CARE_AND_WELFARE
        ),
    )
