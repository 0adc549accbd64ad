"""Claim routes: thin, parse → command → use case → read model."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from financing.adapters.claims import ClaimFilter
from financing.api.deps import (
    FINANCE,
    READ_CLAIMS,
    SUBMIT_CLAIMS,
    IdempotencyKeyDep,
    LimitQuery,
    OffsetQuery,
    RulesDep,
    TodayDep,
    UowDep,
    claim_visibility,
)
from financing.api.schemas.claims import (
    ClaimCreate,
    ClaimPage,
    ClaimRead,
    ClaimSummary,
    DecisionRead,
    ReviewCreate,
)
from financing.domain.assessment import Outcome
from financing.domain.model import Act, Payer
from financing.service import claims, reviews
from shared.api import problem_responses
from shared.auth import PrincipalDep

router = APIRouter(prefix="/claims", tags=["claims"], responses=problem_responses(401, 403, 422))

SUBMIT_DESCRIPTION = """
Submit a claim for one act to one payer channel and get its decision in the answer:

* **ACCEPTED** with the amount of the tariff valid on the act date (Q-17), or **REDUCED** (e.g. the yearly
  consultation time of the client is partly used, DF-5 / FIN-13);
* **REJECTED** with stable reason codes and the rules applied (wrong payer FIN-30, caps DF-5, double
  funding DF-1/2/3 ...); a double funding also raises a finding (`GET /findings`) naming both claims;
* **HELD** for review by a finance officer. In particular, a claim whose activity (screening, session,
  coordinator appointment, consultation, intervention) has **not reached this service yet** is held with
  reason `ACTIVITY_NOT_YET_KNOWN` for `FINANCING_ACTIVITY_GRACE_DAYS` (30) days after the act: it waits,
  it is not rejected. The service decides it again by itself as soon as the activity's event has been
  consumed (the claim then becomes ACCEPTED, REDUCED or REJECTED on the rules, with a new decision
  `review: REASSESS` in its history and a `financing.claim.decided` event), and its periodic reassessment
  rejects it with `ACTIVITY_NOT_REGISTERED` once the grace period has passed without the activity. Poll
  `GET /claims/{id}`, follow the events, or ask for a reassessment now (`POST /claims/{id}/reassessment`).
  A claim submitted after the grace period without its activity is rejected with `ACTIVITY_NOT_REGISTERED`
  at once.

A claim naming a pregnancy this service does not know (or a client that is not that pregnancy's) is a 422
`UNKNOWN_CLIENT` and nothing is stored: a pregnancy registered moments ago reaches this service within
seconds, so submit it again then.

**Idempotency.** The `Idempotency-Key` header is required (without it: 422 `VALIDATION_ERROR` on
`header.Idempotency-Key`): a retried submission with the same key and the same body is the same claim (the
answer is that claim with its current decision, and header `Idempotent-Replayed: true`); the same key with
another body is a 409 `IDEMPOTENCY_KEY_REUSED`. Keys are scoped to the calling billing system.

Input that cannot form a claim is a 422 problem and nothing is stored: an unknown act code or a negative or
fractional number of minutes (`VALIDATION_ERROR`), a period that ends before it starts
(`FIN_INVALID_PERIOD`), a missing field an act needs (`FIN_INVALID_CLAIM`, e.g. minutes for a
consultation, a team for coordination), a client without a single pregnancy covering the act date when no
`pregnancy_id` is given (`FIN_PREGNANCY_NOT_RESOLVED`).
"""


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ClaimRead,
    dependencies=[SUBMIT_CLAIMS],
    responses=problem_responses(409),
    summary="Submit a claim and get its decision (accepted, reduced, rejected or held)",
    description=SUBMIT_DESCRIPTION,
)
async def submit(
    body: ClaimCreate,
    principal: PrincipalDep,
    uow: UowDep,
    rules: RulesDep,
    today: TodayDep,
    idempotency_key: IdempotencyKeyDep,
    response: Response,
) -> ClaimRead:
    view = await claims.submit_claim(
        body.to_command(principal.subject), uow=uow, rules=rules, today=today, idempotency_key=idempotency_key
    )
    if view.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return ClaimRead.of_view(view)


@router.get(
    "",
    response_model=ClaimPage,
    dependencies=[READ_CLAIMS],
    summary="List claims (a billing system sees its own; status=HELD is the review queue)",
)
async def list_claims(
    principal: PrincipalDep,
    uow: UowDep,
    claim_status: Annotated[Outcome | None, Query(alias="status")] = None,
    act: Act | None = None,
    payer: Payer | None = None,
    pregnancy_id: uuid.UUID | None = None,
    client_pseudonym: Annotated[str | None, Query(max_length=128)] = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> ClaimPage:
    filters = ClaimFilter(
        claim_status, act, payer, pregnancy_id, client_pseudonym, submitted_by=claim_visibility(principal)
    )
    items, total = await claims.list_claims(filters, uow=uow, limit=limit, offset=offset)
    return ClaimPage(items=[ClaimSummary.of(i) for i in items], total=total, limit=limit, offset=offset)


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    dependencies=[READ_CLAIMS],
    responses=problem_responses(404),
    summary="Read a claim with its current decision, findings and payment order",
)
async def read(claim_id: uuid.UUID, principal: PrincipalDep, uow: UowDep) -> ClaimRead:
    return ClaimRead.of_view(
        await claims.get_claim(claim_id, uow=uow, visible_to=claim_visibility(principal))
    )


@router.get(
    "/{claim_id}/decisions",
    response_model=list[DecisionRead],
    dependencies=[READ_CLAIMS],
    responses=problem_responses(404),
    summary="The claim's decision history, oldest first (append-only)",
)
async def history(claim_id: uuid.UUID, principal: PrincipalDep, uow: UowDep) -> list[DecisionRead]:
    decisions = await claims.claim_history(claim_id, uow=uow, visible_to=claim_visibility(principal))
    return [DecisionRead.of(d) for d in decisions]


@router.post(
    "/{claim_id}/reassessment",
    response_model=ClaimRead,
    dependencies=[READ_CLAIMS],
    responses=problem_responses(404, 409),
    summary="Decide a held claim again on the current data (e.g. once its activity has arrived)",
)
async def reassess(
    claim_id: uuid.UUID, principal: PrincipalDep, uow: UowDep, rules: RulesDep, today: TodayDep
) -> ClaimRead:
    cmd = reviews.ReassessClaim(claim_id, principal.subject, visible_to=claim_visibility(principal))
    view = await reviews.reassess_claim(cmd, uow=uow, rules=rules, today=today)
    assert view is not None  # only skip_unchanged reassessments return None
    return ClaimRead.of_view(view)


@router.post(
    "/{claim_id}/review",
    response_model=ClaimRead,
    dependencies=[FINANCE],
    responses=problem_responses(404, 409),
    summary="A finance officer approves or rejects a held claim, with a justification",
    description="APPROVE overrides the REVIEW reasons of a fresh assessment and pays what the rules compute; a "
    "BLOCK reason is never overridden (422 `FIN_REVIEW_BLOCKED`). REJECT adds `REVIEW_REJECTED`. Open REVIEW "
    "findings of the claim are resolved with the same justification (approve: DISMISSED, reject: CONFIRMED).",
)
async def review(
    claim_id: uuid.UUID,
    body: ReviewCreate,
    principal: PrincipalDep,
    uow: UowDep,
    rules: RulesDep,
    today: TodayDep,
) -> ClaimRead:
    view = await reviews.review_claim(
        body.to_command(claim_id, principal.subject), uow=uow, rules=rules, today=today
    )
    return ClaimRead.of_view(view)
