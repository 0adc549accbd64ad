"""Fixtures of the screening API tests: one migrated database and one running app for the session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest_asyncio

from screening.api.deps import get_today
from screening.config import ScreeningSettings
from screening.main import create_app
from tests.conftest import Databases, running_app

# The API tests judge every date against this fixed "today" (overriding the TodayDep).
TODAY = date(2026, 11, 23)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def screening_db_url(databases: Databases) -> str:
    return await databases.create("screening_api", migrate="screening:migrations")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def api(screening_db_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(ScreeningSettings(database_url=screening_db_url, environment="test"))
    app.dependency_overrides[get_today] = lambda: TODAY
    async with running_app(app) as client:
        yield client
