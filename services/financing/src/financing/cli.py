"""Entry points: financing-api, financing-relay, financing-consumers, financing-migrate."""

from __future__ import annotations

import asyncio

from financing.config import FinancingSettings
from financing.consumers import run_consumers_process
from financing.main import definition
from shared import service


def api() -> None:
    settings = FinancingSettings()
    service.serve("financing.main:create_app", settings, settings.http_port)


def relay() -> None:
    asyncio.run(service.run_workers(definition(), FinancingSettings(), relay=True, consumers=False))


def consumers() -> None:
    """The projection consumer, with the held-claims follow-up and the periodic reassessment next to it."""
    asyncio.run(run_consumers_process(definition(), FinancingSettings()))


def migrate() -> None:
    service.migrate(definition(), FinancingSettings())
