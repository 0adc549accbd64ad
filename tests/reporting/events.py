"""Envelope builders for reporting tests: the real contract classes of screening, careteam and financing."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from shared.events.base import EventPayload
from shared.events.contracts import careteam, financing, screening
from shared.events.contracts.common import Performer
from shared.events.envelope import EventEnvelope, new_envelope

MIDWIFE = "MIDWIFE"
GP = "GENERAL_PRACTITIONER"


def pseudonym(name: str) -> str:
    """A client pseudonym (64 hex characters, like screening's HMAC)."""
    return hashlib.sha256(name.encode()).hexdigest()


def uid(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"reporting-test:{name}")


def envelope(payload: EventPayload, *, client: str, day: date) -> EventEnvelope[Any]:
    source = payload.event_type.split(".")[0]
    return new_envelope(
        payload, source=source, subject=client, occurred_at=datetime.combine(day, time(10, 0), tzinfo=UTC)
    )


def performer(
    professional: str = "pro-1",
    *,
    profession: str = MIDWIFE,
    funding: str = "FEDERAL",
    location_nis: str | None = None,
) -> Performer:
    return Performer(
        professional_id=professional, profession=profession, funding_type=funding, location_nis=location_nis
    )


def registered(
    client: str, *, nis: str, day: date, professional: str | None = None, programme: str = "PERINATAL"
) -> EventEnvelope[Any]:
    return envelope(
        screening.PregnancyRegisteredV1(
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            programme=programme,
            expected_delivery_date=date(day.year + 1, 1, 15),
            residence_nis=nis,
            first_contact_professional_id=professional,
        ),
        client=pseudonym(client),
        day=day,
    )


def screened(
    client: str,
    *,
    nis: str,
    day: date,
    week: int | None = 10,
    scenario: str | None = "0",
    status: str = "COMPLETED",
    who: Performer | None = None,
    name: str | None = None,
    supersedes: str | None = None,
) -> EventEnvelope[Any]:
    return envelope(
        screening.ScreeningRecordedV1(
            screening_id=uid(f"screening:{name or client}"),
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            screening_date=day,
            status=status,
            indicators=[],
            scenario=scenario if status == "COMPLETED" else None,
            performer=who or performer(),
            funding_type="HEALTH_INSURANCE",
            residence_nis=nis,
            gestational_age_days=None if week is None else week * 7 + 2,
            late=week is not None and week >= 14,
            reimbursable=True,
            supersedes=None if supersedes is None else uid(f"screening:{supersedes}"),
        ),
        client=pseudonym(client),
        day=day,
    )


def included(
    client: str, *, nis: str, day: date, scenario: str = "B", reason: str = "NO_TOOL_AVAILABLE"
) -> EventEnvelope[Any]:
    return envelope(
        screening.InclusionDecidedV1(
            decision_id=uid(f"decision:{client}"),
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            decision_date=day,
            basis="PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT",
            reason=reason,
            indicators=["I1", "I2"],
            scenario=scenario,
            performer=performer(),
            residence_nis=nis,
        ),
        client=pseudonym(client),
        day=day,
    )


def advice_session(
    client: str, *, nis: str, day: date, number: int = 1, who: Performer | None = None
) -> EventEnvelope[Any]:
    return envelope(
        screening.PrenatalAdviceSessionHeldV1(
            session_id=uid(f"ppa:{client}:{number}"),
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            session_date=day,
            session_number=number,
            performer=who or performer(),
            residence_nis=nis,
            reimbursable=number <= 2,
        ),
        client=pseudonym(client),
        day=day,
    )


def member(
    professional: str, profession: str = GP, funding: str = "FEDERAL", location_nis: str | None = None
) -> careteam.TeamMember:
    return careteam.TeamMember(
        kind="PROFESSIONAL",
        member_id=professional,
        profession=profession,
        funding_type=funding,
        location_nis=location_nis,
    )


def coordinator_appointed(
    client: str,
    *,
    day: date,
    professional: str = "coord-1",
    handover: bool = False,
    profession: str = GP,
    location_nis: str | None = None,
) -> EventEnvelope[Any]:
    return envelope(
        careteam.CoordinatorAppointedV1(
            appointment_id=uid(f"appointment:{client}:{handover}"),
            team_id=uid(f"team:{client}"),
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            coordinator=member(professional, profession, location_nis=location_nis),
            appointed_on=day,
            reimbursable_intent=True,
            previous_appointment_id=uid(f"appointment:{client}:False") if handover else None,
        ),
        client=pseudonym(client),
        day=day,
    )


def consultation_held(client: str, *, day: date, professionals: int = 3) -> EventEnvelope[Any]:
    participants = [
        careteam.ConsultationParticipant(
            kind="PROFESSIONAL", member_id=f"p-{client}-{n}", profession=MIDWIFE if n % 2 else GP
        )
        for n in range(professionals)
    ]
    participants.append(careteam.ConsultationParticipant(kind="CLIENT", member_id=pseudonym(client)))
    return envelope(
        careteam.PerinatalConsultationHeldV1(
            consultation_id=uid(f"consultation:{client}:{day}"),
            team_id=uid(f"team:{client}"),
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            held_on=day,
            mode="IN_PERSON",
            duration_minutes=60,
            organiser_role="COORDINATOR",
            organiser_id="coord-1",
            participants=participants,
        ),
        client=pseudonym(client),
        day=day,
    )


def case_management_requested(client: str, *, day: date, kind: str = "JUMP_START") -> EventEnvelope[Any]:
    return envelope(
        careteam.CaseManagementRequestedV1(
            request_id=uid(f"request:{client}"),
            team_id=uid(f"team:{client}"),
            client_pseudonym=pseudonym(client),
            request_type=kind,
            requested_on=day,
            requested_by_kind="COORDINATOR",
            organisation_id="org-1",
            intake_deadline=day,
        ),
        client=pseudonym(client),
        day=day,
    )


def intake_scheduled(client: str, *, day: date, late: bool) -> EventEnvelope[Any]:
    return envelope(
        careteam.CaseManagementIntakeScheduledV1(
            request_id=uid(f"request:{client}"),
            team_id=uid(f"team:{client}"),
            client_pseudonym=pseudonym(client),
            scheduled_on=day,
            intake_on=day,
            deadline=day,
            late=late,
        ),
        client=pseudonym(client),
        day=day,
    )


def _provider(professional: str = "pro-1") -> financing.ClaimProvider:
    return financing.ClaimProvider(professional_id=professional, profession=MIDWIFE, funding_type="FEDERAL")


def claim_decided(
    client: str,
    *,
    day: date,
    amount: str = "22.55",
    payer: str = "FEDERAL",
    act: str = "SCREENING",
    outcome: str = "ACCEPTED",
    decision: int = 1,
    claim: str | None = None,
) -> EventEnvelope[Any]:
    return envelope(
        financing.ClaimDecidedV1(
            claim_id=uid(f"claim:{claim or client}"),
            decision_number=decision,
            act=act,
            outcome=outcome,
            amount=amount,
            requested_amount=amount,
            payer=payer,
            competent_payer=payer,
            decided_by="RULES",
            client_pseudonym=pseudonym(client),
            pregnancy_id=uid(f"pregnancy:{client}"),
            act_date=day,
            provider=_provider(),
        ),
        client=pseudonym(client),
        day=day,
    )


def finding_raised(client: str, *, day: date, rule: str = "DF-1") -> EventEnvelope[Any]:
    return envelope(
        financing.DoubleFundingFindingRaisedV1(
            finding_id=uid(f"finding:{client}:{rule}"),
            kind="SECOND_COORDINATOR",
            rule=rule,
            reason_code="DF_1_SECOND_COORDINATOR",
            effect="REVIEW",
            claim_id=uid(f"claim:{client}"),
            payer="FLEMISH",
            act="COORDINATION_YEAR",
            other_claim_id=uid(f"claim:{client}:other"),
            other_payer="FEDERAL",
            other_act="COORDINATION_YEAR",
            client_pseudonym=pseudonym(client),
            pregnancy_id=uid(f"pregnancy:{client}"),
            detail="Another coordinator of this team is already paid for this fee year.",
        ),
        client=pseudonym(client),
        day=day,
    )


def advice_session_corrected(
    client: str,
    *,
    nis: str,
    day: date,
    name: str,
    supersedes: str = "1",
    number: int = 1,
    reason: str | None = "wrong date",
) -> EventEnvelope[Any]:
    """A PPA correction (v2): session `name` replaces the client's session `supersedes` (a number for the
    sessions of `advice_session`, or the name of an earlier correction)."""
    return envelope(
        screening.PrenatalAdviceSessionHeldV2(
            session_id=uid(f"ppa:{client}:{name}"),
            pregnancy_id=uid(f"pregnancy:{client}"),
            client_pseudonym=pseudonym(client),
            session_date=day,
            session_number=number,
            performer=performer(),
            residence_nis=nis,
            reimbursable=number <= 2,
            supersedes=uid(f"ppa:{client}:{supersedes}"),
            correction_reason=reason,
        ),
        client=pseudonym(client),
        day=day,
    )


def referral(
    client: str, *, nis: str, day: date, name: str = "1", supersedes: str | None = None
) -> EventEnvelope[Any]:
    """A referral to screening (v1), or with `supersedes` a correction of an earlier one (v2)."""
    common: dict[str, Any] = {
        "referral_id": uid(f"referral:{client}:{name}"),
        "pregnancy_id": uid(f"pregnancy:{client}"),
        "client_pseudonym": pseudonym(client),
        "referral_date": day,
        "referrer": performer("referrer-1", profession=GP),
        "residence_nis": nis,
    }
    payload: EventPayload
    if supersedes is None:
        payload = screening.ReferralRecordedV1(**common)
    else:
        payload = screening.ReferralRecordedV2(
            **common, supersedes=uid(f"referral:{client}:{supersedes}"), correction_reason="wrong referrer"
        )
    return envelope(payload, client=pseudonym(client), day=day)


def case_management_withdrawn(
    client: str, *, day: date, kind: str = "JUMP_START", intake_scheduled: bool = False
) -> EventEnvelope[Any]:
    """The withdrawal of the request of `case_management_requested(client, ...)`."""
    return envelope(
        careteam.CaseManagementWithdrawnV1(
            request_id=uid(f"request:{client}"),
            team_id=uid(f"team:{client}"),
            client_pseudonym=pseudonym(client),
            request_type=kind,
            organisation_id="org-1",
            requested_on=day,
            withdrawn_on=day,
            intake_scheduled=intake_scheduled,
        ),
        client=pseudonym(client),
        day=day,
    )
