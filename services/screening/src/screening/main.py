"""The screening service: its definition and the app factory."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from screening.adapters import orm
from screening.adapters.crypto import ClientIdentity
from screening.adapters.geography import MunicipalityDirectory
from screening.api.routes import activities, pregnancies, screenings
from screening.config import ScreeningSettings
from shared.config import ServiceSettings
from shared.events.contracts.topics import SCREENING_EVENTS
from shared.service import ServiceDefinition, create_service_app


async def _startup(_app: FastAPI | None, settings: ServiceSettings, state: dict[str, Any]) -> None:
    assert isinstance(settings, ScreeningSettings)
    state["client_identity"] = ClientIdentity(
        settings.pseudonym_key.get_secret_value(), settings.encryption_key.get_secret_value()
    )
    # the 2025 municipality list and the merger crosswalk, read and validated once per process.
    state["municipalities"] = MunicipalityDirectory.load()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="screening",
        title="Screening service",
        description=(
            "Pregnancies, the universal psychosocial screening, the 8 vulnerability indicators and scenarios "
            "0/A/B, the exception path and prenatal advice sessions. National register numbers are validated, "
            "encrypted at rest and never leave the service; other services know the client by a keyed pseudonym. "
            "Records are never edited: a correction supersedes the earlier record with a reason, and the history "
            "stays readable. The performer of an act may differ from the caller (front ends register on behalf "
            "of colleagues); every record keeps the caller as `recorded_by` (token subject, professional id, "
            "organisation). Errors are RFC 9457 problem+json with a stable `code` naming the rule."
        ),
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="screening:migrations",
        routers=(pregnancies.router, screenings.router, activities.router),
        produced_topics=(SCREENING_EVENTS,),
        on_startup=_startup,
        openapi_tags=(
            {"name": "pregnancies", "description": "Registration, birth, end, period, summary and lists."},
            {"name": "screenings", "description": "Screenings, corrections and the SCR-06 exception path."},
            {
                "name": "activities",
                "description": "Prenatal advice sessions (FIN-11, strictly before birth: Q-20) and referrals "
                "(SCR-10), with their corrections.",
            },
        ),
    )


def create_app(settings: ScreeningSettings | None = None) -> FastAPI:
    return create_service_app(definition(), settings or ScreeningSettings())
