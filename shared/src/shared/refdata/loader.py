"""Load and validate the geography reference files into one immutable `Geography` (REP-20, REP-21).

The files and their provenance are described in ``data/SOURCES.md``. An operator may point
`load_geography` at a newer vintage directory holding the same five files; every file is therefore
checked on load (columns, code formats, uniqueness, cross-file counts) and a malformed one fails with a
`ReferenceDataError` naming the file, the line and the problem, before any request is served.

Known limits of the data, carried through here on purpose:
- ELZ codes (``elz1`` ... ``elz57``) are Provincies in Cijfers' internal codes, not official ones.
- "Antwerpen en rand" (elz2) groups the 4 official Antwerp zones; the split is by statistical sector,
  which a NIS code cannot resolve, so the 4 zones are reported as one.
- No public list of zorgraden exists: an ELZ has exactly one zorgraad, so the care council is keyed by
  its ELZ and labelled with the ELZ name.
- Wallonia (including the German-speaking Community) has no ELZ.
- Three postcodes (1040, 1050, 1804) map to two municipalities each.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Final, NoReturn

from shared.errors import InvalidInput

MUNICIPALITIES_FILE: Final = "municipalities.csv"
CROSSWALK_FILE: Final = "nis_crosswalk.csv"
ELZ_FILE: Final = "elz.csv"
ELZ_ZONES_FILE: Final = "elz_zones.csv"
POSTCODES_FILE: Final = "postcodes.csv"

_MUNICIPALITY_COLUMNS: Final = (
    "nis_code",
    "name_nl",
    "name_fr",
    "arrondissement_nis",
    "province_nis",
    "province_name_nl",
    "province_name_fr",
    "region_nis",
    "region_name_nl",
    "region_name_fr",
)
_CROSSWALK_COLUMNS: Final = (
    "old_nis",
    "old_name",
    "new_nis",
    "old_valid_to",
    "new_valid_from",
    "change_type",
)
_ELZ_COLUMNS: Final = ("nis_code", "elz_code_pinc", "elz_name")
_ELZ_ZONE_COLUMNS: Final = (
    "elz_code_pinc",
    "elz_name",
    "province_nis",
    "province_name_nl",
    "n_municipalities",
    "municipality_nis_codes",
)
_POSTCODE_COLUMNS: Final = ("postal_code", "nis_code", "postal_code_shared")

_NIS_PATTERN: Final = re.compile(r"[0-9]{5}")
_POSTCODE_PATTERN: Final = re.compile(r"[0-9]{4}")


class ReferenceDataError(ValueError):
    """A reference file is missing or malformed (an operator error, raised at start-up)."""


class UnknownNisCode(InvalidInput):
    """A NIS code is neither a current municipality nor a retired code with a known successor."""

    code = "UNKNOWN_NIS_CODE"
    title = "Unknown NIS municipality code"


class Region(StrEnum):
    """The three Belgian regions (Statbel region NIS 02000, 04000, 03000)."""

    FLANDERS = "FLANDERS"
    BRUSSELS = "BRUSSELS"
    WALLONIA = "WALLONIA"


_REGION_BY_NIS: Final[Mapping[str, Region]] = MappingProxyType(
    {"02000": Region.FLANDERS, "04000": Region.BRUSSELS, "03000": Region.WALLONIA}
)
_REGIONS_WITH_ELZ: Final = frozenset({Region.FLANDERS, Region.BRUSSELS})


@dataclass(frozen=True, slots=True)
class Province:
    """A province; for Brussels, which has no province, the region 04000 stands in (as in Statbel)."""

    nis: str
    name_nl: str
    name_fr: str


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality valid in the loaded vintage, with its province and region."""

    nis: str
    name_nl: str
    name_fr: str
    arrondissement_nis: str
    province_nis: str
    province_name_nl: str
    province_name_fr: str
    region_nis: str
    region: Region
    region_name_nl: str
    region_name_fr: str

    @property
    def province(self) -> Province:
        """The province (Brussels: the region 04000) of this municipality."""
        return Province(self.province_nis, self.province_name_nl, self.province_name_fr)


@dataclass(frozen=True, slots=True)
class PrimaryCareZone:
    """A primary-care zone (eerstelijnszone, ELZ) as published by Provincies in Cijfers (REP-20)."""

    code: str
    name: str
    province_nis: str
    province_name_nl: str
    municipality_nis: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CareCouncil:
    """The care council (zorgraad) of one ELZ, keyed by that ELZ: no public zorgraad list exists (REP-20)."""

    elz_code: str
    name: str


