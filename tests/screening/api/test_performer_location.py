"""Where the performer works (REP-08, Q-05) through HTTP: an optional `location_nis` on the performer of
screenings, inclusion decisions, prenatal advice sessions and referrals, validated like the residence (2025
list, retired codes mapped through the crosswalk, unknown codes refused), stored with the record, returned and
published in the event's `performer.location_nis` (`referrer.location_nis` for a referral)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from screening.adapters import orm
from tests.screening.api.builders import (
    PRO,
    assert_problem,
    count_rows,
    events,
    performer,
    record_screening,
    register,
    screening,
    sessionmaker_of,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration

GENT = "44021"
BEVEREN_RETIRED, BEVEREN_KRUIBEKE_ZWIJNDRECHT = "46003", "46030"  # merged on 2025-01-01
BORSBEEK_RETIRED, ANTWERPEN = "11007", "11002"  # merged into Antwerpen on 2025-01-01
UNKNOWN = "99999"


async def stored_location(api: httpx.AsyncClient, table: Any, record_id: str) -> str | None:
    async with sessionmaker_of(api)() as session:
        value = await session.scalar(select(table.c.location_nis).where(table.c.id == uuid.UUID(record_id)))
    return None if value is None else str(value)


async def last_event(api: httpx.AsyncClient, key: str, event_type: str) -> dict[str, Any]:
    matching = [e for e in await events(api, key) if e["event_type"] == event_type]
    assert matching, f"no {event_type} under {key}"
    return dict(matching[-1]["payload"])


async def included(api: httpx.AsyncClient) -> dict[str, Any]:
    pregnancy = await register(api)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=30), "HOUSING_PROBLEMS"))
    return pregnancy


async def test_rep08_a_screening_stores_returns_and_publishes_where_the_performer_works(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api, residence_nis=BORSBEEK_RETIRED)

    recorded = await record_screening(
        api, pregnancy["id"], screening(TODAY, "HOUSING_PROBLEMS", performer=performer(location_nis=GENT))
    )

    record = recorded["screening"]
    assert record["performer"]["location_nis"] == GENT
    assert await stored_location(api, orm.inclusion_record, record["id"]) == GENT
    payload = await last_event(api, pregnancy["client_pseudonym"], "screening.screening.recorded")
    # both attributions travel: the residence (default) and where the performer works (on request)
    assert (payload["residence_nis"], payload["performer"]["location_nis"]) == (ANTWERPEN, GENT)


async def test_rep08_without_a_location_the_performer_has_none_and_the_event_carries_null(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)

    recorded = await record_screening(api, pregnancy["id"], screening(TODAY, "HOUSING_PROBLEMS"))

    assert recorded["screening"]["performer"]["location_nis"] is None
    assert await stored_location(api, orm.inclusion_record, recorded["screening"]["id"]) is None
    payload = await last_event(api, pregnancy["client_pseudonym"], "screening.screening.recorded")
    assert payload["performer"]["location_nis"] is None


async def test_q05_an_inclusion_decision_maps_a_retired_location_to_its_2025_code(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    body = {
        "decision_date": TODAY.isoformat(),
        "performer": performer(
            profession="GP", organisation_kind="GP_PRACTICE", location_nis=BEVEREN_RETIRED
        ),
        "reason": "REFUSAL",
        "indicators": ["VICTIM_OF_VIOLENCE"],
    }

    response = await api.post(f"/pregnancies/{pregnancy['id']}/inclusion-decisions", json=body, headers=PRO)

    assert response.status_code == 201, response.text
    decision = response.json()["decision"]
    assert decision["performer"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT
    assert await stored_location(api, orm.inclusion_record, decision["id"]) == BEVEREN_KRUIBEKE_ZWIJNDRECHT
    payload = await last_event(api, pregnancy["client_pseudonym"], "screening.inclusion.decided")
    assert payload["performer"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT
    summary = (await api.get(f"/pregnancies/{pregnancy['id']}/summary", headers=PRO)).json()
    assert summary["inclusion_decisions"][0]["performer"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT


async def test_rep08_a_prenatal_advice_session_and_its_correction_carry_the_location(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await included(api)
    url = f"/pregnancies/{pregnancy['id']}/prenatal-advice-sessions"
    first = await api.post(
        url,
        json={
            "session_date": (TODAY - timedelta(days=5)).isoformat(),
            "performer": performer(location_nis=GENT),
        },
        headers=PRO,
    )
    assert first.status_code == 201, first.text

    correction = await api.post(
        url,
        json={
            "session_date": (TODAY - timedelta(days=4)).isoformat(),
            "performer": performer(location_nis=BORSBEEK_RETIRED),
            "supersedes": first.json()["id"],
            "correction_reason": "held at the Antwerp practice",
        },
        headers=PRO,
    )

    assert correction.status_code == 201, correction.text
    assert first.json()["performer"]["location_nis"] == GENT
    assert correction.json()["performer"]["location_nis"] == ANTWERPEN
    assert await stored_location(api, orm.prenatal_advice_session, first.json()["id"]) == GENT
    assert await stored_location(api, orm.prenatal_advice_session, correction.json()["id"]) == ANTWERPEN
    held = [
        (e["event_version"], e["payload"]["performer"]["location_nis"])
        for e in await events(api, pregnancy["client_pseudonym"])
        if e["event_type"] == "screening.prenatal_advice_session.held"
    ]
    assert held == [(1, GENT), (2, ANTWERPEN)]


async def test_rep08_a_referral_before_registration_keeps_where_the_referrer_works(
    api: httpx.AsyncClient,
) -> None:
    body = {
        "referral_date": TODAY.isoformat(),
        "referrer": performer(
            profession="FAMILY_SUPPORT_WORKER",
            organisation_kind="HUIS_VAN_HET_KIND",
            funding_type="WELFARE",
            location_nis=BEVEREN_RETIRED,
        ),
        "residence_nis": GENT,
    }

    response = await api.post("/referrals", json=body, headers=PRO)

    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["residence_nis"], created["referrer"]["location_nis"]) == (
        GENT,
        BEVEREN_KRUIBEKE_ZWIJNDRECHT,
    )
    assert await stored_location(api, orm.outreach_referral, created["id"]) == BEVEREN_KRUIBEKE_ZWIJNDRECHT
    read = (await api.get(f"/referrals/{created['id']}", headers=PRO)).json()
    assert read["referrer"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT
    payload = await last_event(api, created["id"], "screening.referral.recorded")
    assert payload["referrer"]["location_nis"] == BEVEREN_KRUIBEKE_ZWIJNDRECHT


async def test_q05_an_unknown_location_is_refused_like_an_unknown_residence_and_nothing_is_stored(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await included(api)
    pid, key = pregnancy["id"], pregnancy["client_pseudonym"]
    before = len(await events(api, key))
    rows_before = await count_rows(api, orm.inclusion_record, pid)
    unknown = performer(location_nis=UNKNOWN)

    refused = {
        "screening": await api.post(
            f"/pregnancies/{pid}/screenings", json=screening(TODAY, performer=unknown), headers=PRO
        ),
        "decision": await api.post(
            f"/pregnancies/{pid}/inclusion-decisions",
            json={
                "decision_date": TODAY.isoformat(),
                "performer": unknown,
                "reason": "REFUSAL",
                "indicators": ["HOUSING_PROBLEMS"],
            },
            headers=PRO,
        ),
        "session": await api.post(
            f"/pregnancies/{pid}/prenatal-advice-sessions",
            json={"session_date": TODAY.isoformat(), "performer": unknown},
            headers=PRO,
        ),
        "referral": await api.post(
            "/referrals",
            json={"referral_date": TODAY.isoformat(), "referrer": unknown, "pregnancy_id": pid},
            headers=PRO,
        ),
    }

    residence = assert_problem(
        await api.post(
            "/referrals",
            json={"referral_date": TODAY.isoformat(), "referrer": performer(), "residence_nis": UNKNOWN},
            headers=PRO,
        ),
        422,
        "UNKNOWN_MUNICIPALITY",
    )
    for what, response in refused.items():
        problem = assert_problem(response, 422, "UNKNOWN_MUNICIPALITY")
        field = "referrer" if what == "referral" else "performer"
        assert (problem["rule"], problem["nis_code"]) == (residence["rule"], UNKNOWN), what
        assert problem["field"] == f"{field}.location_nis", what
    assert await count_rows(api, orm.inclusion_record, pid) == rows_before
    assert await count_rows(api, orm.prenatal_advice_session, pid) == 0
    assert await count_rows(api, orm.outreach_referral, pid) == 0
    assert len(await events(api, key)) == before


async def test_q05_a_location_that_is_not_five_digits_is_a_validation_error(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)

    response = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings",
        json=screening(TODAY, performer=performer(location_nis="4402")),
        headers=PRO,
    )

    assert_problem(response, 422, "VALIDATION_ERROR")
    assert await count_rows(api, orm.inclusion_record, pregnancy["id"]) == 0
