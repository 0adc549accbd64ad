"""The reporting service: its definition and the app factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from reporting.adapters import orm
from reporting.api.routes import dashboard, event_log, exports, indicators, ops
from reporting.config import ReportingSettings
from reporting.consumers import consumer_specs
from reporting.service.geography import GeographyIndex
from reporting.service.queries import FigureCache
from shared.config import ServiceSettings
from shared.refdata import load_geography
from shared.service import ServiceDefinition, create_service_app

DESCRIPTION = (
    "Policy indicators per primary-care zone (ELZ), care council and province: dashboard and exports, "
    "aggregated only and never traceable to an individual. Figures below the small-cell threshold show as "
    '"<5" (and "x" where a figure is hidden to protect another one). The API takes bearer tokens; the '
    "dashboard (/dashboard) keeps the token in an HttpOnly cookie after it is posted once by its login form."
)
STATIC_DIR = Path(__file__).resolve().parent / "static"


async def on_startup(_app: FastAPI | None, settings: ServiceSettings, state: dict[str, Any]) -> None:
    """Load and check the geography vintage once (REPORTING_REFDATA_DIR or the packaged one)."""
    refdata_dir = settings.refdata_dir if isinstance(settings, ReportingSettings) else None
    geography = load_geography(refdata_dir)
    state["geography"] = geography
    state["geography_index"] = GeographyIndex.build(geography)
    state["figure_cache"] = FigureCache()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="reporting",
        title="Reporting service",
        description=DESCRIPTION,
        version="0.1.0",
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations="reporting:migrations",
        routers=(indicators.router, exports.router, dashboard.router, ops.router, event_log.router),
        consumers=consumer_specs,
        on_startup=on_startup,
    )


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    app = create_service_app(definition(), settings or ReportingSettings())
    # Styles are served by the service itself: the dashboard loads nothing from elsewhere (works offline).
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
