"""Prenatal advice sessions (PPA): when one is possible, its number and its fee (FIN-11, FIN-15, Q-04, Q-20)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from screening.domain import timeline
from screening.domain.errors import PpaDateInFuture, PpaOutsidePregnancy, PpaRequiresInclusion
from screening.domain.model import (
    DEFAULT_POLICY,
    FundingType,
    InclusionRecord,
    NonReimbursableReason,
    Performer,
    PpaVerdict,
    Pregnancy,
    PrenatalAdviceSession,
    Profession,
    ProgrammeActivity,
    ProgrammePolicy,
)
from screening.domain.rules.corrections import check_supersedes_target, current_records
from screening.domain.rules.scenario import determine_current_scenario, unlocked_activities

PPA_ELIGIBLE_PROFESSIONS = frozenset({Profession.GP, Profession.GYNAECOLOGIST, Profession.MIDWIFE})


def session_numbers(sessions: Sequence[PrenatalAdviceSession]) -> dict[str, int]:
    """FIN-11: each session's ordinal in recording order; a correction takes the number of the one it replaces."""
    # A superseded session stops counting, so the current sessions are always numbered 1..n.
    numbers: dict[str, int] = {}
    count = 0
    for session in sessions:
        if session.supersedes is not None and session.supersedes in numbers:
            numbers[session.record_id] = numbers[session.supersedes]
        else:
            count += 1
            numbers[session.record_id] = count
    return numbers


def _check_ppa_in_pregnancy(session_date: date, pregnancy: Pregnancy, *, today: date) -> None:
    if session_date > today:
        raise PpaDateInFuture("The session date lies in the future.")
    if timeline.gestational_age_days(session_date, pregnancy.expected_delivery_date) < 0:
        raise PpaOutsidePregnancy(
            "The session date lies before the start of the pregnancy (FIN-11: only during pregnancy).",
            extra={"timing": "BEFORE_PREGNANCY"},
        )
    birth = pregnancy.birth
    if birth is not None and session_date >= birth.birth_date:
        on_birth_day = session_date == birth.birth_date
        raise PpaOutsidePregnancy(
            "A prenatal advice session must be held strictly before the birth; "
            + ("the day of birth already counts as after the birth. " if on_birth_day else "")
            + "FIN-11: a PPA only during pregnancy. Q-20: after birth no PPA is possible; care coordination "
            "and perinatal consultation remain available.",
            extra={"timing": "ON_BIRTH_DAY" if on_birth_day else "AFTER_BIRTH", "related_rules": ["Q-20"]},
        )
    if pregnancy.end is not None and session_date >= pregnancy.end.end_date:
        raise PpaOutsidePregnancy(
            "The pregnancy ended before the session date (FIN-11: only during pregnancy).",
            extra={"timing": "AFTER_PREGNANCY_END"},
        )


def assess_prenatal_advice_session(
    session_date: date,
    performer: Performer,
    *,
    pregnancy: Pregnancy,
    inclusion_history: Sequence[InclusionRecord],
    prior_sessions: Sequence[PrenatalAdviceSession],
    today: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
    supersedes: str | None = None,
) -> PpaVerdict:
    """FIN-11, FIN-15, Q-04, Q-20: a PPA before birth needs A, B or the exception; fee for GP/gyn/midwife, max 2."""
    # `prior_sessions` in recording order; `supersedes` names the session a correction replaces. Superseded
    # sessions, and the replaced one, count neither toward the session number nor toward the cap.
    _check_ppa_in_pregnancy(session_date, pregnancy, today=today)
    if supersedes is not None:
        check_supersedes_target(supersedes, prior_sessions)
    inclusion = determine_current_scenario(inclusion_history, as_of=session_date)
    if ProgrammeActivity.PRENATAL_ADVICE_SESSION not in unlocked_activities(inclusion):
        raise PpaRequiresInclusion(
            "A prenatal advice session requires scenario A or B, or an inclusion on the exception path.",
            extra={"scenario": None if inclusion.scenario is None else str(inclusion.scenario)},
        )
    current = [s for s in current_records(prior_sessions) if s.record_id != supersedes]
    reason: NonReimbursableReason | None = None
    if performer.profession not in PPA_ELIGIBLE_PROFESSIONS:
        reason = NonReimbursableReason.PROFESSION_NOT_ELIGIBLE
    elif performer.funding_type is not FundingType.HEALTH_INSURANCE:
        reason = NonReimbursableReason.NOT_HEALTH_INSURANCE_PROVIDER
    elif sum(1 for s in current if s.reimbursable) >= policy.reimbursed_ppa_cap:
        reason = NonReimbursableReason.CAP_REACHED
    number = session_numbers(prior_sessions)[supersedes] if supersedes is not None else len(current) + 1
    return PpaVerdict(
        reimbursable=reason is None,
        reason=reason,
        session_number=number,
        inclusion=inclusion,
    )
