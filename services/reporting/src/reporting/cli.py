"""Entry points: reporting-api, reporting-relay, reporting-consumers, reporting-migrate, reporting-rebuild."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import asdict

from reporting.config import ReportingSettings
from reporting.main import definition
from reporting.service.rebuild import rebuild as rebuild_projection
from shared import service
from shared.db import make_engine, make_sessionmaker
from shared.logging import configure_logging


def api() -> None:
    settings = ReportingSettings()
    service.serve("reporting.main:create_app", settings, settings.http_port)


def relay() -> None:
    asyncio.run(service.run_workers(definition(), ReportingSettings(), relay=True, consumers=False))


def consumers() -> None:
    asyncio.run(service.run_workers(definition(), ReportingSettings(), relay=False, consumers=True))


def migrate() -> None:
    service.migrate(definition(), ReportingSettings())


def rebuild() -> None:
    """Recompute every figure from the stored event log (``reporting-rebuild`` / ``python -m reporting.rebuild``).

    Prints the result as one JSON object on stdout (events, facts, superseded, skipped, seconds,
    events_per_second) and the throughput as a line on stderr.
    """
    settings = ReportingSettings()
    configure_logging("reporting", level=settings.log_level, json=settings.log_json)

    async def run() -> None:
        engine = make_engine(settings.database_url_str, pool_size=1, max_overflow=0)
        try:
            result = await rebuild_projection(make_sessionmaker(engine))
        finally:
            await engine.dispose()
        print(json.dumps(asdict(result)))  # noqa: T201 - the command's output
        print(  # noqa: T201 - the command's output
            f"rebuilt {result.events:,} events into {result.facts:,} facts and {result.superseded:,} "
            f"superseded records in {result.seconds:,.1f} s ({result.events_per_second:,.0f} events/s)",
            file=sys.stderr,
        )

    asyncio.run(run())
