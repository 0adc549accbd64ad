"""A database with the test schema (outbox, inbox, notes) for the event plumbing tests, emptied before each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import text

from shared.db import make_engine, make_sessionmaker
from tests.conftest import Databases
from tests.shared.integration.helpers import TestDB, build_schema


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def plumbing_db(databases: Databases) -> AsyncIterator[TestDB]:
    url = await databases.create("outbox")
    engine = make_engine(url, pool_size=5, max_overflow=10)
    schema = build_schema()
    async with engine.begin() as conn:
        await conn.run_sync(schema.metadata.create_all)
    yield TestDB(engine, make_sessionmaker(engine), schema)
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def db(plumbing_db: TestDB) -> TestDB:
    async with plumbing_db.engine.begin() as conn:
        await conn.execute(text("TRUNCATE outbox, inbox, notes RESTART IDENTITY"))
    return plumbing_db
