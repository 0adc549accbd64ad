"""Use cases of the inclusion history: screenings (SCR-01..SCR-09) and exception-path decisions (SCR-06).

Both kinds go into one append-only history per pregnancy; a correction is a new record that supersedes an
earlier one with a reason. After each record the current scenario is recomputed from the whole history and,
when its scenario, basis or indicators changed, `ClientScenarioDeterminedV1` is queued for careteam and
financing in the same transaction.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.records import StoredDecision, StoredInclusion, StoredScreening, domain_history
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules, timeline
from screening.domain.model import (
    ExceptionReason,
    InclusionDecision,
    Performer,
    Recorder,
    ScenarioDetermination,
    ScreeningRecord,
    ScreeningStatus,
)
from screening.service.common import (
    SOURCE,
    add_scenario_event,
    claim_idempotency_key,
    complete_idempotency_key,
    current_determination,
    load_pregnancy,
    locate_performer,
    performer_payload,
    scenario_changed,
    scenario_code,
)
from shared.db import utcnow
from shared.events.contracts.screening import InclusionDecidedV1, ScreeningRecordedV1
from shared.events.envelope import new_envelope


@dataclass(frozen=True)
class RecordScreening:
    pregnancy_id: uuid.UUID
    screening_date: date
    status: ScreeningStatus
    performer: Performer
    indicators: tuple[str, ...]
    topics: tuple[str, ...]
    supersedes: uuid.UUID | None
    correction_reason: str | None
    recorded_by: Recorder


@dataclass(frozen=True)
class DecideInclusion:
    pregnancy_id: uuid.UUID
    decision_date: date
    performer: Performer
    reason: ExceptionReason
    reason_detail: str | None
    indicators: tuple[str, ...]
    supersedes: uuid.UUID | None
    correction_reason: str | None
    recorded_by: Recorder


@dataclass(frozen=True)
class InclusionOutcome:
    """The accepted record and the pregnancy's current scenario after it."""

    pregnancy: PregnancyRecord
    stored: StoredInclusion
    current: ScenarioDetermination


async def record_screening(
    cmd: RecordScreening,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    today: date,
    idempotency_key: str | None = None,
) -> InclusionOutcome:
    """SCR-01..SCR-09: record a screening attempt (or a correction of a record) and its consequences."""
    indicators = rules.parse_indicators(cmd.indicators)
    topics = rules.parse_topics(cmd.topics)
    performer = locate_performer(cmd.performer, municipalities)
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="record_screening",
            actor=cmd.recorded_by.subject,
            content=_content(cmd),
        )
        if replayed is not None:
            return await _replay(uow, cmd.pregnancy_id, replayed)
        pregnancy = await load_pregnancy(uow, cmd.pregnancy_id, for_update=True)
        history = await uow.inclusions.history(pregnancy.id)
        record = ScreeningRecord(
            record_id=str(uuid.uuid4()),
            screening_date=cmd.screening_date,
            recorded_at=utcnow(),  # taken under the pregnancy lock, so it orders the history
            status=cmd.status,
            performer=performer,
            indicators=indicators,
            topics_discussed=topics,
            supersedes=str(cmd.supersedes) if cmd.supersedes else None,
            correction_reason=cmd.correction_reason,
        )
        rules.check_correction_reason(record)
        assessment = rules.assess_screening(
            record, pregnancy=pregnancy.pregnancy, history=domain_history(history), today=today
        )
        stored = StoredScreening(
            record=record,
            pregnancy_id=pregnancy.id,
            timing=assessment.timing,
            scenario=assessment.determination.scenario,
            reimbursement=assessment.reimbursement,
            recorded_by=cmd.recorded_by,
        )
        await uow.inclusions.add(stored)
        uow.outbox.add(
            new_envelope(_screening_event(pregnancy, stored), source=SOURCE, subject=_key(pregnancy))
        )
        current = _publish_scenario_if_changed(uow, pregnancy, history, stored)
        await complete_idempotency_key(uow, claim, uuid.UUID(record.record_id))
        await uow.commit()
    return InclusionOutcome(pregnancy, stored, current)


