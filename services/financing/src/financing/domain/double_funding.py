"""Double-funding detection across payers (DF-1, DF-2, DF-3, DF-7), and PPA corrections after payment (DF-5).

`existing` holds accepted claims of both payers: ours and those received from the other government
through the team-composition and role exchange that DF-3 / DP-02 require (DF-8: its legal basis and
identifiers are still being negotiated; until then the exchange is assumed to deliver claims keyed by the
same pregnancy, team and professional ids).

Kinds of finding:

* DF-3 SAME_ROLE_OTHER_PAYER (blocks): the same act for the same pregnancy and role is already paid by the
  other payer: the screening of the pregnancy, the same PPA session or consultation participation, the
  same coordinator for an overlapping fee year.
* DF-1 SECOND_COORDINATOR (blocks): another coordinator of the same team is already paid for an
  overlapping fee year, whoever the payer (CT-13). Q-18: the first eligible claim wins; later claims are
  flagged and not paid.
* DF-2 CASE_MANAGEMENT_TWICE (blocks): the same intervention is already paid by the other payer.
  DF-2 SECOND_CASE_MANAGER (review): another organisation's intervention for the same team overlaps this
  one (CT-43: one case manager per team; sequential interventions are allowed, Q-11).
* DF-7 CONSULTATION_IN_FLAT_FEE_YEAR (review): a consultation fee inside a fee year of the same pregnancy
  covered by a Flemish coordination flat fee, which "includes organising consultation" (FIN-22, Q-10).
  Checked both ways: a Flemish coordination claim over already paid consultations is flagged too.
* DF-7 LEGACY_MDO_OVERLAP (review): a legacy MDO claim for the client overlapping a coordination fee
  year, either way round (FIN-40: the MDO fee includes the care-broker role).
* DF-5 PPA_SUPERSEDED_AFTER_PAYMENT (review): a PPA session was paid and later superseded by a correction
  (FIN-11). History is not rewritten: the paid claim stays paid. A claim for the correction (or a later
  correction of it) is held for a finance officer, naming the paid claim and both sessions, because it
  would pay the same session a second time. When the correction arrives after the payment, the paid
  claim itself is raised for review (`superseded_after_payment`: both sides are the paid claim, the only
  claim there is; the detail names both sessions).

Same-payer repeats of one act are caps (DF-5, `financing.domain.caps`), not findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from financing.domain.caps import others, same_activity
from financing.domain.model import AcceptedClaim, Act, Claim, Payer
from financing.domain.reasons import RULE_OF, Evidence, EvidenceKind, Reason, ReasonCode, Severity
from financing.domain.snapshot import current_ppa_session


class FindingKind(StrEnum):
    SAME_ROLE_OTHER_PAYER = "SAME_ROLE_OTHER_PAYER"
    SECOND_COORDINATOR = "SECOND_COORDINATOR"
    CASE_MANAGEMENT_TWICE = "CASE_MANAGEMENT_TWICE"
    SECOND_CASE_MANAGER = "SECOND_CASE_MANAGER"
    CONSULTATION_IN_FLAT_FEE_YEAR = "CONSULTATION_IN_FLAT_FEE_YEAR"
    LEGACY_MDO_OVERLAP = "LEGACY_MDO_OVERLAP"
    PPA_SUPERSEDED_AFTER_PAYMENT = "PPA_SUPERSEDED_AFTER_PAYMENT"


@dataclass(frozen=True)
class Finding:
    """A suspected double funding between `claim_id` and the already accepted `other_claim_id`."""

    kind: FindingKind
    code: ReasonCode
    effect: Severity  # BLOCK: the claim is rejected; REVIEW: the claim is held for a finance officer
    claim_id: str
    other_claim_id: str
    payer: Payer
    other_payer: Payer
    detail: str
    evidence: tuple[Evidence, ...] = ()  # besides the other claim (e.g. the PPA sessions of a correction)

    @property
    def rule(self) -> str:
        return RULE_OF[self.code]

    @property
    def blocks(self) -> bool:
        return self.effect is Severity.BLOCK

    def as_reason(self) -> Reason:
        """The finding as a reason on the claim's decision, pointing at the other claim."""
        return Reason(
            self.code,
            self.effect,
            self.detail,
            (Evidence(EvidenceKind.CLAIM, self.other_claim_id), *self.evidence),
        )


