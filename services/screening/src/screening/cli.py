"""Entry points: screening-api, screening-relay, screening-consumers, screening-migrate."""

from __future__ import annotations

import asyncio

from screening.config import ScreeningSettings
from screening.main import definition
from shared import service


def api() -> None:
    settings = ScreeningSettings()
    service.serve("screening.main:create_app", settings, settings.http_port)


def relay() -> None:
    asyncio.run(service.run_workers(definition(), ScreeningSettings(), relay=True, consumers=False))


def consumers() -> None:
    asyncio.run(service.run_workers(definition(), ScreeningSettings(), relay=False, consumers=True))


def migrate() -> None:
    service.migrate(definition(), ScreeningSettings())
