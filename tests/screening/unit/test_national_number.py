from __future__ import annotations

import logging
from datetime import date

import pytest

from screening.domain.errors import InvalidNationalNumber
from screening.domain.national_number import (
    NationalNumber,
    NationalNumberKind,
    normalise_national_number,
    parse_national_number,
)
from shared.errors import InvalidInput

pytestmark = pytest.mark.unit

TODAY = date(2026, 3, 1)
FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))


def with_check_digits(first_nine: str, *, born_2000_or_later: bool = False) -> str:
    base = int(first_nine) + (2_000_000_000 if born_2000_or_later else 0)
    return f"{first_nine}{97 - base % 97:02d}"


def reason_of(exc: pytest.ExceptionInfo[InvalidNationalNumber]) -> str:
    return str(exc.value.extra["reason"])


def test_q15_register_number_born_before_2000_is_valid_insz() -> None:
    digits = with_check_digits("850730033")

    number = parse_national_number(digits, today=TODAY)

    assert number.digits == digits
    assert number.kind is NationalNumberKind.INSZ
    assert number.birth_date == date(1985, 7, 30)
    assert not number.born_2000_or_later
    assert number.gender_known


def test_q15_register_number_born_in_2000_or_later_checks_over_leading_2() -> None:
    digits = with_check_digits("050314123", born_2000_or_later=True)

    number = parse_national_number(digits, today=TODAY)

    assert number.born_2000_or_later
    assert number.birth_date == date(2005, 3, 14)


def test_q15_the_matching_check_rule_fixes_the_century() -> None:
    born_2000 = parse_national_number(with_check_digits("000101001", born_2000_or_later=True))
    born_1900 = parse_national_number(with_check_digits("000101001"))

    assert born_2000.birth_date == date(2000, 1, 1)
    assert born_1900.birth_date == date(1900, 1, 1)
    assert born_2000.digits[9:] != born_1900.digits[9:]


def test_q15_common_formatting_is_normalised_to_eleven_digits() -> None:
    assert normalise_national_number("85.07.30-033.28") == "85073003328"
    assert normalise_national_number(" 850730 033 28 ") == "85073003328"
    assert normalise_national_number("85/07/30-033.28") == "85073003328"
    assert parse_national_number("85.07.30-033.28").digits == "85073003328"


def test_q15_bis_number_with_gender_known_adds_20_to_the_month() -> None:
    digits = with_check_digits("852730033")

    number = parse_national_number(digits)

    assert number.kind is NationalNumberKind.BIS
    assert number.gender_known
    assert number.birth_date == date(1985, 7, 30)


def test_q15_bis_number_with_gender_unknown_adds_40_to_the_month() -> None:
    digits = with_check_digits("104730033", born_2000_or_later=True)

    number = parse_national_number(digits, today=TODAY)

    assert number.kind is NationalNumberKind.BIS
    assert not number.gender_known
    assert number.birth_date == date(2010, 7, 30)


@pytest.mark.parametrize("first_nine", ["850000033", "850700033", "854000012", "852000012"])
def test_q15_unknown_birth_month_or_day_is_allowed_without_birth_date(first_nine: str) -> None:
    number = parse_national_number(with_check_digits(first_nine))

    assert number.birth_date is None
    assert number.birth_year == 1985


def test_q15_wrong_check_digit_is_invalid_input() -> None:
    digits = with_check_digits("850730033")
    wrong = digits[:9] + f"{(int(digits[9:]) % 97) + 1:02d}"

    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(wrong)

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "INVALID_NATIONAL_NUMBER"
    assert reason_of(exc) == "CHECK_DIGIT_MISMATCH"


@pytest.mark.parametrize("raw", ["8507300332", "850730033280", "", "85.07.30-033"])
def test_q15_wrong_length_is_invalid(raw: str) -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(raw)

    assert reason_of(exc) == "WRONG_LENGTH"


@pytest.mark.parametrize("raw", ["85O73003328", "85073003328".translate(FULLWIDTH), "85_07_30_033_28"])
def test_q15_non_ascii_digits_or_letters_are_invalid(raw: str) -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(raw)

    assert reason_of(exc) == "NOT_DIGITS"


@pytest.mark.parametrize("month", ["13", "19", "33", "39", "53", "99"])
def test_q15_impossible_month_is_invalid(month: str) -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(with_check_digits(f"85{month}15033"))

    assert reason_of(exc) == "IMPOSSIBLE_MONTH"


@pytest.mark.parametrize("first_nine", ["850732033", "850230033", "870229033"])
def test_q15_impossible_day_is_invalid(first_nine: str) -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(with_check_digits(first_nine))

    assert reason_of(exc) == "IMPOSSIBLE_DAY"


def test_q15_leap_day_birth_is_valid() -> None:
    assert parse_national_number(with_check_digits("880229033")).birth_date == date(1988, 2, 29)


def test_q15_birth_date_after_today_is_invalid() -> None:
    digits = with_check_digits("260615001", born_2000_or_later=True)

    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(digits, today=TODAY)

    assert reason_of(exc) == "BIRTH_DATE_IN_FUTURE"
    assert parse_national_number(digits).birth_date == date(2026, 6, 15)


def test_q15_birth_year_after_today_with_unknown_month_is_invalid() -> None:
    with pytest.raises(InvalidNationalNumber):
        parse_national_number(with_check_digits("300000001", born_2000_or_later=True), today=TODAY)


def test_q15_repr_and_str_mask_everything_but_the_check_digits() -> None:
    number = parse_national_number("85.07.30-033.28")

    assert repr(number) == "NationalNumber(******-***.28)"
    assert str(number) == "******-***.28"
    assert f"{number}" == "******-***.28"
    assert "850730" not in repr([number]) and "033" not in repr({"n": number})


def test_q15_number_does_not_leak_into_log_records(caplog: pytest.LogCaptureFixture) -> None:
    number = parse_national_number("85073003328")

    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("registered %s %r", number, number)

    assert "85073003328" not in caplog.text
    assert "850730" not in caplog.text


@pytest.mark.parametrize("raw", ["85073003329", "85.07.30-033.2", "85X73003328", "85133003328"])
def test_q15_error_detail_never_echoes_the_number(raw: str) -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(raw)

    rendered = f"{exc.value} {exc.value.detail} {exc.value.extra} {exc.value.args}"
    assert raw not in rendered
    assert raw.replace(".", "").replace("-", "")[:6] not in rendered
    assert exc.value.__cause__ is None


def test_q15_direct_construction_validates_too() -> None:
    assert NationalNumber("85073003328").kind is NationalNumberKind.INSZ
    with pytest.raises(InvalidNationalNumber):
        NationalNumber("85073003329")


@pytest.mark.parametrize("digits", ["8507300332", "85.07.30-03", "85O73003328"])
def test_q15_direct_construction_requires_eleven_ascii_digits(digits: str) -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        NationalNumber(digits)

    assert reason_of(exc) == "WRONG_LENGTH"


def test_q15_number_given_as_integer_is_refused() -> None:
    with pytest.raises(InvalidNationalNumber) as exc:
        parse_national_number(85073003328)  # type: ignore[arg-type]

    assert reason_of(exc) == "NOT_TEXT"
