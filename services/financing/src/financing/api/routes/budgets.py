"""Budget routes (FIN-50): finance officers set a budget per payer, year and act; thresholds raise events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from financing.api.deps import FINANCE, READ_BUDGETS, TodayDep, UowDep
from financing.api.schemas.budgets import BudgetRead, BudgetUpdate
from financing.domain.model import Act, Money, Payer
from financing.service import budgets
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(prefix="/budgets", tags=["budgets"], responses=problem_responses(401, 403, 422))

YearPath = Annotated[int, Path(ge=2020, le=2100)]


@router.put(
    "/{payer}/{year}/{act}",
    response_model=BudgetRead,
    dependencies=[FINANCE],
    summary="Set the budget of a payer for an act in a year (the committed amount is recounted)",
    description="Events `financing.budget.threshold_passed` are raised when the committed amount reaches 80% "
    "and 100%, once per crossing (also when a budget is set below what is already committed).",
)
async def put(
    payer: Payer,
    year: YearPath,
    act: Act,
    body: BudgetUpdate,
    principal: PrincipalDep,
    uow: UowDep,
    today: TodayDep,
) -> BudgetRead:
    cmd = budgets.SetBudget(payer, year, act, Money.of(body.amount), principal.subject)
    return BudgetRead.of(await budgets.set_budget(cmd, uow=uow, today=today))


@router.get(
    "", response_model=list[BudgetRead], dependencies=[READ_BUDGETS], summary="List budgets and their use"
)
async def list_budgets(
    uow: UowDep,
    payer: Payer | None = None,
    year: Annotated[int | None, Query(ge=2020, le=2100)] = None,
) -> list[BudgetRead]:
    return [BudgetRead.of(b) for b in await budgets.list_budgets(uow=uow, payer=payer, year=year)]
