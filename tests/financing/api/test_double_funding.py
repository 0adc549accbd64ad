"""Double funding across payers (DF-1, DF-2, DF-3, DF-5, DF-7) and the findings API, against a real PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from financing.adapters import orm
from tests.conftest import auth
from tests.financing.builders import (
    Family,
    case_management,
    claim_body,
    codes,
    consultation,
    coordinator,
    project,
    provider,
    session,
    sessionmaker_of,
    standard_trajectory,
    submit,
)

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer", subject="officer-1")
NURSE_FOR_FLEMISH_ORG = provider("nurse-1", "NURSE", "FLEMISH", organisation_id="wgc-1")


async def family(api: httpx.AsyncClient, *extra: Any) -> Family:
    f = Family.new()
    await project(api, *standard_trajectory(f), *extra)
    return f


async def finding(api: httpx.AsyncClient, finding_id: str) -> dict[str, Any]:
    response = await api.get(f"/findings/{finding_id}", headers=OFFICER)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def events(api: httpx.AsyncClient, event_type: str) -> list[dict[str, Any]]:
    async with sessionmaker_of(api)() as s:
        rows = await s.execute(select(orm.outbox.c.value).where(orm.outbox.c.event_type == event_type))
        return [json.loads(v)["payload"] for v in rows.scalars()]


async def test_df3_the_same_screening_claimed_at_the_other_payer_raises_a_finding_naming_both_claims(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    paid = await submit(api, claim_body(f, "SCREENING"))

    again = await submit(api, claim_body(f, "SCREENING", payer="FLEMISH"))

    assert again["status"] == "REJECTED"
    assert {"DF_3_SAME_ROLE_OTHER_PAYER", "FIN_30_WRONG_PAYER", "DF_5_CAP_REACHED"} <= set(codes(again))
    found = await finding(api, again["finding_ids"][0])
    assert (found["kind"], found["rule"], found["effect"], found["status"]) == (
        "SAME_ROLE_OTHER_PAYER",
        "DF-3",
        "BLOCK",
        "OPEN",
    )
    assert (found["claim_id"], found["payer"]) == (again["id"], "FLEMISH")
    assert (found["other_claim_id"], found["other_payer"], found["other_act"]) == (
        paid["id"],
        "FEDERAL",
        "SCREENING",
    )
    raised = [
        e
        for e in await events(api, "financing.double_funding_finding.raised")
        if e["claim_id"] == again["id"]
    ]
    assert raised[0]["other_claim_id"] == paid["id"] and raised[0]["rule"] == "DF-3"


async def test_df3_the_same_coordinator_billing_both_payers_for_one_fee_year_is_paid_once(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    federal = await submit(api, claim_body(f, "COORDINATION_YEAR"))

    flemish = await submit(
        api, claim_body(f, "COORDINATION_YEAR", payer="FLEMISH", provider=NURSE_FOR_FLEMISH_ORG)
    )

    assert federal["status"] == "ACCEPTED"
    assert flemish["status"] == "REJECTED"
    assert "DF_3_SAME_ROLE_OTHER_PAYER" in codes(flemish)
    assert (await finding(api, flemish["finding_ids"][0]))["other_claim_id"] == federal["id"]


async def test_df1_a_second_coordinator_of_the_team_in_the_same_fee_year_is_not_paid(
    api: httpx.AsyncClient,
) -> None:
    second = uuid.uuid4()
    f = await family(api)
    await project(api, coordinator(f, who="mw-1", profession="MIDWIFE", appointment_id=second))
    first = await submit(api, claim_body(f, "COORDINATION_YEAR"))

    other = await submit(
        api,
        claim_body(
            f,
            "COORDINATION_YEAR",
            payer="FLEMISH",
            provider=provider("mw-1", "MIDWIFE", "FLEMISH", organisation_id="wgc-1"),
        ),
    )

    assert other["status"] == "REJECTED"
    assert "DF_1_SECOND_COORDINATOR_SAME_TEAM" in codes(other)
    kinds = {(await finding(api, i))["kind"] for i in other["finding_ids"]}
    assert kinds == {"SECOND_COORDINATOR"}
    assert (await finding(api, other["finding_ids"][0]))["other_claim_id"] == first["id"]


async def test_df2_case_management_is_paid_once_across_the_two_payers(api: httpx.AsyncClient) -> None:
    intervention = uuid.uuid4()
    f = await family(api)
    await project(api, case_management(f, intervention))
    flemish = await submit(api, claim_body(f, "CASE_MANAGEMENT"))

    federal = await submit(
        api,
        claim_body(
            f,
            "CASE_MANAGEMENT",
            payer="FEDERAL",
            provider=provider(
                "cm-1",
                "SOCIAL_WORKER",
                "FEDERAL",
                organisation_id="cmorg-1",
                recognised_for_case_management=True,
            ),
        ),
    )

    assert flemish["status"] == "ACCEPTED"
    assert federal["status"] == "REJECTED"
    assert "DF_2_CASE_MANAGEMENT_PAID_TWICE" in codes(federal)
    assert (await finding(api, federal["finding_ids"][0]))["kind"] == "CASE_MANAGEMENT_TWICE"


async def test_df2_a_second_case_manager_of_the_same_team_at_the_same_time_is_held_with_a_finding(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    await project(
        api, case_management(f, uuid.uuid4()), case_management(f, uuid.uuid4(), organisation_id="cmorg-2")
    )
    await submit(api, claim_body(f, "CASE_MANAGEMENT"))
    second_org = provider(
        "cm-2", "SOCIAL_WORKER", "FLEMISH", organisation_id="cmorg-2", recognised_for_case_management=True
    )

    second = await submit(api, claim_body(f, "CASE_MANAGEMENT", provider=second_org))

    assert (second["status"], codes(second)) == ("HELD", ["DF_2_SECOND_CASE_MANAGER_SAME_TEAM"])
    assert (await finding(api, second["finding_ids"][0]))["effect"] == "REVIEW"


async def test_df5_a_second_screening_of_the_pregnancy_at_the_same_payer_is_a_cap_not_a_finding(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    await submit(api, claim_body(f, "SCREENING"))

    again = await submit(api, claim_body(f, "SCREENING"))

    assert codes(again) == ["DF_5_CAP_REACHED"]
    assert again["finding_ids"] == []


async def test_df5_fin11_the_third_ppa_is_not_paid(api: httpx.AsyncClient) -> None:
    days = (date(2025, 11, 20), date(2026, 1, 8), date(2026, 3, 10))
    f = await family(api)
    await project(api, *(session(f, uuid.uuid4(), on=d) for d in days))

    decided = [
        await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date=d.isoformat())) for d in days
    ]

    assert [c["status"] for c in decided] == ["ACCEPTED", "ACCEPTED", "REJECTED"]
    assert codes(decided[2]) == ["DF_5_CAP_REACHED"]


async def test_df7_a_consultation_fee_inside_a_flemish_flat_fee_year_is_held_with_a_finding(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    await project(api, consultation(f, uuid.uuid4()))
    flat_fee = await submit(
        api, claim_body(f, "COORDINATION_YEAR", payer="FLEMISH", provider=NURSE_FOR_FLEMISH_ORG)
    )

    consult = await submit(api, claim_body(f, "PERINATAL_CONSULTATION"))

    assert flat_fee["status"] == "ACCEPTED"
    assert (consult["status"], codes(consult)) == ("HELD", ["DF_7_CONSULTATION_IN_FLEMISH_COORDINATION_YEAR"])
    found = await finding(api, consult["finding_ids"][0])
    assert (found["rule"], found["other_claim_id"], found["other_act"]) == (
        "DF-7",
        flat_fee["id"],
        "COORDINATION_YEAR",
    )


async def test_findings_are_listed_filtered_and_resolved_once_by_a_finance_officer(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    await submit(api, claim_body(f, "SCREENING"))
    rejected = await submit(api, claim_body(f, "SCREENING", payer="FLEMISH"))
    finding_id = rejected["finding_ids"][0]

    listed = await api.get(f"/findings?status=OPEN&rule=DF-3&claim_id={rejected['id']}", headers=OFFICER)
    resolved = await api.post(
        f"/findings/{finding_id}/resolution",
        json={
            "resolution": "CONFIRMED",
            "justification": "Billed to the care fund after RIZIV paid the screening.",
        },
        headers=OFFICER,
    )
    again = await api.post(
        f"/findings/{finding_id}/resolution",
        json={"resolution": "DISMISSED", "justification": "Second thoughts on this one."},
        headers=OFFICER,
    )

    assert [i["id"] for i in listed.json()["items"]] == [finding_id]
    assert resolved.status_code == 200
    body = resolved.json()
    assert (body["status"], body["resolution"], body["resolved_by"]) == ("RESOLVED", "CONFIRMED", "officer-1")
    assert again.status_code == 409 and again.json()["code"] == "FINDING_ALREADY_RESOLVED"
    resolved_events = [
        e
        for e in await events(api, "financing.double_funding_finding.resolved")
        if e["finding_id"] == finding_id
    ]
    assert len(resolved_events) == 1 and resolved_events[0]["resolution"] == "CONFIRMED"
    assert "justification" not in resolved_events[0]


async def test_findings_are_for_finance_officers_only_and_unknown_ones_are_404(
    api: httpx.AsyncClient,
) -> None:
    assert (await api.get("/findings")).status_code == 401
    assert (await api.get("/findings", headers=auth("billing_system"))).status_code == 403
    assert (await api.get("/findings", headers=auth("payer", payer_code="300"))).status_code == 403
    missing = await api.get(f"/findings/{uuid.uuid4()}", headers=OFFICER)
    assert missing.status_code == 404 and missing.json()["code"] == "FINDING_NOT_FOUND"
    short = await api.post(
        f"/findings/{uuid.uuid4()}/resolution",
        json={"resolution": "CONFIRMED", "justification": "ok"},
        headers=OFFICER,
    )
    assert short.status_code == 422
