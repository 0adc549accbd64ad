"""Submitting claims through HTTP against a real PostgreSQL: decisions, idempotency, bad input, roles."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from financing.adapters import orm
from tests.conftest import auth
from tests.financing.builders import (
    Family,
    billing,
    claim_body,
    codes,
    project,
    registered,
    scenario,
    screening,
    session,
    sessionmaker_of,
    standard_trajectory,
    submit,
)
from tests.financing.conftest import financing_app

pytestmark = pytest.mark.integration


async def count(api: httpx.AsyncClient, table: Any, *where: Any) -> int:
    async with sessionmaker_of(api)() as s:
        return int(await s.scalar(select(func.count()).select_from(table).where(*where)) or 0)


async def outbox_events(api: httpx.AsyncClient, key: str) -> list[dict[str, Any]]:
    async with sessionmaker_of(api)() as s:
        rows = await s.execute(select(orm.outbox).where(orm.outbox.c.key == key).order_by(orm.outbox.c.id))
        return [{"topic": r.topic, **json.loads(r.value)} for r in rows]


async def test_fin10_an_accepted_claim_is_explained_with_rules_evidence_and_a_decimal_amount(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))

    claim = await submit(api, claim_body(f, "SCREENING"))

    decision = claim["decision"]
    assert (claim["status"], claim["amount"], decision["outcome"]) == ("ACCEPTED", "22.55", "ACCEPTED")
    assert {"FIN-10", "SCR-07", "SCR-08", "FIN-30", "DF-5", "DF-3", "Q-17"} <= set(decision["rules_applied"])
    assert decision["evidence"] == [{"kind": "SCREENING", "ref": str(f.screening_id)}]
    assert decision["tariff"]["amount"] == "22.55" and decision["tariff"]["valid_from"] == "2024-10-01"
    assert (decision["competent_payer"], decision["payer_organisation_code"]) == ("FEDERAL", "300")
    events = await outbox_events(api, f.client)
    assert [e["event_type"] for e in events] == ["financing.claim.received", "financing.claim.decided"]
    decided = events[1]["payload"]
    assert decided["amount"] == "22.55" and isinstance(decided["amount"], str)
    assert decided["reason_codes"] == [] and decided["decided_by"] == "RULES"


async def test_a_retried_claim_with_the_same_idempotency_key_is_one_claim(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    headers = billing(key=f"retry-{uuid.uuid4()}")

    first = await api.post("/claims", json=claim_body(f, "SCREENING"), headers=headers)
    second = await api.post("/claims", json=claim_body(f, "SCREENING"), headers=headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["status"] == "ACCEPTED"
    assert second.headers["idempotent-replayed"] == "true"
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 1
    assert await count(api, orm.payment_order, orm.payment_order.c.client_pseudonym == f.client) == 1


async def test_concurrent_retries_with_the_same_key_store_one_claim(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    headers = billing(key=f"burst-{uuid.uuid4()}")

    responses = await asyncio.gather(
        *(api.post("/claims", json=claim_body(f, "SCREENING"), headers=headers) for _ in range(4))
    )

    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 1


async def test_the_same_idempotency_key_for_another_claim_is_a_409(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    headers = billing(key=f"reused-{uuid.uuid4()}")
    await api.post("/claims", json=claim_body(f, "SCREENING"), headers=headers)

    response = await api.post("/claims", json=claim_body(f, "COORDINATION_YEAR"), headers=headers)

    assert response.status_code == 409
    assert response.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_a_claim_without_idempotency_key_is_refused_and_nothing_is_stored(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))

    response = await api.post("/claims", json=claim_body(f, "SCREENING"), headers=auth("billing_system"))

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "VALIDATION_ERROR"
    assert problem["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("act", "MASSAGE"),
        ("payer", "EUROPEAN"),
        ("act", "screening"),
        ("act", None),
        ("minutes", -15),
        ("minutes", 22.5),
        ("minutes", "22.5"),
        ("minutes", 0),
        ("minutes", "60"),
        ("minutes", True),
        ("minutes", 24 * 60 + 1),
        ("units", 4),
        ("act_date", "2026-02-30"),
    ],
)
async def test_malformed_claims_are_validation_problems_and_nothing_is_stored(
    api: httpx.AsyncClient, field: str, value: object
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))

    body = {**claim_body(f, "PERINATAL_CONSULTATION"), field: value}

    response = await api.post("/claims", json=body, headers=billing())

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "VALIDATION_ERROR"
    assert any(field in e["loc"] for e in problem["errors"])
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 0
    assert await count(api, orm.outbox, orm.outbox.c.key == f.client) == 0


@pytest.mark.parametrize(
    ("act", "period_end"),
    [
        ("COORDINATION_YEAR", "2025-11-30"),  # the day before the fee year starts
        ("CASE_MANAGEMENT", "2026-01-04"),  # the day before the intervention starts
        ("SCREENING", "2025-11-09"),  # a period on a one-day act is still checked
    ],
)
async def test_a_period_ending_before_it_starts_is_fin_invalid_period_and_nothing_is_stored(
    api: httpx.AsyncClient, act: str, period_end: str
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    body = claim_body(f, act, period_end=period_end)

    response = await api.post("/claims", json=body, headers=billing())

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "FIN_INVALID_PERIOD"
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 0
    assert await count(api, orm.outbox, orm.outbox.c.key == f.client) == 0


@pytest.mark.parametrize(
    ("act", "missing"), [("PERINATAL_CONSULTATION", "minutes"), ("COORDINATION_YEAR", "team_id")]
)
async def test_a_claim_missing_what_its_act_needs_is_fin_invalid_claim(
    api: httpx.AsyncClient, act: str, missing: str
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    body = claim_body(f, act)
    body.pop(missing)

    response = await api.post("/claims", json=body, headers=billing())

    assert response.status_code == 422
    assert response.json()["code"] == "FIN_INVALID_CLAIM"
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 0


async def test_a_claim_for_a_pregnancy_this_service_does_not_know_is_refused_and_nothing_stored(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()

    response = await api.post("/claims", json=claim_body(f, "SCREENING"), headers=billing())

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "UNKNOWN_CLIENT"
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 0


async def test_a_claim_without_pregnancy_id_is_judged_on_the_clients_only_pregnancy(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))

    claim = await submit(api, claim_body(f, "SCREENING", pregnancy_id=None))

    assert claim["pregnancy_id"] == str(f.pregnancy_id)
    assert claim["status"] == "ACCEPTED"


async def test_a_claim_without_pregnancy_id_for_a_client_without_pregnancy_is_refused(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()

    response = await api.post(
        "/claims", json=claim_body(f, "SCREENING", pregnancy_id=None), headers=billing()
    )

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "FIN_PREGNANCY_NOT_RESOLVED"
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 0
    assert await count(api, orm.outbox, orm.outbox.c.key == f.client) == 0


async def test_a_refused_claim_leaves_nothing_behind_not_even_its_idempotency_key(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    key = f"refused-{uuid.uuid4()}"
    refused = await api.post(
        "/claims", json=claim_body(f, "SCREENING", pregnancy_id=None), headers=billing(key=key)
    )
    assert refused.json()["code"] == "FIN_PREGNANCY_NOT_RESOLVED"
    await project(api, *standard_trajectory(f))

    retried = await api.post(
        "/claims", json=claim_body(f, "SCREENING", pregnancy_id=None), headers=billing(key=key)
    )

    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers
    assert retried.json()["status"] == "ACCEPTED"
    assert await count(api, orm.claim, orm.claim.c.client_pseudonym == f.client) == 1


async def test_a_claim_whose_activity_has_not_arrived_is_held_activity_not_yet_known_then_paid_on_reassessment(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, registered(f, edd=date(2027, 3, 1)), scenario(f, "A"))
    session_id = uuid.uuid4()
    body = claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-10")

    held = await submit(api, body)

    assert held["status"] == "HELD"
    assert codes(held) == ["ACTIVITY_NOT_YET_KNOWN"]
    reason = held["decision"]["reasons"][0]
    assert (reason["rule"], reason["severity"]) == ("REGISTRATION", "REVIEW")
    assert reason["evidence"][0]["kind"] == "MISSING_REGISTRATION"
    assert held["amount"] == "0.00" and held["payment_order_id"] is None

    await project(api, session(f, session_id, on=date(2026, 11, 10)))
    reassessed = await api.post(
        f"/claims/{held['id']}/reassessment", headers=auth("billing_system", subject="billing-1")
    )

    assert reassessed.status_code == 200, reassessed.text
    paid = reassessed.json()
    assert (paid["status"], paid["amount"]) == ("ACCEPTED", "48.78")
    assert paid["decision"]["number"] == 2 and paid["decision"]["review"] == "REASSESS"
    assert paid["decision"]["activity_ref"] == str(session_id)
    history = (await api.get(f"/claims/{held['id']}/decisions", headers=auth("finance_officer"))).json()
    assert [d["outcome"] for d in history] == ["HELD", "ACCEPTED"]


async def test_the_periodic_reassessment_pays_late_activities_and_leaves_the_rest_held_without_new_rows(
    api: httpx.AsyncClient,
) -> None:
    arrives, still_missing = Family.new(), Family.new()
    for f in (arrives, still_missing):
        await project(api, registered(f, edd=date(2027, 3, 1)), scenario(f, "A"))
    late = await submit(api, claim_body(arrives, "PRENATAL_ADVICE_SESSION", act_date="2026-11-12"))
    waiting = await submit(api, claim_body(still_missing, "PRENATAL_ADVICE_SESSION", act_date="2026-11-12"))
    await project(api, session(arrives, uuid.uuid4(), on=date(2026, 11, 12)))

    run = await api.post("/ops/held-claims/reassessment", headers=auth("ops"))

    assert run.status_code == 200, run.text
    assert run.json()["outcomes"].get("ACCEPTED", 0) >= 1
    assert (await api.get(f"/claims/{late['id']}", headers=auth("finance_officer"))).json()[
        "status"
    ] == "ACCEPTED"
    history = (await api.get(f"/claims/{waiting['id']}/decisions", headers=auth("finance_officer"))).json()
    assert [d["outcome"] for d in history] == ["HELD"]
    assert (
        await api.post("/ops/held-claims/reassessment", headers=auth("billing_system"))
    ).status_code == 403


async def test_an_activity_still_missing_after_the_grace_period_is_rejected_activity_not_registered(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, registered(f, edd=date(2027, 3, 1)), scenario(f, "A"))

    claim = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-09-10"))

    assert claim["status"] == "REJECTED"
    assert codes(claim) == ["ACTIVITY_NOT_REGISTERED"]


async def test_a_team_id_is_one_team_whatever_its_spelling(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))

    claim = await submit(api, claim_body(f, "COORDINATION_YEAR", team_id=str(f.team_id).upper()))

    assert (claim["status"], claim["team_id"]) == ("ACCEPTED", str(f.team_id))


async def test_a_decided_claim_cannot_be_reassessed(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    claim = await submit(api, claim_body(f, "SCREENING"))

    response = await api.post(f"/claims/{claim['id']}/reassessment", headers=auth("finance_officer"))

    assert response.status_code == 409
    assert response.json()["code"] == "FIN_CLAIM_NOT_HELD"


async def test_submitting_needs_a_billing_system_token(api: httpx.AsyncClient) -> None:
    f = Family.new()
    body = claim_body(f, "SCREENING")

    assert (await api.post("/claims", json=body)).status_code == 401
    for role in ("finance_officer", "payer", "professional"):
        response = await api.post(
            "/claims", json=body, headers={**auth(role), "Idempotency-Key": "k-12345678"}
        )
        assert response.status_code == 403
        assert response.json()["code"] == "ROLE_REQUIRED"


async def test_a_billing_system_sees_only_the_claims_it_submitted(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, *standard_trajectory(f))
    mine = await submit(api, claim_body(f, "SCREENING"), subject="billing-mine")

    other = await api.get(f"/claims/{mine['id']}", headers=auth("billing_system", subject="billing-other"))
    listed = await api.get("/claims", headers=auth("billing_system", subject="billing-other"))
    own = await api.get(f"/claims/{mine['id']}", headers=auth("billing_system", subject="billing-mine"))
    officer = await api.get(f"/claims?client_pseudonym={f.client}", headers=auth("finance_officer"))

    assert other.status_code == 404 and other.json()["code"] == "CLAIM_NOT_FOUND"
    assert all(c["id"] != mine["id"] for c in listed.json()["items"])
    assert own.status_code == 200 and own.json()["decision"]["outcome"] == "ACCEPTED"
    assert [c["id"] for c in officer.json()["items"]] == [mine["id"]]


async def test_a_finance_officer_lists_the_held_claims_as_the_review_queue(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, registered(f, edd=date(2027, 3, 1)), scenario(f, "A"))
    held = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-02"))

    queue = await api.get("/claims?status=HELD&limit=200", headers=auth("finance_officer"))

    assert queue.status_code == 200
    assert held["id"] in {c["id"] for c in queue.json()["items"]}
    assert all(c["status"] == "HELD" for c in queue.json()["items"])


async def test_a_superseded_screening_is_no_longer_evidence_for_a_claim(api: httpx.AsyncClient) -> None:
    f = Family.new()
    correction = uuid.uuid4()
    await project(
        api,
        *standard_trajectory(f),
        screening(f, screening_id=correction, on=date(2025, 11, 12), supersedes=f.screening_id),
    )

    on_old = await submit(api, claim_body(f, "SCREENING"))
    on_new = await submit(api, claim_body(f, "SCREENING", act_date="2025-11-12"))

    assert codes(on_old) == ["ACTIVITY_NOT_REGISTERED"]
    assert on_new["status"] == "ACCEPTED"
    assert on_new["decision"]["activity_ref"] == str(correction)


async def test_act_dates_are_judged_against_the_injected_today(financing_db_url: str) -> None:
    async with financing_app(financing_db_url, today=date(2025, 11, 5)) as early:
        f = Family.new()
        await project(early, *standard_trajectory(f))

        claim = await submit(early, claim_body(f, "SCREENING"))

    assert "ACT_DATE_IN_FUTURE" in codes(claim)
