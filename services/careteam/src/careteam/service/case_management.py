"""Use cases of case management: the request and its withdrawal (CT-31, CT-33, CT-35), and the episode loading.

The intake, the intervention and the follow-up (CT-30, CT-33, CT-34, CT-40..45) are in ``case_interventions``;
they load their episode with ``episode_state`` and name it in events with ``episode_ids``.

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
from careteam.domain.model import PersonRef
from careteam.domain.roles import CaseManagement, CaseManagementType, JumpStartCondition
from careteam.service.common import (
    TeamState,
    claim_idempotency_key,
    complete_idempotency_key,
    load_state,
    not_after,
    publish,
    refused_by_constraints,
)
from shared.db import utcnow
from shared.events.contracts.careteam import (
    CaseManagementRequestedV1,
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


class EpisodeCommand(Protocol):
    """What every command on an existing request carries."""

    @property
    def request_id(self) -> uuid.UUID: ...

    @property
    def recorded_by(self) -> str: ...


async def episode_state(
    uow: CareteamUnitOfWork,
    cmd: EpisodeCommand,
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
        state, stored, claim, replay = await episode_state(
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
