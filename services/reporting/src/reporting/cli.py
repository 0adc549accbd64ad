"""Entry points: reporting-api, reporting-relay, reporting-consumers, reporting-migrate."""

from __future__ import annotations

import asyncio

from reporting.config import ReportingSettings
from reporting.main import definition
from shared import service


def api() -> None:
    settings = ReportingSettings()
    service.serve("reporting.main:create_app", settings, settings.http_port)


def relay() -> None:
    asyncio.run(service.run_workers(definition(), ReportingSettings(), relay=True, consumers=False))


def consumers() -> None:
    asyncio.run(service.run_workers(definition(), ReportingSettings(), relay=False, consumers=True))


def migrate() -> None:
    service.migrate(definition(), ReportingSettings())
