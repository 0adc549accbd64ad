"""Use cases of case management: request, intake, intervention, follow-up, withdrawal (CT-30..36, CT-40..45).

Deadlines (CT-33 intake within 7 Belgian working days, CT-34 follow-up 6 months after the intervention) are
checked two ways: at query time (``queries``: overdue / missed flags and the upcoming-deadline list) and by
``deadlines.check_deadlines`` (the periodic ops endpoint), which publishes each notice at most once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from careteam.adapters.case_management import StoredEpisode
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import case_management as cm
from careteam.domain import errors
from careteam.domain.access import Caller
from careteam.domain.calendar import intake_deadline
from careteam.domain.model import PersonRef, Professional
from careteam.domain.roles import CaseManagement, CaseManagementType, JumpStartCondition
from careteam.service.common import (
    TeamState,
    claim_idempotency_key,
    complete_idempotency_key,
    load_state,
    locate_professional,
    member_payload,
    not_after,
    publish,
    refused_by_constraints,
)
from shared.db import utcnow
from shared.events.contracts.careteam import (
    CaseManagementEndedV1,
    CaseManagementFollowUpDoneV1,
    CaseManagementIntakeLateV1,
    CaseManagementIntakeScheduledV1,
    CaseManagementRequestedV1,
    CaseManagementStartedV1,
    CaseManagementWithdrawnV1,
)
from shared.idempotency import IdempotencyClaim
from shared.refdata.loader import Geography, UnknownNisCode


@dataclass(frozen=True)
class RequestCaseManagement:
    team_id: uuid.UUID
    request_type: CaseManagementType
    requested_on: date | None
    requested_by: PersonRef
    organisation_id: str
    region: str | None
    conditions: frozenset[JumpStartCondition]
    note: str
    recorded_by: str


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


@dataclass(frozen=True)
class WithdrawRequest:
    request_id: uuid.UUID
    withdrawn_on: date | None
    recorded_by: str


def candidate_regions(residence_nis: str, geography: Geography | None) -> list[str]:
    """The residence municipality and its primary-care zone: how the register names regions (CT-35)."""
    regions = [residence_nis]
    if geography is not None:
        try:
            zone = geography.elz_of(residence_nis)
        except UnknownNisCode:
            zone = None
        if zone is not None:
            regions.append(zone.name)
    return regions


async def request_case_management(
    cmd: RequestCaseManagement,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    geography: Geography | None,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredEpisode:
    """Send a request directly to a recognised organisation; the intake is due in 7 working days (CT-31/33/35)."""
    on = cmd.requested_on or today
    not_after(on, today, "requested_on")
    async with uow:
        claim, replayed = await claim_idempotency_key(
            uow, idempotency_key, operation="request_case_management", actor=cmd.recorded_by, request=cmd
        )
        state = await load_state(uow, cmd.team_id, lock=replayed is None)
        state.authorize(caller, today)
        if replayed is not None:
            return state.episode(uuid.UUID(str(replayed["id"])))
        register = [s.organisation for s in await uow.case_management.register()]
        if cmd.region is not None:
            region = cmd.region
        else:
            candidates = candidate_regions(state.facts.residence_nis, geography) if state.facts else [""]
            region = next(
                (
                    r
                    for r in candidates
                    if cm.recognition_refusal(register, cmd.organisation_id, r, on) is None
                ),
                candidates[0],
            )
        episode = cm.request_case_management(
            state.team,
            request_id=str(uuid.uuid4()),
            request_type=cmd.request_type,
            requested_on=on,
            requested_by=cmd.requested_by,
            organisation_id=cmd.organisation_id,
            region=region,
            register=register,
            existing=state.episodes,
            conditions=cmd.conditions,
            note=cmd.note,
        )
        deadline = intake_deadline(on)
        async with refused_by_constraints():
            await uow.case_management.add(episode, intake_deadline=deadline, recorded_by=cmd.recorded_by)
            publish(
                uow,
                CaseManagementRequestedV1(
                    request_id=uuid.UUID(episode.request.request_id),
                    team_id=state.record.team_id,
                    client_pseudonym=state.subject,
                    request_type=cmd.request_type.value,
                    requested_on=on,
                    requested_by_kind=cmd.requested_by.kind.value,
                    organisation_id=cmd.organisation_id,
                    intake_deadline=deadline,
                ),
                subject=state.subject,
            )
            await complete_idempotency_key(uow, claim, id=episode.request.request_id)
            await uow.commit()
    return StoredEpisode(episode, deadline, None, None, None, utcnow())


class _EpisodeCommand(Protocol):
    @property
    def request_id(self) -> uuid.UUID: ...

    @property
    def recorded_by(self) -> str: ...


async def _episode_state(
    uow: CareteamUnitOfWork,
    cmd: _EpisodeCommand,
    operation: str,
    *,
    caller: Caller,
    today: date,
    idempotency_key: str | None,
) -> tuple[TeamState, StoredEpisode, IdempotencyClaim | None, bool]:
    """Claim the key, lock the client's teams of a request (unless replaying), check access (Q-16, CT-33).

    Returns the team state, the episode, the claim and whether this replays an identical earlier request (then
    the episode is answered as it is now and nothing is written).
    """
    claim, replayed = await claim_idempotency_key(
        uow, idempotency_key, operation=operation, actor=cmd.recorded_by, request=cmd
    )
    team_id = await uow.case_management.team_of(cmd.request_id)
    if team_id is None:
        raise errors.CaseManagementNotFound(f"no case-management request {cmd.request_id}")
    state = await load_state(uow, team_id, lock=replayed is None)
    stored = state.episode(cmd.request_id)
    state.authorize_episode(caller, stored.episode, today)
    return state, stored, claim, replayed is not None


def episode_ids(state: TeamState, episode: CaseManagement) -> dict[str, object]:
    """The identifiers every case-management event carries, keyed by the client pseudonym."""
    return {
        "request_id": uuid.UUID(episode.request.request_id),
        "team_id": state.record.team_id,
        "client_pseudonym": state.subject,
    }


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
        state, stored, claim, replay = await _episode_state(
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
        state, stored, claim, replay = await _episode_state(
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
        state, stored, claim, replay = await _episode_state(
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
        state, stored, claim, replay = await _episode_state(
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


async def withdraw_request(
    cmd: WithdrawRequest,
    *,
    uow: CareteamUnitOfWork,
    today: date,
    caller: Caller,
    idempotency_key: str | None = None,
) -> StoredEpisode:
    """Withdraw a request before its intervention starts, e.g. when the organisation cannot take it (CT-33)."""
    on = cmd.withdrawn_on or today
    not_after(on, today, "withdrawn_on")
    async with uow:
        state, stored, claim, replay = await _episode_state(
            uow, cmd, "withdraw_request", caller=caller, today=today, idempotency_key=idempotency_key
        )
        if replay:
            return stored
        updated = cm.withdraw_request(stored.episode, on=on)
        await uow.case_management.save(updated)
        request = updated.request
        publish(
            uow,
            CaseManagementWithdrawnV1(
                **episode_ids(state, updated),
                request_type=request.request_type.value,
                organisation_id=request.organisation_id,
                requested_on=request.requested_on,
                withdrawn_on=on,
                intake_scheduled=updated.intake is not None,
            ),
            subject=state.subject,
        )
        await complete_idempotency_key(uow, claim, status_code=200, id=cmd.request_id)
        await uow.commit()
    return replace(stored, episode=updated)
