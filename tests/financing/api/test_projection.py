"""Financing's own projection of the screening and careteam facts, through the real consumer batch path."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from financing.adapters import orm
from financing.config import FinancingSettings
from financing.consumers import consumer_specs
from shared.events.contracts import careteam as ct
from shared.events.contracts.topics import CARETEAM_EVENTS, SCREENING_EVENTS
from shared.events.registry import default_registry
from tests.conftest import auth
from tests.financing.builders import (
    Family,
    birth,
    case_management,
    consultation,
    consumed,
    coordinator,
    coordinator_ended,
    member,
    processor,
    project,
    registered,
    scenario,
    screening,
    session,
    sessionmaker_of,
    team,
)
from tests.financing.builders import careteam_event as ct_event

pytestmark = pytest.mark.integration

OFFICER = auth("finance_officer")


def test_the_projection_group_consumes_both_topics_with_a_handler_for_every_fact_it_needs() -> None:
    (spec,) = consumer_specs(FinancingSettings())
    assert (spec.group_id, spec.topics) == ("financing.projection", (SCREENING_EVENTS, CARETEAM_EVENTS))
    known = {cls.event_type for cls in default_registry().classes()}
    assert set(spec.handlers) <= known
    assert {
        "screening.pregnancy.registered",
        "screening.birth.recorded",
        "screening.pregnancy.ended",
        "screening.scenario.determined",
        "screening.screening.recorded",
        "screening.inclusion.decided",
        "screening.prenatal_advice_session.held",
        "careteam.team.created",
        "careteam.member.added",
        "careteam.member.removed",
        "careteam.coordinator.appointed",
        "careteam.coordinator.ended",
        "careteam.case_management.started",
        "careteam.case_management.ended",
        "careteam.consultation.held",
    } == set(spec.handlers)


async def test_every_screening_and_careteam_fact_lands_in_financings_own_projection(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    joined = ct_event(
        ct.TeamMemberAddedV1(
            team_id=f.team_id,
            client_pseudonym=f.client,
            member=member("gp-1", "GP"),
            joined_on=date(2025, 11, 20),
        )
    )
    left = ct_event(
        ct.TeamMemberRemovedV1(
            team_id=f.team_id,
            client_pseudonym=f.client,
            member=member("gp-1", "GP"),
            left_on=date(2026, 3, 1),
        )
    )
    await project(
        api,
        registered(f, care_fund_code="ZK-CM"),
        screening(f),
        scenario(f, "B"),
        session(f, uuid.uuid4(), on=date(2025, 11, 20)),
        birth(f),
        team(f),
        joined,
        left,
        coordinator(f),
        coordinator_ended(f, date(2026, 9, 1)),
        case_management(f, uuid.uuid4()),
        consultation(f, uuid.uuid4()),
    )

    response = await api.get(f"/projection/pregnancies/{f.pregnancy_id}", headers=OFFICER)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["client_pseudonym"], body["mutuality_code"], body["care_fund_code"]) == (
        f.client,
        "300",
        "ZK-CM",
    )
    assert (body["scenario"], body["exception"], body["birth_date"]) == ("B", False, "2026-06-10")
    assert (body["screenings"], body["prenatal_advice_sessions"], body["care_teams"]) == (
        1,
        1,
        [str(f.team_id)],
    )
    assert (
        body["coordinator_appointments"],
        body["case_management_interventions"],
        body["consultations"],
    ) == (1, 1, 1)
    async with sessionmaker_of(api)() as s:
        ended = await s.scalar(
            select(orm.coordinator_projection.c.ended_on).where(
                orm.coordinator_projection.c.team_id == f.team_id
            )
        )
        membership = (
            await s.execute(
                select(orm.team_member_projection).where(orm.team_member_projection.c.team_id == f.team_id)
            )
        ).one()
        participants = await s.scalar(
            select(orm.consultation_participant_projection.c.member_id)
            .join(
                orm.consultation_projection,
                orm.consultation_projection.c.consultation_id
                == orm.consultation_participant_projection.c.consultation_id,
            )
            .where(
                orm.consultation_projection.c.team_id == f.team_id,
                orm.consultation_participant_projection.c.kind == "CLIENT",
            )
        )
    assert ended == date(2026, 9, 1)
    assert (membership.member_id, membership.left_on) == ("gp-1", date(2026, 3, 1))
    assert participants == f.client[:64]


async def test_a_redelivered_batch_changes_nothing(api: httpx.AsyncClient) -> None:
    f = Family.new()
    events = [registered(f), screening(f), scenario(f, "A"), team(f), coordinator(f)]
    records = [consumed(e, i) for i, e in enumerate(events)]

    first = await processor(sessionmaker_of(api)).process(records)
    again = await processor(sessionmaker_of(api)).process(records)

    assert (first.applied, first.duplicates) == (5, 0)
    assert (again.applied, again.duplicates) == (0, 5)
    body = (await api.get(f"/projection/pregnancies/{f.pregnancy_id}", headers=OFFICER)).json()
    assert (body["scenario"], body["screenings"], body["coordinator_appointments"]) == ("A", 1, 1)


async def test_a_pregnancy_this_service_has_not_heard_of_is_a_404_and_the_projection_is_for_finance(
    api: httpx.AsyncClient,
) -> None:
    missing = await api.get(f"/projection/pregnancies/{uuid.uuid4()}", headers=OFFICER)

    assert missing.status_code == 404 and missing.json()["code"] == "PREGNANCY_NOT_KNOWN"
    assert (
        await api.get(f"/projection/pregnancies/{uuid.uuid4()}", headers=auth("billing_system"))
    ).status_code == 403
