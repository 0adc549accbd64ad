"""Persistence of perinatal consultations and who took part (CT-50, CT-51)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from careteam.adapters import orm
from careteam.adapters.teams import person_of
from careteam.domain.consultation import ConsultationMode, ConsultationParticipant, PerinatalConsultation
from careteam.domain.model import MemberKind, PersonRef, Professional


@dataclass(frozen=True)
class StoredConsultation:
    consultation: PerinatalConsultation
    organiser_role: str
    created_at: datetime


class ConsultationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, consultation: PerinatalConsultation, *, organiser_role: str, recorded_by: str
    ) -> None:
        consultation_id = uuid.UUID(consultation.consultation_id)
        await self._session.execute(
            insert(orm.perinatal_consultation).values(
                consultation_id=consultation_id,
                team_id=uuid.UUID(consultation.team_id),
                held_on=consultation.held_on,
                organiser_kind=consultation.organiser.kind.value,
                organiser_id=consultation.organiser.id,
                organiser_role=organiser_role,
                mode=consultation.mode.value,
                duration_minutes=consultation.duration_minutes,
                recorded_by=recorded_by,
            )
        )
        rows = []
        for position, participant in enumerate(consultation.participants):
            person = participant.person
            pro = person if isinstance(person, Professional) else None
            # every row carries every column: an executemany takes its column list from the first row
            rows.append(
                {
                    "consultation_id": consultation_id,
                    "position": position,
                    "member_kind": person.ref.kind.value,
                    "member_id": person.ref.id,
                    "designated_by_client": participant.designated_by_client,
                    "profession": pro.profession if pro else None,
                    "organisation_id": pro.organisation_id if pro else None,
                    "funding_type": pro.funding_type.value if pro else None,
                    "life_domain": pro.life_domain.value if pro else None,
                    "location_nis": pro.location_nis if pro else None,
                }
            )
        await self._session.execute(insert(orm.consultation_participant), rows)

    async def for_team(self, team_id: uuid.UUID) -> list[StoredConsultation]:
        c, p = orm.perinatal_consultation, orm.consultation_participant
        heads = (
            await self._session.execute(
                select(c).where(c.c.team_id == team_id).order_by(c.c.held_on, c.c.created_at)
            )
        ).all()
        if not heads:
            return []
        participants: dict[uuid.UUID, list[ConsultationParticipant]] = {}
        ids: Sequence[uuid.UUID] = [h.consultation_id for h in heads]
        for r in await self._session.execute(
            select(p).where(p.c.consultation_id.in_(ids)).order_by(p.c.consultation_id, p.c.position)
        ):
            participants.setdefault(r.consultation_id, []).append(
                ConsultationParticipant(person_of(r), designated_by_client=r.designated_by_client)
            )
        return [
            StoredConsultation(
                consultation=PerinatalConsultation(
                    consultation_id=str(h.consultation_id),
                    team_id=str(h.team_id),
                    held_on=h.held_on,
                    organiser=PersonRef(MemberKind(h.organiser_kind), h.organiser_id),
                    mode=ConsultationMode(h.mode),
                    duration_minutes=h.duration_minutes,
                    participants=tuple(participants.get(h.consultation_id, [])),
                ),
                organiser_role=h.organiser_role,
                created_at=h.created_at,
            )
            for h in heads
        ]

    async def exists(self, team_id: uuid.UUID, consultation_id: uuid.UUID) -> bool:
        c = orm.perinatal_consultation
        found = await self._session.execute(
            select(c.c.consultation_id).where(c.c.team_id == team_id, c.c.consultation_id == consultation_id)
        )
        return found.first() is not None