@dataclass(frozen=True)
class Geography:
    """Immutable view of one vintage of the reference data; build it with `load_geography`."""

    source_dir: Path
    municipalities: Mapping[str, Municipality]
    successors: Mapping[str, str]
    zones: Mapping[str, PrimaryCareZone]
    zone_by_municipality: Mapping[str, str]
    postcodes: Mapping[str, tuple[str, ...]]

    def is_current(self, nis: str) -> bool:
        """Tell whether `nis` is a municipality code valid in this vintage (no crosswalk applied)."""
        return nis in self.municipalities

    def is_known(self, nis: str) -> bool:
        """Tell whether `nis` is current or a retired code that resolves to a current one."""
        try:
            self.resolve(nis)
        except UnknownNisCode:
            return False
        return True

    def resolve(self, nis: str) -> str:
        """Map a NIS code to the current code, following the crosswalk through chained mergers."""
        if not isinstance(nis, str) or not _NIS_PATTERN.fullmatch(nis):
            raise UnknownNisCode(f"{nis!r} is not a 5-digit NIS code", extra={"nis": str(nis)})
        code = nis
        for _ in range(len(self.successors) + 1):
            if code in self.municipalities:
                return code
            successor = self.successors.get(code)
            if successor is None:
                break
            code = successor
        raise UnknownNisCode(
            f"NIS code {nis} is not a municipality of this vintage and has no known successor",
            extra={"nis": nis},
        )

    def municipality(self, nis: str) -> Municipality:
        """Return the current municipality of `nis` (retired codes are resolved first)."""
        return self.municipalities[self.resolve(nis)]

    def province_of(self, nis: str) -> Province:
        """Return the province of `nis`; Brussels municipalities get the region 04000."""
        return self.municipality(nis).province

    def region_of(self, nis: str) -> Region:
        """Return the region (FLANDERS, BRUSSELS, WALLONIA) of `nis`."""
        return self.municipality(nis).region

    def elz_of(self, nis: str) -> PrimaryCareZone | None:
        """Return the primary-care zone of `nis`, or None in Wallonia, which has no ELZ (REP-20)."""
        code = self.zone_by_municipality.get(self.resolve(nis))
        return None if code is None else self.zones[code]

    def care_council_of(self, nis: str) -> CareCouncil | None:
        """Return the zorgraad of `nis`, keyed by its ELZ (one zorgraad per ELZ), or None in Wallonia."""
        zone = self.elz_of(nis)
        return None if zone is None else CareCouncil(elz_code=zone.code, name=zone.name)

    def municipality_of_postcode(self, postal_code: str) -> list[Municipality]:
        """Return the municipalities of a postcode, by NIS; two for 1040, 1050, 1804; empty if unknown."""
        return [self.municipalities[nis] for nis in self.postcodes.get(postal_code, ())]


def default_data_dir() -> Path:
    """Return the directory of the vintage packaged with `shared` (REFNIS 2025)."""
    return Path(__file__).resolve().parent / "data"


def load_geography(directory: Path | None = None) -> Geography:
    """Read and validate the five reference files of `directory` (default: the packaged vintage)."""
    source = default_data_dir() if directory is None else Path(directory)
    if not source.is_dir():
        raise ReferenceDataError(f"{source}: reference data directory does not exist")
    municipalities = _load_municipalities(source / MUNICIPALITIES_FILE)
    successors = _load_crosswalk(source / CROSSWALK_FILE, municipalities)
    zones, zone_by_municipality = _load_zones(source / ELZ_FILE, source / ELZ_ZONES_FILE, municipalities)
    postcodes = _load_postcodes(source / POSTCODES_FILE, municipalities)
    return Geography(
        source_dir=source,
        municipalities=MappingProxyType(municipalities),
        successors=MappingProxyType(successors),
        zones=MappingProxyType(zones),
        zone_by_municipality=MappingProxyType(zone_by_municipality),
        postcodes=MappingProxyType(postcodes),
    )


# --- reading -------------------------------------------------------------------------------------


def _fail(path: Path, message: str, line: int | None = None) -> NoReturn:
    where = f"{path}" if line is None else f"{path}, line {line}"
    raise ReferenceDataError(f"{where}: {message}")