async def decide_inclusion(
    cmd: DecideInclusion,
    *,
    uow: ScreeningUnitOfWork,
    municipalities: MunicipalityDirectory,
    today: date,
    idempotency_key: str | None = None,
) -> InclusionOutcome:
    """SCR-06: include the client without a tool result, on the indicators a professional judges present."""
    indicators = rules.parse_indicators(cmd.indicators)
    performer = locate_performer(cmd.performer, municipalities)
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow,
            idempotency_key,
            operation="decide_inclusion",
            actor=cmd.recorded_by.subject,
            content=_content(cmd),
        )
        if replayed is not None:
            return await _replay(uow, cmd.pregnancy_id, replayed)
        pregnancy = await load_pregnancy(uow, cmd.pregnancy_id, for_update=True)
        history = await uow.inclusions.history(pregnancy.id)
        decision = InclusionDecision(
            record_id=str(uuid.uuid4()),
            decision_date=cmd.decision_date,
            recorded_at=utcnow(),
            decided_by=performer,
            reason=cmd.reason,
            indicators=indicators,
            reason_detail=cmd.reason_detail,
            supersedes=str(cmd.supersedes) if cmd.supersedes else None,
            correction_reason=cmd.correction_reason,
        )
        rules.check_correction_reason(decision)
        determination = rules.assess_exception_decision(
            decision, pregnancy=pregnancy.pregnancy, history=domain_history(history), today=today
        )
        assert determination.scenario is not None  # an exception decision states >= 1 indicator
        timing = timeline.assess_screening_timing(cmd.decision_date, pregnancy.pregnancy, today=today)
        stored = StoredDecision(decision, pregnancy.id, timing, determination.scenario, cmd.recorded_by)
        await uow.inclusions.add(stored)
        payload = InclusionDecidedV1(
            decision_id=uuid.UUID(decision.record_id),
            pregnancy_id=pregnancy.id,
            client_pseudonym=pregnancy.client_pseudonym,
            decision_date=decision.decision_date,
            basis=decision.basis.value,
            reason=decision.reason.value,
            indicators=sorted(i.value for i in decision.indicators),
            scenario=scenario_code(determination.scenario),
            performer=performer_payload(decision.decided_by),
            residence_nis=pregnancy.residence_nis,
            supersedes=cmd.supersedes,
            correction_reason=decision.correction_reason,
        )
        uow.outbox.add(new_envelope(payload, source=SOURCE, subject=_key(pregnancy)))
        current = _publish_scenario_if_changed(uow, pregnancy, history, stored)
        await complete_idempotency_key(uow, claim, uuid.UUID(decision.record_id))
        await uow.commit()
    return InclusionOutcome(pregnancy, stored, current)


def _content(cmd: RecordScreening | DecideInclusion) -> dict[str, object]:
    return dataclasses.asdict(cmd)


def _key(pregnancy: PregnancyRecord) -> str:
    return pregnancy.client_pseudonym


def _publish_scenario_if_changed(
    uow: ScreeningUnitOfWork,
    pregnancy: PregnancyRecord,
    history: list[StoredInclusion],
    stored: StoredInclusion,
) -> ScenarioDetermination:
    before = current_determination(history)
    after = current_determination([*history, stored])
    if scenario_changed(before, after):
        add_scenario_event(uow, pregnancy, after)
    return after


def _screening_event(pregnancy: PregnancyRecord, stored: StoredScreening) -> ScreeningRecordedV1:
    record = stored.record
    return ScreeningRecordedV1(
        screening_id=uuid.UUID(record.record_id),
        pregnancy_id=pregnancy.id,
        client_pseudonym=pregnancy.client_pseudonym,
        screening_date=record.screening_date,
        status=record.status.value,
        indicators=sorted(i.value for i in record.indicators),
        topics=sorted(t.value for t in record.topics_discussed),
        scenario=scenario_code(stored.scenario),
        performer=performer_payload(record.performer),
        funding_type=record.performer.funding_type.value,
        residence_nis=pregnancy.residence_nis,
        gestational_age_days=stored.timing.gestational_age_days,
        late=stored.timing.late,
        reimbursable=stored.reimbursement.reimbursable,
        supersedes=uuid.UUID(record.supersedes) if record.supersedes else None,
        correction_reason=record.correction_reason,
    )


async def _replay(
    uow: ScreeningUnitOfWork, pregnancy_id: uuid.UUID, record_id: uuid.UUID
) -> InclusionOutcome:
    """The outcome of the first request that used the same idempotency key (read back as it is now)."""
    pregnancy = await load_pregnancy(uow, pregnancy_id)
    history = await uow.inclusions.history(pregnancy_id)
    stored = next(s for s in history if s.record.record_id == str(record_id))
    return InclusionOutcome(pregnancy, stored, current_determination(history))
