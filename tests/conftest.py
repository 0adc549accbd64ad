"""Test fixtures shared by every tier.

PostgreSQL: `TEST_DATABASE_URL` (any database on the server; the tests create their own databases next to it)
or, by default, an embedded PostgreSQL 18 started for the session. Broker: `TEST_KAFKA_BOOTSTRAP_SERVERS` or a
tansu broker started for the session. Nothing is skipped: without a URL the tests start what they need.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TypedDict, Unpack

import asyncpg
import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from shared.auth import mint_token
from shared.config import DEV_JWT_SECRET, ServiceSettings
from shared.devstack.broker import TansuBroker
from shared.devstack.postgres import EmbeddedPostgres, free_port
from shared.migrations import upgrade

SERVICES = ("screening", "careteam", "financing", "reporting")


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def _with_database(url: str, database: str) -> str:
    base, _, _ = url.rpartition("/")
    query = ""
    if "?" in url:
        query = "?" + url.split("?", 1)[1]
    return f"{base}/{database}{query}".replace("postgresql://", "postgresql+asyncpg://")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a maintenance database on a real PostgreSQL server."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given.replace("postgresql://", "postgresql+asyncpg://")
        return
    # Not under pytest's basetemp: concurrent pytest runs rotate (delete) each other's old basetemps.
    pg = EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="perinatal-test-pg-")) / "data", port=free_port())
    pg.start()
    try:
        yield pg.url("postgres")
    finally:
        pg.destroy()
        shutil.rmtree(pg.datadir.parent, ignore_errors=True)


class Databases:
    """Creates uniquely named databases on the test server and drops them at the end of the session."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.created: list[str] = []

    async def create(self, prefix: str, *, migrate: str | None = None) -> str:
        name = f"t_{prefix}_{uuid.uuid4().hex[:10]}"
        conn = await asyncpg.connect(_plain(self.server_url))
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        self.created.append(name)
        url = _with_database(self.server_url, name)
        if migrate:
            # Alembic runs its own event loop; keep it off the test loop.
            await asyncio.to_thread(upgrade, migrate, url)
        return url

    async def drop_all(self) -> None:
        conn = await asyncpg.connect(_plain(self.server_url))
        try:
            for name in self.created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def databases(pg_server_url: str) -> AsyncIterator[Databases]:
    dbs = Databases(pg_server_url)
    yield dbs
    await dbs.drop_all()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def service_db_urls(databases: Databases) -> dict[str, str]:
    """One migrated database per service for the session (this runs every migration tree)."""
    return {svc: await databases.create(svc, migrate=f"{svc}:migrations") for svc in SERVICES}


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    given = os.environ.get("TEST_KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    broker = TansuBroker(port=free_port())
    broker.start()
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


class TokenClaims(TypedDict, total=False):
    """The optional claims `mint_token` accepts, for `make_token` and `auth`."""

    organisation_id: str | None
    professional_id: str | None
    profession: str | None
    payer_code: str | None


_TEST_SUBJECT = "test-user"


def make_token(*roles: str, subject: str = _TEST_SUBJECT, **claims: Unpack[TokenClaims]) -> str:
    """An HS256 token accepted by settings with the dev defaults."""
    defaults = ServiceSettings()
    return mint_token(
        secret_or_private_key=DEV_JWT_SECRET,
        algorithm="HS256",
        issuer=defaults.jwt_issuer,
        audience=defaults.jwt_audience,
        subject=subject,
        roles=list(roles),
        ttl=timedelta(hours=1),
        **claims,
    )


@pytest.fixture
def token() -> Callable[..., str]:
    return make_token


def auth(*roles: str, subject: str = _TEST_SUBJECT, **claims: Unpack[TokenClaims]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(*roles, subject=subject, **claims)}"}


@contextlib.asynccontextmanager
async def running_app(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan and give an in-process HTTP client (real ASGI, no network)."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]
