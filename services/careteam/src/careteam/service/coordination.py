"""Use cases of care coordination: appoint, hand over, re-evaluate, end (CT-10..CT-19, FIN-12/14/21).

Every write takes the client's team lock first (``load_state(lock=True)``); the partial unique index and the
exclusion constraint on ``coordinator_appointment`` back CT-13 up if anything slips past it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from careteam.adapters.coordination import StoredAppointment
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import coordination
from careteam.domain.access import Caller
from careteam.domain.coordination import ReimbursementPolicy, ReimbursementVerdict
from careteam.domain.model import PersonRef, Verdict, raise_if_refused
from careteam.domain.roles import (
    ClientConsent,
    CoordinationEndReason,
    CoordinatorAppointment,
    Reevaluation,
    ReevaluationOutcome,
    TeamDeliberation,
)
from careteam.service.common import (
    TeamState,
    claim_idempotency_key,
    complete_idempotency_key,
    load_state,
    member_payload,
    not_after,
    publish,
    refused_by_constraints,
)
from shared.db import utcnow
from shared.events.contracts.careteam import CoordinatorAppointedV1, CoordinatorEndedV1


@dataclass(frozen=True)
class AppointCoordinator:
    """Appoint a coordinator, or (with ``previous_appointment_id``) hand over from the current one."""

    team_id: uuid.UUID
    coordinator: PersonRef
    appointed_on: date | None
    consent_given_by: PersonRef | None
    consent_given_on: date | None
    deliberation_held_on: date | None
    deliberation_participants: frozenset[PersonRef]
    reimbursement_sought: bool
    recorded_by: str
    previous_appointment_id: uuid.UUID | None = None


@dataclass(frozen=True)
class EndCoordination:
    team_id: uuid.UUID
    appointment_id: uuid.UUID
    ended_on: date | None
    reason: CoordinationEndReason
    note: str
    recorded_by: str


@dataclass(frozen=True)
class ReevaluateCoordination:
    team_id: uuid.UUID
    appointment_id: uuid.UUID
    held_on: date | None
    participants: frozenset[PersonRef]
    outcome: ReevaluationOutcome
    note: str
    recorded_by: str


async def appoint_coordinator(
    cmd: AppointCoordinator,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    policy: ReimbursementPolicy,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredAppointment:
    """Appoint a team member as the team's one active coordinator, or hand over on the same date (CT-10..16)."""
    on = cmd.appointed_on or today
    not_after(on, today, "appointed_on")
    # Missing consent or deliberation is left to the rules, which name CT-15 and CT-18a in the problem.
    consent = (
        ClientConsent(
            given_by=cmd.consent_given_by, given_on=cmd.consent_given_on or on, coordinator=cmd.coordinator
        )
        if cmd.consent_given_by is not None
        else None
    )
    deliberation = (
        TeamDeliberation(held_on=cmd.deliberation_held_on, participants=cmd.deliberation_participants)
        if cmd.deliberation_held_on is not None
        else None
    )
    appointment_id = str(uuid.uuid4())
    operation = "appoint_coordinator" if cmd.previous_appointment_id is None else "hand_over_coordination"
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation=operation, actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        if replayed is not None:
            return state.appointment(uuid.UUID(str(replayed["id"])))
        intent_refusal = coordination.reimbursement_intent_refusal(
            cmd.coordinator, eligibility=state.eligibility, sought=cmd.reimbursement_sought
        )
        closed: CoordinatorAppointment | None = None
        if cmd.previous_appointment_id is None:
            verdict = coordination.check_appointment(
                state.team,
                cmd.coordinator,
                on=on,
                consent=consent,
                deliberation=deliberation,
                appointments=state.appointments,
                case_managements=state.episodes,
            )
            raise_if_refused(Verdict((*verdict.refusals, *([intent_refusal] if intent_refusal else []))))
            appointment = coordination.appoint_coordinator(
                state.team,
                cmd.coordinator,
                appointment_id=appointment_id,
                on=on,
                consent=consent,
                deliberation=deliberation,
                appointments=state.appointments,
                case_managements=state.episodes,
            )
        else:
            previous = state.appointment(cmd.previous_appointment_id).appointment
            closed, appointment = coordination.hand_over_coordination(
                state.team,
                previous,
                cmd.coordinator,
                appointment_id=appointment_id,
                on=on,
                consent=consent,
                deliberation=deliberation,
                appointments=state.appointments,
                case_managements=state.episodes,
            )
            raise_if_refused(Verdict((intent_refusal,) if intent_refusal else ()))
        verdict_r = coordination.assess_appointment_reimbursement(
            appointment, eligibility=state.eligibility, sought=cmd.reimbursement_sought, policy=policy
        )
        async with refused_by_constraints():
            if closed is not None:
                await uow.coordination.end(closed)
                _publish_ended(uow, state, closed)
            await uow.coordination.add(
                appointment,
                reimbursement_sought=cmd.reimbursement_sought,
                reimbursement=verdict_r,
                previous_appointment_id=closed.appointment_id if closed else None,
                recorded_by=cmd.recorded_by,
            )
            _publish_appointed(uow, state, appointment, verdict_r, closed)
            await complete_idempotency_key(uow, claim, id=appointment.appointment_id)
            await uow.commit()
    return StoredAppointment(
        appointment=appointment,
        reimbursement_sought=cmd.reimbursement_sought,
        reimbursement=verdict_r,
        previous_appointment_id=closed.appointment_id if closed else None,
        created_at=utcnow(),
    )


