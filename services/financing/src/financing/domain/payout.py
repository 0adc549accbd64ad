"""Who pays out a payable decision: the client's mutuality (FEDERAL) or care fund (FLEMISH) (FIN-20, FIN-30).

A payable claim for which no payer organisation can be named (no mutuality recorded, an unknown code) is not
paid into the void: it is held for review with FIN_20_PAYOUT_ORGANISATION_UNKNOWN.
"""

from __future__ import annotations

from dataclasses import replace

from financing.domain.assessment import Decision, Outcome
from financing.domain.errors import UnknownPayerOrganisation
from financing.domain.model import Money
from financing.domain.payers_reference import PayerOrganisation, payout_organisation
from financing.domain.reasons import Evidence, EvidenceKind, ReasonCode, review


def route_payout(
    decision: Decision, *, mutuality_code: str | None, care_fund_code: str | None
) -> tuple[Decision, PayerOrganisation | None]:
    """FIN-20 / FIN-30: the organisation that pays a payable decision; held when none can be named."""
    if not decision.is_payable:
        return decision, None
    try:
        organisation = payout_organisation(
            decision.payer, mutuality_code=mutuality_code, care_fund_code=care_fund_code
        )
    except UnknownPayerOrganisation as exc:
        reason = review(
            ReasonCode.FIN_20_PAYOUT_ORGANISATION_UNKNOWN,
            f"no {decision.payer} payer organisation for this client: {exc.detail}",
            Evidence(EvidenceKind.PAYER, decision.payer.value),
        )
        held = replace(
            decision,
            outcome=Outcome.HELD,
            amount=Money.zero(),
            units=None,
            reasons=(*decision.reasons, reason),
            rules_applied=tuple(dict.fromkeys((*decision.rules_applied, "FIN-20"))),
        )
        return held, None
    return decision, organisation
