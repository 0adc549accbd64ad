"""Records of the two roles around a team: coordinator appointments and case-management episodes.

They live apart from the rule modules so that team, coordination, case-management and consultation rules can
all read them without import cycles. Periods are half-open, see :mod:`careteam.domain.model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from careteam.domain import errors
from careteam.domain.model import Person, PersonRef, Professional, periods_overlap

# --- coordination ------------------------------------------------------------------------------------------


class CoordinationEndReason(StrEnum):
    """Why a coordinator appointment ended (CT-16)."""

    NEED_RESOLVED = "NEED_RESOLVED"
    TAKEN_OVER_BY_CLIENT_CONTEXT = "TAKEN_OVER_BY_CLIENT_CONTEXT"
    HANDED_OVER = "HANDED_OVER"
    CARE_WINDOW_ENDED = "CARE_WINDOW_ENDED"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    OTHER = "OTHER"


class ReevaluationOutcome(StrEnum):
    """Result of a re-evaluation of the need for coordination (CT-16)."""

    CONTINUE = "CONTINUE"
    END = "END"


@dataclass(frozen=True)
class ClientConsent:
    """The client's (or her informal context's) agreement with the proposed coordinator (CT-15)."""

    given_by: PersonRef
    given_on: date
    coordinator: PersonRef


@dataclass(frozen=True)
class TeamDeliberation:
    """The recorded team deliberation before appointing a coordinator (CT-11, CT-15, CT-18a)."""

    held_on: date
    participants: frozenset[PersonRef]


@dataclass(frozen=True)
class Reevaluation:
    """A re-evaluation started by the coordinator and carried out with the team (CT-16)."""

    held_on: date
    participants: frozenset[PersonRef]
    outcome: ReevaluationOutcome
    note: str = ""


@dataclass(frozen=True)
class CoordinatorAppointment:
    """One coordinator appointment ``[appointed_on, ended_on)`` in a team (CT-10..CT-16)."""

    appointment_id: str
    team_id: str
    coordinator: Person
    appointed_on: date
    consent: ClientConsent
    deliberation: TeamDeliberation
    ended_on: date | None = None
    end_reason: CoordinationEndReason | None = None
    end_note: str = ""
    reevaluations: tuple[Reevaluation, ...] = ()

    def __post_init__(self) -> None:
        if self.ended_on is not None and self.ended_on < self.appointed_on:
            raise errors.InvalidPeriod(f"ended_on {self.ended_on} is before appointed_on {self.appointed_on}")

    @property
    def ref(self) -> PersonRef:
        """Identity of the coordinator (CT-13)."""
        return self.coordinator.ref

    def active_on(self, day: date) -> bool:
        """True when this appointment is active on ``day`` (CT-13)."""
        return self.appointed_on <= day and (self.ended_on is None or day < self.ended_on)

    def overlaps(self, start: date, end: date | None) -> bool:
        """True when this appointment overlaps ``[start, end)`` (CT-13, CT-40)."""
        return periods_overlap(self.appointed_on, self.ended_on, start, end)


def active_coordinator(
    appointments: Sequence[CoordinatorAppointment], team_id: str, day: date
) -> CoordinatorAppointment | None:
    """Return the team's coordinator appointment active on ``day``, if any (CT-13)."""
    for appointment in appointments:
        if appointment.team_id == team_id and appointment.active_on(day):
            return appointment
    return None


# --- case management ---------------------------------------------------------------------------------------


class CaseManagementType(StrEnum):
    """The two ways to request case management (CT-31)."""

    JUMP_START = "JUMP_START"
    PROCESS_SUPPORT = "PROCESS_SUPPORT"


class JumpStartCondition(StrEnum):
    """Conditions a/b/c of which at least one must hold for a jump-start ("startkabel") request (CT-31)."""

    CARE_NOT_MATCHING_NEEDS = "a"
    NO_TEAM_COMPOSED = "b"
    TOO_COMPLEX_TO_START = "c"


