"""The pregnancy as the rules see it (CTX-04, Q-06), the residence (Q-05) and the programme's tunable limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from screening.domain.errors import InvalidNumberOfChildren
from screening.domain.model.codes import PregnancyEndReason

# gestational age counts from the first day of the last menstrual period, 280 days before the EDD.
FULL_TERM_DAYS = 280


@dataclass(frozen=True, slots=True)
class ProgrammePolicy:
    """Tunable limits of the programme (Q-06, Q-17); the defaults are the rules as documented."""

    late_screening_from_day: int = 14 * 7  # SCR-07 soft target: late from gestational week 14 (98 days)
    screening_days_after_birth: int = 7  # SCR-07 hard limit
    earliest_birth_gestational_day: int = 22 * 7  # CTX-04 plausibility: a birth from week 22+0
    latest_birth_days_after_edd: int = 6 * 7  # CTX-04 plausibility: up to EDD + 6 weeks
    postnatal_days: int = 6 * 7  # CTX-04: postnatal = birth up to 6 weeks after
    young_child_end_age_years: int = 2  # the programme ends at the 2nd birthday
    reimbursed_ppa_cap: int = 2  # FIN-11: at most 2 reimbursed PPAs per pregnancy
    reimbursed_screening_cap: int = 1  # FIN-10: one reimbursed completed screening per pregnancy
    edd_dating_tolerance_days: int = 14  # CTX-04 plausibility: an EDD may lie up to 280 + 14 days ahead


DEFAULT_POLICY = ProgrammePolicy()


@dataclass(frozen=True, slots=True)
class Birth:
    """A recorded birth (CTX-04); twins and more are one birth with several children (Q-04)."""

    birth_date: date
    number_of_children: int = 1

    def __post_init__(self) -> None:
        if self.number_of_children < 1:
            raise InvalidNumberOfChildren("A birth has at least one child.")


@dataclass(frozen=True, slots=True)
class PregnancyEnd:
    """A pregnancy that ended without a live birth (CTX-04)."""

    end_date: date
    reason: PregnancyEndReason


@dataclass(frozen=True, slots=True)
class Pregnancy:
    """A pregnancy as the rules see it: the expected delivery date plus at most one conclusion."""

    expected_delivery_date: date
    birth: Birth | None = None
    end: PregnancyEnd | None = None

    def __post_init__(self) -> None:
        if self.birth is not None and self.end is not None:
            raise ValueError("a pregnancy is concluded either by a birth or by an end, not both")

    @property
    def start_date(self) -> date:
        """Gestational day 0: the (estimated) first day of the last menstrual period (Q-06)."""
        return self.expected_delivery_date - timedelta(days=FULL_TERM_DAYS)

    @property
    def is_concluded(self) -> bool:
        """Whether a birth or an end without birth was recorded."""
        return self.birth is not None or self.end is not None


@dataclass(frozen=True, slots=True)
class ResidenceMunicipality:
    """A current municipality of residence (Q-05), remembering the code as it was reported."""

    nis_code: str
    name: str
    reported_code: str

    @property
    def was_recoded(self) -> bool:
        """Whether the reported code was an old code mapped to its successor."""
        return self.nis_code != self.reported_code
