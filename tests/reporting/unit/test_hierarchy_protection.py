import random
from collections.abc import Hashable
from datetime import date

import pytest

from reporting.domain import indicators, monitoring
from reporting.domain.dimensions import PeriodGrain, RegionLevel, parent_period
from reporting.domain.disclosure import ProtectedReport, default_groups, hierarchical_groups, protect_rows
from reporting.domain.errors import InvalidFact, InvalidReportRequest
from reporting.domain.model import FactKind
from reporting.domain.suppression import Cell, protect_cells
from shared.refdata import load_geography
from tests.reporting.unit.builders import make_fact, many
from tests.reporting.unit.oracles import determined_by_linear_algebra, equations_determined

pytestmark = pytest.mark.unit

LEVELS = (RegionLevel.MUNICIPALITY, RegionLevel.ELZ, RegionLevel.PROVINCE, RegionLevel.REGION)
CHILD_LEVEL = {
    RegionLevel.ELZ: RegionLevel.MUNICIPALITY,
    RegionLevel.PROVINCE: RegionLevel.ELZ,
    RegionLevel.REGION: RegionLevel.PROVINCE,
}


def reader_equations(
    report: ProtectedReport, *, periods: bool = False
) -> tuple[set[Hashable], list[tuple[Hashable, list[Hashable]]]]:
    """What a reader of every published row knows: shown figures, parents (and parent periods) = sums."""
    rows = {(row.period, row.level, row.region_code): row for row in report.rows}
    knowns: set[Hashable] = {key for key, row in rows.items() if row.value.isdigit()}
    equations: list[tuple[Hashable, list[Hashable]]] = []
    for period, level, code in rows:
        if level in CHILD_LEVEL:
            children: list[Hashable] = [
                key
                for key, child in rows.items()
                if key[0] == period and key[1] == CHILD_LEVEL[level] and child.parent_code == code
            ]
            if children:
                equations.append(((period, level, code), children))
        if periods:
            parts: list[Hashable] = [
                key for key in rows if key[1:] == (level, code) and parent_period(key[0]) == period
            ]
            if parts:
                equations.append(((period, level, code), parts))
    return knowns, equations


def test_dp07_a_parent_hidden_to_protect_a_sibling_is_not_given_away_by_its_only_child() -> None:
    # Province p30 is hidden to protect the small p20; its one ELZ (and that ELZ's one municipality) would
    # otherwise show p30's figure. The audit must go on past the small cell at the bottom of its branch.
    cells = [
        Cell("m-antwerpen", 6, ("elz-a",)),
        Cell("m-brugge", 5, ("elz-b",)),
        Cell("m-vilvoorde", 2, ("elz-v",)),
        Cell("elz-a", 6, ("p10",), total_of=("elz-a",)),
        Cell("elz-b", 5, ("p30",), total_of=("elz-b",)),
        Cell("elz-v", 2, ("p20",), total_of=("elz-v",)),
        Cell("p10", 6, ("flanders",), total_of=("p10",)),
        Cell("p30", 5, ("flanders",), total_of=("p30",)),
        Cell("p20", 2, ("flanders",), total_of=("p20",)),
        Cell("flanders", 13, total_of=("flanders",)),
    ]
    protection = protect_cells(cells)
    assert determined_by_linear_algebra(cells, protection) == set()
    hidden = {key for key, reason in protection.cells.items() if reason is not None}
    assert hidden == {"m-vilvoorde", "elz-v", "p20", "p30", "elz-b", "m-brugge"}


@pytest.mark.parametrize("seed", range(40))
def test_rep21_no_hidden_figure_of_a_four_level_flemish_table_can_be_derived(seed: int) -> None:
    geography = load_geography()
    rng = random.Random(seed)
    flemish = sorted(nis for nis, m in geography.municipalities.items() if m.region.value == "FLANDERS")
    facts = [
        fact
        for nis in rng.sample(flemish, rng.randint(4, 25))
        for fact in many(
            rng.choice([1, 2, 3, 4, 5, 6, 9, 14, 30]),
            kind=FactKind.COORDINATION_STARTED,
            residence_nis=nis,
            prefix=nis,
        )
    ]
    rows = [
        row
        for level in LEVELS
        for row in indicators.coordination_trajectories_started(
            facts, geography=geography, grain=PeriodGrain.YEAR, level=level
        )
    ]
    report = protect_rows(rows, groups=default_groups)
    assert not any(row.value.isdigit() and int(row.value) < 5 for row in report.rows)
    knowns, equations = reader_equations(report)
    assert equations_determined(knowns, equations) == set()


@pytest.mark.parametrize("seed", range(6))
def test_dp07_no_hidden_month_can_be_derived_from_its_quarter_or_year(seed: int) -> None:
    geography = load_geography()
    rng = random.Random(1000 + seed)
    municipalities = ["11002", "11040"]
    facts = [
        fact
        for nis in municipalities
        for month in rng.sample(range(1, 7), rng.randint(2, 4))
        for fact in many(
            rng.choice([1, 2, 3, 6, 9]),
            kind=FactKind.PRENATAL_ADVICE_SESSION_HELD,
            residence_nis=nis,
            occurred_on=date(2026, month, 5),
            prefix=f"m{month}n{nis}",
        )
    ]
    rows = [
        row
        for grain in (PeriodGrain.MONTH, PeriodGrain.QUARTER, PeriodGrain.YEAR)
        for level in LEVELS
        for row in indicators.prenatal_advice_sessions(facts, geography=geography, grain=grain, level=level)
    ]
    report = protect_rows(rows, groups=hierarchical_groups)
    knowns, equations = reader_equations(report, periods=True)
    assert equations_determined(knowns, equations) == set()


def test_period_labels_nest_month_in_quarter_in_year() -> None:
    assert parent_period("2026-03") == "2026-Q1"
    assert parent_period("2026-10") == "2026-Q4"
    assert parent_period("2026-Q2") == "2026"
    assert parent_period("2026") is None
    with pytest.raises(InvalidReportRequest):
        parent_period("2026-13")


def test_q05_a_fact_whose_event_has_no_residence_counts_in_the_unknown_area() -> None:
    fact = make_fact(residence_nis=None, kind=FactKind.COORDINATION_STARTED)
    rows = indicators.coordination_trajectories_started(
        [fact], geography=load_geography(), grain=PeriodGrain.YEAR, level=RegionLevel.ELZ
    )
    assert [(row.region_code, row.value) for row in rows] == [("UNKNOWN", 1)]


def test_ct33_careteams_verdict_on_a_late_intake_wins_over_a_day_count() -> None:
    geography = load_geography()
    facts = [
        make_fact(kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED, attributes={"intake_late": "true"}),
        make_fact(kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED, attributes={"intake_late": "false"}),
        make_fact(
            kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED,
            attributes={"intake_late": "false", "working_days_to_intake": "12"},
        ),
        make_fact(kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED, attributes={"working_days_to_intake": "9"}),
    ]
    rows = monitoring.case_management_intake_timeliness(
        facts, geography=geography, grain=PeriodGrain.YEAR, level=RegionLevel.REGION
    )
    assert {row.dimensions: row.value for row in rows} == {
        (("timeliness", "LATE"),): 2,
        (("timeliness", "ON_TIME"),): 2,
    }


@pytest.mark.parametrize("attributes", [{}, {"intake_late": "maybe"}])
def test_ct33_an_intake_needs_a_verdict_or_a_day_count(attributes: dict[str, str]) -> None:
    with pytest.raises(InvalidFact):
        make_fact(kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED, attributes=attributes)
