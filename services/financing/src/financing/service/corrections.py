"""FIN-11 / DF-5: a PPA correction that supersedes a session which is already paid.

History is not rewritten: the paid claim stays ACCEPTED or REDUCED, with its decisions and its payment
order. Instead, each paid claim that rests on the superseded session is raised for review as a finding
PPA_SUPERSEDED_AFTER_PAYMENT (rule DF-5, effect REVIEW). The finding names the paid claim on both sides,
since no second claim exists, and names both sessions in its detail. A finance officer resolves it with
`POST /findings/{id}/resolution`: CONFIRMED (the payment is to be recovered) or DISMISSED (it stands). A
claim that is still held or arrives later is judged on the current projection, where the superseded session
backs nothing (FIN_11_SESSION_SUPERSEDED). A claim for the correction of a paid session is held with the
same code by the rules (`domain.double_funding`).

This runs in the projection consumer's transaction, right after the correction is projected. It first takes
the client's advisory lock, the lock every decision on the client's claims holds (`decisions.lock`), so a
PPA claim decided at the same moment either commits first and is found here, or is decided after this
batch commits and sees the session superseded. Corrections are rare, so the lock costs the hot path
nothing otherwise.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from financing.adapters.claims import ClaimRepository
from financing.adapters.findings import FindingRepository, StoredFinding
from financing.adapters.locks import AdvisoryLocks
from financing.domain import funding
from financing.domain.double_funding import superseded_after_payment
from financing.domain.model import Act
from financing.service import findings
from shared.outbox.writer import OutboxWriter


async def review_payments_on_superseded_session(
    session: AsyncSession,
    outbox: OutboxWriter,
    *,
    client_pseudonym: str,
    pregnancy_id: uuid.UUID,
    superseded: uuid.UUID,
    correction: uuid.UUID,
    now: datetime,
) -> list[StoredFinding]:
    """Raise PPA_SUPERSEDED_AFTER_PAYMENT once for each paid claim of the superseded session."""
    await AdvisoryLocks(session).acquire([funding.client_scope(client_pseudonym)])
    paid = await ClaimRepository(session).paid_for_activity(
        pregnancy_id, Act.PRENATAL_ADVICE_SESSION, str(superseded)
    )
    repository = FindingRepository(session)
    raised = []
    for stored in paid:
        finding = superseded_after_payment(stored.accepted(), str(superseded), str(correction))
        raised.append(
            await findings.raise_finding(
                repository, outbox, stored.claim, finding, other_act=stored.claim.act.value, now=now
            )
        )
    return raised
