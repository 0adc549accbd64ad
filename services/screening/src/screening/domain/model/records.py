"""The records of a pregnancy's history: screenings, inclusion decisions, advice sessions and referrals.

Records are never edited: a correction is a new record that `supersedes` an earlier one (`Correctable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeAlias

from screening.domain.model.actors import Performer
from screening.domain.model.codes import (
    ExceptionReason,
    InclusionBasis,
    Indicator,
    OrganisationKind,
    Profession,
    ScreeningStatus,
    Topic,
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
