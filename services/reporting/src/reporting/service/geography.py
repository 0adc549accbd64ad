"""Areas of every NIS code at every published level, built once per process from the loaded vintage.

Figures are always computed for the four nested levels together (municipality -> ELZ -> province ->
region, REP-21), so that small-cell protection sees each parent as the total of its children. The care
council level is the ELZ level under another name: one zorgraad per ELZ, keyed by its ELZ (REP-20).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from reporting.domain.dimensions import (
    COUNTRY_CODE,
    NO_ZONE_CODE,
    UNKNOWN_AREA_CODE,
    Area,
    RegionLevel,
    area_of,
)
from reporting.domain.errors import InvalidReportRequest
from shared.refdata import Geography

PROTECTED_LEVELS: Final = (
    RegionLevel.MUNICIPALITY,
    RegionLevel.ELZ,
    RegionLevel.PROVINCE,
    RegionLevel.REGION,
)
"""The levels one protection table holds; CARE_COUNCIL rows are the ELZ rows relabelled."""

_RANK: Final[Mapping[RegionLevel, int]] = MappingProxyType(
    {
        RegionLevel.MUNICIPALITY: 0,
        RegionLevel.ELZ: 1,
        RegionLevel.CARE_COUNCIL: 1,
        RegionLevel.PROVINCE: 2,
        RegionLevel.REGION: 3,
    }
)


def rank(level: RegionLevel) -> int:
    """0 for municipalities up to 3 for regions (care councils rank with the ELZ)."""
    return _RANK[level]


def computed_level(level: RegionLevel) -> RegionLevel:
    """The protected level whose rows a requested level shows (CARE_COUNCIL -> ELZ)."""
    return RegionLevel.ELZ if level is RegionLevel.CARE_COUNCIL else level


@dataclass(frozen=True)
class GeographyIndex:
    """Lookups over one `Geography`: areas of a NIS code per level, and which areas enclose which."""

    geography: Geography
    areas_by_nis: Mapping[str, Mapping[RegionLevel, Area]]
    unknown: Mapping[RegionLevel, Area]
    enclosing: Mapping[tuple[RegionLevel, str], frozenset[str]]
    rank_of_code: Mapping[str, int]
    area_names: Mapping[str, str]
    areas_by_code: Mapping[tuple[RegionLevel, str], Area]

    @classmethod
    def build(cls, geography: Geography) -> GeographyIndex:
        """Index every current and retired NIS code of `geography` (retired codes via the crosswalk)."""
        unknown = {level: area_of(None, level, geography) for level in PROTECTED_LEVELS}
        areas_by_nis: dict[str, Mapping[RegionLevel, Area]] = {}
        enclosing: dict[tuple[RegionLevel, str], set[str]] = {
            (level, UNKNOWN_AREA_CODE): {UNKNOWN_AREA_CODE, COUNTRY_CODE} for level in PROTECTED_LEVELS
        }
        rank: dict[str, int] = {UNKNOWN_AREA_CODE: 0, COUNTRY_CODE: 4}
        names: dict[str, str] = {UNKNOWN_AREA_CODE: unknown[RegionLevel.REGION].name}
        by_code: dict[tuple[RegionLevel, str], Area] = {
            (level, area.code): area for level, area in unknown.items()
        }
        for nis in (*geography.municipalities, *geography.successors):
            areas = {level: area_of(nis, level, geography) for level in PROTECTED_LEVELS}
            areas_by_nis[nis] = MappingProxyType(areas)
            by_code.update({(level, area.code): area for level, area in areas.items()})
            for position, level in enumerate(PROTECTED_LEVELS):
                code = areas[level].code
                codes = {areas[outer].code for outer in PROTECTED_LEVELS[position:]} | {COUNTRY_CODE}
                enclosing.setdefault((level, code), set()).update(codes)
                if nis in geography.municipalities:
                    rank[code] = min(rank.get(code, _RANK[level]), _RANK[level])
                    names.setdefault(code, areas[level].name)
        return cls(
            geography=geography,
            areas_by_nis=MappingProxyType(areas_by_nis),
            unknown=MappingProxyType(unknown),
            enclosing=MappingProxyType({key: frozenset(codes) for key, codes in enclosing.items()}),
            rank_of_code=MappingProxyType(rank),
            area_names=MappingProxyType(names),
            areas_by_code=MappingProxyType(by_code),
        )

    def areas_of(self, nis: str | None) -> Mapping[RegionLevel, Area]:
        """The area of `nis` at each protected level; unknown or missing codes go to UNKNOWN."""
        if nis is None:
            return self.unknown
        return self.areas_by_nis.get(nis, self.unknown)

    def area(self, level: RegionLevel, code: str) -> Area:
        """The area with this code at a protected level (UNKNOWN for codes the vintage does not know)."""
        return self.areas_by_code.get((level, code)) or self.unknown[level]

    def code_columns(self) -> tuple[list[str], dict[RegionLevel, list[str]]]:
        """Every known NIS code and, in the same order, its area code at each protected level (for SQL)."""
        codes = sorted(self.areas_by_nis)
        return codes, {
            level: [self.areas_by_nis[nis][level].code for nis in codes] for level in PROTECTED_LEVELS
        }

    def within(self, level: RegionLevel, code: str, region: str) -> bool:
        """Tell whether the area `code` at `level` is `region` or lies inside it."""
        return region in self.enclosing.get((computed_level(level), code), frozenset())

    def region_code(self, region: str, level: RegionLevel) -> str:
        """Validate a region filter for `level`; a retired NIS code is mapped to its current municipality."""
        code = region.strip()
        if code.isdigit() and code not in self.rank_of_code and self.geography.is_known(code):
            code = self.geography.resolve(code)
        if code.lower().startswith("elz"):
            code = code.lower()
        elif not code.isdigit():
            code = code.upper()
        rank = self.rank_of_code.get(code)
        if rank is None:
            raise InvalidReportRequest(
                f"region {region!r} is not a municipality (NIS), ELZ, province (NIS), region "
                f"(FLANDERS, BRUSSELS, WALLONIA), {NO_ZONE_CODE} or {UNKNOWN_AREA_CODE}"
            )
        if code != UNKNOWN_AREA_CODE and rank < _RANK[level]:
            raise InvalidReportRequest(
                f"region {code} is smaller than one {level.value} area; pick a finer level or a larger region"
            )
        return code

    def name_of(self, code: str) -> str:
        """The display name of an area code (its code when unknown)."""
        return self.area_names.get(code, code)
