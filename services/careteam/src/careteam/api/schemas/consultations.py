"""Schemas of the perinatal consultation (CT-50, CT-51)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from careteam.api.schemas import examples
from careteam.api.schemas.common import (
    LOCATION_NIS_DESCRIPTION,
    MEMBER_ID,
    Body,
    MemberRef,
    PersonRead,
    Read,
    RefRead,
    read_config,
)
from careteam.domain.consultation import ConsultationMode
from careteam.domain.model import FundingType, LifeDomain, MemberKind, PersonRef, Professional

_CLIENT: dict[str, Any] = {"kind": "CLIENT", "member_id": examples.CLIENT_PSEUDONYM}


class ParticipantIn(Body):
    """A participant: a member or the case manager by reference; someone else with their profession in full."""

    kind: MemberKind
    member_id: str = MEMBER_ID
    designated_by_client: bool = Field(
        default=False, description="takes part for the client (an informal carer or another person she chose)"
    )
    profession: str | None = Field(
        default=None, max_length=64, description="only for a professional outside the team"
    )
    organisation_id: str | None = Field(default=None, max_length=64)
    funding_type: FundingType | None = None
    life_domain: LifeDomain | None = None
    location_nis: str | None = Field(
        default=None,
        pattern=r"^\d{5}$",
        description=f"only for a professional outside the team: {LOCATION_NIS_DESCRIPTION}; members and the "
        "case manager take part with the location careteam stored for them",
    )

    def to_ref(self) -> PersonRef:
        return PersonRef(self.kind, self.member_id)

    def outside_professional(self) -> Professional | None:
        """The professional described in full (someone outside the team), if the attributes were given."""
        if self.kind is not MemberKind.PROFESSIONAL or not (self.profession and self.organisation_id):
            return None
        if self.funding_type is None:
            return None
        return Professional(
            professional_id=self.member_id,
            profession=self.profession,
            organisation_id=self.organisation_id,
            funding_type=self.funding_type,
            life_domain=self.life_domain or LifeDomain.CARE_AND_WELFARE,
            location_nis=self.location_nis,
        )


class ConsultationCreate(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2026-12-01",
                    "organiser": {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"},
                    "mode": "IN_PERSON",
                    "duration_minutes": 60,
                    "participants": [
                        _CLIENT,
                        {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"},
                        {"kind": "PROFESSIONAL", "member_id": "riziv-1-98765-43-210"},
                        {"kind": "PROFESSIONAL", "member_id": "caw-gent-0042"},
                    ],
                }
            ]
        },
    )

    held_on: date | None = None
    organiser: MemberRef = Field(
        description="the active coordinator, or the case manager when only one is active"
    )
    mode: ConsultationMode
    duration_minutes: int = Field(le=24 * 60, description="positive (CT-50)")
    participants: list[ParticipantIn] = Field(
        max_length=50,
        description="at least 4, with a health-insurance professional and the client or her designee",
    )


class ParticipantRead(Read):
    person: PersonRead
    designated_by_client: bool


class AttendanceRead(Read):
    participants: int
    client_present: bool
    designee_present: bool
    health_insurance_professionals: int
    other_professionals: int


class ConsultationRead(Read):
    model_config = read_config(examples.CONSULTATION)

    consultation_id: uuid.UUID
    team_id: uuid.UUID
    held_on: date
    organiser: RefRead
    organiser_role: str
    mode: str
    duration_minutes: int
    participants: list[ParticipantRead]
    attendance: AttendanceRead
