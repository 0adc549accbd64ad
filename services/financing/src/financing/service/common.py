"""Helpers shared by the financing use cases: event source, amounts on the wire, idempotency keys."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.model import Money, quantize_cents
from shared.idempotency import fingerprint

SOURCE = "urn:perinatal:financing"


def amount_str(value: Money | Decimal) -> str:
    """An amount as it travels (events, API): a decimal string with two decimals, never a float."""
    amount = value.amount if isinstance(value, Money) else value
    return f"{quantize_cents(amount):.2f}"


@dataclass(frozen=True)
class IdempotencyClaim:
    """An `Idempotency-Key` claimed in the use case's transaction for one operation of one caller."""

    key: str
    scope: str
    fingerprint: str


async def claim_idempotency_key(
    uow: FinancingUnitOfWork, key: str | None, *, operation: str, actor: str, content: Mapping[str, Any]
) -> tuple[IdempotencyClaim | None, uuid.UUID | None]:
    """Claim `key`; return the claim, or the id of the resource the first identical request created.

    Runs first in the transaction, before any lock: a concurrent duplicate waits on the key's unique index
    until the first request commits, then replays its result (or proceeds, if the first rolled back).
    """
    if key is None:
        return None, None
    claim = IdempotencyClaim(key=key, scope=f"{operation}:{actor}"[:200], fingerprint=fingerprint(content))
    stored = await uow.idempotency.begin(claim.scope, claim.key, claim.fingerprint)
    if stored is None:
        return claim, None
    return None, uuid.UUID(str(stored.body["id"]))


async def complete_idempotency_key(
    uow: FinancingUnitOfWork, claim: IdempotencyClaim | None, resource_id: uuid.UUID
) -> None:
    """Remember which resource the claimed key created (commits with the use case)."""
    if claim is not None:
        await uow.idempotency.complete(claim.scope, claim.key, 201, {"id": str(resource_id)})
