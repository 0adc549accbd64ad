"""Persistence of claims (current decision on the claim row) and their append-only decision history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, and_, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from financing.adapters import orm
from financing.domain.assessment import Outcome
from financing.domain.model import (
    AcceptedClaim,
    Act,
    Claim,
    FundingType,
    Money,
    OrganisationKind,
    Payer,
    Profession,
    Provider,
)

PAYABLE = (Outcome.ACCEPTED.value, Outcome.REDUCED.value)


@dataclass(frozen=True)
class CurrentDecision:
    """The decision a claim currently stands on (its full history is in `claim_decision`)."""

    status: Outcome
    amount: Money
    requested_amount: Money
    units: int | None
    competent_payer: Payer
    resolved_activity_ref: str | None
    funding_slot: str
    payer_organisation_code: str | None
    decision_count: int
    decided_at: datetime


@dataclass(frozen=True)
class StoredClaim:
    """A claim as received, who sent it, and its current decision."""

    claim: Claim
    submitted_by: str
    received_at: datetime
    current: CurrentDecision

    @property
    def claim_id(self) -> uuid.UUID:
        return uuid.UUID(self.claim.claim_id)

    def accepted(self) -> AcceptedClaim:
        """The claim as the rules see a paid claim (activity reference resolved by its decision)."""
        resolved = Claim(**{**_claim_fields(self.claim), "activity_ref": self.current.resolved_activity_ref})
        return AcceptedClaim(resolved, self.current.amount, self.current.units)


@dataclass(frozen=True)
class StoredDecision:
    """One row of the append-only decision history."""

    number: int
    outcome: Outcome
    amount: Money
    requested_amount: Money
    units: int | None
    competent_payer: Payer
    payer_organisation_code: str | None
    activity_ref: str | None
    reasons: list[dict[str, Any]]
    rules_applied: list[str]
    evidence: list[dict[str, str]]
    tariff: dict[str, Any] | None
    decided_by_kind: str
    decided_by: str
    review: str | None
    justification: str | None
    decided_at: datetime


@dataclass(frozen=True)
class HeldClaimFilter:
    """Which held claims a reassessment run takes (oldest first, keyset-paged on `after`)."""

    clients: frozenset[str] | None = None  # only the held claims of these clients
    reason_code: str | None = None  # only claims whose current decision holds them for this reason
    after: tuple[datetime, uuid.UUID] | None = None  # (received_at, claim_id) of the last claim already seen


@dataclass(frozen=True)
class HeldClaimRef:
    claim_id: uuid.UUID
    received_at: datetime

    @property
    def position(self) -> tuple[datetime, uuid.UUID]:
        return self.received_at, self.claim_id


@dataclass(frozen=True)
class ClaimFilter:
    status: Outcome | None = None
    act: Act | None = None
    payer: Payer | None = None
    pregnancy_id: uuid.UUID | None = None
    client_pseudonym: str | None = None
    submitted_by: str | None = None


def _claim_fields(claim: Claim) -> dict[str, Any]:
    return {
        "claim_id": claim.claim_id,
        "act": claim.act,
        "provider": claim.provider,
        "client_pseudonym": claim.client_pseudonym,
        "pregnancy_id": claim.pregnancy_id,
        "payer": claim.payer,
        "act_date": claim.act_date,
        "period_end": claim.period_end,
        "team_id": claim.team_id,
        "minutes": claim.minutes,
        "activity_ref": claim.activity_ref,
    }


def _claim_of(row: RowMapping) -> StoredClaim:
    provider = Provider(
        professional_id=row["professional_id"],
        profession=Profession(row["profession"]),
        organisation_id=row["organisation_id"],
        funding=FundingType(row["funding_type"]),
        coordination_in_mission=row["coordination_in_mission"],
        organisation_kind=OrganisationKind(row["organisation_kind"]),
        recognised_for_case_management=row["recognised_for_case_management"],
    )
    pregnancy_id = row["pregnancy_id"]
    claim = Claim(
        claim_id=str(row["claim_id"]),
        act=Act(row["act"]),
        provider=provider,
        client_pseudonym=row["client_pseudonym"],
        pregnancy_id=str(pregnancy_id) if pregnancy_id is not None else None,
        payer=Payer(row["payer"]),
        act_date=row["act_date"],
        period_end=row["period_end"],
        team_id=row["team_id"],
        minutes=row["minutes"],
        activity_ref=row["activity_ref"],
    )
    current = CurrentDecision(
        status=Outcome(row["status"]),
        amount=Money.of(row["amount"]),
        requested_amount=Money.of(row["requested_amount"]),
        units=row["units"],
        competent_payer=Payer(row["competent_payer"]),
        resolved_activity_ref=row["resolved_activity_ref"],
        funding_slot=row["funding_slot"],
        payer_organisation_code=row["payer_organisation_code"],
        decision_count=row["decision_count"],
        decided_at=row["decided_at"],
    )
    return StoredClaim(claim, row["submitted_by"], row["received_at"], current)


def _current_values(current: CurrentDecision) -> dict[str, Any]:
    return {
        "status": current.status.value,
        "amount": current.amount.amount,
        "requested_amount": current.requested_amount.amount,
        "units": current.units,
        "competent_payer": current.competent_payer.value,
        "resolved_activity_ref": current.resolved_activity_ref,
        "funding_slot": current.funding_slot,
        "payer_organisation_code": current.payer_organisation_code,
        "decision_count": current.decision_count,
        "decided_at": current.decided_at,
    }


def _decision_of(row: RowMapping) -> StoredDecision:
    return StoredDecision(
        number=row["number"],
        outcome=Outcome(row["outcome"]),
        amount=Money.of(row["amount"]),
        requested_amount=Money.of(row["requested_amount"]),
        units=row["units"],
        competent_payer=Payer(row["competent_payer"]),
        payer_organisation_code=row["payer_organisation_code"],
        activity_ref=row["activity_ref"],
        reasons=list(row["reasons"]),
        rules_applied=list(row["rules_applied"]),
        evidence=list(row["evidence"]),
        tariff=row["tariff"],
        decided_by_kind=row["decided_by_kind"],
        decided_by=row["decided_by"],
        review=row["review"],
        justification=row["justification"],
        decided_at=row["decided_at"],
    )


class ClaimRepository:
    """Claims and their decisions, in the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, stored: StoredClaim) -> None:
        c = stored.claim
        p = c.provider
        await self._session.execute(
            orm.claim.insert().values(
                claim_id=stored.claim_id,
                act=c.act.value,
                payer=c.payer.value,
                client_pseudonym=c.client_pseudonym,
                pregnancy_id=uuid.UUID(c.pregnancy_id) if c.pregnancy_id else None,
                team_id=c.team_id,
                act_date=c.act_date,
                period_end=c.period_end,
                minutes=c.minutes,
                activity_ref=c.activity_ref,
                professional_id=p.professional_id,
                profession=p.profession.value,
                organisation_id=p.organisation_id,
                funding_type=p.funding.value,
                organisation_kind=p.organisation_kind.value,
                coordination_in_mission=p.coordination_in_mission,
                recognised_for_case_management=p.recognised_for_case_management,
                submitted_by=stored.submitted_by,
                received_at=stored.received_at,
                **_current_values(stored.current),
            )
        )

    async def set_current(self, claim_id: uuid.UUID, current: CurrentDecision) -> None:
        t = orm.claim
        await self._session.execute(
            update(t).where(t.c.claim_id == claim_id).values(**_current_values(current))
        )

    async def get(self, claim_id: uuid.UUID) -> StoredClaim | None:
        t = orm.claim
        row = (await self._session.execute(select(t).where(t.c.claim_id == claim_id))).first()
        return _claim_of(row._mapping) if row is not None else None

    async def accepted_in_scope(self, client_pseudonym: str, team_ids: Sequence[str]) -> list[AcceptedClaim]:
        """DF-1..7: the paid claims (both payers) of the client and of the named teams."""
        t = orm.claim
        scope = t.c.client_pseudonym == client_pseudonym
        if team_ids:
            scope = or_(scope, t.c.team_id.in_(list(team_ids)))
        rows = await self._session.execute(
            select(t).where(t.c.status.in_(PAYABLE), scope).order_by(t.c.decided_at, t.c.claim_id)
        )
        return [_claim_of(r._mapping).accepted() for r in rows]

    async def paid_for_activity(
        self, pregnancy_id: uuid.UUID, act: Act, activity_ref: str
    ) -> list[StoredClaim]:
        """The paid claims of a pregnancy that rest on this activity (e.g. a PPA session later superseded)."""
        t = orm.claim
        rows = await self._session.execute(
            select(t)
            .where(
                t.c.pregnancy_id == pregnancy_id,
                t.c.act == act.value,
                t.c.status.in_(PAYABLE),
                t.c.resolved_activity_ref == activity_ref,
            )
            .order_by(t.c.decided_at, t.c.claim_id)
        )
        return [_claim_of(r._mapping) for r in rows]

    async def add_decision(self, claim_id: uuid.UUID, decision: StoredDecision) -> None:
        await self._session.execute(
            orm.claim_decision.insert().values(
                claim_id=claim_id,
                number=decision.number,
                outcome=decision.outcome.value,
                amount=decision.amount.amount,
                requested_amount=decision.requested_amount.amount,
                units=decision.units,
                competent_payer=decision.competent_payer.value,
                payer_organisation_code=decision.payer_organisation_code,
                activity_ref=decision.activity_ref,
                reasons=decision.reasons,
                rules_applied=decision.rules_applied,
                evidence=decision.evidence,
                tariff=decision.tariff,
                decided_by_kind=decision.decided_by_kind,
                decided_by=decision.decided_by,
                review=decision.review,
                justification=decision.justification,
                decided_at=decision.decided_at,
            )
        )

    async def decisions(self, claim_id: uuid.UUID) -> list[StoredDecision]:
        d = orm.claim_decision
        rows = await self._session.execute(select(d).where(d.c.claim_id == claim_id).order_by(d.c.number))
        return [_decision_of(r._mapping) for r in rows]

    async def held(self, filters: HeldClaimFilter, *, limit: int) -> list[HeldClaimRef]:
        """Held claims, oldest first: one statement on the status / client indexes, joined to the current
        history row (unique on claim and number) when a reason is asked for."""
        t, d = orm.claim, orm.claim_decision
        query = select(t.c.claim_id, t.c.received_at).where(t.c.status == Outcome.HELD.value)
        if filters.clients is not None:
            query = query.where(t.c.client_pseudonym.in_(sorted(filters.clients)))
        if filters.reason_code is not None:
            query = query.join(d, and_(d.c.claim_id == t.c.claim_id, d.c.number == t.c.decision_count)).where(
                d.c.reasons.contains([{"code": filters.reason_code}])
            )
        if filters.after is not None:
            query = query.where(tuple_(t.c.received_at, t.c.claim_id) > tuple_(*filters.after))
        rows = await self._session.execute(query.order_by(t.c.received_at, t.c.claim_id).limit(limit))
        return [HeldClaimRef(r.claim_id, r.received_at) for r in rows]

    async def list(self, filters: ClaimFilter, *, limit: int, offset: int) -> tuple[list[StoredClaim], int]:
        t = orm.claim
        conditions = []
        if filters.status is not None:
            conditions.append(t.c.status == filters.status.value)
        if filters.act is not None:
            conditions.append(t.c.act == filters.act.value)
        if filters.payer is not None:
            conditions.append(t.c.payer == filters.payer.value)
        if filters.pregnancy_id is not None:
            conditions.append(t.c.pregnancy_id == filters.pregnancy_id)
        if filters.client_pseudonym is not None:
            conditions.append(t.c.client_pseudonym == filters.client_pseudonym)
        if filters.submitted_by is not None:
            conditions.append(t.c.submitted_by == filters.submitted_by)
        total = await self._session.scalar(select(func.count()).select_from(t).where(*conditions))
        rows = await self._session.execute(
            select(t)
            .where(*conditions)
            .order_by(t.c.received_at.desc(), t.c.claim_id)
            .limit(limit)
            .offset(offset)
        )
        return [_claim_of(r._mapping) for r in rows], int(total or 0)
