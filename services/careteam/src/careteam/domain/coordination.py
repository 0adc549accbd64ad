"""Care coordination: appointment, hand-over, re-evaluation, end and reimbursability (CT-10..CT-19, FIN-12/14/21)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from careteam.domain import errors
from careteam.domain.eligibility import scenario_b_ground, scenario_b_refusal
from careteam.domain.model import (
    CareTeam,
    ClientEligibility,
    LifeDomain,
    MemberKind,
    PersonRef,
    Professional,
    Refusal,
    Verdict,
    raise_if_refused,
    verdict_of,
)
from careteam.domain.roles import (
    CaseManagement,
    ClientConsent,
    CoordinationEndReason,
    CoordinatorAppointment,
    Reevaluation,
    ReevaluationOutcome,
    TeamDeliberation,
)
from careteam.domain.team import care_window_end, find_person, is_member, within_care_window

# Reason codes of the reimbursability verdict. Blocking codes explain a "no", grounds explain a "yes".
CLIENT_CONTEXT_NEVER_REIMBURSED = "CT_11_CLIENT_CONTEXT_COORDINATION_NEVER_REIMBURSED"
NOT_CARE_OR_WELFARE_PROFESSIONAL = "CT_14_NOT_A_CARE_OR_WELFARE_PROFESSIONAL"
COORDINATION_IN_MISSION = "FIN_21_COORDINATION_IN_MISSION"
WELFARE_FEES_PENDING = "FIN_14_WELFARE_FEES_PENDING"
HEALTH_INSURANCE_PROFESSIONAL = "FIN_12_HEALTH_INSURANCE_PROFESSIONAL"
WELFARE_FEES_ENABLED = "FIN_14_WELFARE_FEES_ENABLED"
MISSION_OVERLAP_REVIEW = "Q_21_MISSION_OVERLAP_TO_REVIEW"
REIMBURSEMENT_NOT_SOUGHT = "CT_17_REIMBURSEMENT_NOT_SOUGHT"


@dataclass(frozen=True)
class ReimbursementPolicy:
    """Feature switches of the reimbursement rules; welfare fees stay off until Flanders decides (FIN-14, Q-09)."""

    welfare_fees_enabled: bool = False


@dataclass(frozen=True)
class ReimbursementVerdict:
    """Whether an appointment is meant to be reimbursable, why, and whether a human must review it (FIN-12)."""

    reimbursable: bool
    reasons: tuple[str, ...]
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()


def _consent_refusal(
    team: CareTeam, ref: PersonRef, consent: ClientConsent | None, on: date
) -> Refusal | None:
    if consent is None:
        return Refusal(errors.ClientConsentRequired, "no recorded consent of the client with the coordinator")
    if consent.coordinator != ref:
        return Refusal(errors.ClientConsentRequired, "the recorded consent is for another coordinator")
    if consent.given_on > on:
        return Refusal(errors.ClientConsentRequired, "the consent is dated after the appointment")
    giver = consent.given_by
    client_context = giver == team.client.ref or (
        giver.kind is MemberKind.INFORMAL_CARER and is_member(team, giver, consent.given_on)
    )
    if not client_context:
        return Refusal(
            errors.ClientConsentRequired, "consent must come from the client or her informal context"
        )
    return None


def _deliberation_refusal(team: CareTeam, deliberation: TeamDeliberation | None, on: date) -> Refusal | None:
    if deliberation is None or not deliberation.participants:
        return Refusal(errors.TeamDeliberationRequired, "no recorded team deliberation with participants")
    if deliberation.held_on > on:
        return Refusal(
            errors.TeamDeliberationRequired, "the team deliberation is dated after the appointment"
        )
    strangers = sorted(
        p.id for p in deliberation.participants if not is_member(team, p, deliberation.held_on)
    )
    if strangers:
        return Refusal(
            errors.DeliberationParticipantNotMember,
            f"deliberation participants not in the team on {deliberation.held_on}: {', '.join(strangers)}",
        )
    return None


def _case_manager_refusal(
    ref: PersonRef, on: date, case_managements: Sequence[CaseManagement]
) -> Refusal | None:
    if ref.kind is not MemberKind.PROFESSIONAL:
        return None
    for episode in case_managements:
        iv = episode.intervention
        if (
            episode.withdrawn_on is None
            and iv is not None
            and iv.case_manager.professional_id == ref.id
            and iv.overlaps(on, None)
        ):
            return Refusal(
                errors.CoordinatorAndCaseManagerSamePerson,
                f"professional {ref.id} is case manager for this client in an overlapping period",
            )
    return None


def check_appointment(
    team: CareTeam,
    coordinator: PersonRef,
    *,
    on: date,
    consent: ClientConsent | None,
    deliberation: TeamDeliberation | None,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> Verdict:
    """Check appointing a coordinator (CT-10/44 member, CT-13 one active, CT-15 consent, CT-18a, CT-16, CT-40)."""
    window = (
        None
        if within_care_window(team, on)
        else Refusal(errors.OutsideCoordinationWindow, f"{on} is outside pregnancy up to the 2nd birthday")
    )
    member = (
        None
        if is_member(team, coordinator, on)
        else Refusal(errors.CoordinatorNotAMember, f"{coordinator.id} is not a team member on {on}")
    )
    others = [a for a in appointments if a.team_id == team.team_id and a.overlaps(on, None)]
    second = (
        Refusal(
            errors.SecondActiveCoordinator,
            f"team already has coordinator {others[0].ref.id} (appointment {others[0].appointment_id})",
        )
        if others
        else None
    )
    return verdict_of(
        [
            window,
            member,
            _case_manager_refusal(coordinator, on, case_managements),
            _consent_refusal(team, coordinator, consent, on),
            _deliberation_refusal(team, deliberation, on),
            second,
        ]
    )


def appoint_coordinator(
    team: CareTeam,
    coordinator: PersonRef,
    *,
    appointment_id: str,
    on: date,
    consent: ClientConsent | None,
    deliberation: TeamDeliberation | None,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> CoordinatorAppointment:
    """Appoint a current member as the team's only active coordinator (CT-10, CT-13, CT-15, CT-18a, CT-40)."""
    raise_if_refused(
        check_appointment(
            team,
            coordinator,
            on=on,
            consent=consent,
            deliberation=deliberation,
            appointments=appointments,
            case_managements=case_managements,
        )
    )
    person = find_person(team, coordinator)
    assert person is not None and consent is not None and deliberation is not None  # guaranteed by the check
    return CoordinatorAppointment(
        appointment_id=appointment_id,
        team_id=team.team_id,
        coordinator=person,
        appointed_on=on,
        consent=consent,
        deliberation=deliberation,
    )


