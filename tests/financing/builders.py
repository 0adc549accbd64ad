"""Builders of the financing API tests: consumed events for a fresh trajectory, claim bodies, seeding.

Every test builds its own trajectory (`Family.new()`: fresh pseudonym, pregnancy and team ids), so tests in
one module share a database without seeing each other's claims. The default trajectory mirrors the unit
builders: due 2026-06-15, born 2026-06-10, scenario B, screened 2025-11-10 by ``gp-1``, a care team with
nurse ``nurse-1`` as reimbursable coordinator from 2025-12-01; "today" is 2026-11-23.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from financing.adapters import orm
from financing.config import FinancingSettings
from financing.consumers import ActivityArrivals, consumer_specs
from shared.events.base import EventPayload
from shared.events.contracts import careteam as ct
from shared.events.contracts import screening as sc
from shared.events.contracts.common import Performer
from shared.events.envelope import EventEnvelope, new_envelope
from shared.events.registry import default_registry, encode
from shared.kafka.consumer import BatchProcessor, ConsumedRecord
from shared.kafka.producer import FakeProducer
from shared.outbox.writer import kafka_headers
from tests.conftest import auth

TODAY = date(2026, 11, 23)
EDD = date(2026, 6, 15)
BIRTH = date(2026, 6, 10)
SCREENED_ON = date(2025, 11, 10)
COORDINATION_START = date(2025, 12, 1)
FEE_YEAR_END = date(2026, 11, 30)
AT = datetime(2026, 11, 1, 9, tzinfo=UTC)


@dataclass
class Family:
    """One client's trajectory: the ids the events and claims share."""

    client: str
    pregnancy_id: uuid.UUID
    team_id: uuid.UUID
    screening_id: uuid.UUID = field(default_factory=uuid.uuid4)
    appointment_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @classmethod
    def new(cls) -> Family:
        return cls(client=secrets.token_hex(32), pregnancy_id=uuid.uuid4(), team_id=uuid.uuid4())


def event(payload: EventPayload, *, source: str = "urn:perinatal:screening") -> EventEnvelope[EventPayload]:
    subject = str(getattr(payload, "client_pseudonym", "") or "subject")
    return new_envelope(payload, source=source, subject=subject, occurred_at=AT)


def careteam_event(payload: EventPayload) -> EventEnvelope[EventPayload]:
    return event(payload, source="urn:perinatal:careteam")


def performer(professional_id: str, profession: str, funding: str = "HEALTH_INSURANCE") -> Performer:
    return Performer(
        professional_id=professional_id,
        profession=profession,
        organisation_id=None,
        organisation_kind="PRIVATE_PRACTICE",
        funding_type=funding,
    )


def registered(
    f: Family, *, edd: date = EDD, mutuality_code: str | None = "300", care_fund_code: str | None = None
) -> EventEnvelope[EventPayload]:
    return event(
        sc.PregnancyRegisteredV1(
            pregnancy_id=f.pregnancy_id,
            client_pseudonym=f.client,
            expected_delivery_date=edd,
            residence_nis="44021",
            mutuality_code=mutuality_code,
            care_fund_code=care_fund_code,
        )
    )


def scenario(f: Family, value: str | None = "B", *, exception: bool = False) -> EventEnvelope[EventPayload]:
    return event(
        sc.ClientScenarioDeterminedV1(
            pregnancy_id=f.pregnancy_id,
            client_pseudonym=f.client,
            scenario=value,
            exception=exception,
            basis="PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT" if exception else "TOOL_RESULT",
            record_id=f.screening_id,
            effective_date=SCREENED_ON,
            indicators=["FINANCIAL_PROBLEMS", "HOUSING_PROBLEMS"] if value == "B" else [],
        )
    )


def screening(
    f: Family,
    *,
    on: date = SCREENED_ON,
    by: str = "gp-1",
    profession: str = "GP",
    status: str = "COMPLETED",
    screening_id: uuid.UUID | None = None,
    supersedes: uuid.UUID | None = None,
) -> EventEnvelope[EventPayload]:
    return event(
        sc.ScreeningRecordedV1(
            screening_id=screening_id or f.screening_id,
            pregnancy_id=f.pregnancy_id,
            client_pseudonym=f.client,
            screening_date=on,
            status=status,
            indicators=["FINANCIAL_PROBLEMS", "HOUSING_PROBLEMS"],
            scenario="B",
            performer=performer(by, profession),
            funding_type="HEALTH_INSURANCE",
            residence_nis="44021",
            late=False,
            reimbursable=status == "COMPLETED",
            supersedes=supersedes,
        )
    )


