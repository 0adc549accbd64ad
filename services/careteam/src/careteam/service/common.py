"""What every careteam use case shares: loading a team's state under lock, access, idempotency keys, publishing,
dates, constraints."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError

from careteam.adapters import orm
from careteam.adapters.case_management import StoredEpisode
from careteam.adapters.constraints import violated_constraint
from careteam.adapters.coordination import StoredAppointment
from careteam.adapters.projections import PregnancyFacts
from careteam.adapters.teams import StoredMembership, TeamRecord
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import access, errors
from careteam.domain.access import AccessDecision, Caller
from careteam.domain.model import (
    CareTeam,
    Client,
    ClientEligibility,
    InformalCarer,
    MemberKind,
    Person,
    PersonRef,
    Professional,
)
from careteam.domain.roles import CaseManagement, CoordinatorAppointment
from careteam.domain.team import find_person
from shared.events.base import EventPayload
from shared.events.contracts.careteam import TeamMember
from shared.events.envelope import new_envelope
from shared.idempotency import IdempotencyClaim
from shared.refdata.loader import Geography, UnknownNisCode

SOURCE = "urn:perinatal:careteam"

# Database constraints that stand behind a rule: a concurrent request that slipped past the row lock (or a
# write path that forgot it) is refused with the same problem as the rule check would have given.
_CONSTRAINT_ERRORS: dict[str, type[errors.CareteamError]] = {
    orm.UQ_ACTIVE_COORDINATOR: errors.SecondActiveCoordinator,
    orm.EX_COORDINATOR_OVERLAP: errors.SecondActiveCoordinator,
    orm.UQ_OPEN_CASE_MANAGEMENT: errors.CaseManagementAlreadyOpen,
    orm.EX_CASE_MANAGER_OVERLAP: errors.SecondActiveCaseManager,
    orm.UQ_ACTIVE_MEMBERSHIP: errors.AlreadyMember,
    orm.UQ_TEAM_PER_PREGNANCY: errors.TeamAlreadyExists,
    orm.PK_CARE_PLAN_VERSION: errors.CarePlanVersionConflict,
}


@contextlib.asynccontextmanager
async def refused_by_constraints() -> AsyncIterator[None]:
    """Translate an IntegrityError of a rule-bearing constraint into that rule's domain error."""
    try:
        yield
    except IntegrityError as exc:
        name = violated_constraint(exc)
        error = _CONSTRAINT_ERRORS.get(name or "")
        if error is None:
            raise
        raise error(f"refused by the database constraint {name} (a concurrent change won)") from exc


def not_after(day: date, today: date, what: str) -> None:
    """Refuse recording a fact dated after today."""
    if day > today:
        raise errors.DateInFuture(f"{what} {day} is after today ({today})")


def publish(uow: CareteamUnitOfWork, payload: EventPayload, *, subject: str) -> None:
    """Queue an event in the use case's transaction, keyed by the client pseudonym."""
    uow.outbox.add(new_envelope(payload, source=SOURCE, subject=subject))


def locate_professional(professional: Professional, geography: Geography, *, field: str) -> Professional:
    """REP-08, Q-05: the professional with the current (2025) NIS code of where she works.

    Validated like the client's residence: a code of a merged municipality is mapped to its successor through
    the crosswalk of ``shared.refdata``; an unknown code is refused with ``UNKNOWN_MUNICIPALITY`` naming
    ``field`` (e.g. ``professional.location_nis``). No location given: the professional as she is.
    """
    if professional.location_nis is None:
        return professional
    try:
        current = geography.resolve(professional.location_nis)
    except UnknownNisCode as exc:
        raise errors.UnknownMunicipality(
            f"Unknown municipality NIS code {professional.location_nis} in {field}.",
            extra={"nis_code": professional.location_nis, "field": field},
        ) from exc
    return replace(professional, location_nis=current)


def member_payload(person: Person) -> TeamMember:
    """A person as other services see it: kind, id and professional attributes (where she works included),
    never a name."""
    if isinstance(person, Professional):
        return TeamMember(
            kind=MemberKind.PROFESSIONAL.value,
            member_id=person.professional_id,
            profession=person.profession,
            organisation_id=person.organisation_id,
            funding_type=person.funding_type.value,
            life_domain=person.life_domain.value,
            coordination_in_mission=person.coordination_in_mission,
            location_nis=person.location_nis,
        )
    return TeamMember(kind=person.ref.kind.value, member_id=person.ref.id)


