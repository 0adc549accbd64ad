from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from screening.domain import rules
from screening.domain.errors import (
    RecordAlreadySuperseded,
    RefusedScreeningWithIndicators,
    SupersededRecordNotFound,
    UnknownIndicator,
    UnknownTopic,
)
from screening.domain.model import (
    UNDETERMINED,
    ExceptionReason,
    FundingType,
    InclusionBasis,
    InclusionDecision,
    InclusionRecord,
    Indicator,
    OrganisationKind,
    Performer,
    Profession,
    ProgrammeActivity,
    Scenario,
    ScenarioDetermination,
    ScenarioFilter,
    ScreeningRecord,
    ScreeningStatus,
    Topic,
)
from shared.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.unit

FIN = Indicator.FINANCIAL_PROBLEMS
HOUSING = Indicator.HOUSING_PROBLEMS
VIOLENCE = Indicator.VICTIM_OF_VIOLENCE
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def gp() -> Performer:
    return Performer(
        "prof-1", Profession.GP, FundingType.HEALTH_INSURANCE, "org-1", OrganisationKind.GP_PRACTICE
    )


def screening(record_id: str, on: date, *indicators: Indicator, **overrides: Any) -> ScreeningRecord:
    fields: dict[str, Any] = {
        "record_id": record_id,
        "screening_date": on,
        "recorded_at": T0,
        "status": ScreeningStatus.COMPLETED,
        "performer": gp(),
        "indicators": frozenset(indicators),
    }
    fields.update(overrides)
    return ScreeningRecord(**fields)


def decision(record_id: str, on: date, *indicators: Indicator, **overrides: Any) -> InclusionDecision:
    fields: dict[str, Any] = {
        "record_id": record_id,
        "decision_date": on,
        "recorded_at": T0,
        "decided_by": gp(),
        "reason": ExceptionReason.REFUSAL,
        "indicators": frozenset(indicators),
    }
    fields.update(overrides)
    return InclusionDecision(**fields)


# --- SCR-02 / SCR-03 codes ---------------------------------------------------------------------------


def test_scr03_there_are_exactly_the_eight_kce_indicators() -> None:
    assert {i.value for i in Indicator} == {
        "FINANCIAL_PROBLEMS",
        "MENTAL_HEALTH_PROBLEMS",
        "HOUSING_PROBLEMS",
        "LACK_OF_SOCIAL_SUPPORT",
        "SUBSTANCE_USE",
        "COMMUNICATION_BARRIERS",
        "VICTIM_OF_VIOLENCE",
        "NO_LEGAL_RESIDENCE_STATUS",
    }


def test_scr03_known_indicator_codes_parse_to_a_set() -> None:
    parsed = rules.parse_indicators(["FINANCIAL_PROBLEMS", "SUBSTANCE_USE", "FINANCIAL_PROBLEMS"])

    assert parsed == frozenset({FIN, Indicator.SUBSTANCE_USE})


def test_scr03_unknown_indicator_codes_are_refused_and_all_listed() -> None:
    with pytest.raises(UnknownIndicator) as exc:
        rules.parse_indicators(["FINANCIAL_PROBLEMS", "LOW_EDUCATION", "financial_problems", "LOW_EDUCATION"])

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "SCR_03_UNKNOWN_INDICATOR"
    assert exc.value.extra["unknown"] == ["LOW_EDUCATION", "financial_problems"]
    assert "LOW_EDUCATION" in exc.value.detail and "financial_problems" in exc.value.detail


def test_scr02_topics_list_anxiety_and_depression_separately() -> None:
    assert len(Topic) == 13
    assert rules.parse_topics(["ANXIETY", "DEPRESSION", "MENTAL_WELLBEING"]) == {
        Topic.ANXIETY,
        Topic.DEPRESSION,
        Topic.MENTAL_WELLBEING,
    }


def test_scr02_unknown_topic_codes_are_refused() -> None:
    with pytest.raises(UnknownTopic) as exc:
        rules.parse_topics(["EDUCATION", "HOBBIES"])

    assert exc.value.code == "SCR_02_UNKNOWN_TOPIC"
    assert exc.value.extra["unknown"] == ["HOBBIES"]