def session(
    f: Family,
    session_id: uuid.UUID,
    *,
    on: date,
    by: str = "gp-1",
    profession: str = "GP",
    number: int = 1,
    supersedes: uuid.UUID | None = None,
    correction_reason: str = "wrong session date",
) -> EventEnvelope[EventPayload]:
    """A PPA as screening publishes it: V1, or with `supersedes` a correction (V2)."""
    held = sc.PrenatalAdviceSessionHeldV1(
        session_id=session_id,
        pregnancy_id=f.pregnancy_id,
        client_pseudonym=f.client,
        session_date=on,
        session_number=number,
        performer=performer(by, profession),
        residence_nis="44021",
        reimbursable=True,
    )
    if supersedes is None:
        return event(held)
    return event(
        sc.PrenatalAdviceSessionHeldV2(
            **held.model_dump(), supersedes=supersedes, correction_reason=correction_reason
        )
    )


def birth(f: Family, on: date = BIRTH) -> EventEnvelope[EventPayload]:
    return event(
        sc.BirthRecordedV1(
            pregnancy_id=f.pregnancy_id, client_pseudonym=f.client, birth_date=on, number_of_children=1
        )
    )


def ended(f: Family, on: date) -> EventEnvelope[EventPayload]:
    return event(
        sc.PregnancyEndedV1(
            pregnancy_id=f.pregnancy_id, client_pseudonym=f.client, end_date=on, reason="MISCARRIAGE"
        )
    )


def team(f: Family, on: date = date(2025, 11, 20)) -> EventEnvelope[EventPayload]:
    return careteam_event(
        ct.CareTeamCreatedV1(
            team_id=f.team_id, client_pseudonym=f.client, pregnancy_id=f.pregnancy_id, established_on=on
        )
    )


def member(
    professional_id: str,
    profession: str = "NURSE",
    funding: str = "FEDERAL",
    organisation_id: str | None = None,
) -> ct.TeamMember:
    return ct.TeamMember(
        kind="PROFESSIONAL",
        member_id=professional_id,
        profession=profession,
        organisation_id=organisation_id,
        funding_type=funding,
    )


def coordinator(
    f: Family,
    *,
    who: str = "nurse-1",
    on: date = COORDINATION_START,
    appointment_id: uuid.UUID | None = None,
    reimbursable: bool = True,
    profession: str = "NURSE",
) -> EventEnvelope[EventPayload]:
    return careteam_event(
        ct.CoordinatorAppointedV1(
            appointment_id=appointment_id or f.appointment_id,
            team_id=f.team_id,
            pregnancy_id=f.pregnancy_id,
            client_pseudonym=f.client,
            coordinator=member(who, profession),
            appointed_on=on,
            reimbursable_intent=reimbursable,
        )
    )


def coordinator_ended(
    f: Family, on: date, appointment_id: uuid.UUID | None = None
) -> EventEnvelope[EventPayload]:
    return careteam_event(
        ct.CoordinatorEndedV1(
            appointment_id=appointment_id or f.appointment_id,
            team_id=f.team_id,
            client_pseudonym=f.client,
            ended_on=on,
            reason="HANDOVER",
        )
    )


def case_management(
    f: Family, request_id: uuid.UUID, *, organisation_id: str = "cmorg-1", started_on: date = date(2026, 1, 5)
) -> EventEnvelope[EventPayload]:
    return careteam_event(
        ct.CaseManagementStartedV1(
            request_id=request_id,
            team_id=f.team_id,
            pregnancy_id=f.pregnancy_id,
            client_pseudonym=f.client,
            case_manager=member("cm-1", "SOCIAL_WORKER", "FLEMISH", organisation_id),
            organisation_id=organisation_id,
            started_on=started_on,
            planned_end_on=date(2026, 3, 31),
        )
    )


def consultation(
    f: Family,
    consultation_id: uuid.UUID,
    *,
    held_on: date = date(2026, 2, 10),
    minutes: int = 60,
    professionals: Sequence[tuple[str, str, str]] = (
        ("gp-1", "GENERAL_PRACTITIONER", "FEDERAL"),
        ("mw-1", "MIDWIFE", "FEDERAL"),
        ("nurse-1", "NURSE", "FEDERAL"),
    ),
    client_present: bool = True,
) -> EventEnvelope[EventPayload]:
    participants = [
        ct.ConsultationParticipant(kind="PROFESSIONAL", member_id=pid, profession=prof, funding_type=funding)
        for pid, prof, funding in professionals
    ]
    if client_present:
        participants.append(ct.ConsultationParticipant(kind="CLIENT", member_id=f.client[:64]))
    return careteam_event(
        ct.PerinatalConsultationHeldV1(
            consultation_id=consultation_id,
            team_id=f.team_id,
            pregnancy_id=f.pregnancy_id,
            client_pseudonym=f.client,
            held_on=held_on,
            mode="IN_PERSON",
            duration_minutes=minutes,
            organiser_role="COORDINATOR",
            organiser_id="nurse-1",
            participants=participants,
        )
    )


