"""Prenatal advice sessions (PPA) through HTTP: only before birth, only when included, fee rules (FIN-11)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

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
    summary,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration


async def ppa(api: httpx.AsyncClient, pregnancy_id: str, days_ago: int = 0, **who: Any) -> httpx.Response:
    body = {"session_date": (TODAY - timedelta(days=days_ago)).isoformat(), "performer": performer(**who)}
    return await api.post(f"/pregnancies/{pregnancy_id}/prenatal-advice-sessions", json=body, headers=PRO)


async def included(api: httpx.AsyncClient, *indicators: str, **register_overrides: Any) -> dict[str, Any]:
    pregnancy = await register(api, **register_overrides)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=30), *indicators))
    return pregnancy


async def test_fin11_a_ppa_needs_scenario_a_or_b_or_the_exception(api: httpx.AsyncClient) -> None:
    not_screened = await register(api)
    scenario_0 = await included(api)

    assert_problem(await ppa(api, not_screened["id"]), 422, "FIN_11_PPA_REQUIRES_INCLUSION")
    assert_problem(await ppa(api, scenario_0["id"]), 422, "FIN_11_PPA_REQUIRES_INCLUSION")
    assert await count_rows(api, orm.prenatal_advice_session, scenario_0["id"]) == 0


async def test_fin11_the_third_ppa_is_accepted_but_not_reimbursable(api: httpx.AsyncClient) -> None:
    pregnancy = await included(api, "HOUSING_PROBLEMS")

    sessions = [await ppa(api, pregnancy["id"], days_ago=d) for d in (20, 10, 0)]

    assert [s.status_code for s in sessions] == [201, 201, 201]
    bodies = [s.json() for s in sessions]
    assert [b["session_number"] for b in bodies] == [1, 2, 3]
    assert [b["reimbursable"] for b in bodies] == [True, True, False]
    assert bodies[2]["non_reimbursable_reason"] == "CAP_REACHED"
    assert bodies[0]["scenario"] == "A" and bodies[0]["inclusion_basis"] == "TOOL_RESULT"
    held = [
        e["payload"]
        for e in await events(api, pregnancy["client_pseudonym"])
        if e["event_type"] == "screening.prenatal_advice_session.held"
    ]
    assert [(h["session_number"], h["reimbursable"], h["reason"]) for h in held] == [
        (1, True, None),
        (2, True, None),
        (3, False, "CAP_REACHED"),
    ]
    assert held[0]["performer"]["profession"] == "MIDWIFE"
    assert "PPA_CAP_REACHED" in (await summary(api, pregnancy["id"]))["flags"]


async def test_fin11_only_a_gp_gynaecologist_or_midwife_makes_the_ppa_reimbursable(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await included(api, "HOUSING_PROBLEMS")

    nurse = await ppa(api, pregnancy["id"], profession="NURSE")
    gynaecologist = await ppa(api, pregnancy["id"], profession="GYNAECOLOGIST", organisation_kind="HOSPITAL")

    assert (nurse.json()["reimbursable"], nurse.json()["non_reimbursable_reason"]) == (
        False,
        "PROFESSION_NOT_ELIGIBLE",
    )
    assert gynaecologist.json()["reimbursable"] is True


async def test_fin11_q20_a_ppa_on_or_after_the_day_of_birth_is_refused_and_nothing_is_stored(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await included(api, "HOUSING_PROBLEMS", expected_delivery_date=TODAY - timedelta(days=5))
    born = await api.post(
        f"/pregnancies/{pregnancy['id']}/birth",
        json={"birth_date": (TODAY - timedelta(days=5)).isoformat()},
        headers=PRO,
    )
    assert born.status_code == 200

    on_birth_day = await ppa(api, pregnancy["id"], days_ago=5)
    after = await ppa(api, pregnancy["id"], days_ago=1)
    before = await ppa(api, pregnancy["id"], days_ago=6)

    birth_day_problem = assert_problem(on_birth_day, 422, "FIN_11_PPA_ONLY_DURING_PREGNANCY")
    after_problem = assert_problem(after, 422, "FIN_11_PPA_ONLY_DURING_PREGNANCY")
    assert before.status_code == 201  # the day before the birth is the last possible day
    assert (birth_day_problem["rule"], birth_day_problem["timing"], birth_day_problem["related_rules"]) == (
        "FIN-11",
        "ON_BIRTH_DAY",
        ["Q-20"],
    )
    assert "the day of birth already counts as after the birth" in birth_day_problem["detail"]
    assert "Q-20" in birth_day_problem["detail"]
    assert after_problem["timing"] == "AFTER_BIRTH"
    assert await count_rows(api, orm.prenatal_advice_session, pregnancy["id"]) == 1


async def test_fin11_fin15_the_exception_path_unlocks_a_reimbursable_ppa(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)
    decided = await api.post(
        f"/pregnancies/{pregnancy['id']}/inclusion-decisions",
        json={
            "decision_date": (TODAY - timedelta(days=2)).isoformat(),
            "performer": performer(),
            "reason": "REFUSAL",
            "indicators": ["SUBSTANCE_USE"],
        },
        headers=PRO,
    )
    assert decided.status_code == 201

    session = await ppa(api, pregnancy["id"])

    assert session.status_code == 201, session.text
    assert session.json()["reimbursable"] is True
    assert session.json()["inclusion_basis"] == "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"


async def test_fin11_a_ppa_in_the_future_is_refused(api: httpx.AsyncClient) -> None:
    pregnancy = await included(api, "HOUSING_PROBLEMS")

    assert_problem(await ppa(api, pregnancy["id"], days_ago=-1), 422, "FIN_11_PPA_DATE_IN_FUTURE")
