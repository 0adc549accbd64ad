"""The financing service: its definition and the app factory."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI

from financing.adapters import orm
from financing.api.routes import (
    batches,
    budgets,
    claims,
    findings,
    operations,
    payment_orders,
    pregnancies,
    reference,
)
from financing.config import FinancingSettings
from financing.consumers import ActivityArrivals, background_workers, consumer_specs, with_activity_follow_up
from financing.service.decisions import RuleBook
from shared.config import ServiceSettings
from shared.events.contracts.topics import FINANCING_EVENTS, PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH
from shared.periodic import WorkerGroup
from shared.service import ServiceDefinition, create_service_app

DESCRIPTION = (
    "Reimbursement claims for the four perinatal acts, case management and the legacy MDO fee: payer routing "
    "(federal health insurance via the mutualities, Flemish social protection via the care funds), caps, "
    "double-funding detection across both payers (one role is never paid twice, also under concurrency), "
    "payment orders per payer organisation, payment batches and budgets. Every decision is taken on this "
    "service's own projection of the screening and careteam events and explained with rule ids and evidence."
)


async def _startup(_app: FastAPI | None, settings: ServiceSettings, state: dict[str, Any]) -> None:
    assert isinstance(settings, FinancingSettings)
    # Policy and tariffs are built and validated once: a bad FINANCING_ value stops the process at start-up.
    state["rules"] = RuleBook.from_settings(settings)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="financing",
        title="Financing service",
        description=DESCRIPTION,
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="financing:migrations",
        routers=(
            claims.router,
            findings.router,
            payment_orders.router,
            batches.router,
            budgets.router,
            reference.router,
            pregnancies.router,
            operations.router,
        ),
        consumers=consumer_specs,
        produced_topics=(FINANCING_EVENTS, PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH),
        on_startup=_startup,
        openapi_tags=(
            {
                "name": "claims",
                "description": "Submit claims, read decisions and their history, review held claims.",
            },
            {
                "name": "findings",
                "description": "Double-funding findings (DF-1, DF-2, DF-3, DF-7) and their resolution.",
            },
            {
                "name": "payment orders",
                "description": "Orders per mutuality or care fund; each sees only its own.",
            },
            {
                "name": "payment batches",
                "description": "Periodic batches per payer organisation, run once per month.",
            },
            {
                "name": "budgets",
                "description": "Budgets per payer, year and act; 80% and 100% thresholds (FIN-50).",
            },
            {"name": "reference", "description": "Payer organisations and tariffs with validity periods."},
            {
                "name": "projection",
                "description": "Financing's own projection of the screening and careteam facts.",
            },
        ),
    )


def create_app(settings: FinancingSettings | None = None) -> FastAPI:
    settings = settings or FinancingSettings()
    if not settings.run_workers_in_process:
        return create_service_app(definition(), settings)
    # Development and the e2e stack: the relay and the consumer run in this process (shared lifespan), and so
    # do the held-claims follow-up and the periodic reassessment of the consumers process.
    arrivals = ActivityArrivals()
    app = create_service_app(with_activity_follow_up(definition(), arrivals), settings)
    app.router.lifespan_context = _with_background_workers(app.router.lifespan_context, settings, arrivals)
    return app


def _with_background_workers(
    inner: Callable[[FastAPI], AbstractAsyncContextManager[Any]],
    settings: FinancingSettings,
    arrivals: ActivityArrivals,
) -> Callable[[FastAPI], AbstractAsyncContextManager[Any]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with inner(app) as state:
            group = WorkerGroup(
                background_workers(settings, app.state.sessionmaker, app.state.rules, arrivals)
            )
            group.start()
            try:
                yield state
            finally:
                await group.stop()

    return lifespan
