"""Submitting and reading claims.

A claim is decided when it is submitted: accepted with an amount, reduced, rejected with reason codes, or
held for review (for instance ACTIVITY_NOT_YET_KNOWN when the activity's event has not reached this service
yet). Every decided claim is stored with its decision; input that cannot form a claim at all (a period
ending before it starts, a consultation without minutes, a pregnancy that cannot be named or that this
service does not know) is refused with a problem and nothing is stored. A retried submission with the same `Idempotency-Key` is the same claim.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from financing.adapters.claims import ClaimFilter, StoredClaim, StoredDecision
from financing.adapters.findings import StoredFinding
from financing.adapters.payments import StoredOrder
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.model import Act, Claim, Payer, Period, Provider
from financing.service import decisions
from financing.service.common import SOURCE, claim_idempotency_key, complete_idempotency_key
from financing.service.decisions import Author, RuleBook
from financing.service.projection import resolve_pregnancy
from shared.db import utcnow
from shared.errors import InvalidInput, NotFound
from shared.events.contracts.financing import ClaimReceivedV1
from shared.events.envelope import new_envelope


class ClaimNotFound(NotFound):
    code = "CLAIM_NOT_FOUND"


class PregnancyNotResolved(InvalidInput):
    """A perinatal claim without a pregnancy id whose client has no single known pregnancy covering the act."""

    code = "FIN_PREGNANCY_NOT_RESOLVED"


class UnknownClient(InvalidInput):
    """A perinatal claim for a pregnancy (or a client of it) that this service's projection does not know."""

    code = "UNKNOWN_CLIENT"


class IdempotencyKeyRequired(InvalidInput):
    code = "IDEMPOTENCY_KEY_REQUIRED"


@dataclass(frozen=True)
class SubmitClaim:
    act: Act
    payer: Payer
    client_pseudonym: str
    pregnancy_id: uuid.UUID | None
    team_id: str | None
    act_date: date
    period_end: date | None
    minutes: int | None
    activity_ref: str | None
    provider: Provider
    submitted_by: str


@dataclass(frozen=True)
class ClaimView:
    """A claim with its current decision (the latest history row), its findings and its payment order."""

    claim: StoredClaim
    decision: StoredDecision
    findings: tuple[StoredFinding, ...]
    order: StoredOrder | None
    replayed: bool = False


def _content(cmd: SubmitClaim) -> dict[str, object]:
    p = cmd.provider
    return {
        "act": cmd.act.value,
        "payer": cmd.payer.value,
        "client_pseudonym": cmd.client_pseudonym,
        "pregnancy_id": str(cmd.pregnancy_id) if cmd.pregnancy_id else None,
        "team_id": cmd.team_id,
        "act_date": cmd.act_date.isoformat(),
        "period_end": cmd.period_end.isoformat() if cmd.period_end else None,
        "minutes": cmd.minutes,
        "activity_ref": cmd.activity_ref,
        "provider": [
            p.professional_id,
            p.profession.value,
            p.organisation_id,
            p.funding.value,
            p.organisation_kind.value,
            p.coordination_in_mission,
            p.recognised_for_case_management,
        ],
    }


async def load_view(uow: FinancingUnitOfWork, claim_id: uuid.UUID, *, replayed: bool = False) -> ClaimView:
    """The claim with its latest decision, findings and order, read in the unit of work's session."""
    stored = await uow.claims.get(claim_id)
    if stored is None:
        raise ClaimNotFound("No claim with this id.")
    history = await uow.claims.decisions(claim_id)
    findings = await uow.findings.of_claim(claim_id)
    order = await uow.orders.of_claim(claim_id)
    return ClaimView(stored, history[-1], tuple(findings), order, replayed)


