"""The projection tables: idempotent upserts for the consumer, and the read of one trajectory for the rules.

Writes are single statements (the consumer applies up to 1000 events per transaction) and idempotent: a
replayed event changes nothing, and an update whose row is missing is a no-op (the facts of one client
arrive in order on one topic, so a missing row means its creating event was dead-lettered). PPA
corrections do not rely on that order: the correction row keeps `supersedes`, so a superseded session that
arrives after its correction (or is replayed) is stored as superseded all the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from financing.adapters import orm


@dataclass(frozen=True)
class Trajectory:
    """Every projected row of one pregnancy and its care teams (mapped to the domain by the service)."""

    pregnancy: RowMapping
    screenings: Sequence[RowMapping] = ()
    sessions: Sequence[RowMapping] = ()
    teams: Sequence[RowMapping] = ()
    coordinators: Sequence[RowMapping] = ()
    interventions: Sequence[RowMapping] = ()
    consultations: Sequence[RowMapping] = ()
    participants: Mapping[uuid.UUID, Sequence[RowMapping]] = field(default_factory=dict)

    @property
    def team_ids(self) -> list[str]:
        return [str(t["team_id"]) for t in self.teams]


class ProjectionRepository:
    """Reads and writes financing's projection of the screening and careteam facts."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # -- reads -------------------------------------------------------------------------------------------

    async def pregnancy(self, pregnancy_id: uuid.UUID) -> RowMapping | None:
        t = orm.pregnancy_projection
        row = (await self._session.execute(select(t).where(t.c.pregnancy_id == pregnancy_id))).first()
        return row._mapping if row is not None else None

    async def pregnancies_of(self, client_pseudonym: str) -> list[RowMapping]:
        t = orm.pregnancy_projection
        rows = await self._session.execute(
            select(t).where(t.c.client_pseudonym == client_pseudonym).order_by(t.c.expected_delivery_date)
        )
        return [r._mapping for r in rows]

    async def trajectory(self, pregnancy_id: uuid.UUID) -> Trajectory | None:
        """The pregnancy with its screenings, sessions, teams, roles and consultations; None when unknown."""
        pregnancy = await self.pregnancy(pregnancy_id)
        if pregnancy is None:
            return None
        s = self._session

        async def rows(table: Any, *order: Any) -> list[RowMapping]:
            result = await s.execute(
                select(table).where(table.c.pregnancy_id == pregnancy_id).order_by(*order)
            )
            return [r._mapping for r in result]

        screenings = await rows(orm.screening_projection, orm.screening_projection.c.screened_on)
        sessions = await rows(orm.advice_session_projection, orm.advice_session_projection.c.held_on)
        teams = await rows(orm.care_team_projection, orm.care_team_projection.c.established_on)
        coordinators = await rows(orm.coordinator_projection, orm.coordinator_projection.c.appointed_on)
        interventions = await rows(
            orm.case_management_projection, orm.case_management_projection.c.started_on
        )
        consultations = await rows(orm.consultation_projection, orm.consultation_projection.c.held_on)
        participants: dict[uuid.UUID, list[RowMapping]] = {}
        if consultations:
            p = orm.consultation_participant_projection
            ids = [c["consultation_id"] for c in consultations]
            result = await s.execute(select(p).where(p.c.consultation_id.in_(ids)).order_by(p.c.member_id))
            for row in result:
                participants.setdefault(row.consultation_id, []).append(row._mapping)
        return Trajectory(
            pregnancy=pregnancy,
            screenings=screenings,
            sessions=sessions,
            teams=teams,
            coordinators=coordinators,
            interventions=interventions,
            consultations=consultations,
            participants=participants,
        )

    # -- screening facts ---------------------------------------------------------------------------------

    async def add_pregnancy(self, values: Mapping[str, Any]) -> None:
        await self._session.execute(
            insert(orm.pregnancy_projection)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["pregnancy_id"])
        )

    async def update_pregnancy(self, pregnancy_id: uuid.UUID, values: Mapping[str, Any]) -> None:
        t = orm.pregnancy_projection
        await self._session.execute(update(t).where(t.c.pregnancy_id == pregnancy_id).values(**values))

    async def upsert_screening(self, values: Mapping[str, Any]) -> None:
        t = orm.screening_projection
        stmt = insert(t).values(**values)
        changed = {k: stmt.excluded[k] for k in values if k not in ("screening_id", "superseded")}
        await self._session.execute(stmt.on_conflict_do_update(index_elements=["screening_id"], set_=changed))
        if values.get("supersedes") is not None:
            await self._session.execute(
                update(t).where(t.c.screening_id == values["supersedes"]).values(superseded=True)
            )

    async def upsert_inclusion_decision(self, values: Mapping[str, Any]) -> None:
        await self._session.execute(
            insert(orm.inclusion_decision_projection)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["decision_id"])
        )

    async def upsert_session(self, values: Mapping[str, Any]) -> None:
        """FIN-11: a session (or a correction). One statement: a session whose correction was projected
        first (replay, redelivery out of order) is stored as superseded by it right away."""
        t = orm.advice_session_projection
        c = t.alias("correction")
        first_correction = (
            select(c)
            .where(c.c.supersedes == values["session_id"])
            .order_by(c.c.projected_at, c.c.session_id)
            .limit(1)
        )
        by = first_correction.with_only_columns(c.c.session_id).scalar_subquery()
        at = first_correction.with_only_columns(c.c.projected_at).scalar_subquery()
        stmt = insert(t).values(**values, superseded_by=by, superseded_at=at)
        changed: dict[str, Any] = {k: stmt.excluded[k] for k in values if k != "session_id"}
        changed["superseded_by"] = func.coalesce(t.c.superseded_by, by)
        changed["superseded_at"] = func.coalesce(t.c.superseded_at, at)
        await self._session.execute(stmt.on_conflict_do_update(index_elements=["session_id"], set_=changed))

    async def supersede_session(self, session_id: uuid.UUID, *, by: uuid.UUID) -> None:
        """FIN-11: mark a session replaced by its correction (first correction wins; a replay changes
        nothing; a session not projected yet is marked when it arrives, `upsert_session`)."""
        t = orm.advice_session_projection
        await self._session.execute(
            update(t)
            .where(t.c.session_id == session_id, t.c.superseded_by.is_(None))
            .values(superseded_by=by, superseded_at=func.now())
        )

    # -- careteam facts ----------------------------------------------------------------------------------

    async def add_team(self, values: Mapping[str, Any]) -> None:
        await self._session.execute(
            insert(orm.care_team_projection)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["team_id"])
        )

    async def add_member(self, values: Mapping[str, Any]) -> None:
        t = orm.team_member_projection
        stmt = insert(t).values(**values)
        keys = ("team_id", "member_id", "joined_on")
        changed = {k: stmt.excluded[k] for k in values if k not in keys}
        await self._session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=changed))

    async def end_membership(self, team_id: uuid.UUID, member_id: str, left_on: date) -> None:
        """Close the membership periods still open on `left_on` (half-open: [joined_on, left_on))."""
        t = orm.team_member_projection
        await self._session.execute(
            update(t)
            .where(
                and_(t.c.team_id == team_id, t.c.member_id == member_id, t.c.left_on.is_(None)),
                t.c.joined_on <= left_on,
            )
            .values(left_on=left_on)
        )

    async def upsert_coordinator(self, values: Mapping[str, Any]) -> None:
        t = orm.coordinator_projection
        stmt = insert(t).values(**values)
        changed = {
            k: stmt.excluded[k] for k in values if k not in ("appointment_id", "ended_on", "end_reason")
        }
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["appointment_id"], set_=changed)
        )

    async def end_coordinator(self, appointment_id: uuid.UUID, ended_on: date, reason: str) -> None:
        t = orm.coordinator_projection
        await self._session.execute(
            update(t).where(t.c.appointment_id == appointment_id).values(ended_on=ended_on, end_reason=reason)
        )

    async def upsert_intervention(self, values: Mapping[str, Any]) -> None:
        t = orm.case_management_projection
        stmt = insert(t).values(**values)
        changed = {k: stmt.excluded[k] for k in values if k not in ("intervention_id", "ended_on")}
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["intervention_id"], set_=changed)
        )

    async def end_intervention(self, intervention_id: uuid.UUID, ended_on: date) -> None:
        t = orm.case_management_projection
        await self._session.execute(
            update(t).where(t.c.intervention_id == intervention_id).values(ended_on=ended_on)
        )

    async def upsert_consultation(
        self, values: Mapping[str, Any], participants: Sequence[Mapping[str, Any]]
    ) -> None:
        t = orm.consultation_projection
        stmt = insert(t).values(**values)
        changed = {k: stmt.excluded[k] for k in values if k != "consultation_id"}
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["consultation_id"], set_=changed)
        )
        if participants:
            p = orm.consultation_participant_projection
            rows = insert(p).values(list(participants))
            keep = {k: rows.excluded[k] for k in participants[0] if k not in ("consultation_id", "member_id")}
            await self._session.execute(
                rows.on_conflict_do_update(index_elements=["consultation_id", "member_id"], set_=keep)
            )
