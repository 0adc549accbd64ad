"""Value objects and records of the screening domain: frozen dataclasses and StrEnums, stdlib only.

Records are never edited: a correction is a new record that `supersedes` an earlier one. A stored record may
also carry the back-link `superseded_by`; the rules honour both (see `rules.superseded_record_ids`).
Constructors enforce only the invariants of the value itself; rules that need context (`today`, the
pregnancy, the history) live in `screening.domain.rules`.

Modules: `codes` (the vocabularies), `actors` (performer, recorder), `pregnancy` (the pregnancy, the residence,
the programme policy), `records` (the correctable records of the history) and `verdicts` (what the rules
conclude). Import the names from `screening.domain.model`.
"""

from __future__ import annotations

from screening.domain.model.actors import RECORDER_ID_MAX_LENGTH, Performer, Recorder
from screening.domain.model.codes import (
    ExceptionReason,
    FundingType,
    InclusionBasis,
    Indicator,
    NonReimbursableReason,
    OrganisationKind,
    PregnancyEndReason,
    Profession,
    ProgrammeActivity,
    ProgrammePeriod,
    Scenario,
    ScenarioFilter,
    ScreeningStatus,
    Topic,
)
from screening.domain.model.pregnancy import (
    DEFAULT_POLICY,
    FULL_TERM_DAYS,
    Birth,
    Pregnancy,
    PregnancyEnd,
    ProgrammePolicy,
    ResidenceMunicipality,
)
from screening.domain.model.records import (
    Correctable,
    InclusionDecision,
    InclusionRecord,
    OutreachReferral,
    PrenatalAdviceSession,
    ScreeningRecord,
)
from screening.domain.model.verdicts import (
    UNDETERMINED,
    PpaVerdict,
    ReimbursementVerdict,
    ScenarioDetermination,
    ScreeningAssessment,
    ScreeningTiming,
)

__all__ = [
    "DEFAULT_POLICY",
    "FULL_TERM_DAYS",
    "RECORDER_ID_MAX_LENGTH",
    "UNDETERMINED",
    "Birth",
    "Correctable",
    "ExceptionReason",
    "FundingType",
    "InclusionBasis",
    "InclusionDecision",
    "InclusionRecord",
    "Indicator",
    "NonReimbursableReason",
    "OrganisationKind",
    "OutreachReferral",
    "Performer",
    "PpaVerdict",
    "Pregnancy",
    "PregnancyEnd",
    "PregnancyEndReason",
    "PrenatalAdviceSession",
    "Profession",
    "ProgrammeActivity",
    "ProgrammePeriod",
    "ProgrammePolicy",
    "Recorder",
    "ReimbursementVerdict",
    "ResidenceMunicipality",
    "Scenario",
    "ScenarioDetermination",
    "ScenarioFilter",
    "ScreeningAssessment",
    "ScreeningRecord",
    "ScreeningStatus",
    "ScreeningTiming",
    "Topic",
]
