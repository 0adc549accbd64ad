"""Schemas of teams and members (CT-01, CT-02, Q-19) and of the team overview for front ends."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

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
from careteam.api.schemas.coordination import AppointmentRead


class TeamCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"pregnancy_id": "8d1c7c55-8a9c-4f7e-9d4c-2b6a1f0e5c11", "established_on": "2026-11-02"}
            ]
        },
    )

    pregnancy_id: uuid.UUID = Field(description="a pregnancy registered at the screening service")
    established_on: date | None = Field(default=None, description="default: today")


class AgreementIn(Body):
    """The recorded agreement of the client or her representative with the change (CT-02)."""

    given_by: MemberRef
    given_on: date | None = Field(default=None, description="default: the date of the change")


class ProfessionalMemberCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "PROFESSIONAL",
                    "professional": {
                        "professional_id": "riziv-1-23456-78-901",
                        "profession": "midwife",
                        "organisation_id": "org-vroedvrouwen-gent",
                        "funding_type": "FEDERAL",
                        "life_domain": "CARE_AND_WELFARE",
                        "coordination_in_mission": False,
                        "location_nis": "44021",
                    },
                    "joined_on": "2026-11-02",
                    "agreement": {
                        "given_by": {"kind": "CLIENT", "member_id": examples.CLIENT_PSEUDONYM},
                        "given_on": "2026-11-02",
                    },
                }
            ]
        },
    )

    kind: Literal["PROFESSIONAL"]
    professional: ProfessionalIn
    joined_on: date | None = Field(default=None, description="default: today")
    agreement: AgreementIn | None = Field(default=None, description="required by CT-02 (refused without)")


class InformalCarerMemberCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "INFORMAL_CARER",
                    "carer_id": "carer-7f3a",
                    "relation": "partner",
                    "is_representative": True,
                    "joined_on": "2026-11-02",
                }
            ]
        },
    )

    kind: Literal["INFORMAL_CARER"]
    carer_id: str = ID
    relation: str = Field(default="", max_length=64, description="a code such as partner or mother, no names")
    is_representative: bool = False
    joined_on: date | None = None


MemberCreate = Annotated[ProfessionalMemberCreate | InformalCarerMemberCreate, Field(discriminator="kind")]


class MemberRemoval(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "left_on": "2026-12-01",
                    "agreement": {"given_by": {"kind": "CLIENT", "member_id": examples.CLIENT_PSEUDONYM}},
                }
            ]
        },
    )

    left_on: date | None = Field(default=None, description="default: today")
    agreement: AgreementIn | None = Field(default=None, description="required for a professional (CT-02)")


class AgreementRead(Read):
    change: str
    given_by: RefRead
    given_on: date


class MemberRead(Read):
    model_config = read_config(examples.MEMBER)

    membership_id: uuid.UUID
    person: PersonRead
    joined_on: date
    left_on: date | None
    active: bool
    agreements: list[AgreementRead]


class ChildRead(Read):
    child_id: str
    birth_date: date


class CompositionRead(Read):
    professionals: int
    informal_carers: int
    life_domains: list[str]
    care_and_welfare_professions: list[str]
    interdisciplinary: bool = Field(description="at least 2 care or welfare disciplines (CT-01)")


class RolePeriodRead(Read):
    role: str = Field(description="COORDINATOR or CASE_MANAGER")
    person: RefRead
    start_on: date
    end_on: date | None
    reference_id: uuid.UUID = Field(description="the appointment id or the case-management request id")


class TaskRead(Read):
    task_id: str
    goal_id: str
    description: str
    assignee: RefRead
    due_on: date
    status: str
    overdue: bool


class DeadlineRead(Read):
    model_config = read_config(examples.DEADLINE)

    kind: str = Field(description="INTAKE (CT-33, 7 working days) or FOLLOW_UP (CT-34, 6 months)")
    request_id: uuid.UUID
    team_id: uuid.UUID
    organisation_id: str
    due_on: date
    passed: bool = Field(description="the intake is late / the follow-up was missed")


class TeamRead(Read):
    model_config = read_config(examples.TEAM)

    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: str
    established_on: date
    created_at: datetime
    scenario: str | None = Field(description="0, A or B from the screening events; null while not known")
    exception: bool = Field(description="included through the SCR-06 exception path")
    scenario_known: bool
    expected_delivery_date: date | None
    residence_nis: str | None
    pregnancy_outcome: str | None = Field(description="BIRTH or ENDED once screening recorded it")
    birth_date: date | None
    pregnancy_end_date: date | None
    children: list[ChildRead]
    care_window_end: date | None = Field(description="the youngest child's 2nd birthday (CT-16, CT-50)")
    composition: CompositionRead
    members: list[MemberRead]
    coordinator: AppointmentRead | None
    case_manager: PersonRead | None
    roles: list[RolePeriodRead]
    open_tasks: list[TaskRead]
    care_plan_version: int | None
    deadlines: list[DeadlineRead]


class ProfessionalTeamRead(Read):
    model_config = read_config(examples.PROFESSIONAL_TEAM)

    team_id: uuid.UUID
    pregnancy_id: uuid.UUID
    client_pseudonym: str
    established_on: date
    roles: list[str] = Field(description="MEMBER, COORDINATOR and/or CASE_MANAGER")
    active: bool


class PregnancyProjectionRead(Read):
    model_config = read_config(examples.PREGNANCY)

    pregnancy_id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    registered_at: datetime
    scenario_known: bool
    outcome: str | None
    birth_date: date | None
    end_date: date | None
