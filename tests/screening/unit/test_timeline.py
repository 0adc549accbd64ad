from __future__ import annotations

from datetime import date, timedelta

import pytest

from screening.domain import timeline
from screening.domain.errors import (
    BirthDateImplausible,
    BirthDateInFuture,
    InvalidNumberOfChildren,
    PregnancyAlreadyConcluded,
    PregnancyEndDateInvalid,
    ScreeningAfterBirthWindow,
    ScreeningAfterPregnancyEnd,
    ScreeningBeforePregnancy,
    ScreeningDateInFuture,
)
from screening.domain.model import (
    Birth,
    Pregnancy,
    PregnancyEnd,
    PregnancyEndReason,
    ProgrammePeriod,
    ProgrammePolicy,
)
from shared.errors import Conflict, InvalidInput, RuleViolated

pytestmark = pytest.mark.unit

EDD = date(2026, 7, 1)
START = EDD - timedelta(days=280)  # 2025-09-24, gestational day 0
TODAY = date(2028, 12, 31)


def day(n: int) -> date:
    return START + timedelta(days=n)


def born_on(birth_date: date, children: int = 1) -> Pregnancy:
    return Pregnancy(EDD, birth=Birth(birth_date, children))


# --- Q-06 gestational age ----------------------------------------------------------------------------


def test_q06_gestational_age_is_280_days_minus_days_until_the_due_date() -> None:
    assert date(2025, 9, 24) == START
    assert timeline.gestational_age_days(START, EDD) == 0
    assert timeline.gestational_age_days(EDD, EDD) == 280
    assert timeline.gestational_age_days(EDD + timedelta(days=3), EDD) == 283
    assert timeline.gestational_age_days(date(2025, 12, 31), EDD) == 98


# --- SCR-07 screening timing -------------------------------------------------------------------------


def test_scr07_screening_at_13_weeks_6_days_is_on_time() -> None:
    timing = timeline.assess_screening_timing(day(97), Pregnancy(EDD), today=TODAY)

    assert timing.gestational_age_days == 97
    assert timing.gestational_week == 13
    assert not timing.late and not timing.postpartum


def test_scr07_screening_at_week_14_is_accepted_but_flagged_late() -> None:
    timing = timeline.assess_screening_timing(day(98), Pregnancy(EDD), today=TODAY)

    assert timing.gestational_week == 14
    assert timing.late


def test_scr07_screening_on_the_first_day_of_pregnancy_is_accepted() -> None:
    assert timeline.assess_screening_timing(START, Pregnancy(EDD), today=TODAY).gestational_age_days == 0


def test_scr07_screening_before_the_last_menstrual_period_is_impossible() -> None:
    with pytest.raises(ScreeningBeforePregnancy) as exc:
        timeline.assess_screening_timing(day(-1), Pregnancy(EDD), today=TODAY)

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "SCR_07_SCREENING_BEFORE_PREGNANCY"


def test_scr07_screening_in_the_future_is_refused() -> None:
    with pytest.raises(ScreeningDateInFuture) as exc:
        timeline.assess_screening_timing(date(2026, 1, 2), Pregnancy(EDD), today=date(2026, 1, 1))

    assert exc.value.code == "SCR_07_SCREENING_DATE_IN_FUTURE"


def test_scr07_screening_today_is_accepted() -> None:
    timeline.assess_screening_timing(date(2026, 1, 1), Pregnancy(EDD), today=date(2026, 1, 1))


def test_scr07_screening_on_day_7_after_birth_is_accepted_as_postpartum() -> None:
    birth = date(2026, 6, 28)

    timing = timeline.assess_screening_timing(birth + timedelta(days=7), born_on(birth), today=TODAY)

    assert timing.postpartum and timing.late
    assert timing.days_after_birth == 7


def test_scr07_screening_on_day_8_after_birth_is_refused() -> None:
    birth = date(2026, 6, 28)

    with pytest.raises(ScreeningAfterBirthWindow) as exc:
        timeline.assess_screening_timing(birth + timedelta(days=8), born_on(birth), today=TODAY)

    assert isinstance(exc.value, RuleViolated)
    assert exc.value.code == "SCR_07_SCREENING_AFTER_BIRTH_WINDOW"
    assert exc.value.rule == "SCR-07"
    assert exc.value.extra["days_after_birth"] == 8


