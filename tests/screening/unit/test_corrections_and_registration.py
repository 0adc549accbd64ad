from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from screening.domain import rules, timeline
from screening.domain.errors import (
    CorrectionReasonRequired,
    CorrectionReasonWithoutCorrection,
    ExpectedDeliveryDateImplausible,
)
from screening.domain.model import (
    ExceptionReason,
    FundingType,
    InclusionDecision,
    Indicator,
    OrganisationKind,
    Performer,
    Profession,
    ScreeningRecord,
    ScreeningStatus,
)
from shared.errors import InvalidInput

pytestmark = pytest.mark.unit

TODAY = date(2026, 11, 23)
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def gp() -> Performer:
    return Performer(
        "prof-1", Profession.GP, FundingType.HEALTH_INSURANCE, "org-1", OrganisationKind.GP_PRACTICE
    )


def screening(supersedes: str | None = None, reason: str | None = None) -> ScreeningRecord:
    return ScreeningRecord(
        "s2", TODAY, T0, ScreeningStatus.COMPLETED, gp(), supersedes=supersedes, correction_reason=reason
    )


# --- SCR-05 corrections ------------------------------------------------------------------------------


def test_scr05_a_correction_with_a_reason_is_accepted() -> None:
    rules.check_correction_reason(screening("s1", "Indicator ticked by mistake"))


def test_scr05_a_new_record_without_correction_needs_no_reason() -> None:
    rules.check_correction_reason(screening())


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_scr05_a_correction_without_a_reason_is_refused(reason: str | None) -> None:
    with pytest.raises(CorrectionReasonRequired) as exc:
        rules.check_correction_reason(screening("s1", reason))

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "SCR_CORRECTION_REASON_REQUIRED"


def test_scr05_a_correction_reason_without_a_corrected_record_is_refused() -> None:
    with pytest.raises(CorrectionReasonWithoutCorrection):
        rules.check_correction_reason(screening(None, "nothing to correct"))


def test_scr06_an_exception_decision_correcting_a_record_also_needs_a_reason() -> None:
    decision = InclusionDecision(
        "d1", TODAY, T0, gp(), ExceptionReason.REFUSAL, frozenset({Indicator.SUBSTANCE_USE}), supersedes="s1"
    )

    with pytest.raises(CorrectionReasonRequired):
        rules.check_correction_reason(decision)


# --- CTX-04 expected delivery date at registration ---------------------------------------------------


@pytest.mark.parametrize(
    "edd",
    [
        TODAY,  # due today
        TODAY + timedelta(days=280 + 14),  # the latest: gestational day 0 today, plus the dating tolerance
        TODAY - timedelta(days=400),  # a young child
    ],
)
def test_ctx04_a_plausible_expected_delivery_date_is_accepted(edd: date) -> None:
    timeline.check_expected_delivery_date(edd, today=TODAY)


def test_ctx04_a_pregnancy_that_cannot_have_started_yet_is_refused() -> None:
    with pytest.raises(ExpectedDeliveryDateImplausible) as exc:
        timeline.check_expected_delivery_date(TODAY + timedelta(days=280 + 15), today=TODAY)

    assert exc.value.rule == "CTX-04"
    assert exc.value.extra["latest_expected_delivery_date"] == (TODAY + timedelta(days=294)).isoformat()


def test_ctx04_a_pregnancy_whose_programme_has_certainly_ended_is_refused() -> None:
    # Latest plausible birth EDD + 6 weeks; its 2nd birthday is the first day of the ENDED period.
    edd = date(2024, 10, 12) - timedelta(days=42)

    timeline.check_expected_delivery_date(edd + timedelta(days=1), today=date(2026, 10, 12))
    with pytest.raises(ExpectedDeliveryDateImplausible):
        timeline.check_expected_delivery_date(edd, today=date(2026, 10, 12))
