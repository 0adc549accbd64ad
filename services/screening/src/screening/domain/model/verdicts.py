"""What the rules conclude: the current scenario, the timing of a screening and the fee verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from screening.domain.model.codes import InclusionBasis, Indicator, NonReimbursableReason, Scenario


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
class PpaVerdict:
    """Verdict on an accepted PPA: reimbursable or not and why, its ordinal, and the inclusion it rests on."""

    reimbursable: bool
    reason: NonReimbursableReason | None
    session_number: int
    inclusion: ScenarioDetermination

    def __post_init__(self) -> None:
        if self.reimbursable != (self.reason is None):
            raise ValueError("a reimbursable verdict has no reason; a non-reimbursable one needs one")
