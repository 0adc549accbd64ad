"""The careteam service: its definition and the app factory."""

from __future__ import annotations

from fastapi import FastAPI

from careteam.adapters import orm
from careteam.api.routes import pregnancies
from careteam.config import CareteamSettings
from careteam.consumers import consumer_specs
from shared.events.contracts.topics import CARETEAM_EVENTS
from shared.service import ServiceDefinition, create_service_app

DESCRIPTION = "The care team around the client: members, the one reimbursable care coordinator, the external and time-limited case manager, consent, perinatal consultations and the care plan."


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="careteam",
        title="Careteam service",
        description=DESCRIPTION,
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="careteam:migrations",
        routers=(pregnancies.router,),
        consumers=consumer_specs,
        produced_topics=(CARETEAM_EVENTS,),
    )


def create_app(settings: CareteamSettings | None = None) -> FastAPI:
    return create_service_app(definition(), settings or CareteamSettings())
