"""Read models of perinatal consultations and who took part (CT-50, CT-51)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from careteam.adapters.consultations import StoredConsultation
from careteam.domain.consultation import attendance
from careteam.service.views.common import PersonView, RefView, person_view, ref_view


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
