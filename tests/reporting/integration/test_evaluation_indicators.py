"""REP-01..05 from consumed events to the figures of the API, small cells protected (DP-07)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reporting import events as ev
from tests.reporting.conftest import Harness, figures, values

pytestmark = pytest.mark.integration

ANTWERPEN, SCHOTEN, BOECHOUT, VILVOORDE, ZEMST, BRUGGE = "11002", "11040", "11004", "23088", "23096", "31005"
MARCH, APRIL = date(2026, 3, 10), date(2026, 4, 14)


async def test_rep03_advice_sessions_per_municipality_hide_small_cells_and_their_complement(
    harness: Harness,
) -> None:
    await harness.feed(
        *[ev.advice_session(f"a{n}", nis=ANTWERPEN, day=MARCH) for n in range(7)],
        *[ev.advice_session(f"s{n}", nis=SCHOTEN, day=MARCH) for n in range(2)],
        *[ev.advice_session(f"v{n}", nis=VILVOORDE, day=MARCH) for n in range(6)],
    )
    async with harness.client() as client:
        municipalities = await figures(client, "prenatal-advice-sessions", grain="year", level="municipality")
        zones = await figures(client, "prenatal-advice-sessions", grain="year", level="elz")
        regions = await figures(client, "prenatal-advice-sessions", grain="year", level="region")
    # Schoten's 2 is small; Antwerpen is hidden too, or 9 (its ELZ) minus 7 would give Schoten away.
    assert values(municipalities) == {ANTWERPEN: "x", SCHOTEN: "<5", VILVOORDE: "6"}
    assert values(zones) == {"elz2": "9", "elz42": "6"}
    assert values(regions) == {"FLANDERS": "15"}
    assert municipalities["indicator"] == "REP-03.prenatal_advice_sessions"
    assert municipalities["small_cell_threshold"] == 5


async def test_rep01_active_users_are_distinct_professionals_and_only_small_counts_are_hidden(
    harness: Harness,
) -> None:
    antwerp_pros = [ev.performer(f"pro-{n}") for n in range(6)]
    await harness.feed(
        *[ev.screened(f"a{n}", nis=ANTWERPEN, day=MARCH, who=antwerp_pros[n]) for n in range(6)],
        ev.advice_session("a0", nis=ANTWERPEN, day=MARCH, who=antwerp_pros[0]),  # same professional again
        *[ev.screened(f"s{n}", nis=SCHOTEN, day=MARCH, who=ev.performer(f"pro-s{n}")) for n in range(2)],
    )
    async with harness.client() as client:
        body = await figures(client, "active-users", level="municipality")
    # Distinct counts do not add up over areas: nothing can be subtracted, so only the small cell goes.
    assert values(body) == {ANTWERPEN: "6", SCHOTEN: "<5"}
    assert {row["period"] for row in body["rows"]} == {"2026-03"}


async def test_rep02_screenings_relative_to_pregnancies_maps_retired_nis_codes(harness: Harness) -> None:
    clients = [f"a{n}" for n in range(8)]
    await harness.feed(
        *[ev.registered(c, nis=ANTWERPEN, day=MARCH) for c in clients[:7]],
        ev.registered(clients[7], nis="11007", day=MARCH),  # Borsbeek, merged into Antwerpen in 2025
        *[ev.screened(c, nis=ANTWERPEN, day=MARCH) for c in clients[:6]],
        *[ev.registered(f"b{n}", nis=BRUGGE, day=MARCH) for n in range(6)],
        *[ev.screened(f"b{n}", nis=BRUGGE, day=MARCH) for n in range(5)],
        *[ev.registered(f"v{n}", nis=VILVOORDE, day=MARCH) for n in range(3)],
        *[ev.screened(f"v{n}", nis=VILVOORDE, day=MARCH) for n in range(2)],
    )
    async with harness.client() as client:
        body = await figures(client, "screenings-per-pregnancy", grain="quarter", level="municipality")
    rows = {row["region_code"]: (row["numerator"], row["denominator"], row["value"]) for row in body["rows"]}
    assert rows[ANTWERPEN] == ("6", "8", "0.7500")
    assert rows[VILVOORDE] == ("<5", "<5", "x")
    # Flanders (8 of 17) is shown: one more province is hidden so Vlaams-Brabant cannot be derived.
    assert rows[BRUGGE] == ("x", "x", "x")
    assert body["periods"] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


async def test_rep04_trajectories_take_the_residence_of_the_registration_whatever_the_arrival_order(
    harness: Harness,
) -> None:
    clients = [f"c{n}" for n in range(6)]
    # Careteam events carry no residence; half of them arrive before the pregnancy registration.
    await harness.feed(*[ev.coordinator_appointed(c, day=APRIL) for c in clients[:3]])
    await harness.feed(*[ev.registered(c, nis=BOECHOUT, day=MARCH) for c in clients])
    await harness.feed(
        *[ev.coordinator_appointed(c, day=APRIL) for c in clients[3:]],
        ev.coordinator_appointed("c0", day=APRIL, professional="coord-2", handover=True),
        ev.coordinator_appointed("unregistered", day=APRIL),
    )
    async with harness.client() as client:
        body = await figures(client, "coordination-trajectories", grain="year", level="elz")
    # A hand-over continues a trajectory; a client with no registration is counted where unknown.
    assert values(body) == {"elz55": "6", "UNKNOWN": "<5"}


async def test_rep05_consultations_and_care_council_level(harness: Harness) -> None:
    clients = [f"c{n}" for n in range(9)]
    await harness.feed(
        *[ev.registered(c, nis=VILVOORDE if n < 8 else ZEMST, day=MARCH) for n, c in enumerate(clients)],
        *[ev.consultation_held(c, day=APRIL) for c in clients],
    )
    async with harness.client() as client:
        councils = await figures(client, "perinatal-consultations", grain="year", level="care_council")
        municipalities = await figures(client, "perinatal-consultations", grain="year", level="municipality")
    assert values(councils) == {"elz42": "9"}
    assert councils["rows"][0]["level"] == "CARE_COUNCIL"
    assert councils["rows"][0]["region_name"] == "BraViO"
    # Zemst's 1 is small, so Vilvoorde's 8 is hidden as well (the care council shows 9).
    assert values(municipalities) == {VILVOORDE: "x", ZEMST: "<5"}


async def test_dp07_a_small_cell_whose_complement_would_pin_it_hides_the_parent_too(harness: Harness) -> None:
    # 5 + 1 = 6: with "<5" meaning 1..4 and the complement at least 5, the parent's 6 would give both
    # away; so the parent goes too, and with it every level above that has nothing else to show.
    await harness.feed(
        *[ev.advice_session(f"v{n}", nis=VILVOORDE, day=MARCH) for n in range(5)],
        ev.advice_session("z", nis=ZEMST, day=MARCH),
    )
    async with harness.client() as client:
        zones = await figures(client, "prenatal-advice-sessions", grain="year", level="elz")
        municipalities = await figures(client, "prenatal-advice-sessions", grain="year", level="municipality")
    assert values(municipalities) == {VILVOORDE: "x", ZEMST: "<5"}
    assert values(zones) == {"elz42": "x"}


async def test_rep08_attribution_by_the_performers_location_on_request(harness: Harness) -> None:
    hospital = ev.performer("pro-h", location_nis=VILVOORDE)
    await harness.feed(
        *[ev.advice_session(f"a{n}", nis=ANTWERPEN, day=MARCH, who=hospital) for n in range(5)]
    )
    async with harness.client() as client:
        by_residence = await figures(client, "prenatal-advice-sessions", grain="year", level="elz")
        by_performer = await figures(
            client, "prenatal-advice-sessions", grain="year", level="elz", attribution="performer"
        )
    assert values(by_residence) == {"elz2": "5"}
    assert values(by_performer) == {"elz42": "5"}
    assert by_performer["attribution"] == "PERFORMER"


async def test_rep08_coordination_trajectories_attributed_to_where_the_coordinator_works(
    harness: Harness,
) -> None:
    await harness.feed(
        *[ev.coordinator_appointed(f"a{n}", day=MARCH, location_nis=VILVOORDE) for n in range(5)],
        *[ev.registered(f"a{n}", nis=ANTWERPEN, day=MARCH) for n in range(5)],
    )
    async with harness.client() as client:
        by_performer = await figures(
            client, "coordination-trajectories", grain="year", level="elz", attribution="performer"
        )
    assert values(by_performer) == {"elz42": "5"}
