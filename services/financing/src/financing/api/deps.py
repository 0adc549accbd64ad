"""Dependencies of the financing routes (read from app.state, built at start-up) and the role sets."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from financing.adapters.uow import FinancingUnitOfWork
from financing.service.decisions import RuleBook
from financing.service.payment_orders import Viewer
from shared.auth import Principal, Role, require_role
from shared.db import utcnow
from shared.idempotency import idempotency_key_header

# Who may do what (style guide C4: role checks at the router or route).
SUBMIT_CLAIMS = Depends(require_role(Role.BILLING_SYSTEM, Role.ADMIN))
READ_CLAIMS = Depends(require_role(Role.BILLING_SYSTEM, Role.FINANCE_OFFICER, Role.ADMIN))
FINANCE = Depends(require_role(Role.FINANCE_OFFICER, Role.ADMIN))
READ_BUDGETS = Depends(require_role(Role.FINANCE_OFFICER, Role.ADMIN, Role.OPS))
READ_ORDERS = Depends(require_role(Role.PAYER, Role.FINANCE_OFFICER, Role.ADMIN))
ACKNOWLEDGE_ORDERS = Depends(require_role(Role.PAYER))
RUN_OPERATIONS = Depends(require_role(Role.FINANCE_OFFICER, Role.OPS, Role.ADMIN))
READ_REFERENCE = Depends(
    require_role(Role.BILLING_SYSTEM, Role.FINANCE_OFFICER, Role.PAYER, Role.ADMIN, Role.OPS)
)


def get_uow(request: Request) -> FinancingUnitOfWork:
    return FinancingUnitOfWork(request.app.state.sessionmaker)


def get_rules(request: Request) -> RuleBook:
    rules: RuleBook = request.app.state.rules
    return rules


def get_today() -> date:
    """The day claims are judged on (tests override it)."""
    return utcnow().date()


def required_idempotency_key(
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            description="Required: a key chosen by the billing system (8-200 printable characters) per claim. A "
            "retried submission with the same key and body is the same claim, never a second one.",
        ),
    ],
) -> str:
    key = idempotency_key_header(idempotency_key)
    assert key is not None
    return key


def claim_visibility(principal: Principal) -> str | None:
    """Finance officers and admins see every claim; a billing system sees the claims it submitted."""
    if principal.has_role(Role.FINANCE_OFFICER, Role.ADMIN):
        return None
    return principal.subject


def order_viewer(principal: Principal) -> Viewer:
    """Finance officers and admins see every order; a payer sees its own organisation's orders only."""
    if principal.has_role(Role.FINANCE_OFFICER, Role.ADMIN):
        return Viewer.everyone()
    return Viewer.payer(principal.payer_code)


UowDep = Annotated[FinancingUnitOfWork, Depends(get_uow)]
RulesDep = Annotated[RuleBook, Depends(get_rules)]
TodayDep = Annotated[date, Depends(get_today)]
IdempotencyKeyDep = Annotated[str, Depends(required_idempotency_key)]
LimitQuery = Annotated[int, Query(ge=1, le=200, description="page size")]
OffsetQuery = Annotated[int, Query(ge=0, description="items to skip")]
