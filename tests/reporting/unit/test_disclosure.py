import random
from collections.abc import Hashable
from decimal import Decimal

import pytest

from reporting.domain import aggregation, indicators
from reporting.domain.dimensions import PeriodGrain, RegionLevel
from reporting.domain.disclosure import (
    ProtectedReport,
    default_groups,
    groups_by_parent_area,
    protect_rows,
    render_count,
    small_cell_label,
)
from reporting.domain.model import FactKind, Measure, Row
from reporting.domain.suppression import SuppressionReason
from shared.refdata import load_geography
from tests.reporting.unit.builders import AARTSELAAR, ANTWERPEN, BOECHOUT, many
from tests.reporting.unit.oracles import equations_determined, equations_recoverable

pytestmark = pytest.mark.unit

PRIMARY = SuppressionReason.PRIMARY
COMPLEMENTARY = SuppressionReason.COMPLEMENTARY


@pytest.mark.parametrize(
    ("count", "threshold", "shown"),
    [(0, 5, "<5"), (4, 5, "<5"), (5, 5, "5"), (9, 10, "<10"), (10, 10, "10"), (1, 1, "1"), (0, 1, "<1")],
)
def test_dp07_count_below_threshold_is_rendered_with_the_threshold(
    count: int, threshold: int, shown: str
) -> None:
    assert render_count(count, threshold=threshold) == shown


def test_dp07_small_cell_label_shows_the_threshold() -> None:
    assert small_cell_label() == "<5"
    assert small_cell_label(10) == "<10"


def test_dp07_complementary_cell_is_rendered_as_x_not_as_a_small_count() -> None:
    assert render_count(40, reason=COMPLEMENTARY) == "x"


# --- rows: indicators end to end --------------------------------------------------------------------


def count_row(region: str, count: int, parent: str = "10000", **extra: object) -> Row:
    values: dict[str, object] = {
        "indicator": "REP-04.coordination_trajectories_started",
        "programme": "PERINATAL",
        "period": "2026",
        "level": RegionLevel.ELZ,
        "region_code": region,
        "region_name": region.upper(),
        "parent_code": parent,
        "measure": Measure.COUNT,
        "value": count,
        "count": count,
    }
    values.update(extra)
    return Row(**values)  # type: ignore[arg-type]


def test_dp07_protect_rows_renders_small_and_complementary_cells_and_shows_the_total() -> None:
    report = protect_rows([count_row("elz1", 3), count_row("elz2", 12), count_row("elz3", 40)])
    assert [(row.region_code, row.value, row.suppressed) for row in report.rows] == [
        ("elz1", "<5", PRIMARY),
        ("elz2", "x", COMPLEMENTARY),
        ("elz3", "40", None),
    ]
    assert [(total.value, total.suppressed) for total in report.totals] == [("55", None)]


def test_dp07_configured_threshold_appears_in_the_rendered_label() -> None:
    report = protect_rows([count_row("elz1", 7), count_row("elz2", 12), count_row("elz3", 40)], threshold=10)
    assert [row.value for row in report.rows] == ["<10", "x", "40"]


def test_rep21_rows_are_grouped_with_their_siblings_under_the_same_parent() -> None:
    report = protect_rows([count_row("elz1", 3, parent="10000"), count_row("elz9", 50, parent="20001")])
    # Each province has one zone: the small one equals its province total, which is hidden with it.
    assert [row.value for row in report.rows] == ["<5", "50"]
    assert sorted(total.value for total in report.totals) == ["50", "<5"]


def test_dp07_rows_with_dimensions_are_protected_across_areas_and_within_each_area() -> None:
    row = count_row("elz1", 3, dimensions=(("scenario", "A"),))
    assert len(default_groups(row)) == 2
    assert len(groups_by_parent_area(row)) == 1


def test_dp07_amounts_backed_by_few_payments_are_suppressed_and_totals_stay_exact() -> None:
    rows = [
        count_row("elz1", 2, measure=Measure.AMOUNT, value=Decimal("45.10")),
        count_row("elz2", 9, measure=Measure.AMOUNT, value=Decimal("202.95")),
        count_row("elz3", 20, measure=Measure.AMOUNT, value=Decimal("451.00")),
    ]
    report = protect_rows(rows)
    assert [(row.value, row.suppressed) for row in report.rows] == [
        ("x", PRIMARY),
        ("x", COMPLEMENTARY),
        ("451.00", None),
    ]
    assert [total.value for total in report.totals] == ["699.05"]


def test_dp07_ratio_is_suppressed_when_its_numerator_or_denominator_is_suppressed() -> None:
    def ratio_row(region: str, numerator: int, denominator: int) -> Row:
        return count_row(
            region,
            numerator,
            indicator="REP-02.screenings_per_pregnancy",
            measure=Measure.RATIO,
            value=aggregation.ratio(numerator, denominator),
            denominator=denominator,
        )

    report = protect_rows([ratio_row("elz1", 3, 20), ratio_row("elz2", 30, 40), ratio_row("elz3", 50, 60)])
    assert [(row.numerator, row.denominator, row.value, row.suppressed) for row in report.rows] == [
        ("<5", "20", "x", PRIMARY),
        ("x", "40", "x", COMPLEMENTARY),
        ("50", "60", "0.8333", None),
    ]


