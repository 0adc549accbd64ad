"""Pseudonymous facts that reporting aggregates, and the indicator rows it produces (REP-01..05, DP-07).

A `Fact` is the reporting projection of one event from screening, careteam or financing. It carries
codes only: a pseudonym of the care subject (the pregnancy / care trajectory), a pseudonymous
professional key, NIS codes, profession and funding codes and coded attributes. Names, national register
numbers (INSZ) and free text never enter reporting (DP-07, REP-32); `Fact` refuses values that look
like them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from reporting.domain.dimensions import RegionLevel, is_programme_code
from reporting.domain.errors import InvalidFact

# Attribute keys carried by some fact kinds.
GESTATIONAL_WEEK: Final = "gestational_week"
INCLUSION_BASIS: Final = "inclusion_basis"
INCLUSION_REASON: Final = "reason"
REQUEST_TYPE: Final = "request_type"
WORKING_DAYS_TO_INTAKE: Final = "working_days_to_intake"
INTAKE_LATE: Final = "intake_late"
PAYER: Final = "payer"
ACT: Final = "act"
RULE: Final = "rule"

# Values of boolean attributes such as INTAKE_LATE.
TRUE: Final = "true"
FALSE: Final = "false"

# SCR-06 inclusion bases.
TOOL_RESULT: Final = "TOOL_RESULT"
PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT: Final = "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"

_NIS: Final = re.compile(r"[0-9]{5}")
_KEY: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
_CODE: Final = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_ATTRIBUTE_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")
_ATTRIBUTE_VALUE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_INTEGER_ATTRIBUTES: Final = frozenset({GESTATIONAL_WEEK, WORKING_DAYS_TO_INTAKE})


class FactKind(StrEnum):
    """What happened; one kind per event reporting consumes."""

    PREGNANCY_REGISTERED = "PREGNANCY_REGISTERED"
    SCREENING_COMPLETED = "SCREENING_COMPLETED"
    INCLUSION_DETERMINED = "INCLUSION_DETERMINED"
    PRENATAL_ADVICE_SESSION_HELD = "PRENATAL_ADVICE_SESSION_HELD"
    COORDINATION_STARTED = "COORDINATION_STARTED"
    PERINATAL_CONSULTATION_HELD = "PERINATAL_CONSULTATION_HELD"
    PERINATAL_CONSULTATION_PARTICIPATION = "PERINATAL_CONSULTATION_PARTICIPATION"
    CASE_MANAGEMENT_REQUESTED = "CASE_MANAGEMENT_REQUESTED"
    CASE_MANAGEMENT_INTAKE_SCHEDULED = "CASE_MANAGEMENT_INTAKE_SCHEDULED"
    CLAIM_PAID = "CLAIM_PAID"
    DOUBLE_FUNDING_FOUND = "DOUBLE_FUNDING_FOUND"


class Scenario(StrEnum):
    """SCR-05 scenario by the number of positive indicators: 0 (none), A (>= 1), B (>= 2)."""

    NONE = "0"
    A = "A"
    B = "B"


_REQUIRED_ATTRIBUTES: Final[Mapping[FactKind, frozenset[str]]] = MappingProxyType(
    {
        FactKind.INCLUSION_DETERMINED: frozenset({INCLUSION_BASIS}),
        FactKind.CASE_MANAGEMENT_REQUESTED: frozenset({REQUEST_TYPE}),
        FactKind.CLAIM_PAID: frozenset({PAYER, ACT}),
        FactKind.DOUBLE_FUNDING_FOUND: frozenset({RULE}),
    }
)


# At least one of these attributes: CT-33 timeliness comes as the careteam verdict (INTAKE_LATE, computed
# with careteam's holiday calendar) or as a working-day count to compare with the deadline.
_ONE_OF_ATTRIBUTES: Final[Mapping[FactKind, frozenset[str]]] = MappingProxyType(
    {FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED: frozenset({WORKING_DAYS_TO_INTAKE, INTAKE_LATE})}
)
_BOOLEAN_ATTRIBUTES: Final = frozenset({INTAKE_LATE})


def _looks_like_national_number(value: str) -> bool:
    """An INSZ/NISS is 11 digits, often written 85.07.30-033.28: refuse anything with that shape."""
    digits = re.sub(r"[.\- /]", "", value)
    return len(digits) == 11 and digits.isdigit()


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One pseudonymous event as reporting stores it (DP-07: codes only, no direct identifiers).

    `subject_pseudonym` identifies the care subject (the pregnancy / care trajectory) and
    `professional_id` the professional, both as pseudonymous keys. `residence_nis` is where the
    citizen lives and `performer_nis` where the act was performed (Q-05: both stored); either is None
    when the source event does not say, and such a fact counts in the UNKNOWN area of that attribution.
    `amount` is set on paid claims only.
    """

    kind: FactKind
    occurred_on: date
    programme: str
    residence_nis: str | None
    performer_nis: str | None = None
    subject_pseudonym: str
    professional_id: str | None = None
    profession: str | None = None
    funding_type: str | None = None
    scenario: Scenario | None = None
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)
    amount: Decimal | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, FactKind):
            raise InvalidFact(f"kind {self.kind!r} is not a FactKind")
        if isinstance(self.occurred_on, datetime) or not isinstance(self.occurred_on, date):
            raise InvalidFact("occurred_on must be a date (not a datetime)")
        if not is_programme_code(self.programme):
            raise InvalidFact(f"programme {self.programme!r} is not a programme code such as 'PERINATAL'")
        if self.residence_nis is not None:
            _check_nis("residence_nis", self.residence_nis)
        if self.performer_nis is not None:
            _check_nis("performer_nis", self.performer_nis)
        _check_key("subject_pseudonym", self.subject_pseudonym)
        if self.professional_id is not None:
            _check_key("professional_id", self.professional_id)
        for name, code in (("profession", self.profession), ("funding_type", self.funding_type)):
            if code is not None and not (isinstance(code, str) and _CODE.fullmatch(code)):
                raise InvalidFact(f"{name} {code!r} must be an upper-case code such as 'MIDWIFE'")
        if self.scenario is not None and not isinstance(self.scenario, Scenario):
            raise InvalidFact(f"scenario {self.scenario!r} is not a Scenario")
        attributes = dict(self.attributes)
        for name, value in attributes.items():
            _check_attribute(name, value)
        missing = _REQUIRED_ATTRIBUTES.get(self.kind, frozenset()) - attributes.keys()
        if missing:
            raise InvalidFact(f"{self.kind} facts need attribute(s) {', '.join(sorted(missing))}")
        alternatives = _ONE_OF_ATTRIBUTES.get(self.kind)
        if alternatives is not None and not alternatives & attributes.keys():
            raise InvalidFact(
                f"{self.kind} facts need one of the attributes {', '.join(sorted(alternatives))}"
            )
        if self.kind is FactKind.INCLUSION_DETERMINED and self.scenario is None:
            raise InvalidFact("INCLUSION_DETERMINED facts need a scenario (SCR-05)")
        if self.kind is FactKind.CLAIM_PAID:
            if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
                raise InvalidFact("CLAIM_PAID facts need a finite Decimal amount")
        elif self.amount is not None:
            raise InvalidFact(f"{self.kind} facts carry no amount")
        object.__setattr__(self, "attributes", MappingProxyType(attributes))


