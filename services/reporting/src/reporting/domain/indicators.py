"""REP-01..05: the zorgraad evaluation criteria as pure functions over pseudonymous facts.

Every indicator takes the facts, a `Geography`, a period grain, a region level and an attribution
(REP-08, Q-05: residence by default) and returns unprotected `Row`s, one per (programme, period, area,
dimension values) that has at least one fact, sorted. Rows must go through `disclosure.protect_rows`
before anyone sees them (DP-07). REP-06: the figures carry no target or growth norm.

Decisions:
- REP-01, Q-22: a professional is active in a period when at least one fact of a registration kind
  (`REGISTRATION_KINDS`, configurable) carries their pseudonymous key in that period.
- REP-02 ratio: numerator = distinct pregnancies (subject pseudonyms) with a completed screening in the
  period; denominator = distinct pregnancies registered in the period (`PREGNANCY_REGISTERED`, Q-22;
  the fact kind is a parameter so another source can be swapped in). Both are bucketed by their own
  date, so this is a period ratio, not a cohort share: at MONTH grain it can exceed 1 when a pregnancy
  is registered in one month and screened in the next. Report it per QUARTER or YEAR. A zero
  denominator gives no ratio (None); DP-07 suppresses it anyway.
- REP-03..05 count facts (acts). Deduplicating replayed events is the consumer's job (inbox by event
  id), not the indicator's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from reporting.domain.aggregation import count_rows, make_slicing, ratio_rows, tally
from reporting.domain.dimensions import DEFAULT_ATTRIBUTION, Attribution, PeriodGrain, RegionLevel
from reporting.domain.model import Fact, FactKind, Indicator, Row
from shared.refdata import Geography

REGISTRATION_KINDS: Final = frozenset(
    {
        FactKind.PREGNANCY_REGISTERED,
        FactKind.SCREENING_COMPLETED,
        FactKind.INCLUSION_DETERMINED,
        FactKind.PRENATAL_ADVICE_SESSION_HELD,
        FactKind.COORDINATION_STARTED,
        FactKind.PERINATAL_CONSULTATION_HELD,
        FactKind.PERINATAL_CONSULTATION_PARTICIPATION,
    }
)
"""Q-22: the fact kinds that count as a registration by a professional on the platform (REP-01)."""


def active_users(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
    registration_kinds: frozenset[FactKind] = REGISTRATION_KINDS,
) -> list[Row]:
    """REP-01, Q-22: distinct professionals with at least one registration in the period, per area.

    A professional active in two areas counts once in each, so area counts of this indicator do not add
    up to a distinct total for the parent area.
    """
    counts = tally(
        (fact for fact in facts if fact.professional_id is not None),
        make_slicing(geography, grain, level, attribution),
        kinds=registration_kinds,
        unit=lambda fact: fact.professional_id,
    )
    return count_rows(Indicator.ACTIVE_USERS, counts)


def screenings_relative_to_pregnancies(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
    denominator_kind: FactKind = FactKind.PREGNANCY_REGISTERED,
) -> list[Row]:
    """REP-02: distinct pregnancies screened in the period / distinct pregnancies registered in it (Q-22)."""
    slicing = make_slicing(geography, grain, level, attribution)
    materialised = list(facts)
    screened = tally(
        materialised,
        slicing,
        kinds=frozenset({FactKind.SCREENING_COMPLETED}),
        unit=lambda fact: fact.subject_pseudonym,
    )
    pregnancies = tally(
        materialised, slicing, kinds=frozenset({denominator_kind}), unit=lambda fact: fact.subject_pseudonym
    )
    return ratio_rows(Indicator.SCREENINGS_PER_PREGNANCY, screened, pregnancies)


def prenatal_advice_sessions(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """REP-03: personal prenatal advice sessions (PPA) registered in the period, reimbursed or not."""
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.PRENATAL_ADVICE_SESSION_HELD}),
    )
    return count_rows(Indicator.PRENATAL_ADVICE_SESSIONS, counts)


def coordination_trajectories_started(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """REP-04: care-coordination trajectories started in the period."""
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.COORDINATION_STARTED}),
    )
    return count_rows(Indicator.COORDINATION_TRAJECTORIES_STARTED, counts)


def perinatal_consultations(
    facts: Iterable[Fact],
    *,
    geography: Geography,
    grain: PeriodGrain,
    level: RegionLevel,
    attribution: Attribution = DEFAULT_ATTRIBUTION,
) -> list[Row]:
    """REP-05: perinatal consultations held in the period."""
    counts = tally(
        facts,
        make_slicing(geography, grain, level, attribution),
        kinds=frozenset({FactKind.PERINATAL_CONSULTATION_HELD}),
    )
    return count_rows(Indicator.PERINATAL_CONSULTATIONS, counts)
