"""Use case of outreach referrals to screening ("toeleiding", SCR-10).

A referral is never edited: a correction is a new referral that supersedes an earlier one, with a reason. A
first referral is published as `ReferralRecordedV1`, a correction as `ReferralRecordedV2` (V1 plus
`supersedes` and `correction_reason`).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.activities import StoredReferral
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules
from screening.domain.model import Performer, Recorder
from screening.service.common import (
    SOURCE,
    claim_idempotency_key,
    complete_idempotency_key,
    load_pregnancy,
    locate_performer,
    performer_payload,
)
from shared.db import utcnow
from shared.events.base import EventPayload
from shared.events.contracts.screening import ReferralRecordedV1, ReferralRecordedV2
from shared.events.envelope import new_envelope


@dataclass(frozen=True)
class RecordReferral:
    referral_date: date
    referrer: Performer
    pregnancy_id: uuid.UUID | None
    residence_nis: str | None
    supported_by_case_management: bool
    recorded_by: Recorder
    supersedes: uuid.UUID | None = None
    correction_reason: str | None = None


async def record_referral(
    cmd: RecordReferral,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    today: date,
    idempotency_key: str | None = None,
) -> StoredReferral:
    """SCR-10: record that a care or welfare actor guided a pregnant woman to screening (no fee).

    With `supersedes` it corrects an earlier referral; without `pregnancy_id` the correction keeps the
    pregnancy of the referral it corrects.
    """
    residence = municipalities.resolve(cmd.residence_nis).nis_code if cmd.residence_nis else None
    referrer = locate_performer(cmd.referrer, municipalities, field="referrer")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="record_referral",
            actor=cmd.recorded_by.subject,
            content=dataclasses.asdict(cmd),
        )
        if replayed is not None:
            stored_before = await uow.referrals.get(replayed)
            assert stored_before is not None  # committed together with the key
            return stored_before
        # Locked first, so that two corrections of one referral are serialised.
        target = await uow.referrals.get(cmd.supersedes, for_update=True) if cmd.supersedes else None
        pregnancy_id = cmd.pregnancy_id or (target.pregnancy_id if target else None)
        pregnancy = await load_pregnancy(uow, pregnancy_id) if pregnancy_id else None
        stored = StoredReferral(
            id=uuid.uuid4(),
            pregnancy_id=pregnancy.id if pregnancy else None,
            referral_date=cmd.referral_date,
            referrer=referrer,
            residence_nis=pregnancy.residence_nis if pregnancy else residence,
            supported_by_case_management=cmd.supported_by_case_management,
            recorded_by=cmd.recorded_by,
            recorded_at=utcnow(),
            supersedes=cmd.supersedes,
            correction_reason=cmd.correction_reason,
        )
        rules.check_outreach_referral(stored.referral, today=today)
        rules.check_referral_correction(stored.referral, target.referral if target else None)
        await uow.referrals.add(stored)
        # Keyed by the client when known; a referral of a not yet registered woman has only its own id.
        subject = pregnancy.client_pseudonym if pregnancy else str(stored.id)
        uow.outbox.add(new_envelope(_recorded_event(stored, pregnancy), source=SOURCE, subject=subject))
        await complete_idempotency_key(uow, claim, stored.id)
        await uow.commit()
    return stored


def _recorded_event(stored: StoredReferral, pregnancy: PregnancyRecord | None) -> EventPayload:
    """V1 for a first referral; V2 (V1 plus `supersedes`, `correction_reason`) for a correction."""
    recorded = ReferralRecordedV1(
        referral_id=stored.id,
        pregnancy_id=stored.pregnancy_id,
        client_pseudonym=pregnancy.client_pseudonym if pregnancy else None,
        referral_date=stored.referral_date,
        referrer=performer_payload(stored.referrer),
        residence_nis=stored.residence_nis,
        supported_by_case_management=stored.supported_by_case_management,
    )
    if stored.supersedes is None:
        return recorded
    return ReferralRecordedV2(
        **recorded.model_dump(), supersedes=stored.supersedes, correction_reason=stored.correction_reason
    )
