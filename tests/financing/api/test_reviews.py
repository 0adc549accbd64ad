"""A finance officer's review of held claims, and the append-only decision history (real PostgreSQL)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import auth
from tests.financing.builders import (
    Family,
    claim_body,
    codes,
    consultation,
    project,
    provider,
    sessionmaker_of,
    standard_trajectory,
    submit,
)

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer", subject="officer-7")
KIND_EN_GEZIN_NURSE = provider(
    "nurse-1", "NURSE", "FLEMISH", organisation_id="keg-regio-gent", organisation_kind="KIND_EN_GEZIN"
)
JUSTIFICATION = "Opgroeien confirmed coordination is not in this team's mission (Q-21)."


async def held_keg_claim(api: httpx.AsyncClient) -> tuple[Family, dict[str, Any]]:
    """DF-4 / Q-21: a coordination claim by a Kind en Gezin nurse is held for review."""
    f = Family.new()
    await project(api, *standard_trajectory(f))
    claim = await submit(
        api, claim_body(f, "COORDINATION_YEAR", payer="FLEMISH", provider=KIND_EN_GEZIN_NURSE)
    )
    assert (claim["status"], codes(claim)) == ("HELD", ["FIN_21_MISSION_REVIEW"])
    return f, claim


async def review(
    api: httpx.AsyncClient, claim_id: str, action: str, justification: str = JUSTIFICATION
) -> httpx.Response:
    return await api.post(
        f"/claims/{claim_id}/review", json={"action": action, "justification": justification}, headers=OFFICER
    )


async def test_df4_q21_an_approved_held_claim_is_paid_and_the_justification_is_kept(
    api: httpx.AsyncClient,
) -> None:
    _, claim = await held_keg_claim(api)

    response = await review(api, claim["id"], "APPROVE")

    assert response.status_code == 200, response.text
    approved = response.json()
    assert (approved["status"], approved["amount"]) == ("ACCEPTED", "720.00")
    assert approved["payment_order_id"] is not None
    decision = approved["decision"]
    assert (decision["number"], decision["decided_by_kind"], decision["decided_by"]) == (
        2,
        "FINANCE_OFFICER",
        "officer-7",
    )
    assert (decision["review"], decision["justification"]) == ("APPROVE", JUSTIFICATION)
    assert "FIN_21_MISSION_REVIEW" in decision["reason_codes"] and "REVIEW" in decision["rules_applied"]
    history = (await api.get(f"/claims/{claim['id']}/decisions", headers=OFFICER)).json()
    assert [(d["outcome"], d["decided_by_kind"]) for d in history] == [
        ("HELD", "RULES"),
        ("ACCEPTED", "FINANCE_OFFICER"),
    ]


async def test_a_rejected_held_claim_carries_review_rejected_and_is_final(api: httpx.AsyncClient) -> None:
    _, claim = await held_keg_claim(api)

    rejected = await review(
        api, claim["id"], "REJECT", "Coordination is part of the Kind en Gezin mission here."
    )
    again = await review(api, claim["id"], "APPROVE")

    assert rejected.status_code == 200
    assert rejected.json()["status"] == "REJECTED"
    assert "REVIEW_REJECTED" in rejected.json()["decision"]["reason_codes"]
    assert again.status_code == 409 and again.json()["code"] == "FIN_CLAIM_NOT_HELD"


async def test_review_never_overrides_a_blocking_rule(api: httpx.AsyncClient) -> None:
    f, claim = await held_keg_claim(api)
    await submit(api, claim_body(f, "COORDINATION_YEAR"))  # the fee year is paid federally meanwhile

    response = await review(api, claim["id"], "APPROVE")

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "FIN_REVIEW_BLOCKED"
    assert "DF_5_CAP_REACHED" in problem["reasons"]
    still = (await api.get(f"/claims/{claim['id']}", headers=OFFICER)).json()
    assert (still["status"], still["decision"]["number"]) == ("HELD", 1)


async def test_approving_a_df7_held_consultation_dismisses_its_finding_with_the_same_justification(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f), consultation(f, uuid.uuid4()))
    await submit(
        api,
        claim_body(
            f,
            "COORDINATION_YEAR",
            payer="FLEMISH",
            provider=provider("nurse-1", "NURSE", "FLEMISH", organisation_id="w"),
        ),
    )
    held = await submit(api, claim_body(f, "PERINATAL_CONSULTATION"))
    assert held["status"] == "HELD"

    approved = (
        await review(api, held["id"], "APPROVE", "The consultation was organised outside the flat fee.")
    ).json()

    assert (approved["status"], approved["amount"]) == ("ACCEPTED", "60.00")
    finding = (await api.get(f"/findings/{held['finding_ids'][0]}", headers=OFFICER)).json()
    assert (finding["status"], finding["resolution"]) == ("RESOLVED", "DISMISSED")
    assert finding["justification"] == "The consultation was organised outside the flat fee."


async def test_reviews_are_for_finance_officers_with_a_justification(api: httpx.AsyncClient) -> None:
    _, claim = await held_keg_claim(api)
    body = {"action": "APPROVE", "justification": JUSTIFICATION}

    as_billing = await api.post(f"/claims/{claim['id']}/review", json=body, headers=auth("billing_system"))
    too_short = await api.post(
        f"/claims/{claim['id']}/review", json={"action": "APPROVE", "justification": "ok"}, headers=OFFICER
    )
    unknown = await api.post(f"/claims/{uuid.uuid4()}/review", json=body, headers=OFFICER)

    assert as_billing.status_code == 403
    assert too_short.status_code == 422 and too_short.json()["code"] == "VALIDATION_ERROR"
    assert unknown.status_code == 404 and unknown.json()["code"] == "CLAIM_NOT_FOUND"


async def test_the_decision_history_is_append_only_in_the_database(api: httpx.AsyncClient) -> None:
    _, claim = await held_keg_claim(api)

    for statement in ("UPDATE claim_decision SET amount = 1", "DELETE FROM claim_decision"):
        async with sessionmaker_of(api)() as s:
            with pytest.raises(DBAPIError, match="append-only"):
                await s.execute(text(statement + " WHERE claim_id = :id"), {"id": claim["id"]})
