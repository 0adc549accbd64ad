"""Reading the other services' vocabulary into the financing model (profession, funding, organisation kind).

Screening and careteam spell some values their own way (screening: ``GP``, ``HEALTH_INSURANCE``; careteam:
free-text professions). Unknown values never make a professional a health-insurance professional by
accident: an unknown profession counts as a health profession only when the funding says FEDERAL or
HEALTH_INSURANCE, and as a welfare profession otherwise (FIN-10..13 pay health-insurance professionals).
"""

from __future__ import annotations

from financing.domain.model import FundingType, OrganisationKind, Profession
from financing.domain.snapshot import Scenario, ScreeningStatus

_PROFESSION_ALIASES: dict[str, Profession] = {
    "GP": Profession.GENERAL_PRACTITIONER,
    "HUISARTS": Profession.GENERAL_PRACTITIONER,
    "GYNECOLOGIST": Profession.GYNAECOLOGIST,
    "PSYCHOLOGIST": Profession.CLINICAL_PSYCHOLOGIST,
    "KIND_EN_GEZIN_NURSE": Profession.NURSE,
    "OTHER_CARE": Profession.OTHER_HEALTH_PROFESSIONAL,
    "OTHER_HEALTH": Profession.OTHER_HEALTH_PROFESSIONAL,
    "OTHER_WELFARE": Profession.OTHER_WELFARE_PROFESSIONAL,
    "WELFARE_WORKER": Profession.OTHER_WELFARE_PROFESSIONAL,
}

_HEALTH_FUNDING = {"FEDERAL", "HEALTH_INSURANCE"}


def _key(raw: str | None) -> str:
    return (raw or "").strip().upper().replace("-", "_").replace(" ", "_")


def profession_of(raw: str | None, *, funding: str | None = None) -> Profession:
    """FIN-10..13: the domain profession of a spelled profession (unknown: by funding, see module doc)."""
    key = _key(raw)
    if key in Profession.__members__:
        return Profession[key]
    if key in _PROFESSION_ALIASES:
        return _PROFESSION_ALIASES[key]
    if _key(funding) in _HEALTH_FUNDING:
        return Profession.OTHER_HEALTH_PROFESSIONAL
    return Profession.OTHER_WELFARE_PROFESSIONAL


def funding_of(raw: str | None) -> FundingType:
    """FIN-30: FEDERAL / FLEMISH / OTHER; screening's HEALTH_INSURANCE and WELFARE carry no organisation
    funding and read as OTHER (the profession then decides the payer)."""
    key = _key(raw)
    if key in FundingType.__members__:
        return FundingType[key]
    return FundingType.OTHER


def organisation_kind_of(raw: str | None) -> OrganisationKind:
    """DF-4 / Q-21: the organisation kinds the rules single out; everything else is OTHER."""
    key = _key(raw)
    return OrganisationKind[key] if key in OrganisationKind.__members__ else OrganisationKind.OTHER


def scenario_of(raw: str | None) -> Scenario:
    """SCR-05: "0", "A", "B"; no scenario yet reads as 0 (universal care only)."""
    for scenario in Scenario:
        if scenario.value == (raw or "").strip().upper():
            return scenario
    return Scenario.NONE


def screening_status_of(raw: str | None) -> ScreeningStatus:
    """SCR-08: COMPLETED, PARTIAL or REFUSED; anything else is not a completed screening."""
    key = _key(raw)
    return ScreeningStatus[key] if key in ScreeningStatus.__members__ else ScreeningStatus.PARTIAL
