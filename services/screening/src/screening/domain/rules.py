"""Screening rules as plain functions over the frozen model (style guide C3): everything impure is an argument.

Timeline rules (gestational age, SCR-07 timing, birth, periods) live in `screening.domain.timeline`.
Decisions on open questions:

- Q-07: indicators are taken as flagged by the tool (BiB) or attested by a professional; no topic mapping.
- Q-08: an exception decision (SCR-06) must state >= 1 indicator; it yields scenario A for 1 and B for >= 2,
  and always counts as the exception, which unlocks PPA, coordination and consultation (FIN-15). It is refused
  while a current completed screening dated on or before it exists (a tool result is available) unless the
  decision itself supersedes that screening. Reason OTHER needs a reason_detail (audit trail).
- SCR-05/06: the current scenario is taken from the latest (date, then recorded_at, then record_id)
  non-superseded COMPLETED screening or exception decision; partial and refused screenings never determine it.
- FIN-10/SCR-08: a completed screening by a health-insurance provider is reimbursable unless one was already
  recorded earlier for the pregnancy (corrections included, so a correction never earns a second fee). A
  screening by a welfare actor does not use up the pregnancy's reimbursement.
- FIN-11/Q-04: the PPA cap counts earlier *reimbursable* sessions of the pregnancy (twins: one pregnancy), so
  with eligible performers the 3rd and later sessions are CAP_REACHED. Reimbursement also needs a GP,
  gynaecologist or midwife working under health insurance. Precedence of reasons: profession, funding, cap.
- FIN-11 corrections: a PPA may supersede an earlier session of the pregnancy (with a reason). A superseded
  session no longer counts: not toward the session number nor toward the cap of sessions recorded after it.
  The correction takes the number of the session it replaces, so the current sessions are numbered 1..n in
  recording order, and it is judged against the cap without the session it replaces. Verdicts already
  stored are never rewritten (records are never edited).
- FIN-11/Q-20: a PPA is only possible strictly before the birth; a session dated on the day of birth counts as
  after birth and is refused. Coordination and consultation stay unlocked by the inclusion.
- SCR-10 corrections: a referral may supersede an earlier referral; one of a registered pregnancy is only
  corrected within that pregnancy (a correction never moves a client's fact to another client).
- Lists: the current-scenario filter matches the scenario whatever its basis (0, A, B), the exception path
  (EXCEPTION) or no result yet (UNDETERMINED); several values are alternatives.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

from screening.domain import timeline
from screening.domain.errors import (
    CorrectionReasonRequired,
    CorrectionReasonWithoutCorrection,
    ExceptionReasonDetailRequired,
    ExceptionWithoutIndicators,
    ExceptionWithToolResult,
    PpaDateInFuture,
    PpaOutsidePregnancy,
    PpaRequiresInclusion,
    RecordAlreadySuperseded,
    ReferralDateInFuture,
    RefusedScreeningWithIndicators,
    SupersededRecordNotFound,
    UnknownIndicator,
    UnknownMunicipality,
    UnknownTopic,
)
from screening.domain.model import (
    DEFAULT_POLICY,
    UNDETERMINED,
    Correctable,
    ExceptionReason,
    FundingType,
    InclusionDecision,
    InclusionRecord,
    Indicator,
    NonReimbursableReason,
    OutreachReferral,
    Performer,
    PpaVerdict,
    Pregnancy,
    PrenatalAdviceSession,
    Profession,
    ProgrammeActivity,
    ProgrammePolicy,
    ReimbursementVerdict,
    ResidenceMunicipality,
    Scenario,
    ScenarioDetermination,
    ScenarioFilter,
    ScreeningAssessment,
    ScreeningRecord,
    ScreeningStatus,
    Topic,
)

PPA_ELIGIBLE_PROFESSIONS = frozenset({Profession.GP, Profession.GYNAECOLOGIST, Profession.MIDWIFE})
_INDICATOR_CODES = frozenset(indicator.value for indicator in Indicator)
_TOPIC_CODES = frozenset(topic.value for topic in Topic)
_C = TypeVar("_C", bound=Correctable)

# --- codes -------------------------------------------------------------------------------------------


def parse_indicators(codes: Iterable[str]) -> frozenset[Indicator]:
    """SCR-03: map indicator codes to the 8 KCE indicators; refuse unknown codes, listing them all."""
    codes = list(codes)
    unknown = sorted({code for code in codes if code not in _INDICATOR_CODES})
    if unknown:
        raise UnknownIndicator(f"Unknown indicator codes: {', '.join(unknown)}.", extra={"unknown": unknown})
    return frozenset(Indicator(code) for code in codes)


def parse_topics(codes: Iterable[str]) -> frozenset[Topic]:
    """SCR-02: map topic codes to the screening topics; refuse unknown codes, listing them all."""
    codes = list(codes)
    unknown = sorted({code for code in codes if code not in _TOPIC_CODES})
    if unknown:
        raise UnknownTopic(f"Unknown topic codes: {', '.join(unknown)}.", extra={"unknown": unknown})
    return frozenset(Topic(code) for code in codes)


# --- scenario ----------------------------------------------------------------------------------------


def scenario_for_indicators(indicators: Collection[Indicator]) -> Scenario:
    """SCR-04, SCR-05: scenario 0 for no positive indicator, A for >= 1, B for >= 2 distinct indicators."""
    count = len(set(indicators))
    if count >= 2:
        return Scenario.B
    if count == 1:
        return Scenario.A
    return Scenario.NONE


def check_screening_record(screening: ScreeningRecord) -> None:
    """SCR-05: a refused screening carries no indicator results."""
    if screening.status is ScreeningStatus.REFUSED and screening.indicators:
        raise RefusedScreeningWithIndicators("A refused screening cannot carry indicator results.")


def check_exception_decision(decision: InclusionDecision) -> None:
    """SCR-06, Q-08: an exception decision states >= 1 indicator, and explains reason OTHER."""
    if not decision.indicators:
        raise ExceptionWithoutIndicators(
            "An inclusion without tool result requires at least one indicator judged present."
        )
    if decision.reason is ExceptionReason.OTHER and not (decision.reason_detail or "").strip():
        raise ExceptionReasonDetailRequired("Reason OTHER requires a short explanation.")


def determination_of(record: InclusionRecord) -> ScenarioDetermination:
    """SCR-05, SCR-06: what one record determines; UNDETERMINED for partial or refused screenings."""
    if isinstance(record, ScreeningRecord) and record.status is not ScreeningStatus.COMPLETED:
        return UNDETERMINED
    return ScenarioDetermination(
        scenario=scenario_for_indicators(record.indicators),
        basis=record.basis,
        record_id=record.record_id,
        effective_date=record.effective_date,
        indicators=record.indicators,
    )


def superseded_record_ids(history: Iterable[Correctable]) -> frozenset[str]:
    """SCR-05, FIN-11, SCR-10: ids of records replaced by a correction (`supersedes` and `superseded_by` links)."""
    superseded: set[str] = set()
    for record in history:
        if record.supersedes is not None:
            superseded.add(record.supersedes)
        if record.superseded_by is not None:
            superseded.add(record.record_id)
    return frozenset(superseded)


def current_records(history: Iterable[_C]) -> list[_C]:
    """SCR-05, FIN-11, SCR-10: the records of a history that no correction superseded, in their order."""
    history = list(history)
    superseded = superseded_record_ids(history)
    return [record for record in history if record.record_id not in superseded]


def check_supersedes_target(
    target: str, history: Sequence[Correctable], *, record_id: str | None = None
) -> None:
    """SCR-05, FIN-11, SCR-10: `target` is an existing, not yet superseded record of `history`, not `record_id`."""
    others = [r for r in history if r.record_id != record_id]
    targets = [r for r in others if r.record_id == target]
    if target == record_id or not targets:
        raise SupersededRecordNotFound("The corrected record does not exist in this pregnancy's history.")
    # A back-link to this very correction (written before the check) is not a competing correction.
    if any(r.supersedes == target for r in others) or any(
        r.superseded_by not in (None, record_id) for r in targets
    ):
        raise RecordAlreadySuperseded("The corrected record was already superseded by another correction.")


def check_correction(record: Correctable, history: Sequence[Correctable]) -> None:
    """SCR-05, FIN-11, SCR-10: a correction supersedes an existing, not yet superseded, other record."""
    if record.supersedes is not None:
        check_supersedes_target(record.supersedes, history, record_id=record.record_id)


def check_correction_reason(record: Correctable) -> None:
    """SCR-05, FIN-11, SCR-10: a correction says why it supersedes a record; a reason without correction is refused."""
    has_reason = bool((record.correction_reason or "").strip())
    if record.supersedes is not None and not has_reason:
        raise CorrectionReasonRequired("A correction must state why it supersedes the earlier record.")
    if record.supersedes is None and has_reason:
        raise CorrectionReasonWithoutCorrection("A correction reason needs the record it supersedes.")


def _history_order(record: InclusionRecord) -> tuple[date, datetime, str]:
    return (record.effective_date, record.recorded_at, record.record_id)


def determine_current_scenario(
    history: Iterable[InclusionRecord], *, as_of: date | None = None
) -> ScenarioDetermination:
    """SCR-05, SCR-06: scenario of the latest non-superseded completed screening or exception decision."""
    history = list(history)
    superseded = superseded_record_ids(history)
    candidates = [
        record
        for record in history
        if record.record_id not in superseded
        and (as_of is None or record.effective_date <= as_of)
        and (isinstance(record, InclusionDecision) or record.status is ScreeningStatus.COMPLETED)
    ]
    if not candidates:
        return UNDETERMINED
    return determination_of(max(candidates, key=_history_order))


def matches_scenario_filter(determination: ScenarioDetermination, wanted: Collection[ScenarioFilter]) -> bool:
    """SCR-05, SCR-06: whether a current scenario passes the list filter (alternatives; none given: all pass)."""
    # 0, A and B match the scenario on any basis (B does not match A: the list asks for the scenario itself),
    # EXCEPTION a scenario resting on the exception path, UNDETERMINED no result yet.
    if not wanted:
        return True
    if determination.scenario is None:
        return ScenarioFilter.UNDETERMINED in wanted
    return ScenarioFilter(determination.scenario.value) in wanted or (
        determination.is_exception and ScenarioFilter.EXCEPTION in wanted
    )


def unlocked_activities(determination: ScenarioDetermination) -> frozenset[ProgrammeActivity]:
    """SCR-05, FIN-11..FIN-13, FIN-15: A unlocks the PPA; B or the exception also coordination and consultation."""
    if not determination.is_included:
        return frozenset()
    if determination.is_exception or determination.scenario is Scenario.B:
        return frozenset(ProgrammeActivity)
    return frozenset({ProgrammeActivity.PRENATAL_ADVICE_SESSION})


def assess_exception_decision(
    decision: InclusionDecision,
    *,
    pregnancy: Pregnancy,
    history: Sequence[InclusionRecord],
    today: date,
    policy: ProgrammePolicy = DEFAULT_POLICY,
) -> ScenarioDetermination:
    """SCR-06, SCR-07, FIN-15, Q-08: accept an inclusion without tool result and return what it determines."""
    check_exception_decision(decision)
    timeline.assess_screening_timing(decision.decision_date, pregnancy, today=today, policy=policy)
    check_correction(decision, history)
    others = [r for r in history if r.record_id != decision.record_id]
    superseded = set(superseded_record_ids(others))
    if decision.supersedes is not None:
        superseded.add(decision.supersedes)
    if any(
        isinstance(r, ScreeningRecord)
        and r.status is ScreeningStatus.COMPLETED
        and r.record_id not in superseded
        and r.screening_date <= decision.decision_date
        for r in others
    ):
        raise ExceptionWithToolResult(
            "A completed screening is available; correct it instead of using the exception path."
        )
    return determination_of(decision)


# --- screening ---------------------------------------------------------------------------------------


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


# --- prenatal advice session (PPA) -------------------------------------------------------------------


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


# --- outreach and residence --------------------------------------------------------------------------


def check_outreach_referral(referral: OutreachReferral, *, today: date) -> None:
    """SCR-10: an outreach referral (toeleiding) cannot be dated in the future."""
    if referral.referral_date > today:
        raise ReferralDateInFuture("The referral date lies in the future.")


def check_referral_correction(referral: OutreachReferral, target: OutreachReferral | None) -> None:
    """SCR-10: a referral correction supersedes an existing, current referral of the same client, with a reason."""
    # A referral recorded before registration may be linked to a pregnancy by its correction; one of a
    # registered pregnancy is only corrected within that pregnancy.
    check_correction_reason(referral)
    if referral.supersedes is None:
        return
    check_correction(referral, [target] if target is not None else [])
    assert target is not None  # check_correction refuses a missing target
    if target.pregnancy_id is not None and referral.pregnancy_id != target.pregnancy_id:
        raise SupersededRecordNotFound("The corrected referral belongs to another pregnancy.")


def resolve_residence_municipality(
    nis_code: str, *, current: Mapping[str, str], crosswalk: Mapping[str, str]
) -> ResidenceMunicipality:
    """Q-05: validate a 5-digit NIS code against current codes (code -> name), mapping old codes forward."""
    reported = nis_code.strip() if isinstance(nis_code, str) else ""
    if len(reported) != 5 or not all("0" <= ch <= "9" for ch in reported):
        raise UnknownMunicipality("A municipality is identified by a 5-digit NIS code.")
    code, seen = reported, {reported}
    while code not in current:
        successor = crosswalk.get(code)
        if successor is None or successor in seen:
            raise UnknownMunicipality(
                f"Unknown municipality NIS code {reported}.", extra={"nis_code": reported}
            )
        seen.add(successor)
        code = successor
    return ResidenceMunicipality(nis_code=code, name=current[code], reported_code=reported)