# --- SCR-04 / SCR-05 scenario ------------------------------------------------------------------------


def test_scr05_no_indicator_gives_scenario_0() -> None:
    assert rules.scenario_for_indicators(frozenset()) is Scenario.NONE


def test_scr05_one_indicator_gives_scenario_a() -> None:
    assert rules.scenario_for_indicators({HOUSING}) is Scenario.A


def test_scr05_two_indicators_give_scenario_b() -> None:
    assert rules.scenario_for_indicators({HOUSING, FIN}) is Scenario.B


def test_scr05_all_eight_indicators_still_give_scenario_b() -> None:
    assert rules.scenario_for_indicators(set(Indicator)) is Scenario.B


def test_scr05_duplicate_indicators_count_once() -> None:
    assert rules.scenario_for_indicators([HOUSING, HOUSING]) is Scenario.A


def test_scr05_completed_screening_determines_scenario_on_tool_result() -> None:
    result = rules.determination_of(screening("s1", date(2026, 1, 5), FIN, HOUSING))

    assert result == ScenarioDetermination(
        scenario=Scenario.B,
        basis=InclusionBasis.TOOL_RESULT,
        record_id="s1",
        effective_date=date(2026, 1, 5),
        indicators=frozenset({FIN, HOUSING}),
    )
    assert result.is_included and not result.is_exception


@pytest.mark.parametrize("status", [ScreeningStatus.PARTIAL, ScreeningStatus.REFUSED])
def test_scr05_partial_or_refused_screening_determines_no_scenario(status: ScreeningStatus) -> None:
    record = screening("s1", date(2026, 1, 5), status=status)

    assert rules.determination_of(record) is UNDETERMINED
    assert not UNDETERMINED.is_determined


def test_scr05_partial_screening_with_indicators_still_determines_no_scenario() -> None:
    history = [screening("s1", date(2026, 1, 5), FIN, HOUSING, status=ScreeningStatus.PARTIAL)]

    assert rules.determine_current_scenario(history).scenario is None


def test_scr05_refused_screening_cannot_carry_indicators() -> None:
    with pytest.raises(RefusedScreeningWithIndicators) as exc:
        rules.check_screening_record(screening("s1", date(2026, 1, 5), FIN, status=ScreeningStatus.REFUSED))

    assert exc.value.code == "SCR_05_REFUSED_SCREENING_HAS_INDICATORS"


def test_scr05_completed_screening_with_zero_indicators_is_scenario_0_not_included() -> None:
    current = rules.determine_current_scenario([screening("s1", date(2026, 1, 5))])

    assert current.scenario is Scenario.NONE
    assert current.is_determined and not current.is_included


# --- current scenario from history -------------------------------------------------------------------


def test_scr05_empty_history_has_no_current_scenario() -> None:
    assert rules.determine_current_scenario([]) is UNDETERMINED


def test_scr05_latest_completed_screening_by_date_wins() -> None:
    history = [
        screening("late", date(2026, 2, 1), FIN),
        screening("early", date(2026, 1, 5), FIN, HOUSING, recorded_at=T0 + timedelta(days=40)),
    ]

    current = rules.determine_current_scenario(history)

    assert (current.scenario, current.record_id) == (Scenario.A, "late")


def test_scr05_same_date_is_decided_by_recorded_at() -> None:
    history = [
        screening("second", date(2026, 1, 5), FIN, HOUSING, recorded_at=T0 + timedelta(hours=1)),
        screening("first", date(2026, 1, 5), FIN, recorded_at=T0),
    ]

    assert rules.determine_current_scenario(history).record_id == "second"


def test_scr05_later_partial_screening_does_not_override_completed_one() -> None:
    history = [
        screening("done", date(2026, 1, 5), FIN, HOUSING),
        screening("partial", date(2026, 2, 5), status=ScreeningStatus.PARTIAL),
    ]

    assert rules.determine_current_scenario(history).record_id == "done"


def test_scr05_correction_supersedes_the_earlier_record() -> None:
    history = [
        screening("orig", date(2026, 1, 5), FIN, HOUSING),
        screening("fix", date(2026, 1, 5), FIN, recorded_at=T0 + timedelta(days=2), supersedes="orig"),
    ]

    current = rules.determine_current_scenario(history)

    assert (current.scenario, current.record_id) == (Scenario.A, "fix")


