"""Errors raised by the screening domain.

Every concrete error subclasses exactly one semantic base of `shared.errors` (which decides the HTTP
status in one place) and carries a stable `code` naming the business rule. `rule_id` fills
`DomainError.rule`. Details never echo personal data such as a national register number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from shared.errors import Conflict, DomainError, InvalidInput, NotFound, RuleViolated


class _RuleTagged(DomainError):
    """Mixin that fills `DomainError.rule` from the class-level `rule_id`."""

    rule_id: ClassVar[str | None] = None

    def __init__(self, detail: str, *, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail, rule=self.rule_id, extra=extra)


# --- national register number ------------------------------------------------------------------------


class InvalidNationalNumber(_RuleTagged, InvalidInput):
    """An INSZ/NISS or BIS number is malformed or fails its check digits."""

    code = "INVALID_NATIONAL_NUMBER"


# --- codes and reference data ------------------------------------------------------------------------


class UnknownIndicator(_RuleTagged, InvalidInput):
    """One or more indicator codes are not among the 8 KCE indicators."""

    code = "SCR_03_UNKNOWN_INDICATOR"
    rule_id = "SCR-03"


class UnknownTopic(_RuleTagged, InvalidInput):
    """One or more topic codes are not among the screening topics."""

    code = "SCR_02_UNKNOWN_TOPIC"
    rule_id = "SCR-02"


class UnknownMunicipality(_RuleTagged, InvalidInput):
    """A residence NIS code is malformed or not a current (or crosswalked) municipality."""

    code = "UNKNOWN_MUNICIPALITY"
    rule_id = "Q-05"


class InvalidPerformer(_RuleTagged, InvalidInput):
    """The performer of a screening or act is incompletely identified."""

    code = "SCR_09_INVALID_PERFORMER"
    rule_id = "SCR-09"


class InvalidRecorder(_RuleTagged, InvalidInput):
    """The caller's token identifies no one usable as the recorder of a record (empty or overlong ids)."""

    code = "INVALID_RECORDER"


# --- screening records -------------------------------------------------------------------------------


class RefusedScreeningWithIndicators(_RuleTagged, InvalidInput):
    """A refused screening cannot carry indicator results."""

    code = "SCR_05_REFUSED_SCREENING_HAS_INDICATORS"
    rule_id = "SCR-05"


class ScreeningDateInFuture(_RuleTagged, InvalidInput):
    """A screening or inclusion decision is dated after today."""

    code = "SCR_07_SCREENING_DATE_IN_FUTURE"
    rule_id = "SCR-07"


class ScreeningBeforePregnancy(_RuleTagged, InvalidInput):
    """A screening or inclusion decision is dated before the start of the pregnancy."""

    code = "SCR_07_SCREENING_BEFORE_PREGNANCY"
    rule_id = "SCR-07"


class ScreeningAfterBirthWindow(_RuleTagged, RuleViolated):
    """A screening or inclusion decision is dated more than 7 days after birth."""

    code = "SCR_07_SCREENING_AFTER_BIRTH_WINDOW"
    rule_id = "SCR-07"


class ScreeningAfterPregnancyEnd(_RuleTagged, RuleViolated):
    """A screening or inclusion decision is dated after a pregnancy ended without birth."""

    code = "SCR_07_SCREENING_AFTER_PREGNANCY_END"
    rule_id = "SCR-07"


# --- exception path ----------------------------------------------------------------------------------


class ExceptionWithoutIndicators(_RuleTagged, RuleViolated):
    """An exception-path inclusion must state at least one indicator."""

    code = "SCR_06_EXCEPTION_REQUIRES_INDICATOR"
    rule_id = "SCR-06"


class ExceptionReasonDetailRequired(_RuleTagged, InvalidInput):
    """An exception-path inclusion with reason OTHER must explain the reason."""

    code = "SCR_06_EXCEPTION_REASON_DETAIL_REQUIRED"
    rule_id = "SCR-06"


class ExceptionWithToolResult(_RuleTagged, RuleViolated):
    """The exception path is closed while a current completed screening (a tool result) exists."""

    code = "SCR_06_EXCEPTION_WITH_TOOL_RESULT_AVAILABLE"
    rule_id = "SCR-06"