_CODES: dict[FindingKind, tuple[ReasonCode, Severity]] = {
    FindingKind.SAME_ROLE_OTHER_PAYER: (ReasonCode.DF_3_SAME_ROLE_OTHER_PAYER, Severity.BLOCK),
    FindingKind.SECOND_COORDINATOR: (ReasonCode.DF_1_SECOND_COORDINATOR_SAME_TEAM, Severity.BLOCK),
    FindingKind.CASE_MANAGEMENT_TWICE: (ReasonCode.DF_2_CASE_MANAGEMENT_PAID_TWICE, Severity.BLOCK),
    FindingKind.SECOND_CASE_MANAGER: (ReasonCode.DF_2_SECOND_CASE_MANAGER_SAME_TEAM, Severity.REVIEW),
    FindingKind.CONSULTATION_IN_FLAT_FEE_YEAR: (
        ReasonCode.DF_7_CONSULTATION_IN_FLEMISH_COORDINATION_YEAR,
        Severity.REVIEW,
    ),
    FindingKind.LEGACY_MDO_OVERLAP: (ReasonCode.DF_7_LEGACY_MDO_OVERLAPS_COORDINATION, Severity.REVIEW),
    FindingKind.PPA_SUPERSEDED_AFTER_PAYMENT: (ReasonCode.PPA_SUPERSEDED_AFTER_PAYMENT, Severity.REVIEW),
}


def _finding(
    kind: FindingKind, claim: Claim, other: AcceptedClaim, detail: str, *evidence: Evidence
) -> Finding:
    code, effect = _CODES[kind]
    return Finding(
        kind, code, effect, claim.claim_id, other.claim_id, claim.payer, other.payer, detail, evidence
    )


def _same_role_other_payer(claim: Claim, other: AcceptedClaim) -> bool:
    if other.payer is claim.payer or other.act is not claim.act:
        return False
    if claim.act is Act.SCREENING:
        return other.claim.pregnancy_id == claim.pregnancy_id
    if claim.act is Act.COORDINATION_YEAR:
        return (
            other.claim.team_id == claim.team_id
            and other.claim.professional_id == claim.professional_id
            and other.period.overlaps(claim.period)
        )
    if claim.act is Act.CASE_MANAGEMENT:
        return False  # reported as DF-2 CASE_MANAGEMENT_TWICE
    same_subject = (
        other.claim.client_pseudonym == claim.client_pseudonym
        if claim.act is Act.LEGACY_MDO
        else other.claim.pregnancy_id == claim.pregnancy_id
    )
    return (
        same_subject
        and other.claim.professional_id == claim.professional_id
        and same_activity(other.claim, claim)
    )


def _coordination_findings(claim: Claim, other: AcceptedClaim) -> list[Finding]:
    if claim.act is not Act.COORDINATION_YEAR:
        return []
    found = []
    if (
        other.act is Act.COORDINATION_YEAR
        and other.claim.team_id == claim.team_id
        and other.claim.professional_id != claim.professional_id
        and other.period.overlaps(claim.period)
    ):
        found.append(
            _finding(
                FindingKind.SECOND_COORDINATOR,
                claim,
                other,
                f"coordinator {other.claim.professional_id} of team {claim.team_id} is already paid "
                f"({other.payer}) for {other.period}; only one coordinator per team is paid",
            )
        )
    if (
        claim.payer is Payer.FLEMISH
        and other.act is Act.PERINATAL_CONSULTATION
        and other.claim.pregnancy_id == claim.pregnancy_id
        and claim.period.contains(other.claim.act_date)
    ):
        found.append(
            _finding(
                FindingKind.CONSULTATION_IN_FLAT_FEE_YEAR,
                claim,
                other,
                f"consultation fee of {other.claim.act_date} falls in this Flemish flat-fee year ({claim.period})",
            )
        )
    if (
        other.act is Act.LEGACY_MDO
        and other.claim.client_pseudonym == claim.client_pseudonym
        and other.period.overlaps(claim.period)
    ):
        found.append(
            _finding(
                FindingKind.LEGACY_MDO_OVERLAP,
                claim,
                other,
                f"legacy MDO fee of {other.period} overlaps this coordination fee year ({claim.period})",
            )
        )
    return found


def _case_management_findings(claim: Claim, other: AcceptedClaim) -> list[Finding]:
    if claim.act is not Act.CASE_MANAGEMENT or other.act is not Act.CASE_MANAGEMENT:
        return []
    if other.claim.team_id != claim.team_id:
        return []
    if same_activity(other.claim, claim):
        if other.payer is claim.payer:
            return []  # same-payer repeat: DF-5 cap
        return [
            _finding(
                FindingKind.CASE_MANAGEMENT_TWICE,
                claim,
                other,
                f"this intervention is already paid by {other.payer}",
            )
        ]
    if other.claim.provider.organisation_id != claim.provider.organisation_id and other.period.overlaps(
        claim.period
    ):
        return [
            _finding(
                FindingKind.SECOND_CASE_MANAGER,
                claim,
                other,
                f"organisation {other.claim.provider.organisation_id} already does case management for team "
                f"{claim.team_id} in an overlapping period ({other.period})",
            )
        ]
    return []


