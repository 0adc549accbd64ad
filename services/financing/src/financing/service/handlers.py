"""Handlers of consumed events: financing's own projection of the screening and careteam facts.

Plain async functions; the consumer loop owns the transaction (up to a batch of events per transaction) and
the inbox that skips redelivered events. Each handler is one or two idempotent statements, so a replay of
the same fact changes nothing. Every claim is decided on this projection only: financing never reads
another service's database or API. The one handler that does more is a PPA correction of a session that is
already paid: it raises that payment for review in the same transaction (`service.corrections`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from financing.adapters.projection import ProjectionRepository
from financing.service import corrections
from shared.db import utcnow
from shared.events.contracts import careteam as ct
from shared.events.contracts import screening as sc
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import HandlerContext

Handler = Callable[[EventEnvelope[Any], HandlerContext], Awaitable[None]]


def _repo(ctx: HandlerContext) -> ProjectionRepository:
    return ProjectionRepository(ctx.session)


# -- screening ---------------------------------------------------------------------------------------------


async def on_pregnancy_registered(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Project a registered pregnancy (a replay of the same pregnancy changes nothing)."""
    p: sc.PregnancyRegisteredV1 = envelope.payload
    await _repo(ctx).add_pregnancy(
        {
            "pregnancy_id": p.pregnancy_id,
            "client_pseudonym": p.client_pseudonym,
            "expected_delivery_date": p.expected_delivery_date,
            "residence_nis": p.residence_nis,
            "mutuality_code": p.mutuality_code,
            "care_fund_code": p.care_fund_code,
            "registered_at": envelope.occurred_at,
        }
    )


