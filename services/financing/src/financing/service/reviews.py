"""Held claims: reassessment on current data, and a finance officer's review with a justification.

Both decide again under the same locks as a submission, on a fresh assessment, and append a decision to
the claim's history. Only a HELD claim can be reassessed or reviewed; accepted, reduced and rejected claims
are final. Reviewing a claim also resolves the REVIEW-effect findings still open on it (approve: DISMISSED,
reject: CONFIRMED), with the same justification.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from financing.adapters.claims import HeldClaimFilter, StoredClaim
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.assessment import Decision, Outcome
from financing.domain.errors import ClaimNotApprovable
from financing.domain.payers_reference import PayerOrganisation
from financing.domain.reasons import ReasonCode, Severity
from financing.domain.review import approve_after_review, reject_after_review
from financing.service import decisions, findings
from financing.service.claims import ClaimNotFound, ClaimView
from financing.service.decisions import Author, RuleBook
from shared.db import utcnow
from shared.errors import Conflict, DomainError
from shared.logging import get_logger

log = get_logger(__name__)
_PAGE = 100  # held claims read per statement


class ClaimNotHeld(Conflict):
    """Only a held claim can be reassessed or reviewed; the other outcomes are final."""

    code = "FIN_CLAIM_NOT_HELD"


class ReviewAction(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


@dataclass(frozen=True)
class ReassessClaim:
    claim_id: uuid.UUID
    requested_by: str
    visible_to: str | None = None  # a billing system may only reassess its own claims
    skip_unchanged: bool = False  # record nothing when the claim would stay held for the same reasons


@dataclass(frozen=True)
class ReassessHeldClaims:
    """Decide held claims again: all of them (the periodic job), or those of some clients (the follow-up of
    the projection consumer), optionally only those waiting for their activity (ACTIVITY_NOT_YET_KNOWN)."""

    requested_by: str
    limit: int = 500  # claims per run, oldest first
    clients: frozenset[str] | None = None
    waiting_for_activity_only: bool = False


@dataclass(frozen=True)
class ReviewClaim:
    claim_id: uuid.UUID
    action: ReviewAction
    justification: str
    reviewer: str


async def _held_claim(uow: FinancingUnitOfWork, claim_id: uuid.UUID, visible_to: str | None) -> StoredClaim:
    """Lock the claim's scopes, then read it again: under the lock no other decision can change it."""
    first = await uow.claims.get(claim_id)
    if first is None or (visible_to is not None and first.submitted_by != visible_to):
        raise ClaimNotFound("No claim with this id.")
    await decisions.lock(uow, first.claim)
    stored = await uow.claims.get(claim_id)
    assert stored is not None  # claims are never deleted
    if stored.current.status is not Outcome.HELD:
        raise ClaimNotHeld(
            f"The claim is {stored.current.status.value}; only a HELD claim can be decided again."
        )
    return stored


async def reassess_claim(
    cmd: ReassessClaim, *, uow: FinancingUnitOfWork, rules: RuleBook, today: date
) -> ClaimView | None:
    """Decide a held claim again on the current projection (e.g. its activity's event has arrived).

    With `skip_unchanged`, a claim that would stay held for the same reasons is left as it is (None).
    """

    async def attempt() -> ClaimView | None:
        async with uow:
            stored = await _held_claim(uow, cmd.claim_id, cmd.visible_to)
            judgement = await decisions.judge(uow, stored.claim, rules=rules, today=today)
            decision, organisation = judgement.with_payout()
            if cmd.skip_unchanged and decision.outcome is Outcome.HELD:
                latest = (await uow.claims.decisions(stored.claim_id))[-1]
                if list(decision.reason_codes) == list(dict.fromkeys(r["code"] for r in latest.reasons)):
                    return None
            now = utcnow()
            recorded = await decisions.record(
                uow,
                stored.claim,
                judgement,
                decision,
                organisation,
                previous=stored,
                submitted_by=stored.submitted_by,
                received_at=stored.received_at,
                author=Author("RULES", cmd.requested_by, review="REASSESS"),
                today=today,
                now=now,
            )
            await uow.commit()
        return ClaimView(recorded.claim, recorded.decision, recorded.findings, recorded.order)

    return await decisions.retrying(rules.decision_attempts, attempt)


