"""Read models of a team: members with their agreements, roles over time, the overview for front ends and
the teams per professional (CT-01, CT-02, Q-19)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from careteam.adapters.teams import StoredMembership
from careteam.service.views.care_plans import TaskView
from careteam.service.views.case_management import DeadlineView
from careteam.service.views.common import PersonView, RefView, person_view, ref_view
from careteam.service.views.coordination import AppointmentView


@dataclass(frozen=True)
class AgreementView:
    change: str
    given_by: RefView
    given_on: date


@dataclass(frozen=True)
class MemberView:
    membership_id: uuid.UUID
    person: PersonView
    joined_on: date
    left_on: date | None
    active: bool
    agreements: list[AgreementView]


@dataclass(frozen=True)
class RolePeriodView:
    role: str  # COORDINATOR or CASE_MANAGER
    person: RefView
    start_on: date
    end_on: date | None
    reference_id: uuid.UUID


@dataclass(frozen=True)
class ChildView:
    child_id: str
    birth_date: date


@dataclass(frozen=True)
class CompositionView:
    professionals: int
    informal_carers: int
    life_domains: list[str]
    care_and_welfare_professions: list[str]
    interdisciplinary: bool


@dataclass(frozen=True)
class TeamView:
    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: str
    established_on: date
    created_at: datetime
    scenario: str | None
    exception: bool
    scenario_known: bool
    expected_delivery_date: date | None
    residence_nis: str | None
    pregnancy_outcome: str | None
    birth_date: date | None
    pregnancy_end_date: date | None
    children: list[ChildView]
    care_window_end: date | None
    composition: CompositionView
    members: list[MemberView]
    coordinator: AppointmentView | None
    case_manager: PersonView | None
    roles: list[RolePeriodView]
    open_tasks: list[TaskView]
    care_plan_version: int | None
    deadlines: list[DeadlineView] = field(default_factory=list)


@dataclass(frozen=True)
class ProfessionalTeamView:
    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: str
    established_on: date
    roles: list[str]
    active: bool


def member_view(stored: StoredMembership, today: date) -> MemberView:
    m = stored.membership
    return MemberView(
        membership_id=stored.membership_id,
        person=person_view(m.person),
        joined_on=m.joined_on,
        left_on=m.left_on,
        active=m.active_on(today),
        agreements=[
            AgreementView(a.change.value, ref_view(a.given_by), a.given_on) for a in stored.agreements
        ],
    )
