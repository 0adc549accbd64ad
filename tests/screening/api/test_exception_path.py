"""The SCR-06 exception path through HTTP: inclusion without a tool result, its basis and its events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.screening.api.builders import (
    PRO,
    assert_problem,
    events,
    performer,
    record_screening,
    register,
    screening,
    summary,
)
from tests.screening.conftest import TODAY

pytestmark = pytest.mark.integration


def decision(*indicators: str, reason: str = "REFUSAL", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "decision_date": TODAY.isoformat(),
        "performer": performer(profession="GP", organisation_kind="GP_PRACTICE"),
        "reason": reason,
        "indicators": list(indicators),
    }
    body.update(overrides)
    return body


async def decide(api: httpx.AsyncClient, pregnancy_id: str, body: dict[str, Any]) -> httpx.Response:
    return await api.post(f"/pregnancies/{pregnancy_id}/inclusion-decisions", json=body, headers=PRO)


async def test_scr06_after_a_refusal_a_professional_includes_the_client_and_the_record_carries_its_basis(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=1), status="REFUSED"))

    response = await decide(api, pregnancy["id"], decision("VICTIM_OF_VIOLENCE", "MENTAL_HEALTH_PROBLEMS"))

    assert response.status_code == 201, response.text
    decided = response.json()
    assert decided["decision"]["basis"] == "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"
    assert decided["decision"]["reason"] == "REFUSAL"
    assert decided["decision"]["scenario"] == "B"
    current = decided["current_scenario"]
    assert (current["scenario"], current["exception"]) == ("B", True)
    assert set(current["unlocked_activities"]) == {
        "PRENATAL_ADVICE_SESSION",
        "CARE_COORDINATION",
        "PERINATAL_CONSULTATION",
    }
    assert "SCR-06" in current["explanation"]
    queued = await events(api, pregnancy["client_pseudonym"])
    assert [e["event_type"] for e in queued][-2:] == [
        "screening.inclusion.decided",
        "screening.scenario.determined",
    ]
    assert queued[-2]["payload"]["basis"] == "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"
    assert queued[-2]["payload"]["indicators"] == ["MENTAL_HEALTH_PROBLEMS", "VICTIM_OF_VIOLENCE"]
    determined = queued[-1]["payload"]
    assert (determined["scenario"], determined["exception"]) == ("B", True)
    assert determined["basis"] == "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"
    view = await summary(api, pregnancy["id"])
    assert [d["id"] for d in view["inclusion_decisions"]] == [decided["decision"]["id"]]
    assert "EXCEPTION_PATH" in view["flags"]


async def test_scr06_the_exception_path_is_closed_while_a_completed_screening_is_available(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=1)))

    response = await decide(api, pregnancy["id"], decision("HOUSING_PROBLEMS"))

    assert_problem(response, 422, "SCR_06_EXCEPTION_WITH_TOOL_RESULT_AVAILABLE")


async def test_scr06_a_decision_may_correct_a_screening_it_supersedes(api: httpx.AsyncClient) -> None:
    pregnancy = await register(api)
    wrong = await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=1)))

    response = await decide(
        api,
        pregnancy["id"],
        decision(
            "HOUSING_PROBLEMS",
            reason="SCREENING_INCOMPLETE",
            supersedes=wrong["screening"]["id"],
            correction_reason="The tool result was entered for the wrong client",
        ),
    )

    assert response.status_code == 201, response.text
    assert response.json()["current_scenario"]["scenario"] == "A"
    assert response.json()["decision"]["supersedes"] == wrong["screening"]["id"]


async def test_scr06_an_exception_needs_an_indicator_and_reason_other_needs_a_detail(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)

    empty = await decide(api, pregnancy["id"], decision())
    other = await decide(api, pregnancy["id"], decision("HOUSING_PROBLEMS", reason="OTHER"))
    explained = await decide(
        api, pregnancy["id"], decision("HOUSING_PROBLEMS", reason="OTHER", reason_detail="No interpreter")
    )

    assert_problem(empty, 422, "SCR_06_EXCEPTION_REQUIRES_INDICATOR")
    assert_problem(other, 422, "SCR_06_EXCEPTION_REASON_DETAIL_REQUIRED")
    assert explained.status_code == 201, explained.text
    assert explained.json()["decision"]["reason_detail"] == "No interpreter"


async def test_scr05_scr06_a_later_completed_screening_replaces_the_exception_basis(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    assert (
        await decide(
            api,
            pregnancy["id"],
            decision("HOUSING_PROBLEMS", decision_date=(TODAY - timedelta(days=3)).isoformat()),
        )
    ).status_code == 201

    later = await record_screening(api, pregnancy["id"], screening(TODAY, "HOUSING_PROBLEMS"))

    assert (later["current_scenario"]["scenario"], later["current_scenario"]["basis"]) == ("A", "TOOL_RESULT")
    determined = [
        e["payload"]
        for e in await events(api, pregnancy["client_pseudonym"])
        if e["event_type"] == "screening.scenario.determined"
    ]
    assert [(d["scenario"], d["exception"]) for d in determined] == [("A", True), ("A", False)]