# --- corrections -------------------------------------------------------------------------------------


class SupersededRecordNotFound(_RuleTagged, NotFound):
    """A correction points at a record that is not in this pregnancy's history (or not of this client)."""

    code = "SCR_SUPERSEDED_RECORD_NOT_FOUND"


class RecordAlreadySuperseded(_RuleTagged, Conflict):
    """A correction points at a record that another correction already superseded."""

    code = "SCR_RECORD_ALREADY_SUPERSEDED"


class CorrectionReasonRequired(_RuleTagged, InvalidInput):
    """A correction (a record that supersedes another) must say why."""

    code = "SCR_CORRECTION_REASON_REQUIRED"


class CorrectionReasonWithoutCorrection(_RuleTagged, InvalidInput):
    """A correction reason was given for a record that supersedes nothing."""

    code = "SCR_CORRECTION_REASON_WITHOUT_CORRECTION"


# --- pregnancy, birth and programme periods ----------------------------------------------------------


class PregnancyNotFound(_RuleTagged, NotFound):
    """No pregnancy with this id is registered."""

    code = "PREGNANCY_NOT_FOUND"


class PregnancyAlreadyRegistered(_RuleTagged, Conflict):
    """The same client's same pregnancy (same expected delivery date) is already registered."""

    code = "PREGNANCY_ALREADY_REGISTERED"


class ExpectedDeliveryDateImplausible(_RuleTagged, InvalidInput):
    """The expected delivery date is too far ahead (not yet conceived) or the programme already ended."""

    code = "CTX_04_EXPECTED_DELIVERY_DATE_IMPLAUSIBLE"
    rule_id = "CTX-04"


class PregnancyAlreadyConcluded(_RuleTagged, Conflict):
    """A birth or an end was already recorded for this pregnancy."""

    code = "CTX_04_PREGNANCY_ALREADY_CONCLUDED"
    rule_id = "CTX-04"


class InvalidNumberOfChildren(_RuleTagged, InvalidInput):
    """A birth must have at least one child."""

    code = "CTX_04_INVALID_NUMBER_OF_CHILDREN"
    rule_id = "CTX-04"


class BirthDateInFuture(_RuleTagged, InvalidInput):
    """A birth is dated after today."""

    code = "CTX_04_BIRTH_DATE_IN_FUTURE"
    rule_id = "CTX-04"


class BirthDateImplausible(_RuleTagged, InvalidInput):
    """A birth date falls outside the plausible window around the expected delivery date."""

    code = "CTX_04_BIRTH_DATE_IMPLAUSIBLE"
    rule_id = "CTX-04"


class PregnancyEndDateInvalid(_RuleTagged, InvalidInput):
    """An end of pregnancy without birth is in the future or outside the pregnancy."""

    code = "CTX_04_PREGNANCY_END_DATE_INVALID"
    rule_id = "CTX-04"


# --- prenatal advice session (PPA) -------------------------------------------------------------------


class PpaDateInFuture(_RuleTagged, InvalidInput):
    """A prenatal advice session is dated after today."""

    code = "FIN_11_PPA_DATE_IN_FUTURE"
    rule_id = "FIN-11"


class PpaOutsidePregnancy(_RuleTagged, RuleViolated):
    """A prenatal advice session is only possible during pregnancy, strictly before birth (FIN-11, Q-20).

    The day of birth already counts as after the birth. `extra["timing"]` says which bound was crossed.
    """

    code = "FIN_11_PPA_ONLY_DURING_PREGNANCY"
    rule_id = "FIN-11"


class PpaRequiresInclusion(_RuleTagged, RuleViolated):
    """A prenatal advice session needs scenario A or B, or the exception path."""

    code = "FIN_11_PPA_REQUIRES_INCLUSION"
    rule_id = "FIN-11"


# --- outreach ----------------------------------------------------------------------------------------


class ReferralNotFound(_RuleTagged, NotFound):
    """No outreach referral with this id is recorded."""

    code = "SCR_10_REFERRAL_NOT_FOUND"
    rule_id = "SCR-10"


class ReferralDateInFuture(_RuleTagged, InvalidInput):
    """An outreach referral is dated after today."""

    code = "SCR_10_REFERRAL_DATE_IN_FUTURE"
    rule_id = "SCR-10"
