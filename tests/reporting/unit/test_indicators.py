from datetime import date
from decimal import Decimal

import pytest

from reporting.domain import indicators, monitoring
from reporting.domain.dimensions import Attribution, PeriodGrain, RegionLevel
from reporting.domain.errors import InvalidReportRequest
from reporting.domain.model import Fact, FactKind, Measure, Row, Scenario
from shared.refdata import Geography, load_geography
from tests.reporting.unit.builders import (
    AARTSELAAR,
    ANTWERPEN,
    BOECHOUT,
    BORSBEEK_2024,
    BRUSSEL,
    LIEGE,
    SCHOTEN,
    VILVOORDE,
    ZEMST,
    make_fact,
    many,
)

pytestmark = pytest.mark.unit

MARCH = date(2026, 3, 10)
APRIL = date(2026, 4, 2)


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


def by_region(rows: list[Row]) -> dict[tuple[str, str], int | Decimal | None]:
    return {(row.period, row.region_code): row.value for row in rows}


def by_dimensions(rows: list[Row]) -> dict[tuple[str, tuple[tuple[str, str], ...]], int | Decimal | None]:
    return {(row.region_code, row.dimensions): row.value for row in rows}


def test_rep01_active_users_are_distinct_professionals_with_a_registration_in_the_period(
    geography: Geography,
) -> None:
    facts = [
        *many(3, professional_id="pro-1", occurred_on=MARCH),
        make_fact(kind=FactKind.PRENATAL_ADVICE_SESSION_HELD, professional_id="pro-2", occurred_on=MARCH),
        make_fact(professional_id="pro-1", occurred_on=APRIL),
        make_fact(
            kind=FactKind.CLAIM_PAID,
            professional_id="pro-3",
            occurred_on=MARCH,
            amount=Decimal("22.55"),
            attributes={"payer": "FEDERAL", "act": "SCREENING"},
        ),
        make_fact(professional_id=None, occurred_on=MARCH),
    ]
    rows = indicators.active_users(facts, geography=geography, grain=PeriodGrain.MONTH, level=RegionLevel.ELZ)
    assert by_region(rows) == {("2026-03", "elz2"): 2, ("2026-04", "elz2"): 1}
    assert rows[0].indicator == "REP-01.active_users"


def test_q22_the_kinds_that_count_as_a_registration_are_configurable(geography: Geography) -> None:
    facts = [
        make_fact(professional_id="pro-1"),
        make_fact(kind=FactKind.PRENATAL_ADVICE_SESSION_HELD, professional_id="pro-2"),
    ]
    rows = indicators.active_users(
        facts,
        geography=geography,
        grain=PeriodGrain.YEAR,
        level=RegionLevel.REGION,
        registration_kinds=frozenset({FactKind.SCREENING_COMPLETED}),
    )
    assert by_region(rows) == {("2026", "FLANDERS"): 1}


def test_rep02_screenings_relative_to_pregnancies_per_elz(geography: Geography) -> None:
    pregnancies = [
        *many(6, kind=FactKind.PREGNANCY_REGISTERED, residence_nis=ANTWERPEN, prefix="antw"),
        *many(2, kind=FactKind.PREGNANCY_REGISTERED, residence_nis=SCHOTEN, prefix="scho"),
        *many(4, kind=FactKind.PREGNANCY_REGISTERED, residence_nis=BOECHOUT, prefix="boe"),
    ]
    screenings = [
        *many(5, residence_nis=ANTWERPEN, prefix="antw"),
        make_fact(subject_pseudonym="antw-0000", residence_nis=ANTWERPEN),  # screened twice: one pregnancy
        make_fact(subject_pseudonym="scho-0000", residence_nis=SCHOTEN),
        make_fact(subject_pseudonym="boe-0000", residence_nis=BOECHOUT),
    ]
    rows = indicators.screenings_relative_to_pregnancies(
        pregnancies + screenings, geography=geography, grain=PeriodGrain.QUARTER, level=RegionLevel.ELZ
    )
    assert [(row.region_name, row.count, row.denominator, row.value) for row in rows] == [
        ("Antwerpen en rand", 6, 8, Decimal("0.7500")),
        ("ZORA", 1, 4, Decimal("0.2500")),
    ]
    assert {row.measure for row in rows} == {Measure.RATIO}
    assert {row.period for row in rows} == {"2026-Q1"}


