"""Double-funding findings (DF-1, DF-2, DF-3, DF-5, DF-7): raised, listed for finance officers, resolved.

A finding names both sides: the claim that would double-fund and the already paid claim (with both payers
and acts). One kind has a single claim: PPA_SUPERSEDED_AFTER_PAYMENT raised when a correction supersedes a
session that was already paid names the paid claim on both sides (`service.corrections`). Resolving
records the officer's verdict and justification: CONFIRMED (it is double funding, or the payment on a
superseded session is to be recovered) or DISMISSED (it is not, or the payment stands). A blocking
finding's claim stays rejected either way (the rules refused it; the verdict is for the audit and the
exchange with the other government, DF-3 / DP-02); a held claim is decided through its review, which
resolves its REVIEW findings at the same time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from financing.adapters.findings import FindingFilter, FindingRepository, StoredFinding
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain.double_funding import Finding
from financing.domain.model import Claim
from financing.service.common import SOURCE
from shared.db import utcnow
from shared.errors import Conflict, NotFound
from shared.events.contracts.financing import DoubleFundingFindingRaisedV1, DoubleFundingFindingResolvedV1
from shared.events.envelope import new_envelope
from shared.logging import get_logger
from shared.outbox.writer import OutboxWriter

log = get_logger(__name__)


class FindingNotFound(NotFound):
    code = "FINDING_NOT_FOUND"


class FindingAlreadyResolved(Conflict):
    code = "FINDING_ALREADY_RESOLVED"


class Resolution(StrEnum):
    CONFIRMED = "CONFIRMED"
    DISMISSED = "DISMISSED"


@dataclass(frozen=True)
class ResolveFinding:
    finding_id: uuid.UUID
    resolution: Resolution
    justification: str
    resolved_by: str


async def raise_finding(
    repository: FindingRepository,
    outbox: OutboxWriter,
    claim: Claim,
    finding: Finding,
    *,
    other_act: str,
    now: datetime,
) -> StoredFinding:
    """Record a finding once per (claim, other claim, kind) in the caller's transaction; queue its event
    when it is new (a replay or a second detection of the same pair records and publishes nothing)."""
    stored, new = await repository.add(
        StoredFinding(
            finding_id=uuid.uuid4(),
            kind=finding.kind.value,
            rule=finding.rule,
            reason_code=finding.code.value,
            effect=finding.effect.value,
            claim_id=uuid.UUID(finding.claim_id),
            payer=finding.payer.value,
            act=claim.act.value,
            other_claim_id=uuid.UUID(finding.other_claim_id),
            other_payer=finding.other_payer.value,
            other_act=other_act,
            client_pseudonym=claim.client_pseudonym,
            pregnancy_id=uuid.UUID(claim.pregnancy_id) if claim.pregnancy_id else None,
            team_id=claim.team_id,
            detail=finding.detail[:500],
            raised_at=now,
        )
    )
    if new:
        payload = DoubleFundingFindingRaisedV1(
            finding_id=stored.finding_id,
            kind=stored.kind,
            rule=stored.rule,
            reason_code=stored.reason_code,
            effect="BLOCK" if stored.effect == "BLOCK" else "REVIEW",
            claim_id=stored.claim_id,
            payer=finding.payer.value,
            act=stored.act,
            other_claim_id=stored.other_claim_id,
            other_payer=finding.other_payer.value,
            other_act=stored.other_act,
            client_pseudonym=stored.client_pseudonym,
            pregnancy_id=stored.pregnancy_id,
            team_id=stored.team_id,
            detail=stored.detail,
        )
        outbox.add(new_envelope(payload, source=SOURCE, subject=claim.client_pseudonym))
        log.info("double_funding_finding_raised", finding_id=str(stored.finding_id), rule=stored.rule)
    return stored


async def resolve_open(
    uow: FinancingUnitOfWork,
    finding: StoredFinding,
    *,
    resolution: str,
    justification: str,
    resolved_by: str,
    today: date,
    now: datetime,
) -> StoredFinding:
    """Resolve an open finding in the caller's transaction and queue its event."""
    await uow.findings.resolve(
        finding.finding_id, resolution=resolution, justification=justification, by=resolved_by, at=now
    )
    payload = DoubleFundingFindingResolvedV1(
        finding_id=finding.finding_id,
        rule=finding.rule,
        claim_id=finding.claim_id,
        other_claim_id=finding.other_claim_id,
        resolution="CONFIRMED" if resolution == Resolution.CONFIRMED.value else "DISMISSED",
        resolved_on=today,
        client_pseudonym=finding.client_pseudonym,
    )
    uow.outbox.add(new_envelope(payload, source=SOURCE, subject=finding.client_pseudonym))
    log.info("double_funding_finding_resolved", finding_id=str(finding.finding_id), resolution=resolution)
    return replace(
        finding,
        status="RESOLVED",
        resolution=resolution,
        justification=justification,
        resolved_by=resolved_by,
        resolved_at=now,
    )


async def resolve_finding(cmd: ResolveFinding, *, uow: FinancingUnitOfWork, today: date) -> StoredFinding:
    """DF-1/2/3/7: a finance officer's verdict on a finding, once (a second resolution is a conflict)."""
    async with uow:
        finding = await uow.findings.get(cmd.finding_id, for_update=True)
        if finding is None:
            raise FindingNotFound("No double-funding finding with this id.")
        if finding.status != "OPEN":
            raise FindingAlreadyResolved(
                f"The finding was already resolved ({finding.resolution}) by {finding.resolved_by}."
            )
        resolved = await resolve_open(
            uow,
            finding,
            resolution=cmd.resolution.value,
            justification=cmd.justification,
            resolved_by=cmd.resolved_by,
            today=today,
            now=utcnow(),
        )
        await uow.commit()
    return resolved


async def get_finding(finding_id: uuid.UUID, *, uow: FinancingUnitOfWork) -> StoredFinding:
    async with uow:
        finding = await uow.findings.get(finding_id)
    if finding is None:
        raise FindingNotFound("No double-funding finding with this id.")
    return finding


async def list_findings(
    filters: FindingFilter, *, uow: FinancingUnitOfWork, limit: int, offset: int
) -> tuple[list[StoredFinding], int]:
    async with uow:
        return await uow.findings.list(filters, limit=limit, offset=offset)
