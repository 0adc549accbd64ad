"""Payer determination (FIN-30) and the provider-side conditions that depend on it (FIN-14, FIN-41).

Routing per act:

* SCREENING, PRENATAL_ADVICE_SESSION: FEDERAL. The only fee in the sources is the health-insurance fee
  (FIN-10, FIN-11, paid by RIZIV "for the federal actors"); there is no Flemish fee for these acts.
* COORDINATION_YEAR, PERINATAL_CONSULTATION: FIN-30, ``FEDERAL if WUG or federally funded else FLEMISH``,
  except for the Q-15 dual case (a WUG professional acting for a Flemish-funded organisation). With the
  default `DualProviderRule.ORGANISATION` the claim context decides: the act was performed as part of the
  Flemish-funded organisation's work, the organisation is the "zorgaanbieder" of 000 §D, so Flanders pays.
  The same professional acting self-employed (funding OTHER) or for a federal facility is paid federally.
  `DualProviderRule.PROFESSION` applies FIN-30 literally instead (every WUG professional is federal).
* CASE_MANAGEMENT: the payee is the recognised organisation (FIN-23), so its funding decides: FEDERAL only
  for a federally funded organisation, else FLEMISH.
* LEGACY_MDO: FLEMISH (a VSB fee since the 6th state reform, FIN-40).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from financing.domain.model import PPA_PROFESSIONS, Act, Claim, FundingType, Payer, Provider
from financing.domain.policy import DualProviderRule, Policy
from financing.domain.reasons import Evidence, EvidenceKind, Reason, ReasonCode, block, review

# FIN-41: acts whose Flemish payment waits for the Flemish framework (003 §06 lists all three).
FLEMISH_FRAMEWORK_ACTS: frozenset[Act] = frozenset(
    {Act.COORDINATION_YEAR, Act.CASE_MANAGEMENT, Act.PERINATAL_CONSULTATION}
)
# FIN-14: acts with a (pending) welfare-professional fee.
WELFARE_FEE_ACTS: frozenset[Act] = frozenset({Act.COORDINATION_YEAR, Act.PERINATAL_CONSULTATION})


@dataclass(frozen=True)
class PayerRouting:
    """The payer a claim must be addressed to, and why."""

    payer: Payer
    basis: str


def route_payer(act: Act, provider: Provider, *, policy: Policy) -> PayerRouting:
    """FIN-30 / Q-15: the payer competent for this act performed by this provider."""
    if act is Act.LEGACY_MDO:
        return PayerRouting(Payer.FLEMISH, "FIN-40: MDO is a Flemish VSB fee")
    if act in (Act.SCREENING, Act.PRENATAL_ADVICE_SESSION):
        return PayerRouting(Payer.FEDERAL, "FIN-10/FIN-11: health-insurance fee paid by RIZIV")
    if act is Act.CASE_MANAGEMENT:
        if provider.funding is FundingType.FEDERAL:
            return PayerRouting(Payer.FEDERAL, "FIN-30: federally funded case-management organisation")
        return PayerRouting(
            Payer.FLEMISH, "FIN-23/FIN-30: case management paid to the organisation by Flanders"
        )
    if provider.funding is FundingType.FEDERAL:
        return PayerRouting(Payer.FEDERAL, "FIN-30: federally funded facility")
    if provider.is_health_insurance_professional:
        if (
            provider.funding is FundingType.FLEMISH
            and policy.dual_provider_rule is DualProviderRule.ORGANISATION
        ):
            return PayerRouting(
                Payer.FLEMISH, "Q-15: WUG professional acting for a Flemish-funded organisation"
            )
        return PayerRouting(Payer.FEDERAL, "FIN-30: WUG professional")
    return PayerRouting(Payer.FLEMISH, "FIN-30: Flemish-funded or welfare provider")


def check_payer(claim: Claim, *, policy: Policy) -> list[Reason]:
    """FIN-30: reject a claim addressed to a payer that is not competent for it."""
    routing = route_payer(claim.act, claim.provider, policy=policy)
    if claim.payer is routing.payer:
        return []
    return [
        block(
            ReasonCode.FIN_30_WRONG_PAYER,
            f"claim addressed to {claim.payer}, but {routing.payer} pays ({routing.basis})",
            Evidence(EvidenceKind.PAYER, routing.payer.value),
        )
    ]


def check_welfare_fee(claim: Claim, *, policy: Policy) -> list[Reason]:
    """FIN-14 / Q-09: coordination and consultation fees for welfare professionals wait for a decision."""
    if claim.act not in WELFARE_FEE_ACTS or claim.provider.is_health_insurance_professional:
        return []
    if policy.welfare_fees_enabled:
        return []
    return [
        block(
            ReasonCode.FIN_14_WELFARE_FEES_DISABLED,
            f"{claim.provider.profession} is a welfare profession; its {claim.act} fee awaits a Flemish decision",
            Evidence(EvidenceKind.PROVIDER, claim.provider.professional_id),
        )
    ]


def flemish_payments_open(act: Act, day: date, *, policy: Policy) -> bool:
    """FIN-41: whether Flanders can pay `act` performed on `day`."""
    return act not in FLEMISH_FRAMEWORK_ACTS or day >= policy.flemish_payments_start


def check_flemish_start(claim: Claim, *, policy: Policy) -> list[Reason]:
    """FIN-41: no Flemish coordination, case-management or consultation fee before the framework starts."""
    routing = route_payer(claim.act, claim.provider, policy=policy)
    if routing.payer is not Payer.FLEMISH or flemish_payments_open(claim.act, claim.act_date, policy=policy):
        return []
    return [
        block(
            ReasonCode.FIN_41_FLEMISH_COORDINATION_NOT_STARTED,
            f"Flemish payments for {claim.act} start on {policy.flemish_payments_start.isoformat()}",
        )
    ]


def check_mission(claim: Claim, *, policy: Policy) -> list[Reason]:
    """FIN-21 / DF-4 / Q-21: no coordination fee when coordination is already in the organisation's mission."""
    if claim.act is not Act.COORDINATION_YEAR:
        return []
    provider = claim.provider
    org = Evidence(EvidenceKind.PROVIDER, provider.organisation_id or provider.professional_id)
    if provider.organisation_kind in policy.mission_review_organisation_kinds:
        return [
            review(
                ReasonCode.FIN_21_MISSION_REVIEW,
                f"{provider.organisation_kind}: relation to the coordination fee is still to be worked out",
                org,
            )
        ]
    if provider.coordination_in_mission:
        return [
            block(
                ReasonCode.FIN_21_COORDINATION_IN_MISSION,
                "coordination is already part of the organisation's mission (structural or project funding)",
                org,
            )
        ]
    return []


def check_provider_qualification(claim: Claim) -> list[Reason]:
    """FIN-10 / FIN-11 / FIN-23: the act is performed by a provider who may be paid for it."""
    provider = claim.provider
    who = Evidence(EvidenceKind.PROVIDER, provider.professional_id)
    if claim.act is Act.SCREENING and not provider.is_health_insurance_professional:
        return [
            block(
                ReasonCode.FIN_10_NOT_HEALTH_INSURANCE_PROVIDER,
                "the screening fee is only paid to a health-insurance care provider",
                who,
            )
        ]
    if claim.act is Act.PRENATAL_ADVICE_SESSION and provider.profession not in PPA_PROFESSIONS:
        return [
            block(
                ReasonCode.FIN_11_PROFESSION_NOT_ELIGIBLE,
                "the PPA is reserved to a GP, gynaecologist or midwife",
                who,
            )
        ]
    if claim.act is Act.CASE_MANAGEMENT and not provider.recognised_for_case_management:
        return [
            block(
                ReasonCode.FIN_23_ORGANISATION_NOT_RECOGNISED,
                "case management is only paid to an organisation recognised by the Flemish government",
                Evidence(EvidenceKind.PROVIDER, provider.organisation_id or provider.professional_id),
            )
        ]
    return []
