"""Idempotency keys: a retried or concurrently duplicated request is executed once.

The key is claimed with an INSERT in the use case's own transaction. A concurrent request with the same key
blocks on the unique index until the first transaction ends: if it committed, the second sees the stored
response and returns it; if it rolled back, the second proceeds as if it were first. Reusing a key for a
different request is refused. Responses are kept in the service's own `idempotency_key` table.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated, Any

from fastapi import Header
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import Conflict, InvalidInput

IDEMPOTENCY = "idempotency_key"


class IdempotencyKeyReused(Conflict):
    code = "IDEMPOTENCY_KEY_REUSED"
    title = "Idempotency key reused for a different request"


class InvalidIdempotencyKey(InvalidInput):
    code = "INVALID_IDEMPOTENCY_KEY"


def idempotency_table(metadata: MetaData) -> Table:
    """The idempotency table on a service's metadata."""
    return Table(
        IDEMPOTENCY,
        metadata,
        Column("scope", String(200), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("status_code", Integer, nullable=True),
        Column("response", JSONB, nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def canonical(value: object) -> object:
    """The request content as plain JSON values (dataclasses as dicts, enums as values, sets sorted), so the
    same request always gives the same fingerprint."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, date | uuid.UUID):
        return str(value)
    return value


def fingerprint(payload: Any) -> str:
    """A stable hash of the request content (so a reused key with other content is detected)."""
    text = json.dumps(canonical(payload), sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class IdempotencyClaim:
    """An `Idempotency-Key` claimed in the use case's transaction for one operation of one caller."""

    key: str
    scope: str
    fingerprint: str


class StoredResponse:
    def __init__(self, status_code: int, body: dict[str, Any]) -> None:
        self.status_code = status_code
        self.body = body


class IdempotencyStore:
    """Claims and completes keys in the caller's session (the use case's transaction)."""

    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._session = session
        self._table = table

    async def begin(self, scope: str, key: str, request_fingerprint: str) -> StoredResponse | None:
        """Claim `key`; return the stored response when it was already used for the same request."""
        t = self._table
        claimed = await self._session.execute(
            insert(t)
            .values(scope=scope, key=key, fingerprint=request_fingerprint)
            .on_conflict_do_nothing()
            .returning(t.c.key)
        )
        if claimed.first() is not None:
            return None
        row = (await self._session.execute(select(t).where(t.c.scope == scope, t.c.key == key))).one()
        if row.fingerprint != request_fingerprint:
            raise IdempotencyKeyReused("This Idempotency-Key was already used for a different request")
        if row.response is None:  # defensive: cannot happen, the row commits with its response
            raise IdempotencyKeyReused("This Idempotency-Key is being used by a request in progress")
        return StoredResponse(int(row.status_code), dict(row.response))

    async def claim(
        self, key: str | None, *, operation: str, actor: str, content: object
    ) -> tuple[IdempotencyClaim | None, dict[str, Any] | None]:
        """Claim `key` for `operation` by `actor`: the claim to complete, or the stored answer to replay.

        Must run first in the use case's transaction, before any row or advisory lock: a concurrent duplicate
        waits here for the first request to commit, then replays its answer (or proceeds, if the first rolled
        back). Without a key there is nothing to claim and nothing to replay.
        """
        if key is None:
            return None, None
        claim = IdempotencyClaim(
            key=key, scope=f"{operation}:{actor}"[:200], fingerprint=fingerprint(content)
        )
        stored = await self.begin(claim.scope, claim.key, claim.fingerprint)
        return (claim, None) if stored is None else (None, stored.body)

    async def remember(
        self, claim: IdempotencyClaim | None, body: dict[str, Any], status_code: int = 201
    ) -> None:
        """Store what the claimed key's request created, to replay; commits with the use case."""
        if claim is not None:
            await self.complete(claim.scope, claim.key, status_code, body)

    async def complete(self, scope: str, key: str, status_code: int, body: dict[str, Any]) -> None:
        """Store the response to replay; commits with the use case."""
        t = self._table
        await self._session.execute(
            update(t).where(t.c.scope == scope, t.c.key == key).values(status_code=status_code, response=body)
        )


def idempotency_key_header(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Optional client-chosen key (8-200 characters): a retried request with the same key "
            "and content returns the first answer instead of acting twice.",
        ),
    ] = None,
) -> str | None:
    if idempotency_key is None:
        return None
    if not 8 <= len(idempotency_key) <= 200 or not idempotency_key.isprintable():
        raise InvalidIdempotencyKey("Idempotency-Key must be 8-200 printable characters")
    return idempotency_key
