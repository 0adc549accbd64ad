"""Queries for the front ends: a team with its members, roles over time, open tasks and deadlines; teams per
professional; the histories of coordination, case management, consultations and the care plan."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from careteam.adapters.projections import PregnancyFacts
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import access, errors
from careteam.domain.access import Caller
from careteam.domain.care_plan import CarePlanVersion, TaskStatus
from careteam.domain.model import MemberKind
from careteam.domain.roles import active_case_manager, active_coordinator
from careteam.domain.team import care_window_end, team_composition
from careteam.service.common import TeamState, load_state
from careteam.service.views import care_plans as plan_views
from careteam.service.views import case_management as cm_views
from careteam.service.views import common as person_views
from careteam.service.views import consultations as consultation_views
from careteam.service.views import coordination as coordination_views
from careteam.service.views import teams as team_views
from careteam.service.views.care_plans import CarePlanView
from careteam.service.views.case_management import DeadlineView, EpisodeView, OrganisationView
from careteam.service.views.consultations import ConsultationView
from careteam.service.views.coordination import AppointmentView
from careteam.service.views.teams import (
    ChildView,
    CompositionView,
    MemberView,
    ProfessionalTeamView,
    RolePeriodView,
    TeamView,
)


async def pregnancy(pregnancy_id: uuid.UUID, *, uow: CareteamUnitOfWork) -> PregnancyFacts:
    """What careteam knows of a pregnancy from the screening events."""
    async with uow:
        facts = await uow.projections.pregnancy(pregnancy_id)
    if facts is None:
        raise errors.PregnancyNotKnown(
            f"careteam has not received the registration event of pregnancy {pregnancy_id} (yet)"
        )
    return facts


def _team_view(state: TeamState, plan: CarePlanVersion | None, today: date) -> TeamView:
    team, facts = state.team, state.facts
    appointments = state.team_appointments()
    episodes = state.team_episodes()
    coordinator = active_coordinator(state.appointments, team.team_id, today)
    case_manager = active_case_manager(state.episodes, team.team_id, today)
    composition = team_composition(team, today)
    roles = [
        RolePeriodView(
            "COORDINATOR",
            person_views.ref_view(s.appointment.ref),
            s.appointment.appointed_on,
            s.appointment.ended_on,
            uuid.UUID(s.appointment.appointment_id),
        )
        for s in appointments
    ] + [
        RolePeriodView(
            "CASE_MANAGER",
            person_views.ref_view(s.episode.intervention.case_manager.ref),
            s.episode.intervention.started_on,
            s.episode.intervention.ended_on,
            uuid.UUID(s.episode.request.request_id),
        )
        for s in episodes
        if s.episode.intervention is not None and s.episode.withdrawn_on is None
    ]
    return TeamView(
        team_id=state.record.team_id,
        pregnancy_id=state.record.pregnancy_id,
        client_pseudonym=state.record.client_pseudonym,
        established_on=state.record.established_on,
        created_at=state.record.created_at,
        scenario=state.eligibility.scenario.value if state.eligibility.scenario else None,
        exception=state.eligibility.exception,
        scenario_known=facts.scenario_known if facts else False,
        expected_delivery_date=facts.expected_delivery_date if facts else None,
        residence_nis=facts.residence_nis if facts else None,
        pregnancy_outcome=facts.outcome if facts else None,
        birth_date=facts.birth_date if facts else None,
        pregnancy_end_date=facts.end_date if facts else None,
        children=[ChildView(c.child_pseudonym, c.birth_date) for c in team.children],
        care_window_end=care_window_end(team),
        composition=CompositionView(
            professionals=composition.professionals,
            informal_carers=composition.informal_carers,
            life_domains=sorted(d.value for d in composition.life_domains),
            care_and_welfare_professions=sorted(composition.care_and_welfare_professions),
            interdisciplinary=composition.is_interdisciplinary,
        ),
        members=[team_views.member_view(m, today) for m in state.memberships],
        coordinator=next(
            (
                coordination_views.appointment_view(s, today)
                for s in appointments
                if coordinator is not None and s.appointment.appointment_id == coordinator.appointment_id
            ),
            None,
        ),
        case_manager=person_views.person_view(case_manager) if case_manager else None,
        roles=sorted(roles, key=lambda r: (r.start_on, r.role)),
        open_tasks=[
            plan_views.task_view(t, today)
            for t in (plan.tasks if plan else ())
            if t.status is TaskStatus.OPEN
        ],
        care_plan_version=plan.version if plan else None,
        deadlines=sorted(
            (d for s in episodes for d in cm_views.deadlines_of(s, today)), key=lambda d: (d.due_on, d.kind)
        ),
    )


async def team(team_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller) -> TeamView:
    """A team with its members, roles over time, open tasks and upcoming deadlines (Q-16: for its own people)."""
    async with uow:
        state = await _readable_state(uow, team_id, caller, today)
        history = await uow.care_plans.history(team_id)
    return _team_view(state, history.current if history else None, today)


async def find_teams(
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    pregnancy_id: uuid.UUID | None,
    client_pseudonym: str | None,
) -> list[TeamView]:
    """Teams by pregnancy or client, only those the caller may see (Q-16)."""
    async with uow:
        records = await uow.teams.find(pregnancy_id=pregnancy_id, client_pseudonym=client_pseudonym)
        found = []
        for record in records:
            state = await load_state(uow, record.team_id, lock=False)
            if not state.team_access(caller, today).allowed:
                continue
            history = await uow.care_plans.history(record.team_id)
            found.append(_team_view(state, history.current if history else None, today))
    return found


async def _readable_state(
    uow: CareteamUnitOfWork, team_id: uuid.UUID, caller: Caller, today: date
) -> TeamState:
    """The team's state, refused (403 Q_16_NOT_IN_TEAM) to a caller outside the team (Q-16)."""
    state = await load_state(uow, team_id, lock=False)
    state.authorize(caller, today)
    return state


