"""Reporting dimensions: period grain, region level, programme and attribution (REP-08, REP-21, CTX-01)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from reporting.domain.errors import InvalidReportRequest
from shared.refdata import Geography, UnknownNisCode

PERINATAL: Final = "PERINATAL"
"""CTX-01: the first IFP programme. Programmes are string codes so that later ones need no schema change."""

COUNTRY_CODE: Final = "BE"
UNKNOWN_AREA_CODE: Final = "UNKNOWN"
NO_ZONE_CODE: Final = "NO_ELZ"

_PROGRAMME_PATTERN: Final = re.compile(r"[A-Z][A-Z0-9_]{1,31}")
_PERIOD_PATTERN: Final = re.compile(r"(?P<year>[0-9]{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?")


class PeriodGrain(StrEnum):
    """Time bucket of a report row."""

    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"


class RegionLevel(StrEnum):
    """Geographic level of a report row (REP-21: province -> ELZ/zorgraad -> municipality)."""

    MUNICIPALITY = "MUNICIPALITY"
    ELZ = "ELZ"
    CARE_COUNCIL = "CARE_COUNCIL"
    PROVINCE = "PROVINCE"
    REGION = "REGION"


class Attribution(StrEnum):
    """Which location a fact is attributed to (REP-08); Q-05 default: where the citizen lives."""

    RESIDENCE = "RESIDENCE"
    PERFORMER = "PERFORMER"


DEFAULT_ATTRIBUTION: Final = Attribution.RESIDENCE


@dataclass(frozen=True, slots=True)
class Area:
    """One geographic cell of a report: its level, code, display name and enclosing area code."""

    level: RegionLevel
    code: str
    name: str
    parent_code: str


def is_programme_code(value: object) -> bool:
    """Tell whether `value` is a programme code such as 'PERINATAL' (CTX-01)."""
    return isinstance(value, str) and _PROGRAMME_PATTERN.fullmatch(value) is not None


def period_label(day: date, grain: PeriodGrain) -> str:
    """Return the bucket label of `day`: '2026-03' (MONTH), '2026-Q1' (QUARTER) or '2026' (YEAR)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise InvalidReportRequest(f"period_label needs a date, got {type(day).__name__}")
    if grain is PeriodGrain.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if grain is PeriodGrain.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def parent_period(label: str) -> str | None:
    """Return the label of the period that contains `label`: month -> quarter -> year -> None.

    '2026-03' -> '2026-Q1', '2026-Q1' -> '2026', '2026' -> None. Figures of a period add up into its parent,
    so small-cell protection treats the parent as the total of its sub-periods (DP-07).
    """
    match = _PERIOD_PATTERN.fullmatch(label)
    if match is None:
        raise InvalidReportRequest(f"{label!r} is not a period label such as 2026, 2026-Q1 or 2026-03")
    year, quarter, month = match.group("year"), match.group("quarter"), match.group("month")
    if month is not None:
        return f"{year}-Q{(int(month) - 1) // 3 + 1}"
    if quarter is not None:
        return year
    return None


def area_of(nis: str | None, level: RegionLevel, geography: Geography) -> Area:
    """Map a (possibly retired) NIS code to its area at `level`; unknown and Walloon-ELZ cases get buckets.

    A missing or unknown code goes to the UNKNOWN bucket and a Walloon municipality at ELZ or care-council
    level to the NO_ELZ bucket, so that no fact silently disappears from a report (REP-20: Wallonia has no
    ELZ). The parent code is the enclosing area that the REP-21 hierarchy shows as a total: municipality
    -> ELZ (Wallonia: province), ELZ or care council -> province, province -> region, region -> country.
    """
    if nis is None:
        return Area(level, UNKNOWN_AREA_CODE, "Location not recorded", COUNTRY_CODE)
    try:
        municipality = geography.municipality(nis)
    except UnknownNisCode:
        return Area(level, UNKNOWN_AREA_CODE, "Location not recorded", COUNTRY_CODE)
    if level is RegionLevel.REGION:
        return Area(level, municipality.region.value, municipality.region_name_nl, COUNTRY_CODE)
    if level is RegionLevel.PROVINCE:
        return Area(
            level, municipality.province_nis, municipality.province_name_nl, municipality.region.value
        )
    zone = geography.elz_of(municipality.nis)
    if level is RegionLevel.MUNICIPALITY:
        parent = municipality.province_nis if zone is None else zone.code
        return Area(level, municipality.nis, municipality.name_nl, parent)
    council = geography.care_council_of(municipality.nis)
    if zone is None or council is None:
        return Area(level, NO_ZONE_CODE, "No primary-care zone (Wallonia)", municipality.region.value)
    if level is RegionLevel.CARE_COUNCIL:
        return Area(level, council.elz_code, council.name, zone.province_nis)
    return Area(level, zone.code, zone.name, zone.province_nis)