class CaseManagementStatus(StrEnum):
    """Lifecycle of one case-management episode (CT-33, CT-34)."""

    REQUESTED = "REQUESTED"
    INTAKE_SCHEDULED = "INTAKE_SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    ENDED = "ENDED"
    FOLLOWED_UP = "FOLLOWED_UP"
    WITHDRAWN = "WITHDRAWN"


@dataclass(frozen=True)
class RecognisedOrganisation:
    """A register entry: an organisation recognised for case management, ``recognised_to`` inclusive (CT-35)."""

    organisation_id: str
    name: str
    recognised_from: date
    recognised_to: date | None
    regions: frozenset[str]
    """NIS codes or primary-care-zone (ELZ) names where the organisation works."""

    def recognised_on(self, day: date) -> bool:
        """True when the recognition is valid on ``day``, both ends inclusive (CT-35)."""
        return self.recognised_from <= day and (self.recognised_to is None or day <= self.recognised_to)


@dataclass(frozen=True)
class CaseManagementRequest:
    """A request addressed directly to a recognised organisation (CT-31, CT-33, Q-12)."""

    request_id: str
    team_id: str
    request_type: CaseManagementType
    requested_on: date
    requested_by: PersonRef
    organisation_id: str
    region: str
    conditions: frozenset[JumpStartCondition] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class Intake:
    """The organisation's answer: an intake interview scheduled on ``scheduled_on`` for ``intake_on`` (CT-33)."""

    scheduled_on: date
    intake_on: date
    deadline: date

    @property
    def late(self) -> bool:
        """True when the request was answered after the 7-working-day deadline (CT-33)."""
        return self.scheduled_on > self.deadline


@dataclass(frozen=True)
class Intervention:
    """The case manager's temporary intervention with a planned end (CT-30, CT-34)."""

    case_manager: Professional
    started_on: date
    planned_end_on: date
    ended_on: date | None = None

    def active_on(self, day: date) -> bool:
        """True while the intervention runs: from start until it is recorded as ended (CT-43)."""
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)

    def overlaps(self, start: date, end: date | None) -> bool:
        """True when the intervention, open-ended until recorded as ended, overlaps ``[start, end)`` (CT-40/43)."""
        return periods_overlap(self.started_on, self.ended_on, start, end)


@dataclass(frozen=True)
class FollowUp:
    """The case manager's check whether the intervention worked (CT-34)."""

    held_on: date
    effective: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class CaseManagement:
    """One case-management episode of a team: request, intake, intervention, follow-up (CT-30..CT-36)."""

    request: CaseManagementRequest
    intake: Intake | None = None
    intervention: Intervention | None = None
    follow_up: FollowUp | None = None
    withdrawn_on: date | None = None

    @property
    def team_id(self) -> str:
        """The team the episode belongs to (CT-43: one case manager per team)."""
        return self.request.team_id

    @property
    def status(self) -> CaseManagementStatus:
        """Derived lifecycle status (CT-33, CT-34)."""
        if self.withdrawn_on is not None:
            return CaseManagementStatus.WITHDRAWN
        if self.follow_up is not None:
            return CaseManagementStatus.FOLLOWED_UP
        if self.intervention is not None:
            if self.intervention.ended_on is not None:
                return CaseManagementStatus.ENDED
            return CaseManagementStatus.IN_PROGRESS
        if self.intake is not None:
            return CaseManagementStatus.INTAKE_SCHEDULED
        return CaseManagementStatus.REQUESTED

    @property
    def is_open(self) -> bool:
        """True until the episode is withdrawn or its intervention has ended (CT-43)."""
        return self.status in {
            CaseManagementStatus.REQUESTED,
            CaseManagementStatus.INTAKE_SCHEDULED,
            CaseManagementStatus.IN_PROGRESS,
        }


def active_case_manager(episodes: Sequence[CaseManagement], team_id: str, day: date) -> Professional | None:
    """Return the team's case manager active on ``day``, if any (CT-43)."""
    for episode in episodes:
        if (
            episode.team_id == team_id
            and episode.withdrawn_on is None
            and episode.intervention is not None
            and episode.intervention.active_on(day)
        ):
            return episode.intervention.case_manager
    return None
