"""Who registered a record (the caller's token) is kept beside who performed it, on every record; a front end
may register on behalf of a colleague (SCR-09, SCR-10, FIN-11)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from screening.adapters import orm
from tests.conftest import auth
from tests.screening.api.builders import national_number, performer, sessionmaker_of, summary
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration

CALLER = {"subject": "front-end-user-7", "professional_id": "riziv-caller-7", "organisation_id": "org-caller"}
FRONT_END = auth("professional", **CALLER)
COLLEAGUE = performer(
    professional_id="riziv-colleague-3", organisation_id="org-colleague", location_nis="44021"
)


async def post(api: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await api.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def test_scr09_a_front_end_registers_on_behalf_of_a_colleague_and_both_are_kept_on_every_record(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await post(
        api,
        "/pregnancies",
        {
            "national_number": national_number(),
            "expected_delivery_date": (TODAY + timedelta(days=5)).isoformat(),
            "residence_nis": "44021",
        },
        FRONT_END,
    )
    url = f"/pregnancies/{pregnancy['id']}"
    screened = await post(
        api,
        f"{url}/screenings",
        {
            "screening_date": (TODAY - timedelta(days=20)).isoformat(),
            "status": "COMPLETED",
            "performer": COLLEAGUE,
            "indicators": ["HOUSING_PROBLEMS"],
        },
        FRONT_END,
    )
    session = await post(
        api,
        f"{url}/prenatal-advice-sessions",
        {"session_date": (TODAY - timedelta(days=10)).isoformat(), "performer": COLLEAGUE},
        FRONT_END,
    )
    referral = await post(
        api,
        "/referrals",
        {"referral_date": TODAY.isoformat(), "referrer": COLLEAGUE, "pregnancy_id": pregnancy["id"]},
        FRONT_END,
    )
    born = await post(api, f"{url}/birth", {"birth_date": TODAY.isoformat()}, FRONT_END)

    assert pregnancy["registered_by"] == CALLER and pregnancy["concluded_by"] is None
    assert born["concluded_by"] == CALLER
    assert (screened["screening"]["recorded_by"], screened["screening"]["performer"]) == (CALLER, COLLEAGUE)
    assert (session["recorded_by"], session["performer"]) == (CALLER, COLLEAGUE)
    assert session["reimbursable"] is True  # registering on behalf does not change the performer's verdict
    assert (referral["recorded_by"], referral["referrer"]) == (CALLER, COLLEAGUE)
    view = await summary(api, pregnancy["id"])
    assert view["pregnancy"]["registered_by"] == CALLER
    assert view["pregnancy"]["concluded_by"] == CALLER
    records = view["screenings"] + view["prenatal_advice_sessions"] + view["referrals"]
    assert [r["recorded_by"] for r in records] == [CALLER] * 3
    async with sessionmaker_of(api)() as db:
        row = (
            await db.execute(
                select(orm.prenatal_advice_session).where(
                    orm.prenatal_advice_session.c.id == uuid.UUID(session["id"])
                )
            )
        ).one()
    assert (row.recorded_by, row.recorded_by_professional_id, row.recorded_by_organisation_id) == (
        CALLER["subject"],
        CALLER["professional_id"],
        CALLER["organisation_id"],
    )
    assert row.professional_id == COLLEAGUE["professional_id"]


async def test_scr06_a_token_without_professional_claims_records_the_subject_only(
    api: httpx.AsyncClient,
) -> None:
    headers = auth("coordinator", subject="coordinator-2")
    pregnancy = await post(
        api,
        "/pregnancies",
        {
            "national_number": national_number(),
            "expected_delivery_date": (TODAY + timedelta(days=150)).isoformat(),
            "residence_nis": "44021",
        },
        headers,
    )

    decided = await post(
        api,
        f"/pregnancies/{pregnancy['id']}/inclusion-decisions",
        {
            "decision_date": TODAY.isoformat(),
            "performer": COLLEAGUE,
            "reason": "REFUSAL",
            "indicators": ["SUBSTANCE_USE"],
        },
        headers,
    )

    expected = {"subject": "coordinator-2", "professional_id": None, "organisation_id": None}
    assert decided["decision"]["recorded_by"] == expected
    assert pregnancy["registered_by"] == expected


async def test_a_token_subject_longer_than_a_record_can_keep_is_refused_with_a_problem(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post(
        "/referrals",
        json={"referral_date": TODAY.isoformat(), "referrer": COLLEAGUE, "residence_nis": "44021"},
        headers=auth("professional", subject="s" * 129),
    )

    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_RECORDER"
