"""Primary and complementary cell suppression over a table of counts (DP-07, REP-32).

The table is a list of `Cell`s. A cell adds up into zero or more groups (`groups`), and a group's sum is
published, either as a separate total or as another cell of the table (`total_of`, e.g. the ELZ figure
that its municipalities add up to). The algorithm:

1. Primary suppression. A cell whose count is below the threshold t (default 5, configurable) is
   suppressed; so is a separate group total below t. Zero counts are suppressed too.
2. Complementary suppression per group. For every group whose total is shown, no suppressed cell of the
   group may be pinned down from what is shown. A reader knows the shown cells, the total, that a
   primary cell ("<t") lies in [0, t-1] (also checked as [1, t-1], since empty cells are usually not
   listed) and that a complementary cell ("x") is at least t. The group is safe when it has no
   suppressed cell, or when every suppressed cell keeps at least two possible values under those
   bounds. That takes at least two suppressed cells, so "total minus shown cells" never equals one
   hidden cell. While a group is unsafe, its smallest shown cell (by count, then table order) is
   suppressed as COMPLEMENTARY; when no shown cell is left, the group's total is suppressed instead.
3. Cross-group audit. Cells that sit in several groups (two margins, or a hierarchy of levels) link
   the groups' equations. Each linked component is solved by Gaussian elimination; any suppressed cell
   or total that the shown numbers fix gets one more complementary suppression next to it (preferably
   in a group where it is the only unknown, see `_Table.unfix`), and step 2 runs again on the groups it
   touches.

Every round suppresses one more cell or total, so the loop ends. Known limit: step 3 is linear and does
not combine the bounds of step 2 across groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from reporting.domain.errors import InvalidReportRequest

DEFAULT_THRESHOLD: Final = 5
_PRIME: Final = (1 << 61) - 1

Change = tuple[str, Hashable]


class SuppressionReason(StrEnum):
    """Why a figure is hidden: it is small itself (PRIMARY) or it would reveal a small one (COMPLEMENTARY)."""

    PRIMARY = "PRIMARY"
    COMPLEMENTARY = "COMPLEMENTARY"


@dataclass(frozen=True, slots=True)
class Cell:
    """One count of a table: the groups it adds up into and the groups whose published total it is."""

    key: Hashable
    count: int
    groups: tuple[Hashable, ...] = ()
    total_of: tuple[Hashable, ...] = ()


@dataclass(frozen=True)
class Protection:
    """Outcome of `protect_cells`: the suppression of each cell and of each group total (DP-07)."""

    threshold: int
    cells: Mapping[Hashable, SuppressionReason | None]
    totals: Mapping[Hashable, int]
    total_suppression: Mapping[Hashable, SuppressionReason | None]
    total_cells: Mapping[Hashable, Hashable]

    def is_suppressed(self, key: Hashable) -> bool:
        """Tell whether the cell `key` must not be shown."""
        return self.cells[key] is not None


def checked_threshold(threshold: int) -> int:
    """DP-07: return the small-cell threshold after checking it is a whole number of at least 1."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise InvalidReportRequest(f"the small-cell threshold must be a whole number >= 1, got {threshold!r}")
    return threshold


def protect_cells(cells: Iterable[Cell], *, threshold: int = DEFAULT_THRESHOLD) -> Protection:
    """DP-07, REP-32: primary and complementary suppression of a table (algorithm in the module doc)."""
    limit = checked_threshold(threshold)
    table = _Table.build(list(cells), limit)
    # Work lists keep this incremental: a new suppression re-checks only the groups (step 2) and the
    # linked component (step 3) that it touches.
    pending: dict[Hashable, None] = dict.fromkeys(table.members)
    dirty: set[int] = set(range(len(table.components)))
    while pending or dirty:
        while pending:
            group = next(iter(pending))
            del pending[group]
            while table.total_reason(group) is None and not table.group_is_safe(group):
                table.touch(table.suppress_near([group]), pending, dirty)
        for component in sorted(dirty):
            dirty.discard(component)
            for change in table.unfix(table.determined_variables(component)):
                table.touch(change, pending, dirty)
    return Protection(
        threshold=limit,
        cells=MappingProxyType(dict(table.status)),
        totals=MappingProxyType(dict(table.totals)),
        total_suppression=MappingProxyType({group: table.total_reason(group) for group in table.members}),
        total_cells=MappingProxyType(dict(table.total_cell)),
    )


