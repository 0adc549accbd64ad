"""Eligibility of a claim against the projection snapshot: registration, windows, scenarios (FIN-10..15).

Decisions taken here (documented in the report and the tests):

* Windows are inclusive, except the PPA's. Screening up to birth + 7 days (SCR-07). Coordination,
  consultation and case management up to and including the 2nd birthday (Q-06); for coordination the fee
  year must *start* by then and by the programme end (Q-02), and it is not pro-rated (Q-01).
* A PPA is paid only strictly before the birth (FIN-11 "only during pregnancy", Q-20 "no PPA is possible"
  after birth): a session on the birth date or later is rejected with FIN_11_PPA_WINDOW, and so is one on
  or after the day a pregnancy ended without birth. This is the rule the screening service applies when it
  registers a session (`session_date < birth_date`), so both services agree on the same day.
* `ended_on` closes the trajectory: no act after it is paid.
* A superseded PPA session (a correction replaced it, FIN-11) backs no claim: FIN_11_SESSION_SUPERSEDED,
  naming the session and its correction, also when only the correction has arrived. A claim without a
  session reference on a day that has both rests on the correction.
* The scenario used is the current one in the snapshot (the latest inclusion decision).
* Case management has no scenario condition in the sources (it may even support outreach before the
  screening, SCR-10); only the window and the recognised organisation (FIN-23) apply.
* A missing activity is HELD (ACTIVITY_NOT_YET_KNOWN) while the act is younger than
  `policy.activity_grace_days`, because its event may not have arrived; after that it is REJECTED
  (ACTIVITY_NOT_REGISTERED).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from financing.domain.model import Act, Claim, fee_year_containing, is_health_insurance_profession
from financing.domain.policy import Policy
from financing.domain.reasons import Evidence, EvidenceKind, Reason, ReasonCode, block, review
from financing.domain.snapshot import PregnancySnapshot, Scenario, ScreeningStatus, current_ppa_session


@dataclass(frozen=True)
class Eligibility:
    """The outcome of the eligibility rules: reasons, the rules applied and the activity found."""

    rules_applied: tuple[str, ...]
    reasons: tuple[Reason, ...]
    activity_id: str | None = None
    registered_minutes: int | None = None


def check_client_known(claim: Claim, snapshot: PregnancySnapshot | None) -> list[Reason]:
    """FIN-10..13, FIN-23: a perinatal act is only paid for a pregnancy (and client) the projection knows."""
    if claim.act is Act.LEGACY_MDO:
        return []
    if (
        snapshot is None
        or snapshot.pregnancy_id != claim.pregnancy_id
        or snapshot.client_pseudonym != claim.client_pseudonym
    ):
        return [
            block(
                ReasonCode.UNKNOWN_CLIENT,
                f"pregnancy {claim.pregnancy_id} of client {claim.client_pseudonym} is not known",
                Evidence(EvidenceKind.PREGNANCY, claim.pregnancy_id or ""),
            )
        ]
    return []


def check_act_date(claim: Claim, *, policy: Policy, today: date) -> list[Reason]:
    """CTX-03 / Q-02: the act lies in the past and inside the programme runtime (not for legacy MDO)."""
    reasons = []
    if claim.act_date > today:
        reasons.append(block(ReasonCode.ACT_DATE_IN_FUTURE, f"act date {claim.act_date} is after {today}"))
    if claim.act is not Act.LEGACY_MDO and not (
        policy.programme_start <= claim.act_date <= policy.programme_end
    ):
        reasons.append(
            block(
                ReasonCode.CTX_03_OUTSIDE_PROGRAMME_PERIOD,
                f"act date {claim.act_date} is outside the programme "
                f"({policy.programme_start}..{policy.programme_end})",
            )
        )
    return reasons


def missing_activity(claim: Claim, *, policy: Policy, today: date) -> Reason:
    """FIN-10..13, FIN-23: hold a claim whose activity may still arrive; reject it after the grace period."""
    ref = f"{claim.act}/{claim.professional_id}/{claim.act_date.isoformat()}"
    if claim.activity_ref:
        ref = f"{ref}/{claim.activity_ref}"
    evidence = Evidence(EvidenceKind.MISSING_REGISTRATION, ref)
    if (today - claim.act_date).days > policy.activity_grace_days:
        return block(ReasonCode.ACTIVITY_NOT_REGISTERED, "no registered activity backs this claim", evidence)
    return review(ReasonCode.ACTIVITY_NOT_YET_KNOWN, "the activity is not (yet) in the projection", evidence)


def scenario_allows(snapshot: PregnancySnapshot, minimum: Scenario) -> bool:
    """FIN-11..13 / FIN-15: the inclusion reaches `minimum` (A or B), or the SCR-06 exception applies."""
    if snapshot.exception:
        return True
    if minimum is Scenario.B:
        return snapshot.scenario is Scenario.B
    if minimum is Scenario.A:
        return snapshot.scenario in (Scenario.A, Scenario.B)
    return True


def _window(
    claim: Claim, snapshot: PregnancySnapshot, day: date, latest: date | None, code: ReasonCode, what: str
) -> list[Reason]:
    reasons = []
    if day < snapshot.estimated_start:
        reasons.append(
            block(
                ReasonCode.CTX_04_BEFORE_PREGNANCY,
                f"{day} is before the pregnancy ({snapshot.estimated_start})",
            )
        )
    if latest is not None and day > latest:
        reasons.append(block(code, f"{claim.act} on {day} is after {what} ({latest})"))
    if snapshot.ended_on is not None and day > snapshot.ended_on:
        reasons.append(
            block(code, f"{claim.act} on {day} is after the trajectory ended ({snapshot.ended_on})")
        )
    return reasons


def _scenario(snapshot: PregnancySnapshot, minimum: Scenario, code: ReasonCode) -> list[Reason]:
    if scenario_allows(snapshot, minimum):
        return []
    return [block(code, f"scenario {snapshot.scenario} without exception; needs {minimum} or the exception")]


def _platform(platform: str | None, *, policy: Policy, evidence: Evidence) -> list[Reason]:
    if platform is not None and platform.upper() in policy.approved_platforms:
        return []
    return [
        block(
            ReasonCode.FIN_24_PLATFORM_NOT_APPROVED,
            f"registered on {platform or 'no platform'}; approved: {', '.join(sorted(policy.approved_platforms))}",
            evidence,
        )
    ]


def _screening(claim: Claim, snap: PregnancySnapshot, *, policy: Policy, today: date) -> Eligibility:
    rules = ("FIN-10", "SCR-07", "SCR-08", "CTX-04")
    birth_limit = (
        snap.birth_date + timedelta(days=policy.screening_days_after_birth) if snap.birth_date else None
    )
    reasons = _window(
        claim, snap, claim.act_date, birth_limit, ReasonCode.SCR_07_SCREENING_WINDOW, "birth + 7 days"
    )
    found = [
        s
        for s in snap.screenings
        if s.performer_id == claim.professional_id
        and s.screened_on == claim.act_date
        and claim.activity_ref in (None, s.screening_id)
    ]
    if not found:
        return Eligibility(rules, (*reasons, missing_activity(claim, policy=policy, today=today)))
    record = next((s for s in found if s.status is ScreeningStatus.COMPLETED), found[0])
    evidence = Evidence(EvidenceKind.SCREENING, record.screening_id)
    if record.status is not ScreeningStatus.COMPLETED:
        reasons.append(
            block(ReasonCode.SCR_08_SCREENING_NOT_COMPLETED, f"screening is {record.status}", evidence)
        )
    return Eligibility(rules, tuple(reasons), record.screening_id)


def ppa_window(claim: Claim, snap: PregnancySnapshot) -> list[Reason]:
    """FIN-11 / Q-20 / CTX-04: a PPA is only possible during pregnancy, i.e. strictly before the birth (or
    before the day a pregnancy ended without birth): a session on the birth date is not paid."""
    day = claim.act_date
    reasons = []
    if day < snap.estimated_start:
        reasons.append(
            block(
                ReasonCode.CTX_04_BEFORE_PREGNANCY, f"{day} is before the pregnancy ({snap.estimated_start})"
            )
        )
    if snap.birth_date is not None and day >= snap.birth_date:
        reasons.append(
            block(
                ReasonCode.FIN_11_PPA_WINDOW,
                f"{claim.act} on {day} is not before the birth ({snap.birth_date}): only during pregnancy",
            )
        )
    elif snap.ended_on is not None and day >= snap.ended_on:
        reasons.append(
            block(
                ReasonCode.FIN_11_PPA_WINDOW,
                f"{claim.act} on {day} is not before the pregnancy ended ({snap.ended_on})",
            )
        )
    return reasons


def _superseded(session_id: str, replaced: Mapping[str, str]) -> Reason:
    """FIN-11 / DF-5: a superseded session backs no claim; the claim for it rests on the correction."""
    correction = current_ppa_session(session_id, replaced)
    return block(
        ReasonCode.FIN_11_SESSION_SUPERSEDED,
        f"PPA session {session_id} was superseded by the correction {correction}: claim the correction",
        Evidence(EvidenceKind.PPA_SESSION, session_id),
        Evidence(EvidenceKind.PPA_SESSION, correction),
    )


def _ppa(claim: Claim, snap: PregnancySnapshot, *, policy: Policy, today: date) -> Eligibility:
    rules = ("FIN-11", "FIN-15", "CTX-04", "Q-20")
    reasons = ppa_window(claim, snap)
    reasons += _scenario(snap, Scenario.A, ReasonCode.FIN_11_SCENARIO_NOT_ELIGIBLE)
    replaced = snap.ppa_supersessions
    found = [
        s
        for s in snap.ppa_sessions
        if s.performer_id == claim.professional_id
        and s.held_on == claim.act_date
        and claim.activity_ref in (None, s.session_id)
    ]
    if not found and claim.activity_ref is not None and claim.activity_ref in replaced:
        # Only its correction has arrived: the session itself is known to be superseded.
        return Eligibility(rules, (*reasons, _superseded(claim.activity_ref, replaced)), claim.activity_ref)
    if not found:
        return Eligibility(rules, (*reasons, missing_activity(claim, policy=policy, today=today)))
    current = [s for s in found if s.session_id not in replaced]
    if not current:
        superseded = found[0].session_id
        return Eligibility(rules, (*reasons, _superseded(superseded, replaced)), superseded)
    session = next((s for s in current if s.reimbursable), current[0])
    if not session.reimbursable:
        reasons.append(
            block(
                ReasonCode.FIN_11_SESSION_NOT_REIMBURSABLE,
                "the session is registered as not reimbursable",
                Evidence(EvidenceKind.PPA_SESSION, session.session_id),
            )
        )
    return Eligibility(rules, tuple(reasons), session.session_id)


def _coordination(claim: Claim, snap: PregnancySnapshot, *, policy: Policy, today: date) -> Eligibility:
    rules = ("FIN-12", "FIN-15", "CT-19", "CT-11", "Q-01", "Q-02", "FIN-24", "CTX-04")
    period = claim.period
    reasons = _window(
        claim,
        snap,
        period.start,
        snap.age_limit(policy.age_limit_years),
        ReasonCode.FIN_12_COORDINATION_WINDOW,
        "the 2nd birthday",
    )
    reasons += _scenario(snap, Scenario.B, ReasonCode.FIN_12_SCENARIO_NOT_ELIGIBLE)
    found = [
        a
        for a in snap.coordinator_appointments
        if a.team_id == claim.team_id
        and a.professional_id == claim.professional_id
        and a.overlaps(period)
        and claim.activity_ref in (None, a.appointment_id)
    ]
    if not found:
        return Eligibility(rules, (*reasons, missing_activity(claim, policy=policy, today=today)))
    appointment = next((a for a in found if a.reimbursable_intent), found[0])
    evidence = Evidence(EvidenceKind.COORDINATOR_APPOINTMENT, appointment.appointment_id)
    if not appointment.reimbursable_intent:
        reasons.append(
            block(
                ReasonCode.CT_11_COORDINATION_NOT_REIMBURSABLE,
                "the appointment is non-reimbursable",
                evidence,
            )
        )
    reasons += _platform(appointment.platform, policy=policy, evidence=evidence)
    anchor = snap.team_coordination_start(claim.team_id or "")
    expected = fee_year_containing(anchor, period.start) if anchor else None
    if anchor is not None and expected != period:
        reasons.append(
            block(
                ReasonCode.FIN_12_FEE_YEAR_MISALIGNED,
                f"fee years of team {claim.team_id} run from {anchor}; claimed {period}, expected {expected}",
                evidence,
            )
        )
    return Eligibility(rules, tuple(reasons), appointment.appointment_id)


def _consultation(claim: Claim, snap: PregnancySnapshot, *, policy: Policy, today: date) -> Eligibility:
    rules = ("FIN-13", "FIN-15", "CT-50", "Q-23", "CTX-04")
    reasons = _window(
        claim,
        snap,
        claim.act_date,
        snap.age_limit(policy.age_limit_years),
        ReasonCode.FIN_13_CONSULTATION_WINDOW,
        "the 2nd birthday",
    )
    reasons += _scenario(snap, Scenario.B, ReasonCode.FIN_13_SCENARIO_NOT_ELIGIBLE)
    found = [
        c
        for c in snap.consultations
        if c.held_on == claim.act_date
        and c.participant(claim.professional_id) is not None
        and claim.team_id in (None, c.team_id)
        and claim.activity_ref in (None, c.consultation_id)
    ]
    if not found:
        return Eligibility(rules, (*reasons, missing_activity(claim, policy=policy, today=today)))
    consultation = found[0]
    participant = consultation.participant(claim.professional_id)
    evidence = Evidence(EvidenceKind.CONSULTATION, consultation.consultation_id)
    has_health_professional = any(
        is_health_insurance_profession(p.profession) for p in consultation.participants
    )
    if (
        consultation.attendee_count < policy.consultation_min_participants
        or not has_health_professional
        or not consultation.client_or_designee_present
    ):
        reasons.append(
            block(
                ReasonCode.CT_50_CONSULTATION_QUORUM,
                f"needs {policy.consultation_min_participants} attendees incl. a health-insurance professional "
                f"and the client; had {consultation.attendee_count}",
                evidence,
            )
        )
    organiser = [
        a.appointment_id
        for a in snap.coordinator_appointments
        if a.team_id == consultation.team_id and a.active_on(consultation.held_on)
    ] + [
        i.intervention_id
        for i in snap.case_management_interventions
        if i.team_id == consultation.team_id and i.active_on(consultation.held_on)
    ]
    if not organiser:
        reasons.append(
            block(
                ReasonCode.FIN_13_NO_COORDINATOR_OR_CASE_MANAGER,
                "no coordinator or case manager was appointed for the team on the consultation date",
                evidence,
            )
        )
    minutes = participant.minutes if participant else None
    return Eligibility(rules, tuple(reasons), consultation.consultation_id, minutes)


def _case_management(claim: Claim, snap: PregnancySnapshot, *, policy: Policy, today: date) -> Eligibility:
    rules = ("FIN-23", "Q-11", "FIN-24", "CTX-04")
    reasons = _window(
        claim,
        snap,
        claim.act_date,
        snap.age_limit(policy.age_limit_years),
        ReasonCode.FIN_23_CASE_MANAGEMENT_WINDOW,
        "the 2nd birthday",
    )
    found = [
        i
        for i in snap.case_management_interventions
        if i.team_id == claim.team_id
        and i.organisation_id == claim.provider.organisation_id
        and i.active_on(claim.act_date)
        and claim.activity_ref in (None, i.intervention_id)
    ]
    if not found:
        return Eligibility(rules, (*reasons, missing_activity(claim, policy=policy, today=today)))
    intervention = found[0]
    evidence = Evidence(EvidenceKind.CASE_MANAGEMENT_INTERVENTION, intervention.intervention_id)
    reasons += _platform(intervention.platform, policy=policy, evidence=evidence)
    return Eligibility(rules, tuple(reasons), intervention.intervention_id)


def assess_eligibility(
    claim: Claim, snapshot: PregnancySnapshot, *, policy: Policy, today: date
) -> Eligibility:
    """FIN-10..13, FIN-15, FIN-23, FIN-24, SCR-07/08, CT-19, CT-50: the claim rests on an eligible activity."""
    if claim.act is Act.SCREENING:
        return _screening(claim, snapshot, policy=policy, today=today)
    if claim.act is Act.PRENATAL_ADVICE_SESSION:
        return _ppa(claim, snapshot, policy=policy, today=today)
    if claim.act is Act.COORDINATION_YEAR:
        return _coordination(claim, snapshot, policy=policy, today=today)
    if claim.act is Act.PERINATAL_CONSULTATION:
        return _consultation(claim, snapshot, policy=policy, today=today)
    if claim.act is Act.CASE_MANAGEMENT:
        return _case_management(claim, snapshot, policy=policy, today=today)
    return Eligibility(("FIN-40",), ())