def standard_trajectory(f: Family, **registration: Any) -> list[EventEnvelope[EventPayload]]:
    """Registration, scenario B, a completed screening, the birth, a team and its reimbursable coordinator."""
    return [registered(f, **registration), screening(f), scenario(f), birth(f), team(f), coordinator(f)]


# -- seeding through the real consumer path ------------------------------------------------------------------


def consumed(envelope: EventEnvelope[EventPayload], offset: int) -> ConsumedRecord:
    return ConsumedRecord(
        topic=envelope.payload.topic,
        partition=0,
        offset=offset,
        key=envelope.subject.encode(),
        value=encode(envelope),
        headers={k: v.encode() for k, v in kafka_headers(envelope).items()},
    )


def processor(
    sessionmaker: async_sessionmaker[AsyncSession], *, arrivals: ActivityArrivals | None = None
) -> BatchProcessor:
    """The projection group's batch processor; with `arrivals`, as the consumers process wires it."""
    (spec,) = consumer_specs(FinancingSettings(), arrivals=arrivals)
    return BatchProcessor(
        spec,
        sessionmaker=sessionmaker,
        inbox_table=orm.inbox,
        outbox_table=orm.outbox,
        registry=default_registry(),
        dlq_producer=FakeProducer(),
    )


def sessionmaker_of(client: httpx.AsyncClient) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = client._transport.app.state.sessionmaker  # type: ignore[attr-defined]
    return sessionmaker


async def project(
    client: httpx.AsyncClient,
    *envelopes: EventEnvelope[EventPayload],
    arrivals: ActivityArrivals | None = None,
) -> None:
    """Apply events to the app's projection exactly as the consumer group would (one batch, with the inbox)."""
    result = await processor(sessionmaker_of(client), arrivals=arrivals).process(
        [consumed(e, i) for i, e in enumerate(envelopes)]
    )
    assert result.dead_lettered == 0, result


# -- claims ------------------------------------------------------------------------------------------------------


def provider(
    professional_id: str = "gp-1",
    profession: str = "GENERAL_PRACTITIONER",
    funding_type: str = "OTHER",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "professional_id": professional_id,
        "profession": profession,
        "funding_type": funding_type,
        **extra,
    }


def claim_body(f: Family, act: str, **overrides: Any) -> dict[str, Any]:
    """A claim for the default trajectory; provider, dates and payer follow the act unless overridden."""
    per_act: dict[str, dict[str, Any]] = {
        "SCREENING": {"act_date": SCREENED_ON, "provider": provider()},
        "PRENATAL_ADVICE_SESSION": {"act_date": date(2025, 11, 20), "provider": provider()},
        "COORDINATION_YEAR": {
            "act_date": COORDINATION_START,
            "period_end": FEE_YEAR_END,
            "team_id": str(f.team_id),
            "provider": provider("nurse-1", "NURSE"),
        },
        "PERINATAL_CONSULTATION": {
            "act_date": date(2026, 2, 10),
            "team_id": str(f.team_id),
            "minutes": 60,
            "provider": provider(),
        },
        "CASE_MANAGEMENT": {
            "act_date": date(2026, 1, 5),
            "period_end": date(2026, 3, 31),
            "team_id": str(f.team_id),
            "payer": "FLEMISH",
            "provider": provider(
                "cm-1",
                "SOCIAL_WORKER",
                "FLEMISH",
                organisation_id="cmorg-1",
                recognised_for_case_management=True,
            ),
        },
        "LEGACY_MDO": {"act_date": date(2026, 2, 20), "payer": "FLEMISH", "provider": provider()},
    }
    body: dict[str, Any] = {
        "act": act,
        "payer": "FEDERAL",
        "client_pseudonym": f.client,
        "pregnancy_id": str(f.pregnancy_id) if act != "LEGACY_MDO" else None,
        **per_act[act],
        **overrides,
    }
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in body.items()}


def billing(subject: str = "billing-1", key: str | None = None) -> dict[str, str]:
    """Headers of a billing system, with a fresh Idempotency-Key unless one is given."""
    return {**auth("billing_system", subject=subject), "Idempotency-Key": key or f"key-{uuid.uuid4()}"}


async def submit(client: httpx.AsyncClient, body: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = await client.post("/claims", json=body, headers=billing(**headers))
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def codes(claim: dict[str, Any]) -> list[str]:
    return list(claim["decision"]["reason_codes"])