def test_rep02_screenings_relative_to_pregnancies_per_elz_are_published_without_small_cells() -> None:
    geography = load_geography()
    facts = [
        *many(20, kind=FactKind.PREGNANCY_REGISTERED, residence_nis=ANTWERPEN, prefix="antw"),
        *many(16, residence_nis=ANTWERPEN, prefix="antw"),
        *many(10, kind=FactKind.PREGNANCY_REGISTERED, residence_nis=BOECHOUT, prefix="boe"),
        *many(2, residence_nis=BOECHOUT, prefix="boe"),
        *many(12, kind=FactKind.PREGNANCY_REGISTERED, residence_nis=AARTSELAAR, prefix="aar"),
        *many(9, residence_nis=AARTSELAAR, prefix="aar"),
    ]
    rows = indicators.screenings_relative_to_pregnancies(
        facts, geography=geography, grain=PeriodGrain.QUARTER, level=RegionLevel.ELZ
    )
    report = protect_rows(rows)
    assert [(row.region_name, row.numerator, row.denominator, row.value) for row in report.rows] == [
        ("Antwerpen en rand", "16", "20", "0.8000"),
        ("RupeLaar", "x", "12", "x"),
        ("ZORA", "<5", "10", "x"),
    ]
    assert all(row.value == "x" for row in report.rows if row.suppressed is not None)


def hierarchy_equations(
    report: ProtectedReport,
) -> tuple[set[Hashable], list[tuple[Hashable, list[Hashable]]]]:
    """What a reader of the published rows knows: shown figures, and parent row = sum of its child rows."""
    rows = {(row.level, row.region_code): row for row in report.rows}
    knowns: set[Hashable] = {key for key, row in rows.items() if row.value.isdigit()}
    child_level = {
        RegionLevel.ELZ: RegionLevel.MUNICIPALITY,
        RegionLevel.PROVINCE: RegionLevel.ELZ,
        RegionLevel.REGION: RegionLevel.PROVINCE,
    }
    equations: list[tuple[Hashable, list[Hashable]]] = []
    for level, code in rows:
        if level in child_level:
            children: list[Hashable] = [
                key
                for key, child in rows.items()
                if key[0] == child_level[level] and child.parent_code == code
            ]
            if children:
                equations.append(((level, code), children))
    for total in report.totals:
        level, parent = RegionLevel(total.group[4]), total.group[5]
        members: list[Hashable] = [
            key for key, row in rows.items() if key[0] == level and row.parent_code == parent
        ]
        knowns.update({("total", total.group)} if total.value.isdigit() else set())
        equations.append((("total", total.group), members))
    return knowns, equations


@pytest.mark.parametrize("seed", range(25))
def test_rep21_municipality_elz_province_and_region_rows_cannot_be_subtracted_from_each_other(
    seed: int,
) -> None:
    geography = load_geography()
    rng = random.Random(seed)
    antwerp_province = sorted(nis for nis, m in geography.municipalities.items() if m.province_nis == "10000")
    chosen = rng.sample(antwerp_province, 12)
    facts = [
        fact
        for nis in chosen
        for fact in many(
            rng.choice([1, 2, 3, 4, 6, 9, 14]),
            kind=FactKind.COORDINATION_STARTED,
            residence_nis=nis,
            prefix=nis,
        )
    ]
    rows = [
        row
        for level in (RegionLevel.MUNICIPALITY, RegionLevel.ELZ, RegionLevel.PROVINCE, RegionLevel.REGION)
        for row in indicators.coordination_trajectories_started(
            facts, geography=geography, grain=PeriodGrain.YEAR, level=level
        )
    ]
    report = protect_rows(rows)
    knowns, equations = hierarchy_equations(report)
    true_counts = {(row.level, row.region_code): row.count for row in rows}
    for row in report.rows:
        assert row.value == str(true_counts[(row.level, row.region_code)]) or row.value in {"<5", "x"}
        assert row.suppressed is not None or true_counts[(row.level, row.region_code)] >= 5
    assert equations_recoverable(knowns, equations) == set()
    assert equations_determined(knowns, equations) == set()


def test_rep21_parent_row_is_the_total_of_its_children_so_no_separate_total_is_published() -> None:
    rows = [
        count_row("11001", 3, parent="elz43", level=RegionLevel.MUNICIPALITY),
        count_row("11005", 20, parent="elz43", level=RegionLevel.MUNICIPALITY),
        count_row("11018", 30, parent="elz43", level=RegionLevel.MUNICIPALITY),
        count_row("elz43", 53, parent="10000"),
    ]
    report = protect_rows(rows)
    assert [row.value for row in report.rows] == ["<5", "x", "30", "53"]
    assert [total.group[5] for total in report.totals] == ["10000"]  # only the ELZ siblings' total


def test_rep21_small_elz_hides_its_municipalities_and_gets_a_complement_among_sibling_zones() -> None:
    rows = [
        count_row("11001", 1, parent="elz43", level=RegionLevel.MUNICIPALITY),
        count_row("11005", 2, parent="elz43", level=RegionLevel.MUNICIPALITY),
        count_row("elz43", 3, parent="10000"),
        count_row("elz55", 12, parent="10000"),
        count_row("elz2", 80, parent="10000"),
        count_row("10000", 95, parent="FLANDERS", level=RegionLevel.PROVINCE),
    ]
    report = protect_rows(rows)
    assert [(row.region_code, row.value) for row in report.rows] == [
        ("11001", "<5"),
        ("11005", "<5"),
        ("elz43", "<5"),
        ("elz55", "x"),
        ("elz2", "80"),
        ("10000", "95"),
    ]
