"""Helpers shared by the financing use cases: event source, amounts on the wire, idempotency keys."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.model import Money, quantize_cents
from shared.idempotency import IdempotencyClaim

SOURCE = "urn:perinatal:financing"


def amount_str(value: Money | Decimal) -> str:
    """An amount as it travels (events, API): a decimal string with two decimals, never a float."""
    amount = value.amount if isinstance(value, Money) else value
    return f"{quantize_cents(amount):.2f}"


async def claim_idempotency_key(
    uow: FinancingUnitOfWork, key: str | None, *, operation: str, actor: str, content: Mapping[str, Any]
) -> tuple[IdempotencyClaim | None, uuid.UUID | None]:
    """Claim `key` (`shared.idempotency`); return the claim, or the id the first identical request created.

    Runs first in the transaction, before any advisory lock.
    """
    claim, replay = await uow.idempotency.claim(key, operation=operation, actor=actor, content=content)
    return claim, None if replay is None else uuid.UUID(str(replay["id"]))


async def complete_idempotency_key(
    uow: FinancingUnitOfWork, claim: IdempotencyClaim | None, resource_id: uuid.UUID
) -> None:
    """Remember which resource the claimed key created (commits with the use case)."""
    await uow.idempotency.remember(claim, {"id": str(resource_id)})
