"""Screenings through HTTP against a real PostgreSQL: scenarios, timing, corrections, re-screening
(SCR-02..SCR-08), with the events they queue in the outbox."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from screening.adapters import orm
from tests.screening.api.builders import (
    PRO,
    assert_problem,
    count_rows,
    edd_at_week,
    event_types,
    events,
    national_number,
    performer,
    record_screening,
    register,
    screening,
    summary,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration

HOUSING, SUPPORT, VIOLENCE = "HOUSING_PROBLEMS", "LACK_OF_SOCIAL_SUPPORT", "VICTIM_OF_VIOLENCE"


async def scenario_events(api: httpx.AsyncClient, pseudonym: str) -> list[dict[str, object]]:
    return [
        e["payload"]
        for e in await events(api, pseudonym)
        if e["event_type"] == "screening.scenario.determined"
    ]


@pytest.mark.parametrize(
    ("indicators", "scenario"),
    [((), "0"), ((HOUSING,), "A"), ((HOUSING, SUPPORT), "B"), ((HOUSING, HOUSING), "A")],
)
async def test_scr04_scr05_a_completed_screening_determines_scenario_0_a_or_b_by_distinct_indicators(
    api: httpx.AsyncClient, indicators: tuple[str, ...], scenario: str
) -> None:
    pregnancy = await register(api)

    recorded = await record_screening(api, pregnancy["id"], screening(TODAY, *indicators))

    assert recorded["screening"]["scenario"] == scenario
    current = recorded["current_scenario"]
    assert current["scenario"] == scenario
    assert current["basis"] == "TOOL_RESULT"
    assert current["record_id"] == recorded["screening"]["id"]
    assert current["explanation"].startswith(f"Scenario {scenario}:")
    [determined] = await scenario_events(api, pregnancy["client_pseudonym"])
    assert determined["scenario"] == scenario
    assert determined["exception"] is False
    assert determined["record_id"] == recorded["screening"]["id"]


async def test_scr05_the_screening_event_carries_indicators_scenario_performer_residence_and_no_national_number(
    api: httpx.AsyncClient,
) -> None:
    number = national_number()
    pregnancy = await register(api, national_number=number, residence_nis="11007")

    recorded = await record_screening(
        api,
        pregnancy["id"],
        screening(
            TODAY,
            SUPPORT,
            HOUSING,
            performer=performer(funding_type="WELFARE", profession="SOCIAL_WORKER", organisation_kind="CAW"),
        ),
    )

    queued = await events(api, pregnancy["client_pseudonym"])
    assert [e["event_type"] for e in queued] == [
        "screening.pregnancy.registered",
        "screening.screening.recorded",
        "screening.scenario.determined",
    ]
    payload = queued[1]["payload"]
    assert payload["screening_id"] == recorded["screening"]["id"]
    assert payload["indicators"] == [HOUSING, SUPPORT]
    assert payload["topics"] == ["HOUSING", "SOCIAL_SUPPORT"]
    assert (payload["scenario"], payload["status"], payload["late"]) == ("B", "COMPLETED", False)
    assert payload["performer"]["profession"] == "SOCIAL_WORKER"
    assert payload["funding_type"] == "WELFARE"
    assert payload["residence_nis"] == "11002"
    assert all(e["subject"] == pregnancy["client_pseudonym"] for e in queued)
    assert not any(number in json.dumps(e) for e in queued)


async def test_scr05_partial_and_refused_screenings_never_determine_a_scenario(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)

    partial = await record_screening(api, pregnancy["id"], screening(TODAY, HOUSING, status="PARTIAL"))
    refused = await record_screening(api, pregnancy["id"], screening(TODAY, status="REFUSED"))

    assert partial["screening"]["scenario"] is None
    assert refused["current_scenario"]["scenario"] is None
    assert await scenario_events(api, pregnancy["client_pseudonym"]) == []
    assert "NO_INCLUSION_RESULT_YET" in (await summary(api, pregnancy["id"]))["flags"]


async def test_scr05_a_refused_screening_with_indicators_is_refused(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)

    response = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings",
        json=screening(TODAY, HOUSING, status="REFUSED"),
        headers=PRO,
    )

    assert_problem(response, 422, "SCR_05_REFUSED_SCREENING_HAS_INDICATORS")


async def test_scr03_unknown_indicator_codes_are_refused_naming_them_and_nothing_is_stored(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)

    response = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings", json=screening(TODAY, HOUSING, "POVERTY"), headers=PRO
    )

    problem = assert_problem(response, 422, "SCR_03_UNKNOWN_INDICATOR")
    assert problem["rule"] == "SCR-03"
    assert problem["unknown"] == ["POVERTY"]
    assert await count_rows(api, orm.inclusion_record, pregnancy["id"]) == 0
    assert await event_types(api, pregnancy["client_pseudonym"]) == ["screening.pregnancy.registered"]


async def test_scr02_unknown_topic_codes_are_refused(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)

    response = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings", json=screening(TODAY, topics=["WEATHER"]), headers=PRO
    )

    assert_problem(response, 422, "SCR_02_UNKNOWN_TOPIC")


async def test_scr07_a_screening_after_gestational_week_14_is_accepted_and_marked_late(
    api: httpx.AsyncClient,
) -> None:
    on_time = await register(api, expected_delivery_date=edd_at_week(13))
    late = await register(api, expected_delivery_date=edd_at_week(14))

    first = await record_screening(api, on_time["id"], screening(TODAY, HOUSING))
    second = await record_screening(api, late["id"], screening(TODAY, HOUSING))

    assert (first["screening"]["late"], first["screening"]["gestational_week"]) == (False, 13)
    assert (second["screening"]["late"], second["screening"]["gestational_week"]) == (True, 14)
    assert (await events(api, late["client_pseudonym"]))[1]["payload"]["late"] is True
    assert "LATE_SCREENING" in (await summary(api, late["id"]))["flags"]


async def test_scr07_a_screening_up_to_7_days_after_birth_is_accepted_and_8_days_is_refused_with_nothing_stored(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api, expected_delivery_date=TODAY - timedelta(days=10))
    birth_date = TODAY - timedelta(days=10)
    born = await api.post(
        f"/pregnancies/{pregnancy['id']}/birth", json={"birth_date": birth_date.isoformat()}, headers=PRO
    )
    assert born.status_code == 200

    day_7 = await record_screening(api, pregnancy["id"], screening(birth_date + timedelta(days=7), HOUSING))
    day_8 = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings",
        json=screening(birth_date + timedelta(days=8)),
        headers=PRO,
    )

    assert day_7["screening"]["days_after_birth"] == 7
    problem = assert_problem(day_8, 422, "SCR_07_SCREENING_AFTER_BIRTH_WINDOW")
    assert problem["rule"] == "SCR-07"
    assert problem["days_after_birth"] == 8
    assert await count_rows(api, orm.inclusion_record, pregnancy["id"]) == 1


async def test_scr07_a_screening_in_the_future_or_before_the_pregnancy_is_refused(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api, expected_delivery_date=edd_at_week(2))

    future = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings", json=screening(TODAY + timedelta(days=1)), headers=PRO
    )
    before = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings", json=screening(TODAY - timedelta(days=15)), headers=PRO
    )

    assert_problem(future, 422, "SCR_07_SCREENING_DATE_IN_FUTURE")
    assert_problem(before, 422, "SCR_07_SCREENING_BEFORE_PREGNANCY")


async def test_scr05_a_correction_supersedes_the_earlier_record_which_stays_readable(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    original = await record_screening(
        api, pregnancy["id"], screening(TODAY - timedelta(days=2), HOUSING, SUPPORT)
    )
    original_id = original["screening"]["id"]

    corrected = await record_screening(
        api,
        pregnancy["id"],
        screening(
            TODAY - timedelta(days=2),
            HOUSING,
            supersedes=original_id,
            correction_reason="Support ticked by mistake",
        ),
    )

    assert corrected["screening"]["supersedes"] == original_id
    assert corrected["current_scenario"]["scenario"] == "A"
    view = await summary(api, pregnancy["id"])
    by_id = {s["id"]: s for s in view["screenings"]}
    assert by_id[original_id]["superseded_by"] == corrected["screening"]["id"]
    assert by_id[original_id]["current"] is False
    assert by_id[original_id]["indicators"] == [HOUSING, SUPPORT]
    assert by_id[corrected["screening"]["id"]]["correction_reason"] == "Support ticked by mistake"
    assert "HAS_CORRECTIONS" in view["flags"]
    assert [e["scenario"] for e in await scenario_events(api, pregnancy["client_pseudonym"])] == ["B", "A"]
    recorded = [
        e
        for e in await events(api, pregnancy["client_pseudonym"])
        if e["event_type"] == "screening.screening.recorded"
    ]
    assert recorded[-1]["payload"]["supersedes"] == original_id
    assert recorded[-1]["payload"]["correction_reason"] == "Support ticked by mistake"


async def test_scr05_a_correction_needs_a_reason_and_an_existing_not_yet_superseded_record(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    original = (await record_screening(api, pregnancy["id"], screening(TODAY, HOUSING)))["screening"]["id"]
    url = f"/pregnancies/{pregnancy['id']}/screenings"

    no_reason = await api.post(url, json=screening(TODAY, supersedes=original), headers=PRO)
    ghost = await api.post(
        url,
        json=screening(TODAY, supersedes="8d1c7c55-8a9c-4f7e-9d4c-2b6a1f0e5c11", correction_reason="x"),
        headers=PRO,
    )
    await record_screening(
        api, pregnancy["id"], screening(TODAY, supersedes=original, correction_reason="first fix")
    )
    twice = await api.post(
        url, json=screening(TODAY, supersedes=original, correction_reason="second fix"), headers=PRO
    )

    assert_problem(no_reason, 422, "SCR_CORRECTION_REASON_REQUIRED")
    assert_problem(ghost, 404, "SCR_SUPERSEDED_RECORD_NOT_FOUND")
    assert_problem(twice, 409, "SCR_RECORD_ALREADY_SUPERSEDED")
    assert await count_rows(api, orm.inclusion_record, pregnancy["id"]) == 2


async def test_scr05_rescreening_is_allowed_and_the_latest_completed_screening_sets_the_scenario(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=20), HOUSING))
    same = await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=10), HOUSING))
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=5), status="PARTIAL"))
    later = await record_screening(api, pregnancy["id"], screening(TODAY, HOUSING, VIOLENCE))

    assert same["current_scenario"]["record_id"] == same["screening"]["id"]
    assert later["current_scenario"]["scenario"] == "B"
    # Only a change of scenario, basis or indicators is published: the identical re-screening was not.
    assert [e["scenario"] for e in await scenario_events(api, pregnancy["client_pseudonym"])] == ["A", "B"]


async def test_scr08_only_the_first_completed_screening_by_a_health_insurance_provider_is_reimbursable(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)

    partial = await record_screening(api, pregnancy["id"], screening(TODAY, status="PARTIAL"))
    welfare = await record_screening(
        api, pregnancy["id"], screening(TODAY, performer=performer(funding_type="WELFARE"))
    )
    first = await record_screening(api, pregnancy["id"], screening(TODAY, HOUSING))
    second = await record_screening(api, pregnancy["id"], screening(TODAY, HOUSING))

    assert partial["screening"]["non_reimbursable_reason"] == "NOT_COMPLETED"
    assert welfare["screening"]["non_reimbursable_reason"] == "NOT_HEALTH_INSURANCE_PROVIDER"
    assert first["screening"]["reimbursable"] is True
    assert (second["screening"]["reimbursable"], second["screening"]["non_reimbursable_reason"]) == (
        False,
        "CAP_REACHED",
    )
