"""Use case of the personal prenatal advice session (PPA, FIN-11, FIN-15, Q-04)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.activities import StoredSession
from screening.adapters.records import domain_history
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules
from screening.domain.model import Performer, PrenatalAdviceSession
from screening.service.common import (
    SOURCE,
    claim_idempotency_key,
    complete_idempotency_key,
    load_pregnancy,
    performer_payload,
)
from shared.db import utcnow
from shared.events.contracts.screening import PrenatalAdviceSessionHeldV1
from shared.events.envelope import new_envelope


@dataclass(frozen=True)
class RecordPrenatalAdviceSession:
    pregnancy_id: uuid.UUID
    session_date: date
    performer: Performer
    recorded_by: str


@dataclass(frozen=True)
class SessionOutcome:
    pregnancy: PregnancyRecord
    stored: StoredSession


async def record_prenatal_advice_session(
    cmd: RecordPrenatalAdviceSession,
    *,
    uow: ScreeningUnitOfWork,
    today: date,
    idempotency_key: str | None = None,
) -> SessionOutcome:
    """FIN-11: a PPA before birth for scenario A/B or the exception; fee for GP/gyn/midwife, 3rd+ unpaid."""
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="record_prenatal_advice_session",
            actor=cmd.recorded_by,
            content=dataclasses.asdict(cmd),
        )
        if replayed is not None:
            stored_before = await uow.sessions.get(replayed)
            assert stored_before is not None  # committed together with the key
            return SessionOutcome(await load_pregnancy(uow, cmd.pregnancy_id), stored_before)
        pregnancy = await load_pregnancy(uow, cmd.pregnancy_id, for_update=True)
        history = await uow.inclusions.history(pregnancy.id)
        prior = await uow.sessions.for_pregnancy(pregnancy.id)
        verdict = rules.assess_prenatal_advice_session(
            cmd.session_date,
            cmd.performer,
            pregnancy=pregnancy.pregnancy,
            inclusion_history=domain_history(history),
            prior_sessions=[s.session for s in prior],
            today=today,
        )
        session = PrenatalAdviceSession(
            record_id=str(uuid.uuid4()),
            session_date=cmd.session_date,
            performer=cmd.performer,
            reimbursable=verdict.reimbursable,
        )
        stored = StoredSession(
            session=session,
            pregnancy_id=pregnancy.id,
            session_number=verdict.session_number,
            reason=verdict.reason,
            scenario=verdict.inclusion.scenario,
            inclusion_basis=verdict.inclusion.basis,
            inclusion_record_id=verdict.inclusion.record_id,
            recorded_by=cmd.recorded_by,
            recorded_at=utcnow(),
        )
        await uow.sessions.add(stored)
        payload = PrenatalAdviceSessionHeldV1(
            session_id=uuid.UUID(session.record_id),
            pregnancy_id=pregnancy.id,
            client_pseudonym=pregnancy.client_pseudonym,
            session_date=session.session_date,
            session_number=verdict.session_number,
            performer=performer_payload(session.performer),
            residence_nis=pregnancy.residence_nis,
            reimbursable=verdict.reimbursable,
            reason=verdict.reason.value if verdict.reason is not None else None,
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=pregnancy.client_pseudonym))
        await complete_idempotency_key(uow, claim, uuid.UUID(session.record_id))
        await uow.commit()
    return SessionOutcome(pregnancy, stored)
