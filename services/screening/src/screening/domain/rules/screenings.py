"""A new screening record: its validity, timing, scenario and fee (SCR-05, SCR-07, SCR-08, FIN-10)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from screening.domain import timeline
from screening.domain.errors import RefusedScreeningWithIndicators
from screening.domain.model import (
    DEFAULT_POLICY,
    FundingType,
    InclusionRecord,
    NonReimbursableReason,
    Pregnancy,
    ProgrammePolicy,
    ReimbursementVerdict,
    ScreeningAssessment,
    ScreeningRecord,
    ScreeningStatus,
)
from screening.domain.rules.corrections import check_correction
from screening.domain.rules.scenario import determination_of


def check_screening_record(screening: ScreeningRecord) -> None:
    """SCR-05: a refused screening carries no indicator results."""
    if screening.status is ScreeningStatus.REFUSED and screening.indicators:
        raise RefusedScreeningWithIndicators("A refused screening cannot carry indicator results.")


def assess_screening_reimbursement(
    screening: ScreeningRecord,
    *,
    history: Sequence[InclusionRecord],
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> ReimbursementVerdict:
    """SCR-08, FIN-10: a completed screening by a health-insurance provider; one reimbursed per pregnancy."""
    if screening.status is not ScreeningStatus.COMPLETED:
        return ReimbursementVerdict(False, NonReimbursableReason.NOT_COMPLETED)
    if screening.performer.funding_type is not FundingType.HEALTH_INSURANCE:
        return ReimbursementVerdict(False, NonReimbursableReason.NOT_HEALTH_INSURANCE_PROVIDER)
    earlier_reimbursable = sum(
        1
        for r in history
        if isinstance(r, ScreeningRecord)
        and r.record_id != screening.record_id
        and r.recorded_at < screening.recorded_at
        and r.status is ScreeningStatus.COMPLETED
        and r.performer.funding_type is FundingType.HEALTH_INSURANCE
    )
    if earlier_reimbursable >= policy.reimbursed_screening_cap:
        return ReimbursementVerdict(False, NonReimbursableReason.CAP_REACHED)
    return ReimbursementVerdict(True)


def assess_screening(
    screening: ScreeningRecord,
    *,
    pregnancy: Pregnancy,
    history: Sequence[InclusionRecord],
    today: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> ScreeningAssessment:
    """SCR-05, SCR-07, SCR-08: validate a new screening record; return its timing, scenario and fee verdict."""
    check_screening_record(screening)
    timing = timeline.assess_screening_timing(screening.screening_date, pregnancy, today=today, policy=policy)
    check_correction(screening, history)
    return ScreeningAssessment(
        timing=timing,
        determination=determination_of(screening),
        reimbursement=assess_screening_reimbursement(screening, history=history, policy=policy),
    )
