"""Use case of outreach referrals to screening ("toeleiding", SCR-10)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.activities import StoredReferral
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules
from screening.domain.model import OutreachReferral, Performer
from screening.service.common import (
    SOURCE,
    claim_idempotency_key,
    complete_idempotency_key,
    load_pregnancy,
    performer_payload,
)
from shared.db import utcnow
from shared.events.contracts.screening import ReferralRecordedV1
from shared.events.envelope import new_envelope


@dataclass(frozen=True)
class RecordReferral:
    referral_date: date
    referrer: Performer
    pregnancy_id: uuid.UUID | None
    residence_nis: str | None
    supported_by_case_management: bool
    recorded_by: str


async def record_referral(
    cmd: RecordReferral,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    today: date,
    idempotency_key: str | None = None,
) -> StoredReferral:
    """SCR-10: record that a care or welfare actor guided a pregnant woman to screening (no fee)."""
    referrer = cmd.referrer
    rules.check_outreach_referral(
        OutreachReferral(
            cmd.referral_date,
            referrer.organisation_kind,
            referrer.profession,
            supported_by_case_management=cmd.supported_by_case_management,
        ),
        today=today,
    )
    residence = municipalities.resolve(cmd.residence_nis).nis_code if cmd.residence_nis else None
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="record_referral",
            actor=cmd.recorded_by,
            content=dataclasses.asdict(cmd),
        )
        if replayed is not None:
            stored_before = await uow.referrals.get(replayed)
            assert stored_before is not None  # committed together with the key
            return stored_before
        pregnancy = await load_pregnancy(uow, cmd.pregnancy_id) if cmd.pregnancy_id else None
        stored = StoredReferral(
            id=uuid.uuid4(),
            pregnancy_id=pregnancy.id if pregnancy else None,
            referral_date=cmd.referral_date,
            referrer=referrer,
            residence_nis=pregnancy.residence_nis if pregnancy else residence,
            supported_by_case_management=cmd.supported_by_case_management,
            recorded_by=cmd.recorded_by,
            recorded_at=utcnow(),
        )
        await uow.referrals.add(stored)
        payload = ReferralRecordedV1(
            referral_id=stored.id,
            pregnancy_id=stored.pregnancy_id,
            client_pseudonym=pregnancy.client_pseudonym if pregnancy else None,
            referral_date=stored.referral_date,
            referrer=performer_payload(referrer),
            residence_nis=stored.residence_nis,
            supported_by_case_management=stored.supported_by_case_management,
        )
        # Keyed by the client when known; a referral of a not yet registered woman has only its own id.
        subject = pregnancy.client_pseudonym if pregnancy else str(stored.id)
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=subject))
        await complete_idempotency_key(uow, claim, stored.id)
        await uow.commit()
    return stored
