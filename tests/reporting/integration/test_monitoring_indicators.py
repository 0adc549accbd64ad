"""Programme monitoring from consumed events to API figures: SCR-05..07, CT-31/33, REP-11, FIN-30, DF."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reporting import events as ev
from tests.reporting.conftest import ANALYST, COUNCIL, Harness, figures, values

pytestmark = pytest.mark.integration

ANTWERPEN, BOECHOUT = "11002", "11004"
MARCH, MAY = date(2026, 3, 10), date(2026, 5, 4)


async def test_scr05_scenario_mix_and_scr06_exception_path_inclusions(harness: Harness) -> None:
    await harness.feed(
        *[ev.screened(f"z{n}", nis=ANTWERPEN, day=MARCH, scenario="0") for n in range(6)],
        *[ev.screened(f"a{n}", nis=ANTWERPEN, day=MARCH, scenario="A") for n in range(5)],
        *[ev.included(f"b{n}", nis=ANTWERPEN, day=MARCH, scenario="B") for n in range(2)],
    )
    async with harness.client() as client:
        mix = await figures(client, "scenario-mix", grain="year", level="elz")
        exceptions = await figures(client, "exception-path-inclusions", grain="year", level="region")
    # B's 2 is small; the scenarios of an area add up to its total, so A (the smallest other) is hidden.
    assert values(mix) == {("elz2", "0"): "6", ("elz2", "A"): "x", ("elz2", "B"): "<5"}
    assert {(t["region_code"], t["value"]) for t in mix["totals"]} == {("elz2", "13")}
    assert values(exceptions) == {("FLANDERS", "NO_TOOL_AVAILABLE"): "<5"}


async def test_scr07_share_of_screenings_before_week_14(harness: Harness) -> None:
    await harness.feed(
        *[ev.screened(f"e{n}", nis=ANTWERPEN, day=MARCH, week=10) for n in range(6)],
        *[ev.screened(f"l{n}", nis=ANTWERPEN, day=MARCH, week=16) for n in range(3)],
        ev.screened("postnatal", nis=ANTWERPEN, day=MARCH, week=None),
    )
    async with harness.client() as client:
        body = await figures(client, "screened-before-week-14", grain="year", level="municipality")
    row = body["rows"][0]
    assert (row["region_code"], row["numerator"], row["denominator"], row["value"]) == (
        ANTWERPEN,
        "6",
        "10",
        "0.6000",
    )


async def test_a_corrected_screening_replaces_the_one_it_supersedes(harness: Harness) -> None:
    await harness.feed(*[ev.screened(f"s{n}", nis=ANTWERPEN, day=MARCH, scenario="0") for n in range(6)])
    await harness.feed(
        *[
            ev.screened(f"s{n}", nis=ANTWERPEN, day=MARCH, scenario="A", name=f"s{n}-fix", supersedes=f"s{n}")
            for n in range(6)
        ]
    )
    async with harness.client() as client:
        mix = await figures(client, "scenario-mix", grain="year", level="region")
        screened = await figures(client, "screened-before-week-14", grain="year", level="region")
    assert values(mix) == {("FLANDERS", "A"): "6"}
    assert screened["rows"][0]["denominator"] == "6"


async def test_ct31_requests_per_type_and_ct33_late_intakes(harness: Harness) -> None:
    clients = [f"c{n}" for n in range(11)]
    await harness.feed(
        *[ev.registered(c, nis=BOECHOUT, day=MARCH) for c in clients],
        *[ev.case_management_requested(c, day=MAY, kind="JUMP_START") for c in clients[:6]],
        *[ev.case_management_requested(c, day=MAY, kind="PROCESS_SUPPORT") for c in clients[6:]],
        *[ev.intake_scheduled(c, day=MAY, late=False) for c in clients[:7]],
        *[ev.intake_scheduled(c, day=MAY, late=True) for c in clients[7:9]],
    )
    async with harness.client() as client:
        requests = await figures(client, "case-management-requests", grain="quarter", level="elz")
        intakes = await figures(client, "case-management-intakes", grain="quarter", level="care_council")
    assert values(requests) == {("elz55", "JUMP_START"): "6", ("elz55", "PROCESS_SUPPORT"): "5"}
    assert values(intakes) == {("elz55", "LATE"): "<5", ("elz55", "ON_TIME"): "x"}
    assert {row["period"] for row in intakes["rows"]} == {"2026-Q2"}


async def test_rep11_who_screens_and_who_joins_consultations_by_profession_and_funding(
    harness: Harness,
) -> None:
    midwives = [ev.performer(f"m{n}", profession="midwife", funding="FEDERAL") for n in range(6)]
    doctors = [ev.performer(f"g{n}", profession=ev.GP, funding="FLEMISH") for n in range(5)]
    clients = [f"c{n}" for n in range(11)]
    await harness.feed(
        *[ev.registered(c, nis=ANTWERPEN, day=MARCH) for c in clients],
        *[
            ev.screened(c, nis=ANTWERPEN, day=MARCH, who=w)
            for c, w in zip(clients, midwives + doctors, strict=True)
        ],
        *[ev.consultation_held(c, day=MAY, professionals=2) for c in clients[:6]],
    )
    async with harness.client() as client:
        screeners = await figures(
            client, "performers-screening", grain="year", level="region", headers=COUNCIL
        )
        joiners = await figures(client, "performers-consultation", grain="year", level="region")
    assert values(screeners) == {
        ("FLANDERS", "MIDWIFE", "FEDERAL"): "6",
        ("FLANDERS", "GENERAL_PRACTITIONER", "FLEMISH"): "5",
    }
    assert screeners["indicator"] == "REP-11.performers_by_profession.SCREENING_COMPLETED"
    # Each consultation: a GP, a midwife and the client, who is counted by kind and never identified.
    assert values(joiners) == {
        ("FLANDERS", "CLIENT", "UNSPECIFIED"): "6",
        ("FLANDERS", "GENERAL_PRACTITIONER", "UNSPECIFIED"): "6",
        ("FLANDERS", "MIDWIFE", "UNSPECIFIED"): "6",
    }


async def test_fin30_amounts_paid_per_payer_and_act_hide_amounts_of_few_payments(harness: Harness) -> None:
    clients = [f"c{n}" for n in range(14)]
    await harness.feed(
        *[ev.registered(c, nis=ANTWERPEN, day=MARCH) for c in clients],
        *[ev.claim_decided(c, day=MAY, amount="22.55") for c in clients[:6]],
        *[
            ev.claim_decided(c, day=MAY, act="PRENATAL_ADVICE_SESSION", amount="48.78", claim=f"{c}-ppa")
            for c in clients[6:11]
        ],
        *[
            ev.claim_decided(c, day=MAY, act="PRENATAL_ADVICE_SESSION", payer="FLEMISH", amount="48.78")
            for c in clients[11:13]
        ],
        ev.claim_decided(clients[13], day=MAY, outcome="REJECTED", amount="0.00"),
    )
    # A review overturns one accepted screening claim: its first decision no longer counts.
    await harness.feed(ev.claim_decided(clients[0], day=MAY, outcome="REJECTED", amount="0.00", decision=2))
    async with harness.client() as client:
        body = await figures(client, "amounts-paid", grain="year", level="region")
    # 2 Flemish payments are too few to show their sum; of the two others with 5 payments, the first in
    # table order is hidden too, or the region's total number of payments would give the 2 away.
    assert values(body) == {
        ("FLANDERS", "FEDERAL", "PRENATAL_ADVICE_SESSION"): "x",
        ("FLANDERS", "FEDERAL", "SCREENING"): "112.75",
        ("FLANDERS", "FLEMISH", "PRENATAL_ADVICE_SESSION"): "x",
    }


async def test_df_double_funding_findings_per_rule(harness: Harness) -> None:
    await harness.feed(
        *[ev.registered(f"c{n}", nis=ANTWERPEN, day=MARCH) for n in range(15)],
        *[ev.finding_raised(f"c{n}", day=MAY, rule="DF-1") for n in range(8)],
        *[ev.finding_raised(f"c{n}", day=MAY, rule="DF-7") for n in range(8, 14)],
        ev.finding_raised("c14", day=MAY, rule="DF-3"),
    )
    async with harness.client() as client:
        body = await figures(
            client, "double-funding-findings", grain="year", level="province", headers=ANALYST
        )
    assert values(body) == {("10000", "DF-1"): "8", ("10000", "DF-3"): "<5", ("10000", "DF-7"): "x"}
