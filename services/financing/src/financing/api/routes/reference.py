"""Read-only reference data: the payer organisations and the tariffs with their validity periods."""

from __future__ import annotations

from fastapi import APIRouter

from financing.api.deps import READ_REFERENCE, RulesDep
from financing.api.schemas.budgets import PayerOrganisationRead, TariffItem
from financing.domain.model import Payer
from financing.domain.payers_reference import payer_organisations
from shared.api import problem_responses

router = APIRouter(
    tags=["reference"], dependencies=[READ_REFERENCE], responses=problem_responses(401, 403, 422)
)


@router.get(
    "/payer-organisations",
    response_model=list[PayerOrganisationRead],
    summary="The mutualities (insurer codes) and Flemish care funds that pay out (FIN-20, FIN-30)",
)
async def list_payer_organisations(payer: Payer | None = None) -> list[PayerOrganisationRead]:
    return [PayerOrganisationRead.of(o) for o in payer_organisations(payer)]


@router.get(
    "/tariffs",
    response_model=list[TariffItem],
    summary="The tariffs in force and their validity periods (Q-17: a claim is priced on its act date)",
)
async def list_tariffs(rules: RulesDep) -> list[TariffItem]:
    return [TariffItem.of(t) for t in rules.tariffs.tariffs]
