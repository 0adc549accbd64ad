"""Records are never edited: corrections of prenatal advice sessions (FIN-11), referrals (SCR-10) and
exception decisions (SCR-06) through HTTP. The earlier record stays readable; a superseded PPA no longer
counts toward the number or the fee cap of later sessions."""

from __future__ import annotations

import uuid
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

HELD = "screening.prenatal_advice_session.held"
REFERRED = "screening.referral.recorded"
HUIS_VAN_HET_KIND = performer(
    professional_id="hvhk-017",
    profession="FAMILY_SUPPORT_WORKER",
    organisation_kind="HUIS_VAN_HET_KIND",
    funding_type="WELFARE",
)


async def ppa(api: httpx.AsyncClient, pregnancy_id: str, days_ago: int, **body: Any) -> httpx.Response:
    who = body.pop("performer", performer())
    payload = {"session_date": (TODAY - timedelta(days=days_ago)).isoformat(), "performer": who, **body}
    return await api.post(f"/pregnancies/{pregnancy_id}/prenatal-advice-sessions", json=payload, headers=PRO)


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return dict(response.json())


async def included(api: httpx.AsyncClient) -> dict[str, Any]:
    pregnancy = await register(api)
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=30), "HOUSING_PROBLEMS"))
    return pregnancy


