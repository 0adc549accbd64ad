"""The careteam service: its definition and the app factory."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from careteam.adapters import orm
from careteam.api.routes import (
    care_plans,
    case_management,
    consultations,
    coordination,
    ops,
    pregnancies,
    professionals,
    register,
    teams,
)
from careteam.config import CareteamSettings
from careteam.consumers import consumer_specs
from careteam.domain.coordination import ReimbursementPolicy
from shared.config import ServiceSettings
from shared.events.contracts.topics import CARETEAM_EVENTS
from shared.refdata.loader import load_geography
from shared.service import ServiceDefinition, create_service_app

DESCRIPTION = (
    "The care team around the client: members, the one reimbursable care coordinator, the external and "
    "time-limited case manager, consent, perinatal consultations and the care plan.\n\n"
    "Careteam knows pregnancies, scenarios, births and ends only from the screening events. Until the event it "
    "needs has arrived, a request that depends on it is refused with **409** and the code "
    "`PREGNANCY_NOT_YET_KNOWN` (creating a team) or `SCENARIO_NOT_YET_KNOWN` (a consultation, or a professional "
    "coordinator meant to be reimbursed); the same request succeeds once the event has arrived. Other refusals are "
    "problem+json naming the rule (`CT_13_SECOND_ACTIVE_COORDINATOR`, ...): 409 for a conflict with the current "
    "state, 422 for a rule the request breaks; nothing is stored.\n\n"
    "**Access (Q-16).** A professional sees and changes only the teams she is a member, the active coordinator or "
    "the active case manager of (the token's `professional_id`), and the teams she formed unless the client has "
    "since removed her; the organisation a case-management request was sent to (the token's `org`) reaches that "
    "request. Admin and ops see all. Anyone else gets **403** `Q_16_NOT_IN_TEAM`; the teams per professional are "
    "listed for that professional only (`Q_16_OWN_TEAMS_ONLY`).\n\n"
    "**Retries.** Every POST that records something accepts an `Idempotency-Key` header (8-200 printable "
    "characters, scoped to the caller and the operation): the same key with the same request answers like the "
    "first (the resource as it is now) and stores and publishes nothing twice, also for two identical requests "
    "at once; the same key with another request is **409** `IDEMPOTENCY_KEY_REUSED`."
)


async def _startup(_app: FastAPI | None, settings: ServiceSettings, state: dict[str, Any]) -> None:
    assert isinstance(settings, CareteamSettings)
    state["geography"] = load_geography()
    state["reimbursement_policy"] = ReimbursementPolicy(welfare_fees_enabled=settings.welfare_fees_enabled)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="careteam",
        title="Careteam service",
        description=DESCRIPTION,
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="careteam:migrations",
        routers=(
            teams.router,
            coordination.router,
            case_management.router,
            consultations.router,
            care_plans.router,
            professionals.router,
            register.router,
            ops.router,
            pregnancies.router,
        ),
        consumers=consumer_specs,
        produced_topics=(CARETEAM_EVENTS,),
        on_startup=_startup,
    )


def create_app(settings: CareteamSettings | None = None) -> FastAPI:
    return create_service_app(definition(), settings or CareteamSettings())