@dataclass
class _Table:
    """Mutable working state of one `protect_cells` run; never escapes it."""

    threshold: int
    order: dict[Hashable, int]
    counts: dict[Hashable, int]
    groups_of: dict[Hashable, tuple[Hashable, ...]]
    related: dict[Hashable, tuple[Hashable, ...]]
    members: dict[Hashable, list[Hashable]]
    total_cell: dict[Hashable, Hashable]
    status: dict[Hashable, SuppressionReason | None]
    totals: dict[Hashable, int]
    total_status: dict[Hashable, SuppressionReason | None]
    components: list[list[Hashable]]
    component_of: dict[Hashable, int]

    @classmethod
    def build(cls, cells: list[Cell], threshold: int) -> _Table:
        order: dict[Hashable, int] = {}
        counts: dict[Hashable, int] = {}
        groups_of: dict[Hashable, tuple[Hashable, ...]] = {}
        members: dict[Hashable, list[Hashable]] = {}
        for index, cell in enumerate(cells):
            if cell.key in counts:
                raise InvalidReportRequest(f"duplicate cell key {cell.key!r}")
            if isinstance(cell.count, bool) or not isinstance(cell.count, int) or cell.count < 0:
                raise InvalidReportRequest(
                    f"cell {cell.key!r} has count {cell.count!r}; counts are whole numbers >= 0"
                )
            order[cell.key] = index
            counts[cell.key] = cell.count
            groups_of[cell.key] = tuple(dict.fromkeys(cell.groups))
            for group in groups_of[cell.key]:
                members.setdefault(group, []).append(cell.key)
        total_cell: dict[Hashable, Hashable] = {}
        for cell in cells:
            for group in dict.fromkeys(cell.total_of):
                if group not in members:
                    continue  # a total with no member cell in this table links nothing
                if group in total_cell:
                    raise InvalidReportRequest(f"group {group!r} has two total cells")
                if cell.key in members[group]:
                    raise InvalidReportRequest(
                        f"cell {cell.key!r} cannot be a member and the total of {group!r}"
                    )
                total_cell[group] = cell.key
        totalled_by: dict[Hashable, list[Hashable]] = {}
        for group, total in total_cell.items():
            totalled_by.setdefault(total, []).append(group)
        related = {key: groups + tuple(totalled_by.get(key, ())) for key, groups in groups_of.items()}
        totals = {
            group: counts[total_cell[group]] if group in total_cell else sum(counts[key] for key in keys)
            for group, keys in members.items()
        }
        components, component_of = _link_groups(members, related)
        return cls(
            threshold=threshold,
            order=order,
            counts=counts,
            groups_of=groups_of,
            related=related,
            members=members,
            total_cell=total_cell,
            status={
                key: SuppressionReason.PRIMARY if count < threshold else None for key, count in counts.items()
            },
            totals=totals,
            total_status={
                group: SuppressionReason.PRIMARY if total < threshold else None
                for group, total in totals.items()
                if group not in total_cell
            },
            components=components,
            component_of=component_of,
        )

    def total_reason(self, group: Hashable) -> SuppressionReason | None:
        """The suppression of a group's total, which may be a cell of the table."""
        if group in self.total_cell:
            return self.status[self.total_cell[group]]
        return self.total_status[group]

    def group_is_safe(self, group: Hashable) -> bool:
        """Step 2: every suppressed cell of the group keeps at least two values a reader cannot tell apart."""
        keys = self.members[group]
        suppressed = [key for key in keys if self.status[key] is not None]
        if not suppressed:
            return True
        if len(suppressed) < 2:
            return False
        residual = self.totals[group] - sum(self.counts[key] for key in keys if self.status[key] is None)
        for floor in (0, 1):
            bounds = [
                (floor, self.threshold - 1)
                if self.status[key] is SuppressionReason.PRIMARY
                else (self.threshold, None)
                for key in suppressed
            ]
            for index, (low, high) in enumerate(bounds):
                others = bounds[:index] + bounds[index + 1 :]
                others_low = sum(bound[0] for bound in others)
                others_highs = [bound[1] for bound in others]
                lowest = low
                if all(value is not None for value in others_highs):
                    lowest = max(low, residual - sum(value for value in others_highs if value is not None))
                highest = residual - others_low if high is None else min(high, residual - others_low)
                if highest - lowest < 1:
                    return False
        return True

    def unfix(self, determined: Sequence[Change]) -> list[Change]:
        """Step 3: suppressions that break what fixes the `determined` variables of one component.

        A group whose equation has a fixed variable as its only unknown (e.g. a hidden parent with one
        shown child) fixes it on its own: each such group gets its smallest shown figure hidden, all in
        one round, since each of them needs its own. When no fixed variable has such a group, one
        suppression goes next to the first one that has a shown figure near it, searching further
        through the hierarchy if need be; the next round's elimination tells what is still fixed.
        """
        changes: list[Change] = []
        for variable in determined:
            for group in self.groups_around(variable):
                if self.unknowns(group) == 1:
                    change = self.suppress_near([group], widen=False)
                    if change is not None:
                        changes.append(change)
        if changes:
            return changes
        for widen in (False, True):
            for variable in determined:
                change = self.suppress_near(self.groups_around(variable), widen=widen)
                if change is not None:
                    return [change]
        return []

    def unknowns(self, group: Hashable) -> int:
        """How many figures of a group's equation (its members and its total) are hidden."""
        hidden = sum(1 for key in self.members[group] if self.status[key] is not None)
        return hidden + (self.total_reason(group) is not None)

    def suppress_near(self, groups: Sequence[Hashable], *, widen: bool = True) -> Change | None:
        """Suppress the smallest shown cell of `groups`, else a shown total, widening through suppressed cells."""
        frontier = list(dict.fromkeys(groups))
        visited: set[Hashable] = set()
        while frontier:
            shown = [key for group in frontier for key in self.members[group] if self.status[key] is None]
            if shown:
                pick = min(shown, key=lambda key: (self.counts[key], self.order[key]))
                self.status[pick] = SuppressionReason.COMPLEMENTARY
                return ("cell", pick)
            for group in frontier:
                if self.total_reason(group) is None:
                    return self._hide_total(group)
            if not widen:
                return None
            visited.update(frontier)
            # Widen through the members and the total cell of each group, up and down the hierarchy.
            frontier = list(
                dict.fromkeys(
                    other
                    for group in frontier
                    for key in (*self.members[group], *self._total_cells(group))
                    for other in self.related[key]
                    if other not in visited
                )
            )
        return None

    def _total_cells(self, group: Hashable) -> tuple[Hashable, ...]:
        return (self.total_cell[group],) if group in self.total_cell else ()

    def _hide_total(self, group: Hashable) -> Change:
        if group in self.total_cell:
            key = self.total_cell[group]
            self.status[key] = SuppressionReason.COMPLEMENTARY
            return ("cell", key)
        self.total_status[group] = SuppressionReason.COMPLEMENTARY
        return ("total", group)

    def touch(self, change: Change | None, pending: dict[Hashable, None], dirty: set[int]) -> None:
        """Queue the groups and the linked component that one new suppression affects."""
        if change is None:
            return
        kind, key = change
        for group in self.related[key] if kind == "cell" else (key,):
            pending[group] = None
            dirty.add(self.component_of[group])

    def determined_variables(self, component: int) -> list[Change]:
        """Step 3: suppressed cells and totals of one linked component that its shown numbers fix."""
        groups = self.components[component]
        keys = dict.fromkeys(key for group in groups for key in self.members[group])
        keys.update(dict.fromkeys(self.total_cell[group] for group in groups if group in self.total_cell))
        variables: list[Change] = [("cell", key) for key in keys if self.status[key] is not None]
        variables += [
            ("total", group)
            for group in groups
            if group not in self.total_cell and self.total_status[group] is not None
        ]
        index = {variable: position for position, variable in enumerate(variables)}
        equations: list[dict[int, int]] = []
        for group in groups:
            equation = {
                index[("cell", key)]: 1 for key in self.members[group] if self.status[key] is not None
            }
            total: Change = ("cell", self.total_cell[group]) if group in self.total_cell else ("total", group)
            if total in index:
                equation[index[total]] = -1
            if equation:
                equations.append(equation)
        return [variables[position] for position in _pinned_unknowns(equations)]

    def groups_around(self, variable: Change) -> list[Hashable]:
        """The groups whose equations involve `variable`."""
        kind, key = variable
        return [key] if kind == "total" else list(self.related[key])


