"""Registering a pregnancy through HTTP against a real PostgreSQL (SCR: registration, DP: no clear number)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import func, select

from screening.adapters import orm
from screening.config import ScreeningSettings
from screening.main import create_app
from tests.conftest import auth, running_app

pytestmark = pytest.mark.integration


def national_number(prefix9: str, *, born_2000_or_later: bool = False) -> str:
    base = int(("2" if born_2000_or_later else "") + prefix9)
    return f"{prefix9}{97 - base % 97:02d}"


@pytest_asyncio.fixture(loop_scope="session")
async def client(service_db_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    settings = ScreeningSettings(database_url=service_db_urls["screening"], environment="test")
    async with running_app(create_app(settings)) as c:
        yield c


def body(number: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "national_number": number,
        "expected_delivery_date": "2027-05-01",
        "residence_nis": "11002",
        "mutuality_code": "100",
    }
    data.update(overrides)
    return data


async def test_registering_a_pregnancy_stores_it_and_queues_the_event_without_the_clear_number(
    client: httpx.AsyncClient,
) -> None:
    number = national_number("910312123")
    response = await client.post("/pregnancies", json=body(number), headers=auth("professional"))
    assert response.status_code == 201, response.text
    created = response.json()
    assert number not in response.text
    assert len(created["client_pseudonym"]) == 64

    app_sessionmaker = client._transport.app.state.sessionmaker  # type: ignore[attr-defined]
    async with app_sessionmaker() as session:
        row = (
            await session.execute(select(orm.outbox).where(orm.outbox.c.key == created["client_pseudonym"]))
        ).one()
        stored = (await session.execute(select(orm.pregnancy.c.national_number_encrypted))).scalars().all()
    event = json.loads(row.value)
    assert event["event_type"] == "screening.pregnancy.registered"
    assert event["payload"]["pregnancy_id"] == created["id"]
    assert number not in row.value.decode()
    assert all(number.encode() not in blob for blob in stored)


async def test_the_same_pregnancy_registered_twice_is_a_409_not_a_duplicate(
    client: httpx.AsyncClient,
) -> None:
    number = national_number("880101456")
    first = await client.post("/pregnancies", json=body(number), headers=auth("professional"))
    assert first.status_code == 201
    second = await client.post(
        "/pregnancies", json=body(number[:2] + "." + number[2:]), headers=auth("professional")
    )
    assert second.status_code == 409
    assert second.headers["content-type"].startswith("application/problem+json")
    assert second.json()["code"] == "PREGNANCY_ALREADY_REGISTERED"


async def test_concurrent_duplicate_registrations_store_exactly_one(client: httpx.AsyncClient) -> None:
    number = national_number("930505789")
    responses = await asyncio.gather(
        *[client.post("/pregnancies", json=body(number), headers=auth("professional")) for _ in range(5)]
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409]
    app_sessionmaker = client._transport.app.state.sessionmaker  # type: ignore[attr-defined]
    pseudonym = next(r.json()["client_pseudonym"] for r in responses if r.status_code == 201)
    async with app_sessionmaker() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(orm.pregnancy)
            .where(orm.pregnancy.c.client_pseudonym == pseudonym)
        )
        events = await session.scalar(
            select(func.count()).select_from(orm.outbox).where(orm.outbox.c.key == pseudonym)
        )
    assert count == 1
    assert events == 1


async def test_an_invalid_national_number_is_a_problem_naming_the_rule_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    bad = national_number("850730033")[:-2] + "00"
    response = await client.post("/pregnancies", json=body(bad), headers=auth("professional"))
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "INVALID_NATIONAL_NUMBER"
    assert bad not in response.text


async def test_without_a_token_the_answer_is_401_and_with_a_wrong_role_403(client: httpx.AsyncClient) -> None:
    number = national_number("870202111")
    assert (await client.post("/pregnancies", json=body(number))).status_code == 401
    forbidden = await client.post("/pregnancies", json=body(number), headers=auth("finance_officer"))
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "ROLE_REQUIRED"


async def test_an_unknown_pregnancy_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/pregnancies/8d1c7c55-8a9c-4f7e-9d4c-2b6a1f0e5c11", headers=auth("professional")
    )
    assert response.status_code == 404
    assert response.json()["code"] == "PREGNANCY_NOT_FOUND"


async def test_health_and_metrics_are_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.json()["checks"]["database"] == "ok"
    metrics = await client.get("/metrics")
    assert "outbox_pending_events" in metrics.text
    assert "http_request_duration_seconds" in metrics.text
