"""Transaction-scoped advisory locks: the claims of one scope (client, team) are decided one at a time.

`pg_advisory_xact_lock` is released by COMMIT or ROLLBACK, so a lock can never outlive its decision. The
keys are taken in ascending order, so two transactions that need overlapping scopes queue instead of
deadlocking. The lock must be taken before the accepted claims are read: under READ COMMITTED the next
statement then sees everything the previous holder committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

_NAMESPACE = b"perinatal.financing:"


def advisory_key(scope: str) -> int:
    """A stable signed 64-bit key for a scope name (first 8 bytes of its SHA-256)."""
    digest = hashlib.sha256(_NAMESPACE + scope.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class AdvisoryLocks:
    """Takes transaction-scoped advisory locks in the unit of work's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def acquire(self, scopes: Iterable[str]) -> None:
        """Block until every scope is ours for the rest of the transaction (ascending key order)."""
        for key in sorted({advisory_key(scope) for scope in scopes}):
            await self._session.execute(select(func.pg_advisory_xact_lock(key)))
