"""The vocabularies of the screening domain: StrEnums whose values are the codes of the API and the events."""

from __future__ import annotations

from enum import StrEnum


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