def _publish_appointed(
    uow: CareteamUnitOfWork,
    state: TeamState,
    appointment: CoordinatorAppointment,
    verdict: ReimbursementVerdict,
    previous: CoordinatorAppointment | None,
) -> None:
    publish(
        uow,
        CoordinatorAppointedV1(
            appointment_id=uuid.UUID(appointment.appointment_id),
            team_id=state.record.team_id,
            pregnancy_id=state.record.pregnancy_id,
            client_pseudonym=state.subject,
            coordinator=member_payload(appointment.coordinator),
            appointed_on=appointment.appointed_on,
            reimbursable_intent=verdict.reimbursable,
            reasons=list(verdict.reasons),
            needs_review=verdict.needs_review,
            previous_appointment_id=uuid.UUID(previous.appointment_id) if previous else None,
        ),
        subject=state.subject,
    )


def _publish_ended(uow: CareteamUnitOfWork, state: TeamState, appointment: CoordinatorAppointment) -> None:
    assert appointment.ended_on is not None and appointment.end_reason is not None
    publish(
        uow,
        CoordinatorEndedV1(
            appointment_id=uuid.UUID(appointment.appointment_id),
            team_id=state.record.team_id,
            client_pseudonym=state.subject,
            ended_on=appointment.ended_on,
            reason=appointment.end_reason.value,
        ),
        subject=state.subject,
    )


async def end_coordination(
    cmd: EndCoordination,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredAppointment:
    """End an appointment with a reason, e.g. the need is resolved, the client takes over or withdraws her
    consent (CT-15, CT-16)."""
    on = cmd.ended_on or today
    not_after(on, today, "ended_on")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="end_coordination", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        stored = state.appointment(cmd.appointment_id)
        if replayed is not None:
            return stored
        ended = coordination.end_coordination(stored.appointment, on=on, reason=cmd.reason, note=cmd.note)
        await uow.coordination.end(ended)
        _publish_ended(uow, state, ended)
        await complete_idempotency_key(uow, claim, status_code=200, id=ended.appointment_id)
        await uow.commit()
    return _replace_appointment(stored, ended)


async def reevaluate_coordination(
    cmd: ReevaluateCoordination,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredAppointment:
    """Record a re-evaluation led by the coordinator with the team; outcome END ends coordination (CT-16)."""
    on = cmd.held_on or today
    not_after(on, today, "held_on")
    reevaluation = Reevaluation(held_on=on, participants=cmd.participants, outcome=cmd.outcome, note=cmd.note)
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="reevaluate_coordination", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        stored = state.appointment(cmd.appointment_id)
        if replayed is not None:
            return stored
        updated = coordination.reevaluate_coordination(stored.appointment, reevaluation)
        await uow.coordination.add_reevaluation(
            updated.appointment_id, reevaluation, recorded_by=cmd.recorded_by
        )
        if updated.ended_on is not None:
            await uow.coordination.end(updated)
            _publish_ended(uow, state, updated)
        await complete_idempotency_key(uow, claim, id=updated.appointment_id)
        await uow.commit()
    return _replace_appointment(stored, updated)


def _replace_appointment(stored: StoredAppointment, appointment: CoordinatorAppointment) -> StoredAppointment:
    return StoredAppointment(
        appointment=appointment,
        reimbursement_sought=stored.reimbursement_sought,
        reimbursement=stored.reimbursement,
        previous_appointment_id=stored.previous_appointment_id,
        created_at=stored.created_at,
    )