def test_scr05_superseded_by_back_link_removes_a_record_from_the_history() -> None:
    history = [
        screening("orig", date(2026, 2, 5), FIN, HOUSING, superseded_by="fix"),
        screening("older", date(2026, 1, 5)),
    ]

    current = rules.determine_current_scenario(history)

    assert (current.scenario, current.record_id) == (Scenario.NONE, "older")


def test_scr05_correction_to_partial_leaves_no_current_scenario() -> None:
    history = [
        screening("orig", date(2026, 1, 5), FIN),
        screening("fix", date(2026, 1, 5), status=ScreeningStatus.PARTIAL, supersedes="orig"),
    ]

    assert rules.determine_current_scenario(history) is UNDETERMINED


def test_scr05_as_of_ignores_records_dated_later() -> None:
    history = [screening("a", date(2026, 1, 5), FIN), screening("b", date(2026, 3, 5), FIN, HOUSING)]

    assert rules.determine_current_scenario(history, as_of=date(2026, 3, 4)).record_id == "a"
    assert rules.determine_current_scenario(history, as_of=date(2026, 3, 5)).record_id == "b"
    assert rules.determine_current_scenario(history, as_of=date(2026, 1, 4)) is UNDETERMINED


def test_scr06_latest_exception_decision_determines_scenario_with_its_basis() -> None:
    history: list[InclusionRecord] = [
        screening("s", date(2026, 1, 5), status=ScreeningStatus.REFUSED),
        decision("d", date(2026, 1, 6), VIOLENCE),
    ]

    current = rules.determine_current_scenario(history)

    assert current.scenario is Scenario.A
    assert current.basis is InclusionBasis.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT
    assert current.record_id == "d" and current.is_exception


def test_scr05_later_completed_screening_overrides_an_exception_decision() -> None:
    history: list[InclusionRecord] = [
        decision("d", date(2026, 1, 6), VIOLENCE),
        screening("s", date(2026, 2, 6)),
    ]

    current = rules.determine_current_scenario(history)

    assert (current.scenario, current.basis) == (Scenario.NONE, InclusionBasis.TOOL_RESULT)


# --- corrections -------------------------------------------------------------------------------------


def test_scr05_correction_of_an_unknown_record_is_not_found() -> None:
    with pytest.raises(SupersededRecordNotFound) as exc:
        rules.check_correction(screening("fix", date(2026, 1, 5), supersedes="nope"), [])

    assert isinstance(exc.value, NotFound)


def test_scr05_record_cannot_supersede_itself() -> None:
    record = screening("fix", date(2026, 1, 5), supersedes="fix")

    with pytest.raises(SupersededRecordNotFound):
        rules.check_correction(record, [record])


def test_scr05_record_can_be_superseded_only_once() -> None:
    history = [screening("orig", date(2026, 1, 5)), screening("fix1", date(2026, 1, 5), supersedes="orig")]

    with pytest.raises(RecordAlreadySuperseded) as exc:
        rules.check_correction(screening("fix2", date(2026, 1, 5), supersedes="orig"), history)

    assert isinstance(exc.value, Conflict)
    assert exc.value.code == "SCR_RECORD_ALREADY_SUPERSEDED"


def test_scr05_record_with_a_back_link_to_another_correction_is_already_superseded() -> None:
    history = [screening("orig", date(2026, 1, 5), superseded_by="fix1")]

    with pytest.raises(RecordAlreadySuperseded):
        rules.check_correction(screening("fix2", date(2026, 1, 5), supersedes="orig"), history)


def test_scr05_back_link_to_the_same_correction_is_not_a_conflict() -> None:
    fix = screening("fix", date(2026, 1, 5), supersedes="orig")
    history = [screening("orig", date(2026, 1, 5), superseded_by="fix"), fix]

    rules.check_correction(fix, history)


def test_scr05_valid_correction_passes() -> None:
    history = [screening("orig", date(2026, 1, 5))]

    rules.check_correction(screening("fix", date(2026, 1, 5), supersedes="orig"), history)
    rules.check_correction(screening("new", date(2026, 1, 5)), history)


