"""Persistence of coordinator appointments and their re-evaluations (CT-10..CT-16)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from careteam.adapters import orm
from careteam.domain.coordination import ReimbursementVerdict
from careteam.domain.model import MemberKind, Person, PersonRef
from careteam.domain.roles import (
    ClientConsent,
    CoordinationEndReason,
    CoordinatorAppointment,
    Reevaluation,
    ReevaluationOutcome,
    TeamDeliberation,
)


@dataclass(frozen=True)
class StoredAppointment:
    """An appointment with what was stated about its reimbursement when it was made (FIN-12)."""

    appointment: CoordinatorAppointment
    reimbursement_sought: bool
    reimbursement: ReimbursementVerdict
    previous_appointment_id: str | None
    created_at: datetime


def refs_json(refs: Sequence[PersonRef]) -> list[dict[str, str]]:
    """People as stored in JSON columns: kind and id, sorted for a stable order."""
    return [{"kind": r.kind.value, "member_id": r.id} for r in sorted(refs, key=lambda r: (r.kind, r.id))]


def refs_of(data: Sequence[dict[str, str]]) -> frozenset[PersonRef]:
    return frozenset(PersonRef(MemberKind(d["kind"]), d["member_id"]) for d in data)


PersonLookup = Callable[[str, PersonRef], Person]
"""Finds the stored data of a (current or former) member: (team id, person) -> person."""


class CoordinationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_teams(self, team_ids: Sequence[uuid.UUID], people: PersonLookup) -> list[StoredAppointment]:
        """All appointments of the teams, oldest first, with their re-evaluations."""
        t, r = orm.coordinator_appointment, orm.coordination_reevaluation
        rows = (
            await self._session.execute(
                select(t).where(t.c.team_id.in_(team_ids)).order_by(t.c.appointed_on, t.c.created_at)
            )
        ).all()
        reevaluations: dict[uuid.UUID, list[Reevaluation]] = {}
        if rows:
            ids = [row.appointment_id for row in rows]
            for e in await self._session.execute(
                select(r).where(r.c.appointment_id.in_(ids)).order_by(r.c.held_on, r.c.created_at)
            ):
                reevaluations.setdefault(e.appointment_id, []).append(
                    Reevaluation(
                        held_on=e.held_on,
                        participants=refs_of(e.participants),
                        outcome=ReevaluationOutcome(e.outcome),
                        note=e.note or "",
                    )
                )
        return [self._stored(row, people, reevaluations.get(row.appointment_id, [])) for row in rows]

    @staticmethod
    def _stored(row: Any, people: PersonLookup, reevaluations: list[Reevaluation]) -> StoredAppointment:
        team_id = str(row.team_id)
        ref = PersonRef(MemberKind(row.coordinator_kind), row.coordinator_id)
        appointment = CoordinatorAppointment(
            appointment_id=str(row.appointment_id),
            team_id=team_id,
            coordinator=people(team_id, ref),
            appointed_on=row.appointed_on,
            consent=ClientConsent(
                given_by=PersonRef(MemberKind(row.consent_given_by_kind), row.consent_given_by_id),
                given_on=row.consent_given_on,
                coordinator=ref,
            ),
            deliberation=TeamDeliberation(
                held_on=row.deliberation_held_on, participants=refs_of(row.deliberation_participants)
            ),
            ended_on=row.ended_on,
            end_reason=CoordinationEndReason(row.end_reason) if row.end_reason else None,
            end_note=row.end_note or "",
            reevaluations=tuple(reevaluations),
        )
        return StoredAppointment(
            appointment=appointment,
            reimbursement_sought=row.reimbursement_sought,
            reimbursement=ReimbursementVerdict(
                reimbursable=row.reimbursable_intent,
                reasons=tuple(row.reasons),
                needs_review=row.needs_review,
                review_reasons=tuple(row.review_reasons),
            ),
            previous_appointment_id=str(row.previous_appointment_id) if row.previous_appointment_id else None,
            created_at=row.created_at,
        )

    async def add(
        self,
        appointment: CoordinatorAppointment,
        *,
        reimbursement_sought: bool,
        reimbursement: ReimbursementVerdict,
        previous_appointment_id: str | None,
        recorded_by: str,
    ) -> None:
        """Insert an appointment; the constraints refuse a second active or an overlapping one (CT-13)."""
        await self._session.execute(
            insert(orm.coordinator_appointment).values(
                appointment_id=uuid.UUID(appointment.appointment_id),
                team_id=uuid.UUID(appointment.team_id),
                coordinator_kind=appointment.ref.kind.value,
                coordinator_id=appointment.ref.id,
                appointed_on=appointment.appointed_on,
                ended_on=appointment.ended_on,
                end_reason=appointment.end_reason.value if appointment.end_reason else None,
                consent_given_by_kind=appointment.consent.given_by.kind.value,
                consent_given_by_id=appointment.consent.given_by.id,
                consent_given_on=appointment.consent.given_on,
                deliberation_held_on=appointment.deliberation.held_on,
                deliberation_participants=refs_json(list(appointment.deliberation.participants)),
                reimbursement_sought=reimbursement_sought,
                reimbursable_intent=reimbursement.reimbursable,
                reasons=list(reimbursement.reasons),
                needs_review=reimbursement.needs_review,
                review_reasons=list(reimbursement.review_reasons),
                previous_appointment_id=uuid.UUID(previous_appointment_id)
                if previous_appointment_id
                else None,
                recorded_by=recorded_by,
            )
        )

    async def end(self, appointment: CoordinatorAppointment) -> None:
        """Store the end of an appointment (date, reason, note)."""
        t = orm.coordinator_appointment
        assert appointment.ended_on is not None and appointment.end_reason is not None
        await self._session.execute(
            update(t)
            .where(t.c.appointment_id == uuid.UUID(appointment.appointment_id))
            .values(
                ended_on=appointment.ended_on,
                end_reason=appointment.end_reason.value,
                end_note=appointment.end_note or None,
            )
        )

    async def add_reevaluation(
        self, appointment_id: str, reevaluation: Reevaluation, *, recorded_by: str
    ) -> uuid.UUID:
        reevaluation_id = uuid.uuid4()
        await self._session.execute(
            insert(orm.coordination_reevaluation).values(
                reevaluation_id=reevaluation_id,
                appointment_id=uuid.UUID(appointment_id),
                held_on=reevaluation.held_on,
                participants=refs_json(list(reevaluation.participants)),
                outcome=reevaluation.outcome.value,
                note=reevaluation.note or None,
                recorded_by=recorded_by,
            )
        )
        return reevaluation_id

    async def team_ids_coordinated_by(self, kind: MemberKind, member_id: str) -> list[uuid.UUID]:
        t = orm.coordinator_appointment
        rows = await self._session.execute(
            select(t.c.team_id)
            .where(t.c.coordinator_kind == kind.value, t.c.coordinator_id == member_id)
            .distinct()
        )
        return [r.team_id for r in rows]
