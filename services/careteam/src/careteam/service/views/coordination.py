"""Read models of coordinator appointments and their re-evaluations (CT-10..CT-16)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from careteam.adapters.coordination import StoredAppointment
from careteam.service.views.common import PersonView, RefView, person_view, ref_view, refs_view


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