async def submit_claim(
    cmd: SubmitClaim,
    *,
    uow: FinancingUnitOfWork,
    rules: RuleBook,
    today: date,
    idempotency_key: str | None,
) -> ClaimView:
    """FIN-10..41, DF-1..7: record a claim and decide it under the locks of its client and team."""
    if idempotency_key is None:
        raise IdempotencyKeyRequired("POST /claims needs an Idempotency-Key header (8-200 characters)")
    if cmd.period_end is not None:
        Period(cmd.act_date, cmd.period_end)  # FIN_INVALID_PERIOD before anything is touched

    async def attempt() -> ClaimView:
        async with uow:
            key, replayed = await claim_idempotency_key(
                uow, idempotency_key, operation="submit_claim", actor=cmd.submitted_by, content=_content(cmd)
            )
            if replayed is not None:
                return await load_view(uow, replayed, replayed=True)
            pregnancy_id = cmd.pregnancy_id
            if pregnancy_id is None and cmd.act is not Act.LEGACY_MDO:
                pregnancy_id = await resolve_pregnancy(uow, cmd.client_pseudonym, cmd.act_date)
                if pregnancy_id is None:
                    raise PregnancyNotResolved(
                        "The client has no single known pregnancy covering the act date: name the pregnancy_id."
                    )
            if pregnancy_id is not None and cmd.act is not Act.LEGACY_MDO:
                known = await uow.projection.pregnancy(pregnancy_id)
                if known is None or known["client_pseudonym"] != cmd.client_pseudonym:
                    raise UnknownClient(
                        f"This service knows no pregnancy {pregnancy_id} of this client. A pregnancy registered "
                        "moments ago reaches financing within seconds: submit the claim again then."
                    )
            claim = Claim(
                claim_id=str(uuid.uuid4()),
                act=cmd.act,
                provider=cmd.provider,
                client_pseudonym=cmd.client_pseudonym,
                pregnancy_id=str(pregnancy_id) if pregnancy_id else None,
                payer=cmd.payer,
                act_date=cmd.act_date,
                period_end=cmd.period_end,
                team_id=cmd.team_id,
                minutes=cmd.minutes,
                activity_ref=cmd.activity_ref,
            )
            now = utcnow()
            uow.outbox.add(
                new_envelope(
                    ClaimReceivedV1(
                        claim_id=uuid.UUID(claim.claim_id),
                        act=claim.act.value,
                        payer=claim.payer.value,
                        client_pseudonym=claim.client_pseudonym,
                        pregnancy_id=pregnancy_id,
                        team_id=claim.team_id,
                        act_date=claim.act_date,
                        period_end=claim.period_end,
                        minutes=claim.minutes,
                        provider=decisions.provider_payload(claim),
                    ),
                    source=SOURCE,
                    subject=claim.client_pseudonym,
                )
            )
            await decisions.lock(uow, claim)
            judgement = await decisions.judge(uow, claim, rules=rules, today=today)
            decision, organisation = judgement.with_payout()
            recorded = await decisions.record(
                uow,
                claim,
                judgement,
                decision,
                organisation,
                previous=None,
                submitted_by=cmd.submitted_by,
                received_at=now,
                author=Author("RULES", "rules"),
                today=today,
                now=now,
            )
            await complete_idempotency_key(uow, key, recorded.claim.claim_id)
            await uow.commit()
        return ClaimView(recorded.claim, recorded.decision, recorded.findings, recorded.order)

    return await decisions.retrying(rules.decision_attempts, attempt)


async def get_claim(claim_id: uuid.UUID, *, uow: FinancingUnitOfWork, visible_to: str | None) -> ClaimView:
    """A claim; a billing system sees only the claims it submitted (`visible_to`), others are not found."""
    async with uow:
        view = await load_view(uow, claim_id)
    if visible_to is not None and view.claim.submitted_by != visible_to:
        raise ClaimNotFound("No claim with this id.")
    return view


async def claim_history(
    claim_id: uuid.UUID, *, uow: FinancingUnitOfWork, visible_to: str | None
) -> list[StoredDecision]:
    """Every decision taken on a claim, oldest first (the table is append-only)."""
    async with uow:
        stored = await uow.claims.get(claim_id)
        if stored is None or (visible_to is not None and stored.submitted_by != visible_to):
            raise ClaimNotFound("No claim with this id.")
        return await uow.claims.decisions(claim_id)


async def list_claims(
    filters: ClaimFilter, *, uow: FinancingUnitOfWork, limit: int, offset: int
) -> tuple[list[StoredClaim], int]:
    async with uow:
        return await uow.claims.list(filters, limit=limit, offset=offset)