async def reassess_held_claims(
    cmd: ReassessHeldClaims, *, uow: FinancingUnitOfWork, rules: RuleBook, today: date
) -> dict[str, int]:
    """Decide held claims again, oldest first, one transaction each (the periodic job and the projection's
    follow-up): claims whose activity has arrived are paid, those past the grace period are rejected
    (ACTIVITY_NOT_REGISTERED); the rest stay held without a new history row (UNCHANGED).

    The held claims are read in keyset pages (a claim decided meanwhile is skipped), so a run of `limit`
    claims reaches the oldest ones first, whatever the number of claims held for a finance officer.
    """
    if cmd.clients is not None and not cmd.clients:
        return {}
    filters = HeldClaimFilter(
        clients=cmd.clients,
        reason_code=ReasonCode.ACTIVITY_NOT_YET_KNOWN.value if cmd.waiting_for_activity_only else None,
    )
    outcomes: Counter[str] = Counter()
    remaining = cmd.limit
    while remaining > 0:
        size = min(remaining, _PAGE)
        async with uow:
            page = await uow.claims.held(filters, limit=size)
        for ref in page:
            try:
                view = await reassess_claim(
                    ReassessClaim(ref.claim_id, cmd.requested_by, skip_unchanged=True),
                    uow=uow,
                    rules=rules,
                    today=today,
                )
            except ClaimNotHeld:  # decided by someone else meanwhile
                continue
            except decisions.DecisionConflict:  # lost races repeatedly: the next run takes it again
                outcomes["RETRY_LATER"] += 1
                continue
            except DomainError as exc:  # one claim the rules cannot decide must not stop the run
                log.warning("held_claim_not_reassessed", claim_id=str(ref.claim_id), code=exc.code)
                outcomes["FAILED"] += 1
                continue
            outcomes["UNCHANGED" if view is None else view.claim.current.status.value] += 1
        if len(page) < size:
            break
        remaining -= len(page)
        filters = replace(filters, after=page[-1].position)
    return dict(outcomes)


def _reviewed(judgement: decisions.Judgement, cmd: ReviewClaim) -> tuple[Decision, PayerOrganisation | None]:
    if cmd.action is ReviewAction.REJECT:
        return judgement.with_payout(
            reject_after_review(judgement.decision, "rejected by a finance officer on review")
        )
    decision, organisation = judgement.with_payout(approve_after_review(judgement.decision))
    if not decision.is_payable:  # approved, but no mutuality or care fund can pay it (FIN-20)
        missing = [r for r in decision.reasons if r.code is ReasonCode.FIN_20_PAYOUT_ORGANISATION_UNKNOWN]
        raise ClaimNotApprovable(
            missing[0].detail if missing else "the claim cannot be paid",
            rule="FIN-20",
            extra={"reasons": [r.code.value for r in decision.reasons if r.severity is not Severity.REDUCE]},
        )
    return decision, organisation


async def review_claim(
    cmd: ReviewClaim, *, uow: FinancingUnitOfWork, rules: RuleBook, today: date
) -> ClaimView:
    """A finance officer approves or rejects a held claim, with a justification kept in its history."""

    async def attempt() -> ClaimView:
        async with uow:
            stored = await _held_claim(uow, cmd.claim_id, None)
            judgement = await decisions.judge(uow, stored.claim, rules=rules, today=today)
            decision, organisation = _reviewed(judgement, cmd)
            now = utcnow()
            recorded = await decisions.record(
                uow,
                stored.claim,
                judgement,
                decision,
                organisation,
                previous=stored,
                submitted_by=stored.submitted_by,
                received_at=stored.received_at,
                author=Author(
                    "FINANCE_OFFICER", cmd.reviewer, review=cmd.action.value, justification=cmd.justification
                ),
                today=today,
                now=now,
            )
            resolution = "DISMISSED" if cmd.action is ReviewAction.APPROVE else "CONFIRMED"
            resolved = []
            for finding in recorded.findings:
                if finding.status == "OPEN" and finding.effect == Severity.REVIEW.value:
                    resolved.append(
                        await findings.resolve_open(
                            uow,
                            finding,
                            resolution=resolution,
                            justification=cmd.justification,
                            resolved_by=cmd.reviewer,
                            today=today,
                            now=now,
                        )
                    )
            await uow.commit()
        kept = tuple(
            next((r for r in resolved if r.finding_id == f.finding_id), f) for f in recorded.findings
        )
        return ClaimView(recorded.claim, recorded.decision, kept, recorded.order)

    return await decisions.retrying(rules.decision_attempts, attempt)
