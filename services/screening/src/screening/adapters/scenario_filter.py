"""The current-scenario filter of the front-end lists in SQL (SCR-05, SCR-06).

The SQL twin of `rules.determine_current_scenario` and `rules.matches_scenario_filter`, so that a filtered
list pages and counts in the database: the current record of a pregnancy is its latest (date, recorded_at,
id) completed screening or exception decision that no correction superseded; its stored `scenario` is what
it determines. The API tests check that both give the same answer.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.sql.selectable import LateralFromClause

from screening.adapters import orm
from screening.domain.model import ScenarioFilter, ScreeningStatus

_CODES = frozenset({ScenarioFilter.NONE, ScenarioFilter.A, ScenarioFilter.B})


def current_record_of(pregnancy_id: ColumnElement[Any]) -> LateralFromClause:
    """A LATERAL subquery with the `scenario` and `kind` of the record that determines the current scenario."""
    record = orm.inclusion_record.alias("current_record")
    correction = orm.inclusion_record.alias("current_record_correction")
    return (
        select(record.c.scenario, record.c.kind)
        .where(
            record.c.pregnancy_id == pregnancy_id,
            or_(
                record.c.kind == orm.EXCEPTION_DECISION,
                record.c.status == ScreeningStatus.COMPLETED.value,
            ),
            ~exists().where(correction.c.supersedes == record.c.id),
        )
        .order_by(record.c.record_date.desc(), record.c.recorded_at.desc(), record.c.id.desc())
        .limit(1)
        .lateral("current_scenario")
    )


def matches(current: LateralFromClause, wanted: Collection[ScenarioFilter]) -> ColumnElement[bool]:
    """The filter on an outer-joined `current_record_of`: alternatives, as in `rules.matches_scenario_filter`."""
    alternatives: list[ColumnElement[bool]] = []
    codes = sorted(value.value for value in wanted if value in _CODES)
    if codes:
        alternatives.append(current.c.scenario.in_(codes))
    if ScenarioFilter.EXCEPTION in wanted:
        alternatives.append(current.c.kind == orm.EXCEPTION_DECISION)
    if ScenarioFilter.UNDETERMINED in wanted:
        alternatives.append(current.c.kind.is_(None))
    return or_(*alternatives)