def test_scr07_screening_on_the_birth_date_is_postpartum_day_0() -> None:
    birth = date(2026, 6, 28)

    timing = timeline.assess_screening_timing(birth, born_on(birth), today=TODAY)

    assert timing.postpartum and timing.days_after_birth == 0


def test_scr07_screening_before_a_recorded_birth_is_not_postpartum() -> None:
    timing = timeline.assess_screening_timing(day(60), born_on(date(2026, 6, 28)), today=TODAY)

    assert not timing.postpartum and timing.days_after_birth is None


def test_scr07_screening_after_the_due_date_without_recorded_birth_is_accepted_and_late() -> None:
    timing = timeline.assess_screening_timing(EDD + timedelta(days=30), Pregnancy(EDD), today=TODAY)

    assert timing.late and not timing.postpartum


def test_scr07_screening_after_a_pregnancy_ended_without_birth_is_refused() -> None:
    ended = Pregnancy(EDD, end=PregnancyEnd(day(70), PregnancyEndReason.MISCARRIAGE))

    timeline.assess_screening_timing(day(69), ended, today=TODAY)
    with pytest.raises(ScreeningAfterPregnancyEnd) as exc:
        timeline.assess_screening_timing(day(70), ended, today=TODAY)

    assert exc.value.code == "SCR_07_SCREENING_AFTER_PREGNANCY_END"


def test_scr07_policy_can_move_the_late_threshold() -> None:
    policy = ProgrammePolicy(late_screening_from_day=12 * 7)

    assert timeline.assess_screening_timing(day(84), Pregnancy(EDD), today=TODAY, policy=policy).late


# --- CTX-04 birth ------------------------------------------------------------------------------------


def test_ctx04_record_birth_returns_a_new_pregnancy_with_the_birth() -> None:
    pregnancy = Pregnancy(EDD)

    born = timeline.record_birth(pregnancy, date(2026, 6, 28), 2, today=TODAY)

    assert born.birth == Birth(date(2026, 6, 28), 2)
    assert pregnancy.birth is None


@pytest.mark.parametrize("children", [0, -1])
def test_ctx04_birth_needs_at_least_one_child(children: int) -> None:
    with pytest.raises(InvalidNumberOfChildren) as exc:
        timeline.record_birth(Pregnancy(EDD), date(2026, 6, 28), children, today=TODAY)

    assert exc.value.code == "CTX_04_INVALID_NUMBER_OF_CHILDREN"


def test_ctx04_birth_in_the_future_is_refused() -> None:
    with pytest.raises(BirthDateInFuture):
        timeline.record_birth(Pregnancy(EDD), date(2026, 6, 28), today=date(2026, 6, 27))


def test_ctx04_birth_at_week_22_is_plausible_and_one_day_earlier_is_not() -> None:
    timeline.record_birth(Pregnancy(EDD), day(154), today=TODAY)

    with pytest.raises(BirthDateImplausible) as exc:
        timeline.record_birth(Pregnancy(EDD), day(153), today=TODAY)

    assert exc.value.code == "CTX_04_BIRTH_DATE_IMPLAUSIBLE"


def test_ctx04_birth_up_to_six_weeks_after_the_due_date_is_plausible() -> None:
    timeline.record_birth(Pregnancy(EDD), EDD + timedelta(days=42), today=TODAY)

    with pytest.raises(BirthDateImplausible):
        timeline.record_birth(Pregnancy(EDD), EDD + timedelta(days=43), today=TODAY)


def test_ctx04_second_birth_for_the_same_pregnancy_is_a_conflict() -> None:
    with pytest.raises(PregnancyAlreadyConcluded) as exc:
        timeline.record_birth(born_on(date(2026, 6, 28)), date(2026, 6, 29), today=TODAY)

    assert isinstance(exc.value, Conflict)


def test_ctx04_pregnancy_cannot_have_both_birth_and_end() -> None:
    with pytest.raises(ValueError):
        Pregnancy(EDD, birth=Birth(EDD), end=PregnancyEnd(EDD, PregnancyEndReason.OTHER))