async def test_fin11_a_corrected_ppa_stays_readable_and_no_longer_counts_toward_the_cap_of_later_sessions(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await included(api)
    first = await created(await ppa(api, pregnancy["id"], 20))

    fix = await created(
        await ppa(
            api,
            pregnancy["id"],
            20,
            performer=performer(profession="NURSE"),
            supersedes=first["id"],
            correction_reason="Held by the nurse, not by the midwife",
        )
    )
    second = await created(await ppa(api, pregnancy["id"], 10))
    third = await created(await ppa(api, pregnancy["id"], 5))

    assert (first["session_number"], first["reimbursable"]) == (1, True)
    assert (fix["session_number"], fix["supersedes"], fix["non_reimbursable_reason"]) == (
        1,
        first["id"],
        "PROFESSION_NOT_ELIGIBLE",
    )
    # Without the correction the first session would still count: 4th session, fee cap reached.
    assert (second["session_number"], second["reimbursable"]) == (2, True)
    assert (third["session_number"], third["reimbursable"]) == (3, True)
    view = await summary(api, pregnancy["id"])
    by_id = {s["id"]: s for s in view["prenatal_advice_sessions"]}
    assert list(by_id) == [first["id"], fix["id"], second["id"], third["id"]]
    assert (by_id[first["id"]]["current"], by_id[first["id"]]["superseded_by"]) == (False, fix["id"])
    assert by_id[fix["id"]]["correction_reason"] == "Held by the nurse, not by the midwife"
    assert {"HAS_CORRECTIONS", "PPA_CAP_REACHED"} <= set(view["flags"])
    held = [e for e in await events(api, pregnancy["client_pseudonym"]) if e["event_type"] == HELD]
    assert [(e["event_version"], e["payload"]["session_number"]) for e in held] == [
        (1, 1),
        (2, 1),
        (1, 2),
        (1, 3),
    ]
    assert (held[1]["payload"]["supersedes"], held[1]["payload"]["reimbursable"]) == (first["id"], False)
    assert held[1]["payload"]["correction_reason"] == "Held by the nurse, not by the midwife"
    assert "supersedes" not in held[0]["payload"]  # a first session is still published as V1


async def test_fin11_a_correction_takes_the_fee_slot_of_the_session_it_replaces(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await included(api)
    first = await created(await ppa(api, pregnancy["id"], 20))
    await created(await ppa(api, pregnancy["id"], 15))
    capped = await created(await ppa(api, pregnancy["id"], 10))

    fix = await created(
        await ppa(api, pregnancy["id"], 19, supersedes=first["id"], correction_reason="The day after")
    )

    assert (capped["session_number"], capped["non_reimbursable_reason"]) == (3, "CAP_REACHED")
    assert (fix["session_number"], fix["reimbursable"]) == (1, True)


async def test_fin11_a_ppa_correction_needs_a_reason_and_a_current_session_of_the_same_pregnancy(
    api: httpx.AsyncClient,
) -> None:
    pregnancy, other = await included(api), await included(api)
    session = await created(await ppa(api, pregnancy["id"], 20))
    elsewhere = await created(await ppa(api, other["id"], 20))

    no_reason = await ppa(api, pregnancy["id"], 19, supersedes=session["id"])
    reason_only = await ppa(api, pregnancy["id"], 19, correction_reason="why")
    ghost = await ppa(api, pregnancy["id"], 19, supersedes=str(uuid.uuid4()), correction_reason="x")
    foreign = await ppa(api, pregnancy["id"], 19, supersedes=elsewhere["id"], correction_reason="x")
    await created(
        await ppa(api, pregnancy["id"], 19, supersedes=session["id"], correction_reason="first fix")
    )
    twice = await ppa(api, pregnancy["id"], 18, supersedes=session["id"], correction_reason="second fix")

    assert_problem(no_reason, 422, "SCR_CORRECTION_REASON_REQUIRED")
    assert_problem(reason_only, 422, "SCR_CORRECTION_REASON_WITHOUT_CORRECTION")
    assert_problem(ghost, 404, "SCR_SUPERSEDED_RECORD_NOT_FOUND")
    assert_problem(foreign, 404, "SCR_SUPERSEDED_RECORD_NOT_FOUND")
    assert_problem(twice, 409, "SCR_RECORD_ALREADY_SUPERSEDED")
    assert await count_rows(api, orm.prenatal_advice_session, pregnancy["id"]) == 2


async def test_fin11_q20_a_correction_dated_on_the_day_of_birth_is_refused_like_any_session(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api, expected_delivery_date=TODAY - timedelta(days=5))
    await record_screening(api, pregnancy["id"], screening(TODAY - timedelta(days=30), "HOUSING_PROBLEMS"))
    session = await created(await ppa(api, pregnancy["id"], 10))
    born = await api.post(
        f"/pregnancies/{pregnancy['id']}/birth",
        json={"birth_date": (TODAY - timedelta(days=5)).isoformat()},
        headers=PRO,
    )
    assert born.status_code == 200, born.text

    on_birth_day = await ppa(api, pregnancy["id"], 5, supersedes=session["id"], correction_reason="date")

    problem = assert_problem(on_birth_day, 422, "FIN_11_PPA_ONLY_DURING_PREGNANCY")
    assert problem["timing"] == "ON_BIRTH_DAY"


async def test_scr10_a_referral_made_before_registration_is_linked_to_the_pregnancy_by_a_correction(
    api: httpx.AsyncClient,
) -> None:
    first = await created(
        await api.post(
            "/referrals",
            json={
                "referral_date": TODAY.isoformat(),
                "referrer": HUIS_VAN_HET_KIND,
                "residence_nis": "44021",
            },
            headers=PRO,
        )
    )
    pregnancy = await register(api, residence_nis="11002")

    fix = await created(
        await api.post(
            "/referrals",
            json={
                "referral_date": TODAY.isoformat(),
                "referrer": HUIS_VAN_HET_KIND,
                "pregnancy_id": pregnancy["id"],
                "supersedes": first["id"],
                "correction_reason": "The woman has registered since",
            },
            headers=PRO,
        )
    )

    assert (fix["pregnancy_id"], fix["residence_nis"], fix["supersedes"]) == (
        pregnancy["id"],
        "11002",
        first["id"],
    )
    earlier = (await api.get(f"/referrals/{first['id']}", headers=PRO)).json()
    assert (earlier["current"], earlier["superseded_by"], earlier["pregnancy_id"]) == (False, fix["id"], None)
    assert [r["id"] for r in (await summary(api, pregnancy["id"]))["referrals"]] == [fix["id"]]
    [event] = [e for e in await events(api, pregnancy["client_pseudonym"]) if e["event_type"] == REFERRED]
    assert (event["event_version"], event["payload"]["supersedes"]) == (2, first["id"])
    assert event["payload"]["correction_reason"] == "The woman has registered since"


async def test_scr10_a_referral_of_a_pregnancy_is_corrected_within_it_and_only_once(
    api: httpx.AsyncClient,
) -> None:
    pregnancy, other = await register(api), await register(api)
    body = {"referral_date": (TODAY - timedelta(days=3)).isoformat(), "referrer": HUIS_VAN_HET_KIND}
    first = await created(
        await api.post("/referrals", json=body | {"pregnancy_id": pregnancy["id"]}, headers=PRO)
    )
    fix = {"referral_date": (TODAY - timedelta(days=4)).isoformat(), "supersedes": first["id"]}

    moved = await api.post(
        "/referrals",
        json=body | fix | {"pregnancy_id": other["id"], "correction_reason": "other client"},
        headers=PRO,
    )
    kept = await created(
        await api.post("/referrals", json=body | fix | {"correction_reason": "date"}, headers=PRO)
    )
    twice = await api.post("/referrals", json=body | fix | {"correction_reason": "again"}, headers=PRO)
    unknown = await api.get(f"/referrals/{uuid.uuid4()}", headers=PRO)

    assert_problem(moved, 404, "SCR_SUPERSEDED_RECORD_NOT_FOUND")
    assert kept["pregnancy_id"] == pregnancy["id"]  # without pregnancy_id the correction keeps the pregnancy
    assert_problem(twice, 409, "SCR_RECORD_ALREADY_SUPERSEDED")
    assert_problem(unknown, 404, "SCR_10_REFERRAL_NOT_FOUND")
    view = await summary(api, pregnancy["id"])
    assert [(r["id"], r["current"]) for r in view["referrals"]] == [(kept["id"], True), (first["id"], False)]
    assert await count_rows(api, orm.outreach_referral, other["id"]) == 0


async def test_scr06_a_corrected_exception_decision_stays_readable_and_the_event_carries_the_reason(
    api: httpx.AsyncClient,
) -> None:
    pregnancy = await register(api)
    url = f"/pregnancies/{pregnancy['id']}/inclusion-decisions"
    body = {
        "decision_date": (TODAY - timedelta(days=2)).isoformat(),
        "performer": performer(),
        "reason": "REFUSAL",
        "indicators": ["SUBSTANCE_USE", "VICTIM_OF_VIOLENCE"],
    }
    first = (await created(await api.post(url, json=body, headers=PRO)))["decision"]

    fixed = await created(
        await api.post(
            url,
            json=body
            | {
                "indicators": ["SUBSTANCE_USE"],
                "supersedes": first["id"],
                "correction_reason": "Violence was not disclosed",
            },
            headers=PRO,
        )
    )

    assert (fixed["current_scenario"]["scenario"], fixed["current_scenario"]["exception"]) == ("A", True)
    decisions = {d["id"]: d for d in (await summary(api, pregnancy["id"]))["inclusion_decisions"]}
    assert decisions[first["id"]]["current"] is False
    assert decisions[first["id"]]["indicators"] == ["SUBSTANCE_USE", "VICTIM_OF_VIOLENCE"]
    decided = [
        e["payload"]
        for e in await events(api, pregnancy["client_pseudonym"])
        if e["event_type"] == "screening.inclusion.decided"
    ]
    assert (decided[-1]["supersedes"], decided[-1]["correction_reason"]) == (
        first["id"],
        "Violence was not disclosed",
    )