def _consultation_findings(claim: Claim, other: AcceptedClaim) -> list[Finding]:
    if (
        claim.act is Act.PERINATAL_CONSULTATION
        and other.act is Act.COORDINATION_YEAR
        and other.payer is Payer.FLEMISH
        and other.claim.pregnancy_id == claim.pregnancy_id
        and other.period.contains(claim.act_date)
    ):
        return [
            _finding(
                FindingKind.CONSULTATION_IN_FLAT_FEE_YEAR,
                claim,
                other,
                f"the Flemish flat fee for {other.period} includes organising consultation",
            )
        ]
    return []


def _legacy_mdo_findings(claim: Claim, other: AcceptedClaim) -> list[Finding]:
    if (
        claim.act is Act.LEGACY_MDO
        and other.act is Act.COORDINATION_YEAR
        and other.claim.client_pseudonym == claim.client_pseudonym
        and other.period.overlaps(claim.period)
    ):
        return [
            _finding(
                FindingKind.LEGACY_MDO_OVERLAP,
                claim,
                other,
                f"coordination fee year {other.period} ({other.payer}) overlaps this MDO claim",
            )
        ]
    return []


def _superseded_payment_findings(
    claim: Claim, other: AcceptedClaim, supersessions: Mapping[str, str]
) -> list[Finding]:
    if claim.act is not Act.PRENATAL_ADVICE_SESSION or other.act is not Act.PRENATAL_ADVICE_SESSION:
        return []
    ref, paid = claim.activity_ref, other.claim.activity_ref
    if (
        other.claim.pregnancy_id != claim.pregnancy_id
        or not ref
        or not paid
        or ref == paid
        or paid not in supersessions
        or current_ppa_session(paid, supersessions) != current_ppa_session(ref, supersessions)
        or ref in supersessions  # a claim for a superseded session is rejected (FIN_11_SESSION_SUPERSEDED)
    ):
        return []
    return [
        _finding(
            FindingKind.PPA_SUPERSEDED_AFTER_PAYMENT,
            claim,
            other,
            f"PPA session {paid} was paid (claim {other.claim_id}) before session {ref} superseded it: "
            "paying the correction would pay the same session twice",
            Evidence(EvidenceKind.PPA_SESSION, paid),
            Evidence(EvidenceKind.PPA_SESSION, ref),
        )
    ]


def superseded_after_payment(paid: AcceptedClaim, superseded: str, correction: str) -> Finding:
    """DF-5 / FIN-11: a paid PPA claim whose session a correction superseded afterwards. The payment stands
    (history is not rewritten); the finding puts it before a finance officer. Both sides name the paid
    claim, the only claim there is."""
    return _finding(
        FindingKind.PPA_SUPERSEDED_AFTER_PAYMENT,
        paid.claim,
        paid,
        f"claim {paid.claim_id} was paid for PPA session {superseded}, which session {correction} "
        "superseded afterwards: the payment rests on a superseded session",
        Evidence(EvidenceKind.PPA_SESSION, superseded),
        Evidence(EvidenceKind.PPA_SESSION, correction),
    )


def find_double_funding(
    claim: Claim,
    existing: Sequence[AcceptedClaim],
    *,
    ppa_supersessions: Mapping[str, str] | None = None,
) -> list[Finding]:
    """DF-1, DF-2, DF-3, DF-5, DF-7: the accepted claims this claim would double-fund, naming both claim ids.

    `ppa_supersessions` (superseded PPA session id -> its correction) finds a claim for a correction of a
    session that is already paid (PPA_SUPERSEDED_AFTER_PAYMENT)."""
    replaced = ppa_supersessions or {}
    findings: list[Finding] = []
    for other in others(claim, existing):
        if _same_role_other_payer(claim, other):
            findings.append(
                _finding(
                    FindingKind.SAME_ROLE_OTHER_PAYER,
                    claim,
                    other,
                    f"the same {claim.act} is already paid by {other.payer} (claim {other.claim_id})",
                )
            )
        findings += _coordination_findings(claim, other)
        findings += _case_management_findings(claim, other)
        findings += _consultation_findings(claim, other)
        findings += _legacy_mdo_findings(claim, other)
        findings += _superseded_payment_findings(claim, other, replaced)
    return findings
