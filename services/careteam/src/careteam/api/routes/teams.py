"""Team routes: create a team around a known pregnancy, members, the overview for front ends (CT-01/02, Q-19)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, status

from careteam.api.deps import CallerDep, GeographyDep, IdempotencyKeyDep, TodayDep, UowDep
from careteam.api.routes import IDEMPOTENT, NOT_IN_TEAM, NOT_YET_KNOWN, TEAM_ROLES
from careteam.api.schemas.teams import (
    MemberCreate,
    MemberRead,
    MemberRemoval,
    ProfessionalMemberCreate,
    TeamCreate,
    TeamRead,
)
from careteam.domain.model import InformalCarer, MemberKind, PersonRef
from careteam.service import queries, teams
from careteam.service.views.teams import member_view
from shared.api import problem_responses
from shared.auth import require_role
from shared.errors import InvalidInput

router = APIRouter(
    prefix="/teams",
    tags=["teams"],
    dependencies=[Depends(require_role(*TEAM_ROLES))],
    responses=problem_responses(401, 403, 404, 422),
)


class TeamFilterRequired(InvalidInput):
    code = "TEAM_FILTER_REQUIRED"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TeamRead,
    responses=problem_responses(409),
    summary="Form the care team around a pregnancy careteam knows (the client is its first member)",
    description="One team per pregnancy (409 Q_19_TEAM_ALREADY_EXISTS). "
    + NOT_YET_KNOWN
    + " Any caller with a team role may form a team; the one who formed it may then add the first members "
    "(Q-16). " + IDEMPOTENT + " Publishes careteam.team.created and careteam.member.added (the client).",
)
async def create(
    body: TeamCreate, caller: CallerDep, uow: UowDep, today: TodayDep, idempotency_key: IdempotencyKeyDep
) -> TeamRead:
    cmd = teams.CreateTeam(body.pregnancy_id, body.established_on, recorded_by=caller.subject)
    record = await teams.create_team(cmd, uow=uow, today=today, idempotency_key=idempotency_key)
    return TeamRead.model_validate(await queries.team(record.team_id, uow=uow, today=today, caller=caller))


@router.get(
    "",
    response_model=list[TeamRead],
    summary="Find the teams of a pregnancy or of a client (only those the caller works in, Q-16)",
    description="422 TEAM_FILTER_REQUIRED without a filter. A professional finds only the teams she is a member, "
    "the coordinator or the case manager of (or formed); admin and ops find all.",
)
async def find(
    uow: UowDep,
    today: TodayDep,
    caller: CallerDep,
    pregnancy_id: uuid.UUID | None = None,
    client_pseudonym: str | None = Query(default=None, max_length=128),
) -> list[TeamRead]:
    if pregnancy_id is None and client_pseudonym is None:
        raise TeamFilterRequired("give pregnancy_id or client_pseudonym")
    found = await queries.find_teams(
        uow=uow, today=today, caller=caller, pregnancy_id=pregnancy_id, client_pseudonym=client_pseudonym
    )
    return [TeamRead.model_validate(v) for v in found]


@router.get(
    "/{team_id}",
    response_model=TeamRead,
    summary="A team with its members, roles over time, open tasks and upcoming intake/follow-up deadlines",
    description=NOT_IN_TEAM,
)
async def read(team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep) -> TeamRead:
    return TeamRead.model_validate(await queries.team(team_id, uow=uow, today=today, caller=caller))


@router.get(
    "/{team_id}/members",
    response_model=list[MemberRead],
    summary="Members of a team, past and present",
    description=NOT_IN_TEAM,
)
async def members(team_id: uuid.UUID, uow: UowDep, today: TodayDep, caller: CallerDep) -> list[MemberRead]:
    found = await queries.members(team_id, uow=uow, today=today, caller=caller)
    return [MemberRead.model_validate(m) for m in found]


@router.post(
    "/{team_id}/members",
    status_code=status.HTTP_201_CREATED,
    response_model=MemberRead,
    responses=problem_responses(409),
    summary="Add a professional (with the client's agreement, CT-02) or an informal carer (CT-01)",
    description="422 CT_02_CLIENT_AGREEMENT_REQUIRED without the agreement of the client or her representative; "
    "422 CT_44_CASE_MANAGER_IS_MEMBER for the team's case manager; 409 CT_01_ALREADY_MEMBER. A professional's "
    "optional `location_nis` (where she works, REP-08/Q-05) is validated like the client's residence: a merged "
    "municipality's code is mapped to its 2025 successor, an unknown code is refused with 422 "
    "UNKNOWN_MUNICIPALITY. "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Publishes careteam.member.added (with the professional's `location_nis`).",
)
async def add_member(
    team_id: uuid.UUID,
    body: MemberCreate,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    geography: GeographyDep,
    idempotency_key: IdempotencyKeyDep,
) -> MemberRead:
    stored = await teams.add_member(
        _add_member_command(team_id, body, caller.subject),
        uow=uow,
        today=today,
        caller=caller,
        geography=geography,
        idempotency_key=idempotency_key,
    )
    return MemberRead.model_validate(member_view(stored, today))


def _add_member_command(
    team_id: uuid.UUID, body: MemberCreate, recorded_by: str
) -> teams.AddProfessional | teams.AddInformalCarer:
    """The command for the kind of member the body describes (the body is discriminated on `kind`)."""
    if isinstance(body, ProfessionalMemberCreate):
        return teams.AddProfessional(
            team_id=team_id,
            professional=body.professional.to_domain(),
            joined_on=body.joined_on,
            agreement_given_by=body.agreement.given_by.to_domain() if body.agreement else None,
            agreement_given_on=body.agreement.given_on if body.agreement else None,
            recorded_by=recorded_by,
        )
    carer = InformalCarer(body.carer_id, relation=body.relation, is_representative=body.is_representative)
    return teams.AddInformalCarer(team_id, carer, body.joined_on, recorded_by=recorded_by)


@router.post(
    "/{team_id}/members/{kind}/{member_id}/removal",
    response_model=MemberRead,
    summary="Remove a member: a professional with the client's agreement (CT-02); never the client or the coordinator",
    description="422 CT_01_CLIENT_ALWAYS_MEMBER, CT_02_CLIENT_AGREEMENT_REQUIRED or "
    "CT_44_COORDINATOR_MUST_REMAIN_MEMBER (end or hand over coordination first). The client withdrawing her "
    "agreement with a professional is this removal. "
    + NOT_IN_TEAM
    + " "
    + IDEMPOTENT
    + " Publishes careteam.member.removed.",
)
async def remove_member(
    team_id: uuid.UUID,
    kind: MemberKind,
    member_id: str,
    body: MemberRemoval,
    caller: CallerDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> MemberRead:
    cmd = teams.RemoveMember(
        team_id=team_id,
        member=PersonRef(kind, member_id),
        left_on=body.left_on,
        agreement_given_by=body.agreement.given_by.to_domain() if body.agreement else None,
        agreement_given_on=body.agreement.given_on if body.agreement else None,
        recorded_by=caller.subject,
    )
    removed = await teams.remove_member(
        cmd, uow=uow, today=today, caller=caller, idempotency_key=idempotency_key
    )
    return MemberRead.model_validate(member_view(removed, today))
