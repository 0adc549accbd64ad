"""Value objects and the claim model of the financing domain (pure: stdlib and `shared.errors` only).

Vocabulary follows docs/domain-rules.md §8. `Act` keeps the perinatal consultation and the legacy Flemish MDO
fee apart (Q-24). A `Provider` is the professional *in the capacity of this claim*: the organisation, its
funding and its mission are those under which the act was performed, which is what payer routing (FIN-30,
Q-15) and the mission exclusion (FIN-21) look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from financing.domain.errors import InvalidClaim, InvalidMoney, InvalidPeriod

CENT = Decimal("0.01")


def quantize_cents(value: Decimal) -> Decimal:
    """Round an amount to euro cents with ROUND_HALF_UP (the suite's rounding rule for money)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _to_decimal(raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int | str):
        raise InvalidMoney(f"money must be a Decimal, int or str, not {type(raw).__name__}")
    try:
        value = Decimal(raw)
    except ArithmeticError as exc:
        raise InvalidMoney(f"not an amount: {raw!r}") from exc
    if not value.is_finite():
        raise InvalidMoney(f"not a finite amount: {raw!r}")
    return value


@dataclass(frozen=True, order=True)
class Money:
    """An amount in euro, always a Decimal quantized to cents (ROUND_HALF_UP); floats are refused."""

    amount: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", quantize_cents(_to_decimal(self.amount)))

    @classmethod
    def of(cls, value: Decimal | int | str) -> Money:
        """Build an amount from a Decimal, an int or a decimal string such as ``"22.55"``."""
        return cls(_to_decimal(value))

    @classmethod
    def zero(cls) -> Money:
        """EUR 0.00."""
        return cls(Decimal(0))

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + other.amount)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - other.amount)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money(self.amount * factor)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount)

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    def __str__(self) -> str:
        return f"EUR {self.amount}"


