"""The SQL aggregation of every published indicator gives exactly the rows of its pure domain function."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from reporting.adapters import orm
from reporting.domain import indicators, monitoring
from reporting.domain.dimensions import Attribution, PeriodGrain
from reporting.domain.model import Fact, FactKind, Row, Scenario
from reporting.service.aggregate_sql import aggregate_statement
from reporting.service.catalogue import INDICATORS, IndicatorSpec
from reporting.service.facts import Projection
from reporting.service.geography import GeographyIndex
from reporting.service.handlers import fact_values
from reporting.service.protection import build_rows
from shared.refdata import load_geography
from tests.reporting.conftest import Harness

pytestmark = pytest.mark.integration

NIS_POOL = ["11002", "11040", "11007", "11004", "23088", "23096", "21004", "62063", "99999", None]
PERFORMER_POOL = ["11002", "23088", "44021", None]

DomainFunction = Callable[..., list[Row]]
DOMAIN: dict[str, DomainFunction] = {
    "active-users": indicators.active_users,
    "screenings-per-pregnancy": indicators.screenings_relative_to_pregnancies,
    "prenatal-advice-sessions": indicators.prenatal_advice_sessions,
    "coordination-trajectories": indicators.coordination_trajectories_started,
    "perinatal-consultations": indicators.perinatal_consultations,
    "screened-before-week-14": monitoring.share_screened_before_week,
    "scenario-mix": monitoring.scenario_mix,
    "exception-path-inclusions": monitoring.exception_path_inclusions,
    "case-management-requests": monitoring.case_management_requests,
    "case-management-intakes": monitoring.case_management_intake_timeliness,
    "performers-screening": lambda facts, **k: monitoring.performers_by_profession(
        facts, activity=FactKind.SCREENING_COMPLETED, **k
    ),
    "performers-coordination": lambda facts, **k: monitoring.performers_by_profession(
        facts, activity=FactKind.COORDINATION_STARTED, **k
    ),
    "performers-consultation": lambda facts, **k: monitoring.performers_by_profession(
        facts, activity=FactKind.PERINATAL_CONSULTATION_PARTICIPATION, **k
    ),
    "amounts-paid": monitoring.amounts_paid,
    "double-funding-findings": monitoring.double_funding_findings,
}


def random_fact(rng: random.Random) -> Fact:
    kind = rng.choice(list(FactKind))
    attributes: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if kind is FactKind.INCLUSION_DETERMINED:
        extra["scenario"] = rng.choice(list(Scenario))
        attributes["inclusion_basis"] = rng.choice(["TOOL_RESULT", "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"])
        if rng.random() < 0.7:
            attributes["reason"] = rng.choice(["REFUSAL", "NO_TOOL_AVAILABLE", "OTHER"])
    elif kind is FactKind.SCREENING_COMPLETED and rng.random() < 0.8:
        attributes["gestational_week"] = str(rng.randint(5, 30))
    elif kind is FactKind.CASE_MANAGEMENT_REQUESTED:
        attributes["request_type"] = rng.choice(["JUMP_START", "PROCESS_SUPPORT"])
    elif kind is FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED:
        if rng.random() < 0.5:
            attributes["intake_late"] = rng.choice(["true", "false"])
        else:
            attributes["working_days_to_intake"] = str(rng.randint(0, 12))
    elif kind is FactKind.CLAIM_PAID:
        attributes.update(payer=rng.choice(["FEDERAL", "FLEMISH"]), act=rng.choice(["SCREENING", "PPA"]))
        extra["amount"] = Decimal(rng.choice(["22.55", "48.78", "60.00", "720.00"]))
    elif kind is FactKind.DOUBLE_FUNDING_FOUND:
        attributes["rule"] = rng.choice(["DF-1", "DF-3", "DF-7"])
    return Fact(
        kind=kind,
        occurred_on=date(2025, 12, 1) + timedelta(days=rng.randint(0, 420)),
        programme=rng.choice(["PERINATAL", "PERINATAL", "CHILD_OBESITY"]),
        residence_nis=rng.choice(NIS_POOL),
        performer_nis=rng.choice(PERFORMER_POOL),
        subject_pseudonym=f"s-{rng.randint(0, 60)}",
        professional_id=rng.choice([None, *[f"pro-{n}" for n in range(12)]]),
        profession=rng.choice([None, "MIDWIFE", "GENERAL_PRACTITIONER"]),
        funding_type=rng.choice([None, "FEDERAL", "FLEMISH"]),
        attributes=attributes,
        **extra,
    )


@pytest.mark.parametrize("seed", [1, 2])
async def test_every_indicator_in_sql_equals_its_domain_function(harness: Harness, seed: int) -> None:
    rng = random.Random(seed)
    facts = [random_fact(rng) for _ in range(700)]
    async with harness.sessionmaker() as session, session.begin():
        rows = [v for fact in facts for v in fact_values(Projection((fact,)), uuid.uuid4())]
        await session.execute(orm.fact.insert(), rows)
    geography = load_geography()
    index = GeographyIndex.build(geography)
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    in_window = [fact for fact in facts if start <= fact.occurred_on <= end]
    spec: IndicatorSpec
    async with harness.sessionmaker() as session:
        for spec in INDICATORS:
            for grain in PeriodGrain:
                for attribution in Attribution:
                    statement = aggregate_statement(spec, grain, attribution, start, end, index)
                    records = (await session.execute(statement)).all()
                    built = build_rows(spec, records, grain, index)
                    for level in spec.levels:
                        expected = DOMAIN[spec.slug](
                            in_window, geography=geography, grain=grain, level=level, attribution=attribution
                        )
                        got = [row for row in built if row.level is level]
                        assert got == expected, (spec.slug, grain, attribution, level)
