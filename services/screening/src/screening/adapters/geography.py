"""Residence municipalities: the 2025 NIS list and the merger crosswalk of `shared.refdata`, loaded at start-up."""

from __future__ import annotations

from screening.domain import rules
from screening.domain.model import ResidenceMunicipality
from shared.refdata import Geography, load_geography


class MunicipalityDirectory:
    """Validates residence NIS codes (Q-05): current 2025 codes pass, old codes map to their successor."""

    def __init__(self, geography: Geography) -> None:
        self._current = {nis: municipality.name_nl for nis, municipality in geography.municipalities.items()}
        self._crosswalk = dict(geography.successors)

    @classmethod
    def load(cls) -> MunicipalityDirectory:
        """Read the packaged reference vintage (called once per process, at start-up)."""
        return cls(load_geography())

    def resolve(self, nis_code: str) -> ResidenceMunicipality:
        """The current municipality of a reported NIS code, or `UnknownMunicipality`."""
        return rules.resolve_residence_municipality(
            nis_code, current=self._current, crosswalk=self._crosswalk
        )
