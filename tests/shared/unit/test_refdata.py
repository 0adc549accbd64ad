import shutil
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from shared.errors import InvalidInput
from shared.refdata import (
    Geography,
    ReferenceDataError,
    Region,
    UnknownNisCode,
    default_data_dir,
    load_geography,
)

pytestmark = pytest.mark.unit

DATA_FILES = ("municipalities.csv", "nis_crosswalk.csv", "elz.csv", "elz_zones.csv", "postcodes.csv")


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


def copy_vintage(target: Path) -> Path:
    vintage = target / "vintage"
    vintage.mkdir()
    for name in DATA_FILES:
        shutil.copyfile(default_data_dir() / name, vintage / name)
    return vintage


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="\n")


def test_packaged_vintage_ships_the_five_files_and_their_sources() -> None:
    names = {path.name for path in default_data_dir().iterdir()}
    assert set(DATA_FILES) | {"SOURCES.md"} <= names


def test_565_municipalities_with_285_in_flanders_261_in_wallonia_19_in_brussels(geography: Geography) -> None:
    by_region = {region: 0 for region in Region}
    for municipality in geography.municipalities.values():
        by_region[municipality.region] += 1
    assert len(geography.municipalities) == 565
    assert by_region == {Region.FLANDERS: 285, Region.WALLONIA: 261, Region.BRUSSELS: 19}


def test_municipality_carries_names_province_and_region(geography: Geography) -> None:
    liege = geography.municipality("62063")
    assert (liege.name_nl, liege.name_fr) == ("Luik", "Liège")
    assert (liege.province_nis, liege.province_name_nl) == ("60000", "Provincie Luik")
    assert (liege.region_nis, liege.region, liege.region_name_fr) == (
        "03000",
        Region.WALLONIA,
        "Région wallonne",
    )


def test_retired_code_11007_borsbeek_resolves_to_11002_antwerpen(geography: Geography) -> None:
    assert geography.resolve("11007") == "11002"
    assert geography.municipality("11007").name_nl == "Antwerpen"
    assert not geography.is_current("11007")
    assert geography.is_known("11007")


def test_current_code_resolves_to_itself(geography: Geography) -> None:
    assert geography.resolve("11002") == "11002"


def test_2019_walloon_recode_resolves_to_new_arrondissement_code(geography: Geography) -> None:
    assert geography.resolve("54007") == "57096"
    assert geography.municipality("54007").name_fr == "Mouscron"


def test_crosswalk_is_followed_through_chained_mergers(tmp_path: Path) -> None:
    vintage = copy_vintage(tmp_path)
    with (vintage / "nis_crosswalk.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(
            "11099,Fictional part of Borsbeek,11007,Borsbeek,Borsbeek,1976-12-31,1977-01-01,merger\n"
        )
    assert load_geography(vintage).resolve("11099") == "11002"


@pytest.mark.parametrize("code", ["99999", "1100", "11002 ", "", "abcde"])
def test_unknown_or_malformed_nis_code_is_invalid_input(geography: Geography, code: str) -> None:
    with pytest.raises(UnknownNisCode) as raised:
        geography.resolve(code)
    assert isinstance(raised.value, InvalidInput)
    assert raised.value.code == "UNKNOWN_NIS_CODE"
    assert not geography.is_known(code)


def test_304_municipalities_have_an_elz_in_57_zones(geography: Geography) -> None:
    with_elz = [nis for nis in geography.municipalities if geography.elz_of(nis) is not None]
    assert len(with_elz) == 304
    assert len(geography.zones) == 57


def test_wallonia_has_no_elz_and_no_care_council(geography: Geography) -> None:
    assert geography.elz_of("62063") is None
    assert geography.care_council_of("63023") is None


def test_all_19_brussels_municipalities_are_in_bruzel(geography: Geography) -> None:
    brussels = [nis for nis, m in geography.municipalities.items() if m.region is Region.BRUSSELS]
    assert len(brussels) == 19
    zones = {geography.elz_of(nis) for nis in brussels}
    assert [(zone.code, zone.name) for zone in zones if zone is not None] == [("elz7", "Bruzel")]


def test_borsbeek_belongs_to_antwerpen_en_rand_after_the_2025_merger(geography: Geography) -> None:
    zone = geography.elz_of("11007")
    assert zone is not None
    assert zone.name == "Antwerpen en rand"
    assert zone.municipality_nis == ("11002", "11040", "11044", "11052")


def test_care_council_is_keyed_by_its_elz(geography: Geography) -> None:
    council = geography.care_council_of("11004")
    assert council is not None
    assert (council.elz_code, council.name) == ("elz55", "ZORA")