async def on_birth_recorded(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """CTX-04: the birth date closes the PPA window and opens the postnatal periods."""
    p: sc.BirthRecordedV1 = envelope.payload
    await _repo(ctx).update_pregnancy(
        p.pregnancy_id, {"birth_date": p.birth_date, "number_of_children": p.number_of_children}
    )


async def on_pregnancy_ended(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """CTX-04: a pregnancy ended without birth closes the trajectory (nothing after it is paid)."""
    p: sc.PregnancyEndedV1 = envelope.payload
    await _repo(ctx).update_pregnancy(p.pregnancy_id, {"ended_on": p.end_date, "end_reason": p.reason})


async def on_scenario_determined(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """SCR-05 / SCR-06: the client's current scenario and whether it rests on the exception path."""
    p: sc.ClientScenarioDeterminedV1 = envelope.payload
    await _repo(ctx).update_pregnancy(
        p.pregnancy_id,
        {"scenario": p.scenario, "exception": p.exception, "scenario_effective_date": p.effective_date},
    )


async def on_screening_recorded(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """FIN-10 / SCR-07 / SCR-08: a screening record (a correction supersedes the record it replaces)."""
    p: sc.ScreeningRecordedV1 = envelope.payload
    await _repo(ctx).upsert_screening(
        {
            "screening_id": p.screening_id,
            "pregnancy_id": p.pregnancy_id,
            "client_pseudonym": p.client_pseudonym,
            "screened_on": p.screening_date,
            "status": p.status,
            "scenario": p.scenario,
            "performer_id": p.performer.professional_id,
            "profession": p.performer.profession,
            "funding_type": p.performer.funding_type,
            "organisation_id": p.performer.organisation_id,
            "reimbursable": p.reimbursable,
            "supersedes": p.supersedes,
        }
    )


async def on_inclusion_decided(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """SCR-06 / FIN-15: an exception-path inclusion (the current scenario comes from the scenario event)."""
    p: sc.InclusionDecidedV1 = envelope.payload
    await _repo(ctx).upsert_inclusion_decision(
        {
            "decision_id": p.decision_id,
            "pregnancy_id": p.pregnancy_id,
            "decision_date": p.decision_date,
            "basis": p.basis,
            "reason": p.reason,
            "scenario": p.scenario,
            "performer_id": p.performer.professional_id,
            "supersedes": p.supersedes,
        }
    )


async def on_prenatal_advice_session_held(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """FIN-11: a prenatal advice session that a PPA claim can rest on.

    The consumer dispatches on the event type, so both versions land here, typed by the registry. Version 2
    is a correction: it supersedes an earlier session of the pregnancy, which keeps its row but no longer
    counts toward the session number or the cap (DF-5) and backs no claim. The supersession is recorded on
    both rows, so it holds whatever the order of arrival (a session projected after its correction is
    stored as superseded) and a replay changes nothing. A payment already made on the superseded session is
    raised for review, never rewritten (`corrections`).
    """
    p: sc.PrenatalAdviceSessionHeldV1 | sc.PrenatalAdviceSessionHeldV2 = envelope.payload
    values: dict[str, Any] = {
        "session_id": p.session_id,
        "pregnancy_id": p.pregnancy_id,
        "client_pseudonym": p.client_pseudonym,
        "held_on": p.session_date,
        "session_number": p.session_number,
        "performer_id": p.performer.professional_id,
        "profession": p.performer.profession,
        "funding_type": p.performer.funding_type,
        "organisation_id": p.performer.organisation_id,
        "reimbursable": p.reimbursable,
        "reason": p.reason,
    }
    supersedes = p.supersedes if isinstance(p, sc.PrenatalAdviceSessionHeldV2) else None
    if isinstance(p, sc.PrenatalAdviceSessionHeldV2):
        values.update(supersedes=supersedes, correction_reason=p.correction_reason)
    repo = _repo(ctx)
    await repo.upsert_session(values)
    if supersedes is None or supersedes == p.session_id:
        return
    await repo.supersede_session(supersedes, by=p.session_id)
    await corrections.review_payments_on_superseded_session(
        ctx.session,
        ctx.require_outbox(),
        client_pseudonym=p.client_pseudonym,
        pregnancy_id=p.pregnancy_id,
        superseded=supersedes,
        correction=p.session_id,
        now=utcnow(),
    )


# -- careteam ----------------------------------------------------------------------------------------------


async def on_team_created(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """Q-19: a care team anchored on the client's pregnancy."""
    p: ct.CareTeamCreatedV1 = envelope.payload
    await _repo(ctx).add_team(
        {
            "team_id": p.team_id,
            "pregnancy_id": p.pregnancy_id,
            "client_pseudonym": p.client_pseudonym,
            "established_on": p.established_on,
        }
    )


def _member(member: ct.TeamMember) -> dict[str, Any]:
    return {
        "kind": member.kind,
        "profession": member.profession,
        "organisation_id": member.organisation_id,
        "funding_type": member.funding_type,
        "life_domain": member.life_domain,
        "coordination_in_mission": member.coordination_in_mission,
    }


async def on_member_added(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """CT-01 / DF-3: who is in the team, with profession and funding (the team composition DF-3 needs)."""
    p: ct.TeamMemberAddedV1 = envelope.payload
    await _repo(ctx).add_member(
        {"team_id": p.team_id, "member_id": p.member.member_id, "joined_on": p.joined_on, **_member(p.member)}
    )


async def on_member_removed(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """CT-02: a member left the team (half-open period: not a member from `left_on`)."""
    p: ct.TeamMemberRemovedV1 = envelope.payload
    await _repo(ctx).end_membership(p.team_id, p.member.member_id, p.left_on)


async def on_coordinator_appointed(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """FIN-12 / CT-13 / DF-1: a coordinator role, the activity a coordination claim rests on."""
    p: ct.CoordinatorAppointedV1 = envelope.payload
    c = p.coordinator
    await _repo(ctx).upsert_coordinator(
        {
            "appointment_id": p.appointment_id,
            "team_id": p.team_id,
            "pregnancy_id": p.pregnancy_id,
            "client_pseudonym": p.client_pseudonym,
            "professional_id": c.member_id,
            "profession": c.profession,
            "organisation_id": c.organisation_id,
            "funding_type": c.funding_type,
            "coordination_in_mission": c.coordination_in_mission,
            "appointed_on": p.appointed_on,
            "reimbursable_intent": p.reimbursable_intent,
            "needs_review": p.needs_review,
        }
    )


async def on_coordinator_ended(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """CT-16: the coordinator role ended (half-open: not active from `ended_on`)."""
    p: ct.CoordinatorEndedV1 = envelope.payload
    await _repo(ctx).end_coordinator(p.appointment_id, p.ended_on, p.reason)


async def on_case_management_started(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """FIN-23 / DF-2: a case-management intervention by a recognised organisation."""
    p: ct.CaseManagementStartedV1 = envelope.payload
    await _repo(ctx).upsert_intervention(
        {
            "intervention_id": p.request_id,
            "team_id": p.team_id,
            "pregnancy_id": p.pregnancy_id,
            "client_pseudonym": p.client_pseudonym,
            "organisation_id": p.organisation_id,
            "case_manager_id": p.case_manager.member_id,
            "started_on": p.started_on,
            "planned_end_on": p.planned_end_on,
        }
    )


async def on_case_management_ended(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """FIN-23: the intervention ended."""
    p: ct.CaseManagementEndedV1 = envelope.payload
    await _repo(ctx).end_intervention(p.request_id, p.ended_on)


async def on_consultation_held(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
    """FIN-13 / CT-50 / CT-51: a perinatal consultation and who took part (each for its whole duration)."""
    p: ct.PerinatalConsultationHeldV1 = envelope.payload
    participants = [
        {
            "consultation_id": p.consultation_id,
            "member_id": x.member_id,
            "kind": x.kind,
            "profession": x.profession,
            "organisation_id": x.organisation_id,
            "funding_type": x.funding_type,
            "minutes": p.duration_minutes,
        }
        for x in {x.member_id: x for x in p.participants}.values()
    ]
    await _repo(ctx).upsert_consultation(
        {
            "consultation_id": p.consultation_id,
            "team_id": p.team_id,
            "pregnancy_id": p.pregnancy_id,
            "client_pseudonym": p.client_pseudonym,
            "held_on": p.held_on,
            "mode": p.mode,
            "duration_minutes": p.duration_minutes,
            "organiser_role": p.organiser_role,
            "organiser_id": p.organiser_id,
        },
        participants,
    )


SCREENING_HANDLERS: Mapping[str, Handler] = {
    sc.PregnancyRegisteredV1.event_type: on_pregnancy_registered,
    sc.BirthRecordedV1.event_type: on_birth_recorded,
    sc.PregnancyEndedV1.event_type: on_pregnancy_ended,
    sc.ClientScenarioDeterminedV1.event_type: on_scenario_determined,
    sc.ScreeningRecordedV1.event_type: on_screening_recorded,
    sc.InclusionDecidedV1.event_type: on_inclusion_decided,
    # Versions 1 (a session) and 2 (a correction) share the event type, hence this handler.
    sc.PrenatalAdviceSessionHeldV1.event_type: on_prenatal_advice_session_held,
}

CARETEAM_HANDLERS: Mapping[str, Handler] = {
    ct.CareTeamCreatedV1.event_type: on_team_created,
    ct.TeamMemberAddedV1.event_type: on_member_added,
    ct.TeamMemberRemovedV1.event_type: on_member_removed,
    ct.CoordinatorAppointedV1.event_type: on_coordinator_appointed,
    ct.CoordinatorEndedV1.event_type: on_coordinator_ended,
    ct.CaseManagementStartedV1.event_type: on_case_management_started,
    ct.CaseManagementEndedV1.event_type: on_case_management_ended,
    ct.PerinatalConsultationHeldV1.event_type: on_consultation_held,
}

PROJECTION_HANDLERS: Mapping[str, Handler] = {**SCREENING_HANDLERS, **CARETEAM_HANDLERS}

# The facts a claim's activity rests on (FIN-10..13, FIN-23; `domain.eligibility`). A claim whose fact had not
# arrived is HELD with ACTIVITY_NOT_YET_KNOWN; once one of these is projected, the held claims of its client
# are decided again right after the batch commits (`financing.consumers.HeldClaimsFollowUp`). Every payload
# here carries the client pseudonym.
ACTIVITY_EVENT_TYPES: frozenset[str] = frozenset(
    {
        sc.ScreeningRecordedV1.event_type,
        sc.PrenatalAdviceSessionHeldV1.event_type,
        ct.CoordinatorAppointedV1.event_type,
        ct.PerinatalConsultationHeldV1.event_type,
        ct.CaseManagementStartedV1.event_type,
    }
)
