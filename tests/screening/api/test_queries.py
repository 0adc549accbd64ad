"""The read side through HTTP: summary with flags, lists for the front ends, and who may read or write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from screening.domain import rules
from screening.domain.model import InclusionBasis, Scenario, ScenarioDetermination, ScenarioFilter
from tests.conftest import auth
from tests.screening.api.builders import (
    PRO,
    assert_problem,
    edd_at_week,
    performer,
    professional_id,
    record_screening,
    register,
    screening,
    summary,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration


async def page(api: httpx.AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    query: list[tuple[str, str | int | float | bool | None]] = [
        (k, str(x)) for k, v in params.items() for x in (v if isinstance(v, list | tuple) else [v])
    ]
    response = await api.get(path, params=query, headers=PRO)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def decide(api: httpx.AsyncClient, pregnancy_id: str, *indicators: str, days_ago: int = 5) -> None:
    response = await api.post(
        f"/pregnancies/{pregnancy_id}/inclusion-decisions",
        json={
            "decision_date": (TODAY - timedelta(days=days_ago)).isoformat(),
            "performer": performer(),
            "reason": "REFUSAL",
            "indicators": list(indicators),
        },
        headers=PRO,
    )
    assert response.status_code == 201, response.text


async def pregnancies_in_every_scenario(api: httpx.AsyncClient, first_contact: str) -> dict[str, str]:
    """One pregnancy per current-scenario situation, all with the same first-contact professional."""
    made: dict[str, str] = {}
    for name in (
        "none",
        "partial",
        "0",
        "A",
        "B",
        "exception A",
        "exception B",
        "B corrected to A",
        "later A",
    ):
        made[name] = (await register(api, first_contact_professional_id=first_contact))["id"]
    day = TODAY - timedelta(days=10)
    await record_screening(api, made["partial"], screening(day, "HOUSING_PROBLEMS", status="PARTIAL"))
    await record_screening(api, made["0"], screening(day))
    await record_screening(api, made["A"], screening(day, "HOUSING_PROBLEMS"))
    await record_screening(api, made["B"], screening(day, "HOUSING_PROBLEMS", "SUBSTANCE_USE"))
    await decide(api, made["exception A"], "SUBSTANCE_USE")
    await decide(api, made["exception B"], "SUBSTANCE_USE", "VICTIM_OF_VIOLENCE")
    wrong = await record_screening(
        api, made["B corrected to A"], screening(day, "HOUSING_PROBLEMS", "SUBSTANCE_USE")
    )
    await record_screening(
        api,
        made["B corrected to A"],
        screening(day, "HOUSING_PROBLEMS", supersedes=wrong["screening"]["id"], correction_reason="typo"),
    )
    await decide(api, made["later A"], "SUBSTANCE_USE", "VICTIM_OF_VIOLENCE", days_ago=20)
    await record_screening(api, made["later A"], screening(day, "HOUSING_PROBLEMS"))
    return made


async def test_summary_shows_the_scenario_and_why_the_period_and_the_history(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api, expected_delivery_date=edd_at_week(12))
    recorded = await record_screening(
        api, pregnancy["id"], screening(TODAY, "HOUSING_PROBLEMS", "SUBSTANCE_USE")
    )

    view = await summary(api, pregnancy["id"])

    assert view["pregnancy"]["client_pseudonym"] == pregnancy["client_pseudonym"]
    assert "national_number" not in view["pregnancy"]
    assert view["period"] == {
        "on": TODAY.isoformat(),
        "period": "PRENATAL",
        "gestational_age_days": 84,
        "programme_end_date": None,
    }
    current = view["current_scenario"]
    assert (current["scenario"], current["basis"], current["record_id"]) == (
        "B",
        "TOOL_RESULT",
        recorded["screening"]["id"],
    )
    assert current["indicators"] == ["HOUSING_PROBLEMS", "SUBSTANCE_USE"]
    assert current["explanation"] == (
        f"Scenario B: 2 vulnerability indicator(s) found by the completed screening of {TODAY.isoformat()} (SCR-05)."
    )
    assert [s["id"] for s in view["screenings"]] == [recorded["screening"]["id"]]
    assert view["flags"] == []


async def test_scr07_summary_flags_an_overdue_screening_and_a_closed_window(api: httpx.AsyncClient) -> None:
    overdue = await register(api, expected_delivery_date=edd_at_week(15))
    closed = await register(api, expected_delivery_date=TODAY - timedelta(days=10))
    born = await api.post(
        f"/pregnancies/{closed['id']}/birth",
        json={"birth_date": (TODAY - timedelta(days=10)).isoformat()},
        headers=PRO,
    )
    assert born.status_code == 200

    assert set((await summary(api, overdue["id"]))["flags"]) == {
        "NO_INCLUSION_RESULT_YET",
        "SCREENING_OVERDUE",
    }
    assert set((await summary(api, overdue["id"], on=TODAY - timedelta(days=8)))["flags"]) == {
        "NO_INCLUSION_RESULT_YET"
    }
    closed_view = await summary(api, closed["id"])
    assert "SCREENING_WINDOW_CLOSED" in closed_view["flags"]
    assert closed_view["period"]["period"] == "POSTNATAL"


async def test_pregnancies_are_listed_by_professional_municipality_and_expected_date_with_pagination(
    api: httpx.AsyncClient,
) -> None:
    first_contact, screener = professional_id(), professional_id()
    mine = [
        await register(
            api,
            first_contact_professional_id=first_contact,
            expected_delivery_date=edd_at_week(w),
            residence_nis=nis,
        )
        for w, nis in ((10, "11007"), (12, "11002"), (20, "44021"))
    ]
    screened = await register(api, expected_delivery_date=edd_at_week(8))
    await record_screening(
        api,
        screened["id"],
        screening(TODAY, "HOUSING_PROBLEMS", performer=performer(professional_id=screener)),
    )

    first_page = await page(api, "/pregnancies", professional_id=first_contact, limit=2)
    second_page = await page(api, "/pregnancies", professional_id=first_contact, limit=2, offset=2)
    antwerp = await page(api, "/pregnancies", professional_id=first_contact, residence_nis="11007")
    in_range = await page(
        api,
        "/pregnancies",
        professional_id=first_contact,
        expected_from=edd_at_week(15),
        expected_to=edd_at_week(11),
    )
    as_performer = await page(api, "/pregnancies", professional_id=screener)

    by_edd = sorted(mine, key=lambda p: p["expected_delivery_date"])
    assert first_page["total"] == 3
    assert [i["id"] for i in first_page["items"] + second_page["items"]] == [p["id"] for p in by_edd]
    assert {i["id"] for i in antwerp["items"]} == {mine[0]["id"], mine[1]["id"]}
    assert [i["id"] for i in in_range["items"]] == [mine[1]["id"]]
    [item] = as_performer["items"]
    assert (item["id"], item["scenario"], item["period"]) == (screened["id"], "A", "PRENATAL")


async def test_screenings_are_listed_by_performer_municipality_date_and_status_leaving_out_corrected_ones(
    api: httpx.AsyncClient,
) -> None:
    who = performer(professional_id=professional_id())
    ghent, antwerp = await register(api, residence_nis="44021"), await register(api, residence_nis="11002")
    old = await record_screening(api, ghent["id"], screening(TODAY - timedelta(days=20), performer=who))
    fixed = await record_screening(
        api,
        ghent["id"],
        screening(
            TODAY - timedelta(days=20),
            "HOUSING_PROBLEMS",
            performer=who,
            supersedes=old["screening"]["id"],
            correction_reason="typo",
        ),
    )
    partial = await record_screening(
        api, antwerp["id"], screening(TODAY - timedelta(days=2), status="PARTIAL", performer=who)
    )

    everything = await page(api, "/screenings", professional_id=who["professional_id"])
    with_history = await page(
        api, "/screenings", professional_id=who["professional_id"], current_only="false"
    )
    recent = await page(
        api,
        "/screenings",
        professional_id=who["professional_id"],
        date_from=TODAY - timedelta(days=7),
        date_to=TODAY,
    )
    in_ghent = await page(api, "/screenings", professional_id=who["professional_id"], residence_nis="44021")
    partials = await page(api, "/screenings", professional_id=who["professional_id"], status="PARTIAL")

    assert [i["id"] for i in everything["items"]] == [partial["screening"]["id"], fixed["screening"]["id"]]
    assert with_history["total"] == 3
    superseded = next(i for i in with_history["items"] if i["id"] == old["screening"]["id"])
    assert superseded["superseded_by"] == fixed["screening"]["id"]
    assert [i["id"] for i in recent["items"]] == [partial["screening"]["id"]]
    assert [(i["id"], i["client_pseudonym"]) for i in in_ghent["items"]] == [
        (fixed["screening"]["id"], ghent["client_pseudonym"])
    ]
    assert [i["id"] for i in partials["items"]] == [partial["screening"]["id"]]


async def test_a_case_manager_reads_but_does_not_write_and_other_roles_do_neither(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    url = f"/pregnancies/{pregnancy['id']}"

    assert (await api.get(f"{url}/summary", headers=auth("case_manager"))).status_code == 200
    assert (await api.get("/screenings", headers=auth("coordinator"))).status_code == 200
    write = await api.post(f"{url}/screenings", json=screening(TODAY), headers=auth("case_manager"))
    read = await api.get(f"{url}/summary", headers=auth("finance_officer"))
    anonymous = await api.get("/pregnancies")

    assert (write.status_code, write.json()["code"]) == (403, "ROLE_REQUIRED")
    assert (read.status_code, read.json()["code"]) == (403, "ROLE_REQUIRED")
    assert anonymous.status_code == 401


async def test_scr05_scr06_pregnancies_are_filtered_by_their_current_scenario(api: httpx.AsyncClient) -> None:
    first_contact = professional_id()
    made = await pregnancies_in_every_scenario(api, first_contact)
    names = {v: k for k, v in made.items()}

    async def listed(*scenario: str) -> set[str]:
        body = await page(api, "/pregnancies", professional_id=first_contact, scenario=list(scenario))
        assert body["total"] == len(body["items"])
        return {names[i["id"]] for i in body["items"]}

    assert await listed("UNDETERMINED") == {"none", "partial"}
    assert await listed("0") == {"0"}
    assert await listed("A") == {"A", "exception A", "B corrected to A", "later A"}
    assert await listed("B") == {"B", "exception B"}
    assert await listed("EXCEPTION") == {"exception A", "exception B"}
    assert await listed("A", "B") == await listed("A") | await listed("B")
    assert await listed() == set(made)


async def test_scr05_scr06_the_sql_scenario_filter_agrees_with_the_domain_rule_on_every_value(
    api: httpx.AsyncClient,
) -> None:
    first_contact = professional_id()
    await pregnancies_in_every_scenario(api, first_contact)
    everything = (await page(api, "/pregnancies", professional_id=first_contact))["items"]

    def determination(item: dict[str, Any]) -> ScenarioDetermination:
        if item["scenario"] is None:
            return ScenarioDetermination(scenario=None)
        basis = (
            InclusionBasis.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT
            if item["exception"]
            else InclusionBasis.TOOL_RESULT
        )
        return ScenarioDetermination(scenario=Scenario(item["scenario"]), basis=basis)

    for wanted in ScenarioFilter:
        body = await page(api, "/pregnancies", professional_id=first_contact, scenario=wanted.value)
        expected = {i["id"] for i in everything if rules.matches_scenario_filter(determination(i), {wanted})}
        assert {i["id"] for i in body["items"]} == expected, wanted


async def test_scr05_a_scenario_filtered_pregnancy_list_pages_with_a_total_over_all_pages(
    api: httpx.AsyncClient,
) -> None:
    first_contact = professional_id()
    await pregnancies_in_every_scenario(api, first_contact)

    first = await page(api, "/pregnancies", professional_id=first_contact, scenario="A", limit=3)
    rest = await page(api, "/pregnancies", professional_id=first_contact, scenario="A", limit=3, offset=3)
    too_big = await api.get("/pregnancies", params={"limit": 201}, headers=PRO)
    unknown = await api.get("/pregnancies", params={"scenario": "C"}, headers=PRO)

    assert (first["total"], len(first["items"]), len(rest["items"])) == (4, 3, 1)
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in rest["items"]}
    assert_problem(too_big, 422, "VALIDATION_ERROR")
    assert_problem(unknown, 422, "VALIDATION_ERROR")


async def test_scr05_scr06_screenings_are_filtered_by_the_current_scenario_of_their_pregnancy(
    api: httpx.AsyncClient,
) -> None:
    who = performer(professional_id=professional_id())
    b, corrected, exception = await register(api), await register(api), await register(api)
    day = TODAY - timedelta(days=10)
    in_b = await record_screening(
        api, b["id"], screening(day, "HOUSING_PROBLEMS", "SUBSTANCE_USE", performer=who)
    )
    wrong = await record_screening(
        api, corrected["id"], screening(day, "HOUSING_PROBLEMS", "SUBSTANCE_USE", performer=who)
    )
    fixed = await record_screening(
        api,
        corrected["id"],
        screening(
            day,
            "HOUSING_PROBLEMS",
            performer=who,
            supersedes=wrong["screening"]["id"],
            correction_reason="typo",
        ),
    )
    refused = await record_screening(
        api, exception["id"], screening(day - timedelta(days=1), status="REFUSED", performer=who)
    )
    await decide(api, exception["id"], "SUBSTANCE_USE", "VICTIM_OF_VIOLENCE")

    scenario_b = await page(api, "/screenings", professional_id=who["professional_id"], scenario="B")
    scenario_a_history = await page(
        api, "/screenings", professional_id=who["professional_id"], scenario="A", current_only="false"
    )
    on_exception = await page(
        api, "/screenings", professional_id=who["professional_id"], scenario="EXCEPTION"
    )

    assert {i["id"] for i in scenario_b["items"]} == {in_b["screening"]["id"], refused["screening"]["id"]}
    assert {(i["scenario"], i["pregnancy_scenario"]) for i in scenario_b["items"]} == {
        ("B", "B"),
        (None, "B"),
    }
    assert {i["id"] for i in scenario_a_history["items"]} == {
        wrong["screening"]["id"],
        fixed["screening"]["id"],
    }
    assert scenario_a_history["total"] == 2
    [item] = on_exception["items"]
    assert (item["id"], item["status"], item["pregnancy_exception"]) == (
        refused["screening"]["id"],
        "REFUSED",
        True,
    )
