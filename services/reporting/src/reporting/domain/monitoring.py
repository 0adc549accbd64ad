"""Programme monitoring beyond the evaluation criteria: REP-11, SCR-05..07, CT-31, CT-33, FIN-30, DF.

Same contract as `reporting.domain.indicators`: facts + geography + grain + level + attribution in,
unprotected, sorted `Row`s out; publish only through `disclosure.protect_rows` (DP-07).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Final

from reporting.domain import model
from reporting.domain.aggregation import (
    UNSPECIFIED,
    Dimensions,
    Key,
    attribute,
    count_rows,
    make_slicing,
    ratio_rows,
    row,
    sort_key,
    tally,
)
from reporting.domain.dimensions import DEFAULT_ATTRIBUTION, Attribution, PeriodGrain, RegionLevel
from reporting.domain.errors import InvalidReportRequest
from reporting.domain.model import Fact, FactKind, Indicator, Measure, Row
from shared.refdata import Geography

PERFORMER_ACTIVITIES: Final = frozenset(
    {
        FactKind.SCREENING_COMPLETED,
        FactKind.COORDINATION_STARTED,
        FactKind.PERINATAL_CONSULTATION_PARTICIPATION,
    }
)
"""REP-11: who screens, who coordinates, who joins the perinatal consultation."""


class Timeliness(StrEnum):
    """CT-33: whether a case-management intake was scheduled within the deadline."""

    ON_TIME = "ON_TIME"
    LATE = "LATE"


def share_screened_before_week(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
    week: int = 14,
) -> list[Row]:
    """SCR-07, Q-06: completed screenings done before gestational week `week` / all completed screenings.

    A screening without a recorded gestational week (e.g. a postnatal screening, Q-20) counts in the
    denominator and not in the numerator.
    """
    if week < 1:
        raise InvalidReportRequest(f"week must be at least 1, got {week}")
    slicing = make_slicing(geography, grain, level, attribution)
    screenings = [fact for fact in facts if fact.kind is FactKind.SCREENING_COMPLETED]

    def early(fact: Fact) -> bool:
        recorded = fact.attributes.get(model.GESTATIONAL_WEEK)
        return recorded is not None and int(recorded) < week

    kinds = frozenset({FactKind.SCREENING_COMPLETED})
    numerators = tally(screenings, slicing, kinds=kinds, where=early)
    denominators = tally(screenings, slicing, kinds=kinds)
    return ratio_rows(Indicator.SCREENED_BEFORE_WEEK, numerators, denominators)


def scenario_mix(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """SCR-05: inclusion decisions per scenario 0 / A / B (exception-path inclusions included)."""
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.INCLUSION_DETERMINED}),
        dimensions=lambda fact: (("scenario", fact.scenario.value if fact.scenario else UNSPECIFIED),),
    )
    return count_rows(Indicator.SCENARIO_MIX, counts)


def exception_path_inclusions(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """SCR-06: inclusions on professional judgement without a tool result, per reason code."""
    reason = attribute(model.INCLUSION_REASON)
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.INCLUSION_DETERMINED}),
        where=lambda fact: (
            fact.attributes.get(model.INCLUSION_BASIS) == model.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT
        ),
        dimensions=lambda fact: (("reason", reason(fact)),),
    )
    return count_rows(Indicator.EXCEPTION_PATH_INCLUSIONS, counts)


def case_management_requests(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """CT-31: case-management requests per request type (JUMP_START / PROCESS_SUPPORT)."""
    request_type = attribute(model.REQUEST_TYPE)
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.CASE_MANAGEMENT_REQUESTED}),
        dimensions=lambda fact: (("request_type", request_type(fact)),),
    )
    return count_rows(Indicator.CASE_MANAGEMENT_REQUESTS, counts)


def case_management_intake_timeliness(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
    deadline_working_days: int = 7,
) -> list[Row]:
    """CT-33: intakes scheduled within `deadline_working_days` of the request (ON_TIME) or later (LATE).

    Careteam owns the holiday calendar: its verdict (`intake_late`) wins when the fact carries it;
    otherwise the working-day count that came with the fact is compared with the deadline. The period is
    the date the intake was scheduled.
    """
    if deadline_working_days < 0:
        raise InvalidReportRequest(f"deadline_working_days must not be negative, got {deadline_working_days}")

    def timeliness(fact: Fact) -> Dimensions:
        return (("timeliness", intake_timeliness(fact, deadline_working_days=deadline_working_days).value),)

    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED}),
        dimensions=timeliness,
    )
    return count_rows(Indicator.CASE_MANAGEMENT_INTAKE_TIMELINESS, counts)


def intake_timeliness(fact: Fact, *, deadline_working_days: int = 7) -> Timeliness:
    """CT-33: LATE or ON_TIME for one scheduled intake (careteam's verdict first, else the day count)."""
    verdict = fact.attributes.get(model.INTAKE_LATE)
    if verdict is not None:
        return Timeliness.LATE if verdict == model.TRUE else Timeliness.ON_TIME
    late = int(fact.attributes[model.WORKING_DAYS_TO_INTAKE]) > deadline_working_days
    return Timeliness.LATE if late else Timeliness.ON_TIME


def performers_by_profession(
    facts: Iterable[Fact],
    *,
    activity: FactKind,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """REP-11: acts of one activity (screen, coordinate, join a consultation) per profession and funding type.

    The indicator id is suffixed with the activity, so each activity is its own table.
    """
    if activity not in PERFORMER_ACTIVITIES:
        allowed = ", ".join(sorted(PERFORMER_ACTIVITIES))
        raise InvalidReportRequest(f"activity {activity!r} is not one of {allowed}")
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({activity}),
        dimensions=lambda fact: (
            ("profession", fact.profession or UNSPECIFIED),
            ("funding_type", fact.funding_type or UNSPECIFIED),
        ),
    )
    return count_rows(f"{Indicator.PERFORMERS_BY_PROFESSION.value}.{activity.value}", counts)


def amounts_paid(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """FIN-30: money paid per payer and act (Decimal sum), with the number of payments as the cell count."""
    slicing = make_slicing(geography, grain, level, attribution)
    sums: dict[Key, Decimal] = defaultdict(Decimal)
    payments: dict[Key, int] = defaultdict(int)
    for fact in facts:
        if fact.kind is not FactKind.CLAIM_PAID or fact.amount is None:
            continue
        key = slicing.key(
            fact, (("payer", fact.attributes[model.PAYER]), ("act", fact.attributes[model.ACT]))
        )
        sums[key] += fact.amount
        payments[key] += 1
    return [
        row(Indicator.AMOUNTS_PAID, key, measure=Measure.AMOUNT, value=sums[key], count=payments[key])
        for key in sorted(sums, key=sort_key)
    ]


def double_funding_findings(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """DF-1..DF-8: double-funding findings per rule."""
    rule = attribute(model.RULE)
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.DOUBLE_FUNDING_FOUND}),
        dimensions=lambda fact: (("rule", rule(fact)),),
    )
    return count_rows(Indicator.DOUBLE_FUNDING_FINDINGS, counts)
