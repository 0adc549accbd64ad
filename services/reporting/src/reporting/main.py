"""The reporting service: its definition and the app factory."""

from __future__ import annotations

from fastapi import FastAPI

from reporting.adapters import orm
from reporting.api.routes import event_log
from reporting.config import ReportingSettings
from reporting.consumers import consumer_specs
from shared.service import ServiceDefinition, create_service_app

DESCRIPTION = (
    "Policy indicators per primary-care zone (ELZ), care council and province: dashboard and exports, "
    "aggregated only and never traceable to an individual."
)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="reporting",
        title="Reporting service",
        description=DESCRIPTION,
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="reporting:migrations",
        routers=(event_log.router,),
        consumers=consumer_specs,
    )


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    return create_service_app(definition(), settings or ReportingSettings())
