"""Core value objects of the careteam domain: people, the care team, eligibility and verdicts.

Conventions used throughout the domain:
- every period is half-open ``[start, end)``: a member who left on D is no longer a member on D, and an
  appointment closed on D is no longer active on D, so a hand-over on D never shows two coordinators;
- ``None`` as an end means open-ended;
- dates are ``datetime.date``; everything impure (``today``, registers, other records) is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeAlias

from careteam.domain import errors


class Scenario(StrEnum):
    """Screening scenario by the number of positive indicators (SCR-05)."""

    NONE = "0"
    A = "A"
    B = "B"


class FundingType(StrEnum):
    """How a professional is funded; FEDERAL covers WUG health professions and federal facilities (FIN-30)."""

    FEDERAL = "FEDERAL"
    FLEMISH = "FLEMISH"
    OTHER = "OTHER"


class LifeDomain(StrEnum):
    """Life domains a team member may come from (CT-01)."""

    CARE_AND_WELFARE = "CARE_AND_WELFARE"
    WORK = "WORK"
    LEISURE = "LEISURE"
    EDUCATION = "EDUCATION"
    HOUSING = "HOUSING"
    JUSTICE = "JUSTICE"


class MemberKind(StrEnum):
    """The three kinds of people around the client (CT-01)."""

    CLIENT = "CLIENT"
    INFORMAL_CARER = "INFORMAL_CARER"
    PROFESSIONAL = "PROFESSIONAL"


@dataclass(frozen=True)
class PersonRef:
    """Identity of a person in the domain: client pseudonym, informal-carer id or professional id."""

    kind: MemberKind
    id: str


@dataclass(frozen=True)
class Client:
    """The pregnant woman / mother, known only by her pseudonym (CT-01)."""

    pseudonym: str

    @property
    def ref(self) -> PersonRef:
        """Identity of the client (CT-01)."""
        return PersonRef(MemberKind.CLIENT, self.pseudonym)


@dataclass(frozen=True)
class InformalCarer:
    """A person of the client's informal network; a representative may act for the client (CT-01, CT-15)."""

    carer_id: str
    relation: str = ""
    is_representative: bool = False

    @property
    def ref(self) -> PersonRef:
        """Identity of the informal carer (CT-01)."""
        return PersonRef(MemberKind.INFORMAL_CARER, self.carer_id)


@dataclass(frozen=True)
class Professional:
    """A care, welfare or other professional (CT-01, CT-14, FIN-21/30).

    ``location_nis`` is where the professional works (REP-08, Q-05): the current (2025) NIS code of the
    municipality, or None when not given; reporting may attribute to it instead of the client's residence.
    """

    professional_id: str
    profession: str
    organisation_id: str
    funding_type: FundingType
    life_domain: LifeDomain = LifeDomain.CARE_AND_WELFARE
    coordination_in_mission: bool = False
    location_nis: str | None = None

    @property
    def ref(self) -> PersonRef:
        """Identity of the professional (CT-01)."""
        return PersonRef(MemberKind.PROFESSIONAL, self.professional_id)

    @property
    def is_health_insurance_professional(self) -> bool:
        """True for a professional under the health-insurance system, i.e. FEDERAL funding (FIN-12/13, CT-50)."""
        return self.funding_type is FundingType.FEDERAL


Person: TypeAlias = Client | InformalCarer | Professional


@dataclass(frozen=True)
class Membership:
    """One membership period ``[joined_on, left_on)`` of a person in a care team (CT-01, CT-02)."""

    person: Person
    joined_on: date
    left_on: date | None = None

    def __post_init__(self) -> None:
        if self.left_on is not None and self.left_on < self.joined_on:
            raise errors.InvalidPeriod(f"left_on {self.left_on} is before joined_on {self.joined_on}")

    @property
    def ref(self) -> PersonRef:
        """Identity of the member (CT-01)."""
        return self.person.ref

    def active_on(self, day: date) -> bool:
        """True when the person is a member on ``day`` (CT-01)."""
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    def overlaps(self, start: date, end: date | None) -> bool:
        """True when this membership overlaps the half-open period ``[start, end)`` (CT-44)."""
        return periods_overlap(self.joined_on, self.left_on, start, end)


@dataclass(frozen=True)
class LinkedChild:
    """A child born from the team's pregnancy, linked to the team after birth (Q-19)."""

    child_pseudonym: str
    birth_date: date


@dataclass(frozen=True)
class CareTeam:
    """The care and support team around one client and one pregnancy (CT-01, Q-19)."""

    team_id: str
    client: Client
    pregnancy_id: str
    established_on: date
    memberships: tuple[Membership, ...] = ()
    children: tuple[LinkedChild, ...] = ()


@dataclass(frozen=True)
class ClientEligibility:
    """Scenario from the screening service; ``scenario=None`` while unknown; ``exception`` is SCR-06."""

    scenario: Scenario | None
    exception: bool = False


@dataclass(frozen=True)
class Refusal:
    """One reason a rule refuses, carrying the error class that the use case may raise."""

    error: type[errors.CareteamError]
    detail: str

    @property
    def code(self) -> str:
        """The stable code of the refusal, naming its rule (e.g. CT-13 -> ``CT_13_...``)."""
        return self.error.code


@dataclass(frozen=True)
class Verdict:
    """Outcome of a rule: allowed when it has no refusals."""

    refusals: tuple[Refusal, ...] = ()

    @property
    def allowed(self) -> bool:
        """True when no rule (CT-xx) refuses."""
        return not self.refusals

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes of all refusals in check order (e.g. CT-10 before CT-13)."""
        return tuple(r.code for r in self.refusals)


def verdict_of(refusals: list[Refusal | None]) -> Verdict:
    """Build a verdict from optional refusals, dropping the ``None`` entries (style C3: rules return verdicts)."""
    return Verdict(tuple(r for r in refusals if r is not None))


def raise_if_refused(verdict: Verdict) -> None:
    """Raise the first refusal as its domain error with every code in ``extra`` (style C3/C5: use case raises)."""
    if verdict.refusals:
        first = verdict.refusals[0]
        raise first.error(
            first.detail,
            extra={"codes": list(verdict.codes), "details": [r.detail for r in verdict.refusals]},
        )


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """True when half-open periods ``[a_start, a_end)`` and ``[b_start, b_end)`` share a day (CT-13/40/43)."""
    if (a_end is not None and a_end <= a_start) or (b_end is not None and b_end <= b_start):
        return False  # an empty period (ended the day it started) never overlaps
    a_before_b_ends = b_end is None or a_start < b_end
    b_before_a_ends = a_end is None or b_start < a_end
    return a_before_b_ends and b_before_a_ends
