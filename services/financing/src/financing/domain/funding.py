"""What the persistence layer needs to keep DF-1/2/3/5 true under concurrency: lock scopes and funding slots.

Every cross-claim rule (caps, double funding) reads the accepted claims of one client's trajectory and of the
care teams named in a claim. Claims are therefore judged one at a time per `lock_scopes(claim)`: the client
(pregnancy-scoped acts, the consultation cap per client and year, DF-7 and the legacy MDO by client) and the
team (DF-1 / DF-2 are team-scoped, and a claim may name a team of another client by mistake).

`funding_slot(claim)` names the unit a payment fills. Two payable claims never share a slot; the service
backs this with a unique index on the payable claims, so even a bypassed lock cannot pay a role twice. The
rules are always at least as strict as the slots (each slot has a DF-5 cap or a DF finding behind it), so
the index only ever fires when two decisions raced.
"""

from __future__ import annotations

from financing.domain.model import Act, Claim


def client_scope(client_pseudonym: str) -> str:
    """The lock scope of one client's claims: every decision on them holds it (also a PPA correction that
    looks for payments on the session it supersedes)."""
    return f"client:{client_pseudonym}"


def lock_scopes(claim: Claim) -> tuple[str, ...]:
    """DF-1..DF-5: the scopes (client, team) whose accepted claims decide this claim, sorted for lock order."""
    scopes = {client_scope(claim.client_pseudonym)}
    if claim.team_id:
        scopes.add(f"team:{claim.team_id}")
    return tuple(sorted(scopes))


def funding_slot(claim: Claim) -> str:
    """DF-3 / DF-5: the payable unit this claim fills (its activity reference resolved where there is one)."""
    ref = claim.activity_ref
    fallback = f"{claim.professional_id}/{claim.act_date.isoformat()}"
    if claim.act is Act.SCREENING:
        return f"SCREENING/{claim.pregnancy_id}/{ref or fallback}"
    if claim.act is Act.PRENATAL_ADVICE_SESSION:
        return f"PRENATAL_ADVICE_SESSION/{claim.pregnancy_id}/{ref or fallback}"
    if claim.act is Act.COORDINATION_YEAR:
        # DF-1 + DF-3 + CT-13: one flat fee per team and fee year, whoever the coordinator, whichever payer.
        return f"COORDINATION_YEAR/{claim.team_id}/{claim.act_date.isoformat()}"
    if claim.act is Act.PERINATAL_CONSULTATION:
        consultation = ref or f"{claim.team_id}/{claim.act_date.isoformat()}"
        return f"PERINATAL_CONSULTATION/{consultation}/{claim.professional_id}"
    if claim.act is Act.CASE_MANAGEMENT:
        intervention = ref or f"{claim.provider.organisation_id}/{claim.act_date.isoformat()}"
        return f"CASE_MANAGEMENT/{claim.team_id}/{intervention}"
    return f"LEGACY_MDO/{claim.client_pseudonym}/{ref or fallback}"
