"""Schemas of care coordination (CT-10..CT-19)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field

from careteam.api.schemas import examples
from careteam.api.schemas.common import Body, MemberRef, PersonRead, Read, RefRead, read_config
from careteam.domain.roles import ReevaluationOutcome

_EXAMPLE: dict[str, Any] = {
    "coordinator": {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"},
    "appointed_on": "2026-11-10",
    "consent": {
        "given_by": {"kind": "CLIENT", "member_id": examples.CLIENT_PSEUDONYM},
        "given_on": "2026-11-09",
    },
    "deliberation": {
        "held_on": "2026-11-09",
        "participants": [
            {"kind": "CLIENT", "member_id": examples.CLIENT_PSEUDONYM},
            {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"},
            {"kind": "PROFESSIONAL", "member_id": "caw-gent-0042"},
        ],
    },
    "reimbursement_sought": True,
}


class ConsentIn(Body):
    """The client's (or her informal context's) agreement with the proposed coordinator (CT-15)."""

    given_by: MemberRef
    given_on: date | None = Field(default=None, description="default: the appointment date")


class DeliberationIn(Body):
    """The recorded team deliberation: date and participants (CT-11, CT-18a)."""

    held_on: date
    participants: list[MemberRef] = Field(min_length=1, max_length=50)


class AppointmentCreate(Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    coordinator: MemberRef = Field(
        description="a current team member: a professional, the client or an informal carer"
    )
    appointed_on: date | None = Field(default=None, description="default: today")
    consent: ConsentIn | None = Field(default=None, description="required (CT-15)")
    deliberation: DeliberationIn | None = Field(default=None, description="required (CT-11, CT-18a)")
    reimbursement_sought: bool = Field(
        default=True,
        description="whether the team means this coordination to be reimbursed (FIN-12). For a professional this "
        "needs the screening scenario: while it has not reached careteam the answer is 409 SCENARIO_NOT_YET_KNOWN; "
        "set false for coordination not meant to be reimbursed. Ignored for the client or an informal carer, "
        "whose coordination is never reimbursed (CT-11).",
    )


class AppointmentEnd(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"ended_on": "2027-06-30", "reason": "NEED_RESOLVED", "note": ""}]},
    )

    ended_on: date | None = Field(default=None, description="default: today")
    reason: Literal[
        "NEED_RESOLVED", "TAKEN_OVER_BY_CLIENT_CONTEXT", "CARE_WINDOW_ENDED", "CONSENT_WITHDRAWN", "OTHER"
    ]
    note: str = Field(default="", max_length=1000, description="stays in careteam, never published")


class ReevaluationCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2027-02-01",
                    "participants": [
                        {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"},
                        {"kind": "CLIENT", "member_id": examples.CLIENT_PSEUDONYM},
                    ],
                    "outcome": "CONTINUE",
                }
            ]
        },
    )

    held_on: date | None = None
    participants: list[MemberRef] = Field(min_length=1, max_length=50)
    outcome: ReevaluationOutcome
    note: str = Field(default="", max_length=1000)


class ReevaluationRead(Read):
    held_on: date
    participants: list[RefRead]
    outcome: str


class AppointmentRead(Read):
    model_config = read_config(examples.APPOINTMENT)

    appointment_id: uuid.UUID
    team_id: uuid.UUID
    coordinator: PersonRead
    appointed_on: date
    ended_on: date | None
    end_reason: str | None
    active: bool
    consent_given_by: RefRead
    consent_given_on: date
    deliberation_held_on: date
    deliberation_participants: list[RefRead]
    reimbursement_sought: bool
    reimbursable_intent: bool = Field(description="meant to be reimbursable (FIN-12)")
    reasons: list[str] = Field(description="why it is or is not meant to be reimbursable (rule codes)")
    needs_review: bool
    review_reasons: list[str]
    previous_appointment_id: uuid.UUID | None
    reevaluations: list[ReevaluationRead]
