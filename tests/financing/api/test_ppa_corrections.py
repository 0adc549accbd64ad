"""FIN-11 / DF-5: PPA corrections (`screening.prenatal_advice_session.held` v2) against a real PostgreSQL.

The handlers run through the real consumer batch path (inbox, one transaction per batch). A correction
supersedes the earlier session whatever the order of arrival, replays change nothing, a superseded session
backs no claim and does not count toward the cap, and a payment made before the correction is raised for a
finance officer instead of being rewritten.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from financing.adapters import orm
from financing.consumers import ActivityArrivals, HeldClaimsFollowUp
from financing.service.decisions import RuleBook
from shared.db import make_engine
from shared.migrations import downgrade, upgrade
from tests.conftest import Databases, auth
from tests.financing.builders import (
    TODAY,
    Family,
    claim_body,
    codes,
    consumed,
    processor,
    project,
    registered,
    scenario,
    session,
    sessionmaker_of,
    standard_trajectory,
    submit,
)

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer")
FIRST_ON = date(2025, 11, 20)
CORRECTED_ON = date(2025, 11, 21)
SECOND_ON = date(2026, 3, 10)
THIRD_ON = date(2026, 5, 5)


async def sessions_of(api: httpx.AsyncClient, f: Family) -> dict[uuid.UUID, dict[str, Any]]:
    t = orm.advice_session_projection
    async with sessionmaker_of(api)() as s:
        rows = await s.execute(select(t).where(t.c.pregnancy_id == f.pregnancy_id))
    return {r.session_id: dict(r._mapping) for r in rows}


async def projected(api: httpx.AsyncClient, f: Family) -> dict[str, Any]:
    response = await api.get(f"/projection/pregnancies/{f.pregnancy_id}", headers=OFFICER)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def get(api: httpx.AsyncClient, path: str) -> Any:
    response = await api.get(path, headers=OFFICER)
    assert response.status_code == 200, response.text
    return response.json()


# -- the projection ------------------------------------------------------------------------------------------


async def test_a_correction_consumed_after_its_session_supersedes_it_and_only_the_correction_counts(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    first, correction = uuid.uuid4(), uuid.uuid4()
    await project(api, registered(f), scenario(f, "A"), session(f, first, on=FIRST_ON))
    assert (await projected(api, f))["prenatal_advice_sessions"] == 1

    await project(api, session(f, correction, on=CORRECTED_ON, supersedes=first))

    rows = await sessions_of(api, f)
    assert (rows[first]["superseded_by"], rows[correction]["supersedes"]) == (correction, first)
    assert rows[correction]["correction_reason"] == "wrong session date"
    assert rows[first]["superseded_at"] is not None
    assert (rows[correction]["superseded_by"], rows[correction]["superseded_at"]) == (None, None)
    body = await projected(api, f)
    assert (body["prenatal_advice_sessions"], body["superseded_prenatal_advice_sessions"]) == (1, 1)


@pytest.mark.parametrize("one_batch", [False, True], ids=["later-batch", "same-batch"])
async def test_a_session_consumed_after_its_correction_is_stored_as_superseded(
    api: httpx.AsyncClient, one_batch: bool
) -> None:
    f = Family.new()
    first, correction = uuid.uuid4(), uuid.uuid4()
    v2 = session(f, correction, on=CORRECTED_ON, supersedes=first)
    v1 = session(f, first, on=FIRST_ON)
    if one_batch:
        await project(api, registered(f), scenario(f, "A"), v2, v1)
    else:
        await project(api, registered(f), scenario(f, "A"), v2)
        # The V1 was never seen: only the correction is in the projection, and it counts once.
        assert (await projected(api, f))["prenatal_advice_sessions"] == 1
        await project(api, v1)

    rows = await sessions_of(api, f)
    assert rows[first]["superseded_by"] == correction
    assert rows[first]["superseded_at"] == rows[correction]["projected_at"]
    body = await projected(api, f)
    assert (body["prenatal_advice_sessions"], body["superseded_prenatal_advice_sessions"]) == (1, 1)


async def test_replaying_both_versions_in_either_order_changes_nothing(api: httpx.AsyncClient) -> None:
    f = Family.new()
    first, correction = uuid.uuid4(), uuid.uuid4()
    events = [
        registered(f),
        scenario(f, "A"),
        session(f, first, on=FIRST_ON),
        session(f, correction, on=CORRECTED_ON, supersedes=first),
    ]
    await project(api, *events)
    before = await sessions_of(api, f)

    redelivered = await processor(sessionmaker_of(api)).process(
        [consumed(e, i) for i, e in enumerate(events)]
    )
    # Published again (new event ids, e.g. a rebuild from the topic), the correction first this time.
    await project(
        api,
        session(f, correction, on=CORRECTED_ON, supersedes=first),
        session(f, first, on=FIRST_ON),
    )

    assert (redelivered.applied, redelivered.duplicates) == (0, 4)
    assert await sessions_of(api, f) == before
    assert before[first]["superseded_by"] == correction


# -- claims --------------------------------------------------------------------------------------------------


async def test_the_correction_backs_the_claim_the_superseded_session_is_rejected_and_the_cap_counts_the_correction(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    first, correction, second, third = (uuid.uuid4() for _ in range(4))
    await project(
        api,
        *standard_trajectory(f),
        session(f, first, on=FIRST_ON),
        session(f, second, on=SECOND_ON, by="mw-1", profession="MIDWIFE", number=2),
        session(f, correction, on=CORRECTED_ON, supersedes=first),
        session(f, third, on=THIRD_ON, number=3),
    )
    midwife = {"professional_id": "mw-1", "profession": "MIDWIFE", "funding_type": "OTHER"}

    on_superseded = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", activity_ref=str(first)))
    on_superseded_by_day = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION"))
    on_correction = await submit(
        api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date=CORRECTED_ON.isoformat())
    )
    on_second = await submit(
        api,
        claim_body(f, "PRENATAL_ADVICE_SESSION", act_date=SECOND_ON.isoformat(), provider=midwife),
    )
    on_third = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date=THIRD_ON.isoformat()))

    assert (on_superseded["status"], codes(on_superseded)) == ("REJECTED", ["FIN_11_SESSION_SUPERSEDED"])
    assert (on_superseded_by_day["status"], codes(on_superseded_by_day)) == (
        "REJECTED",
        ["FIN_11_SESSION_SUPERSEDED"],
    )
    evidence = {(e["kind"], e["ref"]) for e in on_superseded["decision"]["evidence"]}
    assert {("PPA_SESSION", str(first)), ("PPA_SESSION", str(correction))} <= evidence
    reason = on_superseded["decision"]["reasons"][0]
    assert (reason["rule"], reason["severity"]) == ("FIN-11", "BLOCK")
    assert (on_correction["status"], on_correction["amount"]) == ("ACCEPTED", "48.78")
    assert on_correction["decision"]["activity_ref"] == str(correction)
    assert (on_second["status"], on_second["amount"]) == ("ACCEPTED", "48.78")
    assert (on_third["status"], codes(on_third)) == ("REJECTED", ["DF_5_CAP_REACHED"])
    claims_counted = {e["ref"] for e in on_third["decision"]["evidence"] if e["kind"] == "CLAIM"}
    assert claims_counted == {on_correction["id"], on_second["id"]}


async def test_a_session_paid_before_its_correction_is_raised_for_review_and_its_payment_is_not_rewritten(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    first, correction = uuid.uuid4(), uuid.uuid4()
    await project(api, *standard_trajectory(f), session(f, first, on=FIRST_ON))
    paid = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION"))
    assert (paid["status"], paid["decision"]["activity_ref"]) == ("ACCEPTED", str(first))

    await project(api, session(f, correction, on=CORRECTED_ON, supersedes=first))
    await project(api, session(f, correction, on=CORRECTED_ON, supersedes=first))  # published again

    found = (await get(api, f"/findings?claim_id={paid['id']}"))["items"]
    assert [
        (x["kind"], x["reason_code"], x["rule"], x["effect"], x["claim_id"], x["other_claim_id"], x["status"])
        for x in found
    ] == [
        (
            "PPA_SUPERSEDED_AFTER_PAYMENT",
            "PPA_SUPERSEDED_AFTER_PAYMENT",
            "DF-5",
            "REVIEW",
            paid["id"],
            paid["id"],
            "OPEN",
        )
    ]
    assert str(first) in found[0]["detail"] and str(correction) in found[0]["detail"]
    claim = await get(api, f"/claims/{paid['id']}")
    assert (claim["status"], claim["amount"], claim["payment_order_id"]) == (
        "ACCEPTED",
        "48.78",
        paid["payment_order_id"],
    )
    assert claim["finding_ids"] == [found[0]["id"]]
    assert len(await get(api, f"/claims/{paid['id']}/decisions")) == 1
    async with sessionmaker_of(api)() as s:
        raised = [
            json.loads(v)["payload"]
            for v in (
                await s.execute(
                    select(orm.outbox.c.value).where(
                        orm.outbox.c.event_type == "financing.double_funding_finding.raised"
                    )
                )
            ).scalars()
        ]
    assert [p["finding_id"] for p in raised if p["claim_id"] == paid["id"]] == [found[0]["id"]]

    # The claim for the correction would pay the same session a second time: held for a finance officer.
    again = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date=CORRECTED_ON.isoformat()))
    assert (again["status"], codes(again)) == ("HELD", ["PPA_SUPERSEDED_AFTER_PAYMENT"])
    (held_for,) = (await get(api, f"/findings?claim_id={again['id']}"))["items"]
    assert (held_for["claim_id"], held_for["other_claim_id"]) == (again["id"], paid["id"])

    resolved = await api.post(
        f"/findings/{found[0]['id']}/resolution",
        json={"resolution": "CONFIRMED", "justification": "The first session was billed on the wrong day."},
        headers=OFFICER,
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "RESOLVED"


async def test_a_claim_held_for_its_session_is_rejected_once_the_session_arrives_superseded(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    first, correction = uuid.uuid4(), uuid.uuid4()
    await project(api, registered(f, edd=date(2027, 3, 1)), scenario(f, "A"))
    by_reference = await submit(
        api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-10", activity_ref=str(first))
    )
    by_day = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-11-10"))
    assert {by_reference["status"], by_day["status"]} == {"HELD"}
    arrivals = ActivityArrivals()
    rules: RuleBook = api._transport.app.state.rules  # type: ignore[attr-defined]
    follow_up = HeldClaimsFollowUp(arrivals, sessionmaker_of(api), rules, today=lambda: TODAY)

    # The correction first: the claim naming the superseded session is rejected without waiting for it;
    # the claim for the session's day cannot know yet which session it rests on and stays held.
    await project(api, session(f, correction, on=date(2026, 11, 12), supersedes=first), arrivals=arrivals)
    assert await follow_up.follow_up(arrivals.take()) == {"REJECTED": 1, "UNCHANGED": 1}
    # Then the superseded session itself: the claim resting on its day is rejected too, never paid.
    await project(api, session(f, first, on=date(2026, 11, 10)), arrivals=arrivals)
    assert await follow_up.follow_up(arrivals.take()) == {"REJECTED": 1}

    for held in (by_reference, by_day):
        claim = await get(api, f"/claims/{held['id']}")
        assert (claim["status"], claim["decision"]["reason_codes"]) == (
            "REJECTED",
            ["FIN_11_SESSION_SUPERSEDED"],
        )
    async with sessionmaker_of(api)() as s:
        orders = await s.scalar(
            select(func.count())
            .select_from(orm.payment_order)
            .where(orm.payment_order.c.client_pseudonym == f.client)
        )
    assert orders == 0


async def test_the_corrections_migration_goes_down_and_up_again(databases: Databases) -> None:
    url = await databases.create("fin_corrections", migrate="financing:migrations")
    query = text(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'advice_session_projection'"
    )
    added = {"supersedes", "correction_reason", "superseded_by", "superseded_at"}
    engine = make_engine(url)
    try:
        await asyncio.to_thread(downgrade, "financing:migrations", url, "1b28c3ce1861")
        async with engine.connect() as conn:
            assert not added & set((await conn.execute(query)).scalars())
        await asyncio.to_thread(upgrade, "financing:migrations", url)
        async with engine.connect() as conn:
            assert added <= set((await conn.execute(query)).scalars())
    finally:
        await engine.dispose()
