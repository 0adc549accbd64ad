"""A whole pregnancy through the real suite, from registration to paid orders at both payers.

Screening and careteam are driven through their HTTP APIs; their events reach financing through the broker;
financing decides the claims on its own projection. One role (the coordination fee year) is billed to both
payers: the second claim is caught (DF-3) and raises a finding. The orders reach the mutuality's and the care
fund's topics keyed by their code; each payer sees and acknowledges its own orders; the finance officer
closes both batches.

Dates are relative to the real today (the stack runs on the real clock). FIN-41 blocks every Flemish
coordination fee before `FINANCING_FLEMISH_PAYMENTS_START` (default 2027-01-01), so this test restarts the
financing API with the Flemish framework open (a configuration, as production will set it once the BVR is
published) and restores the default afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import time
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.events.contracts.topics import PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH
from tests.conftest import auth
from tests.e2e.conftest import Stack, wait_ready
from tests.e2e.support import Suite, eventually, random_national_number

pytestmark = pytest.mark.e2e

TODAY = date.today()
EDD = TODAY - timedelta(days=20)
SCREENED_ON = TODAY - timedelta(days=200)  # about week 14
SESSION_ON = TODAY - timedelta(days=150)
TEAM_ON = TODAY - timedelta(days=140)
APPOINTED_ON = TODAY - timedelta(days=130)
BORN_ON = TODAY - timedelta(days=25)
FEE_YEAR_END = APPOINTED_ON.replace(year=APPOINTED_ON.year + 1) - timedelta(days=1)

GP = "riziv-1-11111-11-111"
NURSE = "riziv-4-22222-22-222"
PROFESSIONAL = auth("professional", subject="front-end")
BILLING = auth("billing_system", subject="billing-e2e")
OFFICER = auth("finance_officer", subject="officer-e2e")


def restart_financing(stack: Stack, env: dict[str, str | None]) -> None:
    """Stop the financing API gracefully (its consumer leaves the group) and start it with `env` changed."""
    proc = stack.procs.pop("financing-api")
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    stack.start("financing-api", "financing-api", "financing", in_process=True)
    wait_ready(stack, "financing")


@pytest_asyncio.fixture(loop_scope="session")
async def flemish_framework_open(stack: Stack) -> AsyncIterator[Stack]:
    name = "FINANCING_FLEMISH_PAYMENTS_START"
    before = os.environ.get(name)
    await asyncio.to_thread(restart_financing, stack, {name: (TODAY - timedelta(days=365)).isoformat()})
    try:
        yield stack
    finally:
        await asyncio.to_thread(restart_financing, stack, {name: before})


class FinancingSuite(Suite):
    async def claim(self, body: dict[str, Any]) -> dict[str, Any]:
        headers = {**BILLING, "Idempotency-Key": f"e2e-{secrets.token_hex(8)}"}
        result: dict[str, Any] = await self.post("financing", "/claims", body, headers)
        return result


def performer(professional_id: str, profession: str) -> dict[str, str]:
    return {
        "professional_id": professional_id,
        "profession": profession,
        "organisation_id": "praktijk-e2e",
        "organisation_kind": "GP_PRACTICE" if profession == "GP" else "PRIVATE_PRACTICE",
        "funding_type": "HEALTH_INSURANCE",
    }


async def register_and_screen(suite: FinancingSuite) -> dict[str, Any]:
    pregnancy: dict[str, Any] = await suite.post(
        "screening",
        "/pregnancies",
        {
            "national_number": random_national_number(),
            "expected_delivery_date": EDD.isoformat(),
            "residence_nis": "44021",
            "mutuality_code": "300",
        },
        PROFESSIONAL,
    )
    pid = pregnancy["id"]
    await suite.post(
        "screening",
        f"/pregnancies/{pid}/screenings",
        {
            "screening_date": SCREENED_ON.isoformat(),
            "status": "COMPLETED",
            "performer": performer(GP, "GP"),
            "topics": ["HOUSING", "FINANCIAL_SITUATION"],
            "indicators": ["HOUSING_PROBLEMS", "FINANCIAL_PROBLEMS"],
        },
        PROFESSIONAL,
    )
    await suite.post(
        "screening",
        f"/pregnancies/{pid}/prenatal-advice-sessions",
        {"session_date": SESSION_ON.isoformat(), "performer": performer(GP, "GP")},
        PROFESSIONAL,
    )
    return pregnancy


async def record_birth(suite: FinancingSuite, pregnancy: dict[str, Any]) -> None:
    await suite.post(
        "screening",
        f"/pregnancies/{pregnancy['id']}/birth",
        {"birth_date": BORN_ON.isoformat(), "number_of_children": 1},
        PROFESSIONAL,
        ok=200,
    )


async def form_team_with_coordinator(suite: FinancingSuite, pregnancy: dict[str, Any]) -> str:
    client = {"kind": "CLIENT", "member_id": pregnancy["client_pseudonym"]}
    team = await suite.post_when_known(
        "careteam",
        "/teams",
        {"pregnancy_id": pregnancy["id"], "established_on": TEAM_ON.isoformat()},
        PROFESSIONAL,
    )
    team_id: str = team["team_id"]
    for professional_id, profession in ((NURSE, "nurse"), (GP, "general practitioner")):
        await suite.post(
            "careteam",
            f"/teams/{team_id}/members",
            {
                "kind": "PROFESSIONAL",
                "professional": {
                    "professional_id": professional_id,
                    "profession": profession,
                    "organisation_id": "wgc-e2e",
                    "funding_type": "FEDERAL",
                },
                "joined_on": TEAM_ON.isoformat(),
                "agreement": {"given_by": client, "given_on": TEAM_ON.isoformat()},
            },
            PROFESSIONAL,
        )
    await suite.post_when_known(
        "careteam",
        f"/teams/{team_id}/coordinator-appointments",
        {
            "coordinator": {"kind": "PROFESSIONAL", "member_id": NURSE},
            "appointed_on": APPOINTED_ON.isoformat(),
            "consent": {"given_by": client, "given_on": APPOINTED_ON.isoformat()},
            "deliberation": {
                "held_on": APPOINTED_ON.isoformat(),
                "participants": [
                    client,
                    {"kind": "PROFESSIONAL", "member_id": NURSE},
                    {"kind": "PROFESSIONAL", "member_id": GP},
                ],
            },
            "reimbursement_sought": True,
        },
        PROFESSIONAL,
    )
    return team_id


async def published_orders(bootstrap: str, order_ids: set[str]) -> dict[str, tuple[str, str]]:
    """order id -> (topic, key) as read back from the two payment-order topics."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        partitions = []
        for topic in (PAYMENT_ORDERS_FEDERAL, PAYMENT_ORDERS_FLEMISH):
            await consumer._client.force_metadata_update()
            partitions += [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        found: dict[str, tuple[str, str]] = {}
        deadline = time.monotonic() + 30
        while set(found) != order_ids and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for r in records:
                    order_id = json.loads(r.value)["payload"]["order_id"]
                    if order_id in order_ids:
                        found[order_id] = (r.topic, r.key.decode())
        return found
    finally:
        await consumer.stop()


async def test_a_pregnancy_from_registration_to_paid_orders_at_both_payers_with_a_double_funding_caught(
    flemish_framework_open: Stack, http: httpx.AsyncClient
) -> None:
    suite = FinancingSuite(flemish_framework_open, http)

    # Screening and careteam record what happened; financing learns it from their events only.
    pregnancy = await register_and_screen(suite)
    team_id = await form_team_with_coordinator(suite, pregnancy)
    await record_birth(suite, pregnancy)
    pid, client = pregnancy["id"], pregnancy["client_pseudonym"]

    async def projected() -> dict[str, Any] | None:
        r = await http.get(f"{suite.stack.url('financing')}/projection/pregnancies/{pid}", headers=OFFICER)
        body: dict[str, Any] = r.json()
        complete = (
            r.status_code == 200 and body["scenario"] == "B" and body["birth_date"] == BORN_ON.isoformat()
        )
        complete = complete and body["coordinator_appointments"] == 1
        return (
            body if complete and body["screenings"] == 1 and body["prenatal_advice_sessions"] == 1 else None
        )

    projection = await eventually(projected, "financing projection of the trajectory")
    assert projection["care_teams"] == [team_id] and projection["mutuality_code"] == "300"

    # Claims from the providers' billing software.
    base = {"client_pseudonym": client, "pregnancy_id": pid}
    gp = {"professional_id": GP, "profession": "GENERAL_PRACTITIONER", "funding_type": "OTHER"}
    screening_claim = await suite.claim(
        {**base, "act": "SCREENING", "payer": "FEDERAL", "act_date": SCREENED_ON.isoformat(), "provider": gp}
    )
    ppa_claim = await suite.claim(
        {
            **base,
            "act": "PRENATAL_ADVICE_SESSION",
            "payer": "FEDERAL",
            "act_date": SESSION_ON.isoformat(),
            "provider": gp,
        }
    )
    coordination = {
        **base,
        "act": "COORDINATION_YEAR",
        "team_id": team_id,
        "act_date": APPOINTED_ON.isoformat(),
        "period_end": FEE_YEAR_END.isoformat(),
    }
    flemish_claim = await suite.claim(
        {
            **coordination,
            "payer": "FLEMISH",
            "provider": {
                "professional_id": NURSE,
                "profession": "NURSE",
                "funding_type": "FLEMISH",
                "organisation_id": "wgc-e2e",
            },
        }
    )
    double_claim = await suite.claim(
        {
            **coordination,
            "payer": "FEDERAL",
            "provider": {"professional_id": NURSE, "profession": "NURSE", "funding_type": "OTHER"},
        }
    )

    assert [(c["status"], c["amount"]) for c in (screening_claim, ppa_claim, flemish_claim)] == [
        ("ACCEPTED", "22.55"),
        ("ACCEPTED", "48.78"),
        ("ACCEPTED", "720.00"),
    ]
    assert double_claim["status"] == "REJECTED"
    assert "DF_3_SAME_ROLE_OTHER_PAYER" in double_claim["decision"]["reason_codes"]

    # The double funding is a finding naming both sides; a finance officer confirms it.
    (finding_id,) = double_claim["finding_ids"]
    finding = await suite.get("financing", f"/findings/{finding_id}", OFFICER)
    assert (finding["claim_id"], finding["other_claim_id"]) == (double_claim["id"], flemish_claim["id"])
    assert (finding["payer"], finding["other_payer"]) == ("FEDERAL", "FLEMISH")
    resolved = await suite.post(
        "financing",
        f"/findings/{finding_id}/resolution",
        {
            "resolution": "CONFIRMED",
            "justification": "The coordinator billed RIZIV after the care fund paid the year.",
        },
        OFFICER,
        ok=200,
    )
    assert resolved["status"] == "RESOLVED"

    # Orders went out on each channel, keyed by the payer organisation.
    federal_orders = {screening_claim["payment_order_id"], ppa_claim["payment_order_id"]}
    flemish_order = flemish_claim["payment_order_id"]
    published = await published_orders(suite.stack.bootstrap, federal_orders | {flemish_order})
    assert {published[o] for o in federal_orders} == {(PAYMENT_ORDERS_FEDERAL, "300")}
    assert published[flemish_order] == (PAYMENT_ORDERS_FLEMISH, "ZK-SOL")

    # Each payer sees and acknowledges its own orders, and cannot touch the other's.
    mutuality = auth("payer", subject="solidaris", payer_code="300")
    care_fund = auth("payer", subject="solidaris-zorgkas", payer_code="ZK-SOL")
    mine = await suite.get("financing", "/payment-orders?limit=200", mutuality)
    assert federal_orders <= {o["id"] for o in mine["items"]} and flemish_order not in {
        o["id"] for o in mine["items"]
    }
    foreign = await http.post(
        f"{suite.stack.url('financing')}/payment-orders/{flemish_order}/acknowledgement", headers=mutuality
    )
    assert foreign.status_code == 404
    for order_id in federal_orders:
        acknowledged = await suite.post(
            "financing", f"/payment-orders/{order_id}/acknowledgement", {}, mutuality, ok=200
        )
        assert acknowledged["status"] == "ACKNOWLEDGED"
    acknowledged = await suite.post(
        "financing", f"/payment-orders/{flemish_order}/acknowledgement", {}, care_fund, ok=200
    )
    assert (acknowledged["status"], acknowledged["amount"]) == ("ACKNOWLEDGED", "720.00")

    # The finance officer closes this month's batches; each refuses a second run.
    period = TODAY.strftime("%Y-%m")
    totals = {}
    for code in ("300", "ZK-SOL"):
        batch = await suite.post(
            "financing", "/payment-batches", {"payer_organisation_code": code, "period": period}, OFFICER
        )
        orders = await suite.get("financing", f"/payment-orders?batch_id={batch['id']}&limit=200", OFFICER)
        totals[code] = {o["id"] for o in orders["items"]}
        again = await http.post(
            f"{suite.stack.url('financing')}/payment-batches",
            json={"payer_organisation_code": code, "period": period},
            headers=OFFICER,
        )
        assert again.status_code == 409
    assert federal_orders <= totals["300"] and flemish_order in totals["ZK-SOL"]
