"""Value objects and records of the screening domain: frozen dataclasses and StrEnums, stdlib only.

Records are never edited: a correction is a new record that `supersedes` an earlier one. A stored record may
also carry the back-link `superseded_by`; the rules honour both (see `rules.superseded_record_ids`).
Constructors enforce only the invariants of the value itself; rules that need context (`today`, the
pregnancy, the history) live in `screening.domain.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeAlias

from screening.domain.errors import InvalidNumberOfChildren, InvalidPerformer, InvalidRecorder

# gestational age counts from the first day of the last menstrual period, 280 days before the EDD.
FULL_TERM_DAYS = 280


class Indicator(StrEnum):
    """The 8 KCE vulnerability indicators (SCR-03)."""

    FINANCIAL_PROBLEMS = "FINANCIAL_PROBLEMS"
    MENTAL_HEALTH_PROBLEMS = "MENTAL_HEALTH_PROBLEMS"
    HOUSING_PROBLEMS = "HOUSING_PROBLEMS"
    LACK_OF_SOCIAL_SUPPORT = "LACK_OF_SOCIAL_SUPPORT"
    SUBSTANCE_USE = "SUBSTANCE_USE"
    COMMUNICATION_BARRIERS = "COMMUNICATION_BARRIERS"
    VICTIM_OF_VIOLENCE = "VICTIM_OF_VIOLENCE"
    NO_LEGAL_RESIDENCE_STATUS = "NO_LEGAL_RESIDENCE_STATUS"


class Topic(StrEnum):
    """Topics discussed in the screening conversation (SCR-02): the 13 items of source 003."""

    EDUCATION = "EDUCATION"
    COUNTRY_OF_BIRTH = "COUNTRY_OF_BIRTH"
    RESIDENCE_STATUS = "RESIDENCE_STATUS"
    PROFESSIONAL_STATUS = "PROFESSIONAL_STATUS"  # of the woman and of the partner
    FINANCIAL_SITUATION = "FINANCIAL_SITUATION"  # "inkomen"
    HOUSING = "HOUSING"
    COMMUNICATION = "COMMUNICATION"
    SOCIAL_SUPPORT = "SOCIAL_SUPPORT"
    MENTAL_WELLBEING = "MENTAL_WELLBEING"
    ANXIETY = "ANXIETY"
    DEPRESSION = "DEPRESSION"
    SUBSTANCE_AND_MEDICATION_USE = "SUBSTANCE_AND_MEDICATION_USE"
    VIOLENCE = "VIOLENCE"


class Scenario(StrEnum):
    """Care scenario by number of positive indicators (SCR-05): 0, A (>= 1) or B (>= 2)."""

    NONE = "0"
    A = "A"
    B = "B"


class ScreeningStatus(StrEnum):
    """Outcome of a screening attempt; only COMPLETED determines a scenario (SCR-05, SCR-08)."""

    COMPLETED = "COMPLETED"
    PARTIAL = "PARTIAL"
    REFUSED = "REFUSED"


class InclusionBasis(StrEnum):
    """Whether an inclusion rests on a tool result or on the SCR-06 exception path."""

    TOOL_RESULT = "TOOL_RESULT"
    PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT = "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT"


class ExceptionReason(StrEnum):
    """Why no tool result is available on the SCR-06 exception path."""

    REFUSAL = "REFUSAL"
    NO_TOOL_AVAILABLE = "NO_TOOL_AVAILABLE"
    SCREENING_INCOMPLETE = "SCREENING_INCOMPLETE"
    OTHER = "OTHER"  # requires a reason_detail


class Profession(StrEnum):
    """Profession of a performer or referrer (SCR-09, SCR-10, REP-11)."""

    GP = "GP"
    GYNAECOLOGIST = "GYNAECOLOGIST"
    MIDWIFE = "MIDWIFE"
    NURSE = "NURSE"
    PAEDIATRICIAN = "PAEDIATRICIAN"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    PSYCHOLOGIST = "PSYCHOLOGIST"
    KIND_EN_GEZIN_NURSE = "KIND_EN_GEZIN_NURSE"
    FAMILY_SUPPORT_WORKER = "FAMILY_SUPPORT_WORKER"
    OTHER_CARE = "OTHER_CARE"
    OTHER_WELFARE = "OTHER_WELFARE"


class FundingType(StrEnum):
    """Whether the performer works under the health-insurance system or as a welfare actor (SCR-09)."""

    HEALTH_INSURANCE = "HEALTH_INSURANCE"
    WELFARE = "WELFARE"


class OrganisationKind(StrEnum):
    """Kind of organisation a performer or referrer works for (SCR-10, REP-11)."""

    GP_PRACTICE = "GP_PRACTICE"
    HOSPITAL = "HOSPITAL"
    PRIVATE_PRACTICE = "PRIVATE_PRACTICE"  # self-employed midwife, gynaecologist, psychologist
    KIND_EN_GEZIN = "KIND_EN_GEZIN"
    HUIS_VAN_HET_KIND = "HUIS_VAN_HET_KIND"
    CAW = "CAW"
    OCMW = "OCMW"
    CASE_MANAGEMENT = "CASE_MANAGEMENT"
    OTHER_CARE = "OTHER_CARE"
    OTHER_WELFARE = "OTHER_WELFARE"


class NonReimbursableReason(StrEnum):
    """Why an accepted act earns no fee (SCR-08, FIN-10, FIN-11)."""

    NOT_COMPLETED = "NOT_COMPLETED"
    NOT_HEALTH_INSURANCE_PROVIDER = "NOT_HEALTH_INSURANCE_PROVIDER"
    PROFESSION_NOT_ELIGIBLE = "PROFESSION_NOT_ELIGIBLE"
    CAP_REACHED = "CAP_REACHED"


class ProgrammePeriod(StrEnum):
    """Period of the programme on a given date (CTX-04)."""

    NOT_STARTED = "NOT_STARTED"  # before the first day of the last menstrual period
    PRENATAL = "PRENATAL"
    POSTNATAL = "POSTNATAL"
    YOUNG_CHILD = "YOUNG_CHILD"
    ENDED = "ENDED"


class PregnancyEndReason(StrEnum):
    """Why a pregnancy ended without a live birth (CTX-04)."""

    MISCARRIAGE = "MISCARRIAGE"
    STILLBIRTH = "STILLBIRTH"
    TERMINATION = "TERMINATION"
    OTHER = "OTHER"


class ScenarioFilter(StrEnum):
    """Values of the current-scenario filter of the front-end lists (SCR-05, SCR-06); see `rules.matches_scenario_filter`."""

    NONE = "0"  # scenario 0, on any basis
    A = "A"  # scenario A, on any basis (a tool result or the exception path)
    B = "B"  # scenario B, on any basis
    EXCEPTION = "EXCEPTION"  # the current scenario rests on the SCR-06 exception path
    UNDETERMINED = "UNDETERMINED"  # no completed screening or inclusion decision yet


class ProgrammeActivity(StrEnum):
    """Reimbursable follow-up activities unlocked by inclusion (SCR-05, FIN-11..FIN-13, FIN-15)."""

    PRENATAL_ADVICE_SESSION = "PRENATAL_ADVICE_SESSION"
    CARE_COORDINATION = "CARE_COORDINATION"
    PERINATAL_CONSULTATION = "PERINATAL_CONSULTATION"


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
class Performer:
    """Who performed a screening or act (SCR-09): professional, profession, organisation and funding.

    `location_nis` is where the performer works (REP-08, Q-05): the current (2025) NIS code of the
    municipality, or None when not given. Reporting attributes to the client's residence by default and to
    this location on request.
    """

    professional_id: str
    profession: Profession
    funding_type: FundingType
    organisation_id: str
    organisation_kind: OrganisationKind
    location_nis: str | None = None

    def __post_init__(self) -> None:
        if not self.professional_id.strip():
            raise InvalidPerformer("A performer needs a professional id.")
        if not self.organisation_id.strip():
            raise InvalidPerformer("A performer needs an organisation id.")


RECORDER_ID_MAX_LENGTH = 128


@dataclass(frozen=True, slots=True)
class Recorder:
    """Who registered a record: the caller's token subject, professional id and organisation.

    Not necessarily the performer: front ends register on behalf of colleagues, so a performer different
    from the caller is accepted; both are kept.
    """

    subject: str
    professional_id: str | None = None
    organisation_id: str | None = None

    def __post_init__(self) -> None:
        if not self.subject.strip():
            raise InvalidRecorder("The caller has no subject.")
        for value in (self.subject, self.professional_id, self.organisation_id):
            if value is not None and len(value) > RECORDER_ID_MAX_LENGTH:
                raise InvalidRecorder(
                    f"The caller's identifiers are longer than {RECORDER_ID_MAX_LENGTH} characters."
                )


class Correctable(Protocol):
    """A record that may supersede, and be superseded by, another record of its kind (a correction)."""

    @property
    def record_id(self) -> str: ...

    @property
    def supersedes(self) -> str | None: ...

    @property
    def superseded_by(self) -> str | None: ...

    @property
    def correction_reason(self) -> str | None: ...


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


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware (UTC) datetime")


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """One psychosocial screening attempt (SCR-01..SCR-05, SCR-09); the tool result when COMPLETED."""

    record_id: str
    screening_date: date
    recorded_at: datetime
    status: ScreeningStatus
    performer: Performer
    indicators: frozenset[Indicator] = frozenset()
    topics_discussed: frozenset[Topic] = frozenset()
    supersedes: str | None = None
    superseded_by: str | None = None
    correction_reason: str | None = None  # why this record supersedes another (required for a correction)

    def __post_init__(self) -> None:
        _require_aware(self.recorded_at, "recorded_at")
        object.__setattr__(self, "indicators", frozenset(self.indicators))
        object.__setattr__(self, "topics_discussed", frozenset(self.topics_discussed))

    @property
    def basis(self) -> InclusionBasis:
        """A screening always rests on the tool result."""
        return InclusionBasis.TOOL_RESULT

    @property
    def effective_date(self) -> date:
        """The date that orders this record in the history."""
        return self.screening_date


@dataclass(frozen=True, slots=True)
class InclusionDecision:
    """An SCR-06 exception-path inclusion: indicators judged present by a professional, without tool result."""

    record_id: str
    decision_date: date
    recorded_at: datetime
    decided_by: Performer
    reason: ExceptionReason
    indicators: frozenset[Indicator]
    reason_detail: str | None = None
    supersedes: str | None = None
    superseded_by: str | None = None
    correction_reason: str | None = None  # why this record supersedes another (required for a correction)

    def __post_init__(self) -> None:
        _require_aware(self.recorded_at, "recorded_at")
        object.__setattr__(self, "indicators", frozenset(self.indicators))

    @property
    def basis(self) -> InclusionBasis:
        """An exception decision always rests on professional judgement."""
        return InclusionBasis.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT

    @property
    def effective_date(self) -> date:
        """The date that orders this record in the history."""
        return self.decision_date


InclusionRecord: TypeAlias = ScreeningRecord | InclusionDecision


@dataclass(frozen=True, slots=True)
class ScenarioDetermination:
    """The current scenario and why: which record determined it and on what basis (SCR-05, SCR-06)."""

    scenario: Scenario | None  # None: no completed screening or inclusion decision yet
    basis: InclusionBasis | None = None
    record_id: str | None = None
    effective_date: date | None = None
    indicators: frozenset[Indicator] = frozenset()

    @property
    def is_determined(self) -> bool:
        """Whether any record determines a scenario."""
        return self.scenario is not None

    @property
    def is_exception(self) -> bool:
        """Whether the scenario comes from the SCR-06 exception path."""
        return self.basis is InclusionBasis.PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT

    @property
    def is_included(self) -> bool:
        """Whether the woman is included in the programme (SCR-04, SCR-06)."""
        return self.scenario in (Scenario.A, Scenario.B)


UNDETERMINED = ScenarioDetermination(scenario=None)


@dataclass(frozen=True, slots=True)
class ScreeningTiming:
    """An accepted screening date relative to the pregnancy (SCR-07)."""

    gestational_age_days: int
    late: bool  # on or after gestational week 14 (soft target, for reporting)
    postpartum: bool  # on or after the birth date: no PPA is possible any more
    days_after_birth: int | None = None

    @property
    def gestational_week(self) -> int:
        """Completed gestational weeks on the screening date."""
        return self.gestational_age_days // 7


@dataclass(frozen=True, slots=True)
class ReimbursementVerdict:
    """Whether an accepted act earns its fee and, if not, why (SCR-08, FIN-10)."""

    reimbursable: bool
    reason: NonReimbursableReason | None = None  # None exactly when reimbursable

    def __post_init__(self) -> None:
        if self.reimbursable != (self.reason is None):
            raise ValueError("a reimbursable verdict has no reason; a non-reimbursable one needs one")


@dataclass(frozen=True, slots=True)
class ScreeningAssessment:
    """Everything the rules conclude about an accepted screening record (SCR-05, SCR-07, SCR-08)."""

    timing: ScreeningTiming
    determination: ScenarioDetermination  # UNDETERMINED unless the screening is COMPLETED
    reimbursement: ReimbursementVerdict


@dataclass(frozen=True, slots=True)
class PrenatalAdviceSession:
    """An accepted prenatal advice session (PPA) of this pregnancy (FIN-11); a correction supersedes one."""

    record_id: str
    session_date: date
    performer: Performer
    reimbursable: bool
    supersedes: str | None = None
    superseded_by: str | None = None
    correction_reason: str | None = None  # why this session supersedes another (required for a correction)


@dataclass(frozen=True, slots=True)
class PpaVerdict:
    """Verdict on an accepted PPA: reimbursable or not and why, its ordinal, and the inclusion it rests on."""

    reimbursable: bool
    reason: NonReimbursableReason | None
    session_number: int
    inclusion: ScenarioDetermination

    def __post_init__(self) -> None:
        if self.reimbursable != (self.reason is None):
            raise ValueError("a reimbursable verdict has no reason; a non-reimbursable one needs one")


@dataclass(frozen=True, slots=True)
class OutreachReferral:
    """Guiding a pregnant woman to screening ("toeleiding", SCR-10); carries no fee. A correction supersedes one."""

    referral_date: date
    organisation_kind: OrganisationKind
    referrer_profession: Profession | None = None
    supported_by_case_management: bool = False
    record_id: str = ""
    pregnancy_id: str | None = None  # None: the woman is not registered (yet)
    supersedes: str | None = None
    superseded_by: str | None = None
    correction_reason: str | None = None


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
