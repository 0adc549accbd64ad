"""Entry points: careteam-api, careteam-relay, careteam-consumers, careteam-migrate."""

from __future__ import annotations

import asyncio

from careteam.config import CareteamSettings
from careteam.main import definition
from shared import service


def api() -> None:
    settings = CareteamSettings()
    service.serve("careteam.main:create_app", settings, settings.http_port)


def relay() -> None:
    asyncio.run(service.run_workers(definition(), CareteamSettings(), relay=True, consumers=False))


def consumers() -> None:
    asyncio.run(service.run_workers(definition(), CareteamSettings(), relay=False, consumers=True))


def migrate() -> None:
    service.migrate(definition(), CareteamSettings())
