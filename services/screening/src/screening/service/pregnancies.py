"""Use cases around a pregnancy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.crypto import ClientIdentity
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain.national_number import parse_national_number
from shared.errors import Conflict, NotFound
from shared.events.contracts.screening import PregnancyRegisteredV1
from shared.events.envelope import new_envelope

SOURCE = "urn:perinatal:screening"


class PregnancyAlreadyRegistered(Conflict):
    code = "PREGNANCY_ALREADY_REGISTERED"


class PregnancyNotFound(NotFound):
    code = "PREGNANCY_NOT_FOUND"


@dataclass(frozen=True)
class RegisterPregnancy:
    national_number: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    first_contact_professional_id: str | None
    registered_by: str


async def register_pregnancy(
    cmd: RegisterPregnancy, *, uow: ScreeningUnitOfWork, identity: ClientIdentity, today: date
) -> PregnancyRecord:
    """Register a client's pregnancy once; the same client and expected delivery date twice is a conflict."""
    number = parse_national_number(cmd.national_number, today=today)
    pseudonym = identity.pseudonym(number.digits)
    async with uow:
        if await uow.pregnancies.find(pseudonym, cmd.expected_delivery_date) is not None:
            raise PregnancyAlreadyRegistered("This pregnancy of this client is already registered")
        record = PregnancyRecord(
            id=uuid.uuid4(),
            client_pseudonym=pseudonym,
            expected_delivery_date=cmd.expected_delivery_date,
            residence_nis=cmd.residence_nis,
            mutuality_code=cmd.mutuality_code,
            care_fund_code=cmd.care_fund_code,
            first_contact_professional_id=cmd.first_contact_professional_id,
        )
        added = await uow.pregnancies.add(
            record, encrypted_number=identity.encrypt(number.digits), registered_by=cmd.registered_by
        )
        if not added:  # a concurrent duplicate won the race
            raise PregnancyAlreadyRegistered("This pregnancy of this client is already registered")
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
        await uow.commit()
    return record


async def get_pregnancy(pregnancy_id: uuid.UUID, *, uow: ScreeningUnitOfWork) -> PregnancyRecord:
    async with uow:
        record = await uow.pregnancies.get(pregnancy_id)
    if record is None:
        raise PregnancyNotFound("No pregnancy with this id")
    return record
