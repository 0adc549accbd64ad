"""Read models of case management: episodes, deadlines and the register of organisations (CT-30..CT-36)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from careteam.adapters.case_management import StoredEpisode, StoredOrganisation
from careteam.domain import case_management as cm
from careteam.service.views.common import PersonView, RefView, person_view, ref_view


@dataclass(frozen=True)
class EpisodeView:
    request_id: uuid.UUID
    team_id: uuid.UUID
    request_type: str
    status: str
    requested_on: date
    requested_by: RefView
    organisation_id: str
    region: str
    conditions: list[str]
    intake_deadline: date
    intake_scheduled_on: date | None
    intake_on: date | None
    intake_late: bool | None
    intake_overdue: bool
    case_manager: PersonView | None
    started_on: date | None
    planned_end_on: date | None
    ended_on: date | None
    overrunning: bool
    follow_up_due_on: date | None
    follow_up_missed: bool
    follow_up_held_on: date | None
    follow_up_effective: bool | None
    withdrawn_on: date | None


@dataclass(frozen=True)
class DeadlineView:
    kind: str  # INTAKE (CT-33) or FOLLOW_UP (CT-34)
    request_id: uuid.UUID
    team_id: uuid.UUID
    organisation_id: str
    due_on: date
    passed: bool


@dataclass(frozen=True)
class OrganisationView:
    organisation_id: str
    name: str
    recognised_from: date
    recognised_to: date | None
    regions: list[str]
    recognised_today: bool
    updated_at: datetime


def episode_view(stored: StoredEpisode, today: date) -> EpisodeView:
    e = stored.episode
    r, intake, iv = e.request, e.intake, e.intervention
    return EpisodeView(
        request_id=uuid.UUID(r.request_id),
        team_id=uuid.UUID(r.team_id),
        request_type=r.request_type.value,
        status=e.status.value,
        requested_on=r.requested_on,
        requested_by=ref_view(r.requested_by),
        organisation_id=r.organisation_id,
        region=r.region,
        conditions=sorted(c.value for c in r.conditions),
        intake_deadline=stored.intake_deadline,
        intake_scheduled_on=intake.scheduled_on if intake else None,
        intake_on=intake.intake_on if intake else None,
        intake_late=intake.late if intake else None,
        intake_overdue=cm.is_intake_overdue(e, today),
        case_manager=person_view(iv.case_manager) if iv else None,
        started_on=iv.started_on if iv else None,
        planned_end_on=iv.planned_end_on if iv else None,
        ended_on=iv.ended_on if iv else None,
        overrunning=cm.is_intervention_overrunning(e, today),
        follow_up_due_on=cm.follow_up_due_on(e),
        follow_up_missed=cm.is_follow_up_missed(e, today),
        follow_up_held_on=e.follow_up.held_on if e.follow_up else None,
        follow_up_effective=e.follow_up.effective if e.follow_up else None,
        withdrawn_on=e.withdrawn_on,
    )


def deadlines_of(stored: StoredEpisode, today: date) -> list[DeadlineView]:
    """The intake deadline while unanswered (CT-33) and the follow-up date while not held (CT-34)."""
    e = stored.episode
    request_id, team_id = uuid.UUID(e.request.request_id), uuid.UUID(e.team_id)
    organisation_id = e.request.organisation_id
    found: list[DeadlineView] = []
    if e.intake is None and e.withdrawn_on is None:
        overdue = cm.is_intake_overdue(e, today)
        found.append(
            DeadlineView("INTAKE", request_id, team_id, organisation_id, stored.intake_deadline, overdue)
        )
    due = cm.follow_up_due_on(e)
    if due is not None and e.follow_up is None:
        missed = cm.is_follow_up_missed(e, today)
        found.append(DeadlineView("FOLLOW_UP", request_id, team_id, organisation_id, due, missed))
    return found


def organisation_view(stored: StoredOrganisation, today: date) -> OrganisationView:
    o = stored.organisation
    return OrganisationView(
        organisation_id=o.organisation_id,
        name=o.name,
        recognised_from=o.recognised_from,
        recognised_to=o.recognised_to,
        regions=sorted(o.regions),
        recognised_today=o.recognised_on(today),
        updated_at=stored.updated_at,
    )
