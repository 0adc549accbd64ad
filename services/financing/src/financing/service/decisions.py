"""Judging a claim and recording the decision: where DF-1..DF-7 are kept true under concurrency.

Every decision on a claim (at submission, on reassessment, on review) goes through `judge` then `record`
in one transaction:

1. `judge` takes the transaction-scoped advisory locks of the claim's scopes (`funding.lock_scopes`: the
   client, and the team for team-scoped roles) *before* it reads the paid claims, so two claims for the
   same role, sent at the same moment to the two payers, are judged one after the other and the second
   sees the first (DF-3 / DF-1 finding, rejected);
2. `record` writes the claim's current decision, its history row, the findings, the payment order and the
   budget commitment, and queues their events in the outbox; the unique partial index on the funding slot
   of payable claims (`uq_claim_funding_slot`) backs the locks in the database. A decision that loses a
   race on that index (only possible if a writer bypassed the locks) is taken again from scratch, a
   bounded number of times (`retrying`).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from sqlalchemy.exc import IntegrityError

from financing.adapters.claims import CurrentDecision, StoredClaim, StoredDecision
from financing.adapters.findings import StoredFinding
from financing.adapters.payments import StoredOrder
from financing.adapters.uow import FinancingUnitOfWork
from financing.config import FinancingSettings
from financing.domain import funding
from financing.domain.assessment import Decision, assess_claim
from financing.domain.model import AcceptedClaim, Claim
from financing.domain.payers_reference import PayerOrganisation
from financing.domain.payout import route_payout
from financing.domain.policy import Policy
from financing.domain.reasons import Reason
from financing.domain.snapshot import PregnancySnapshot
from financing.domain.tariffs import Tariff, TariffTable
from financing.service import budgets, findings, payment_orders
from financing.service.common import SOURCE, amount_str
from financing.service.projection import build_snapshot
from shared.errors import Conflict
from shared.events.contracts.financing import ClaimDecidedV1, ClaimProvider, DecisionReason
from shared.events.envelope import new_envelope
from shared.logging import get_logger

log = get_logger(__name__)
T = TypeVar("T")
SLOT_INDEX = "uq_claim_funding_slot"


class DecisionConflict(Conflict):
    """The decision kept losing races on the funding-slot index; the client may retry the request."""

    code = "FIN_DECISION_CONFLICT"


@dataclass(frozen=True)
class RuleBook:
    """What the rules need besides the data: the policy, the tariffs, the careteam platform name."""

    policy: Policy
    tariffs: TariffTable
    careteam_platform: str
    decision_attempts: int = 3

    @classmethod
    def from_settings(cls, settings: FinancingSettings) -> RuleBook:
        return cls(
            policy=settings.policy(),
            tariffs=settings.tariff_table(),
            careteam_platform=settings.careteam_platform,
            decision_attempts=settings.claim_decision_attempts,
        )


@dataclass(frozen=True)
class Judgement:
    """The rules' decision on a claim and what it was judged on."""

    decision: Decision
    snapshot: PregnancySnapshot | None
    accepted: tuple[AcceptedClaim, ...]
    mutuality_code: str | None
    care_fund_code: str | None

    def with_payout(self, decision: Decision | None = None) -> tuple[Decision, PayerOrganisation | None]:
        """FIN-20: the decision (this one or a reviewed one) with the organisation that pays it out."""
        return route_payout(
            self.decision if decision is None else decision,
            mutuality_code=self.mutuality_code,
            care_fund_code=self.care_fund_code,
        )


@dataclass(frozen=True)
class Author:
    """Who takes a decision: the rules (submission, reassessment) or a finance officer (review)."""

    kind: Literal["RULES", "FINANCE_OFFICER"]
    subject: str
    review: str | None = None
    justification: str | None = None


@dataclass(frozen=True)
class Recorded:
    claim: StoredClaim
    decision: StoredDecision
    findings: tuple[StoredFinding, ...]
    order: StoredOrder | None


async def retrying(attempts: int, work: Callable[[], Awaitable[T]]) -> T:
    """Run a decision again (from scratch, new transaction) when it lost a race on the funding slot."""
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except IntegrityError as exc:
            if SLOT_INDEX not in str(exc.orig):
                raise
            log.warning("funding_slot_conflict", attempt=attempt)
    raise DecisionConflict("The claim could not be decided because of concurrent decisions; retry it.")


async def lock(uow: FinancingUnitOfWork, claim: Claim) -> None:
    """DF-1..DF-5: serialise the decisions of the claim's client and team (see the module docstring)."""
    await uow.locks.acquire(funding.lock_scopes(claim))


async def judge(uow: FinancingUnitOfWork, claim: Claim, *, rules: RuleBook, today: date) -> Judgement:
    """Assess a claim on financing's own data; the caller holds the claim's locks (`lock`)."""
    snapshot: PregnancySnapshot | None = None
    mutuality_code = care_fund_code = None
    if claim.pregnancy_id:
        trajectory = await uow.projection.trajectory(uuid.UUID(claim.pregnancy_id))
        if trajectory is not None:
            snapshot = build_snapshot(trajectory, careteam_platform=rules.careteam_platform)
            mutuality_code = trajectory.pregnancy["mutuality_code"]
            care_fund_code = trajectory.pregnancy["care_fund_code"]
    else:  # legacy MDO: the client's payer organisations come from her latest known pregnancy
        pregnancies = await uow.projection.pregnancies_of(claim.client_pseudonym)
        if pregnancies:
            mutuality_code = pregnancies[-1]["mutuality_code"]
            care_fund_code = pregnancies[-1]["care_fund_code"]
    accepted = await uow.claims.accepted_in_scope(
        claim.client_pseudonym, [claim.team_id] if claim.team_id else []
    )
    decision = assess_claim(
        claim,
        snapshot=snapshot,
        accepted_claims=accepted,
        tariffs=rules.tariffs,
        policy=rules.policy,
        today=today,
    )
    return Judgement(decision, snapshot, tuple(accepted), mutuality_code, care_fund_code)


