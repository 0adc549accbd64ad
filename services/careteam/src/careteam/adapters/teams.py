"""Persistence of care teams, their memberships and the client's agreements (CT-01, CT-02, Q-19)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from careteam.adapters import orm
from careteam.domain.model import (
    Client,
    FundingType,
    InformalCarer,
    LifeDomain,
    MemberKind,
    Membership,
    Person,
    PersonRef,
    Professional,
)
from careteam.domain.team import ClientAgreement, MembershipChange


@dataclass(frozen=True)
class TeamRecord:
    """The stored head of a team: which client and pregnancy it is anchored on (Q-19)."""

    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: str
    established_on: date
    created_at: datetime
    formed_by: str | None = None  # the subject that formed the team (Q-16: it may add the first members)


@dataclass(frozen=True)
class StoredMembership:
    """A membership period with its row id and the agreements recorded for it (CT-02)."""

    membership_id: uuid.UUID
    team_id: uuid.UUID
    membership: Membership
    agreements: tuple[ClientAgreement, ...] = ()


def person_of(row: Any) -> Person:
    """Build the domain person of a row with ``member_kind``, ``member_id`` and the attribute columns."""
    kind, member_id = row.member_kind, row.member_id
    if kind == MemberKind.CLIENT:
        return Client(member_id)
    if kind == MemberKind.INFORMAL_CARER:
        return InformalCarer(
            member_id,
            relation=getattr(row, "relation", None) or "",
            is_representative=bool(getattr(row, "is_representative", False)),
        )
    return Professional(
        professional_id=member_id,
        profession=row.profession,
        organisation_id=row.organisation_id,
        funding_type=FundingType(row.funding_type),
        life_domain=LifeDomain(row.life_domain or LifeDomain.CARE_AND_WELFARE),
        coordination_in_mission=bool(getattr(row, "coordination_in_mission", False)),
        location_nis=getattr(row, "location_nis", None),
    )


def person_columns(person: Person) -> dict[str, object]:
    """The kind, id and attribute columns of a person (no names are stored anywhere)."""
    values: dict[str, object] = {"member_kind": person.ref.kind.value, "member_id": person.ref.id}
    if isinstance(person, Professional):
        values.update(
            profession=person.profession,
            organisation_id=person.organisation_id,
            funding_type=person.funding_type.value,
            life_domain=person.life_domain.value,
            coordination_in_mission=person.coordination_in_mission,
            location_nis=person.location_nis,
        )
    elif isinstance(person, InformalCarer):
        values.update(relation=person.relation or None, is_representative=person.is_representative)
    return values


def _record(row: Row[tuple[object, ...]]) -> TeamRecord:
    m = row._mapping
    return TeamRecord(
        team_id=m["team_id"],
        pregnancy_id=m["pregnancy_id"],
        client_pseudonym=m["client_pseudonym"],
        established_on=m["established_on"],
        created_at=m["created_at"],
        formed_by=m["recorded_by"],
    )


class TeamRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock_client_teams(self, team_id: uuid.UUID) -> list[TeamRecord]:
        """Lock every team of the team's client (in id order, so two lockers never deadlock); [] if unknown.

        Every use case that checks a team invariant and then writes takes this lock first, so concurrent
        requests for one client are serialised; the constraints in ``orm`` remain the last line of defence.
        Locking per client (not per team) also serialises CT-40, which looks across the client's teams.
        """
        t = orm.care_team
        owner = select(t.c.client_pseudonym).where(t.c.team_id == team_id).scalar_subquery()
        rows = await self._session.execute(
            select(t).where(t.c.client_pseudonym == owner).order_by(t.c.team_id).with_for_update()
        )
        return [_record(r) for r in rows]

    async def client_teams(self, team_id: uuid.UUID) -> list[TeamRecord]:
        """The team's client's teams without locking (for reads)."""
        t = orm.care_team
        owner = select(t.c.client_pseudonym).where(t.c.team_id == team_id).scalar_subquery()
        rows = await self._session.execute(
            select(t).where(t.c.client_pseudonym == owner).order_by(t.c.team_id)
        )
        return [_record(r) for r in rows]

    async def get(self, team_id: uuid.UUID) -> TeamRecord | None:
        row = (
            await self._session.execute(select(orm.care_team).where(orm.care_team.c.team_id == team_id))
        ).first()
        return _record(row) if row is not None else None

    async def find(
        self, *, pregnancy_id: uuid.UUID | None = None, client_pseudonym: str | None = None, limit: int = 100
    ) -> list[TeamRecord]:
        t = orm.care_team
        stmt = select(t).order_by(t.c.created_at, t.c.team_id).limit(limit)
        if pregnancy_id is not None:
            stmt = stmt.where(t.c.pregnancy_id == pregnancy_id)
        if client_pseudonym is not None:
            stmt = stmt.where(t.c.client_pseudonym == client_pseudonym)
        return [_record(r) for r in await self._session.execute(stmt)]

    async def add(self, record: TeamRecord, *, recorded_by: str) -> bool:
        """Insert the team; False when the pregnancy already has one (also when a concurrent request won)."""
        result = await self._session.execute(
            insert(orm.care_team)
            .values(
                team_id=record.team_id,
                pregnancy_id=record.pregnancy_id,
                client_pseudonym=record.client_pseudonym,
                established_on=record.established_on,
                recorded_by=recorded_by,
            )
            .on_conflict_do_nothing(constraint=orm.UQ_TEAM_PER_PREGNANCY)
            .returning(orm.care_team.c.team_id)
        )
        return result.first() is not None

    async def memberships(self, team_ids: Sequence[uuid.UUID]) -> list[StoredMembership]:
        """All membership periods of the teams, oldest first, with their agreements."""
        t, a = orm.team_membership, orm.membership_agreement
        agreements: dict[uuid.UUID, list[tuple[MembershipChange, PersonRef, date]]] = {}
        for r in await self._session.execute(select(a).where(a.c.team_id.in_(team_ids))):
            agreements.setdefault(r.membership_id, []).append(
                (
                    MembershipChange(r.change),
                    PersonRef(MemberKind(r.given_by_kind), r.given_by_id),
                    r.given_on,
                )
            )
        result: list[StoredMembership] = []
        rows = await self._session.execute(
            select(t).where(t.c.team_id.in_(team_ids)).order_by(t.c.joined_on, t.c.created_at)
        )
        for r in rows:
            person = person_of(r)
            result.append(
                StoredMembership(
                    membership_id=r.membership_id,
                    team_id=r.team_id,
                    membership=Membership(person, r.joined_on, r.left_on),
                    agreements=tuple(
                        ClientAgreement(r.member_id, change, given_by, given_on)
                        for change, given_by, given_on in agreements.get(r.membership_id, [])
                    ),
                )
            )
        return result

    async def add_membership(
        self, team_id: uuid.UUID, membership: Membership, *, recorded_by: str
    ) -> uuid.UUID:
        membership_id = uuid.uuid4()
        await self._session.execute(
            insert(orm.team_membership).values(
                membership_id=membership_id,
                team_id=team_id,
                joined_on=membership.joined_on,
                left_on=membership.left_on,
                recorded_by=recorded_by,
                **person_columns(membership.person),
            )
        )
        return membership_id

    async def close_membership(self, membership_id: uuid.UUID, left_on: date) -> None:
        t = orm.team_membership
        await self._session.execute(
            update(t).where(t.c.membership_id == membership_id).values(left_on=left_on)
        )

    async def add_agreement(
        self, team_id: uuid.UUID, membership_id: uuid.UUID, agreement: ClientAgreement, *, recorded_by: str
    ) -> None:
        await self._session.execute(
            insert(orm.membership_agreement).values(
                agreement_id=uuid.uuid4(),
                membership_id=membership_id,
                team_id=team_id,
                change=agreement.change.value,
                given_by_kind=agreement.given_by.kind.value,
                given_by_id=agreement.given_by.id,
                given_on=agreement.given_on,
                recorded_by=recorded_by,
            )
        )

    async def team_ids_of_member(self, kind: MemberKind, member_id: str) -> list[uuid.UUID]:
        """The teams a person is or was a member of (for "teams per professional")."""
        t = orm.team_membership
        rows = await self._session.execute(
            select(t.c.team_id).where(t.c.member_kind == kind.value, t.c.member_id == member_id).distinct()
        )
        return [r.team_id for r in rows]
