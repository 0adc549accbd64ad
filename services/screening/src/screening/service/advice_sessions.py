"""Use case of the personal prenatal advice session (PPA, FIN-11, FIN-15, Q-04, Q-20).

A session is never edited: a correction is a new session that supersedes an earlier one of the pregnancy,
with a reason. The superseded session stays readable but counts no longer, neither toward the session number
nor toward the FIN-11 cap of the sessions recorded after it. A first session is published as
`PrenatalAdviceSessionHeldV1`, a correction as `PrenatalAdviceSessionHeldV2` (V1 plus `supersedes` and
`correction_reason`), so that consumers of V1 keep reading first sessions unchanged.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.activities import StoredSession
from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.records import domain_history
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules
from screening.domain.model import Performer, PpaVerdict, PrenatalAdviceSession, Recorder
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
from shared.events.contracts.screening import PrenatalAdviceSessionHeldV1, PrenatalAdviceSessionHeldV2
from shared.events.envelope import new_envelope


@dataclass(frozen=True)
class RecordPrenatalAdviceSession:
    pregnancy_id: uuid.UUID
    session_date: date
    performer: Performer
    recorded_by: Recorder
    supersedes: uuid.UUID | None = None
    correction_reason: str | None = None


@dataclass(frozen=True)
class SessionOutcome:
    pregnancy: PregnancyRecord
    stored: StoredSession


async def record_prenatal_advice_session(
    cmd: RecordPrenatalAdviceSession,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    today: date,
    idempotency_key: str | None = None,
) -> SessionOutcome:
    """FIN-11: a PPA before birth for scenario A/B or the exception; fee for GP/gyn/midwife, 3rd+ unpaid.

    With `supersedes` it corrects an earlier session of the pregnancy (a reason is required).
    """
    performer = locate_performer(cmd.performer, municipalities)
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="record_prenatal_advice_session",
            actor=cmd.recorded_by.subject,
            content=dataclasses.asdict(cmd),
        )
        if replayed is not None:
            stored_before = await uow.sessions.get(replayed)
            assert stored_before is not None  # committed together with the key
            return SessionOutcome(await load_pregnancy(uow, cmd.pregnancy_id), stored_before)
        pregnancy = await load_pregnancy(uow, cmd.pregnancy_id, for_update=True)
        history = await uow.inclusions.history(pregnancy.id)
        prior = await uow.sessions.for_pregnancy(pregnancy.id)
        draft = PrenatalAdviceSession(
            record_id=str(uuid.uuid4()),
            session_date=cmd.session_date,
            performer=performer,
            reimbursable=False,  # decided by the verdict below
            supersedes=str(cmd.supersedes) if cmd.supersedes else None,
            correction_reason=cmd.correction_reason,
        )
        rules.check_correction_reason(draft)
        verdict = rules.assess_prenatal_advice_session(
            cmd.session_date,
            performer,
            pregnancy=pregnancy.pregnancy,
            inclusion_history=domain_history(history),
            prior_sessions=[s.session for s in prior],
            today=today,
            supersedes=draft.supersedes,
        )
        session = dataclasses.replace(draft, reimbursable=verdict.reimbursable)
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
        payload = _held_event(pregnancy, session, verdict)
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=pregnancy.client_pseudonym))
        await complete_idempotency_key(uow, claim, uuid.UUID(session.record_id))
        await uow.commit()
    return SessionOutcome(pregnancy, stored)


def _held_event(
    pregnancy: PregnancyRecord, session: PrenatalAdviceSession, verdict: PpaVerdict
) -> EventPayload:
    """V1 for a first session; V2 (V1 plus `supersedes`, `correction_reason`) for a correction."""
    held = PrenatalAdviceSessionHeldV1(
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
    if session.supersedes is None:
        return held
    return PrenatalAdviceSessionHeldV2(
        **held.model_dump(),
        supersedes=uuid.UUID(session.supersedes),
        correction_reason=session.correction_reason,
    )
