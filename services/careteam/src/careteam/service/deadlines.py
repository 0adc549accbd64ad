"""The periodic case-management deadline check (CT-33 intake late, CT-34 follow-up due or missed).

``check_deadlines`` backs the ops endpoint ``POST /ops/case-management/deadline-check``, meant to be called
periodically (e.g. by a daily CronJob); it publishes each IntakeLate / FollowUpDue notice at most once. The same
flags are computed at query time in ``queries``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from careteam.adapters.case_management import StoredEpisode
from careteam.adapters.uow import CareteamUnitOfWork
from careteam.domain import case_management as cm
from careteam.service.case_management import episode_ids
from careteam.service.common import TeamState, load_state, publish
from shared.events.contracts.careteam import CaseManagementFollowUpDueV1, CaseManagementIntakeLateV1


@dataclass(frozen=True)
class DeadlineCheckResult:
    intake_late: int
    follow_up_due: int
    follow_up_missed: int


async def check_deadlines(
    *, uow_factory: Callable[[], CareteamUnitOfWork], today: date, batch_size: int = 200
) -> DeadlineCheckResult:
    """Publish each IntakeLate (CT-33) and FollowUpDue due/missed (CT-34) notice at most once; idempotent.

    Candidates come from a coarse SQL filter; each candidate's client is then locked (the lock every use case
    takes), the episode re-read and the domain rule decides, so a concurrent intake or a second concurrent
    check can never publish the same notice twice. Batches commit one by one.
    """
    late = due = missed = 0
    while True:
        published = 0
        async with uow_factory() as uow:
            candidates = await uow.case_management.deadline_candidates(today, limit=batch_size)
            for team_id in sorted({uuid.UUID(c.episode.team_id) for c in candidates}):
                state = await load_state(uow, team_id, lock=True)
                for stored in state.team_episodes():
                    counts = await _notify(uow, state, stored, today)
                    late, due, missed = late + counts[0], due + counts[1], missed + counts[2]
                    published += sum(counts)
            await uow.commit()
        if len(candidates) < batch_size or published == 0:
            return DeadlineCheckResult(intake_late=late, follow_up_due=due, follow_up_missed=missed)


async def _notify(
    uow: CareteamUnitOfWork, state: TeamState, stored: StoredEpisode, today: date
) -> tuple[int, int, int]:
    """Queue the notices one episode still owes on ``today``; returns (late, due, missed) counts."""
    episode = stored.episode
    notices: dict[str, date] = {}
    if stored.intake_late_notified_on is None and cm.is_intake_overdue(episode, today):
        notices["intake_late_notified_on"] = today
        publish(
            uow,
            CaseManagementIntakeLateV1(
                **episode_ids(state, episode), deadline=stored.intake_deadline, detected_on=today
            ),
            subject=state.subject,
        )
    due_on = cm.follow_up_due_on(episode)
    if due_on is not None and episode.follow_up is None:
        if cm.is_follow_up_missed(episode, today) and stored.follow_up_missed_notified_on is None:
            notices["follow_up_missed_notified_on"] = today
            publish(
                uow,
                CaseManagementFollowUpDueV1(**episode_ids(state, episode), due_on=due_on, missed=True),
                subject=state.subject,
            )
        elif today == due_on and stored.follow_up_due_notified_on is None:
            notices["follow_up_due_notified_on"] = today
            publish(
                uow,
                CaseManagementFollowUpDueV1(**episode_ids(state, episode), due_on=due_on, missed=False),
                subject=state.subject,
            )
    if notices:
        await uow.case_management.mark_notified(episode.request.request_id, **notices)
    return (
        int("intake_late_notified_on" in notices),
        int("follow_up_due_notified_on" in notices),
        int("follow_up_missed_notified_on" in notices),
    )
