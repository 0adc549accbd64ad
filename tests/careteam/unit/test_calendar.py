from datetime import date

import pytest

from careteam.domain.calendar import (
    add_months,
    add_working_days,
    belgian_public_holidays,
    easter_sunday,
    intake_deadline,
    is_working_day,
    nth_birthday,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2011, date(2011, 4, 24)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday_follows_the_anonymous_gregorian_algorithm(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


def test_ct33_belgium_has_ten_public_holidays_with_the_moving_ones_derived_from_easter() -> None:
    assert belgian_public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 7, 21),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    }


def test_ct33_weekends_and_holidays_are_not_working_days() -> None:
    holidays = belgian_public_holidays(2026)
    assert is_working_day(date(2026, 4, 3), holidays)  # Good Friday is no legal holiday
    assert not is_working_day(date(2026, 4, 4), holidays)
    assert not is_working_day(date(2026, 4, 6), holidays)


def test_ct33_adding_working_days_skips_a_weekend_and_easter_monday() -> None:
    holidays = belgian_public_holidays(2026)
    assert add_working_days(date(2026, 4, 2), 1, holidays) == date(2026, 4, 3)
    assert add_working_days(date(2026, 4, 2), 2, holidays) == date(2026, 4, 7)


def test_ct33_zero_working_days_is_the_start_itself_and_negative_is_an_error() -> None:
    assert add_working_days(date(2026, 4, 4), 0, frozenset()) == date(2026, 4, 4)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 4, 4), -1, frozenset())


def test_ct33_intake_deadline_is_the_7th_working_day_after_the_request_across_easter() -> None:
    # Thu 2 Apr 2026: Fri 3 (1), weekend, Easter Monday 6 skipped, Tue 7..Fri 10 (2-5), weekend, Mon 13 (6), Tue 14 (7)
    assert intake_deadline(date(2026, 4, 2)) == date(2026, 4, 14)


def test_ct33_intake_deadline_of_a_saturday_request_counts_from_monday() -> None:
    assert intake_deadline(date(2026, 3, 7)) == date(2026, 3, 17)


def test_ct33_intake_deadline_skips_national_day() -> None:
    assert intake_deadline(date(2026, 7, 17)) == date(2026, 7, 29)


def test_ct33_intake_deadline_spans_christmas_and_new_year() -> None:
    assert intake_deadline(date(2026, 12, 23)) == date(2027, 1, 5)


def test_ct33_intake_deadline_accepts_an_explicit_holiday_calendar() -> None:
    assert intake_deadline(date(2026, 4, 2), holidays=frozenset()) == date(2026, 4, 13)


def test_ct34_adding_months_keeps_the_day_or_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert add_months(date(2026, 3, 31), 6) == date(2026, 9, 30)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)


def test_q06_second_birthday_of_a_leap_day_child_falls_on_28_february() -> None:
    assert nth_birthday(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert nth_birthday(date(2026, 6, 10), 2) == date(2028, 6, 10)