def hand_over_coordination(
    team: CareTeam,
    previous: CoordinatorAppointment,
    new_coordinator: PersonRef,
    *,
    appointment_id: str,
    on: date,
    consent: ClientConsent | None,
    deliberation: TeamDeliberation | None,
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> tuple[CoordinatorAppointment, CoordinatorAppointment]:
    """Close the previous appointment on ``on`` and appoint the successor from the same date (CT-13, CT-16)."""
    if not previous.active_on(on):
        raise errors.CoordinationNotActive(
            f"appointment {previous.appointment_id} is not active on {on}; nothing to hand over"
        )
    reason = (
        CoordinationEndReason.HANDED_OVER
        if new_coordinator.kind is MemberKind.PROFESSIONAL
        else CoordinationEndReason.TAKEN_OVER_BY_CLIENT_CONTEXT
    )
    closed = replace(previous, ended_on=on, end_reason=reason)
    remaining = [closed if a.appointment_id == previous.appointment_id else a for a in appointments]
    successor = appoint_coordinator(
        team,
        new_coordinator,
        appointment_id=appointment_id,
        on=on,
        consent=consent,
        deliberation=deliberation,
        appointments=remaining,
        case_managements=case_managements,
    )
    return closed, successor


def end_coordination(
    appointment: CoordinatorAppointment, *, on: date, reason: CoordinationEndReason, note: str = ""
) -> CoordinatorAppointment:
    """End an appointment on ``on`` with a reason, e.g. need resolved or client takes over (CT-16)."""
    if appointment.ended_on is not None:
        raise errors.CoordinationNotActive(
            f"appointment {appointment.appointment_id} already ended on {appointment.ended_on}"
        )
    if on < appointment.appointed_on:
        raise errors.InvalidPeriod(f"end {on} is before the appointment on {appointment.appointed_on}")
    return replace(appointment, ended_on=on, end_reason=reason, end_note=note)


def reevaluate_coordination(
    appointment: CoordinatorAppointment, reevaluation: Reevaluation
) -> CoordinatorAppointment:
    """Record a re-evaluation led by the coordinator with the team; outcome END closes the appointment (CT-16)."""
    if not appointment.active_on(reevaluation.held_on):
        raise errors.CoordinationNotActive(
            f"appointment {appointment.appointment_id} is not active on {reevaluation.held_on}"
        )
    if appointment.ref not in reevaluation.participants:
        raise errors.ReevaluationWithoutCoordinator(
            "the coordinator starts and carries out the re-evaluation"
        )
    updated = replace(appointment, reevaluations=(*appointment.reevaluations, reevaluation))
    if reevaluation.outcome is ReevaluationOutcome.END:
        return replace(
            updated,
            ended_on=reevaluation.held_on,
            end_reason=CoordinationEndReason.NEED_RESOLVED,
            end_note=reevaluation.note,
        )
    return updated


def is_past_care_window(team: CareTeam, appointment: CoordinatorAppointment, today: date) -> bool:
    """True when the appointment is still open after the child's 2nd birthday and must be ended (CT-16, Q-06)."""
    end = care_window_end(team)
    if end is None or appointment.ended_on is not None:
        return False
    return today >= end + timedelta(days=1)


def assess_coordination_reimbursement(
    appointment: CoordinatorAppointment,
    *,
    eligibility: ClientEligibility,
    policy: ReimbursementPolicy | None = None,
) -> ReimbursementVerdict:
    """Decide whether an appointment is meant to be reimbursable and why (CT-11, CT-14, CT-19, FIN-12/14/21, Q-21)."""
    policy = policy or ReimbursementPolicy()
    blocking: list[str] = []
    grounds: list[str] = []
    review: list[str] = []

    refusal = scenario_b_refusal(eligibility)
    ground = scenario_b_ground(eligibility)
    if refusal is not None:
        blocking.append(refusal.code)
    elif ground is not None:
        grounds.append(ground)

    coordinator = appointment.coordinator
    if not isinstance(coordinator, Professional):
        blocking.append(CLIENT_CONTEXT_NEVER_REIMBURSED)
    else:
        if coordinator.coordination_in_mission:
            blocking.append(COORDINATION_IN_MISSION)
            review.append(MISSION_OVERLAP_REVIEW)
        if coordinator.is_health_insurance_professional:
            grounds.append(HEALTH_INSURANCE_PROFESSIONAL)
        elif coordinator.life_domain is not LifeDomain.CARE_AND_WELFARE:
            blocking.append(NOT_CARE_OR_WELFARE_PROFESSIONAL)
        elif policy.welfare_fees_enabled:
            grounds.append(WELFARE_FEES_ENABLED)
        else:
            blocking.append(WELFARE_FEES_PENDING)

    return ReimbursementVerdict(
        reimbursable=not blocking,
        reasons=tuple(blocking) if blocking else tuple(grounds),
        needs_review=bool(review),
        review_reasons=tuple(review),
    )


def reimbursement_intent_refusal(
    coordinator: PersonRef, *, eligibility: ClientEligibility, sought: bool
) -> Refusal | None:
    """Refuse to state a professional appointment as meant to be reimbursed while the scenario is unknown (CT-19).

    Coordination itself needs no scenario (the client context may always coordinate, CT-11, and limited-level
    coordination is part of basic care, CT-17); but whether a professional's coordination is meant to be
    reimbursed depends on scenario B or the exception, so that statement waits for the screening scenario.
    """
    if not sought or coordinator.kind is not MemberKind.PROFESSIONAL:
        return None
    if eligibility.scenario is None and not eligibility.exception:
        return Refusal(
            errors.ScenarioNotYetKnown,
            "the screening scenario of this pregnancy has not reached careteam yet, so whether this "
            "coordination can be reimbursed (scenario B or the exception, CT-19) cannot be stated; retry "
            "later, or appoint without seeking reimbursement",
        )
    return None


def assess_appointment_reimbursement(
    appointment: CoordinatorAppointment,
    *,
    eligibility: ClientEligibility,
    sought: bool,
    policy: ReimbursementPolicy | None = None,
) -> ReimbursementVerdict:
    """State whether an appointment is meant to be reimbursable: not sought by a professional means no (CT-17)."""
    if not sought and isinstance(appointment.coordinator, Professional):
        return ReimbursementVerdict(reimbursable=False, reasons=(REIMBURSEMENT_NOT_SOUGHT,))
    return assess_coordination_reimbursement(appointment, eligibility=eligibility, policy=policy)


def coordinator_is_client_context(appointment: CoordinatorAppointment) -> bool:
    """True when the client herself or an informal carer coordinates: allowed, never reimbursed (CT-11)."""
    return not isinstance(appointment.coordinator, Professional)
