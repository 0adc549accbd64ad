"""Which event type maps to which facts: the one entry point `project_event` and its mapper table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import InvalidOperation
from typing import Any, Final

from reporting.domain.errors import InvalidFact
from reporting.domain.model import Fact
from reporting.service.facts import careteam_events, financing_events, screening_events
from reporting.service.facts.payload import Payload, local_date
from reporting.service.facts.projection import EMPTY, Projection

PREGNANCY_REGISTERED: Final = "screening.pregnancy.registered"
SCREENING_RECORDED: Final = "screening.screening.recorded"
INCLUSION_DECIDED: Final = "screening.inclusion.decided"
PRENATAL_ADVICE_SESSION_HELD: Final = "screening.prenatal_advice_session.held"
COORDINATOR_APPOINTED: Final = "careteam.coordinator.appointed"
CONSULTATION_HELD: Final = "careteam.consultation.held"
CASE_MANAGEMENT_REQUESTED: Final = "careteam.case_management.requested"
CASE_MANAGEMENT_INTAKE_SCHEDULED: Final = "careteam.case_management.intake_scheduled"
CLAIM_DECIDED: Final = "financing.claim.decided"
DOUBLE_FUNDING_FINDING_RAISED: Final = "financing.double_funding_finding.raised"

Mapper = Callable[[Payload], Projection]


def project_event(
    event_type: str, version: int, payload: Mapping[str, Any], occurred_at: datetime
) -> Projection:
    """Map one logged event to its projection (no facts for event types reporting does not count)."""
    mapper = _MAPPERS.get(event_type)
    if mapper is None:
        return EMPTY
    try:
        return mapper(Payload(event_type, version, payload, local_date(occurred_at)))
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise InvalidFact(f"{event_type} v{version} cannot be mapped: {type(exc).__name__} {exc}") from None


def facts_from_event(
    event_type: str, version: int, payload: Mapping[str, Any], occurred_at: datetime
) -> list[Fact]:
    """The facts of one logged event (see `project_event`)."""
    return list(project_event(event_type, version, payload, occurred_at).facts)


def mapped_event_types() -> frozenset[str]:
    """The event types that yield facts."""
    return frozenset(_MAPPERS)


_MAPPERS: Final[Mapping[str, Mapper]] = {
    PREGNANCY_REGISTERED: screening_events.pregnancy_registered,
    SCREENING_RECORDED: screening_events.screening_recorded,
    INCLUSION_DECIDED: screening_events.inclusion_decided,
    PRENATAL_ADVICE_SESSION_HELD: screening_events.prenatal_advice_session_held,
    COORDINATOR_APPOINTED: careteam_events.coordinator_appointed,
    CONSULTATION_HELD: careteam_events.consultation_held,
    CASE_MANAGEMENT_REQUESTED: careteam_events.case_management_requested,
    CASE_MANAGEMENT_INTAKE_SCHEDULED: careteam_events.case_management_intake_scheduled,
    CLAIM_DECIDED: financing_events.claim_decided,
    DOUBLE_FUNDING_FINDING_RAISED: financing_events.double_funding_finding_raised,
}
