import random

import pytest

from reporting.domain.errors import InvalidReportRequest
from reporting.domain.suppression import Cell, Protection, SuppressionReason, protect_cells
from shared.refdata import load_geography
from tests.reporting.unit.oracles import (
    determined_by_linear_algebra,
    pinned_by_bounds,
    recoverable_by_subtraction,
)

pytestmark = pytest.mark.unit

PRIMARY = SuppressionReason.PRIMARY
COMPLEMENTARY = SuppressionReason.COMPLEMENTARY


def one_group(*counts: int, threshold: int = 5) -> Protection:
    return protect_cells(
        [Cell(index, count, ("g",)) for index, count in enumerate(counts)], threshold=threshold
    )


def reasons(protection: Protection, size: int) -> list[SuppressionReason | None]:
    return [protection.cells[index] for index in range(size)]


@pytest.mark.parametrize("threshold", [0, -1, True, 2.5])
def test_dp07_threshold_must_be_a_whole_number_of_at_least_one(threshold: object) -> None:
    with pytest.raises(InvalidReportRequest):
        protect_cells([], threshold=threshold)  # type: ignore[arg-type]


# --- the algorithm on one group --------------------------------------------------------------------


def test_dp07_no_small_cell_means_nothing_is_suppressed() -> None:
    protection = one_group(5, 40, 55)
    assert reasons(protection, 3) == [None, None, None]
    assert protection.totals["g"] == 100
    assert protection.total_suppression["g"] is None


def test_dp07_single_small_cell_forces_complementary_suppression() -> None:
    protection = one_group(60, 3, 55, 40)
    assert reasons(protection, 4) == [None, PRIMARY, None, COMPLEMENTARY]
    assert protection.total_suppression["g"] is None


def test_dp07_complementary_cell_is_the_next_smallest_first_in_table_order_on_ties() -> None:
    protection = one_group(2, 9, 9, 30)
    assert reasons(protection, 4) == [PRIMARY, COMPLEMENTARY, None, None]


def test_dp07_two_small_cells_with_an_uncertain_remainder_need_no_complement() -> None:
    protection = one_group(2, 3, 50)
    assert reasons(protection, 3) == [PRIMARY, PRIMARY, None]


def test_dp07_two_small_cells_pinned_by_their_bounds_get_a_complement() -> None:
    # 4 + 4 = 8 and each "<5" cell is at most 4, so both would be exactly 4.
    protection = one_group(4, 4, 50)
    assert reasons(protection, 3) == [PRIMARY, PRIMARY, COMPLEMENTARY]


def test_dp07_total_is_suppressed_when_no_cell_is_left_to_hide_the_small_one() -> None:
    # 1 + 5 = 6: the "x" cell is at least 5, the "<5" cell at least 1, so both would be exact.
    protection = one_group(1, 5)
    assert reasons(protection, 2) == [PRIMARY, COMPLEMENTARY]
    assert protection.total_suppression["g"] is COMPLEMENTARY


def test_dp07_group_total_below_threshold_is_suppressed_with_its_cells() -> None:
    protection = one_group(1, 2)
    assert reasons(protection, 2) == [PRIMARY, PRIMARY]
    assert protection.total_suppression["g"] is PRIMARY


def test_dp07_a_threshold_of_10_suppresses_counts_up_to_9() -> None:
    protection = one_group(9, 12, 40, threshold=10)
    assert reasons(protection, 3) == [PRIMARY, COMPLEMENTARY, None]


def test_dp07_the_attack_oracle_catches_primary_suppression_alone() -> None:
    cells = [Cell(0, 3, ("g",)), Cell(1, 40, ("g",))]
    naive = Protection(
        threshold=5,
        cells={0: PRIMARY, 1: None},
        totals={"g": 43},
        total_suppression={"g": None},
        total_cells={},
    )
    assert recoverable_by_subtraction(cells, naive) == {0}
    assert determined_by_linear_algebra(cells, naive) == {0}


def test_dp07_the_bounds_oracle_catches_a_pair_pinned_by_the_threshold() -> None:
    naive = Protection(
        threshold=5,
        cells={0: PRIMARY, 1: COMPLEMENTARY},
        totals={"g": 6},
        total_suppression={"g": None},
        total_cells={},
    )
    assert pinned_by_bounds([1, 5], naive, 5) == {0, 1}


@pytest.mark.parametrize("seed", range(300))
def test_dp07_no_suppressed_value_can_be_recovered_from_the_shown_numbers_of_its_group(seed: int) -> None:
    rng = random.Random(seed)
    threshold = rng.choice([3, 5, 10])
    counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 45]) for _ in range(rng.randint(1, 7))]
    cells = [Cell(index, count, ("g",)) for index, count in enumerate(counts)]
    protection = protect_cells(cells, threshold=threshold)
    assert all(protection.is_suppressed(i) for i, count in enumerate(counts) if count < threshold)
    assert recoverable_by_subtraction(cells, protection) == set()
    assert pinned_by_bounds(counts, protection, threshold) == set()


