"""Use cases of the care team: create it around a known pregnancy, add and remove members (CT-01, CT-02, Q-19)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from careteam.adapters.teams import StoredMembership, TeamRecord
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import errors, team
from careteam.domain.access import Caller
from careteam.domain.model import Client, InformalCarer, MemberKind, PersonRef, Professional
from careteam.domain.team import ClientAgreement, MembershipChange
from careteam.service.common import (
    claim_idempotency_key,
    complete_idempotency_key,
    load_state,
    locate_professional,
    member_payload,
    not_after,
    publish,
    refused_by_constraints,
)
from shared.db import utcnow
from shared.events.contracts.careteam import CareTeamCreatedV1, TeamMemberAddedV1, TeamMemberRemovedV1
from shared.refdata.loader import Geography


@dataclass(frozen=True)
class CreateTeam:
    pregnancy_id: uuid.UUID
    established_on: date | None
    recorded_by: str


@dataclass(frozen=True)
class AddProfessional:
    team_id: uuid.UUID
    professional: Professional
    joined_on: date | None
    agreement_given_by: PersonRef | None
    agreement_given_on: date | None
    recorded_by: str


@dataclass(frozen=True)
class AddInformalCarer:
    team_id: uuid.UUID
    carer: InformalCarer
    joined_on: date | None
    recorded_by: str


@dataclass(frozen=True)
class RemoveMember:
    team_id: uuid.UUID
    member: PersonRef
    left_on: date | None
    agreement_given_by: PersonRef | None
    agreement_given_on: date | None
    recorded_by: str


async def create_team(
    cmd: CreateTeam, *, uow: CareteamUnitOfWork, today: date, idempotency_key: str | None = None
) -> TeamRecord:
    """Form the team around a pregnancy careteam knows; the client is its first member (CT-01, Q-19).

    Any caller with a team role may form a team; the subject that formed it may then add the first members
    (Q-16, ``FORMED_THE_TEAM``).
    """
    established_on = cmd.established_on or today
    not_after(established_on, today, "established_on")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="create_team", actor=cmd.recorded_by, request=cmd
        )
        if replayed is not None:
            stored = await uow.teams.get(uuid.UUID(str(replayed["id"])))
            assert stored is not None  # committed together with the key
            return stored
        facts = await uow.projections.pregnancy(cmd.pregnancy_id)
        if facts is None:
            raise errors.PregnancyNotYetKnown(
                f"careteam has not received the registration event of pregnancy {cmd.pregnancy_id} (yet); "
                "register it at the screening service, or retry in a moment if that was just done",
                extra={"pregnancy_id": str(cmd.pregnancy_id)},
            )
        existing = await uow.teams.find(pregnancy_id=cmd.pregnancy_id, limit=1)
        if existing:
            raise _team_exists(existing[0])
        care_team = team.start_team(
            team_id=str(uuid.uuid4()),
            client=Client(facts.client_pseudonym),
            pregnancy_id=str(cmd.pregnancy_id),
            established_on=established_on,
        )
        record = TeamRecord(
            team_id=uuid.UUID(care_team.team_id),
            pregnancy_id=cmd.pregnancy_id,
            client_pseudonym=facts.client_pseudonym,
            established_on=established_on,
            created_at=utcnow(),
            formed_by=cmd.recorded_by,
        )
        if not await uow.teams.add(record, recorded_by=cmd.recorded_by):  # a concurrent request won
            raise errors.TeamAlreadyExists(f"pregnancy {cmd.pregnancy_id} already has a care team")
        client_membership = care_team.memberships[0]
        await uow.teams.add_membership(record.team_id, client_membership, recorded_by=cmd.recorded_by)
        subject = facts.client_pseudonym
        publish(
            uow,
            CareTeamCreatedV1(
                team_id=record.team_id,
                client_pseudonym=subject,
                pregnancy_id=cmd.pregnancy_id,
                established_on=established_on,
            ),
            subject=subject,
        )
        publish(
            uow,
            TeamMemberAddedV1(
                team_id=record.team_id,
                client_pseudonym=subject,
                member=member_payload(client_membership.person),
                joined_on=established_on,
            ),
            subject=subject,
        )
        await complete_idempotency_key(uow, claim, id=record.team_id)
        await uow.commit()
    return record


def _team_exists(existing: TeamRecord) -> errors.TeamAlreadyExists:
    return errors.TeamAlreadyExists(
        f"pregnancy {existing.pregnancy_id} already has care team {existing.team_id}",
        extra={"team_id": str(existing.team_id)},
    )


async def add_professional(
    cmd: AddProfessional,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    geography: Geography,
    idempotency_key: str | None = None,
) -> StoredMembership:
    """Add a professional with the recorded agreement of the client or her representative (CT-02, CT-44).

    Her optional ``location_nis`` is validated and mapped to the 2025 code first (REP-08, Q-05).
    """
    on = cmd.joined_on or today
    not_after(on, today, "joined_on")
    professional = locate_professional(cmd.professional, geography, field="professional.location_nis")
    agreement = (
        ClientAgreement(
            professional_id=cmd.professional.professional_id,
            change=MembershipChange.ADD,
            given_by=cmd.agreement_given_by,
            given_on=cmd.agreement_given_on or on,
        )
        if cmd.agreement_given_by is not None
        else None  # refused by CT-02 with a problem naming the rule
    )
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="add_member", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        if replayed is not None:
            return state.membership(uuid.UUID(str(replayed["id"])))
        updated = team.add_professional(
            state.team, professional, on=on, agreement=agreement, case_managements=state.episodes
        )
        membership = updated.memberships[-1]
        async with refused_by_constraints():
            membership_id = await uow.teams.add_membership(
                cmd.team_id, membership, recorded_by=cmd.recorded_by
            )
            assert agreement is not None  # CT-02 refused without one
            await uow.teams.add_agreement(cmd.team_id, membership_id, agreement, recorded_by=cmd.recorded_by)
            _publish_added(uow, state.subject, cmd.team_id, membership.person, on)
            await complete_idempotency_key(uow, claim, id=membership_id)
            await uow.commit()
    return StoredMembership(membership_id, cmd.team_id, membership, (agreement,) if agreement else ())


async def add_informal_carer(
    cmd: AddInformalCarer,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredMembership:
    """Add an informal carer as a full member of the team (CT-01)."""
    on = cmd.joined_on or today
    not_after(on, today, "joined_on")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="add_member", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        if replayed is not None:
            return state.membership(uuid.UUID(str(replayed["id"])))
        updated = team.add_informal_carer(state.team, cmd.carer, on=on)
        membership = updated.memberships[-1]
        async with refused_by_constraints():
            membership_id = await uow.teams.add_membership(
                cmd.team_id, membership, recorded_by=cmd.recorded_by
            )
            _publish_added(uow, state.subject, cmd.team_id, membership.person, on)
            await complete_idempotency_key(uow, claim, id=membership_id)
            await uow.commit()
    return StoredMembership(membership_id, cmd.team_id, membership)


async def add_member(
    cmd: AddProfessional | AddInformalCarer,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    geography: Geography,
    idempotency_key: str | None = None,
) -> StoredMembership:
    """Add the member the command names: a professional (CT-02, CT-44) or an informal carer (CT-01)."""
    if isinstance(cmd, AddProfessional):
        return await add_professional(
            cmd, uow=uow, today=today, caller=caller, geography=geography, idempotency_key=idempotency_key
        )
    return await add_informal_carer(cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key)


def _publish_added(
    uow: CareteamUnitOfWork,
    subject: str,
    team_id: uuid.UUID,
    person: Professional | InformalCarer | Client,
    on: date,
) -> None:
    publish(
        uow,
        TeamMemberAddedV1(
            team_id=team_id, client_pseudonym=subject, member=member_payload(person), joined_on=on
        ),
        subject=subject,
    )


async def remove_member(
    cmd: RemoveMember,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredMembership:
    """Close a membership; a professional leaves with the client's agreement, a coordinator never (CT-02, CT-44)."""
    on = cmd.left_on or today
    not_after(on, today, "left_on")
    agreement = (
        ClientAgreement(
            professional_id=cmd.member.id,
            change=MembershipChange.REMOVE,
            given_by=cmd.agreement_given_by,
            given_on=cmd.agreement_given_on or on,
        )
        if cmd.agreement_given_by is not None
        else None
    )
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="remove_member", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        if replayed is not None:
            return state.membership(uuid.UUID(str(replayed["id"])))
        team.remove_member(
            state.team, cmd.member, on=on, agreement=agreement, appointments=state.appointments
        )
        stored = state.active_membership(cmd.member, on)
        assert stored is not None  # the rule refused a non-member
        await uow.teams.close_membership(stored.membership_id, on)
        if agreement is not None and cmd.member.kind is MemberKind.PROFESSIONAL:
            await uow.teams.add_agreement(
                cmd.team_id, stored.membership_id, agreement, recorded_by=cmd.recorded_by
            )
        person = stored.membership.person
        publish(
            uow,
            TeamMemberRemovedV1(
                team_id=cmd.team_id, client_pseudonym=state.subject, member=member_payload(person), left_on=on
            ),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, status_code=200, id=stored.membership_id)
        await uow.commit()
    closed = replace(stored.membership, left_on=on)
    recorded = (*stored.agreements, agreement) if agreement is not None else stored.agreements
    return StoredMembership(stored.membership_id, cmd.team_id, closed, recorded)
