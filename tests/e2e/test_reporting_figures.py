"""Screening, careteam and financing events reach reporting's figures through the broker, small cells hidden.

Six pregnancies in Herstappe are registered, screened and given a prenatal advice session at screening, a
care team with a coordinator at careteam, and a screening claim at financing; two more pregnancies are
registered in Mesen. Herstappe and Mesen are the two smallest municipalities: no other test uses them.

Other tests of the session add figures elsewhere in Flanders, and small-cell protection works on the whole
table: a figure of ours may then be hidden as "x" to protect someone else's small cell. So the test waits
for a Herstappe row in every indicator (the events arrived and were attributed there), accepts "6" or "x"
as its value, and checks Mesen's small cell, which is "<5" whatever else the table holds.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import auth
from tests.e2e.conftest import Stack
from tests.e2e.support import Suite, eventually, national_number

pytestmark = pytest.mark.e2e

HERSTAPPE, MESEN, ZOLIM = "73028", "33016", "elz54"
TODAY = date.today()
PROFESSIONAL = auth("professional", subject="e2e-reporting")
COORDINATOR = auth("coordinator", subject="e2e-reporting")
BILLING = auth("billing_system", subject="e2e-reporting")
ANALYST = auth("policy_analyst")
GP = {
    "professional_id": "riziv-e2e-reporting-gp",
    "profession": "GP",
    "organisation_id": "praktijk-e2e-reporting",
    "organisation_kind": "GP_PRACTICE",
    "funding_type": "HEALTH_INSURANCE",
}


class ReportingSuite(Suite):
    async def figures(self, slug: str, **params: str) -> dict[str, Any]:
        return dict(await self.get("reporting", f"/indicators/{slug}", ANALYST, grain="YEAR", **params))


async def register(suite: ReportingSuite, i: int, nis: str) -> dict[str, Any]:
    body = {
        "national_number": national_number(f"850615{i:03d}"),
        "expected_delivery_date": (TODAY + timedelta(days=200)).isoformat(),
        "residence_nis": nis,
        "mutuality_code": "300",
        "first_contact_professional_id": f"e2e-reporting-pro-{i}",
    }
    pregnancy: dict[str, Any] = await suite.post("screening", "/pregnancies", body, PROFESSIONAL)
    return pregnancy


async def follow(suite: ReportingSuite, pregnancy: dict[str, Any], i: int) -> None:
    """Screening, advice session, care team with a coordinator, and a claim for the screening."""
    pid, pseudonym = pregnancy["id"], pregnancy["client_pseudonym"]
    await suite.post(
        "screening",
        f"/pregnancies/{pid}/screenings",
        {
            "screening_date": TODAY.isoformat(),
            "status": "COMPLETED",
            "performer": GP,
            "topics": ["HOUSING", "FINANCIAL_SITUATION"],
            "indicators": ["HOUSING_PROBLEMS", "FINANCIAL_PROBLEMS"],
        },
        PROFESSIONAL | {"Idempotency-Key": f"e2e-reporting-{pid}"},
    )
    await suite.post(
        "screening",
        f"/pregnancies/{pid}/prenatal-advice-sessions",
        {"session_date": TODAY.isoformat(), "performer": GP},
        PROFESSIONAL,
    )
    client = {"kind": "CLIENT", "member_id": pseudonym}
    coordinator = f"e2e-reporting-coordinator-{i}"
    team = await suite.post_when_known("careteam", "/teams", {"pregnancy_id": pid}, COORDINATOR)
    await suite.post(
        "careteam",
        f"/teams/{team['team_id']}/members",
        {
            "kind": "PROFESSIONAL",
            "professional": {
                "professional_id": coordinator,
                "profession": "midwife",
                "organisation_id": "org-e2e-reporting",
                "funding_type": "FEDERAL",
            },
            "agreement": {"given_by": client},
        },
        COORDINATOR,
    )
    member = {"kind": "PROFESSIONAL", "member_id": coordinator}
    await suite.post_when_known(
        "careteam",
        f"/teams/{team['team_id']}/coordinator-appointments",
        {
            "coordinator": member,
            "consent": {"given_by": client},
            "deliberation": {"held_on": TODAY.isoformat(), "participants": [client, member]},
            "reimbursement_sought": False,
        },
        COORDINATOR,
    )

    async def financing_knows_the_screening() -> bool | None:
        r = await suite.http.get(
            f"{suite.stack.url('financing')}/projection/pregnancies/{pid}", headers=auth("finance_officer")
        )
        return True if r.status_code == 200 and r.json().get("screenings") == 1 else None

    await eventually(financing_knows_the_screening, "financing projection")
    await suite.post(
        "financing",
        "/claims",
        {
            "client_pseudonym": pseudonym,
            "pregnancy_id": pid,
            "act": "SCREENING",
            "payer": "FEDERAL",
            "act_date": TODAY.isoformat(),
            "provider": {
                "professional_id": GP["professional_id"],
                "profession": "GENERAL_PRACTITIONER",
                "funding_type": "OTHER",
            },
        },
        BILLING | {"Idempotency-Key": f"e2e-reporting-{secrets.token_hex(8)}"},
    )


def by_region(body: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    return {(row["region_code"], *row["dimensions"].values()): row for row in body["rows"]}


async def test_screening_careteam_and_financing_events_show_in_reporting_figures(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    suite = ReportingSuite(stack, http)
    herstappe = [await register(suite, i, HERSTAPPE) for i in range(6)]
    for i in (6, 7):
        await register(suite, i, MESEN)
    for i, pregnancy in enumerate(herstappe):
        await follow(suite, pregnancy, i)

    async def everything_arrived() -> dict[str, dict[Any, dict[str, Any]]] | None:
        seen = {
            "registrations": by_region(await suite.figures("screenings-per-pregnancy", level="MUNICIPALITY")),
            "sessions": by_region(await suite.figures("prenatal-advice-sessions", level="MUNICIPALITY")),
            "screeners": by_region(await suite.figures("performers-screening", level="ELZ", region=ZOLIM)),
            "trajectories": by_region(await suite.figures("coordination-trajectories", level="MUNICIPALITY")),
            "paid": by_region(await suite.figures("amounts-paid", level="ELZ", region=ZOLIM)),
        }
        wanted: dict[str, list[tuple[str, ...]]] = {
            "registrations": [(HERSTAPPE,), (MESEN,)],
            "sessions": [(HERSTAPPE,)],
            "screeners": [(ZOLIM, "GP", "HEALTH_INSURANCE")],
            "trajectories": [(HERSTAPPE,)],
            "paid": [(ZOLIM, "FEDERAL", "SCREENING")],
        }
        complete = all(key in seen[name] for name, keys in wanted.items() for key in keys)
        complete = complete and seen["registrations"][(HERSTAPPE,)]["numerator"] != "<5"
        return seen if complete else None

    seen = await eventually(everything_arrived, "reporting figures")
    # Screening: registrations, completed screenings, advice sessions and who screened.
    assert seen["registrations"][(MESEN,)]["denominator"] == "<5"  # 2 registrations: a small cell
    assert seen["registrations"][(HERSTAPPE,)]["denominator"] in {"6", "x"}
    assert seen["registrations"][(HERSTAPPE,)]["numerator"] in {"6", "x"}
    assert seen["sessions"][(HERSTAPPE,)]["value"] in {"6", "x"}
    assert seen["screeners"][(ZOLIM, "GP", "HEALTH_INSURANCE")]["value"] in {"6", "x"}
    # Careteam: the trajectories take the residence of the registration (careteam events carry none).
    assert seen["trajectories"][(HERSTAPPE,)]["value"] in {"6", "x"}
    # Financing: six accepted screening claims of 22.55, attributed through the registration too.
    assert seen["paid"][(ZOLIM, "FEDERAL", "SCREENING")]["value"] in {"135.30", "x"}

    export = await http.get(
        f"{stack.url('reporting')}/exports/screenings-per-pregnancy.csv",
        params={"grain": "YEAR", "level": "MUNICIPALITY", "region": "30000"},
        headers=ANALYST,
    )
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    mesen = next(line for line in export.text.splitlines() if f",{MESEN}," in line)
    assert ",<5," in mesen
