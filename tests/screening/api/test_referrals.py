"""Outreach referrals to screening (toeleiding, SCR-10) through HTTP."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from screening.adapters import orm
from tests.screening.api.builders import (
    PRO,
    assert_problem,
    events,
    performer,
    register,
    sessionmaker_of,
    summary,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration

HUIS_VAN_HET_KIND = performer(
    professional_id="hvhk-017",
    profession="FAMILY_SUPPORT_WORKER",
    organisation_kind="HUIS_VAN_HET_KIND",
    funding_type="WELFARE",
)


def referral(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"referral_date": TODAY.isoformat(), "referrer": HUIS_VAN_HET_KIND}
    body.update(overrides)
    return body


async def test_scr10_a_referral_of_a_registered_pregnancy_is_keyed_by_the_client(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api, residence_nis="11007")

    response = await api.post(
        "/referrals",
        json=referral(pregnancy_id=pregnancy["id"], supported_by_case_management=True),
        headers=PRO,
    )

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["residence_nis"] == "11002"
    event = (await events(api, pregnancy["client_pseudonym"]))[-1]
    assert event["event_type"] == "screening.referral.recorded"
    assert event["payload"]["client_pseudonym"] == pregnancy["client_pseudonym"]
    assert event["payload"]["supported_by_case_management"] is True
    assert event["payload"]["referrer"]["organisation_kind"] == "HUIS_VAN_HET_KIND"
    assert [r["id"] for r in (await summary(api, pregnancy["id"]))["referrals"]] == [created["id"]]


async def test_scr10_a_referral_before_registration_carries_the_mapped_residence_only(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post("/referrals", json=referral(residence_nis="46003"), headers=PRO)

    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["pregnancy_id"], created["residence_nis"]) == (None, "46030")
    async with sessionmaker_of(api)() as session:
        value = (
            await session.execute(select(orm.outbox.c.value).where(orm.outbox.c.key == created["id"]))
        ).scalar_one()
    payload = json.loads(value)["payload"]
    assert payload["client_pseudonym"] is None
    assert payload["residence_nis"] == "46030"


async def test_scr10_a_referral_in_the_future_or_of_an_unknown_pregnancy_is_refused(
    api: httpx.AsyncClient,
) -> None:
    future = await api.post(
        "/referrals", json=referral(referral_date=(TODAY + timedelta(days=1)).isoformat()), headers=PRO
    )
    unknown = await api.post(
        "/referrals", json=referral(pregnancy_id="8d1c7c55-8a9c-4f7e-9d4c-2b6a1f0e5c11"), headers=PRO
    )
    bad_residence = await api.post("/referrals", json=referral(residence_nis="99999"), headers=PRO)

    assert_problem(future, 422, "SCR_10_REFERRAL_DATE_IN_FUTURE")
    assert_problem(unknown, 404, "PREGNANCY_NOT_FOUND")
    assert_problem(bad_residence, 422, "UNKNOWN_MUNICIPALITY")