def _reason(reason: Reason) -> dict[str, Any]:
    return {
        "code": reason.code.value,
        "rule": reason.rule,
        "severity": reason.severity.value,
        "detail": reason.detail,
        "evidence": [{"kind": e.kind.value, "ref": e.ref} for e in reason.evidence],
    }


def _tariff(tariff: Tariff | None) -> dict[str, Any] | None:
    if tariff is None:
        return None
    return {
        "act": tariff.act.value,
        "amount": amount_str(tariff.amount),
        "unit": tariff.unit.value,
        "valid_from": tariff.valid_from.isoformat(),
        "valid_to": tariff.valid_to.isoformat() if tariff.valid_to else None,
        "payer": tariff.payer.value if tariff.payer else None,
        "source": tariff.source,
    }


def provider_payload(claim: Claim) -> ClaimProvider:
    p = claim.provider
    return ClaimProvider(
        professional_id=p.professional_id,
        profession=p.profession.value,
        organisation_id=p.organisation_id,
        organisation_kind=p.organisation_kind.value,
        funding_type=p.funding.value,
    )


async def _record_findings(
    uow: FinancingUnitOfWork,
    claim: Claim,
    decision: Decision,
    accepted: Sequence[AcceptedClaim],
    now: datetime,
) -> tuple[StoredFinding, ...]:
    """DF-1/2/3/5/7: every detection is a finding naming both claims (recorded once per pair and kind)."""
    acts = {a.claim_id: a.act for a in accepted}
    stored: list[StoredFinding] = []
    for f in decision.findings:
        other_act = acts[f.other_claim_id].value
        stored.append(
            await findings.raise_finding(uow.findings, uow.outbox, claim, f, other_act=other_act, now=now)
        )
    return tuple(stored)


async def record(
    uow: FinancingUnitOfWork,
    claim: Claim,
    judgement: Judgement,
    decision: Decision,
    organisation: PayerOrganisation | None,
    *,
    previous: StoredClaim | None,
    submitted_by: str,
    received_at: datetime,
    author: Author,
    today: date,
    now: datetime,
) -> Recorded:
    """Write the decision (claim row, history, findings, order, budget) and queue its events."""
    resolved = replace(claim, activity_ref=claim.activity_ref or decision.activity_id)
    number = previous.current.decision_count + 1 if previous is not None else 1
    current = CurrentDecision(
        status=decision.outcome,
        amount=decision.amount,
        requested_amount=decision.requested_amount,
        units=decision.units,
        competent_payer=decision.payer,
        resolved_activity_ref=resolved.activity_ref,
        funding_slot=funding.funding_slot(resolved),
        payer_organisation_code=organisation.code if organisation is not None else None,
        decision_count=number,
        decided_at=now,
    )
    stored = StoredClaim(claim, submitted_by, received_at, current)
    if previous is None:
        await uow.claims.add(stored)
    else:
        await uow.claims.set_current(stored.claim_id, current)
    raised = await _record_findings(uow, claim, decision, judgement.accepted, now)
    history = StoredDecision(
        number=number,
        outcome=decision.outcome,
        amount=decision.amount,
        requested_amount=decision.requested_amount,
        units=decision.units,
        competent_payer=decision.payer,
        payer_organisation_code=current.payer_organisation_code,
        activity_ref=resolved.activity_ref,
        reasons=[_reason(r) for r in decision.reasons],
        rules_applied=list(decision.rules_applied),
        evidence=[{"kind": e.kind.value, "ref": e.ref} for e in decision.evidence],
        tariff=_tariff(decision.tariff),
        decided_by_kind=author.kind,
        decided_by=author.subject,
        review=author.review,
        justification=author.justification,
        decided_at=now,
    )
    await uow.claims.add_decision(stored.claim_id, history)
    uow.outbox.add(
        new_envelope(
            ClaimDecidedV1(
                claim_id=stored.claim_id,
                decision_number=number,
                act=claim.act.value,
                outcome=decision.outcome.value,
                amount=amount_str(decision.amount),
                requested_amount=amount_str(decision.requested_amount),
                units=decision.units,
                payer=claim.payer.value,
                competent_payer=decision.payer.value,
                payer_organisation_code=current.payer_organisation_code,
                reason_codes=list(decision.reason_codes),
                reasons=[
                    DecisionReason(code=r.code.value, rule=r.rule, severity=r.severity.value)
                    for r in decision.reasons
                ],
                rules_applied=list(decision.rules_applied),
                decided_by=author.kind,
                review=author.review,
                finding_ids=[f.finding_id for f in raised],
                client_pseudonym=claim.client_pseudonym,
                pregnancy_id=uuid.UUID(claim.pregnancy_id) if claim.pregnancy_id else None,
                team_id=claim.team_id,
                act_date=claim.act_date,
                provider=provider_payload(claim),
            ),
            source=SOURCE,
            subject=claim.client_pseudonym,
        )
    )
    log.info("claim_decided", claim_id=claim.claim_id, outcome=decision.outcome.value, decision=number)
    order = None
    if decision.is_payable:
        if organisation is None:  # route_payout holds a payable decision without organisation
            raise RuntimeError("a payable decision must name its payer organisation")
        order = await payment_orders.issue(uow, stored, organisation, today=today, now=now)
        await budgets.commit_order(uow, order, today=today)
    return Recorded(stored, history, raised, order)
