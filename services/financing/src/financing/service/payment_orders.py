"""Payment orders: an accepted claim becomes an order for the client's mutuality or care fund (FIN-20, FIN-30).

Orders are published on the channel's topic (federal: the mutualities, Flemish: the care funds), keyed by
the payer organisation's code so each organisation reads its own orders in order. Through the API each
payer organisation sees and acknowledges only its own orders; another organisation's order is "not found".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from financing.adapters.claims import StoredClaim
from financing.adapters.payments import OrderFilter, StoredOrder
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.model import Payer
from financing.domain.payers_reference import PayerOrganisation, find_payer_organisation
from financing.service.common import SOURCE, amount_str
from shared.db import utcnow
from shared.errors import NotFound, PermissionDenied
from shared.events.contracts.financing import (
    FederalPaymentOrderIssuedV1,
    FlemishPaymentOrderIssuedV1,
    Payee,
    PaymentOrderAcknowledgedV1,
)
from shared.events.contracts.topics import PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH
from shared.events.envelope import new_envelope
from shared.logging import get_logger

log = get_logger(__name__)


class PaymentOrderNotFound(NotFound):
    code = "PAYMENT_ORDER_NOT_FOUND"


class PayerCodeRequired(PermissionDenied):
    """A payer principal without a `payer_code` claim cannot be shown any order."""

    code = "PAYER_CODE_REQUIRED"


@dataclass(frozen=True)
class Viewer:
    """Whose orders may be seen: one payer organisation, or every organisation (finance officers)."""

    payer_organisation_code: str | None

    @classmethod
    def payer(cls, payer_code: str | None) -> Viewer:
        if not payer_code:
            raise PayerCodeRequired(
                "The token of a payer must carry its payer_code (insurer or care fund code)"
            )
        organisation = find_payer_organisation(payer_code)
        return cls(organisation.code if organisation is not None else payer_code.strip().upper())

    @classmethod
    def everyone(cls) -> Viewer:
        return cls(None)

    def may_see(self, order: StoredOrder) -> bool:
        return (
            self.payer_organisation_code is None
            or order.payer_organisation_code == self.payer_organisation_code
        )


async def issue(
    uow: FinancingUnitOfWork,
    stored: StoredClaim,
    organisation: PayerOrganisation,
    *,
    today: date,
    now: datetime,
) -> StoredOrder:
    """FIN-20 / FIN-30: the payment order of a payable claim, published on its channel keyed by the organisation."""
    claim = stored.claim
    order = StoredOrder(
        order_id=uuid.uuid4(),
        claim_id=stored.claim_id,
        payer=organisation.payer.value,
        payer_organisation_code=organisation.code,
        payer_organisation_kind=organisation.kind.value,
        amount=stored.current.amount.amount,
        act=claim.act.value,
        act_date=claim.act_date,
        period_end=claim.period_end,
        units=stored.current.units,
        client_pseudonym=claim.client_pseudonym,
        pregnancy_id=uuid.UUID(claim.pregnancy_id) if claim.pregnancy_id else None,
        payee_professional_id=claim.provider.professional_id,
        payee_organisation_id=claim.provider.organisation_id,
        issued_on=today,
        issued_at=now,
    )
    await uow.orders.add(order)
    fields = {
        "order_id": order.order_id,
        "claim_id": order.claim_id,
        "payer": organisation.payer.value,
        "payer_organisation_code": organisation.code,
        "payer_organisation_kind": organisation.kind.value,
        "amount": amount_str(order.amount),
        "act": order.act,
        "act_date": order.act_date,
        "period_end": order.period_end,
        "units": order.units,
        "client_pseudonym": order.client_pseudonym,
        "pregnancy_id": order.pregnancy_id,
        "payee": Payee(
            professional_id=order.payee_professional_id, organisation_id=order.payee_organisation_id
        ),
        "issued_on": today,
    }
    payload: FederalPaymentOrderIssuedV1 | FlemishPaymentOrderIssuedV1
    if organisation.payer is Payer.FEDERAL:
        payload, topic = FederalPaymentOrderIssuedV1(**fields), PAYMENT_ORDERS_FEDERAL
    else:
        payload, topic = FlemishPaymentOrderIssuedV1(**fields), PAYMENT_ORDERS_FLEMISH
    # The mutualities and care funds each read their own key: the organisation's code, on its channel.
    envelope = new_envelope(payload, source=SOURCE, subject=organisation.code)
    uow.outbox.add(envelope, key=organisation.code, topic=topic)
    log.info("payment_order_issued", order_id=str(order.order_id), payer_organisation=organisation.code)
    return order


async def list_orders(
    filters: OrderFilter, *, viewer: Viewer, uow: FinancingUnitOfWork, limit: int, offset: int
) -> tuple[list[StoredOrder], int]:
    """The orders the viewer may see (a payer: only its own, whatever filter it asks for)."""
    if viewer.payer_organisation_code is not None:
        filters = OrderFilter(
            payer_organisation_code=viewer.payer_organisation_code,
            status=filters.status,
            batch_id=filters.batch_id,
            claim_id=filters.claim_id,
        )
    async with uow:
        return await uow.orders.list(filters, limit=limit, offset=offset)


async def get_order(order_id: uuid.UUID, *, viewer: Viewer, uow: FinancingUnitOfWork) -> StoredOrder:
    """An order; another payer organisation's order is reported as not found (its existence is not leaked)."""
    async with uow:
        order = await uow.orders.get(order_id)
    if order is None or not viewer.may_see(order):
        raise PaymentOrderNotFound("No payment order with this id for this payer organisation.")
    return order


@dataclass(frozen=True)
class AcknowledgeOrder:
    order_id: uuid.UUID
    acknowledged_by: str


async def acknowledge_order(
    cmd: AcknowledgeOrder, *, viewer: Viewer, uow: FinancingUnitOfWork, today: date
) -> StoredOrder:
    """The payer organisation confirms it received its order (idempotent: a second acknowledgement is a no-op)."""
    async with uow:
        order = await uow.orders.get(cmd.order_id, for_update=True)
        if order is None or not viewer.may_see(order):
            raise PaymentOrderNotFound("No payment order with this id for this payer organisation.")
        if order.status == "ACKNOWLEDGED":
            return order
        now = utcnow()
        await uow.orders.acknowledge(order.order_id, by=cmd.acknowledged_by, at=now)
        payload = PaymentOrderAcknowledgedV1(
            order_id=order.order_id,
            claim_id=order.claim_id,
            payer="FEDERAL" if order.payer == "FEDERAL" else "FLEMISH",
            payer_organisation_code=order.payer_organisation_code,
            amount=amount_str(order.amount),
            acknowledged_on=today,
            client_pseudonym=order.client_pseudonym,
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=order.client_pseudonym))
        await uow.commit()
    log.info("payment_order_acknowledged", order_id=str(order.order_id))
    return StoredOrder(
        **{
            **order.__dict__,
            "status": "ACKNOWLEDGED",
            "acknowledged_by": cmd.acknowledged_by,
            "acknowledged_at": now,
        }
    )
