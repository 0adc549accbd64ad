"""Autogenerate a migration for one service against a throwaway database (`make migration`).

    python -m shared.devstack.revision SERVICE "message" [--server-url postgresql://...]

The throwaway database is upgraded to head first, so the revision holds only the difference. Review every
generated revision by hand: it must be static and revertable.
"""

from __future__ import annotations

import argparse
import asyncio
import uuid

import asyncpg
from alembic import command

from shared.migrations import alembic_config, upgrade


async def _create(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url.replace("+asyncpg", ""))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service")
    parser.add_argument("message")
    parser.add_argument("--server-url", default="postgresql://postgres@127.0.0.1:55432/postgres")
    args = parser.parse_args()
    name = f"revision_{uuid.uuid4().hex[:8]}"
    asyncio.run(_create(args.server_url, name))
    try:
        url = args.server_url.rsplit("/", 1)[0] + "/" + name
        location = f"{args.service}:migrations"
        upgrade(location, url)
        command.revision(alembic_config(location, url), message=args.message, autogenerate=True)
    finally:
        asyncio.run(_drop(args.server_url, name))


if __name__ == "__main__":
    main()
