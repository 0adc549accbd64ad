"""Use cases that carry a case-management request through: intake, intervention, follow-up (CT-30..CT-44).

The request itself, its withdrawal and the episode loading every step shares are in ``case_management``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from careteam.adapters.case_management import StoredEpisode
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import case_management as cm
from careteam.domain.access import Caller
from careteam.domain.model import Professional
from careteam.service.case_management import episode_ids, episode_state
from careteam.service.common import (
    complete_idempotency_key,
    locate_professional,
    member_payload,
    not_after,
    publish,
    refused_by_constraints,
)
from shared.events.contracts.careteam import (
    CaseManagementEndedV1,
    CaseManagementFollowUpDoneV1,
    CaseManagementIntakeLateV1,
    CaseManagementIntakeScheduledV1,
    CaseManagementStartedV1,
)
from shared.refdata.loader import Geography


@dataclass(frozen=True)
class ScheduleIntake:
    request_id: uuid.UUID
    scheduled_on: date | None
    intake_on: date
    recorded_by: str


@dataclass(frozen=True)
class StartIntervention:
    request_id: uuid.UUID
    case_manager: Professional
    started_on: date | None
    planned_end_on: date
    recorded_by: str


@dataclass(frozen=True)
class EndIntervention:
    request_id: uuid.UUID
    ended_on: date | None
    recorded_by: str


@dataclass(frozen=True)
class RecordFollowUp:
    request_id: uuid.UUID
    held_on: date | None
    effective: bool | None
    note: str
    recorded_by: str


async def schedule_intake(
    cmd: ScheduleIntake,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredEpisode:
    """Answer a request by scheduling the intake; after 7 working days it is accepted and flagged late (CT-33)."""
    scheduled_on = cmd.scheduled_on or today
    not_after(scheduled_on, today, "scheduled_on")
    async with uow:
        state, stored, claim, replay = await episode_state(
            uow, cmd, "schedule_intake", caller=caller, today=today, idempotency_key=idempotency_key
        )
        if replay:
            return stored
        updated = cm.schedule_intake(stored.episode, scheduled_on=scheduled_on, intake_on=cmd.intake_on)
        assert updated.intake is not None
        notices: dict[str, date] = {}
        if updated.intake.late and stored.intake_late_notified_on is None:
            notices["intake_late_notified_on"] = today
            publish(
                uow,
                CaseManagementIntakeLateV1(
                    **episode_ids(state, updated), deadline=updated.intake.deadline, detected_on=today
                ),
                subject=state.subject,
            )
        await uow.case_management.save(updated, **notices)
        publish(
            uow,
            CaseManagementIntakeScheduledV1(
                **episode_ids(state, updated),
                scheduled_on=updated.intake.scheduled_on,
                intake_on=updated.intake.intake_on,
                deadline=updated.intake.deadline,
                late=updated.intake.late,
            ),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, status_code=200, id=cmd.request_id)
        await uow.commit()
    return replace(
        stored,
        episode=updated,
        intake_late_notified_on=notices.get("intake_late_notified_on", stored.intake_late_notified_on),
    )


async def start_intervention(
    cmd: StartIntervention,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    geography: Geography,
    idempotency_key: str | None = None,
) -> StoredEpisode:
    """Start the external case manager's temporary intervention (CT-30, CT-35, CT-40..CT-44).

    The case manager's optional ``location_nis`` is validated and mapped to the 2025 code first (REP-08, Q-05).
    """
    started_on = cmd.started_on or today
    not_after(started_on, today, "started_on")
    case_manager = locate_professional(cmd.case_manager, geography, field="case_manager.location_nis")
    async with uow:
        state, stored, claim, replay = await episode_state(
            uow, cmd, "start_intervention", caller=caller, today=today, idempotency_key=idempotency_key
        )
        if replay:
            return stored
        # CT-40/41 look at the coordinators of all the client's teams; CT-43/44 at this team.
        updated = cm.start_intervention(
            state.team,
            stored.episode,
            case_manager,
            started_on=started_on,
            planned_end_on=cmd.planned_end_on,
            appointments=state.appointments,
            case_managements=state.episodes,
        )
        async with refused_by_constraints():
            await uow.case_management.save(updated)
            publish(
                uow,
                CaseManagementStartedV1(
                    **episode_ids(state, updated),
                    pregnancy_id=state.record.pregnancy_id,
                    case_manager=member_payload(case_manager),
                    organisation_id=updated.request.organisation_id,
                    started_on=started_on,
                    planned_end_on=cmd.planned_end_on,
                ),
                subject=state.subject,
            )
            await complete_idempotency_key(uow, claim, status_code=200, id=cmd.request_id)
            await uow.commit()
    return replace(stored, episode=updated)


async def end_intervention(
    cmd: EndIntervention,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredEpisode:
    """Record the end of the intervention; the follow-up falls due 6 months later (CT-30, CT-34)."""
    ended_on = cmd.ended_on or today
    not_after(ended_on, today, "ended_on")
    async with uow:
        state, stored, claim, replay = await episode_state(
            uow, cmd, "end_intervention", caller=caller, today=today, idempotency_key=idempotency_key
        )
        if replay:
            return stored
        updated = cm.end_intervention(stored.episode, ended_on=ended_on)
        due = cm.follow_up_due_on(updated)
        assert due is not None
        await uow.case_management.save(updated)
        publish(
            uow,
            CaseManagementEndedV1(**episode_ids(state, updated), ended_on=ended_on, follow_up_due_on=due),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, status_code=200, id=cmd.request_id)
        await uow.commit()
    return replace(stored, episode=updated)


async def record_follow_up(
    cmd: RecordFollowUp,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredEpisode:
    """Record the follow-up of an ended intervention (CT-34)."""
    held_on = cmd.held_on or today
    not_after(held_on, today, "held_on")
    async with uow:
        state, stored, claim, replay = await episode_state(
            uow, cmd, "record_follow_up", caller=caller, today=today, idempotency_key=idempotency_key
        )
        if replay:
            return stored
        updated = cm.record_follow_up(stored.episode, held_on=held_on, effective=cmd.effective, note=cmd.note)
        await uow.case_management.save(updated)
        publish(
            uow,
            CaseManagementFollowUpDoneV1(
                **episode_ids(state, updated), held_on=held_on, effective=cmd.effective
            ),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, status_code=200, id=cmd.request_id)
        await uow.commit()
    return replace(stored, episode=updated)