def test_brussels_province_is_the_region_and_region_is_brussels(geography: Geography) -> None:
    assert geography.province_of("21004").nis == "04000"
    assert geography.region_of("21004") is Region.BRUSSELS
    assert geography.region_of("11002") is Region.FLANDERS


def test_postcode_1804_is_ambiguous_between_vilvoorde_and_zemst(geography: Geography) -> None:
    assert [m.name_nl for m in geography.municipality_of_postcode("1804")] == ["Vilvoorde", "Zemst"]


def test_only_three_postcodes_map_to_more_than_one_municipality(geography: Geography) -> None:
    ambiguous = sorted(code for code, nis in geography.postcodes.items() if len(nis) > 1)
    assert ambiguous == ["1040", "1050", "1804"]
    assert len(geography.postcodes) == 1149


def test_unknown_postcode_maps_to_no_municipality(geography: Geography) -> None:
    assert geography.municipality_of_postcode("0000") == []


def test_geography_is_immutable(geography: Geography) -> None:
    with pytest.raises(FrozenInstanceError):
        geography.zones = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        geography.municipalities["00000"] = geography.municipalities["11002"]  # type: ignore[index]


def test_missing_vintage_directory_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="does not exist"):
        load_geography(tmp_path / "nowhere")


def test_missing_file_in_vintage_directory_fails_naming_the_file(tmp_path: Path) -> None:
    vintage = copy_vintage(tmp_path)
    (vintage / "postcodes.csv").unlink()
    with pytest.raises(ReferenceDataError, match=r"postcodes\.csv: reference file is missing"):
        load_geography(vintage)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        pytest.param(
            "municipalities.csv",
            "nis_code,name_nl,",
            "nis,name_nl,",
            r"municipalities\.csv: missing column\(s\) nis_code",
            id="renamed-column",
        ),
        pytest.param(
            "municipalities.csv",
            "11001,Aartselaar,Aartselaar,",
            "1101,Aartselaar,Aartselaar,",
            r"municipalities\.csv, line 2: nis_code '1101' is not a 5-digit NIS code",
            id="short-nis",
        ),
        pytest.param(
            "municipalities.csv",
            "11002,Antwerpen,Anvers,11000,",
            "11001,Antwerpen,Anvers,11000,",
            r"line 3: duplicate nis_code 11001",
            id="duplicate-nis",
        ),
        pytest.param(
            "municipalities.csv",
            "Région flamande,,,\n",
            "Région flamande,,\n",
            r"municipalities\.csv, line \d+: expected 13 fields",
            id="short-row",
        ),
        pytest.param(
            "nis_crosswalk.csv",
            "11007,Borsbeek,11002,",
            "11007,Borsbeek,11099,",
            r"old_nis 11007 does not lead to a current municipality",
            id="crosswalk-dead-end",
        ),
        pytest.param(
            "elz.csv",
            "11001,Aartselaar,elz43,",
            "62063,Aartselaar,elz43,",
            r"elz\.csv, line 2: nis_code 62063 is in WALLONIA, which has no ELZ",
            id="elz-in-wallonia",
        ),
        pytest.param(
            "elz_zones.csv",
            "elz43,RupeLaar,10000,Provincie Antwerpen,6,",
            "elz43,RupeLaar,10000,Provincie Antwerpen,7,",
            r"elz_zones\.csv, line \d+: n_municipalities '7' does not match the 6 listed",
            id="zone-count",
        ),
        pytest.param(
            "postcodes.csv",
            "1804,23096,Zemst,Zemst,yes",
            "1804,23096,Zemst,Zemst,no",
            r"postcodes\.csv, line \d+: postal_code_shared=no disagrees",
            id="postcode-flag",
        ),
    ],
)
def test_malformed_vintage_directory_fails_with_file_line_and_problem(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    vintage = copy_vintage(tmp_path)
    rewrite(vintage / file, old, new)
    with pytest.raises(ReferenceDataError, match=message):
        load_geography(vintage)


def test_elz_file_missing_a_flemish_municipality_fails_on_the_count(tmp_path: Path) -> None:
    vintage = copy_vintage(tmp_path)
    path = vintage / "elz.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("11001,")), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"303 municipalities have an ELZ, expected all 304"):
        load_geography(vintage)


def test_file_that_is_not_utf8_fails_clearly(tmp_path: Path) -> None:
    vintage = copy_vintage(tmp_path)
    path = vintage / "municipalities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    with pytest.raises(ReferenceDataError, match=r"municipalities\.csv: not valid UTF-8"):
        load_geography(vintage)
