"""Fixtures of the financing API tests: one migrated database and one running app per test module.

The app judges every claim against the fixed `TODAY` (the `get_today` dependency is overridden). By default
the Flemish payments of FIN-41 are open from 2025-01-01 and case management is priced at EUR 300.00, so
tests that are not about those two settings can pay Flemish coordination; the FIN-41 and Q-17 tests build an
app with other settings through `financing_app`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
import pytest_asyncio

from financing.api.deps import get_today
from financing.config import FinancingSettings
from financing.main import create_app
from tests.conftest import Databases, running_app
from tests.financing.builders import TODAY

DEFAULTS: dict[str, Any] = {"flemish_payments_start": date(2025, 1, 1), "case_management_amount": "300.00"}


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def financing_db_url(databases: Databases, request: pytest.FixtureRequest) -> str:
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:30]
    return await databases.create(f"fin_{name}", migrate="financing:migrations")


@contextlib.asynccontextmanager
async def financing_app(
    db_url: str, *, today: date = TODAY, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A running financing app on `db_url` with the test defaults overridden by `settings`."""
    config = FinancingSettings(database_url=db_url, environment="test", **{**DEFAULTS, **settings})
    app = create_app(config)
    app.dependency_overrides[get_today] = lambda: today
    async with running_app(app) as client:
        yield client


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def api(financing_db_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with financing_app(financing_db_url) as client:
        yield client
