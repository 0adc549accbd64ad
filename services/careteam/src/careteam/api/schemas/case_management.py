"""Schemas of case management and of the register of recognised organisations (CT-30..CT-36)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import ConfigDict, Field

from careteam.api.schemas import examples
from careteam.api.schemas.common import (
    ID,
    Body,
    MemberRef,
    PersonRead,
    ProfessionalIn,
    Read,
    RefRead,
    read_config,
)
from careteam.domain.roles import CaseManagementType, JumpStartCondition


class CaseManagementRequestCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "request_type": "JUMP_START",
                    "requested_on": "2026-11-16",
                    "requested_by": {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"},
                    "organisation_id": "example-cm-gent-antwerpen",
                    "conditions": ["c"],
                }
            ]
        },
    )

    request_type: CaseManagementType
    requested_on: date | None = Field(default=None, description="default: today")
    requested_by: MemberRef = Field(description="the client, an informal carer or a professional (CT-31)")
    organisation_id: str = Field(description="a recognised organisation from the register (CT-35)")
    region: str | None = Field(
        default=None,
        max_length=64,
        description="NIS code or primary-care-zone name; default: the client's residence or its zone",
    )
    conditions: list[JumpStartCondition] = Field(
        default_factory=list, description="jump-start only, at least one: a, b or c (CT-31)"
    )
    note: str = Field(default="", max_length=2000, description="stays in careteam, never published")


class IntakeCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"scheduled_on": "2026-11-18", "intake_on": "2026-11-24"}]},
    )

    scheduled_on: date | None = Field(
        default=None, description="when the organisation answered; default: today"
    )
    intake_on: date = Field(description="the date of the intake interview")


class InterventionStart(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "case_manager": {
                        "professional_id": "cm-0007",
                        "profession": "case_manager",
                        "organisation_id": "example-cm-gent-antwerpen",
                        "funding_type": "FLEMISH",
                        "location_nis": "44021",
                    },
                    "started_on": "2026-11-24",
                    "planned_end_on": "2027-02-24",
                }
            ]
        },
    )

    case_manager: ProfessionalIn = Field(
        description="a professional of the addressed organisation, never a member"
    )
    started_on: date | None = None
    planned_end_on: date = Field(description="case management is always temporary (CT-30)")


class InterventionEnd(Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"ended_on": "2027-02-20"}]})

    ended_on: date | None = None


class FollowUpCreate(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"held_on": "2027-08-20", "effective": True}]}
    )

    held_on: date | None = None
    effective: bool | None = None
    note: str = Field(default="", max_length=2000)


class Withdrawal(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"withdrawn_on": "2026-11-20"}]}
    )

    withdrawn_on: date | None = None


class EpisodeRead(Read):
    model_config = read_config(examples.EPISODE)

    request_id: uuid.UUID
    team_id: uuid.UUID
    request_type: str
    status: str = Field(
        description="REQUESTED, INTAKE_SCHEDULED, IN_PROGRESS, ENDED, FOLLOWED_UP or WITHDRAWN"
    )
    requested_on: date
    requested_by: RefRead
    organisation_id: str
    region: str
    conditions: list[str]
    intake_deadline: date = Field(description="7 Belgian working days after the request (CT-33)")
    intake_scheduled_on: date | None
    intake_on: date | None
    intake_late: bool | None = Field(description="answered after the deadline (CT-33)")
    intake_overdue: bool = Field(description="still unanswered after the deadline, today (CT-33)")
    case_manager: PersonRead | None
    started_on: date | None
    planned_end_on: date | None
    ended_on: date | None
    overrunning: bool
    follow_up_due_on: date | None = Field(description="6 months after the end (CT-34)")
    follow_up_missed: bool
    follow_up_held_on: date | None
    follow_up_effective: bool | None
    withdrawn_on: date | None


class DeadlineCheckRead(Read):
    model_config = read_config(examples.DEADLINE_CHECK)

    intake_late: int = Field(description="IntakeLate events published now")
    follow_up_due: int = Field(description="FollowUpDue events (missed=false) published now")
    follow_up_missed: int = Field(description="FollowUpDue events (missed=true) published now")


class OrganisationPut(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Casemanagement Oost-Vlaanderen",
                    "recognised_from": "2025-01-01",
                    "recognised_to": None,
                    "regions": ["Gent", "44021"],
                }
            ]
        },
    )

    name: str = Field(min_length=1, max_length=200)
    recognised_from: date
    recognised_to: date | None = Field(default=None, description="inclusive; set it to end a recognition")
    regions: list[str] = Field(
        min_length=1, max_length=600, description="NIS codes and/or primary-care-zone (ELZ) names"
    )


class OrganisationRead(Read):
    model_config = read_config(examples.ORGANISATION)

    organisation_id: str = ID
    name: str
    recognised_from: date
    recognised_to: date | None
    regions: list[str]
    recognised_today: bool
    updated_at: datetime
