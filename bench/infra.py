"""What the benchmark runs against: its own embedded PostgreSQL and tansu broker, or the servers it is given.

`Infrastructure` is a synchronous context manager so that the servers are stopped by a plain `finally`, also
after Ctrl-C (asyncio.run re-raises KeyboardInterrupt once the main task is cancelled) or SIGTERM (turned into
a cancellation by the entry point). Databases are created fresh with unique names; on a server the benchmark
did not start they are dropped again at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Protocol

import asyncpg

from shared.db import to_async_url
from shared.devstack.broker import TansuBroker
from shared.devstack.postgres import EmbeddedPostgres, free_port
from shared.migrations import upgrade

ENV_DATABASE_URL = "BENCH_DATABASE_URL"
ENV_BOOTSTRAP = "BENCH_KAFKA_BOOTSTRAP_SERVERS"


class DatabaseFactory(Protocol):
    """Creates a fresh database and returns its asyncpg URL (tests/conftest.py's `Databases` fits)."""

    async def create(self, prefix: str, *, migrate: str | None = None) -> str: ...


def plain_url(url: str) -> str:
    """The URL as asyncpg.connect wants it (no SQLAlchemy driver suffix)."""
    return to_async_url(url).replace("postgresql+asyncpg://", "postgresql://", 1)


def with_database(url: str, database: str) -> str:
    base, _, query = url.partition("?")
    head, _, _ = base.rpartition("/")
    return to_async_url(f"{head}/{database}" + (f"?{query}" if query else ""))


@dataclass
class BenchDatabases:
    """Fresh, uniquely named databases on `server_url`; `drop_all` removes them (bounded by timeouts)."""

    server_url: str
    created: list[str] = field(default_factory=list)
    timeout: float = 30.0

    async def create(self, prefix: str, *, migrate: str | None = None) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        conn = await asyncpg.connect(plain_url(self.server_url), timeout=self.timeout)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"', timeout=self.timeout)
        finally:
            await conn.close(timeout=self.timeout)
        self.created.append(name)
        url = with_database(self.server_url, name)
        if migrate:
            # Alembic runs its own event loop: keep it off this one.
            await asyncio.wait_for(asyncio.to_thread(upgrade, migrate, url), timeout=300)
        return url

    async def drop_all(self) -> None:
        if not self.created:
            return
        conn = await asyncpg.connect(plain_url(self.server_url), timeout=self.timeout)
        try:
            for name in self.created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', timeout=120)
        finally:
            await conn.close(timeout=self.timeout)
        self.created.clear()


class Infrastructure:
    """Starts PostgreSQL and tansu unless BENCH_DATABASE_URL / BENCH_KAFKA_BOOTSTRAP_SERVERS are set."""

    def __init__(self, database_url: str | None = None, bootstrap: str | None = None) -> None:
        self._given_db = database_url if database_url is not None else os.environ.get(ENV_DATABASE_URL)
        self._given_kafka = bootstrap if bootstrap is not None else os.environ.get(ENV_BOOTSTRAP)
        self._tmp: Path | None = None
        self._pg: EmbeddedPostgres | None = None
        self._broker: TansuBroker | None = None
        self.server_url = ""
        self.bootstrap = ""

    @property
    def owns_database(self) -> bool:
        return self._pg is not None

    @property
    def owns_broker(self) -> bool:
        return self._broker is not None

    def describe(self) -> str:
        pg = (
            f"embedded PostgreSQL on port {self._pg.port}"
            if self._pg
            else f"PostgreSQL from {ENV_DATABASE_URL}"
        )
        kafka = (
            f"tansu on {self.bootstrap}" if self._broker else f"broker {self.bootstrap} from {ENV_BOOTSTRAP}"
        )
        return f"{pg}; {kafka}"

    def __enter__(self) -> Infrastructure:
        try:
            if self._given_db:
                self.server_url = to_async_url(self._given_db)
            else:
                self._tmp = Path(tempfile.mkdtemp(prefix="perinatal-bench-pg-"))
                self._pg = EmbeddedPostgres(self._tmp / "data", port=free_port())
                self._pg.start()
                self.server_url = self._pg.url("postgres")
            if self._given_kafka:
                self.bootstrap = self._given_kafka
            else:
                self._broker = TansuBroker(port=free_port())
                self._broker.start()
                self.bootstrap = self._broker.bootstrap_servers
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop what this process started; safe to call twice."""
        try:
            if self._broker is not None:
                self._broker.stop()
                self._broker = None
        finally:
            if self._pg is not None:
                self._pg.destroy()
                self._pg = None
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None

    def broker_peak_rss_kb(self) -> int | None:
        """Peak resident memory of the tansu process we started (it keeps every record in memory)."""
        proc = self._broker._proc if self._broker is not None else None
        if proc is None:
            return None
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None
