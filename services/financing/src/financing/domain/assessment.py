"""The overall decision on one claim: `assess_claim(claim, *, snapshot, accepted_claims, tariffs, policy, today)`.

Every rule is evaluated and every reason collected (a rejected claim tells the claimant everything that is
wrong at once); only an unknown client stops the evaluation, because nothing else can be judged then.
Outcome precedence: any BLOCK reason -> REJECTED; else any REVIEW reason -> HELD; else an amount below the
one asked -> REDUCED; else ACCEPTED. REJECTED and HELD carry amount 0; a held claim is assessed again
when it is released or when its activity arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from financing.domain import caps, double_funding, eligibility, payer
from financing.domain.double_funding import Finding
from financing.domain.errors import ClaimNotPayable, ClaimRejected, DoubleFundingDetected
from financing.domain.model import AcceptedClaim, Act, Claim, Money, Payer
from financing.domain.policy import Policy
from financing.domain.reasons import Evidence, EvidenceKind, Reason, ReasonCode, Severity, block
from financing.domain.snapshot import PregnancySnapshot
from financing.domain.tariffs import Tariff, TariffTable, tariff_on


class Outcome(StrEnum):
    ACCEPTED = "ACCEPTED"
    REDUCED = "REDUCED"
    REJECTED = "REJECTED"
    HELD = "HELD"


@dataclass(frozen=True)
class Decision:
    """The verdict on a claim: outcome, amount, reasons, findings, rules applied and evidence."""

    claim_id: str
    act: Act
    outcome: Outcome
    amount: Money
    requested_amount: Money
    payer: Payer
    reasons: tuple[Reason, ...]
    findings: tuple[Finding, ...]
    rules_applied: tuple[str, ...]
    activity_id: str | None = None
    units: int | None = None
    tariff: Tariff | None = None
    # What the rules would pay without the REVIEW reasons (a finance officer may release a held claim).
    payable: Money = field(default_factory=Money.zero)
    payable_units: int | None = None

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.code.value for r in self.reasons))

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        items = [e for r in self.reasons for e in r.evidence]
        if self.activity_id:
            items.insert(0, Evidence(_ACTIVITY_EVIDENCE.get(self.act, EvidenceKind.CLAIM), self.activity_id))
        return tuple(dict.fromkeys(items))

    @property
    def is_payable(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.REDUCED)

    def accepted_claim(self, claim: Claim) -> AcceptedClaim:
        """The record to keep once this decision is paid (its activity reference resolved)."""
        if not self.is_payable or claim.claim_id != self.claim_id:
            raise ClaimNotPayable(f"claim {claim.claim_id} is {self.outcome}")
        resolved = replace(claim, activity_ref=claim.activity_ref or self.activity_id)
        return AcceptedClaim(resolved, self.amount, self.units)

    def error(self) -> ClaimRejected | DoubleFundingDetected | None:
        """The domain error a use case may raise for a rejected decision (None unless REJECTED)."""
        if self.outcome is not Outcome.REJECTED:
            return None
        blocking = [f for f in self.findings if f.blocks]
        extra = {"reasons": list(self.reason_codes), "claim_id": self.claim_id}
        if blocking:
            extra["other_claim_ids"] = [f.other_claim_id for f in blocking]
            return DoubleFundingDetected(blocking[0].detail, rule=blocking[0].rule, extra=extra)
        first = next(r for r in self.reasons if r.severity is Severity.BLOCK)
        return ClaimRejected(first.detail, rule=first.rule, extra=extra)


_ACTIVITY_EVIDENCE: dict[Act, EvidenceKind] = {
    Act.SCREENING: EvidenceKind.SCREENING,
    Act.PRENATAL_ADVICE_SESSION: EvidenceKind.PPA_SESSION,
    Act.COORDINATION_YEAR: EvidenceKind.COORDINATOR_APPOINTMENT,
    Act.PERINATAL_CONSULTATION: EvidenceKind.CONSULTATION,
    Act.CASE_MANAGEMENT: EvidenceKind.CASE_MANAGEMENT_INTERVENTION,
}

_PROVIDER_RULES: dict[Act, tuple[str, ...]] = {
    Act.SCREENING: ("FIN-10",),
    Act.PRENATAL_ADVICE_SESSION: ("FIN-11",),
    Act.COORDINATION_YEAR: ("FIN-12", "FIN-14", "Q-09", "FIN-41", "FIN-21", "DF-4", "Q-21"),
    Act.PERINATAL_CONSULTATION: ("FIN-13", "FIN-14", "Q-09", "FIN-41"),
    Act.CASE_MANAGEMENT: ("FIN-23", "FIN-41"),
    Act.LEGACY_MDO: ("FIN-40",),
}

_DF_RULES: dict[Act, tuple[str, ...]] = {
    Act.SCREENING: ("DF-3",),
    Act.PRENATAL_ADVICE_SESSION: ("DF-3",),
    Act.COORDINATION_YEAR: ("DF-1", "DF-3", "DF-7", "Q-18"),
    Act.PERINATAL_CONSULTATION: ("DF-3", "DF-7", "Q-10"),
    Act.CASE_MANAGEMENT: ("DF-2",),
    Act.LEGACY_MDO: ("DF-3", "DF-7", "Q-10"),
}


def decide_outcome(reasons: Iterable[Reason], *, amount: Money, requested: Money) -> Outcome:
    """DF-5 / DF-7: BLOCK -> REJECTED, REVIEW -> HELD, less than asked -> REDUCED, else ACCEPTED."""
    severities = {r.severity for r in reasons}
    if Severity.BLOCK in severities:
        return Outcome.REJECTED
    if Severity.REVIEW in severities:
        return Outcome.HELD
    if amount < requested:
        return Outcome.REDUCED
    return Outcome.ACCEPTED


def assess_claim(
    claim: Claim,
    *,
    snapshot: PregnancySnapshot | None,
    accepted_claims: Sequence[AcceptedClaim],
    tariffs: TariffTable,
    policy: Policy,
    today: date,
) -> Decision:
    """FIN-10..41, DF-1..7: judge a claim against the projection, the accepted claims, tariffs and policy."""
    routing = payer.route_payer(claim.act, claim.provider, policy=policy)
    rules: list[str] = ["REGISTRATION"]
    reasons: list[Reason] = eligibility.check_client_known(claim, snapshot)
    if reasons:
        return _decision(claim, reasons, [], rules, routing.payer)

    window = ["CTX-03", "Q-02"] if claim.act is not Act.LEGACY_MDO else []
    rules += [*window, "Q-17", "FIN-30", "Q-15", *_PROVIDER_RULES[claim.act]]
    reasons += eligibility.check_act_date(claim, policy=policy, today=today)
    tariff = tariff_on(tariffs, claim.act, claim.act_date, payer=routing.payer)
    if tariff is None:
        reasons.append(
            block(
                ReasonCode.Q_17_NO_VALID_TARIFF,
                f"no {claim.act} tariff is valid on {claim.act_date}",
                Evidence(EvidenceKind.TARIFF, f"{claim.act}/{claim.act_date.isoformat()}"),
            )
        )
    reasons += payer.check_payer(claim, policy=policy)
    reasons += payer.check_provider_qualification(claim)
    reasons += payer.check_welfare_fee(claim, policy=policy)
    reasons += payer.check_flemish_start(claim, policy=policy)
    reasons += payer.check_mission(claim, policy=policy)

    activity_id: str | None = claim.activity_ref
    registered_minutes: int | None = None
    if snapshot is not None:
        found = eligibility.assess_eligibility(claim, snapshot, policy=policy, today=today)
        rules += found.rules_applied
        reasons += found.reasons
        activity_id = activity_id or found.activity_id
        registered_minutes = found.registered_minutes
    effective = replace(claim, activity_ref=activity_id)

    supersessions = snapshot.ppa_supersessions if snapshot is not None else {}
    capped = caps.check_caps(
        effective,
        accepted_claims,
        policy=policy,
        registered_minutes=registered_minutes,
        ppa_supersessions=supersessions,
    )
    rules += capped.rules_applied
    reasons += capped.reasons
    findings = double_funding.find_double_funding(effective, accepted_claims, ppa_supersessions=supersessions)
    rules += _DF_RULES[claim.act]
    reasons += [f.as_reason() for f in findings]

    units = capped.payable_units if claim.act is Act.PERINATAL_CONSULTATION else None
    requested = tariff.price(capped.requested_units or 1) if tariff else Money.zero()
    payable = tariff.price(units if units is not None else 1) if tariff else Money.zero()
    return _decision(
        claim,
        reasons,
        findings,
        rules,
        routing.payer,
        requested=requested,
        payable=payable,
        activity_id=activity_id,
        units=units,
        tariff=tariff,
    )


def _decision(
    claim: Claim,
    reasons: list[Reason],
    findings: list[Finding],
    rules: list[str],
    competent_payer: Payer,
    *,
    requested: Money | None = None,
    payable: Money | None = None,
    activity_id: str | None = None,
    units: int | None = None,
    tariff: Tariff | None = None,
) -> Decision:
    requested = Money.zero() if requested is None else requested
    payable = Money.zero() if payable is None else payable
    outcome = decide_outcome(reasons, amount=payable, requested=requested)
    amount = payable if outcome in (Outcome.ACCEPTED, Outcome.REDUCED) else Money.zero()
    return Decision(
        claim_id=claim.claim_id,
        act=claim.act,
        outcome=outcome,
        amount=amount,
        requested_amount=requested,
        payer=competent_payer,
        reasons=tuple(reasons),
        findings=tuple(findings),
        rules_applied=tuple(dict.fromkeys(rules)),
        activity_id=activity_id,
        units=units if outcome in (Outcome.ACCEPTED, Outcome.REDUCED) else None,
        tariff=tariff,
        payable=payable,
        payable_units=units,
    )
