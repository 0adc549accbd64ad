"""The financing service: its definition and the app factory."""

from __future__ import annotations

from fastapi import FastAPI

from financing.adapters import orm
from financing.api.routes import pregnancies
from financing.config import FinancingSettings
from financing.consumers import consumer_specs
from shared.events.contracts.topics import FINANCING_EVENTS, PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH
from shared.service import ServiceDefinition, create_service_app

DESCRIPTION = "Reimbursement claims for the four perinatal acts and case management, payer routing (federal health insurance via the mutualities, Flemish social protection via the care funds), caps, double-funding detection and payment orders."


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="financing",
        title="Financing service",
        description=DESCRIPTION,
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="financing:migrations",
        routers=(pregnancies.router,),
        consumers=consumer_specs,
        produced_topics=(FINANCING_EVENTS, PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH),
    )


def create_app(settings: FinancingSettings | None = None) -> FastAPI:
    return create_service_app(definition(), settings or FinancingSettings())
