"""Concurrent duplicate submissions: the same Idempotency-Key stores once and answers every copy alike;
writes to one pregnancy are serialised, so caps hold under concurrency."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from screening.adapters import orm
from tests.conftest import auth
from tests.screening.api.builders import (
    PRO,
    assert_problem,
    count_rows,
    event_types,
    national_number,
    performer,
    record_screening,
    register,
    screening,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration


def keyed(key: str, headers: dict[str, str] = PRO) -> dict[str, str]:
    return headers | {"Idempotency-Key": key}


async def test_concurrent_screenings_with_the_same_idempotency_key_store_one_record_and_one_event(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    key = f"screening-{uuid.uuid4()}"
    body = screening(TODAY, "HOUSING_PROBLEMS")

    responses = await asyncio.gather(
        *[
            api.post(f"/pregnancies/{pregnancy['id']}/screenings", json=body, headers=keyed(key))
            for _ in range(6)
        ]
    )

    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    assert len({r.json()["screening"]["id"] for r in responses}) == 1
    assert await count_rows(api, orm.inclusion_record, pregnancy["id"]) == 1
    assert await event_types(api, pregnancy["client_pseudonym"]) == [
        "screening.pregnancy.registered",
        "screening.screening.recorded",
        "screening.scenario.determined",
    ]


async def test_concurrent_registrations_with_the_same_idempotency_key_store_one_pregnancy(
    api: httpx.AsyncClient,
) -> None:
    key = f"register-{uuid.uuid4()}"
    body = {
        "national_number": national_number(),
        "expected_delivery_date": "2027-05-01",
        "residence_nis": "44021",
    }

    responses = await asyncio.gather(
        *[api.post("/pregnancies", json=body, headers=keyed(key)) for _ in range(5)]
    )

    assert [r.status_code for r in responses] == [201] * 5, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await event_types(api, responses[0].json()["client_pseudonym"]) == [
        "screening.pregnancy.registered"
    ]


async def test_an_idempotency_key_reused_for_a_different_request_is_a_409(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)
    key = f"reuse-{uuid.uuid4()}"
    url = f"/pregnancies/{pregnancy['id']}/screenings"
    assert (
        await api.post(url, json=screening(TODAY, "HOUSING_PROBLEMS"), headers=keyed(key))
    ).status_code == 201

    other = await api.post(url, json=screening(TODAY, "SUBSTANCE_USE"), headers=keyed(key))
    other_user = await api.post(
        url, json=screening(TODAY, "SUBSTANCE_USE"), headers=keyed(key, auth("professional", subject="gp-2"))
    )

    assert_problem(other, 409, "IDEMPOTENCY_KEY_REUSED")
    assert other_user.status_code == 201  # keys are scoped per caller
    assert await count_rows(api, orm.inclusion_record, pregnancy["id"]) == 2


async def test_a_malformed_idempotency_key_is_refused(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)

    response = await api.post(
        f"/pregnancies/{pregnancy['id']}/screenings", json=screening(TODAY), headers=keyed("short")
    )

    assert_problem(response, 422, "INVALID_IDEMPOTENCY_KEY")


async def test_fin11_concurrent_sessions_of_one_pregnancy_are_serialised_so_only_two_are_reimbursed(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=10), "HOUSING_PROBLEMS"))
    body = {"session_date": TODAY.isoformat(), "performer": performer()}

    responses = await asyncio.gather(
        *[
            api.post(f"/pregnancies/{pregnancy['id']}/prenatal-advice-sessions", json=body, headers=PRO)
            for _ in range(4)
        ]
    )

    assert [r.status_code for r in responses] == [201] * 4
    assert sorted(r.json()["session_number"] for r in responses) == [1, 2, 3, 4]
    assert sum(r.json()["reimbursable"] for r in responses) == 2
