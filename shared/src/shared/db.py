"""Database helpers: engine and session factory built at start-up, metadata with a naming convention.

Nothing here runs at import time. `make_engine` / `make_sessionmaker` are called from `create_app()`'s
lifespan or a worker's `main()` and kept on `app.state`. Sessions are owned by a unit of work: repositories
and the outbox writer share one session, and only the use case commits.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Self

from sqlalchemy import MetaData, Table, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from shared.outbox.writer import OutboxWriter

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata() -> MetaData:
    """A fresh MetaData with the shared constraint naming convention (one per service)."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def make_base(metadata: MetaData) -> type[DeclarativeBase]:
    """A declarative base bound to a service's own metadata."""

    class Base(DeclarativeBase):
        pass

    Base.metadata = metadata
    return Base


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10, echo: bool = False) -> AsyncEngine:
    """An asyncpg engine; `url` may be given as postgresql:// and is upgraded to the asyncpg driver."""
    return create_async_engine(
        to_async_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        echo=echo,
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (responses are built after the use case commits)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def to_async_url(url: str) -> str:
    """Normalise a PostgreSQL URL to the asyncpg dialect."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def utcnow() -> datetime:
    """Timezone-aware now in UTC."""
    return datetime.now(UTC)


async def ping(engine: AsyncEngine) -> None:
    """Raise if the database cannot answer a trivial query."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


class UnitOfWork:
    """One session per request or message; rolls back on exit unless `commit()` was called.

    Services extend it with their repositories (built on `self.session`) and use `self.outbox`
    to add events in the same transaction.
    """

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, outbox_table: Table | None = None
    ) -> None:
        self._sessionmaker = sessionmaker
        self._outbox_table = outbox_table
        self._session: AsyncSession | None = None
        self._outbox: OutboxWriter | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._session

    @property
    def outbox(self) -> OutboxWriter:
        if self._outbox is None:
            raise RuntimeError("this unit of work has no outbox table")
        return self._outbox

    async def __aenter__(self) -> Self:
        self._session = self._sessionmaker()
        await self._session.__aenter__()
        if self._outbox_table is not None:
            self._outbox = OutboxWriter(self._session, self._outbox_table)
        self._on_enter()
        return self

    def _on_enter(self) -> None:
        """Hook for subclasses to build repositories on `self.session`."""

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self._session is not None
        try:
            if self._session.in_transaction():
                await self._session.rollback()
        finally:
            await self._session.close()
            self._session = None
            self._outbox = None

    async def flush(self) -> None:
        """Send pending changes and queued outbox rows to the database without committing."""
        if self._outbox is not None:
            await self._outbox.flush_pending()
        await self.session.flush()

    async def commit(self) -> None:
        """Write the queued outbox rows and commit them together with the domain rows."""
        if self._outbox is not None:
            await self._outbox.flush_pending()
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