@dataclass(frozen=True)
class TeamState:
    """One team as the rules see it, plus the roles in the client's other teams (CT-40 looks across them)."""

    record: TeamRecord
    team: CareTeam
    memberships: tuple[StoredMembership, ...]
    stored_appointments: tuple[StoredAppointment, ...]
    stored_episodes: tuple[StoredEpisode, ...]
    facts: PregnancyFacts | None

    @property
    def subject(self) -> str:
        return self.record.client_pseudonym

    @property
    def eligibility(self) -> ClientEligibility:
        return self.facts.eligibility if self.facts is not None else ClientEligibility(None)

    @property
    def appointments(self) -> list[CoordinatorAppointment]:
        return [s.appointment for s in self.stored_appointments]

    @property
    def episodes(self) -> list[CaseManagement]:
        return [s.episode for s in self.stored_episodes]

    def team_appointments(self) -> list[StoredAppointment]:
        return [s for s in self.stored_appointments if s.appointment.team_id == self.team.team_id]

    def team_episodes(self) -> list[StoredEpisode]:
        return [s for s in self.stored_episodes if s.episode.team_id == self.team.team_id]

    def appointment(self, appointment_id: uuid.UUID) -> StoredAppointment:
        for stored in self.team_appointments():
            if stored.appointment.appointment_id == str(appointment_id):
                return stored
        raise errors.AppointmentNotFound(
            f"no coordinator appointment {appointment_id} in team {self.team.team_id}"
        )

    def episode(self, request_id: uuid.UUID) -> StoredEpisode:
        for stored in self.team_episodes():
            if stored.episode.request.request_id == str(request_id):
                return stored
        raise errors.CaseManagementNotFound(f"no case-management request {request_id}")

    def active_membership(self, ref: PersonRef, on: date) -> StoredMembership | None:
        return next(
            (m for m in self.memberships if m.membership.ref == ref and m.membership.active_on(on)), None
        )

    def membership(self, membership_id: uuid.UUID) -> StoredMembership:
        for stored in self.memberships:
            if stored.membership_id == membership_id:
                return stored
        raise errors.MemberNotFound(f"no membership {membership_id} in team {self.team.team_id}")

    def team_access(self, caller: Caller, on: date) -> AccessDecision:
        """Whether the caller may see and change this team on ``on`` (Q-16)."""
        return access.team_access(
            self.team,
            caller,
            on=on,
            formed_by=self.record.formed_by,
            appointments=self.appointments,
            case_managements=self.episodes,
        )

    def authorize(self, caller: Caller, on: date) -> None:
        """Refuse (403 Q_16_NOT_IN_TEAM) a caller who may not see or change this team (Q-16)."""
        access.require_access(self.team_access(caller, on), f"care team {self.team.team_id}")

    def episode_access(self, caller: Caller, episode: CaseManagement, on: date) -> AccessDecision:
        """Whether the caller may see and act on one of this team's case-management requests (Q-16, CT-33)."""
        return access.episode_access(
            self.team,
            episode,
            caller,
            on=on,
            formed_by=self.record.formed_by,
            appointments=self.appointments,
            case_managements=self.episodes,
        )

    def authorize_episode(self, caller: Caller, episode: CaseManagement, on: date) -> None:
        """Refuse a caller who is neither in the team nor the organisation the request went to (Q-16, CT-33)."""
        decision = self.episode_access(caller, episode, on)
        access.require_access(decision, f"case-management request {episode.request.request_id}")


def _fallback_person(ref: PersonRef) -> Person:
    if ref.kind is MemberKind.CLIENT:
        return Client(ref.id)
    if ref.kind is MemberKind.INFORMAL_CARER:
        return InformalCarer(ref.id)
    raise RuntimeError(f"professional {ref.id} holds a role but has no membership data")


async def load_state(uow: CareteamUnitOfWork, team_id: uuid.UUID, *, lock: bool) -> TeamState:
    """Load a team and the roles of its client's teams; with ``lock``, first lock the client's teams.

    The lock serialises every check-then-write on one client's teams (CT-13, CT-40, CT-43); the partial
    unique indexes and exclusion constraints stay the last line of defence.
    """
    records = await (uow.teams.lock_client_teams(team_id) if lock else uow.teams.client_teams(team_id))
    target = next((r for r in records if r.team_id == team_id), None)
    if target is None:
        raise errors.TeamNotFound(f"no care team {team_id}")
    ids = [r.team_id for r in records]
    memberships = await uow.teams.memberships(ids)
    children = await uow.projections.children_of([r.pregnancy_id for r in records])
    teams = {
        str(r.team_id): CareTeam(
            team_id=str(r.team_id),
            client=Client(r.client_pseudonym),
            pregnancy_id=str(r.pregnancy_id),
            established_on=r.established_on,
            memberships=tuple(m.membership for m in memberships if m.team_id == r.team_id),
            children=children.get(r.pregnancy_id, ()),
        )
        for r in records
    }

    def people(of_team: str, ref: PersonRef) -> Person:
        return find_person(teams[of_team], ref) or _fallback_person(ref)

    appointments = await uow.coordination.for_teams(ids, people)
    episodes = await uow.case_management.for_teams(ids)
    return TeamState(
        record=target,
        team=teams[str(team_id)],
        memberships=tuple(m for m in memberships if m.team_id == team_id),
        stored_appointments=tuple(appointments),
        stored_episodes=tuple(episodes),
        facts=await uow.projections.pregnancy(target.pregnancy_id),
    )


# --- idempotency keys -------------------------------------------------------------------------------------


async def claim_idempotency_key(
    uow: CareteamUnitOfWork, key: str | None, *, operation: str, actor: str, request: object
) -> tuple[IdempotencyClaim | None, dict[str, Any] | None]:
    """Claim ``key``; return the claim, or what the first request with this key and content created.

    Must run first in the transaction, before the client's team lock (see ``shared.idempotency``). The same
    key with other content is refused with 409 ``IDEMPOTENCY_KEY_REUSED``. Keys are scoped to the operation
    and the caller (the token subject).
    """
    return await uow.idempotency.claim(key, operation=operation, actor=actor, content=request)


async def complete_idempotency_key(
    uow: CareteamUnitOfWork, claim: IdempotencyClaim | None, *, status_code: int = 201, **created: object
) -> None:
    """Remember what the claimed key created (ids, a version); commits with the use case."""
    body = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in created.items()}
    await uow.idempotency.remember(claim, body, status_code)
