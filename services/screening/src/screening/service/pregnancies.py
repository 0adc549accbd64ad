"""Use cases of the pregnancy: registration, birth, end without birth (CTX-04, Q-05, Q-15)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.crypto import ClientIdentity
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import timeline
from screening.domain.errors import PregnancyAlreadyRegistered
from screening.domain.model import PregnancyEndReason, Recorder
from screening.domain.national_number import parse_national_number
from screening.service.common import (
    SOURCE,
    claim_idempotency_key,
    complete_idempotency_key,
    load_pregnancy,
)
from shared.db import utcnow
from shared.events.contracts.screening import BirthRecordedV1, PregnancyEndedV1, PregnancyRegisteredV1
from shared.events.envelope import new_envelope


@dataclass(frozen=True)
class RegisterPregnancy:
    national_number: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    first_contact_professional_id: str | None
    registered_by: Recorder


@dataclass(frozen=True)
class RecordBirth:
    pregnancy_id: uuid.UUID
    birth_date: date
    number_of_children: int
    recorded_by: Recorder


@dataclass(frozen=True)
class EndPregnancy:
    pregnancy_id: uuid.UUID
    end_date: date
    reason: PregnancyEndReason
    recorded_by: Recorder


async def register_pregnancy(
    cmd: RegisterPregnancy,
    *,
    uow: ScreeningUnitOfWork,
    identity: ClientIdentity,
    municipalities: MunicipalityDirectory,
    today: date,
    idempotency_key: str | None = None,
) -> PregnancyRecord:
    """Register a client's pregnancy once; the same client and expected delivery date twice is a conflict."""
    number = parse_national_number(cmd.national_number, today=today)
    timeline.check_expected_delivery_date(cmd.expected_delivery_date, today=today)
    residence = municipalities.resolve(cmd.residence_nis)
    pseudonym = identity.pseudonym(number.digits)
    # The fingerprint of an idempotent request never hashes the clear number (a guessable value).
    content = dataclasses.asdict(cmd) | {"national_number": pseudonym}
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="register_pregnancy",
            actor=cmd.registered_by.subject,
            content=content,
        )
        if replayed is not None:
            return await load_pregnancy(uow, replayed)
        if await uow.pregnancies.find(pseudonym, cmd.expected_delivery_date) is not None:
            raise PregnancyAlreadyRegistered("This pregnancy of this client is already registered.")
        record = PregnancyRecord(
            id=uuid.uuid4(),
            client_pseudonym=pseudonym,
            expected_delivery_date=cmd.expected_delivery_date,
            residence_nis=residence.nis_code,
            residence_nis_reported=residence.reported_code,
            mutuality_code=cmd.mutuality_code,
            care_fund_code=cmd.care_fund_code,
            first_contact_professional_id=cmd.first_contact_professional_id,
            registered_at=utcnow(),
            registered_by=cmd.registered_by,
        )
        added = await uow.pregnancies.add(
            record, encrypted_number=identity.encrypt(number.digits), registered_by=cmd.registered_by
        )
        if not added:  # a concurrent duplicate won the race
            raise PregnancyAlreadyRegistered("This pregnancy of this client is already registered.")
        payload = PregnancyRegisteredV1(
            pregnancy_id=record.id,
            client_pseudonym=pseudonym,
            expected_delivery_date=record.expected_delivery_date,
            residence_nis=record.residence_nis,
            mutuality_code=record.mutuality_code,
            care_fund_code=record.care_fund_code,
            first_contact_professional_id=record.first_contact_professional_id,
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=pseudonym))
        await complete_idempotency_key(uow, claim, record.id)
        await uow.commit()
    return record


async def record_birth(
    cmd: RecordBirth, *, uow: ScreeningUnitOfWork, today: date, idempotency_key: str | None = None
) -> PregnancyRecord:
    """CTX-04: record the birth (date, number of children); the programme periods follow from its date."""
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="record_birth",
            actor=cmd.recorded_by.subject,
            content=dataclasses.asdict(cmd),
        )
        if replayed is not None:
            return await load_pregnancy(uow, replayed)
        record = await load_pregnancy(uow, cmd.pregnancy_id, for_update=True)
        concluded = timeline.record_birth(
            record.pregnancy, cmd.birth_date, cmd.number_of_children, today=today
        )
        updated = dataclasses.replace(
            record,
            birth=concluded.birth,
            child_ids=tuple(uuid.uuid4() for _ in range(cmd.number_of_children)),
            concluded_by=cmd.recorded_by,
        )
        await uow.pregnancies.conclude(updated, by=cmd.recorded_by, at=utcnow())
        payload = BirthRecordedV1(
            pregnancy_id=record.id,
            client_pseudonym=record.client_pseudonym,
            birth_date=cmd.birth_date,
            number_of_children=cmd.number_of_children,
            child_ids=list(updated.child_ids),
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=record.client_pseudonym))
        await complete_idempotency_key(uow, claim, record.id)
        await uow.commit()
    return updated


async def end_pregnancy(
    cmd: EndPregnancy, *, uow: ScreeningUnitOfWork, today: date, idempotency_key: str | None = None
) -> PregnancyRecord:
    """CTX-04: record that the pregnancy ended without a live birth; the programme period is ENDED from then."""
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="end_pregnancy",
            actor=cmd.recorded_by.subject,
            content=dataclasses.asdict(cmd),
        )
        if replayed is not None:
            return await load_pregnancy(uow, replayed)
        record = await load_pregnancy(uow, cmd.pregnancy_id, for_update=True)
        concluded = timeline.record_pregnancy_end(record.pregnancy, cmd.end_date, cmd.reason, today=today)
        updated = dataclasses.replace(record, end=concluded.end, concluded_by=cmd.recorded_by)
        await uow.pregnancies.conclude(updated, by=cmd.recorded_by, at=utcnow())
        payload = PregnancyEndedV1(
            pregnancy_id=record.id,
            client_pseudonym=record.client_pseudonym,
            end_date=cmd.end_date,
            reason=cmd.reason.value,
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=record.client_pseudonym))
        await complete_idempotency_key(uow, claim, record.id)
        await uow.commit()
    return updated
