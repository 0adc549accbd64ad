"""Alembic helpers: one migration tree per service, run programmatically or from the alembic CLI.

A service's `migrations/env.py` is two lines: import the service metadata and call `run_env(metadata)`.
The database URL comes from the Alembic config (set by `upgrade`) or, for the CLI, from the
``<PREFIX>DATABASE_URL`` variable named by ``-x url_env=...`` or ``DATABASE_URL``.
"""

from __future__ import annotations

import asyncio
import os

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db import to_async_url


def alembic_config(script_location: str, database_url: str) -> Config:
    """An Alembic config for a tree given as a package resource path, e.g. ``screening:migrations``."""
    cfg = Config()
    cfg.set_main_option("script_location", script_location)
    cfg.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s")
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(script_location: str, database_url: str, revision: str = "head") -> None:
    """Run `alembic upgrade` for one service's tree against `database_url`."""
    command.upgrade(alembic_config(script_location, database_url), revision)


def downgrade(script_location: str, database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(script_location, database_url), revision)


def _url() -> str:
    cfg = context.config
    url = cfg.attributes.get("database_url") or cfg.get_main_option("sqlalchemy.url")
    if not url:
        env_name = context.get_x_argument(as_dictionary=True).get("url_env", "DATABASE_URL")
        url = os.environ.get(env_name)
    if not url:
        raise RuntimeError("no database URL: pass -x url_env=<VAR> or set DATABASE_URL")
    return to_async_url(str(url))


def run_env(metadata: MetaData) -> None:
    """Body of a service's env.py: offline SQL generation or online async migration."""

    def configure(connection: Connection | None = None, url: str | None = None) -> None:
        context.configure(
            connection=connection,
            url=url,
            target_metadata=metadata,
            compare_type=True,
            render_as_batch=False,
            literal_binds=connection is None,
        )

    if context.is_offline_mode():
        configure(url=_url())
        with context.begin_transaction():
            context.run_migrations()
        return

    def do_run(connection: Connection) -> None:
        configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(_url(), poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(do_run)
        finally:
            await engine.dispose()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run_async())
    else:  # called from inside a running loop (e.g. a test): run in a fresh thread's loop
        import threading

        errors: list[BaseException] = []

        def target() -> None:
            try:
                asyncio.run(run_async())
            except BaseException as exc:  # re-raised in the caller's thread
                errors.append(exc)

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if errors:
            raise errors[0]
