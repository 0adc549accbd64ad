"""Persistence of the register of recognised organisations and of case-management episodes (CT-30..CT-36)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, and_, cast, func, literal_column, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from careteam.adapters import orm
from careteam.domain.case_management import FOLLOW_UP_MONTHS
from careteam.domain.model import FundingType, LifeDomain, MemberKind, PersonRef, Professional
from careteam.domain.roles import (
    CaseManagement,
    CaseManagementRequest,
    CaseManagementType,
    FollowUp,
    Intake,
    Intervention,
    JumpStartCondition,
    RecognisedOrganisation,
)


@dataclass(frozen=True)
class StoredOrganisation:
    organisation: RecognisedOrganisation
    updated_at: datetime


@dataclass(frozen=True)
class StoredEpisode:
    """An episode with its stored deadline and when its deadline notices were published (CT-33, CT-34)."""

    episode: CaseManagement
    intake_deadline: date
    intake_late_notified_on: date | None
    follow_up_due_notified_on: date | None
    follow_up_missed_notified_on: date | None
    created_at: datetime


def _organisation(row: Any) -> StoredOrganisation:
    return StoredOrganisation(
        RecognisedOrganisation(
            organisation_id=row.organisation_id,
            name=row.name,
            recognised_from=row.recognised_from,
            recognised_to=row.recognised_to,
            regions=frozenset(row.regions),
        ),
        updated_at=row.updated_at,
    )


def _episode(row: Any) -> StoredEpisode:
    request = CaseManagementRequest(
        request_id=str(row.request_id),
        team_id=str(row.team_id),
        request_type=CaseManagementType(row.request_type),
        requested_on=row.requested_on,
        requested_by=PersonRef(MemberKind(row.requested_by_kind), row.requested_by_id),
        organisation_id=row.organisation_id,
        region=row.region,
        conditions=frozenset(JumpStartCondition(c) for c in row.conditions),
        note=row.note or "",
    )
    intake = (
        Intake(scheduled_on=row.intake_scheduled_on, intake_on=row.intake_on, deadline=row.intake_deadline)
        if row.intake_scheduled_on is not None
        else None
    )
    intervention = (
        Intervention(
            case_manager=Professional(
                professional_id=row.case_manager_id,
                profession=row.case_manager_profession,
                organisation_id=row.case_manager_organisation_id,
                funding_type=FundingType(row.case_manager_funding_type),
                life_domain=LifeDomain(row.case_manager_life_domain),
                location_nis=row.case_manager_location_nis,
            ),
            started_on=row.started_on,
            planned_end_on=row.planned_end_on,
            ended_on=row.ended_on,
        )
        if row.started_on is not None
        else None
    )
    follow_up = (
        FollowUp(
            held_on=row.follow_up_held_on, effective=row.follow_up_effective, note=row.follow_up_note or ""
        )
        if row.follow_up_held_on is not None
        else None
    )
    return StoredEpisode(
        episode=CaseManagement(
            request=request,
            intake=intake,
            intervention=intervention,
            follow_up=follow_up,
            withdrawn_on=row.withdrawn_on,
        ),
        intake_deadline=row.intake_deadline,
        intake_late_notified_on=row.intake_late_notified_on,
        follow_up_due_notified_on=row.follow_up_due_notified_on,
        follow_up_missed_notified_on=row.follow_up_missed_notified_on,
        created_at=row.created_at,
    )


def episode_columns(episode: CaseManagement) -> dict[str, object]:
    """The mutable columns of an episode (intake, intervention, follow-up, withdrawal)."""
    intake, iv, follow_up = episode.intake, episode.intervention, episode.follow_up
    values: dict[str, object] = {
        "intake_scheduled_on": intake.scheduled_on if intake else None,
        "intake_on": intake.intake_on if intake else None,
        "withdrawn_on": episode.withdrawn_on,
        "case_manager_id": iv.case_manager.professional_id if iv else None,
        "case_manager_profession": iv.case_manager.profession if iv else None,
        "case_manager_organisation_id": iv.case_manager.organisation_id if iv else None,
        "case_manager_funding_type": iv.case_manager.funding_type.value if iv else None,
        "case_manager_life_domain": iv.case_manager.life_domain.value if iv else None,
        "case_manager_location_nis": iv.case_manager.location_nis if iv else None,
        "started_on": iv.started_on if iv else None,
        "planned_end_on": iv.planned_end_on if iv else None,
        "ended_on": iv.ended_on if iv else None,
        "follow_up_held_on": follow_up.held_on if follow_up else None,
        "follow_up_effective": follow_up.effective if follow_up else None,
        "follow_up_note": (follow_up.note or None) if follow_up else None,
    }
    return values


class CaseManagementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # --- the register (CT-35) ---------------------------------------------------------------------------

    async def register(self) -> list[StoredOrganisation]:
        t = orm.cm_organisation
        return [
            _organisation(r) for r in await self._session.execute(select(t).order_by(t.c.organisation_id))
        ]

    async def organisation(self, organisation_id: str) -> StoredOrganisation | None:
        t = orm.cm_organisation
        row = (await self._session.execute(select(t).where(t.c.organisation_id == organisation_id))).first()
        return _organisation(row) if row is not None else None

    async def put_organisation(self, organisation: RecognisedOrganisation, *, updated_by: str) -> bool:
        """Insert or replace a register entry; True when it was new."""
        t = orm.cm_organisation
        values = {
            "organisation_id": organisation.organisation_id,
            "name": organisation.name,
            "recognised_from": organisation.recognised_from,
            "recognised_to": organisation.recognised_to,
            "regions": sorted(organisation.regions),
            "updated_by": updated_by,
        }
        stmt = insert(t).values(**values)
        row: Any = (
            await self._session.execute(
                stmt.on_conflict_do_update(
                    index_elements=[t.c.organisation_id],
                    set_={
                        **{k: stmt.excluded[k] for k in values if k != "organisation_id"},
                        "updated_at": func.now(),
                    },
                ).returning(literal_column("(xmax = 0)").label("inserted"))
            )
        ).first()
        return bool(row is not None and row[0])

    # --- episodes --------------------------------------------------------------------------------------

    async def for_teams(self, team_ids: Sequence[uuid.UUID]) -> list[StoredEpisode]:
        t = orm.case_management
        rows = await self._session.execute(
            select(t).where(t.c.team_id.in_(team_ids)).order_by(t.c.requested_on, t.c.created_at)
        )
        return [_episode(r) for r in rows]

    async def get(self, request_id: uuid.UUID) -> StoredEpisode | None:
        t = orm.case_management
        row = (await self._session.execute(select(t).where(t.c.request_id == request_id))).first()
        return _episode(row) if row is not None else None

    async def team_of(self, request_id: uuid.UUID) -> uuid.UUID | None:
        t = orm.case_management
        return (await self._session.execute(select(t.c.team_id).where(t.c.request_id == request_id))).scalar()

    async def add(self, episode: CaseManagement, *, intake_deadline: date, recorded_by: str) -> None:
        """Insert a request; the partial unique index refuses a second open episode of a team (CT-43)."""
        r = episode.request
        await self._session.execute(
            insert(orm.case_management).values(
                request_id=uuid.UUID(r.request_id),
                team_id=uuid.UUID(r.team_id),
                request_type=r.request_type.value,
                requested_on=r.requested_on,
                requested_by_kind=r.requested_by.kind.value,
                requested_by_id=r.requested_by.id,
                organisation_id=r.organisation_id,
                region=r.region,
                conditions=sorted(c.value for c in r.conditions),
                note=r.note or None,
                intake_deadline=intake_deadline,
                recorded_by=recorded_by,
                **episode_columns(episode),
            )
        )

    async def save(self, episode: CaseManagement, **notices: date) -> None:
        """Store the episode's new state (and any deadline notice dates given as keywords)."""
        t = orm.case_management
        await self._session.execute(
            update(t)
            .where(t.c.request_id == uuid.UUID(episode.request.request_id))
            .values(**episode_columns(episode), **notices)
        )

    async def mark_notified(self, request_id: str, **notices: date) -> None:
        t = orm.case_management
        await self._session.execute(
            update(t).where(t.c.request_id == uuid.UUID(request_id)).values(**notices)
        )

    async def deadline_candidates(self, today: date, *, limit: int) -> list[StoredEpisode]:
        """Episodes that owe a deadline notice on ``today``: an unanswered request past its deadline (CT-33), or
        a follow-up due today or missed and not yet notified (CT-34).

        A coarse SQL filter mirroring the domain rules, which decide per episode.
        """
        t = orm.case_management
        due = cast(
            func.coalesce(t.c.ended_on, t.c.planned_end_on)
            + literal_column(f"interval '{FOLLOW_UP_MONTHS} months'"),
            Date,
        )
        rows = await self._session.execute(
            select(t)
            .where(
                t.c.withdrawn_on.is_(None),
                or_(
                    and_(
                        t.c.intake_scheduled_on.is_(None),
                        t.c.intake_deadline < today,
                        t.c.intake_late_notified_on.is_(None),
                    ),
                    and_(
                        t.c.started_on.is_not(None),
                        t.c.follow_up_held_on.is_(None),
                        or_(
                            and_(due < today, t.c.follow_up_missed_notified_on.is_(None)),
                            and_(due == today, t.c.follow_up_due_notified_on.is_(None)),
                        ),
                    ),
                ),
            )
            .order_by(t.c.team_id, t.c.request_id)
            .limit(limit)
        )
        return [_episode(r) for r in rows]

    async def open_for_deadlines(
        self, *, organisation_id: str | None = None, limit: int = 500
    ) -> list[StoredEpisode]:
        """Episodes with a deadline ahead or missed: no intake yet, or no follow-up yet (CT-33, CT-34)."""
        t = orm.case_management
        stmt = (
            select(t)
            .where(
                t.c.withdrawn_on.is_(None),
                or_(
                    t.c.intake_scheduled_on.is_(None),
                    (t.c.started_on.is_not(None)) & (t.c.follow_up_held_on.is_(None)),
                ),
            )
            .order_by(t.c.intake_deadline, t.c.request_id)
            .limit(limit)
        )
        if organisation_id is not None:
            stmt = stmt.where(t.c.organisation_id == organisation_id)
        return [_episode(r) for r in await self._session.execute(stmt)]

    async def team_ids_of_case_manager(self, professional_id: str) -> list[uuid.UUID]:
        t = orm.case_management
        rows = await self._session.execute(
            select(t.c.team_id)
            .where(t.c.case_manager_id == professional_id, t.c.withdrawn_on.is_(None))
            .distinct()
        )
        return [r.team_id for r in rows]
