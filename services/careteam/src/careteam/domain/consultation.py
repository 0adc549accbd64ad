"""Perinatal consultation: who organises it, who must take part, and attendance for monitoring (CT-50, CT-51, Q-23)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from careteam.domain import errors
from careteam.domain.eligibility import scenario_b_refusal
from careteam.domain.model import (
    CareTeam,
    Client,
    ClientEligibility,
    Person,
    PersonRef,
    Professional,
    Refusal,
    Verdict,
    raise_if_refused,
    verdict_of,
)
from careteam.domain.roles import (
    CaseManagement,
    CoordinatorAppointment,
    active_case_manager,
    active_coordinator,
)
from careteam.domain.team import within_care_window

MIN_PARTICIPANTS = 4
"""CT-50: at least 4 participants, the client (or her designee) included."""


class ConsultationMode(StrEnum):
    """How the consultation is held (CT-50)."""

    IN_PERSON = "IN_PERSON"
    ONLINE = "ONLINE"


@dataclass(frozen=True)
class ConsultationParticipant:
    """One participant; ``designated_by_client`` marks the person who takes part for the client (CT-50, CT-51)."""

    person: Person
    designated_by_client: bool = False

    @property
    def ref(self) -> PersonRef:
        """Identity of the participant (CT-51)."""
        return self.person.ref


@dataclass(frozen=True)
class PerinatalConsultation:
    """A held perinatal consultation with its participants, duration and mode (CT-50, CT-51)."""

    consultation_id: str
    team_id: str
    held_on: date
    organiser: PersonRef
    mode: ConsultationMode
    duration_minutes: int
    participants: tuple[ConsultationParticipant, ...]


@dataclass(frozen=True)
class Attendance:
    """Which actors actually joined a consultation, for monitoring (CT-51)."""

    participants: int
    client_present: bool
    designee_present: bool
    informal_participants: int
    health_insurance_professionals: int
    other_professionals: int
    professions: tuple[str, ...]


def responsible_organiser(
    team: CareTeam,
    *,
    on: date,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> PersonRef | None:
    """Return who organises on ``on``: the active coordinator, else the active case manager (CT-50, Q-23)."""
    coordinator = active_coordinator(appointments, team.team_id, on)
    if coordinator is not None:
        return coordinator.ref
    case_manager = active_case_manager(case_managements, team.team_id, on)
    return case_manager.ref if case_manager is not None else None


def _participant_refusals(
    team: CareTeam, participants: Sequence[ConsultationParticipant]
) -> list[Refusal | None]:
    counts = Counter(p.ref for p in participants)
    duplicates = sorted(ref.id for ref, n in counts.items() if n > 1)
    strangers = [p for p in participants if isinstance(p.person, Client) and p.person != team.client]
    client_or_designee = any(p.person == team.client or p.designated_by_client for p in participants)
    health_insurance = any(
        isinstance(p.person, Professional) and p.person.is_health_insurance_professional for p in participants
    )
    return [
        Refusal(errors.DuplicateParticipant, f"listed more than once: {', '.join(duplicates)}")
        if duplicates
        else None,
        Refusal(errors.ParticipantIsNotTheClient, "a participating client must be the team's client")
        if strangers
        else None,
        Refusal(
            errors.TooFewParticipants, f"{len(counts)} participants; at least {MIN_PARTICIPANTS} are required"
        )
        if len(counts) < MIN_PARTICIPANTS
        else None,
        None
        if client_or_designee
        else Refusal(
            errors.ClientParticipationRequired, "the client or the person she designates must take part"
        ),
        None
        if health_insurance
        else Refusal(
            errors.HealthInsuranceProfessionalRequired,
            "at least one health-insurance professional must take part",
        ),
    ]


def check_consultation(
    team: CareTeam,
    *,
    held_on: date,
    organiser: PersonRef,
    duration_minutes: int,
    participants: Sequence[ConsultationParticipant],
    eligibility: ClientEligibility,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> Verdict:
    """Check a perinatal consultation: scenario B or exception, organiser, window, participants (CT-50, Q-23)."""
    responsible = responsible_organiser(
        team, on=held_on, appointments=appointments, case_managements=case_managements
    )
    if responsible is None:
        organiser_refusal: Refusal | None = Refusal(
            errors.NoCoordinatorOrCaseManager, f"no active coordinator or case manager on {held_on}"
        )
    elif organiser != responsible:
        organiser_refusal = Refusal(
            errors.OrganiserNotResponsible,
            f"{organiser.id} does not organise; the active coordinator (or else case manager) {responsible.id} does",
        )
    elif organiser not in {p.ref for p in participants}:
        organiser_refusal = Refusal(
            errors.OrganiserMustParticipate, "the organiser must be listed as participant"
        )
    else:
        organiser_refusal = None
    return verdict_of(
        [
            scenario_b_refusal(eligibility),
            None
            if within_care_window(team, held_on)
            else Refusal(
                errors.OutsideConsultationWindow, f"{held_on} is outside pregnancy up to the 2nd birthday"
            ),
            None
            if duration_minutes > 0
            else Refusal(errors.DurationNotPositive, f"duration {duration_minutes} minutes must be positive"),
            organiser_refusal,
            *_participant_refusals(team, participants),
        ]
    )


def record_consultation(
    team: CareTeam,
    *,
    consultation_id: str,
    held_on: date,
    organiser: PersonRef,
    mode: ConsultationMode,
    duration_minutes: int,
    participants: Sequence[ConsultationParticipant],
    eligibility: ClientEligibility,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> PerinatalConsultation:
    """Record a perinatal consultation that satisfies CT-50 (and Q-23 for a case-manager organiser)."""
    raise_if_refused(
        check_consultation(
            team,
            held_on=held_on,
            organiser=organiser,
            duration_minutes=duration_minutes,
            participants=participants,
            eligibility=eligibility,
            appointments=appointments,
            case_managements=case_managements,
        )
    )
    return PerinatalConsultation(
        consultation_id=consultation_id,
        team_id=team.team_id,
        held_on=held_on,
        organiser=organiser,
        mode=mode,
        duration_minutes=duration_minutes,
        participants=tuple(participants),
    )


def attendance(consultation: PerinatalConsultation) -> Attendance:
    """Summarise which actors joined, by kind and funding, for programme monitoring (CT-51)."""
    professionals = [p.person for p in consultation.participants if isinstance(p.person, Professional)]
    return Attendance(
        participants=len(consultation.participants),
        client_present=any(isinstance(p.person, Client) for p in consultation.participants),
        designee_present=any(p.designated_by_client for p in consultation.participants),
        informal_participants=sum(
            1 for p in consultation.participants if not isinstance(p.person, Professional)
        ),
        health_insurance_professionals=sum(1 for p in professionals if p.is_health_insurance_professional),
        other_professionals=sum(1 for p in professionals if not p.is_health_insurance_professional),
        professions=tuple(sorted(p.profession for p in professionals)),
    )
