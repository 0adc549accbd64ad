"""Events published by the careteam service (topic `careteam.events`, key = client pseudonym).

Each carries what financing and reporting need: funding types, professions, life domains and periods.
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.events.base import EventPayload
from shared.events.contracts.common import NisCode, Pseudonym
from shared.events.contracts.topics import CARETEAM_EVENTS


class TeamMember(BaseModel):
    """A member as other services need it: no names, only identifiers and roles."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: str = Field(description="CLIENT, INFORMAL_CARER or PROFESSIONAL")
    member_id: str = Field(max_length=64, description="professional id, carer id or the client pseudonym")
    profession: str | None = None
    organisation_id: str | None = None
    funding_type: str | None = Field(default=None, description="FEDERAL, FLEMISH or OTHER")
    life_domain: str | None = None
    coordination_in_mission: bool = False
    location_nis: NisCode | None = Field(
        default=None, description="where a professional works: current NIS code (REP-08); None if not given"
    )


class CareTeamCreatedV1(EventPayload):
    event_type = "careteam.team.created"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A care team was formed around a client and her pregnancy (CT-01, Q-19)."

    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    pregnancy_id: uuid.UUID
    established_on: date


class TeamMemberAddedV1(EventPayload):
    event_type = "careteam.member.added"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A member joined the team with the client's agreement (CT-01, CT-02)."

    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    member: TeamMember
    joined_on: date


class TeamMemberRemovedV1(EventPayload):
    event_type = "careteam.member.removed"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A member left the team (CT-02)."

    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    member: TeamMember
    left_on: date


class CoordinatorAppointedV1(EventPayload):
    event_type = "careteam.coordinator.appointed"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A team member was appointed care coordinator (CT-10..CT-19)."

    appointment_id: uuid.UUID
    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    coordinator: TeamMember
    appointed_on: date
    reimbursable_intent: bool
    reasons: list[str] = Field(default_factory=list)
    needs_review: bool = False
    previous_appointment_id: uuid.UUID | None = None


class CoordinatorEndedV1(EventPayload):
    event_type = "careteam.coordinator.ended"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A coordination appointment ended (hand-over, re-evaluation or end of need, CT-16)."

    appointment_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    ended_on: date
    reason: str


class CaseManagementRequestedV1(EventPayload):
    event_type = "careteam.case_management.requested"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "Case management was requested from a recognised organisation (CT-31, CT-33, CT-35)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    request_type: str = Field(description="JUMP_START or PROCESS_SUPPORT")
    requested_on: date
    requested_by_kind: str
    organisation_id: str
    intake_deadline: date


class CaseManagementIntakeScheduledV1(EventPayload):
    event_type = "careteam.case_management.intake_scheduled"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "The organisation answered the request by scheduling an intake (CT-33)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    scheduled_on: date
    intake_on: date
    deadline: date
    late: bool


class CaseManagementIntakeLateV1(EventPayload):
    event_type = "careteam.case_management.intake_late"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "No intake was scheduled within 7 working days (CT-33)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    deadline: date
    detected_on: date


class CaseManagementStartedV1(EventPayload):
    event_type = "careteam.case_management.started"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A case manager (never a team member) started an intervention (CT-30, CT-40..44)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    case_manager: TeamMember
    organisation_id: str
    started_on: date
    planned_end_on: date


class CaseManagementEndedV1(EventPayload):
    event_type = "careteam.case_management.ended"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A case-management intervention ended; a follow-up is due 6 months later (CT-34)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    ended_on: date
    follow_up_due_on: date


class CaseManagementFollowUpDueV1(EventPayload):
    event_type = "careteam.case_management.follow_up_due"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A follow-up is due or missed (CT-34)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    due_on: date
    missed: bool


class CaseManagementFollowUpDoneV1(EventPayload):
    event_type = "careteam.case_management.follow_up_done"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "The 6-month follow-up was held (CT-34)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    held_on: date
    effective: bool | None = None


class CaseManagementWithdrawnV1(EventPayload):
    event_type = "careteam.case_management.withdrawn"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A case-management request was withdrawn before its intervention started (CT-33, CT-36)."

    request_id: uuid.UUID
    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    request_type: str = Field(description="JUMP_START or PROCESS_SUPPORT")
    organisation_id: str
    requested_on: date
    withdrawn_on: date
    intake_scheduled: bool = Field(description="whether the organisation had already scheduled the intake")


class ConsultationParticipant(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: str = Field(description="CLIENT, DESIGNATED_PERSON, INFORMAL_CARER or PROFESSIONAL")
    member_id: str = Field(max_length=64)
    profession: str | None = None
    organisation_id: str | None = None
    funding_type: str | None = None
    life_domain: str | None = Field(default=None, description="a professional's life domain (CT-01, CT-18d)")
    location_nis: NisCode | None = Field(
        default=None, description="where a professional works: current NIS code (REP-08); None if not given"
    )


class PerinatalConsultationHeldV1(EventPayload):
    event_type = "careteam.consultation.held"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A perinatal consultation was held (CT-50, CT-51)."

    consultation_id: uuid.UUID
    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: Pseudonym
    held_on: date
    mode: str = Field(description="IN_PERSON or ONLINE")
    duration_minutes: int = Field(gt=0)
    organiser_role: str = Field(description="COORDINATOR or CASE_MANAGER")
    organiser_id: str
    participants: list[ConsultationParticipant]


class CarePlanChangedV1(EventPayload):
    event_type = "careteam.care_plan.changed"
    event_version = 1
    topic = CARETEAM_EVENTS
    summary = "A new version of the care plan (CT-03, CT-04); no free text leaves the service."

    team_id: uuid.UUID
    client_pseudonym: Pseudonym
    version: int = Field(ge=1)
    changed_on: date
    goals: int = Field(ge=0)
    tasks: int = Field(ge=0)
    open_tasks: int = Field(ge=0)
    agreements: int = Field(ge=0)


EVENTS: tuple[type[EventPayload], ...] = (
    CareTeamCreatedV1,
    TeamMemberAddedV1,
    TeamMemberRemovedV1,
    CoordinatorAppointedV1,
    CoordinatorEndedV1,
    CaseManagementRequestedV1,
    CaseManagementIntakeScheduledV1,
    CaseManagementIntakeLateV1,
    CaseManagementStartedV1,
    CaseManagementEndedV1,
    CaseManagementFollowUpDueV1,
    CaseManagementFollowUpDoneV1,
    CaseManagementWithdrawnV1,
    PerinatalConsultationHeldV1,
    CarePlanChangedV1,
)
