"""The current scenario (SCR-04..SCR-06), the exception path (Q-08) and what inclusion unlocks (FIN-15)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime

from screening.domain import timeline
from screening.domain.errors import (
    ExceptionReasonDetailRequired,
    ExceptionWithoutIndicators,
    ExceptionWithToolResult,
)
from screening.domain.model import (
    DEFAULT_POLICY,
    UNDETERMINED,
    ExceptionReason,
    InclusionDecision,
    InclusionRecord,
    Indicator,
    Pregnancy,
    ProgrammeActivity,
    ProgrammePolicy,
    Scenario,
    ScenarioDetermination,
    ScenarioFilter,
    ScreeningRecord,
    ScreeningStatus,
)
from screening.domain.rules.corrections import check_correction, superseded_record_ids


def scenario_for_indicators(indicators: Collection[Indicator]) -> Scenario:
    """SCR-04, SCR-05: scenario 0 for no positive indicator, A for >= 1, B for >= 2 distinct indicators."""
    count = len(set(indicators))
    if count >= 2:
        return Scenario.B
    if count == 1:
        return Scenario.A
    return Scenario.NONE


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