def _check_nis(name: str, value: object) -> None:
    if not (isinstance(value, str) and _NIS.fullmatch(value)):
        raise InvalidFact(f"{name} {value!r} is not a 5-digit NIS code")


def _check_key(name: str, value: object) -> None:
    if not (isinstance(value, str) and _KEY.fullmatch(value)):
        raise InvalidFact(f"{name} must be a pseudonymous key (letters, digits, '_.:-'; no spaces)")
    if _looks_like_national_number(value):
        raise InvalidFact(f"{name} looks like a national register number; pass a pseudonym (DP-07)")


def _check_attribute(name: object, value: object) -> None:
    if not (isinstance(name, str) and _ATTRIBUTE_NAME.fullmatch(name)):
        raise InvalidFact(f"attribute name {name!r} must be snake_case")
    if not (isinstance(value, str) and _ATTRIBUTE_VALUE.fullmatch(value)):
        raise InvalidFact(f"attribute {name} must be a code, not free text (DP-07)")
    if _looks_like_national_number(value):
        raise InvalidFact(f"attribute {name} looks like a national register number (DP-07)")
    if name in _INTEGER_ATTRIBUTES and not value.isdigit():
        raise InvalidFact(f"attribute {name} must be a non-negative whole number")
    if name in _BOOLEAN_ATTRIBUTES and value not in (TRUE, FALSE):
        raise InvalidFact(f"attribute {name} must be '{TRUE}' or '{FALSE}'")


class Indicator(StrEnum):
    """Stable indicator identifiers, prefixed with the rule they implement."""

    ACTIVE_USERS = "REP-01.active_users"
    SCREENINGS_PER_PREGNANCY = "REP-02.screenings_per_pregnancy"
    PRENATAL_ADVICE_SESSIONS = "REP-03.prenatal_advice_sessions"
    COORDINATION_TRAJECTORIES_STARTED = "REP-04.coordination_trajectories_started"
    PERINATAL_CONSULTATIONS = "REP-05.perinatal_consultations"
    PERFORMERS_BY_PROFESSION = "REP-11.performers_by_profession"
    SCENARIO_MIX = "SCR-05.scenario_mix"
    EXCEPTION_PATH_INCLUSIONS = "SCR-06.exception_path_inclusions"
    SCREENED_BEFORE_WEEK = "SCR-07.share_screened_before_week"
    CASE_MANAGEMENT_REQUESTS = "CT-31.case_management_requests"
    CASE_MANAGEMENT_INTAKE_TIMELINESS = "CT-33.case_management_intake_timeliness"
    AMOUNTS_PAID = "FIN-30.amounts_paid"
    DOUBLE_FUNDING_FINDINGS = "DF.double_funding_findings"


class Measure(StrEnum):
    """What a row's value is: a count, a sum of money, or a ratio of two counts."""

    COUNT = "COUNT"
    AMOUNT = "AMOUNT"
    RATIO = "RATIO"


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One unprotected indicator figure: (programme, period, area, dimension values) -> value.

    `count` is the number of units behind the value and drives small-cell protection (DP-07): the value
    itself for COUNT, the number of payments for AMOUNT, the numerator for RATIO (whose `denominator` is
    set). Rows are internal; publish them only through `disclosure.protect_rows`.
    """

    indicator: str
    programme: str
    period: str
    level: RegionLevel
    region_code: str
    region_name: str
    parent_code: str
    dimensions: tuple[tuple[str, str], ...] = ()
    measure: Measure
    value: int | Decimal | None
    count: int
    denominator: int | None = None