async def members(
    team_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller
) -> list[MemberView]:
    async with uow:
        state = await _readable_state(uow, team_id, caller, today)
    return [team_views.member_view(m, today) for m in state.memberships]


async def appointments(
    team_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller
) -> list[AppointmentView]:
    """The team's coordinator appointments over time (CT-13, CT-16)."""
    async with uow:
        state = await _readable_state(uow, team_id, caller, today)
    return [coordination_views.appointment_view(s, today) for s in state.team_appointments()]


async def episodes(
    team_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller
) -> list[EpisodeView]:
    """The team's case-management episodes over time, with query-time deadline flags (CT-33, CT-34, CT-36)."""
    async with uow:
        state = await _readable_state(uow, team_id, caller, today)
    return [cm_views.episode_view(s, today) for s in state.team_episodes()]


async def episode(
    request_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller
) -> EpisodeView:
    """One episode, for the team's people and the organisation the request was sent to (Q-16, CT-33)."""
    async with uow:
        team_id = await uow.case_management.team_of(request_id)
        if team_id is None:
            raise errors.CaseManagementNotFound(f"no case-management request {request_id}")
        state = await load_state(uow, team_id, lock=False)
    stored = state.episode(request_id)
    state.authorize_episode(caller, stored.episode, today)
    return cm_views.episode_view(stored, today)


async def consultations(
    team_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller
) -> list[ConsultationView]:
    async with uow:
        await _readable_state(uow, team_id, caller, today)
        stored = await uow.consultations.for_team(team_id)
    return [consultation_views.consultation_view(s) for s in stored]


async def care_plan_versions(
    team_id: uuid.UUID, *, uow: CareteamUnitOfWork, today: date, caller: Caller
) -> list[CarePlanView]:
    """Every version of the team's care plan, oldest first (CT-03 history)."""
    async with uow:
        await _readable_state(uow, team_id, caller, today)
        history = await uow.care_plans.history(team_id)
    return [plan_views.care_plan_view(v, today) for v in (history.versions if history else ())]