def _read_rows(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a UTF-8 CSV with a header; return (line number, row) pairs after checking the columns."""
    if not path.is_file():
        _fail(path, "reference file is missing")
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            missing = [column for column in required if column not in header]
            if missing:
                _fail(path, f"missing column(s) {', '.join(missing)} (header: {', '.join(header) or 'none'})")
            for raw in reader:
                if None in raw or any(value is None for value in raw.values()):
                    _fail(path, f"expected {len(header)} fields", reader.line_num)
                rows.append((reader.line_num, {key: value.strip() for key, value in raw.items()}))
    except UnicodeDecodeError as exc:
        _fail(path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
    except csv.Error as exc:
        _fail(path, f"not valid CSV ({exc})")
    if not rows:
        _fail(path, "no data rows")
    return rows


def _nis(path: Path, line: int, column: str, value: str) -> str:
    if not _NIS_PATTERN.fullmatch(value):
        _fail(path, f"{column} {value!r} is not a 5-digit NIS code", line)
    return value


def _text(path: Path, line: int, column: str, value: str) -> str:
    if not value:
        _fail(path, f"{column} is empty", line)
    return value


# --- per file ------------------------------------------------------------------------------------


def _load_municipalities(path: Path) -> dict[str, Municipality]:
    municipalities: dict[str, Municipality] = {}
    province_names: dict[str, tuple[str, str]] = {}
    for line, row in _read_rows(path, _MUNICIPALITY_COLUMNS):
        nis = _nis(path, line, "nis_code", row["nis_code"])
        if nis in municipalities:
            _fail(path, f"duplicate nis_code {nis}", line)
        if row.get("valid_to"):
            _fail(path, f"nis_code {nis} has valid_to set; ended codes belong in {CROSSWALK_FILE}", line)
        region = _REGION_BY_NIS.get(row["region_nis"])
        if region is None:
            _fail(path, f"region_nis {row['region_nis']!r} is not one of {', '.join(_REGION_BY_NIS)}", line)
        province_nis = _nis(path, line, "province_nis", row["province_nis"])
        names = (
            _text(path, line, "province_name_nl", row["province_name_nl"]),
            _text(path, line, "province_name_fr", row["province_name_fr"]),
        )
        if province_names.setdefault(province_nis, names) != names:
            _fail(path, f"province {province_nis} has two different names", line)
        municipalities[nis] = Municipality(
            nis=nis,
            name_nl=_text(path, line, "name_nl", row["name_nl"]),
            name_fr=_text(path, line, "name_fr", row["name_fr"]),
            arrondissement_nis=_nis(path, line, "arrondissement_nis", row["arrondissement_nis"]),
            province_nis=province_nis,
            province_name_nl=names[0],
            province_name_fr=names[1],
            region_nis=row["region_nis"],
            region=region,
            region_name_nl=_text(path, line, "region_name_nl", row["region_name_nl"]),
            region_name_fr=_text(path, line, "region_name_fr", row["region_name_fr"]),
        )
    empty = [
        region.value for region in Region if all(m.region is not region for m in municipalities.values())
    ]
    if empty:
        _fail(path, f"no municipality in region(s) {', '.join(empty)}")
    return municipalities


def _load_crosswalk(path: Path, municipalities: Mapping[str, Municipality]) -> dict[str, str]:
    successors: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, row in _read_rows(path, _CROSSWALK_COLUMNS):
        old = _nis(path, line, "old_nis", row["old_nis"])
        new = _nis(path, line, "new_nis", row["new_nis"])
        if old in successors:
            _fail(path, f"old_nis {old} appears twice; a retired code must have one successor", line)
        if old in municipalities:
            _fail(path, f"old_nis {old} is still a current municipality in {MUNICIPALITIES_FILE}", line)
        successors[old] = new
        lines[old] = line
    for old, line in lines.items():
        seen = {old}
        code = successors[old]
        while code not in municipalities:
            if code in seen or code not in successors:
                _fail(path, f"old_nis {old} does not lead to a current municipality (stuck at {code})", line)
            seen.add(code)
            code = successors[code]
    return successors


def _load_zones(
    elz_path: Path, zones_path: Path, municipalities: Mapping[str, Municipality]
) -> tuple[dict[str, PrimaryCareZone], dict[str, str]]:
    zone_by_municipality: dict[str, str] = {}
    zone_names: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for line, row in _read_rows(elz_path, _ELZ_COLUMNS):
        nis = _nis(elz_path, line, "nis_code", row["nis_code"])
        municipality = municipalities.get(nis)
        if municipality is None:
            _fail(elz_path, f"nis_code {nis} is not in {MUNICIPALITIES_FILE}", line)
        if municipality.region not in _REGIONS_WITH_ELZ:
            _fail(elz_path, f"nis_code {nis} is in {municipality.region}, which has no ELZ", line)
        if nis in zone_by_municipality:
            _fail(elz_path, f"nis_code {nis} is assigned to more than one ELZ", line)
        code = _text(elz_path, line, "elz_code_pinc", row["elz_code_pinc"])
        name = _text(elz_path, line, "elz_name", row["elz_name"])
        if zone_names.setdefault(code, name) != name:
            _fail(elz_path, f"ELZ {code} has two different names", line)
        zone_by_municipality[nis] = code
        members[code].append(nis)
    expected = sorted(nis for nis, m in municipalities.items() if m.region in _REGIONS_WITH_ELZ)
    if len(zone_by_municipality) != len(expected):
        absent = sorted(set(expected) - set(zone_by_municipality))
        _fail(
            elz_path,
            f"{len(zone_by_municipality)} municipalities have an ELZ, expected all {len(expected)} of "
            f"Flanders and Brussels; without ELZ: {', '.join(absent[:10])}",
        )

    zones: dict[str, PrimaryCareZone] = {}
    for line, row in _read_rows(zones_path, _ELZ_ZONE_COLUMNS):
        code = _text(zones_path, line, "elz_code_pinc", row["elz_code_pinc"])
        if code in zones:
            _fail(zones_path, f"duplicate elz_code_pinc {code}", line)
        if code not in zone_names:
            _fail(zones_path, f"ELZ {code} has no municipality in {ELZ_FILE}", line)
        if row["elz_name"] != zone_names[code]:
            _fail(
                zones_path,
                f"ELZ {code} is named {row['elz_name']!r} here but {zone_names[code]!r} in {ELZ_FILE}",
                line,
            )
        listed = tuple(code_ for code_ in row["municipality_nis_codes"].split(";") if code_)
        if not row["n_municipalities"].isdigit() or int(row["n_municipalities"]) != len(listed):
            _fail(
                zones_path,
                f"n_municipalities {row['n_municipalities']!r} does not match the {len(listed)} listed",
                line,
            )
        if sorted(listed) != sorted(members[code]):
            _fail(zones_path, f"ELZ {code} lists other municipalities than {ELZ_FILE} assigns to it", line)
        province_nis = _nis(zones_path, line, "province_nis", row["province_nis"])
        if any(municipalities[nis].province_nis != province_nis for nis in listed):
            _fail(zones_path, f"ELZ {code} has municipalities outside province {province_nis}", line)
        zones[code] = PrimaryCareZone(
            code=code,
            name=zone_names[code],
            province_nis=province_nis,
            province_name_nl=_text(zones_path, line, "province_name_nl", row["province_name_nl"]),
            municipality_nis=tuple(sorted(listed)),
        )
    missing_zones = sorted(set(zone_names) - set(zones))
    if missing_zones:
        _fail(zones_path, f"ELZ used in {ELZ_FILE} but not listed: {', '.join(missing_zones)}")
    return zones, zone_by_municipality


def _load_postcodes(path: Path, municipalities: Mapping[str, Municipality]) -> dict[str, tuple[str, ...]]:
    by_postcode: dict[str, list[str]] = defaultdict(list)
    flags: list[tuple[int, str, str]] = []
    for line, row in _read_rows(path, _POSTCODE_COLUMNS):
        postal_code = row["postal_code"]
        if not _POSTCODE_PATTERN.fullmatch(postal_code):
            _fail(path, f"postal_code {postal_code!r} is not a 4-digit postcode", line)
        nis = _nis(path, line, "nis_code", row["nis_code"])
        if nis not in municipalities:
            _fail(path, f"nis_code {nis} is not in {MUNICIPALITIES_FILE}", line)
        if nis in by_postcode[postal_code]:
            _fail(path, f"pair {postal_code} -> {nis} appears twice", line)
        if row["postal_code_shared"] not in {"yes", "no"}:
            _fail(path, f"postal_code_shared {row['postal_code_shared']!r} is not yes or no", line)
        by_postcode[postal_code].append(nis)
        flags.append((line, postal_code, row["postal_code_shared"]))
    for line, postal_code, flag in flags:
        if (flag == "yes") != (len(by_postcode[postal_code]) > 1):
            _fail(path, f"postal_code_shared={flag} disagrees with the rows of postcode {postal_code}", line)
    covered = {nis for codes in by_postcode.values() for nis in codes}
    without = sorted(set(municipalities) - covered)
    if without:
        _fail(path, f"{len(without)} municipalities have no postcode, e.g. {', '.join(without[:10])}")
    return {postal_code: tuple(sorted(codes)) for postal_code, codes in by_postcode.items()}
