"""Builders and probes of the screening API tests (plain functions, unique data per call)."""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from screening.adapters import orm
from tests.conftest import auth
from tests.screening.conftest import TODAY

PRO = auth("professional", subject="midwife-1")


def national_number() -> str:
    """A random valid INSZ of someone born in 1980-1999 (unique enough for a test session)."""
    yy = 80 + secrets.randbelow(20)
    prefix9 = f"{yy:02d}{1 + secrets.randbelow(12):02d}{1 + secrets.randbelow(28):02d}{1 + secrets.randbelow(997):03d}"
    return f"{prefix9}{97 - int(prefix9) % 97:02d}"


def professional_id() -> str:
    return f"riziv-{uuid.uuid4().hex[:12]}"


def performer(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "professional_id": "riziv-midwife-1",
        "profession": "MIDWIFE",
        "organisation_id": "org-1",
        "organisation_kind": "PRIVATE_PRACTICE",
        "funding_type": "HEALTH_INSURANCE",
    }
    data.update(overrides)
    return data


def edd_at_week(week: int, *, on: date = TODAY) -> date:
    """The expected delivery date of a pregnancy that is exactly `week` weeks on `on`."""
    return on + timedelta(days=280 - 7 * week)


def day_of_pregnancy(edd: date, gestational_day: int) -> date:
    return edd - timedelta(days=280 - gestational_day)


async def register(api: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "national_number": national_number(),
        "expected_delivery_date": edd_at_week(10).isoformat(),
        "residence_nis": "44021",
        "mutuality_code": "300",
        "care_fund_code": "ZK-CM",
    }
    body.update({k: v.isoformat() if isinstance(v, date) else v for k, v in overrides.items()})
    response = await api.post("/pregnancies", json=body, headers=PRO)
    assert response.status_code == 201, response.text
    return dict(response.json())


def screening(on: date, *indicators: str, status: str = "COMPLETED", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "screening_date": on.isoformat(),
        "status": status,
        "performer": performer(),
        "topics": ["HOUSING", "SOCIAL_SUPPORT"],
        "indicators": list(indicators),
    }
    body.update(overrides)
    return body


async def record_screening(api: httpx.AsyncClient, pregnancy_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post(f"/pregnancies/{pregnancy_id}/screenings", json=body, headers=PRO)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def summary(api: httpx.AsyncClient, pregnancy_id: str, on: date | None = None) -> dict[str, Any]:
    params = {"on": on.isoformat()} if on else {}
    response = await api.get(f"/pregnancies/{pregnancy_id}/summary", params=params, headers=PRO)
    assert response.status_code == 200, response.text
    return dict(response.json())


def sessionmaker_of(api: httpx.AsyncClient) -> Any:
    return api._transport.app.state.sessionmaker  # type: ignore[attr-defined]


async def events(api: httpx.AsyncClient, key: str) -> list[dict[str, Any]]:
    """The envelopes queued in the outbox under a key (client pseudonym), oldest first."""
    async with sessionmaker_of(api)() as session:
        rows = (
            await session.execute(
                select(orm.outbox.c.value).where(orm.outbox.c.key == key).order_by(orm.outbox.c.id)
            )
        ).all()
    return [json.loads(row.value) for row in rows]


async def event_types(api: httpx.AsyncClient, key: str) -> list[str]:
    return [e["event_type"] for e in await events(api, key)]


async def count_rows(api: httpx.AsyncClient, table: Any, pregnancy_id: str) -> int:
    async with sessionmaker_of(api)() as session:
        value = await session.scalar(
            select(func.count()).select_from(table).where(table.c.pregnancy_id == uuid.UUID(pregnancy_id))
        )
    return int(value or 0)


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = dict(response.json())
    assert problem["code"] == code, problem
    return problem
