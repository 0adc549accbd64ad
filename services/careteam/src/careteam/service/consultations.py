"""Use case of the perinatal consultation: organised by the coordinator (or the case manager), CT-50/51, Q-23."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from careteam.adapters.consultations import StoredConsultation
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import consultation, errors
from careteam.domain.access import Caller
from careteam.domain.consultation import ConsultationMode, ConsultationParticipant
from careteam.domain.model import Client, InformalCarer, MemberKind, Person, PersonRef, Professional
from careteam.domain.roles import active_case_manager, active_coordinator
from careteam.domain.team import find_person, is_member
from careteam.service.common import (
    TeamState,
    claim_idempotency_key,
    complete_idempotency_key,
    load_state,
    locate_professional,
    not_after,
    publish,
)
from shared.db import utcnow
from shared.events.contracts.careteam import ConsultationParticipant as ParticipantPayload
from shared.events.contracts.careteam import PerinatalConsultationHeldV1
from shared.refdata.loader import Geography


@dataclass(frozen=True)
class ParticipantInput:
    """Who took part: a member, the case manager, the client's designee, or an outside professional in full."""

    ref: PersonRef
    designated_by_client: bool = False
    professional: Professional | None = None


@dataclass(frozen=True)
class RecordConsultation:
    team_id: uuid.UUID
    held_on: date | None
    organiser: PersonRef
    mode: ConsultationMode
    duration_minutes: int
    participants: tuple[ParticipantInput, ...]
    recorded_by: str


def _resolve(state: TeamState, given: ParticipantInput, on: date) -> ConsultationParticipant:
    """Turn a participant reference into a person with profession and funding (CT-51)."""
    ref = given.ref
    person: Person | None = None
    if ref.kind is MemberKind.CLIENT:
        person = Client(ref.id)  # CT-50 refuses anyone but the team's client
    elif is_member(state.team, ref, on):
        person = find_person(state.team, ref)
    elif ref.kind is MemberKind.PROFESSIONAL:
        case_manager = active_case_manager(state.episodes, state.team.team_id, on)
        if case_manager is not None and case_manager.ref == ref:
            person = case_manager
        elif given.professional is not None:
            person = given.professional
    elif given.designated_by_client:
        person = InformalCarer(ref.id)
    if person is None:
        raise errors.ParticipantUnknown(
            f"{ref.kind.value} {ref.id} is not a member on {on}, not the case manager, not designated by the "
            "client, and no profession, organisation and funding were given"
        )
    return ConsultationParticipant(person, designated_by_client=given.designated_by_client)


def _located(given: ParticipantInput, position: int, geography: Geography) -> ParticipantInput:
    """An outside professional with the 2025 NIS code of where she works, validated (REP-08, Q-05)."""
    if given.professional is None:
        return given
    field = f"participants[{position}].location_nis"
    return replace(given, professional=locate_professional(given.professional, geography, field=field))


def participant_payload(participant: ConsultationParticipant) -> ParticipantPayload:
    """A participant as financing and reporting need it: kind, id, profession, organisation, funding (CT-51)
    and where a professional works (REP-08)."""
    person = participant.person
    if isinstance(person, Professional):
        return ParticipantPayload(
            kind=MemberKind.PROFESSIONAL.value,
            member_id=person.professional_id,
            profession=person.profession,
            organisation_id=person.organisation_id,
            funding_type=person.funding_type.value,
            life_domain=person.life_domain.value,
            location_nis=person.location_nis,
        )
    kind = "DESIGNATED_PERSON" if participant.designated_by_client else person.ref.kind.value
    return ParticipantPayload(kind=kind, member_id=person.ref.id)


async def record_consultation(
    cmd: RecordConsultation,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    geography: Geography,
    idempotency_key: str | None = None,
) -> StoredConsultation:
    """Record a perinatal consultation held under CT-50 (scenario B or the exception, >= 4 participants ...).

    Members and the case manager take part with what careteam stored of them (where they work included); the
    optional ``location_nis`` of an outside professional is validated first (REP-08, Q-05).
    """
    held_on = cmd.held_on or today
    not_after(held_on, today, "held_on")
    given = tuple(_located(p, i, geography) for i, p in enumerate(cmd.participants))
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="record_consultation", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        if replayed is not None:
            return await stored_consultation(uow, cmd.team_id, uuid.UUID(str(replayed["id"])))
        participants: Sequence[ConsultationParticipant] = [_resolve(state, p, held_on) for p in given]
        held = consultation.record_consultation(
            state.team,
            consultation_id=str(uuid.uuid4()),
            held_on=held_on,
            organiser=cmd.organiser,
            mode=cmd.mode,
            duration_minutes=cmd.duration_minutes,
            participants=participants,
            eligibility=state.eligibility,
            appointments=state.appointments,
            case_managements=state.episodes,
        )
        coordinator = active_coordinator(state.appointments, state.team.team_id, held_on)
        role = (
            "COORDINATOR" if coordinator is not None and coordinator.ref == cmd.organiser else "CASE_MANAGER"
        )
        await uow.consultations.add(held, organiser_role=role, recorded_by=cmd.recorded_by)
        publish(
            uow,
            PerinatalConsultationHeldV1(
                consultation_id=uuid.UUID(held.consultation_id),
                team_id=state.record.team_id,
                pregnancy_id=state.record.pregnancy_id,
                client_pseudonym=state.subject,
                held_on=held_on,
                mode=cmd.mode.value,
                duration_minutes=cmd.duration_minutes,
                organiser_role=role,
                organiser_id=cmd.organiser.id,
                participants=[participant_payload(p) for p in held.participants],
            ),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, id=held.consultation_id)
        await uow.commit()
    return StoredConsultation(held, organiser_role=role, created_at=utcnow())


async def stored_consultation(
    uow: CareteamUnitOfWork, team_id: uuid.UUID, consultation_id: uuid.UUID
) -> StoredConsultation:
    """One recorded consultation of a team (CT-51)."""
    for stored in await uow.consultations.for_team(team_id):
        if stored.consultation.consultation_id == str(consultation_id):
            return stored
    raise errors.ConsultationNotFound(f"no consultation {consultation_id} in this team")
