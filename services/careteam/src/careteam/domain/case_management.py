"""Case management: request to a recognised organisation, intake, intervention, follow-up (CT-30..CT-36, CT-40..45)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date

from careteam.domain import errors
from careteam.domain.calendar import add_months, intake_deadline
from careteam.domain.model import (
    CareTeam,
    MemberKind,
    PersonRef,
    Professional,
    Refusal,
    Verdict,
    raise_if_refused,
    verdict_of,
)
from careteam.domain.roles import (
    CaseManagement,
    CaseManagementRequest,
    CaseManagementStatus,
    CaseManagementType,
    CoordinatorAppointment,
    FollowUp,
    Intake,
    Intervention,
    JumpStartCondition,
    RecognisedOrganisation,
)
from careteam.domain.team import is_member

FOLLOW_UP_MONTHS = 6
"""CT-34: the case manager follows up 6 months after the intervention."""


def _normalise_region(region: str) -> str:
    return region.strip().casefold()


def recognition_refusal(
    register: Sequence[RecognisedOrganisation], organisation_id: str, region: str, on: date
) -> Refusal | None:
    """Refuse an organisation that is not recognised, not on ``on``, or not for the region (CT-35, CT-33)."""
    entries = [e for e in register if e.organisation_id == organisation_id]
    if not entries:
        return Refusal(
            errors.OrganisationNotRecognised, f"organisation {organisation_id} is not in the register"
        )
    valid = [e for e in entries if e.recognised_on(on)]
    if not valid:
        return Refusal(
            errors.RecognitionNotValidOnDate, f"organisation {organisation_id} is not recognised on {on}"
        )
    wanted = _normalise_region(region)
    if not any(wanted in {_normalise_region(r) for r in e.regions} for e in valid):
        return Refusal(
            errors.RegionNotCovered, f"organisation {organisation_id} is not recognised for {region}"
        )
    return None


def _requester_refusal(team: CareTeam, requested_by: PersonRef, on: date) -> Refusal | None:
    if requested_by.kind is MemberKind.CLIENT and requested_by != team.client.ref:
        return Refusal(errors.RequesterNotInClientContext, "a client can only request for her own team")
    if requested_by.kind is MemberKind.INFORMAL_CARER and not is_member(team, requested_by, on):
        return Refusal(
            errors.RequesterNotInClientContext, f"informal carer {requested_by.id} is not in the team"
        )
    return None


def check_request(
    team: CareTeam,
    *,
    request_type: CaseManagementType,
    requested_on: date,
    requested_by: PersonRef,
    organisation_id: str,
    region: str,
    register: Sequence[RecognisedOrganisation],
    existing: Sequence[CaseManagement] = (),
    conditions: Collection[JumpStartCondition] = frozenset(),
) -> Verdict:
    """Check a case-management request (CT-31 type and conditions, CT-33/35 recognised organisation, CT-43)."""
    if request_type is CaseManagementType.JUMP_START:
        condition = (
            None
            if conditions
            else Refusal(errors.JumpStartConditionRequired, "a jump-start request needs condition a, b or c")
        )
    else:
        condition = (
            Refusal(errors.ConditionsOnlyForJumpStart, "conditions a/b/c only apply to a jump-start request")
            if conditions
            else None
        )
    before_team = (
        Refusal(
            errors.InvalidPeriod,
            f"{requested_on} is before the team was established on {team.established_on}",
        )
        if requested_on < team.established_on
        else None
    )
    open_episodes = [e for e in existing if e.team_id == team.team_id and e.is_open]
    already_open = (
        Refusal(
            errors.CaseManagementAlreadyOpen,
            f"case management {open_episodes[0].request.request_id} is still open for this team",
        )
        if open_episodes
        else None
    )
    return verdict_of(
        [
            before_team,
            condition,
            _requester_refusal(team, requested_by, requested_on),
            recognition_refusal(register, organisation_id, region, requested_on),
            already_open,
        ]
    )


def request_case_management(
    team: CareTeam,
    *,
    request_id: str,
    request_type: CaseManagementType,
    requested_on: date,
    requested_by: PersonRef,
    organisation_id: str,
    region: str,
    register: Sequence[RecognisedOrganisation],
    existing: Sequence[CaseManagement] = (),
    conditions: Collection[JumpStartCondition] = frozenset(),
    note: str = "",
) -> CaseManagement:
    """Open a case-management episode by a request sent directly to a recognised organisation (CT-31, CT-33, Q-12)."""
    raise_if_refused(
        check_request(
            team,
            request_type=request_type,
            requested_on=requested_on,
            requested_by=requested_by,
            organisation_id=organisation_id,
            region=region,
            register=register,
            existing=existing,
            conditions=conditions,
        )
    )
    return CaseManagement(
        CaseManagementRequest(
            request_id=request_id,
            team_id=team.team_id,
            request_type=request_type,
            requested_on=requested_on,
            requested_by=requested_by,
            organisation_id=organisation_id,
            region=region,
            conditions=frozenset(conditions),
            note=note,
        )
    )


def _require_not_withdrawn(episode: CaseManagement) -> None:
    if episode.withdrawn_on is not None:
        raise errors.RequestWithdrawn(
            f"request {episode.request.request_id} was withdrawn on {episode.withdrawn_on}"
        )


def schedule_intake(
    episode: CaseManagement,
    *,
    scheduled_on: date,
    intake_on: date,
    holidays: Collection[date] | None = None,
) -> CaseManagement:
    """Record the answer to a request: an intake is scheduled; after 7 working days it is accepted but late (CT-33)."""
    _require_not_withdrawn(episode)
    if episode.intake is not None:
        raise errors.IntakeAlreadyScheduled(f"an intake is already scheduled for {episode.intake.intake_on}")
    if scheduled_on < episode.request.requested_on:
        raise errors.InvalidPeriod(
            f"scheduled on {scheduled_on}, before the request on {episode.request.requested_on}"
        )
    if intake_on < scheduled_on:
        raise errors.InvalidPeriod(f"intake on {intake_on} is before it was scheduled on {scheduled_on}")
    deadline = intake_deadline(episode.request.requested_on, holidays)
    return replace(episode, intake=Intake(scheduled_on=scheduled_on, intake_on=intake_on, deadline=deadline))


def is_intake_overdue(episode: CaseManagement, today: date, holidays: Collection[date] | None = None) -> bool:
    """True when a request is still unanswered after the 7-working-day deadline (CT-33)."""
    if episode.status is not CaseManagementStatus.REQUESTED:
        return False
    return today > intake_deadline(episode.request.requested_on, holidays)


def withdraw_request(episode: CaseManagement, *, on: date) -> CaseManagement:
    """Withdraw a request before the intervention starts, e.g. when the organisation cannot take it (CT-33)."""
    _require_not_withdrawn(episode)
    if episode.intervention is not None:
        raise errors.InterventionAlreadyStarted("a running intervention is ended, not withdrawn")
    if on < episode.request.requested_on:
        raise errors.InvalidPeriod(f"withdrawn on {on}, before the request on {episode.request.requested_on}")
    return replace(episode, withdrawn_on=on)


def check_start_intervention(
    team: CareTeam,
    episode: CaseManagement,
    case_manager: Professional,
    *,
    started_on: date,
    planned_end_on: date,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> Verdict:
    """Check assigning the case manager (CT-30 temporary, CT-35 organisation, CT-40/41, CT-43, CT-44)."""
    if episode.withdrawn_on is not None:
        return verdict_of([Refusal(errors.RequestWithdrawn, "the request was withdrawn")])
    if episode.intervention is not None:
        return verdict_of(
            [Refusal(errors.InterventionAlreadyStarted, "the intervention has already started")]
        )
    if episode.intake is None:
        return verdict_of([Refusal(errors.IntakeRequired, "the intervention starts after the intake")])
    ref = case_manager.ref
    period = (
        Refusal(
            errors.InvalidPeriod, f"start {started_on} is before the intake on {episode.intake.intake_on}"
        )
        if started_on < episode.intake.intake_on
        else Refusal(
            errors.InvalidPeriod, "the planned end must come after the start (CT-30: always temporary)"
        )
        if planned_end_on <= started_on
        else None
    )
    organisation = (
        None
        if case_manager.organisation_id == episode.request.organisation_id
        else Refusal(
            errors.CaseManagerNotFromOrganisation,
            f"the case manager works for {case_manager.organisation_id}, "
            f"the request went to {episode.request.organisation_id}",
        )
    )
    member = (
        Refusal(
            errors.CaseManagerIsMember,
            f"professional {ref.id} is a team member; a case manager stays outside",
        )
        if any(m.ref == ref and m.overlaps(started_on, None) for m in team.memberships)
        else None
    )
    coordinator = (
        Refusal(
            errors.CoordinatorAndCaseManagerSamePerson,
            f"professional {ref.id} is coordinator for this client in an overlapping period",
        )
        if any(a.ref == ref and a.overlaps(started_on, None) for a in appointments)
        else None
    )
    others = [
        e
        for e in case_managements
        if e.team_id == team.team_id
        and e.request.request_id != episode.request.request_id
        and e.withdrawn_on is None
        and e.intervention is not None
        and e.intervention.overlaps(started_on, None)
    ]
    second = (
        Refusal(
            errors.SecondActiveCaseManager, f"case management {others[0].request.request_id} is still running"
        )
        if others
        else None
    )
    return verdict_of([period, organisation, member, coordinator, second])


def start_intervention(
    team: CareTeam,
    episode: CaseManagement,
    case_manager: Professional,
    *,
    started_on: date,
    planned_end_on: date,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> CaseManagement:
    """Start the intervention of an external case manager with a planned end (CT-30, CT-40..CT-44)."""
    raise_if_refused(
        check_start_intervention(
            team,
            episode,
            case_manager,
            started_on=started_on,
            planned_end_on=planned_end_on,
            appointments=appointments,
            case_managements=case_managements,
        )
    )
    return replace(
        episode,
        intervention=Intervention(
            case_manager=case_manager, started_on=started_on, planned_end_on=planned_end_on
        ),
    )


def end_intervention(episode: CaseManagement, *, ended_on: date) -> CaseManagement:
    """Record the end of the intervention; the follow-up falls due 6 months later (CT-30, CT-34)."""
    iv = episode.intervention
    if iv is None:
        raise errors.InterventionNotStarted("there is no intervention to end")
    if iv.ended_on is not None:
        raise errors.InterventionAlreadyEnded(f"the intervention already ended on {iv.ended_on}")
    if ended_on < iv.started_on:
        raise errors.InvalidPeriod(f"end {ended_on} is before the start {iv.started_on}")
    return replace(episode, intervention=replace(iv, ended_on=ended_on))


def is_intervention_overrunning(episode: CaseManagement, today: date) -> bool:
    """True when the intervention is still running on or after its planned end (CT-30: as short as possible)."""
    iv = episode.intervention
    return iv is not None and iv.ended_on is None and today >= iv.planned_end_on


def follow_up_due_on(episode: CaseManagement) -> date | None:
    """Return the follow-up date: 6 months after the recorded end, else after the planned end (CT-34)."""
    iv = episode.intervention
    if iv is None or episode.withdrawn_on is not None:
        return None
    end = iv.ended_on if iv.ended_on is not None else iv.planned_end_on
    return add_months(end, FOLLOW_UP_MONTHS)


def is_follow_up_missed(episode: CaseManagement, today: date) -> bool:
    """True when no follow-up is recorded and ``today`` is after the due date (CT-34)."""
    due = follow_up_due_on(episode)
    return due is not None and episode.follow_up is None and today > due


def record_follow_up(
    episode: CaseManagement, *, held_on: date, effective: bool | None = None, note: str = ""
) -> CaseManagement:
    """Record the case manager's follow-up of an ended intervention (CT-34)."""
    iv = episode.intervention
    if iv is None:
        raise errors.InterventionNotStarted("there is no intervention to follow up")
    if iv.ended_on is None:
        raise errors.InterventionNotEnded("the intervention has not ended yet")
    if episode.follow_up is not None:
        raise errors.FollowUpAlreadyRecorded(f"a follow-up was recorded on {episode.follow_up.held_on}")
    if held_on < iv.ended_on:
        raise errors.InvalidPeriod(f"follow-up {held_on} is before the end of the intervention {iv.ended_on}")
    return replace(episode, follow_up=FollowUp(held_on=held_on, effective=effective, note=note))


def interventions_in_care_process(episodes: Sequence[CaseManagement], team_id: str) -> int:
    """Count the interventions started in one team's care process; several are allowed (CT-36, Q-11)."""
    return sum(1 for e in episodes if e.team_id == team_id and e.intervention is not None)