# --- unlocked activities -----------------------------------------------------------------------------


def test_scr05_scenario_a_unlocks_only_the_ppa() -> None:
    determination = rules.determination_of(screening("s", date(2026, 1, 5), FIN))

    assert rules.unlocked_activities(determination) == {ProgrammeActivity.PRENATAL_ADVICE_SESSION}


def test_scr05_scenario_b_unlocks_ppa_coordination_and_consultation() -> None:
    determination = rules.determination_of(screening("s", date(2026, 1, 5), FIN, HOUSING))

    assert rules.unlocked_activities(determination) == set(ProgrammeActivity)


def test_fin15_exception_with_one_indicator_still_unlocks_coordination_and_consultation() -> None:
    determination = rules.determination_of(decision("d", date(2026, 1, 5), FIN))

    assert determination.scenario is Scenario.A
    assert rules.unlocked_activities(determination) == set(ProgrammeActivity)


def test_scr05_scenario_0_and_undetermined_unlock_nothing() -> None:
    assert rules.unlocked_activities(rules.determination_of(screening("s", date(2026, 1, 5)))) == set()
    assert rules.unlocked_activities(UNDETERMINED) == set()


def test_q08_an_exception_record_without_indicators_unlocks_nothing() -> None:
    broken = rules.determination_of(decision("d", date(2026, 1, 5)))

    assert broken.is_exception and not broken.is_included
    assert rules.unlocked_activities(broken) == set()


# --- SCR-05 / SCR-06 current-scenario filter of the lists -------------------------------------------


def _current(*records: InclusionRecord) -> ScenarioDetermination:
    return rules.determine_current_scenario(list(records))


@pytest.mark.parametrize(
    ("records", "matching"),
    [
        ((), {ScenarioFilter.UNDETERMINED}),
        ((screening("s1", date(2026, 1, 5), status=ScreeningStatus.PARTIAL),), {ScenarioFilter.UNDETERMINED}),
        ((screening("s1", date(2026, 1, 5)),), {ScenarioFilter.NONE}),
        ((screening("s1", date(2026, 1, 5), FIN),), {ScenarioFilter.A}),
        ((screening("s1", date(2026, 1, 5), FIN, HOUSING),), {ScenarioFilter.B}),
        ((decision("d1", date(2026, 1, 5), FIN),), {ScenarioFilter.A, ScenarioFilter.EXCEPTION}),
        ((decision("d1", date(2026, 1, 5), FIN, VIOLENCE),), {ScenarioFilter.B, ScenarioFilter.EXCEPTION}),
    ],
)
def test_scr05_scr06_each_current_scenario_matches_exactly_its_filter_values(
    records: tuple[InclusionRecord, ...], matching: set[ScenarioFilter]
) -> None:
    determination = _current(*records)

    assert {f for f in ScenarioFilter if rules.matches_scenario_filter(determination, {f})} == matching


def test_scr05_scenario_b_does_not_match_the_filter_for_scenario_a() -> None:
    assert not rules.matches_scenario_filter(
        _current(screening("s1", date(2026, 1, 5), FIN, HOUSING)), {ScenarioFilter.A}
    )


def test_scr05_several_filter_values_are_alternatives_and_none_lets_everything_pass() -> None:
    b = _current(screening("s1", date(2026, 1, 5), FIN, HOUSING))

    assert rules.matches_scenario_filter(b, {ScenarioFilter.A, ScenarioFilter.B})
    assert not rules.matches_scenario_filter(b, {ScenarioFilter.NONE, ScenarioFilter.EXCEPTION})
    assert rules.matches_scenario_filter(b, set()) and rules.matches_scenario_filter(UNDETERMINED, ())


def test_scr05_the_filter_follows_the_current_scenario_after_a_correction() -> None:
    corrected = _current(
        screening("s1", date(2026, 1, 5), FIN, HOUSING),
        screening("s2", date(2026, 1, 5), FIN, supersedes="s1", correction_reason="typo"),
    )

    assert rules.matches_scenario_filter(corrected, {ScenarioFilter.A})
    assert not rules.matches_scenario_filter(corrected, {ScenarioFilter.B})