def test_rep02_is_a_period_ratio_with_no_value_when_no_pregnancy_was_registered_in_the_period(
    geography: Geography,
) -> None:
    facts = [
        make_fact(kind=FactKind.PREGNANCY_REGISTERED, occurred_on=date(2026, 2, 20)),
        make_fact(occurred_on=MARCH),
    ]
    rows = indicators.screenings_relative_to_pregnancies(
        facts, geography=geography, grain=PeriodGrain.MONTH, level=RegionLevel.REGION
    )
    assert [(row.period, row.count, row.denominator, row.value) for row in rows] == [
        ("2026-02", 0, 1, Decimal("0.0000")),
        ("2026-03", 1, 0, None),
    ]


def test_rep02_retired_nis_code_counts_in_the_successor_zone(geography: Geography) -> None:
    facts = [
        make_fact(kind=FactKind.PREGNANCY_REGISTERED, residence_nis=BORSBEEK_2024),
        make_fact(residence_nis=BORSBEEK_2024),
    ]
    rows = indicators.screenings_relative_to_pregnancies(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.MUNICIPALITY
    )
    assert [(row.region_code, row.region_name, row.value) for row in rows] == [
        (ANTWERPEN, "Antwerpen", Decimal("1.0000"))
    ]


def test_rep03_prenatal_advice_sessions_are_counted_per_province(geography: Geography) -> None:
    facts = [
        *many(3, kind=FactKind.PRENATAL_ADVICE_SESSION_HELD, residence_nis=AARTSELAAR),
        *many(2, kind=FactKind.PRENATAL_ADVICE_SESSION_HELD, residence_nis=VILVOORDE),
        make_fact(
            kind=FactKind.PRENATAL_ADVICE_SESSION_HELD, residence_nis=VILVOORDE
        ),  # a third PPA still counts
    ]
    rows = indicators.prenatal_advice_sessions(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.PROVINCE
    )
    assert by_region(rows) == {("2026", "10000"): 3, ("2026", "20001"): 3}


def test_rep04_coordination_trajectories_started_per_care_council(geography: Geography) -> None:
    facts = many(4, kind=FactKind.COORDINATION_STARTED, residence_nis=ZEMST)
    rows = indicators.coordination_trajectories_started(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.CARE_COUNCIL
    )
    assert [(row.level, row.region_code, row.region_name, row.value) for row in rows] == [
        (RegionLevel.CARE_COUNCIL, "elz42", "BraViO", 4)
    ]


