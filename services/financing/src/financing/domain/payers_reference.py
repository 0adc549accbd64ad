"""Reference table of the organisations that pay out: Belgian mutualities and Flemish care funds (FIN-20, FIN-30).

Provenance and status:

* None of the five project sources lists these organisations; the table restates public knowledge of the
  Belgian insurance landscape and must be checked against RIZIV/INAMI and VSB lists before production.
* Mutualities are keyed by their RIZIV/INAMI insurer (landsbond / "verzekeringsinstelling") code:
  100, 200, 300, 400, 500, 600, 900. These are official codes (`official_code=True`).
* A member mutuality (local ziekenfonds) number such as 131 or 235 starts with the digit of its landsbond;
  `landsbond_code` relies on that convention (an assumption, marked as such).
* The six Flemish care funds (zorgkassen) have no numeric code in our sources. ``ZK-CM``, ``ZK-NZ``,
  ``ZK-SOL``, ``ZK-LIB``, ``ZK-OZ`` and ``ZK-VZK`` are our own stable keys (`official_code=False`); never
  send them to a payer as if they were official identifiers.
* Default care fund of a mutuality: the care fund of the same network; members of HZIV/CAAMI and HR Rail,
  whose networks have no care fund, default to the Vlaamse Zorgkas. Anyone may choose another care fund,
  so a recorded care-fund code always takes precedence over the default.
* Payout channel: FEDERAL claims are paid by RIZIV through the client's mutuality and FLEMISH claims by the
  client's care fund (FIN-20). The RIZIV channel is not described in the sources (FIN-30): an assumption.

Kept as Python data, not a CSV, so that the domain does no file I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from financing.domain.errors import UnknownPayerOrganisation
from financing.domain.model import Payer


class PayerOrganisationKind(StrEnum):
    MUTUALITY = "MUTUALITY"  # ziekenfonds / verzekeringsinstelling (landsbond level)
    CARE_FUND = "CARE_FUND"  # zorgkas of the Flemish social protection (VSB)


class Network(StrEnum):
    """The network a mutuality and its care fund share; PUBLIC for the public insurers."""

    CHRISTIAN = "CHRISTIAN"
    NEUTRAL = "NEUTRAL"
    SOCIALIST = "SOCIALIST"
    LIBERAL = "LIBERAL"
    INDEPENDENT = "INDEPENDENT"
    PUBLIC = "PUBLIC"


@dataclass(frozen=True)
class PayerOrganisation:
    code: str
    name_nl: str
    short_name: str
    kind: PayerOrganisationKind
    payer: Payer
    network: Network
    official_code: bool


def _mutuality(code: str, name_nl: str, short_name: str, network: Network) -> PayerOrganisation:
    return PayerOrganisation(
        code, name_nl, short_name, PayerOrganisationKind.MUTUALITY, Payer.FEDERAL, network, True
    )


def _care_fund(code: str, name_nl: str, short_name: str, network: Network) -> PayerOrganisation:
    return PayerOrganisation(
        code, name_nl, short_name, PayerOrganisationKind.CARE_FUND, Payer.FLEMISH, network, False
    )


MUTUALITIES: tuple[PayerOrganisation, ...] = (
    _mutuality("100", "Landsbond der Christelijke Mutualiteiten", "CM", Network.CHRISTIAN),
    _mutuality("200", "Landsbond van de Neutrale Ziekenfondsen", "Neutrale Ziekenfondsen", Network.NEUTRAL),
    _mutuality("300", "Nationaal Verbond van Socialistische Mutualiteiten", "Solidaris", Network.SOCIALIST),
    _mutuality("400", "Landsbond van de Liberale Mutualiteiten", "Liberale Mutualiteiten", Network.LIBERAL),
    _mutuality(
        "500", "Landsbond van de Onafhankelijke Ziekenfondsen", "Helan / Partena", Network.INDEPENDENT
    ),
    _mutuality("600", "Hulpkas voor Ziekte- en Invaliditeitsverzekering", "HZIV / CAAMI", Network.PUBLIC),
    _mutuality("900", "Kas der geneeskundige verzorging van HR Rail", "HR Rail", Network.PUBLIC),
)

CARE_FUNDS: tuple[PayerOrganisation, ...] = (
    _care_fund("ZK-CM", "CM-Zorgkas", "CM-Zorgkas", Network.CHRISTIAN),
    _care_fund("ZK-NZ", "Zorgkas van de Neutrale Ziekenfondsen", "Neutrale Zorgkas", Network.NEUTRAL),
    _care_fund("ZK-SOL", "Solidaris Zorgkas", "Solidaris Zorgkas", Network.SOCIALIST),
    _care_fund("ZK-LIB", "Liberale Zorgkas", "Liberale Zorgkas", Network.LIBERAL),
    _care_fund("ZK-OZ", "Onafhankelijke Zorgkas", "Helan Zorgkas", Network.INDEPENDENT),
    _care_fund("ZK-VZK", "Vlaamse Zorgkas", "Vlaamse Zorgkas", Network.PUBLIC),
)

PAYER_ORGANISATIONS: tuple[PayerOrganisation, ...] = MUTUALITIES + CARE_FUNDS

_BY_CODE: dict[str, PayerOrganisation] = {org.code: org for org in PAYER_ORGANISATIONS}


def find_payer_organisation(code: str) -> PayerOrganisation | None:
    """FIN-20 / FIN-30: the mutuality or care fund with this code (case-insensitive for care funds), or None."""
    return _BY_CODE.get(code.strip().upper())


def payer_organisation(code: str) -> PayerOrganisation:
    """FIN-20 / FIN-30: the mutuality or care fund with this code; raises UnknownPayerOrganisation."""
    org = find_payer_organisation(code)
    if org is None:
        raise UnknownPayerOrganisation(f"no mutuality or care fund has code {code!r}")
    return org


def payer_organisations(payer: Payer | None = None) -> tuple[PayerOrganisation, ...]:
    """FIN-20 / FIN-30: all payer organisations, or those of one payer channel."""
    return tuple(org for org in PAYER_ORGANISATIONS if payer is None or org.payer is payer)


def landsbond_code(mutuality_number: str) -> str:
    """FIN-30: the landsbond code of a mutuality number (``"131"`` -> ``"100"``; assumption, see module doc)."""
    digits = mutuality_number.strip()
    if len(digits) != 3 or not digits.isdigit():
        raise UnknownPayerOrganisation(f"not a 3-digit mutuality number: {mutuality_number!r}")
    code = f"{digits[0]}00"
    if code not in _BY_CODE:
        raise UnknownPayerOrganisation(f"mutuality number {mutuality_number!r} belongs to no known landsbond")
    return code


def mutuality(code: str) -> PayerOrganisation:
    """FIN-30: the landsbond of a landsbond code or member mutuality number."""
    return payer_organisation(landsbond_code(code))


def default_care_fund(mutuality_code: str) -> PayerOrganisation:
    """FIN-20: the care fund of the mutuality's network (Vlaamse Zorgkas for HZIV and HR Rail)."""
    network = mutuality(mutuality_code).network
    return next(fund for fund in CARE_FUNDS if fund.network is network)


def payout_organisation(
    payer: Payer, *, mutuality_code: str | None, care_fund_code: str | None = None
) -> PayerOrganisation:
    """FIN-20 / FIN-30: who pays the client: the mutuality (FEDERAL) or the care fund (FLEMISH)."""
    if payer is Payer.FEDERAL:
        if mutuality_code is None:
            raise UnknownPayerOrganisation("a federal payment needs the client's mutuality")
        return mutuality(mutuality_code)
    if care_fund_code is not None:
        fund = payer_organisation(care_fund_code)
        if fund.kind is not PayerOrganisationKind.CARE_FUND:
            raise UnknownPayerOrganisation(f"{care_fund_code!r} is not a care fund")
        return fund
    if mutuality_code is None:
        raise UnknownPayerOrganisation("a Flemish payment needs the client's care fund or mutuality")
    return default_care_fund(mutuality_code)
