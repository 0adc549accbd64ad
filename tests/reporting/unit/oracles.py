"""Attack oracles for small-cell protection tests, written independently of the implementation."""

from collections.abc import Hashable, Sequence
from fractions import Fraction

from reporting.domain.suppression import Cell, Protection, SuppressionReason

PRIMARY = SuppressionReason.PRIMARY


def equations_recoverable(
    knowns: set[Hashable], equations: Sequence[tuple[Hashable, Sequence[Hashable]]]
) -> set[Hashable]:
    """Peel `total = sum(members)` equations: one unknown left in an equation reveals it; repeat."""
    known = set(knowns)
    recovered: set[Hashable] = set()
    progress = True
    while progress:
        progress = False
        for total, members in equations:
            unknown = [item for item in (total, *members) if item not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                recovered.add(unknown[0])
                progress = True
    return recovered


def rank(matrix: list[list[Fraction]]) -> int:
    """Rank over the rationals by plain Gaussian elimination."""
    rows = [list(row) for row in matrix]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column] != 0:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


def equations_determined(
    knowns: set[Hashable], equations: Sequence[tuple[Hashable, Sequence[Hashable]]]
) -> set[Hashable]:
    """Exact: an unknown is fixed iff dropping its column lowers the rank of the system."""
    unknowns = list(dict.fromkeys(item for total, members in equations for item in (total, *members)))
    unknowns = [item for item in unknowns if item not in knowns]
    if not unknowns:
        return set()
    matrix = []
    for total, members in equations:
        row = [Fraction(0)] * len(unknowns)
        for position, item in enumerate(unknowns):
            row[position] = Fraction(
                sum(1 for member in members if member == item) - (1 if item == total else 0)
            )
        matrix.append(row)
    full = rank(matrix)
    return {
        unknowns[j]
        for j in range(len(unknowns))
        if full - rank([row[:j] + row[j + 1 :] for row in matrix]) == 1
    }


def cell_equations(
    cells: Sequence[Cell], protection: Protection
) -> tuple[set[Hashable], list[tuple[Hashable, list[Hashable]]]]:
    """The knowns and `total = sum(members)` equations a reader of a protected cell table has."""
    members: dict[Hashable, list[Hashable]] = {}
    for cell in cells:
        for group in cell.groups:
            members.setdefault(group, []).append(("cell", cell.key))
    knowns: set[Hashable] = {("cell", key) for key, reason in protection.cells.items() if reason is None}
    equations: list[tuple[Hashable, list[Hashable]]] = []
    for group, keys in members.items():
        if group in protection.total_cells:
            equations.append((("cell", protection.total_cells[group]), keys))
            continue
        if protection.total_suppression[group] is None:
            knowns.add(("total", group))
        equations.append((("total", group), keys))
    return knowns, equations


def _unwrap(items: set[Hashable]) -> set[Hashable]:
    return {item[1] for item in items if isinstance(item, tuple)}


def recoverable_by_subtraction(cells: Sequence[Cell], protection: Protection) -> set[Hashable]:
    """Suppressed cells or totals of a protected cell table that chained subtraction reveals."""
    return _unwrap(equations_recoverable(*cell_equations(cells, protection)))


def determined_by_linear_algebra(cells: Sequence[Cell], protection: Protection) -> set[Hashable]:
    """Suppressed cells or totals of a protected cell table that the group equations fix exactly."""
    return _unwrap(equations_determined(*cell_equations(cells, protection)))


def pinned_by_bounds(counts: Sequence[int], protection: Protection, threshold: int) -> set[int]:
    """One group "g" with a shown total: enumerate the values each suppressed cell could take."""
    if protection.total_suppression["g"] is not None:
        return set()
    suppressed = [index for index in range(len(counts)) if protection.is_suppressed(index)]
    residual = sum(counts) - sum(counts[i] for i in range(len(counts)) if i not in suppressed)
    pinned: set[int] = set()
    for floor in (0, 1):
        ranges = {
            index: range(floor, threshold)
            if protection.cells[index] is PRIMARY
            else range(threshold, residual + 1)
            for index in suppressed
        }
        for index in suppressed:
            others: set[int] = {0}
            for other in suppressed:
                if other != index:
                    others = {s + v for s in others for v in ranges[other] if s + v <= residual}
            possible = {value for value in ranges[index] if residual - value in others}
            if len(possible) < 2:
                pinned.add(index)
    return pinned