def test_rep05_perinatal_consultations_are_counted_per_region(geography: Geography) -> None:
    facts = [
        *many(2, kind=FactKind.PERINATAL_CONSULTATION_HELD, residence_nis=BRUSSEL),
        make_fact(kind=FactKind.PERINATAL_CONSULTATION_HELD, residence_nis=LIEGE),
        make_fact(kind=FactKind.PERINATAL_CONSULTATION_PARTICIPATION, residence_nis=LIEGE),
    ]
    rows = indicators.perinatal_consultations(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert by_region(rows) == {("2026", "BRUSSELS"): 2, ("2026", "WALLONIA"): 1}


def test_rep08_q05_figures_follow_residence_by_default_and_performer_on_request(geography: Geography) -> None:
    facts = [
        make_fact(kind=FactKind.PERINATAL_CONSULTATION_HELD, residence_nis=BOECHOUT, performer_nis=ANTWERPEN),
        make_fact(kind=FactKind.PERINATAL_CONSULTATION_HELD, residence_nis=BOECHOUT, performer_nis=None),
    ]
    by_residence = indicators.perinatal_consultations(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.ELZ
    )
    by_performer = indicators.perinatal_consultations(
        facts,
        geography=geography,
        grain=PeriodGrain.YEAR,
        level=RegionLevel.ELZ,
        attribution=Attribution.PERFORMER,
    )
    assert by_region(by_residence) == {("2026", "elz55"): 2}
    assert by_region(by_performer) == {("2026", "elz2"): 1, ("2026", "UNKNOWN"): 1}


def test_rep20_walloon_facts_at_elz_level_go_to_the_no_elz_bucket(geography: Geography) -> None:
    facts = many(2, kind=FactKind.COORDINATION_STARTED, residence_nis=LIEGE)
    rows = indicators.coordination_trajectories_started(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.ELZ
    )
    assert by_region(rows) == {("2026", "NO_ELZ"): 2}


def test_ctx01_programme_is_a_dimension_of_every_row(geography: Geography) -> None:
    facts = [
        make_fact(kind=FactKind.COORDINATION_STARTED),
        make_fact(kind=FactKind.COORDINATION_STARTED, programme="VULNERABLE_PERSONS"),
    ]
    rows = indicators.coordination_trajectories_started(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert [(row.programme, row.value) for row in rows] == [("PERINATAL", 1), ("VULNERABLE_PERSONS", 1)]


def test_scr07_share_of_screenings_before_week_14(geography: Geography) -> None:
    weeks = ["10", "13", "14", "20"]
    facts = [
        make_fact(subject_pseudonym=f"p-{week}", attributes={"gestational_week": week}) for week in weeks
    ]
    facts.append(make_fact(subject_pseudonym="p-postnatal"))  # no gestational week: after birth
    rows = monitoring.share_screened_before_week(
        facts, geography=geography, grain=PeriodGrain.QUARTER, level=RegionLevel.ELZ
    )
    assert [(row.count, row.denominator, row.value) for row in rows] == [(2, 5, Decimal("0.4000"))]


def test_q06_week_limit_of_the_early_screening_share_is_configurable(geography: Geography) -> None:
    facts = [make_fact(attributes={"gestational_week": "15"})]
    rows = monitoring.share_screened_before_week(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION, week=16
    )
    assert rows[0].value == Decimal("1.0000")
    with pytest.raises(InvalidReportRequest):
        monitoring.share_screened_before_week(
            facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION, week=0
        )


def inclusion(scenario: Scenario, basis: str = "TOOL_RESULT", **attributes: str) -> Fact:
    return make_fact(
        kind=FactKind.INCLUSION_DETERMINED,
        scenario=scenario,
        attributes={"inclusion_basis": basis, **attributes},
    )


def test_scr05_scenario_mix_counts_inclusions_per_scenario(geography: Geography) -> None:
    facts = [inclusion(Scenario.NONE), inclusion(Scenario.NONE), inclusion(Scenario.A), inclusion(Scenario.B)]
    rows = monitoring.scenario_mix(facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.ELZ)
    assert by_dimensions(rows) == {
        ("elz2", (("scenario", "0"),)): 2,
        ("elz2", (("scenario", "A"),)): 1,
        ("elz2", (("scenario", "B"),)): 1,
    }


def test_scr06_exception_path_inclusions_are_counted_per_reason(geography: Geography) -> None:
    exception = "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"
    facts = [
        inclusion(Scenario.B, exception, reason="REFUSAL"),
        inclusion(Scenario.A, exception, reason="REFUSAL"),
        inclusion(Scenario.B, exception),
        inclusion(Scenario.B),
    ]
    rows = monitoring.exception_path_inclusions(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.ELZ
    )
    assert by_dimensions(rows) == {
        ("elz2", (("reason", "REFUSAL"),)): 2,
        ("elz2", (("reason", "UNSPECIFIED"),)): 1,
    }


def test_ct31_case_management_requests_per_request_type(geography: Geography) -> None:
    facts = [
        *many(2, kind=FactKind.CASE_MANAGEMENT_REQUESTED, attributes={"request_type": "JUMP_START"}),
        make_fact(kind=FactKind.CASE_MANAGEMENT_REQUESTED, attributes={"request_type": "PROCESS_SUPPORT"}),
    ]
    rows = monitoring.case_management_requests(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert by_dimensions(rows) == {
        ("FLANDERS", (("request_type", "JUMP_START"),)): 2,
        ("FLANDERS", (("request_type", "PROCESS_SUPPORT"),)): 1,
    }


def test_ct33_intake_after_more_than_7_working_days_is_late(geography: Geography) -> None:
    facts = [
        make_fact(kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED, attributes={"working_days_to_intake": days})
        for days in ("3", "7", "8", "12")
    ]
    rows = monitoring.case_management_intake_timeliness(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert by_dimensions(rows) == {
        ("FLANDERS", (("timeliness", "LATE"),)): 2,
        ("FLANDERS", (("timeliness", "ON_TIME"),)): 2,
    }


def test_rep11_who_screens_by_profession_and_funding_type(geography: Geography) -> None:
    facts = [
        *many(2, profession="MIDWIFE", funding_type="FEDERAL"),
        make_fact(profession="GENERAL_PRACTITIONER", funding_type="FEDERAL"),
        make_fact(profession="SOCIAL_WORKER", funding_type="FLEMISH"),
        make_fact(profession=None, funding_type=None),
        make_fact(kind=FactKind.COORDINATION_STARTED, profession="MIDWIFE"),
    ]
    rows = monitoring.performers_by_profession(
        facts,
        activity=FactKind.SCREENING_COMPLETED,
        geography=geography,
        grain=PeriodGrain.YEAR,
        level=RegionLevel.REGION,
    )
    assert {row.indicator for row in rows} == {"REP-11.performers_by_profession.SCREENING_COMPLETED"}
    assert by_dimensions(rows) == {
        ("FLANDERS", (("profession", "GENERAL_PRACTITIONER"), ("funding_type", "FEDERAL"))): 1,
        ("FLANDERS", (("profession", "MIDWIFE"), ("funding_type", "FEDERAL"))): 2,
        ("FLANDERS", (("profession", "SOCIAL_WORKER"), ("funding_type", "FLEMISH"))): 1,
        ("FLANDERS", (("profession", "UNSPECIFIED"), ("funding_type", "UNSPECIFIED"))): 1,
    }


def test_rep11_who_joins_consultations_counts_participations(geography: Geography) -> None:
    facts = [
        make_fact(
            kind=FactKind.PERINATAL_CONSULTATION_PARTICIPATION, profession="MIDWIFE", professional_id="a"
        ),
        make_fact(
            kind=FactKind.PERINATAL_CONSULTATION_PARTICIPATION, profession="CAW_WORKER", professional_id="b"
        ),
    ]
    rows = monitoring.performers_by_profession(
        facts,
        activity=FactKind.PERINATAL_CONSULTATION_PARTICIPATION,
        geography=geography,
        grain=PeriodGrain.YEAR,
        level=RegionLevel.REGION,
    )
    assert sorted(dict(row.dimensions)["profession"] for row in rows) == ["CAW_WORKER", "MIDWIFE"]


def test_rep11_only_screening_coordination_and_consultation_are_performer_activities(
    geography: Geography,
) -> None:
    with pytest.raises(InvalidReportRequest):
        monitoring.performers_by_profession(
            [],
            activity=FactKind.CLAIM_PAID,
            geography=geography,
            grain=PeriodGrain.YEAR,
            level=RegionLevel.REGION,
        )


def paid(amount: str, payer: str, act: str) -> Fact:
    return make_fact(
        kind=FactKind.CLAIM_PAID, amount=Decimal(amount), attributes={"payer": payer, "act": act}
    )


def test_fin30_amounts_paid_are_exact_decimal_sums_per_payer_and_act(geography: Geography) -> None:
    facts = [
        paid("22.55", "FEDERAL", "SCREENING"),
        paid("22.55", "FEDERAL", "SCREENING"),
        paid("22.55", "FEDERAL", "SCREENING"),
        paid("48.78", "FEDERAL", "PPA"),
        paid("720.00", "FLEMISH", "COORDINATION"),
    ]
    rows = monitoring.amounts_paid(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert {(row.dimensions, row.value, row.count) for row in rows} == {
        ((("payer", "FEDERAL"), ("act", "PPA")), Decimal("48.78"), 1),
        ((("payer", "FEDERAL"), ("act", "SCREENING")), Decimal("67.65"), 3),
        ((("payer", "FLEMISH"), ("act", "COORDINATION")), Decimal("720.00"), 1),
    }
    assert {row.measure for row in rows} == {Measure.AMOUNT}


def test_df_double_funding_findings_are_counted_per_rule(geography: Geography) -> None:
    facts = [
        make_fact(kind=FactKind.DOUBLE_FUNDING_FOUND, attributes={"rule": "DF-1"}),
        make_fact(kind=FactKind.DOUBLE_FUNDING_FOUND, attributes={"rule": "DF-1"}),
        make_fact(kind=FactKind.DOUBLE_FUNDING_FOUND, attributes={"rule": "DF-7"}),
    ]
    rows = monitoring.double_funding_findings(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert by_dimensions(rows) == {
        ("FLANDERS", (("rule", "DF-1"),)): 2,
        ("FLANDERS", (("rule", "DF-7"),)): 1,
    }


def test_rows_are_sorted_by_programme_period_and_region(geography: Geography) -> None:
    facts = [
        make_fact(kind=FactKind.COORDINATION_STARTED, residence_nis=VILVOORDE, occurred_on=APRIL),
        make_fact(kind=FactKind.COORDINATION_STARTED, residence_nis=AARTSELAAR, occurred_on=APRIL),
        make_fact(kind=FactKind.COORDINATION_STARTED, residence_nis=VILVOORDE, occurred_on=MARCH),
    ]
    rows = indicators.coordination_trajectories_started(
        facts, geography=geography, grain=PeriodGrain.MONTH, level=RegionLevel.MUNICIPALITY
    )
    assert [(row.period, row.region_code) for row in rows] == [
        ("2026-03", VILVOORDE),
        ("2026-04", AARTSELAAR),
        ("2026-04", VILVOORDE),
    ]
