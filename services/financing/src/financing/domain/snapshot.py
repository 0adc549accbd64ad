"""The financing service's projection of what happened in one pregnancy trajectory.

Built by the service from screening and careteam events; the rules only read it. It is a snapshot: an
activity whose event has not arrived yet is simply absent, which is why a missing activity first leads to
a HELD decision (ACTIVITY_NOT_YET_KNOWN) and only after a grace period to a rejection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from financing.domain.model import FundingType, Period, Profession, add_years, is_health_insurance_profession

# Obstetric convention: the estimated due date is 280 days after the last menstrual period.
PREGNANCY_DAYS = 280


class Scenario(StrEnum):
    """SCR-05: 0 = no indicator, A = at least 1, B = at least 2."""

    NONE = "0"
    A = "A"
    B = "B"


class ScreeningStatus(StrEnum):
    COMPLETED = "COMPLETED"
    PARTIAL = "PARTIAL"
    REFUSED = "REFUSED"


@dataclass(frozen=True)
class ScreeningRecord:
    screening_id: str
    screened_on: date
    status: ScreeningStatus
    performer_id: str


@dataclass(frozen=True)
class PpaSession:
    """A prenatal advice session (FIN-11). A correction names the session it replaces in `supersedes`; the
    replaced session keeps its record with `superseded_by` and no longer counts (DF-5) nor backs a claim."""

    session_id: str
    held_on: date
    performer_id: str
    reimbursable: bool = True
    supersedes: str | None = None
    superseded_by: str | None = None


def current_ppa_session(session_id: str, supersessions: Mapping[str, str]) -> str:
    """FIN-11 / DF-5: the session that stands for `session_id` now: itself, or the last correction of the
    chain of corrections that replaced it (`supersessions`: superseded session id -> correction id)."""
    seen = {session_id}
    current = session_id
    while (successor := supersessions.get(current)) is not None and successor not in seen:
        seen.add(successor)
        current = successor
    return current


@dataclass(frozen=True)
class CoordinatorAppointment:
    """A coordinator role in a care team (CT-13, CT-15). `reimbursable_intent` is False for CT-11 cases."""

    appointment_id: str
    team_id: str
    professional_id: str
    start: date
    end: date | None = None
    reimbursable_intent: bool = True
    platform: str | None = None  # FIN-24 / Q-14: where the coordination is registered ("BIB", "ALIVIA")

    def overlaps(self, period: Period) -> bool:
        return self.start <= period.end and (self.end is None or self.end >= period.start)

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class CaseManagementIntervention:
    """One case-management request/intervention for a team (CT-31, Q-11)."""

    intervention_id: str
    team_id: str
    organisation_id: str
    case_manager_id: str
    start: date
    end: date | None = None
    platform: str | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ConsultationParticipant:
    professional_id: str
    profession: Profession
    funding: FundingType
    minutes: int

    @property
    def is_health_insurance_professional(self) -> bool:
        return is_health_insurance_profession(self.profession)


@dataclass(frozen=True)
class Consultation:
    """A perinatal consultation (CT-50). Participants are the professionals; the client and informal
    carers are counted through `client_or_designee_present` and `other_attendees`."""

    consultation_id: str
    team_id: str
    held_on: date
    participants: tuple[ConsultationParticipant, ...]
    client_or_designee_present: bool = True
    other_attendees: int = 0

    @property
    def attendee_count(self) -> int:
        return len(self.participants) + int(self.client_or_designee_present) + self.other_attendees

    def participant(self, professional_id: str) -> ConsultationParticipant | None:
        return next((p for p in self.participants if p.professional_id == professional_id), None)


@dataclass(frozen=True)
class PregnancySnapshot:
    """Everything the financing rules need to know about one pregnancy and its care team(s).

    `ended_on` closes the trajectory (pregnancy loss, client left the programme): nothing after it is paid.
    `exception` is the SCR-06 path (risk factors clearly present, no tool result).
    """

    pregnancy_id: str
    client_pseudonym: str
    expected_delivery_date: date
    scenario: Scenario
    exception: bool = False
    birth_date: date | None = None
    ended_on: date | None = None
    screenings: tuple[ScreeningRecord, ...] = ()
    ppa_sessions: tuple[PpaSession, ...] = ()
    coordinator_appointments: tuple[CoordinatorAppointment, ...] = ()
    case_management_interventions: tuple[CaseManagementIntervention, ...] = ()
    consultations: tuple[Consultation, ...] = ()

    @property
    def estimated_start(self) -> date:
        """First day of pregnancy by the obstetric convention (EDD - 280 days)."""
        return self.expected_delivery_date - timedelta(days=PREGNANCY_DAYS)

    def age_limit(self, years: int) -> date | None:
        """The child's `years`-th birthday (CTX-04, Q-06), or None while the child is not born."""
        return add_years(self.birth_date, years) if self.birth_date else None

    @property
    def ppa_supersessions(self) -> dict[str, str]:
        """FIN-11: superseded session id -> the correction that replaced it. Read from both sides, so a
        session whose own event has not arrived (yet) is known to be superseded through its correction."""
        replaced = {s.session_id: s.superseded_by for s in self.ppa_sessions if s.superseded_by is not None}
        for s in self.ppa_sessions:
            if s.supersedes is not None:
                replaced.setdefault(s.supersedes, s.session_id)
        return replaced

    def team_coordination_start(self, team_id: str) -> date | None:
        """Q-01 anchor: the first day of reimbursable coordination in this team, from which fee years count."""
        starts = [
            a.start for a in self.coordinator_appointments if a.team_id == team_id and a.reimbursable_intent
        ]
        return min(starts) if starts else None