def add_years(day: date, years: int) -> date:
    """Q-06: the same calendar day `years` later; 29 February falls back to 28 February in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A closed date interval [start, end]; both days are included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod(f"period ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def fee_year(anchor: date, index: int) -> Period:
    """The `index`-th (0-based) 12-month coordination fee year counted from `anchor` (Q-01)."""
    start = add_years(anchor, index)
    return Period(start, add_years(anchor, index + 1) - timedelta(days=1))


def fee_year_containing(anchor: date, day: date) -> Period | None:
    """The 12-month fee year counted from `anchor` that contains `day`, or None before the anchor (Q-01)."""
    if day < anchor:
        return None
    index = max(day.year - anchor.year - 1, 0)
    while not fee_year(anchor, index).contains(day):
        index += 1
    return fee_year(anchor, index)


class Act(StrEnum):
    """What is claimed. The first five are the perinatal acts; LEGACY_MDO is the Flemish MDO fee (FIN-40)."""

    SCREENING = "SCREENING"  # FIN-10
    PRENATAL_ADVICE_SESSION = "PRENATAL_ADVICE_SESSION"  # FIN-11 (PPA)
    COORDINATION_YEAR = "COORDINATION_YEAR"  # FIN-12 / FIN-22 flat fee per fee year
    PERINATAL_CONSULTATION = "PERINATAL_CONSULTATION"  # FIN-13
    CASE_MANAGEMENT = "CASE_MANAGEMENT"  # FIN-23
    LEGACY_MDO = "LEGACY_MDO"  # FIN-40, phase-out (Q-24: never the same identifier as the consultation)


class Payer(StrEnum):
    """Payment channel. FEDERAL: RIZIV via the client's mutuality. FLEMISH: VSB via the client's care fund."""

    FEDERAL = "FEDERAL"
    FLEMISH = "FLEMISH"


class FundingType(StrEnum):
    """Who funds the organisation under which the act is performed (OTHER: self-employed, private, none)."""

    FEDERAL = "FEDERAL"
    FLEMISH = "FLEMISH"
    OTHER = "OTHER"


class OrganisationKind(StrEnum):
    """Organisation kinds the rules single out (DF-4 / Q-21); everything else is OTHER."""

    OTHER = "OTHER"
    KIND_EN_GEZIN = "KIND_EN_GEZIN"
    HUIS_VAN_HET_KIND = "HUIS_VAN_HET_KIND"


class Profession(StrEnum):
    """Professions seen in the programme. The first group are WUG (health-insurance) professions."""

    GENERAL_PRACTITIONER = "GENERAL_PRACTITIONER"
    GYNAECOLOGIST = "GYNAECOLOGIST"
    MIDWIFE = "MIDWIFE"
    PAEDIATRICIAN = "PAEDIATRICIAN"
    NURSE = "NURSE"
    CLINICAL_PSYCHOLOGIST = "CLINICAL_PSYCHOLOGIST"
    PHYSIOTHERAPIST = "PHYSIOTHERAPIST"
    OTHER_HEALTH_PROFESSIONAL = "OTHER_HEALTH_PROFESSIONAL"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    FAMILY_SUPPORT_WORKER = "FAMILY_SUPPORT_WORKER"
    OTHER_WELFARE_PROFESSIONAL = "OTHER_WELFARE_PROFESSIONAL"


WUG_PROFESSIONS: frozenset[Profession] = frozenset(
    {
        Profession.GENERAL_PRACTITIONER,
        Profession.GYNAECOLOGIST,
        Profession.MIDWIFE,
        Profession.PAEDIATRICIAN,
        Profession.NURSE,
        Profession.CLINICAL_PSYCHOLOGIST,
        Profession.PHYSIOTHERAPIST,
        Profession.OTHER_HEALTH_PROFESSIONAL,
    }
)

# FIN-11: the PPA is reserved to these three professions.
PPA_PROFESSIONS: frozenset[Profession] = frozenset(
    {Profession.GENERAL_PRACTITIONER, Profession.GYNAECOLOGIST, Profession.MIDWIFE}
)


def is_health_insurance_profession(profession: Profession) -> bool:
    """True for WUG professions, the "zorgprofessional in kader van ziekteverzekering" of FIN-10..13."""
    return profession in WUG_PROFESSIONS


@dataclass(frozen=True)
class Provider:
    """The professional who performed the act, in the capacity of this claim."""

    professional_id: str
    profession: Profession
    organisation_id: str | None
    funding: FundingType
    coordination_in_mission: bool = False
    organisation_kind: OrganisationKind = OrganisationKind.OTHER
    recognised_for_case_management: bool = False

    @property
    def is_health_insurance_professional(self) -> bool:
        return is_health_insurance_profession(self.profession)

    @property
    def is_dual(self) -> bool:
        """A WUG professional working for a Flemish-funded organisation: the Q-15 case."""
        return self.is_health_insurance_professional and self.funding is FundingType.FLEMISH


@dataclass(frozen=True)
class Claim:
    """A request for payment of one act, addressed to one payer.

    `act_date` is the day of the act; for COORDINATION_YEAR it is the first day of the fee year and
    `period_end` its last day; for CASE_MANAGEMENT the period is the intervention. `minutes` is the
    consultation time claimed by this participant. `activity_ref` optionally names the registered activity
    (screening, session, appointment, consultation or intervention id) the claim rests on.
    """

    claim_id: str
    act: Act
    provider: Provider
    client_pseudonym: str
    pregnancy_id: str | None
    payer: Payer
    act_date: date
    period_end: date | None = None
    team_id: str | None = None
    minutes: int | None = None
    activity_ref: str | None = None

    def __post_init__(self) -> None:
        if self.period_end is not None and self.period_end < self.act_date:
            raise InvalidClaim(f"claim {self.claim_id}: period ends before the act date")
        if self.act is not Act.LEGACY_MDO and not self.pregnancy_id:
            raise InvalidClaim(f"claim {self.claim_id}: a perinatal act needs a pregnancy id")
        if self.act in (Act.COORDINATION_YEAR, Act.CASE_MANAGEMENT) and not self.team_id:
            raise InvalidClaim(f"claim {self.claim_id}: {self.act} needs a team id")
        if self.act is Act.COORDINATION_YEAR and self.period_end is None:
            raise InvalidClaim(f"claim {self.claim_id}: a coordination claim names its fee year (period_end)")
        if self.act is Act.PERINATAL_CONSULTATION and (self.minutes is None or self.minutes <= 0):
            raise InvalidClaim(
                f"claim {self.claim_id}: a consultation claim needs a positive number of minutes"
            )
        if self.minutes is not None and self.minutes < 0:
            raise InvalidClaim(f"claim {self.claim_id}: negative minutes")

    @property
    def period(self) -> Period:
        return Period(self.act_date, self.period_end or self.act_date)

    @property
    def professional_id(self) -> str:
        return self.provider.professional_id


@dataclass(frozen=True)
class AcceptedClaim:
    """A claim a payer has accepted (ours, or the other payer's as received through the DF-3 exchange)."""

    claim: Claim
    amount: Money
    units: int | None = None

    @property
    def claim_id(self) -> str:
        return self.claim.claim_id

    @property
    def act(self) -> Act:
        return self.claim.act

    @property
    def payer(self) -> Payer:
        return self.claim.payer

    @property
    def period(self) -> Period:
        return self.claim.period
