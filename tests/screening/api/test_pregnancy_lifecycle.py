"""Registration with residence validation, birth, end without birth and programme periods, through HTTP
against a real PostgreSQL (Q-05, CTX-04, Q-06)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from screening.adapters import orm
from tests.screening.api.builders import (
    PRO,
    assert_problem,
    event_types,
    events,
    national_number,
    register,
    sessionmaker_of,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration


async def pregnancy_count(api: httpx.AsyncClient) -> int:
    async with sessionmaker_of(api)() as session:
        return int(await session.scalar(select(func.count()).select_from(orm.pregnancy)) or 0)


async def test_q05_a_current_2025_nis_code_is_kept_as_reported(api: httpx.AsyncClient) -> None:
    created = await register(api, residence_nis="44021")

    assert created["residence_nis"] == "44021"
    assert created["residence_nis_reported"] == "44021"


async def test_q05_an_old_nis_code_is_mapped_through_the_crosswalk_in_the_record_and_the_event(
    api: httpx.AsyncClient,
) -> None:
    created = await register(api, residence_nis="11007")  # Borsbeek, merged into Antwerpen in 2025

    assert created["residence_nis"] == "11002"
    assert created["residence_nis_reported"] == "11007"
    [event] = await events(api, created["client_pseudonym"])
    assert event["payload"]["residence_nis"] == "11002"


async def test_q05_an_unknown_nis_code_is_refused_and_nothing_is_stored(api: httpx.AsyncClient) -> None:
    before = await pregnancy_count(api)
    body = {
        "national_number": national_number(),
        "expected_delivery_date": "2027-05-01",
        "residence_nis": "99999",
    }

    response = await api.post("/pregnancies", json=body, headers=PRO)

    assert_problem(response, 422, "UNKNOWN_MUNICIPALITY")
    assert await pregnancy_count(api) == before


@pytest.mark.parametrize("days_from_today", [280 + 15, -(2 * 365 + 60)])
async def test_ctx04_an_expected_delivery_date_of_a_not_yet_started_or_long_ended_pregnancy_is_refused(
    api: httpx.AsyncClient, days_from_today: int
) -> None:
    edd = TODAY + timedelta(days=days_from_today)
    body = {
        "national_number": national_number(),
        "expected_delivery_date": edd.isoformat(),
        "residence_nis": "44021",
    }

    response = await api.post("/pregnancies", json=body, headers=PRO)

    assert_problem(response, 422, "CTX_04_EXPECTED_DELIVERY_DATE_IMPLAUSIBLE")


async def test_ctx04_recording_the_birth_stores_it_queues_the_event_and_drives_the_periods(
    api: httpx.AsyncClient,
) -> None:
    created = await register(api, expected_delivery_date=TODAY - timedelta(days=30))
    birth_date = TODAY - timedelta(days=34)

    response = await api.post(
        f"/pregnancies/{created['id']}/birth",
        json={"birth_date": birth_date.isoformat(), "number_of_children": 2},
        headers=PRO,
    )

    assert response.status_code == 200, response.text
    birth = response.json()["birth"]
    assert birth["birth_date"] == birth_date.isoformat()
    assert len(birth["child_ids"]) == 2
    birth_event = (await events(api, created["client_pseudonym"]))[-1]
    assert birth_event["event_type"] == "screening.birth.recorded"
    assert birth_event["payload"]["number_of_children"] == 2
    assert birth_event["payload"]["child_ids"] == birth["child_ids"]

    async def period_on(days_after_birth: int) -> dict[str, object]:
        on = birth_date + timedelta(days=days_after_birth)
        r = await api.get(f"/pregnancies/{created['id']}/period", params={"on": on.isoformat()}, headers=PRO)
        assert r.status_code == 200, r.text
        return dict(r.json())

    assert (await period_on(-1))["period"] == "PRENATAL"
    assert (await period_on(-1))["gestational_age_days"] is not None
    assert (await period_on(0))["period"] == "POSTNATAL"
    assert (await period_on(41))["period"] == "POSTNATAL"
    assert (await period_on(42))["period"] == "YOUNG_CHILD"
    second_birthday = birth_date.replace(year=birth_date.year + 2)
    assert (await period_on((second_birthday - birth_date).days - 1))["period"] == "YOUNG_CHILD"
    ended = await period_on((second_birthday - birth_date).days)
    assert ended["period"] == "ENDED"
    assert ended["programme_end_date"] == second_birthday.isoformat()


async def test_ctx04_a_birth_before_week_22_is_impossible_and_nothing_is_stored(
    api: httpx.AsyncClient,
) -> None:
    created = await register(api, expected_delivery_date=TODAY + timedelta(days=100))
    week_21 = TODAY + timedelta(days=100) - timedelta(days=280 - 21 * 7)

    response = await api.post(
        f"/pregnancies/{created['id']}/birth", json={"birth_date": week_21.isoformat()}, headers=PRO
    )

    assert_problem(response, 422, "CTX_04_BIRTH_DATE_IMPLAUSIBLE")
    assert (await api.get(f"/pregnancies/{created['id']}", headers=PRO)).json()["birth"] is None
    assert await event_types(api, created["client_pseudonym"]) == ["screening.pregnancy.registered"]


async def test_ctx04_a_birth_in_the_future_is_refused(api: httpx.AsyncClient) -> None:
    created = await register(api, expected_delivery_date=TODAY)

    response = await api.post(
        f"/pregnancies/{created['id']}/birth",
        json={"birth_date": (TODAY + timedelta(days=1)).isoformat()},
        headers=PRO,
    )

    assert_problem(response, 422, "CTX_04_BIRTH_DATE_IN_FUTURE")


async def test_ctx04_a_pregnancy_is_concluded_once(api: httpx.AsyncClient) -> None:
    created = await register(api, expected_delivery_date=TODAY)
    first = await api.post(
        f"/pregnancies/{created['id']}/birth", json={"birth_date": TODAY.isoformat()}, headers=PRO
    )
    assert first.status_code == 200

    again = await api.post(
        f"/pregnancies/{created['id']}/end",
        json={"end_date": TODAY.isoformat(), "reason": "OTHER"},
        headers=PRO,
    )

    assert_problem(again, 409, "CTX_04_PREGNANCY_ALREADY_CONCLUDED")


async def test_ctx04_an_end_without_birth_ends_the_programme_and_is_published(api: httpx.AsyncClient) -> None:
    created = await register(api, expected_delivery_date=TODAY + timedelta(days=200))
    end_date = TODAY - timedelta(days=3)

    response = await api.post(
        f"/pregnancies/{created['id']}/end",
        json={"end_date": end_date.isoformat(), "reason": "MISCARRIAGE"},
        headers=PRO,
    )

    assert response.status_code == 200, response.text
    assert response.json()["end"] == {"end_date": end_date.isoformat(), "reason": "MISCARRIAGE"}
    period = (await api.get(f"/pregnancies/{created['id']}/period", headers=PRO)).json()
    assert period["period"] == "ENDED"
    ended = (await events(api, created["client_pseudonym"]))[-1]
    assert ended["event_type"] == "screening.pregnancy.ended"
    assert ended["payload"]["reason"] == "MISCARRIAGE"


async def test_an_unknown_pregnancy_is_a_404_problem_for_every_write(api: httpx.AsyncClient) -> None:
    ghost = "8d1c7c55-8a9c-4f7e-9d4c-2b6a1f0e5c11"

    birth = await api.post(f"/pregnancies/{ghost}/birth", json={"birth_date": TODAY.isoformat()}, headers=PRO)
    summary = await api.get(f"/pregnancies/{ghost}/summary", headers=PRO)

    assert_problem(birth, 404, "PREGNANCY_NOT_FOUND")
    assert_problem(summary, 404, "PREGNANCY_NOT_FOUND")
