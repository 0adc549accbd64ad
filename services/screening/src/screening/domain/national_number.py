"""Belgian national register numbers (INSZ/NISS) and BIS numbers (Q-15: the cross-service person key).

Layout of the 11 digits: ``YYMMDD`` birth date, ``SSS`` serial, ``CC`` check digits.

- Check digits: ``97 - (first 9 digits mod 97)``. For people born in 2000 or later the check is computed over
  ``"2"`` followed by the 9 digits. Because ``2_000_000_000 mod 97 == 68`` (not 0), at most one of the two rules
  can match, so the matching rule also fixes the century of the birth date.
- Register (INSZ) numbers have month 01-12; month 00 and/or day 00 mean "birth date (partly) unknown".
- BIS numbers add 20 to the month when the gender is known and 40 when it is not (so 20-32 or 40-52).

The value object never renders its digits: ``repr``/``str`` show only the check digits, so the number cannot
leak into logs or error messages. Use `.digits` explicitly where the full number is needed (persistence).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from screening.domain.errors import InvalidNationalNumber

_SEPARATORS = frozenset(" .-/\t")
_ASCII_DIGITS = frozenset("0123456789")
_BIS_GENDER_KNOWN_OFFSET = 20
_BIS_GENDER_UNKNOWN_OFFSET = 40


class NationalNumberKind(StrEnum):
    """Which register issued the number."""

    INSZ = "INSZ"  # national register (rijksregister)
    BIS = "BIS"  # Crossroads Bank BIS register (people not in the national register)


@dataclass(frozen=True, slots=True, repr=False)
class NationalNumber:
    """A validated INSZ/NISS or BIS number of exactly 11 ASCII digits; rendered masked."""

    digits: str
    kind: NationalNumberKind = field(init=False)
    born_2000_or_later: bool = field(init=False)
    birth_year: int = field(init=False)
    # None when the register number leaves month or day unknown (00).
    birth_date: date | None = field(init=False)
    # False only for BIS numbers with month + 40.
    gender_known: bool = field(init=False)

    def __post_init__(self) -> None:
        digits = self.digits
        if not isinstance(digits, str) or len(digits) != 11 or not set(digits) <= _ASCII_DIGITS:
            raise InvalidNationalNumber(
                "A national number must consist of exactly 11 digits.", extra={"reason": "WRONG_LENGTH"}
            )
        yy, raw_month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
        if raw_month <= 12:
            kind, month, gender_known = NationalNumberKind.INSZ, raw_month, True
        elif _BIS_GENDER_KNOWN_OFFSET <= raw_month <= _BIS_GENDER_KNOWN_OFFSET + 12:
            kind, month, gender_known = NationalNumberKind.BIS, raw_month - _BIS_GENDER_KNOWN_OFFSET, True
        elif _BIS_GENDER_UNKNOWN_OFFSET <= raw_month <= _BIS_GENDER_UNKNOWN_OFFSET + 12:
            kind, month, gender_known = NationalNumberKind.BIS, raw_month - _BIS_GENDER_UNKNOWN_OFFSET, False
        else:
            raise InvalidNationalNumber(
                "The month field of the national number is impossible.", extra={"reason": "IMPOSSIBLE_MONTH"}
            )
        if day > 31:
            raise InvalidNationalNumber(
                "The day field of the national number is impossible.", extra={"reason": "IMPOSSIBLE_DAY"}
            )
        base, check = int(digits[:9]), int(digits[9:])
        if check == _check_digits(base):
            born_2000_or_later = False
        elif check == _check_digits(2_000_000_000 + base):
            born_2000_or_later = True
        else:
            raise InvalidNationalNumber(
                "The check digits of the national number do not match.",
                extra={"reason": "CHECK_DIGIT_MISMATCH"},
            )
        year = (2000 if born_2000_or_later else 1900) + yy
        birth_date: date | None = None
        if month != 0 and day != 0:
            if day > calendar.monthrange(year, month)[1]:
                raise InvalidNationalNumber(
                    "The birth date encoded in the national number does not exist.",
                    extra={"reason": "IMPOSSIBLE_DAY"},
                )
            birth_date = date(year, month, day)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "born_2000_or_later", born_2000_or_later)
        object.__setattr__(self, "birth_year", year)
        object.__setattr__(self, "birth_date", birth_date)
        object.__setattr__(self, "gender_known", gender_known)

    @property
    def masked(self) -> str:
        """The number with everything but the check digits hidden, e.g. ``******-***.28``."""
        return f"******-***.{self.digits[9:]}"

    def __repr__(self) -> str:
        return f"NationalNumber({self.masked})"

    def __str__(self) -> str:
        return self.masked


def _check_digits(number: int) -> int:
    return 97 - (number % 97)


def normalise_national_number(raw: str) -> str:
    """Strip the usual separators (``85.07.30-033.28``) and return the 11 digits; Q-15."""
    if not isinstance(raw, str):
        raise InvalidNationalNumber("A national number must be given as text.", extra={"reason": "NOT_TEXT"})
    kept = [ch for ch in raw.strip() if ch not in _SEPARATORS]
    if not set(kept) <= _ASCII_DIGITS:
        raise InvalidNationalNumber(
            "A national number may contain only digits and the separators '.', '-', '/' or spaces.",
            extra={"reason": "NOT_DIGITS"},
        )
    if len(kept) != 11:
        raise InvalidNationalNumber(
            "A national number must consist of exactly 11 digits.", extra={"reason": "WRONG_LENGTH"}
        )
    return "".join(kept)


def parse_national_number(raw: str, *, today: date | None = None) -> NationalNumber:
    """Validate an INSZ/NISS or BIS number in any common formatting; Q-15. With `today`, refuse future births."""
    number = NationalNumber(normalise_national_number(raw))
    if today is not None and (
        number.birth_year > today.year or (number.birth_date is not None and number.birth_date > today)
    ):
        raise InvalidNationalNumber(
            "The birth date encoded in the national number lies in the future.",
            extra={"reason": "BIRTH_DATE_IN_FUTURE"},
        )
    return number
