"""API contract of the reporting service (pydantic v2); figures are display strings, never raw counts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from reporting.domain.dimensions import Attribution, PeriodGrain, RegionLevel
from reporting.domain.model import Measure
from reporting.domain.suppression import SuppressionReason
from reporting.service.catalogue import IndicatorSpec
from reporting.service.queries import IndicatorResult
from reporting.service.rebuild import RebuildResult


class IndicatorInfo(BaseModel):
    slug: str = Field(examples=["prenatal-advice-sessions"])
    indicator: str = Field(examples=["REP-03.prenatal_advice_sessions"])
    rule: str = Field(examples=["REP-03"])
    measure: Measure
    dimensions: list[str]
    evaluation_criterion: bool = Field(description="one of the five zorgraad evaluation criteria REP-01..05")
    title: dict[str, str] = Field(examples=[{"nl": "Prenatale adviesgesprekken (PPA)", "en": "PPAs"}])
    description: dict[str, str]

    @classmethod
    def of(cls, spec: IndicatorSpec) -> IndicatorInfo:
        return cls(
            slug=spec.slug,
            indicator=spec.indicator,
            rule=spec.rule,
            measure=spec.measure,
            dimensions=[dimension.value for dimension in spec.dimensions],
            evaluation_criterion=spec.evaluation,
            title=dict(spec.title),
            description=dict(spec.description),
        )


class FigureRead(BaseModel):
    """One protected figure."""

    programme: str = Field(examples=["PERINATAL"])
    period: str = Field(examples=["2026-03"])
    level: RegionLevel
    region_code: str = Field(examples=["elz2"])
    region_name: str = Field(examples=["Antwerpen en rand"])
    parent_code: str = Field(examples=["10000"])
    dimensions: dict[str, str] = Field(examples=[{"scenario": "A"}])
    value: str = Field(
        description='The figure as shown: a number, "<5" below the small-cell threshold, "x" when hidden to '
        "protect another cell",
        examples=["12", "<5", "x", "0.8125", "1353.00"],
    )
    suppressed: SuppressionReason | None = None
    numerator: str | None = Field(default=None, description="ratios only")
    denominator: str | None = Field(default=None, description="ratios only")


class TotalRead(BaseModel):
    """The protected sum over the dimension values of one area and period."""

    programme: str
    period: str
    level: RegionLevel
    region_code: str
    value: str
    suppressed: SuppressionReason | None = None


class IndicatorRead(IndicatorInfo):
    period_from: date
    period_to: date
    grain: PeriodGrain
    level: RegionLevel
    attribution: Attribution
    region: str | None
    programme: str | None
    small_cell_threshold: int
    periods: list[str] = Field(description="every period of the window, also those without figures")
    rows: list[FigureRead]
    totals: list[TotalRead]

    @classmethod
    def of_result(cls, result: IndicatorResult) -> IndicatorRead:
        query = result.query
        return cls(
            **IndicatorInfo.of(result.spec).model_dump(),
            period_from=query.period_from,
            period_to=query.period_to,
            grain=query.grain,
            level=query.level,
            attribution=query.attribution,
            region=query.region,
            programme=query.programme,
            small_cell_threshold=result.threshold,
            periods=list(result.periods),
            rows=[
                FigureRead(
                    programme=row.programme,
                    period=row.period,
                    level=row.level,
                    region_code=row.region_code,
                    region_name=row.region_name,
                    parent_code=row.parent_code,
                    dimensions=dict(row.dimensions),
                    value=row.value,
                    suppressed=row.suppressed,
                    numerator=row.numerator,
                    denominator=row.denominator,
                )
                for row in result.rows
            ],
            totals=[
                TotalRead(
                    programme=total.programme,
                    period=total.period,
                    level=total.level,
                    region_code=total.region_code,
                    value=total.value,
                    suppressed=total.suppressed,
                )
                for total in result.totals
            ],
        )


class RebuildRead(BaseModel):
    events: int = Field(description="events replayed from the event log")
    facts: int = Field(description="facts written")
    superseded: int = Field(description="records retracted by a later correction")
    skipped: int = Field(description="events that add no fact (types not counted, unmappable payloads)")
    seconds: float
    events_per_second: float = Field(description="events replayed per second of the rebuild")

    @classmethod
    def of(cls, result: RebuildResult) -> RebuildRead:
        return cls(
            events=result.events,
            facts=result.facts,
            superseded=result.superseded,
            skipped=result.skipped,
            seconds=result.seconds,
            events_per_second=result.events_per_second,
        )
