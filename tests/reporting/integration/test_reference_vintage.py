"""An operator loads a newer vintage of the geography without a code change (REPORTING_REFDATA_DIR)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reporting.config import ReportingSettings
from shared.refdata import ReferenceDataError, default_data_dir
from tests.reporting import events as ev
from tests.reporting.conftest import Harness, figures, values

pytestmark = pytest.mark.integration

ANTWERPEN, SCHOTEN = "11002", "11040"
MARCH = date(2026, 3, 10)


def rewrite(path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(rows))


def vintage_2027(directory: Path) -> Path:
    """The packaged files, copied, with Schoten merged into a renamed Antwerpen (a made-up 2027 merger)."""
    target = directory / "refdata-2027"
    shutil.copytree(default_data_dir(), target)

    def municipalities(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["nis_code"] == ANTWERPEN:
                row["name_nl"] = "Groot-Antwerpen"
        return [row for row in rows if row["nis_code"] != SCHOTEN]

    def zones(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["elz_code_pinc"] == "elz2":
                codes = [c for c in row["municipality_nis_codes"].split(";") if c != SCHOTEN]
                row["municipality_nis_codes"], row["n_municipalities"] = ";".join(codes), str(len(codes))
        return rows

    def postcodes(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["nis_code"] == SCHOTEN:
                row["nis_code"] = ANTWERPEN
        return rows

    def crosswalk(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        template = dict(rows[0])
        template.update(
            old_nis=SCHOTEN,
            old_name="Schoten",
            new_nis=ANTWERPEN,
            new_name_nl="Groot-Antwerpen",
            new_name_fr="Anvers",
            old_valid_to="2026-12-31",
            new_valid_from="2027-01-01",
            change_type="merger",
        )
        return [*rows, template]

    rewrite(target / "municipalities.csv", municipalities)
    rewrite(target / "elz.csv", lambda rows: [row for row in rows if row["nis_code"] != SCHOTEN])
    rewrite(target / "elz_zones.csv", zones)
    rewrite(target / "postcodes.csv", postcodes)
    rewrite(target / "nis_crosswalk.csv", crosswalk)
    return target


async def test_a_newer_vintage_maps_retired_codes_and_renames_areas(harness: Harness, tmp_path: Path) -> None:
    await harness.feed(
        *[ev.advice_session(f"a{n}", nis=ANTWERPEN, day=MARCH) for n in range(3)],
        *[ev.advice_session(f"s{n}", nis=SCHOTEN, day=MARCH) for n in range(3)],
    )
    async with harness.client() as client:
        packaged = await figures(client, "prenatal-advice-sessions", grain="year", level="municipality")
    async with harness.client(refdata_dir=vintage_2027(tmp_path)) as client:
        newer = await figures(client, "prenatal-advice-sessions", grain="year", level="municipality")
    assert values(packaged) == {ANTWERPEN: "<5", SCHOTEN: "<5"}
    # Schoten's events (stored with the old code) now count in the merged municipality.
    assert values(newer) == {ANTWERPEN: "6"}
    assert newer["rows"][0]["region_name"] == "Groot-Antwerpen"


def test_the_vintage_directory_comes_from_reporting_refdata_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REPORTING_REFDATA_DIR", str(tmp_path))
    assert ReportingSettings().refdata_dir == tmp_path
    monkeypatch.delenv("REPORTING_REFDATA_DIR")
    assert ReportingSettings().refdata_dir is None


async def test_a_broken_vintage_stops_the_start_up_with_the_file_and_line(
    harness: Harness, tmp_path: Path
) -> None:
    broken = vintage_2027(tmp_path)
    (broken / "elz.csv").write_text("nis_code,elz_code_pinc\n11002,elz2\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"elz\.csv"):
        async with harness.client(refdata_dir=broken):
            pass
