from datetime import date, datetime

import pytest

from reporting.domain.dimensions import (
    NO_ZONE_CODE,
    PERINATAL,
    UNKNOWN_AREA_CODE,
    Area,
    Attribution,
    PeriodGrain,
    RegionLevel,
    area_of,
    is_programme_code,
    period_label,
)
from reporting.domain.errors import InvalidReportRequest
from shared.refdata import Geography, load_geography
from tests.reporting.unit.builders import AARTSELAAR, ANTWERPEN, BORSBEEK_2024, BRUSSEL, LIEGE

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


@pytest.mark.parametrize(
    ("day", "grain", "label"),
    [
        (date(2026, 3, 31), PeriodGrain.MONTH, "2026-03"),
        (date(2026, 3, 31), PeriodGrain.QUARTER, "2026-Q1"),
        (date(2026, 4, 1), PeriodGrain.QUARTER, "2026-Q2"),
        (date(2026, 12, 31), PeriodGrain.QUARTER, "2026-Q4"),
        (date(2026, 3, 31), PeriodGrain.YEAR, "2026"),
    ],
)
def test_period_label_buckets_a_date_by_month_quarter_or_year(
    day: date, grain: PeriodGrain, label: str
) -> None:
    assert period_label(day, grain) == label


def test_period_label_refuses_a_datetime() -> None:
    with pytest.raises(InvalidReportRequest):
        period_label(datetime(2026, 3, 1, 12, 0), PeriodGrain.MONTH)


def test_ctx01_programme_is_a_code_so_future_programmes_fit_without_schema_change() -> None:
    assert PERINATAL == "PERINATAL"
    assert is_programme_code("VULNERABLE_PERSONS")
    assert is_programme_code("CHILD_OBESITY")
    assert not is_programme_code("perinatal")
    assert not is_programme_code("")


def test_q05_residence_is_the_default_attribution() -> None:
    assert Attribution("RESIDENCE") is Attribution.RESIDENCE
    assert {attribution.value for attribution in Attribution} == {"RESIDENCE", "PERFORMER"}


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (RegionLevel.MUNICIPALITY, Area(RegionLevel.MUNICIPALITY, "11002", "Antwerpen", "elz2")),
        (RegionLevel.ELZ, Area(RegionLevel.ELZ, "elz2", "Antwerpen en rand", "10000")),
        (RegionLevel.CARE_COUNCIL, Area(RegionLevel.CARE_COUNCIL, "elz2", "Antwerpen en rand", "10000")),
        (RegionLevel.PROVINCE, Area(RegionLevel.PROVINCE, "10000", "Provincie Antwerpen", "FLANDERS")),
        (RegionLevel.REGION, Area(RegionLevel.REGION, "FLANDERS", "Vlaams Gewest", "BE")),
    ],
)
def test_rep21_area_of_follows_province_elz_municipality_hierarchy(
    geography: Geography, level: RegionLevel, expected: Area
) -> None:
    assert area_of(ANTWERPEN, level, geography) == expected


def test_rep20_retired_code_is_attributed_to_its_successor(geography: Geography) -> None:
    assert area_of(BORSBEEK_2024, RegionLevel.MUNICIPALITY, geography).code == ANTWERPEN
    assert area_of(BORSBEEK_2024, RegionLevel.ELZ, geography).code == "elz2"


def test_rep20_brussels_is_its_own_zone_and_province(geography: Geography) -> None:
    assert area_of(BRUSSEL, RegionLevel.ELZ, geography).name == "Bruzel"
    assert area_of(BRUSSEL, RegionLevel.PROVINCE, geography).code == "04000"
    assert area_of(BRUSSEL, RegionLevel.REGION, geography).code == "BRUSSELS"


def test_rep20_wallonia_has_no_elz_so_facts_go_to_an_explicit_bucket(geography: Geography) -> None:
    assert area_of(LIEGE, RegionLevel.ELZ, geography).code == NO_ZONE_CODE
    assert area_of(LIEGE, RegionLevel.CARE_COUNCIL, geography).code == NO_ZONE_CODE
    assert area_of(LIEGE, RegionLevel.MUNICIPALITY, geography).parent_code == "60000"


def test_missing_or_unknown_location_goes_to_the_unknown_bucket(geography: Geography) -> None:
    assert area_of(None, RegionLevel.ELZ, geography).code == UNKNOWN_AREA_CODE
    assert area_of("99999", RegionLevel.PROVINCE, geography).code == UNKNOWN_AREA_CODE


def test_municipality_parent_is_its_elz(geography: Geography) -> None:
    assert area_of(AARTSELAAR, RegionLevel.MUNICIPALITY, geography).parent_code == "elz43"
