"""The screening service: its definition and the app factory."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from screening.adapters import orm
from screening.adapters.crypto import ClientIdentity
from screening.api.routes import pregnancies
from screening.config import ScreeningSettings
from shared.config import ServiceSettings
from shared.events.contracts.topics import SCREENING_EVENTS
from shared.service import ServiceDefinition, create_service_app


async def _startup(_app: FastAPI | None, settings: ServiceSettings, state: dict[str, Any]) -> None:
    assert isinstance(settings, ScreeningSettings)
    state["client_identity"] = ClientIdentity(
        settings.pseudonym_key.get_secret_value(), settings.encryption_key.get_secret_value()
    )


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="screening",
        title="Screening service",
        description=(
            "Pregnancies, the universal psychosocial screening, the 8 vulnerability indicators and scenarios "
            "0/A/B, the exception path and prenatal advice sessions. National register numbers are validated, "
            "encrypted at rest and never leave the service; other services know the client by a keyed pseudonym."
        ),
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="screening:migrations",
        routers=(pregnancies.router,),
        produced_topics=(SCREENING_EVENTS,),
        on_startup=_startup,
    )


def create_app(settings: ScreeningSettings | None = None) -> FastAPI:
    return create_service_app(definition(), settings or ScreeningSettings())
