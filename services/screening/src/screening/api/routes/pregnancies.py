"""Pregnancy routes: thin, parse → command → use case → read model."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from screening.adapters.repository import PregnancyFilter
from screening.api import docs
from screening.api.deps import (
    READ,
    WRITE,
    IdempotencyKeyDep,
    IdentityDep,
    LimitQuery,
    MunicipalitiesDep,
    OffsetQuery,
    RecorderDep,
    ScenarioQuery,
    TodayDep,
    UowDep,
)
from screening.api.schemas.pregnancies import (
    BirthCreate,
    PeriodRead,
    PregnancyCreate,
    PregnancyEndCreate,
    PregnancyPage,
    PregnancyRead,
)
from screening.api.schemas.summary import PregnancySummaryRead
from screening.domain import errors
from screening.service import pregnancies, queries

router = APIRouter(prefix="/pregnancies", tags=["pregnancies"], responses=docs.problems(401, 403, 422))

OnQuery = Annotated[date | None, Query(description="the date to judge on (default: today)")]

_ALREADY_CONCLUDED = docs.problem_example(
    errors.PregnancyAlreadyConcluded, 409, "A birth or an end of this pregnancy was already recorded."
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PregnancyRead,
    dependencies=[WRITE],
    responses=docs.problems(
        409,
        422,
        examples={
            409: [
                docs.problem_example(
                    errors.PregnancyAlreadyRegistered,
                    409,
                    "This pregnancy of this client is already registered.",
                ),
                docs.KEY_REUSED,
            ],
            422: [
                docs.problem_example(
                    errors.InvalidNationalNumber, 422, "The check digits of the national number do not match."
                ),
                docs.UNKNOWN_MUNICIPALITY,
                docs.VALIDATION_ERROR,
            ],
        },
    ),
    summary="Register a pregnancy (the national number is validated, pseudonymised and encrypted)",
    description="The caller is recorded as `registered_by` (token subject, professional id, organisation).",
)
async def register(
    body: PregnancyCreate,
    recorder: RecorderDep,
    uow: UowDep,
    identity: IdentityDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> PregnancyRead:
    record = await pregnancies.register_pregnancy(
        body.to_command(recorder),
        uow=uow,
        identity=identity,
        municipalities=municipalities,
        today=today,
        idempotency_key=idempotency_key,
    )
    return PregnancyRead.of(record)


@router.get(
    "",
    response_model=PregnancyPage,
    dependencies=[READ],
    responses=docs.problems(422, examples={422: [docs.UNKNOWN_MUNICIPALITY, docs.VALIDATION_ERROR]}),
    summary="List pregnancies by professional, municipality, expected delivery date and current scenario",
    description="Ordered by expected delivery date; paged with `limit` (at most 200) and `offset`, `total` "
    "counts every match.",
)
async def list_pregnancies(
    uow: UowDep,
    municipalities: MunicipalitiesDep,
    today: TodayDep,
    professional_id: Annotated[
        str | None, Query(max_length=64, description="first contact or performer")
    ] = None,
    residence_nis: Annotated[str | None, Query(pattern=r"^\d{5}$")] = None,
    expected_from: Annotated[date | None, Query(description="expected delivery on or after")] = None,
    expected_to: Annotated[date | None, Query(description="expected delivery on or before")] = None,
    scenario: ScenarioQuery = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> PregnancyPage:
    filters = PregnancyFilter(
        professional_id=professional_id,
        residence_nis=residence_nis,
        expected_from=expected_from,
        expected_to=expected_to,
        scenarios=frozenset(scenario or ()),
    )
    page = await queries.list_pregnancies(
        filters, uow=uow, municipalities=municipalities, today=today, limit=limit, offset=offset
    )
    return PregnancyPage.of(page)


@router.get(
    "/{pregnancy_id}",
    response_model=PregnancyRead,
    dependencies=[READ],
    responses=docs.problems(404),
    summary="Read a pregnancy (pseudonym only)",
)
async def read(pregnancy_id: uuid.UUID, uow: UowDep) -> PregnancyRead:
    return PregnancyRead.of(await queries.get_pregnancy(pregnancy_id, uow=uow))


@router.get(
    "/{pregnancy_id}/summary",
    response_model=PregnancySummaryRead,
    dependencies=[READ],
    responses=docs.problems(404),
    summary="Summary: current scenario and why, period, screenings, decisions, sessions, referrals, flags",
    description="Every record is listed, superseded ones included (`current: false`, `superseded_by`).",
)
async def summary(
    pregnancy_id: uuid.UUID, uow: UowDep, today: TodayDep, on: OnQuery = None
) -> PregnancySummaryRead:
    return PregnancySummaryRead.of(await queries.pregnancy_summary(pregnancy_id, uow=uow, on=on or today))


@router.get(
    "/{pregnancy_id}/period",
    response_model=PeriodRead,
    dependencies=[READ],
    responses=docs.problems(404),
    summary="Programme period on a date: prenatal, postnatal, young child or ended (CTX-04)",
)
async def period(pregnancy_id: uuid.UUID, uow: UowDep, today: TodayDep, on: OnQuery = None) -> PeriodRead:
    return PeriodRead.of(await queries.programme_period(pregnancy_id, uow=uow, on=on or today))


@router.post(
    "/{pregnancy_id}/birth",
    response_model=PregnancyRead,
    dependencies=[WRITE],
    responses=docs.problems(
        404,
        409,
        422,
        examples={
            409: [_ALREADY_CONCLUDED, docs.KEY_REUSED],
            422: [
                docs.problem_example(
                    errors.BirthDateImplausible,
                    422,
                    "The birth date is not plausible for the expected delivery date (allowed from gestational "
                    "day 154 to 42 days after the expected delivery date).",
                    gestational_age_days=120,
                ),
                docs.VALIDATION_ERROR,
            ],
        },
    ),
    summary="Record the birth: date and number of children (CTX-04)",
    description="The caller is recorded as `concluded_by`.",
)
async def record_birth(
    pregnancy_id: uuid.UUID,
    body: BirthCreate,
    recorder: RecorderDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> PregnancyRead:
    cmd = body.to_command(pregnancy_id, recorder)
    record = await pregnancies.record_birth(cmd, uow=uow, today=today, idempotency_key=idempotency_key)
    return PregnancyRead.of(record)


@router.post(
    "/{pregnancy_id}/end",
    response_model=PregnancyRead,
    dependencies=[WRITE],
    responses=docs.problems(
        404,
        409,
        422,
        examples={
            409: [_ALREADY_CONCLUDED, docs.KEY_REUSED],
            422: [
                docs.problem_example(
                    errors.PregnancyEndDateInvalid, 422, "The end date of the pregnancy lies in the future."
                ),
                docs.VALIDATION_ERROR,
            ],
        },
    ),
    summary="Record the end of a pregnancy without birth (CTX-04)",
    description="The caller is recorded as `concluded_by`.",
)
async def end(
    pregnancy_id: uuid.UUID,
    body: PregnancyEndCreate,
    recorder: RecorderDep,
    uow: UowDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
) -> PregnancyRead:
    cmd = body.to_command(pregnancy_id, recorder)
    record = await pregnancies.end_pregnancy(cmd, uow=uow, today=today, idempotency_key=idempotency_key)
    return PregnancyRead.of(record)