def _link_groups(
    members: Mapping[Hashable, list[Hashable]], related: Mapping[Hashable, tuple[Hashable, ...]]
) -> tuple[list[list[Hashable]], dict[Hashable, int]]:
    """Split the groups into components linked by cells that belong to (or are the total of) several groups."""
    root: dict[Hashable, Hashable] = {group: group for group in members}

    def find(group: Hashable) -> Hashable:
        while root[group] != group:
            root[group] = root[root[group]]
            group = root[group]
        return group

    for groups in related.values():
        for other in groups[1:]:
            first, second = find(groups[0]), find(other)
            if first != second:
                root[second] = first
    components: list[list[Hashable]] = []
    component_of: dict[Hashable, int] = {}
    position: dict[Hashable, int] = {}
    for group in members:
        leader = find(group)
        if leader not in position:
            position[leader] = len(components)
            components.append([])
        component_of[group] = position[leader]
        components[position[leader]].append(group)
    return components, component_of


def _pinned_unknowns(equations: list[dict[int, int]]) -> list[int]:
    """Return the unknowns whose value the equations fix, from their fully reduced row echelon form.

    Unknown j is fixed exactly when the unit vector e_j lies in the row space, i.e. when the reduced form
    has a row with j as its only nonzero entry. The coefficients are 0/1/-1, so the elimination runs over
    the integers modulo the prime 2**61 - 1: fast, and exact unless that prime divides a minor of the
    coefficient matrix, which for tables of this size is not a practical concern. `holders` indexes which
    reduced rows hold each unknown, so eliminating a new pivot touches only the rows that contain it.
    """
    pivots: dict[int, dict[int, int]] = {}
    holders: dict[int, set[int]] = {}
    for equation in equations:
        row = {
            variable: coefficient % _PRIME
            for variable, coefficient in equation.items()
            if coefficient % _PRIME
        }
        for variable in [variable for variable in row if variable in pivots]:
            _subtract(row, pivots[variable], row[variable])
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], -1, _PRIME)
        row = {variable: coefficient * inverse % _PRIME for variable, coefficient in row.items()}
        for holder in list(holders.get(pivot, ())):
            _subtract(pivots[holder], row, pivots[holder][pivot], owner=holder, holders=holders)
        pivots[pivot] = row
        for variable in row:
            holders.setdefault(variable, set()).add(pivot)
    return sorted(pivot for pivot, row in pivots.items() if len(row) == 1)


def _subtract(
    target: dict[int, int],
    source: Mapping[int, int],
    factor: int,
    *,
    owner: int | None = None,
    holders: dict[int, set[int]] | None = None,
) -> None:
    """target -= factor * source (mod the prime); keep `holders` in step when `target` is the row of `owner`."""
    for variable, coefficient in source.items():
        value = (target.get(variable, 0) - factor * coefficient) % _PRIME
        if value:
            if holders is not None and owner is not None and variable not in target:
                holders.setdefault(variable, set()).add(owner)
            target[variable] = value
        elif variable in target:
            del target[variable]
            if holders is not None and owner is not None:
                holders[variable].discard(owner)
