"""Read models for the front ends, built from the stored domain records (no SQL here, no HTTP)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from careteam.adapters.case_management import StoredEpisode, StoredOrganisation
from careteam.adapters.consultations import StoredConsultation
from careteam.adapters.coordination import StoredAppointment
from careteam.adapters.teams import StoredMembership
from careteam.domain import case_management as cm
from careteam.domain.care_plan import CarePlanVersion, Task, TaskStatus
from careteam.domain.consultation import attendance
from careteam.domain.model import InformalCarer, Person, PersonRef, Professional


@dataclass(frozen=True)
class RefView:
    kind: str
    member_id: str


@dataclass(frozen=True)
class PersonView:
    kind: str
    member_id: str
    profession: str | None = None
    organisation_id: str | None = None
    funding_type: str | None = None
    life_domain: str | None = None
    coordination_in_mission: bool | None = None
    relation: str | None = None
    is_representative: bool | None = None


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
class ReevaluationView:
    held_on: date
    participants: list[RefView]
    outcome: str


@dataclass(frozen=True)
class AppointmentView:
    appointment_id: uuid.UUID
    team_id: uuid.UUID
    coordinator: PersonView
    appointed_on: date
    ended_on: date | None
    end_reason: str | None
    active: bool
    consent_given_by: RefView
    consent_given_on: date
    deliberation_held_on: date
    deliberation_participants: list[RefView]
    reimbursement_sought: bool
    reimbursable_intent: bool
    reasons: list[str]
    needs_review: bool
    review_reasons: list[str]
    previous_appointment_id: uuid.UUID | None
    reevaluations: list[ReevaluationView]


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
class ParticipantView:
    person: PersonView
    designated_by_client: bool


@dataclass(frozen=True)
class AttendanceView:
    participants: int
    client_present: bool
    designee_present: bool
    health_insurance_professionals: int
    other_professionals: int


@dataclass(frozen=True)
class ConsultationView:
    consultation_id: uuid.UUID
    team_id: uuid.UUID
    held_on: date
    organiser: RefView
    organiser_role: str
    mode: str
    duration_minutes: int
    participants: list[ParticipantView]
    attendance: AttendanceView


@dataclass(frozen=True)
class TaskView:
    task_id: str
    goal_id: str
    description: str
    assignee: RefView
    due_on: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class LifeGoalView:
    goal_id: str
    description: str


@dataclass(frozen=True)
class CareGoalView:
    goal_id: str
    description: str
    life_goal_ids: list[str]


@dataclass(frozen=True)
class WhoDoesWhatView:
    agreement_id: str
    description: str
    responsible: list[RefView]
    agreed_on: date


@dataclass(frozen=True)
class CarePlanView:
    team_id: uuid.UUID
    version: int
    valid_from: date
    changed_by: RefView
    life_goals: list[LifeGoalView]
    care_goals: list[CareGoalView]
    tasks: list[TaskView]
    agreements: list[WhoDoesWhatView]
    consultation_id: uuid.UUID | None
    note: str


@dataclass(frozen=True)
class OrganisationView:
    organisation_id: str
    name: str
    recognised_from: date
    recognised_to: date | None
    regions: list[str]
    recognised_today: bool
    updated_at: datetime


@dataclass(frozen=True)
class DeadlineView:
    kind: str  # INTAKE (CT-33) or FOLLOW_UP (CT-34)
    request_id: uuid.UUID
    team_id: uuid.UUID
    organisation_id: str
    due_on: date
    passed: bool


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


# --- builders -------------------------------------------------------------------------------------------


def ref_view(ref: PersonRef) -> RefView:
    return RefView(kind=ref.kind.value, member_id=ref.id)


def refs_view(refs: frozenset[PersonRef]) -> list[RefView]:
    return [ref_view(r) for r in sorted(refs, key=lambda r: (r.kind, r.id))]


def person_view(person: Person) -> PersonView:
    if isinstance(person, Professional):
        return PersonView(
            kind=person.ref.kind.value,
            member_id=person.professional_id,
            profession=person.profession,
            organisation_id=person.organisation_id,
            funding_type=person.funding_type.value,
            life_domain=person.life_domain.value,
            coordination_in_mission=person.coordination_in_mission,
        )
    if isinstance(person, InformalCarer):
        return PersonView(
            kind=person.ref.kind.value,
            member_id=person.carer_id,
            relation=person.relation or None,
            is_representative=person.is_representative,
        )
    return PersonView(kind=person.ref.kind.value, member_id=person.ref.id)


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


def appointment_view(stored: StoredAppointment, today: date) -> AppointmentView:
    a = stored.appointment
    return AppointmentView(
        appointment_id=uuid.UUID(a.appointment_id),
        team_id=uuid.UUID(a.team_id),
        coordinator=person_view(a.coordinator),
        appointed_on=a.appointed_on,
        ended_on=a.ended_on,
        end_reason=a.end_reason.value if a.end_reason else None,
        active=a.active_on(today),
        consent_given_by=ref_view(a.consent.given_by),
        consent_given_on=a.consent.given_on,
        deliberation_held_on=a.deliberation.held_on,
        deliberation_participants=refs_view(a.deliberation.participants),
        reimbursement_sought=stored.reimbursement_sought,
        reimbursable_intent=stored.reimbursement.reimbursable,
        reasons=list(stored.reimbursement.reasons),
        needs_review=stored.reimbursement.needs_review,
        review_reasons=list(stored.reimbursement.review_reasons),
        previous_appointment_id=uuid.UUID(stored.previous_appointment_id)
        if stored.previous_appointment_id
        else None,
        reevaluations=[
            ReevaluationView(r.held_on, refs_view(r.participants), r.outcome.value) for r in a.reevaluations
        ],
    )


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


def consultation_view(stored: StoredConsultation) -> ConsultationView:
    c = stored.consultation
    a = attendance(c)
    return ConsultationView(
        consultation_id=uuid.UUID(c.consultation_id),
        team_id=uuid.UUID(c.team_id),
        held_on=c.held_on,
        organiser=ref_view(c.organiser),
        organiser_role=stored.organiser_role,
        mode=c.mode.value,
        duration_minutes=c.duration_minutes,
        participants=[ParticipantView(person_view(p.person), p.designated_by_client) for p in c.participants],
        attendance=AttendanceView(
            participants=a.participants,
            client_present=a.client_present,
            designee_present=a.designee_present,
            health_insurance_professionals=a.health_insurance_professionals,
            other_professionals=a.other_professionals,
        ),
    )


def task_view(task: Task, today: date) -> TaskView:
    return TaskView(
        task_id=task.task_id,
        goal_id=task.goal_id,
        description=task.description,
        assignee=ref_view(task.assignee),
        due_on=task.due_on,
        status=task.status.value,
        overdue=task.status is TaskStatus.OPEN and task.due_on < today,
    )


def care_plan_view(version: CarePlanVersion, today: date) -> CarePlanView:
    return CarePlanView(
        team_id=uuid.UUID(version.team_id),
        version=version.version,
        valid_from=version.valid_from,
        changed_by=ref_view(version.changed_by),
        life_goals=[LifeGoalView(g.goal_id, g.description) for g in version.life_goals],
        care_goals=[
            CareGoalView(g.goal_id, g.description, sorted(g.life_goal_ids)) for g in version.care_goals
        ],
        tasks=[task_view(t, today) for t in version.tasks],
        agreements=[
            WhoDoesWhatView(a.agreement_id, a.description, refs_view(a.responsible), a.agreed_on)
            for a in version.agreements
        ],
        consultation_id=uuid.UUID(version.consultation_id) if version.consultation_id else None,
        note=version.note,
    )


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
