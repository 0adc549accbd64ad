"""Volume caps per act (DF-5), counted over the accepted claims of *both* payers.

* Screening: 1 per pregnancy (FIN-10). PPA: 2 per pregnancy, twins are one pregnancy (FIN-11, Q-04).
* Coordination: 1 flat fee per team per fee year: no two accepted fee years of a team overlap (FIN-12, Q-01).
* Case management: once per intervention per team (FIN-23, Q-11).
* Legacy MDO: one meeting is paid once per professional at one payer (FIN-40; the other payer is DF-3).
* Whatever the cap, the same screening record or PPA session is paid once.
* PPA corrections (FIN-11): the cap counts current sessions. A superseded session is not a session of its
  own: a claim paid for it before the correction counts for the correction (the money stays counted, the
  corrected session is not counted twice).
* Consultation (FIN-13, Q-03): 60 minutes of consultation time per client per calendar year, in whole
  15-minute units. The cap counts consultation *time*, shared by the participants of one consultation:
  a consultation uses the largest number of units paid to any of its participants, and a new claim gets
  at most the units the client's other consultations of that year have left. A claim above the remainder
  is reduced; with nothing left it is rejected. Partial quarter-hours are not paid. At most 4
  health-insurance professionals are paid per consultation; welfare participants do not count toward
  the 4 (their fee is a separate, pending Flemish decision, FIN-14).

A claim is never counted against itself: accepted claims with the same claim id are ignored, so a claim
can be re-assessed idempotently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from financing.domain.model import AcceptedClaim, Act, Claim
from financing.domain.policy import Policy
from financing.domain.reasons import Evidence, EvidenceKind, Reason, ReasonCode, block, reduce
from financing.domain.snapshot import current_ppa_session


@dataclass(frozen=True)
class CapResult:
    """Cap reasons, and for a consultation the units asked for and the units that can be paid."""

    rules_applied: tuple[str, ...]
    reasons: tuple[Reason, ...]
    requested_units: int | None = None
    payable_units: int | None = None


def others(claim: Claim, accepted: Sequence[AcceptedClaim]) -> list[AcceptedClaim]:
    """DF-3 / DF-5: the accepted claims other than `claim` itself (same claim id = re-assessment)."""
    return [a for a in accepted if a.claim_id != claim.claim_id]


def same_activity(first: Claim, second: Claim) -> bool:
    """DF-3 / DF-5: whether two claims rest on the same activity (by id when both know it, else by date)."""
    if first.activity_ref and second.activity_ref:
        return first.activity_ref == second.activity_ref
    if first.act_date != second.act_date:
        return False
    if first.act is Act.CASE_MANAGEMENT:
        return first.provider.organisation_id == second.provider.organisation_id
    if first.act is Act.PERINATAL_CONSULTATION:
        return first.team_id is None or second.team_id is None or first.team_id == second.team_id
    return first.professional_id == second.professional_id


def _claims(items: Sequence[AcceptedClaim]) -> tuple[Evidence, ...]:
    return tuple(Evidence(EvidenceKind.CLAIM, a.claim_id) for a in items)


def _cap_reached(detail: str, items: Sequence[AcceptedClaim]) -> Reason:
    return block(ReasonCode.DF_5_CAP_REACHED, detail, *_claims(items))


def screening_cap(claim: Claim, accepted: Sequence[AcceptedClaim], *, policy: Policy) -> list[Reason]:
    """DF-5 / FIN-10: one paid screening per pregnancy, whichever payer paid it."""
    prior = [
        a
        for a in others(claim, accepted)
        if a.act is Act.SCREENING and a.claim.pregnancy_id == claim.pregnancy_id
    ]
    duplicate = [a for a in prior if same_activity(a.claim, claim)]
    if duplicate:
        return [_cap_reached("this screening is already paid", duplicate)]
    if len(prior) >= policy.screenings_per_pregnancy:
        return [_cap_reached(f"{len(prior)} screening(s) already paid for this pregnancy", prior)]
    return []


def ppa_cap(
    claim: Claim,
    accepted: Sequence[AcceptedClaim],
    *,
    policy: Policy,
    supersessions: Mapping[str, str] | None = None,
) -> list[Reason]:
    """DF-5 / FIN-11 / Q-04: at most two paid PPA sessions per pregnancy; a session is paid once.

    The cap counts current sessions (`supersessions`: superseded session id -> its correction). A superseded
    session is no session of its own: a claim paid for it before it was corrected counts for its current
    correction, so the money already paid is not forgotten, and a corrected session never counts twice. A
    claim for the correction of a paid session is not capped by that payment: it is held for review
    (`double_funding`, PPA_SUPERSEDED_AFTER_PAYMENT).
    """
    replaced = supersessions or {}
    prior = [
        a
        for a in others(claim, accepted)
        if a.act is Act.PRENATAL_ADVICE_SESSION and a.claim.pregnancy_id == claim.pregnancy_id
    ]
    duplicate = [a for a in prior if same_activity(a.claim, claim)]
    if duplicate:
        return [_cap_reached("this PPA session is already paid", duplicate)]
    mine = current_ppa_session(claim.activity_ref, replaced) if claim.activity_ref else None
    sessions: dict[str, list[AcceptedClaim]] = {}
    for a in prior:
        ref = a.claim.activity_ref
        session = current_ppa_session(ref, replaced) if ref else f"claim:{a.claim_id}"
        if session != mine:
            sessions.setdefault(session, []).append(a)
    if len(sessions) >= policy.ppa_per_pregnancy:
        counted = [a for items in sessions.values() for a in items]
        return [
            _cap_reached(f"{len(sessions)} PPA sessions already paid; further sessions are unpaid", counted)
        ]
    return []


def coordination_cap(claim: Claim, accepted: Sequence[AcceptedClaim]) -> list[Reason]:
    """DF-5 / FIN-12 / CT-13: one coordination flat fee per team per fee year."""
    prior = [
        a
        for a in others(claim, accepted)
        if a.act is Act.COORDINATION_YEAR
        and a.claim.team_id == claim.team_id
        and a.period.overlaps(claim.period)
    ]
    if prior:
        return [
            _cap_reached(
                f"team {claim.team_id} already has a paid fee year overlapping {claim.period}", prior
            )
        ]
    return []


def case_management_cap(claim: Claim, accepted: Sequence[AcceptedClaim]) -> list[Reason]:
    """DF-5 / FIN-23 / Q-11: case management is paid once per intervention per team."""
    prior = [
        a
        for a in others(claim, accepted)
        if a.act is Act.CASE_MANAGEMENT and a.claim.team_id == claim.team_id and same_activity(a.claim, claim)
    ]
    if prior:
        return [_cap_reached("this case-management intervention is already paid", prior)]
    return []


def legacy_mdo_cap(claim: Claim, accepted: Sequence[AcceptedClaim]) -> list[Reason]:
    """DF-5 / FIN-40: one MDO meeting is paid once per participating professional (the other payer: DF-3)."""
    prior = [
        a
        for a in others(claim, accepted)
        if a.act is Act.LEGACY_MDO
        and a.payer is claim.payer
        and a.claim.client_pseudonym == claim.client_pseudonym
        and a.claim.professional_id == claim.professional_id
        and same_activity(a.claim, claim)
    ]
    if prior:
        return [_cap_reached("this MDO meeting is already paid to this professional", prior)]
    return []


def _consultation_key(claim: Claim) -> str:
    return claim.activity_ref or f"{claim.act_date.isoformat()}/{claim.team_id}"


def _paid_units(item: AcceptedClaim, *, policy: Policy) -> int:
    if item.units is not None:
        return item.units
    return (item.claim.minutes or 0) // policy.consultation_unit_minutes


def consultation_allowance(
    claim: Claim,
    accepted: Sequence[AcceptedClaim],
    *,
    policy: Policy,
    registered_minutes: int | None = None,
) -> CapResult:
    """DF-5 / FIN-13 / Q-03: units payable under the yearly time cap and the 4-professional cap."""
    rules = ("DF-5", "FIN-13", "Q-03")
    unit = policy.consultation_unit_minutes
    minutes = claim.minutes or 0
    requested_units = -(-minutes // unit)
    reasons: list[Reason] = []
    payable_minutes = minutes
    if registered_minutes is not None and minutes > registered_minutes:
        payable_minutes = registered_minutes
        reasons.append(
            reduce(
                ReasonCode.FIN_13_MINUTES_ABOVE_REGISTRATION,
                f"claimed {minutes} min, registered participation {registered_minutes} min",
            )
        )
    units = payable_minutes // unit
    if payable_minutes % unit:
        make = reduce if units else block
        reasons.append(
            make(ReasonCode.FIN_13_PARTIAL_UNIT_NOT_PAID, f"{payable_minutes} min = {units} whole unit(s)")
        )

    same_year = [
        a
        for a in others(claim, accepted)
        if a.act is Act.PERINATAL_CONSULTATION
        and a.claim.client_pseudonym == claim.client_pseudonym
        and a.claim.act_date.year == claim.act_date.year
    ]
    this = [a for a in same_year if same_activity(a.claim, claim)]
    mine = [a for a in this if a.claim.professional_id == claim.professional_id]
    if mine:
        reasons.append(_cap_reached("this participant is already paid for this consultation", mine))
        return CapResult(rules, tuple(reasons), requested_units, 0)
    if claim.provider.is_health_insurance_professional:
        paid_professionals = [a for a in this if a.claim.provider.is_health_insurance_professional]
        if len({a.claim.professional_id for a in paid_professionals}) >= (
            policy.consultation_max_health_insurance_professionals
        ):
            reasons.append(
                block(
                    ReasonCode.DF_5_CONSULTATION_PROFESSIONALS_CAP,
                    f"{policy.consultation_max_health_insurance_professionals} health-insurance professionals "
                    "are already paid for this consultation",
                    *_claims(paid_professionals),
                )
            )
            return CapResult(rules, tuple(reasons), requested_units, 0)

    used: dict[str, int] = {}
    for item in same_year:
        if not same_activity(item.claim, claim):
            key = _consultation_key(item.claim)
            used[key] = max(used.get(key, 0), _paid_units(item, policy=policy))
    remaining = policy.consultation_units_per_year - sum(used.values())
    elsewhere = [a for a in same_year if not same_activity(a.claim, claim)]
    if remaining <= 0:
        reasons.append(
            _cap_reached(
                f"the client's {policy.consultation_minutes_per_year} min for this year are used", elsewhere
            )
        )
        return CapResult(rules, tuple(reasons), requested_units, 0)
    if units > remaining:
        reasons.append(
            reduce(
                ReasonCode.DF_5_CONSULTATION_CAP_REDUCED,
                f"{units} unit(s) asked, {remaining} left of the client's yearly "
                f"{policy.consultation_minutes_per_year} min",
                *_claims(elsewhere),
            )
        )
        units = remaining
    return CapResult(rules, tuple(reasons), requested_units, units)


def check_caps(
    claim: Claim,
    accepted: Sequence[AcceptedClaim],
    *,
    policy: Policy,
    registered_minutes: int | None = None,
    ppa_supersessions: Mapping[str, str] | None = None,
) -> CapResult:
    """DF-5: the cap of the claim's act (see the module docstring for each act)."""
    if claim.act is Act.SCREENING:
        return CapResult(("DF-5", "FIN-10"), tuple(screening_cap(claim, accepted, policy=policy)))
    if claim.act is Act.PRENATAL_ADVICE_SESSION:
        reasons = ppa_cap(claim, accepted, policy=policy, supersessions=ppa_supersessions)
        return CapResult(("DF-5", "FIN-11", "Q-04"), tuple(reasons))
    if claim.act is Act.COORDINATION_YEAR:
        return CapResult(("DF-5", "FIN-12", "CT-13", "Q-01"), tuple(coordination_cap(claim, accepted)))
    if claim.act is Act.CASE_MANAGEMENT:
        return CapResult(("DF-5", "FIN-23", "Q-11"), tuple(case_management_cap(claim, accepted)))
    if claim.act is Act.PERINATAL_CONSULTATION:
        return consultation_allowance(claim, accepted, policy=policy, registered_minutes=registered_minutes)
    return CapResult(("DF-5", "FIN-40"), tuple(legacy_mdo_cap(claim, accepted)))
