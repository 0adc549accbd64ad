"""Manual review of held claims by a finance officer.

A claim is held when a rule asks for a human (REVIEW reasons: an activity not yet known, an organisation
whose mission overlap is open (Q-21), a possible DF-7 overlap, a second case manager ...). The officer's
verdict is applied to a *fresh* assessment, so the data and the accepted claims are those of the moment of
the review:

* approve: the REVIEW reasons are overridden and the claim is paid what the rules compute (REDUCE reasons
  still lower it). A BLOCK reason is never overridden: such a claim cannot be approved.
* reject: the claim is rejected with REVIEW_REJECTED on top of whatever the rules found.
"""

from __future__ import annotations

from dataclasses import replace

from financing.domain.assessment import Decision, Outcome
from financing.domain.errors import ClaimNotApprovable
from financing.domain.model import Money
from financing.domain.reasons import ReasonCode, Severity, block


def approve_after_review(decision: Decision) -> Decision:
    """REVIEW: release a held claim; REVIEW reasons are overridden, BLOCK reasons never are."""
    blocking = [r for r in decision.reasons if r.severity is Severity.BLOCK]
    if blocking:
        raise ClaimNotApprovable(
            f"the claim cannot be approved: {blocking[0].detail}",
            rule=blocking[0].rule,
            extra={"reasons": list(dict.fromkeys(r.code.value for r in blocking))},
        )
    if decision.outcome is not Outcome.HELD:
        return replace(decision, rules_applied=tuple(dict.fromkeys((*decision.rules_applied, "REVIEW"))))
    outcome = Outcome.REDUCED if decision.payable < decision.requested_amount else Outcome.ACCEPTED
    return replace(
        decision,
        outcome=outcome,
        amount=decision.payable,
        units=decision.payable_units,
        rules_applied=tuple(dict.fromkeys((*decision.rules_applied, "REVIEW"))),
    )


def reject_after_review(decision: Decision, detail: str) -> Decision:
    """REVIEW: reject a claim on a finance officer's judgement, keeping every reason the rules found."""
    reason = block(ReasonCode.REVIEW_REJECTED, detail)
    return replace(
        decision,
        outcome=Outcome.REJECTED,
        amount=Money.zero(),
        units=None,
        reasons=(*decision.reasons, reason),
        rules_applied=tuple(dict.fromkeys((*decision.rules_applied, "REVIEW"))),
    )
