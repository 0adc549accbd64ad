"""The indicator API and the CSV export: filters, validation problems, roles, threshold, consistency."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from tests.conftest import auth
from tests.reporting import events as ev
from tests.reporting.conftest import ANALYST, COUNCIL, OPS, Harness, figures, values

pytestmark = pytest.mark.integration

ANTWERPEN, SCHOTEN, VILVOORDE, BOECHOUT = "11002", "11040", "23088", "11004"
MARCH, APRIL, JULY = date(2026, 3, 10), date(2026, 4, 14), date(2026, 7, 1)


async def feed_sessions(harness: Harness) -> None:
    await harness.feed(
        *[ev.advice_session(f"a{n}", nis=ANTWERPEN, day=MARCH) for n in range(7)],
        *[ev.advice_session(f"s{n}", nis=SCHOTEN, day=MARCH) for n in range(2)],
        *[ev.advice_session(f"v{n}", nis=VILVOORDE, day=APRIL) for n in range(6)],
        *[ev.advice_session(f"b{n}", nis=BOECHOUT, day=JULY) for n in range(8)],
    )


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"grain": "week"}, "grain"),
        ({"level": "street"}, "level"),
        ({"attribution": "hospital"}, "attribution"),
        ({"period_from": "2026-13-01"}, "period_from"),
    ],
)
async def test_bad_filters_are_422_problems(harness: Harness, params: dict[str, str], location: str) -> None:
    async with harness.client() as client:
        response = await client.get("/indicators/prenatal-advice-sessions", params=params, headers=ANALYST)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert any(location in error["loc"] for error in body["errors"])


@pytest.mark.parametrize(
    "params",
    [
        {"period_from": "2026-06-01", "period_to": "2026-01-01"},
        {"period_from": "2000-01-01", "period_to": "2026-01-01"},
        {"region": "atlantis"},
        {"region": ANTWERPEN, "level": "elz"},
        {"programme": "perinatal care"},
    ],
)
async def test_filters_that_cannot_be_answered_are_422_problems(
    harness: Harness, params: dict[str, str]
) -> None:
    async with harness.client() as client:
        response = await client.get("/indicators/prenatal-advice-sessions", params=params, headers=ANALYST)
        export = await client.get("/exports/prenatal-advice-sessions.csv", params=params, headers=ANALYST)
    assert response.status_code == export.status_code == 422
    assert response.json()["code"] == "REPORTING_INVALID_REQUEST"


async def test_breakdowns_are_published_from_the_elz_level_up(harness: Harness) -> None:
    async with harness.client() as client:
        response = await client.get(
            "/indicators/scenario-mix", params={"level": "municipality"}, headers=ANALYST
        )
    assert response.status_code == 422
    assert "ELZ" in response.json()["detail"]


async def test_unknown_indicator_is_a_404_problem(harness: Harness) -> None:
    async with harness.client() as client:
        response = await client.get("/indicators/happiness", headers=ANALYST)
        export = await client.get("/exports/happiness.csv", headers=ANALYST)
    assert response.status_code == export.status_code == 404
    assert response.json()["code"] == "REPORTING_UNKNOWN_INDICATOR"


async def test_policy_analysts_and_care_councils_read_figures_others_do_not(harness: Harness) -> None:
    async with harness.client() as client:
        for headers in (ANALYST, COUNCIL):
            assert (await client.get("/indicators", headers=headers)).status_code == 200
            assert (await client.get("/exports/active-users.csv", headers=headers)).status_code == 200
        for role in ("ops", "professional", "finance_officer"):
            assert (await client.get("/indicators/active-users", headers=auth(role))).status_code == 403
        assert (await client.get("/indicators/active-users")).status_code == 401
        assert (await client.get("/exports/active-users.csv")).status_code == 401


async def test_the_catalogue_lists_the_five_evaluation_criteria_and_the_monitoring_indicators(
    harness: Harness,
) -> None:
    async with harness.client() as client:
        catalogue = (await client.get("/indicators", headers=ANALYST)).json()
    rules = [entry["rule"] for entry in catalogue if entry["evaluation_criterion"]]
    assert rules == ["REP-01", "REP-02", "REP-03", "REP-04", "REP-05"]
    assert {entry["rule"] for entry in catalogue} >= {
        "SCR-05",
        "SCR-06",
        "SCR-07",
        "CT-31",
        "CT-33",
        "REP-11",
        "FIN-30",
        "DF",
    }
    assert all(entry["title"]["nl"] and entry["title"]["en"] for entry in catalogue)


async def test_region_filter_keeps_the_areas_inside_and_periods_are_whole(harness: Harness) -> None:
    await feed_sessions(harness)
    async with harness.client() as client:
        inside = await figures(
            client,
            "prenatal-advice-sessions",
            level="municipality",
            region="elz2",
            period_from="2026-03-20",
            period_to="2026-03-21",
        )
        province = await figures(
            client, "prenatal-advice-sessions", grain="quarter", level="elz", region="10000"
        )
    assert values(inside) == {ANTWERPEN: "x", SCHOTEN: "<5"}
    assert (inside["period_from"], inside["period_to"], inside["periods"]) == (
        "2026-03-01",
        "2026-03-31",
        ["2026-03"],
    )
    assert {(row["period"], row["region_code"]): row["value"] for row in province["rows"]} == {
        ("2026-Q1", "elz2"): "9",
        ("2026-Q3", "elz55"): "8",
    }


async def test_the_marks_of_a_cell_do_not_depend_on_the_filters(harness: Harness) -> None:
    await feed_sessions(harness)
    async with harness.client() as client:
        whole_year = await figures(client, "prenatal-advice-sessions", grain="month", level="municipality")
        one_month = await figures(
            client,
            "prenatal-advice-sessions",
            grain="month",
            level="municipality",
            period_from="2026-03-01",
            period_to="2026-03-31",
            region="10000",
        )
        quarter = await figures(client, "prenatal-advice-sessions", grain="quarter", level="municipality")
    march = {r["region_code"]: r["value"] for r in whole_year["rows"] if r["period"] == "2026-03"}
    assert march == values(one_month) == {ANTWERPEN: "x", SCHOTEN: "<5"}
    # Months, quarters and years are protected together: Q1 cannot be used to recover March's cells.
    q1 = {r["region_code"]: r["value"] for r in quarter["rows"] if r["period"] == "2026-Q1"}
    assert q1 == {ANTWERPEN: "x", SCHOTEN: "<5"}


async def test_the_small_cell_threshold_is_a_setting(harness: Harness) -> None:
    await feed_sessions(harness)
    async with harness.client(small_cell_threshold=10) as client:
        body = await figures(client, "prenatal-advice-sessions", grain="year", level="elz")
    assert body["small_cell_threshold"] == 10
    assert set(values(body).values()) <= {"<10", "x", "23"}
    assert values(body)["elz2"] == "<10"


async def test_csv_export_has_the_same_protected_figures_as_the_api(harness: Harness) -> None:
    await feed_sessions(harness)
    params = {
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "grain": "month",
        "level": "municipality",
    }
    async with harness.client() as client:
        api = await client.get("/indicators/prenatal-advice-sessions", params=params, headers=ANALYST)
        export = await client.get("/exports/prenatal-advice-sessions.csv", params=params, headers=COUNCIL)
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(export.text)))
    assert [(line["period"], line["region_code"], line["value"]) for line in lines] == [
        (row["period"], row["region_code"], row["value"]) for row in api.json()["rows"]
    ]
    assert {line["value"] for line in lines} >= {"<5", "x"}
    assert lines[0]["indicator"] == "REP-03.prenatal_advice_sessions"


async def test_csv_export_of_a_breakdown_has_a_column_per_dimension(harness: Harness) -> None:
    await harness.feed(*[ev.screened(f"a{n}", nis=ANTWERPEN, day=MARCH, scenario="A") for n in range(6)])
    async with harness.client() as client:
        export = await client.get(
            "/exports/scenario-mix.csv", params={"grain": "year", "level": "region"}, headers=ANALYST
        )
    assert export.text.splitlines()[0].split(",") == [
        "indicator",
        "programme",
        "period",
        "level",
        "region_code",
        "region_name",
        "parent_code",
        "scenario",
        "value",
        "numerator",
        "denominator",
        "suppressed",
    ]
    assert "FLANDERS" in export.text and ",A,6," in export.text


async def test_programme_filter_keeps_programmes_apart(harness: Harness) -> None:
    await harness.feed(
        *[ev.registered(f"p{n}", nis=ANTWERPEN, day=MARCH) for n in range(6)],
        *[ev.registered(f"o{n}", nis=ANTWERPEN, day=MARCH, programme="CHILD_OBESITY") for n in range(2)],
    )
    async with harness.client() as client:
        everything = await figures(client, "screenings-per-pregnancy", grain="year", level="region")
        obesity = await figures(
            client, "screenings-per-pregnancy", grain="year", level="region", programme="child_obesity"
        )
    assert {(r["programme"], r["denominator"]) for r in everything["rows"]} == {
        ("CHILD_OBESITY", "<5"),
        ("PERINATAL", "6"),
    }
    assert [(r["programme"], r["denominator"]) for r in obesity["rows"]] == [("CHILD_OBESITY", "<5")]


async def test_event_log_summary_stays_for_ops(harness: Harness) -> None:
    await feed_sessions(harness)
    async with harness.client() as client:
        summary = await client.get("/ops/event-log/summary", headers=OPS)
        refused = await client.get("/ops/event-log/summary", headers=ANALYST)
    assert summary.json() == {
        "total": 23,
        "by_type": [{"event_type": "screening.prenatal_advice_session.held", "count": 23}],
    }
    assert refused.status_code == 403


async def test_every_route_is_documented_with_a_summary_and_its_errors(harness: Harness) -> None:
    async with harness.client() as client:
        spec = (await client.get("/openapi.json")).json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            if path.startswith(("/indicators/", "/exports/")):
                assert {"401", "403", "404", "422"} <= set(operation["responses"]), path
    assert {"401", "403", "409"} <= set(spec["paths"]["/ops/rebuild"]["post"]["responses"])
