"""Facts of the careteam events: coordination, consultations, case-management requests and intakes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from reporting.domain import model
from reporting.domain.aggregation import UNSPECIFIED
from reporting.domain.errors import InvalidFact
from reporting.domain.model import Fact, FactKind
from reporting.service.facts.payload import Payload, attribute_value, code, performer_fields, professional_key
from reporting.service.facts.projection import EMPTY, Projection

_PROFESSIONAL: Final = "PROFESSIONAL"


def coordinator_appointed(p: Payload) -> Projection:
    if p.text("previous_appointment_id") is not None:
        return EMPTY  # a hand-over continues the trajectory (REP-04)
    fact = Fact(
        kind=FactKind.COORDINATION_STARTED,
        occurred_on=p.day("appointed_on"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("pregnancy_id"),
        performer_nis=p.nis("location_nis", p.section("coordinator")),
        **performer_fields(p.section("coordinator")),
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("coordination", "appointment_id"))


def consultation_held(p: Payload) -> Projection:
    common: dict[str, Any] = {
        "occurred_on": p.day("held_on"),
        "programme": p.programme(),
        "residence_nis": p.nis("residence_nis"),
        "subject_pseudonym": p.required("pregnancy_id"),
    }
    facts = [
        Fact(
            kind=FactKind.PERINATAL_CONSULTATION_HELD,
            professional_id=professional_key(p.data.get("organiser_id")),
            attributes={"mode": attribute_value(p.data.get("mode"))},
            **common,
        )
    ]
    participants = p.data.get("participants") or []
    if not isinstance(participants, list):
        raise InvalidFact(f"{p.event_type}: participants is not a list")
    for participant in participants:
        if not isinstance(participant, Mapping):
            raise InvalidFact(f"{p.event_type}: a participant is not an object")
        if code(participant.get("kind")) == _PROFESSIONAL:
            who = {**performer_fields(participant), "performer_nis": p.nis("location_nis", participant)}
        else:  # clients, informal carers, designated persons: counted by kind, never identified (REP-11)
            who = {"professional_id": None, "profession": code(participant.get("kind")), "funding_type": None}
        facts.append(Fact(kind=FactKind.PERINATAL_CONSULTATION_PARTICIPATION, **who, **common))
    return Projection(tuple(facts), p.text("client_pseudonym"), p.record("consultation", "consultation_id"))


def case_management_requested(p: Payload) -> Projection:
    fact = Fact(
        kind=FactKind.CASE_MANAGEMENT_REQUESTED,
        occurred_on=p.day("requested_on"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("team_id"),
        attributes={model.REQUEST_TYPE: code(p.data.get("request_type")) or UNSPECIFIED},
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("case-management", "request_id"))


def case_management_intake_scheduled(p: Payload) -> Projection:
    late = p.data.get("late")
    if not isinstance(late, bool):
        raise InvalidFact(f"{p.event_type}: late must be true or false")
    fact = Fact(
        kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED,
        occurred_on=p.day("scheduled_on"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("team_id"),
        attributes={model.INTAKE_LATE: attribute_value(late)},
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("intake", "request_id"))
