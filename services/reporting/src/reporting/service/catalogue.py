"""The published indicators: what each counts, how, and under which name (nl/en).

Each entry mirrors one function of `reporting.domain.indicators` / `reporting.domain.monitoring` (the
same fact kinds, filters, units and dimension values), computed in SQL for speed; the integration tests
check that both give the same rows. The `slug` is the indicator's address in the API, the exports and the
dashboard; `indicator` is the stable id carried by every row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from reporting.domain.dimensions import RegionLevel
from reporting.domain.indicators import REGISTRATION_KINDS
from reporting.domain.model import FactKind, Indicator, Measure
from reporting.service.geography import PROTECTED_LEVELS, rank


class Shape(StrEnum):
    """How an indicator aggregates its facts."""

    COUNT = "COUNT"  # facts per cell
    DISTINCT = "DISTINCT"  # distinct units per cell (does not add up over areas or periods)
    RATIO = "RATIO"  # numerator / denominator, each a count or a distinct count
    AMOUNT = "AMOUNT"  # sum of money, with the number of payments as the protected count


class Filter(StrEnum):
    """Named fact filters; their SQL is in `reporting.service.aggregate_sql`."""

    HAS_PROFESSIONAL = "HAS_PROFESSIONAL"
    EXCEPTION_PATH = "EXCEPTION_PATH"
    SCREENED = "SCREENED"
    REGISTERED = "REGISTERED"
    BEFORE_WEEK_14 = "BEFORE_WEEK_14"


class Dimension(StrEnum):
    """Breakdown dimensions, named as in the domain rows."""

    SCENARIO = "scenario"
    REASON = "reason"
    REQUEST_TYPE = "request_type"
    TIMELINESS = "timeliness"
    PROFESSION = "profession"
    FUNDING_TYPE = "funding_type"
    PAYER = "payer"
    ACT = "act"
    RULE = "rule"


class Unit(StrEnum):
    """What a DISTINCT indicator counts once per cell."""

    PROFESSIONAL = "PROFESSIONAL"
    SUBJECT = "SUBJECT"


@dataclass(frozen=True)
class IndicatorSpec:
    """One published indicator."""

    slug: str
    indicator: str
    rule: str
    shape: Shape
    kinds: frozenset[FactKind]
    title: Mapping[str, str]
    description: Mapping[str, str]
    dimensions: tuple[Dimension, ...] = ()
    where: Filter | None = None
    unit: Unit | None = None
    numerator: Filter | None = None
    denominator: Filter | None = None
    evaluation: bool = False  # one of the five zorgraad evaluation criteria (REP-01..05)
    additive: bool = True  # figures add up over areas and periods (small-cell groups apply)
    # Months, quarters and years are protected in one table, so that no grain can be subtracted from
    # another. Only for tables without a breakdown: with one, the joint table grows too large for the
    # exact audit of `reporting.domain.suppression` to answer a request in time.
    linked_periods: bool = False

    @property
    def finest_level(self) -> RegionLevel:
        """Breakdowns are published from the ELZ up: per municipality their cells are nearly all small,
        and the joint protection of all those cells is too slow to compute per request."""
        return RegionLevel.ELZ if self.dimensions else RegionLevel.MUNICIPALITY

    @property
    def levels(self) -> tuple[RegionLevel, ...]:
        """The levels protected together for this indicator, finest first."""
        return tuple(level for level in PROTECTED_LEVELS if rank(level) >= rank(self.finest_level))

    @property
    def measure(self) -> Measure:
        """The measure of the rows (COUNT, AMOUNT or RATIO)."""
        if self.shape is Shape.RATIO:
            return Measure.RATIO
        return Measure.AMOUNT if self.shape is Shape.AMOUNT else Measure.COUNT


def _t(nl: str, en: str) -> Mapping[str, str]:
    return MappingProxyType({"nl": nl, "en": en})


def _performers(slug: str, activity: FactKind, nl: str, en: str) -> IndicatorSpec:
    return IndicatorSpec(
        slug=slug,
        indicator=f"{Indicator.PERFORMERS_BY_PROFESSION.value}.{activity.value}",
        rule="REP-11",
        shape=Shape.COUNT,
        kinds=frozenset({activity}),
        dimensions=(Dimension.PROFESSION, Dimension.FUNDING_TYPE),
        title=_t(nl, en),
        description=_t(
            "Aantal per beroep en financieringstype van wie het uitvoert.",
            "Count per profession and funding type of who performs it.",
        ),
    )


INDICATORS: Final[tuple[IndicatorSpec, ...]] = (
    IndicatorSpec(
        slug="active-users",
        indicator=Indicator.ACTIVE_USERS.value,
        rule="REP-01",
        shape=Shape.DISTINCT,
        kinds=REGISTRATION_KINDS,
        where=Filter.HAS_PROFESSIONAL,
        unit=Unit.PROFESSIONAL,
        additive=False,
        evaluation=True,
        title=_t("Actieve gebruikers", "Active users"),
        description=_t(
            "Verschillende professionals met minstens één registratie in de periode (Q-22).",
            "Distinct professionals with at least one registration in the period (Q-22).",
        ),
    ),
    IndicatorSpec(
        slug="screenings-per-pregnancy",
        indicator=Indicator.SCREENINGS_PER_PREGNANCY.value,
        rule="REP-02",
        shape=Shape.RATIO,
        kinds=frozenset({FactKind.SCREENING_COMPLETED, FactKind.PREGNANCY_REGISTERED}),
        unit=Unit.SUBJECT,
        numerator=Filter.SCREENED,
        denominator=Filter.REGISTERED,
        evaluation=True,
        linked_periods=True,
        title=_t("Screenings t.o.v. zwangerschappen", "Screenings relative to pregnancies"),
        description=_t(
            "Zwangerschappen met een afgeronde screening gedeeld door geregistreerde zwangerschappen.",
            "Pregnancies with a completed screening divided by registered pregnancies.",
        ),
    ),
    IndicatorSpec(
        slug="prenatal-advice-sessions",
        indicator=Indicator.PRENATAL_ADVICE_SESSIONS.value,
        rule="REP-03",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.PRENATAL_ADVICE_SESSION_HELD}),
        evaluation=True,
        linked_periods=True,
        title=_t("Prenatale adviesgesprekken (PPA)", "Prenatal advice sessions (PPA)"),
        description=_t("Geregistreerde PPA's, terugbetaald of niet.", "Registered PPAs, reimbursed or not."),
    ),
    IndicatorSpec(
        slug="coordination-trajectories",
        indicator=Indicator.COORDINATION_TRAJECTORIES_STARTED.value,
        rule="REP-04",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.COORDINATION_STARTED}),
        evaluation=True,
        linked_periods=True,
        title=_t("Gestarte zorgcoördinatietrajecten", "Coordination trajectories started"),
        description=_t(
            "Eerste aanstellingen van een zorgcoördinator (een overdracht telt niet opnieuw).",
            "First appointments of a care coordinator (a hand-over does not count again).",
        ),
    ),
    IndicatorSpec(
        slug="perinatal-consultations",
        indicator=Indicator.PERINATAL_CONSULTATIONS.value,
        rule="REP-05",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.PERINATAL_CONSULTATION_HELD}),
        evaluation=True,
        linked_periods=True,
        title=_t("Perinatale overlegmomenten", "Perinatal consultations"),
        description=_t("Gehouden perinatale overlegmomenten.", "Perinatal consultations held."),
    ),
    IndicatorSpec(
        slug="screened-before-week-14",
        indicator=Indicator.SCREENED_BEFORE_WEEK.value,
        rule="SCR-07",
        shape=Shape.RATIO,
        kinds=frozenset({FactKind.SCREENING_COMPLETED}),
        numerator=Filter.BEFORE_WEEK_14,
        linked_periods=True,
        title=_t("Aandeel screenings vóór week 14", "Share of screenings before week 14"),
        description=_t(
            "Afgeronde screenings vóór zwangerschapsweek 14 gedeeld door alle afgeronde screenings.",
            "Completed screenings before gestational week 14 divided by all completed screenings.",
        ),
    ),
    IndicatorSpec(
        slug="scenario-mix",
        indicator=Indicator.SCENARIO_MIX.value,
        rule="SCR-05",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.INCLUSION_DETERMINED}),
        dimensions=(Dimension.SCENARIO,),
        title=_t("Scenariomix (0/A/B)", "Scenario mix (0/A/B)"),
        description=_t(
            "Inclusiebeslissingen per scenario, uitzonderingsroute inbegrepen.",
            "Inclusion decisions per scenario, exception path included.",
        ),
    ),
    IndicatorSpec(
        slug="exception-path-inclusions",
        indicator=Indicator.EXCEPTION_PATH_INCLUSIONS.value,
        rule="SCR-06",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.INCLUSION_DETERMINED}),
        where=Filter.EXCEPTION_PATH,
        dimensions=(Dimension.REASON,),
        title=_t("Inclusies via de uitzonderingsroute", "Exception-path inclusions"),
        description=_t(
            "Inclusies op professioneel oordeel zonder toolresultaat, per reden.",
            "Inclusions on professional judgement without a tool result, per reason.",
        ),
    ),
    IndicatorSpec(
        slug="case-management-requests",
        indicator=Indicator.CASE_MANAGEMENT_REQUESTS.value,
        rule="CT-31",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.CASE_MANAGEMENT_REQUESTED}),
        dimensions=(Dimension.REQUEST_TYPE,),
        title=_t("Aanvragen casemanagement", "Case-management requests"),
        description=_t("Aanvragen per type.", "Requests per type."),
    ),
    IndicatorSpec(
        slug="case-management-intakes",
        indicator=Indicator.CASE_MANAGEMENT_INTAKE_TIMELINESS.value,
        rule="CT-33",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED}),
        dimensions=(Dimension.TIMELINESS,),
        title=_t("Intakes casemanagement: tijdig of laat", "Case-management intakes: on time or late"),
        description=_t(
            "Geplande intakes binnen of na 7 werkdagen na de aanvraag.",
            "Intakes scheduled within or after 7 working days of the request.",
        ),
    ),
    _performers("performers-screening", FactKind.SCREENING_COMPLETED, "Wie screent", "Who screens"),
    _performers(
        "performers-coordination", FactKind.COORDINATION_STARTED, "Wie coördineert", "Who coordinates"
    ),
    _performers(
        "performers-consultation",
        FactKind.PERINATAL_CONSULTATION_PARTICIPATION,
        "Wie neemt deel aan het overleg",
        "Who joins consultations",
    ),
    IndicatorSpec(
        slug="amounts-paid",
        indicator=Indicator.AMOUNTS_PAID.value,
        rule="FIN-30",
        shape=Shape.AMOUNT,
        kinds=frozenset({FactKind.CLAIM_PAID}),
        dimensions=(Dimension.PAYER, Dimension.ACT),
        title=_t("Uitbetaalde bedragen per betaler en prestatie", "Amounts paid per payer and act"),
        description=_t(
            "Som van aanvaarde bedragen (EUR); verborgen bij minder dan de drempel aan betalingen.",
            "Sum of accepted amounts (EUR); hidden when fewer payments than the threshold are behind it.",
        ),
    ),
    IndicatorSpec(
        slug="double-funding-findings",
        indicator=Indicator.DOUBLE_FUNDING_FINDINGS.value,
        rule="DF",
        shape=Shape.COUNT,
        kinds=frozenset({FactKind.DOUBLE_FUNDING_FOUND}),
        dimensions=(Dimension.RULE,),
        title=_t("Vaststellingen dubbele financiering", "Double-funding findings"),
        description=_t("Vaststellingen per regel (DF-1..DF-8).", "Findings per rule (DF-1..DF-8)."),
    ),
)

BY_SLUG: Final[Mapping[str, IndicatorSpec]] = MappingProxyType({spec.slug: spec for spec in INDICATORS})


def evaluation_indicators() -> Sequence[IndicatorSpec]:
    """REP-01..05, the zorgraad evaluation criteria, in order."""
    return [spec for spec in INDICATORS if spec.evaluation]