async def care_plan(
    team_id: uuid.UUID,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    version: int | None = None,
) -> CarePlanView:
    """The current version of the care plan, or the given one."""
    versions = await care_plan_versions(team_id, uow=uow, today=today, caller=caller)
    chosen = (
        versions[-1]
        if versions and version is None
        else next((v for v in versions if v.version == version), None)
    )
    if chosen is None:
        raise errors.CarePlanNotFound(
            "this team has no care plan yet" if not versions else f"the care plan has no version {version}"
        )
    return chosen


async def deadlines(
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    within_days: int,
    organisation_id: str | None,
) -> list[DeadlineView]:
    """Intake and follow-up deadlines due within ``within_days`` or already passed (CT-33, CT-34).

    A scoped caller sees those of her own teams and of the requests sent to her organisation (Q-16).
    """
    horizon = today + timedelta(days=within_days)
    async with uow:
        stored = await uow.case_management.open_for_deadlines(organisation_id=organisation_id)
        if not caller.sees_all:
            states: dict[uuid.UUID, TeamState] = {}
            visible = []
            for s in stored:
                team_id = uuid.UUID(s.episode.team_id)
                if team_id not in states:
                    states[team_id] = await load_state(uow, team_id, lock=False)
                if states[team_id].episode_access(caller, s.episode, today).allowed:
                    visible.append(s)
            stored = visible
    found = [d for s in stored for d in cm_views.deadlines_of(s, today) if d.due_on <= horizon]
    return sorted(found, key=lambda d: (d.due_on, d.kind, d.request_id))


async def teams_of_professional(
    professional_id: str, *, uow: CareteamUnitOfWork, today: date, caller: Caller, include_past: bool
) -> list[ProfessionalTeamView]:
    """The teams a professional is in, coordinates or is case manager of, with the roles held (today).

    Listed for that professional herself (the token's professional id) or for admin and ops (Q-16).
    """
    if not access.may_list_teams_of(caller, professional_id):
        raise errors.OwnTeamsOnly(
            "a professional lists her own teams only: use your own professional id",
            extra={"professional_id": professional_id},
        )
    ref_kind = MemberKind.PROFESSIONAL
    async with uow:
        team_ids = set(await uow.teams.team_ids_of_member(ref_kind, professional_id))
        team_ids |= set(await uow.coordination.team_ids_coordinated_by(ref_kind, professional_id))
        team_ids |= set(await uow.case_management.team_ids_of_case_manager(professional_id))
        found: list[ProfessionalTeamView] = []
        for team_id in sorted(team_ids):
            state = await load_state(uow, team_id, lock=False)
            view = _professional_view(state, professional_id, today)
            if view.active or include_past:
                found.append(view)
    return found


def _professional_view(state: TeamState, professional_id: str, today: date) -> ProfessionalTeamView:
    roles: list[str] = []
    active = False
    for m in state.memberships:
        if m.membership.ref.kind is MemberKind.PROFESSIONAL and m.membership.ref.id == professional_id:
            roles.append("MEMBER")
            active = active or m.membership.active_on(today)
    for s in state.team_appointments():
        if s.appointment.ref.kind is MemberKind.PROFESSIONAL and s.appointment.ref.id == professional_id:
            roles.append("COORDINATOR")
            active = active or s.appointment.active_on(today)
    for e in state.team_episodes():
        iv = e.episode.intervention
        if (
            iv is not None
            and iv.case_manager.professional_id == professional_id
            and e.episode.withdrawn_on is None
        ):
            roles.append("CASE_MANAGER")
            active = active or iv.active_on(today)
    return ProfessionalTeamView(
        team_id=state.record.team_id,
        pregnancy_id=state.record.pregnancy_id,
        client_pseudonym=state.record.client_pseudonym,
        established_on=state.record.established_on,
        roles=sorted(set(roles)),
        active=active,
    )


async def organisations(*, uow: CareteamUnitOfWork, today: date) -> list[OrganisationView]:
    async with uow:
        stored = await uow.case_management.register()
    return [cm_views.organisation_view(s, today) for s in stored]