# --- tables with two margins -----------------------------------------------------------------------


def two_margin_table(rows: list[list[int]]) -> list[Cell]:
    return [
        Cell((r, c), count, (("row", r), ("col", c)))
        for r, counts in enumerate(rows)
        for c, count in enumerate(counts)
    ]


def test_dp07_small_cell_in_a_two_margin_table_is_protected_in_its_row_and_column() -> None:
    cells = two_margin_table([[3, 20, 30], [25, 40, 50], [35, 45, 60]])
    protection = protect_cells(cells)
    suppressed = {cell.key for cell in cells if protection.is_suppressed(cell.key)}
    assert (0, 0) in suppressed
    assert len(suppressed) == 4  # the classic 2 x 2 pattern
    assert determined_by_linear_algebra(cells, protection) == set()


@pytest.mark.parametrize("seed", range(150))
def test_dp07_no_cell_of_a_two_margin_table_can_be_recovered_by_chained_subtraction(seed: int) -> None:
    rng = random.Random(seed)
    table = [
        [rng.choice([0, 1, 2, 4, 5, 7, 15, 30]) for _ in range(rng.randint(2, 5))]
        for _ in range(rng.randint(2, 5))
    ]
    width = min(len(row) for row in table)
    cells = two_margin_table([row[:width] for row in table])
    protection = protect_cells(cells)
    assert recoverable_by_subtraction(cells, protection) == set()
    assert determined_by_linear_algebra(cells, protection) == set()


def test_dp07_cell_linking_two_suppression_cycles_is_not_left_determined() -> None:
    # Per-group rules alone leave cell (1, 2) fixed by combining the row and column equations of the
    # two suppression patterns it links; the cross-group audit (step 3) must hide it.
    cells = two_margin_table(
        [
            [2, 1, 50, 60, 70],
            [1, 2, 3, 55, 65],
            [40, 45, 2, 1, 75],
            [80, 85, 1, 2, 90],
        ]
    )
    protection = protect_cells(cells)
    assert determined_by_linear_algebra(cells, protection) == set()
    assert recoverable_by_subtraction(cells, protection) == set()


def test_dp07_a_full_municipality_by_scenario_table_is_protected_quickly_and_safely() -> None:
    geography = load_geography()
    rng = random.Random(7)
    cells = []
    for nis in geography.municipalities:
        parent = geography.zone_by_municipality.get(nis, geography.municipalities[nis].province_nis)
        for scenario in ("0", "A", "B"):
            count = rng.choice([1, 2, 3, 4, 6, 9, 15, 40])
            cells.append(Cell((nis, scenario), count, (("parent", parent, scenario), ("area", nis))))
    protection = protect_cells(cells)
    assert all(protection.is_suppressed(cell.key) for cell in cells if cell.count < 5)
    assert recoverable_by_subtraction(cells, protection) == set()


def test_rep21_a_cell_can_be_the_published_total_of_a_lower_level_group() -> None:
    cells = [
        Cell("municipality-a", 3, ("elz-x",)),
        Cell("municipality-b", 20, ("elz-x",)),
        Cell("elz-x", 23, ("province",), total_of=("elz-x",)),
        Cell("elz-y", 40, ("province",)),
    ]
    protection = protect_cells(cells)
    assert protection.total_cells == {"elz-x": "elz-x"}
    assert [protection.cells[key] for key in ("municipality-a", "municipality-b", "elz-x", "elz-y")] == [
        PRIMARY,
        COMPLEMENTARY,
        None,
        None,
    ]
    assert determined_by_linear_algebra(cells, protection) == set()


def test_dp07_a_small_total_cell_hides_its_group_and_gets_a_complement_among_its_siblings() -> None:
    cells = [
        Cell("municipality-a", 1, ("elz-x",)),
        Cell("municipality-b", 2, ("elz-x",)),
        Cell("elz-x", 3, ("province",), total_of=("elz-x",)),
        Cell("elz-y", 40, ("province",)),
        Cell("elz-z", 50, ("province",)),
    ]
    protection = protect_cells(cells)
    assert protection.cells["elz-x"] is PRIMARY
    assert protection.cells["elz-y"] is COMPLEMENTARY
    assert protection.cells["elz-z"] is None
    assert determined_by_linear_algebra(cells, protection) == set()


@pytest.mark.parametrize(
    "cells",
    [
        [Cell("a", 9, ("g",)), Cell("t1", 9, total_of=("g",)), Cell("t2", 9, total_of=("g",))],
        [Cell("a", 9, ("g",), total_of=("g",))],
        [Cell("a", 9, ("g",)), Cell("a", 9, ("g",))],
        [Cell("a", -1, ("g",))],
    ],
)
def test_malformed_tables_are_refused(cells: list[Cell]) -> None:
    with pytest.raises(InvalidReportRequest):
        protect_cells(cells)