# --- CTX-04 end without birth ------------------------------------------------------------------------


def test_ctx04_record_pregnancy_end_sets_the_end() -> None:
    ended = timeline.record_pregnancy_end(
        Pregnancy(EDD), day(70), PregnancyEndReason.MISCARRIAGE, today=TODAY
    )

    assert ended.end == PregnancyEnd(day(70), PregnancyEndReason.MISCARRIAGE)


@pytest.mark.parametrize("end_date", [day(-1), EDD + timedelta(days=43), TODAY + timedelta(days=1)])
def test_ctx04_pregnancy_end_outside_the_pregnancy_or_in_the_future_is_refused(end_date: date) -> None:
    with pytest.raises(PregnancyEndDateInvalid):
        timeline.record_pregnancy_end(Pregnancy(EDD), end_date, PregnancyEndReason.OTHER, today=TODAY)


def test_ctx04_pregnancy_end_after_a_birth_is_a_conflict() -> None:
    with pytest.raises(PregnancyAlreadyConcluded):
        timeline.record_pregnancy_end(
            born_on(date(2026, 6, 28)), date(2026, 6, 29), PregnancyEndReason.OTHER, today=TODAY
        )


# --- CTX-04 programme periods ------------------------------------------------------------------------


def test_ctx04_without_birth_the_period_is_prenatal_even_after_the_due_date() -> None:
    pregnancy = Pregnancy(EDD)

    assert timeline.programme_period(pregnancy, START) is ProgrammePeriod.PRENATAL
    assert timeline.programme_period(pregnancy, EDD + timedelta(days=60)) is ProgrammePeriod.PRENATAL
    assert timeline.programme_end_date(pregnancy) is None


def test_ctx04_before_the_pregnancy_the_programme_has_not_started() -> None:
    assert timeline.programme_period(Pregnancy(EDD), day(-1)) is ProgrammePeriod.NOT_STARTED


def test_ctx04_day_before_birth_is_prenatal_and_birth_day_is_postnatal() -> None:
    birth = date(2026, 6, 28)

    assert timeline.programme_period(born_on(birth), birth - timedelta(days=1)) is ProgrammePeriod.PRENATAL
    assert timeline.programme_period(born_on(birth), birth) is ProgrammePeriod.POSTNATAL


def test_ctx04_postnatal_lasts_six_weeks_then_young_child() -> None:
    birth = date(2026, 6, 28)

    assert timeline.programme_period(born_on(birth), birth + timedelta(days=41)) is ProgrammePeriod.POSTNATAL
    assert (
        timeline.programme_period(born_on(birth), birth + timedelta(days=42)) is ProgrammePeriod.YOUNG_CHILD
    )


def test_q06_young_child_period_ends_at_the_second_birthday() -> None:
    birth = date(2026, 6, 28)

    assert timeline.programme_period(born_on(birth), date(2028, 6, 27)) is ProgrammePeriod.YOUNG_CHILD
    assert timeline.programme_period(born_on(birth), date(2028, 6, 28)) is ProgrammePeriod.ENDED
    assert timeline.programme_end_date(born_on(birth)) == date(2028, 6, 28)


def test_q06_child_born_on_29_february_reaches_the_second_birthday_on_1_march() -> None:
    pregnancy = Pregnancy(date(2024, 3, 1), birth=Birth(date(2024, 2, 29)))

    assert timeline.programme_period(pregnancy, date(2026, 2, 28)) is ProgrammePeriod.YOUNG_CHILD
    assert timeline.programme_period(pregnancy, date(2026, 3, 1)) is ProgrammePeriod.ENDED
    assert timeline.anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_ctx04_pregnancy_ended_without_birth_is_ended_from_the_end_date() -> None:
    ended = Pregnancy(EDD, end=PregnancyEnd(day(70), PregnancyEndReason.MISCARRIAGE))

    assert timeline.programme_period(ended, day(69)) is ProgrammePeriod.PRENATAL
    assert timeline.programme_period(ended, day(70)) is ProgrammePeriod.ENDED
    assert timeline.programme_period(ended, EDD) is ProgrammePeriod.ENDED
