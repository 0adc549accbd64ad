"""Fixtures of the careteam API tests: a migrated database per module, the app on it with a fixed clock, and a
`World` that seeds the screening projections through the real handlers and drives the HTTP API."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from careteam.adapters import orm
from careteam.api.deps import get_today
from careteam.config import CareteamSettings
from careteam.consumers import consumer_specs
from careteam.main import create_app
from shared.events.base import EventPayload
from shared.events.contracts.screening import (
    BirthRecordedV1,
    ClientScenarioDeterminedV1,
    PregnancyRegisteredV1,
)
from shared.events.envelope import new_envelope
from shared.kafka.consumer import HandlerContext
from tests.conftest import Databases, auth, running_app

TODAY = date(2026, 11, 16)  # a Monday
CM_ORG = "example-cm-gent-antwerpen"  # seeded by the migration; covers Gent (44021)
HEADERS = auth("coordinator", subject="coordinator-test")
"""The front end that forms the test teams: it formed them, so it may act on them (Q-16 ``FORMED_THE_TEAM``)."""


def as_professional(professional_id: str, role: str = "professional", **claims: str | None) -> dict[str, str]:
    """The token of one professional (her professional id as subject and claim): scoped to her teams (Q-16)."""
    return auth(role, subject=f"user-{professional_id}", professional_id=professional_id, **claims)


class Clock:
    """The app's `today`, fixed per test and movable (deadlines)."""

    def __init__(self) -> None:
        self.today = TODAY


@dataclass(frozen=True)
class Pregnancy:
    pregnancy_id: uuid.UUID
    pseudonym: str


def professional(
    professional_id: str,
    *,
    profession: str = "midwife",
    organisation_id: str = "org-care",
    funding_type: str = "FEDERAL",
    life_domain: str = "CARE_AND_WELFARE",
    coordination_in_mission: bool = False,
) -> dict[str, Any]:
    return {
        "professional_id": professional_id,
        "profession": profession,
        "organisation_id": organisation_id,
        "funding_type": funding_type,
        "life_domain": life_domain,
        "coordination_in_mission": coordination_in_mission,
    }


def ref(kind: str, member_id: str) -> dict[str, str]:
    return {"kind": kind, "member_id": member_id}


def pro(member_id: str) -> dict[str, str]:
    return ref("PROFESSIONAL", member_id)


class World:
    """Seeds what careteam knows from screening (through the real handlers) and drives the HTTP API."""

    def __init__(self, client: httpx.AsyncClient, clock: Clock) -> None:
        self.client = client
        self.clock = clock
        app = client._transport.app  # type: ignore[attr-defined]
        self.sessionmaker: async_sessionmaker[AsyncSession] = app.state.sessionmaker
        self.handlers = consumer_specs(CareteamSettings())[0].handlers

    # --- screening facts -------------------------------------------------------------------------------

    async def apply(self, payload: EventPayload, *, subject: str) -> None:
        envelope = new_envelope(payload, source="urn:perinatal:screening", subject=subject)
        async with self.sessionmaker() as session, session.begin():
            ctx = HandlerContext(session=session, outbox=None, envelope=envelope)
            await self.handlers[payload.event_type](envelope, ctx)

    async def pregnancy(
        self, *, scenario: str | None = "B", exception: bool = False, residence_nis: str = "44021"
    ) -> Pregnancy:
        p = Pregnancy(uuid.uuid4(), uuid.uuid4().hex + uuid.uuid4().hex)
        await self.apply(
            PregnancyRegisteredV1(
                pregnancy_id=p.pregnancy_id,
                client_pseudonym=p.pseudonym,
                expected_delivery_date=date(2027, 4, 1),
                residence_nis=residence_nis,
            ),
            subject=p.pseudonym,
        )
        if scenario is not None or exception:
            await self.scenario(p, scenario, exception=exception)
        return p

    async def scenario(self, p: Pregnancy, scenario: str | None, *, exception: bool = False) -> None:
        await self.apply(
            ClientScenarioDeterminedV1(
                pregnancy_id=p.pregnancy_id,
                client_pseudonym=p.pseudonym,
                scenario=scenario,
                exception=exception,
                basis="PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT" if exception else "TOOL_RESULT",
                record_id=uuid.uuid4(),
                effective_date=TODAY,
                indicators=["FINANCIAL_PROBLEMS", "HOUSING_PROBLEMS"] if scenario == "B" else [],
            ),
            subject=p.pseudonym,
        )

    async def birth(self, p: Pregnancy, birth_date: date, children: int = 1) -> None:
        await self.apply(
            BirthRecordedV1(
                pregnancy_id=p.pregnancy_id,
                client_pseudonym=p.pseudonym,
                birth_date=birth_date,
                number_of_children=children,
            ),
            subject=p.pseudonym,
        )

    # --- HTTP ------------------------------------------------------------------------------------------

    async def post(
        self,
        path: str,
        body: dict[str, Any],
        expect: int | None = None,
        *,
        headers: dict[str, str] | None = None,
        key: str | None = None,
    ) -> httpx.Response:
        sent = dict(headers or HEADERS)
        if key is not None:
            sent["Idempotency-Key"] = key
        response = await self.client.post(path, json=body, headers=sent)
        if expect is not None:
            assert response.status_code == expect, response.text
        return response

    async def get(self, path: str, *, headers: dict[str, str] | None = None, **params: Any) -> Any:
        response = await self.client.get(path, params=params, headers=headers or HEADERS)
        assert response.status_code == 200, response.text
        return response.json()

    async def team(self, p: Pregnancy, *, established_on: date = date(2026, 11, 2)) -> str:
        body = {"pregnancy_id": str(p.pregnancy_id), "established_on": established_on.isoformat()}
        return str((await self.post("/teams", body, 201)).json()["team_id"])

    async def add_professional(
        self, team_id: str, p: Pregnancy, details: dict[str, Any], *, on: date = date(2026, 11, 2)
    ) -> httpx.Response:
        body = {
            "kind": "PROFESSIONAL",
            "professional": details,
            "joined_on": on.isoformat(),
            "agreement": {"given_by": ref("CLIENT", p.pseudonym), "given_on": on.isoformat()},
        }
        return await self.post(f"/teams/{team_id}/members", body, 201)

    async def add_carer(self, team_id: str, carer_id: str, *, representative: bool = False) -> None:
        body = {
            "kind": "INFORMAL_CARER",
            "carer_id": carer_id,
            "relation": "partner",
            "is_representative": representative,
            "joined_on": "2026-11-02",
        }
        await self.post(f"/teams/{team_id}/members", body, 201)

    async def standard_team(self, p: Pregnancy) -> str:
        """A team with a midwife and a GP (federal), a CAW social worker (Flemish) and the partner."""
        team_id = await self.team(p)
        await self.add_professional(team_id, p, professional("pro-midwife"))
        await self.add_professional(team_id, p, professional("pro-gp", profession="general_practitioner"))
        await self.add_professional(
            team_id,
            p,
            professional(
                "pro-caw", profession="social_worker", organisation_id="org-caw", funding_type="FLEMISH"
            ),
        )
        await self.add_carer(team_id, "carer-partner", representative=True)
        return team_id

    def appointment_body(
        self, p: Pregnancy, coordinator: dict[str, str], *, on: date = date(2026, 11, 10), sought: bool = True
    ) -> dict[str, Any]:
        return {
            "coordinator": coordinator,
            "appointed_on": on.isoformat(),
            "consent": {"given_by": ref("CLIENT", p.pseudonym), "given_on": on.isoformat()},
            "deliberation": {
                "held_on": on.isoformat(),
                "participants": [ref("CLIENT", p.pseudonym), pro("pro-midwife"), pro("pro-gp")],
            },
            "reimbursement_sought": sought,
        }

    async def appoint(
        self, team_id: str, p: Pregnancy, coordinator: dict[str, str], **kw: Any
    ) -> dict[str, Any]:
        response = await self.post(
            f"/teams/{team_id}/coordinator-appointments", self.appointment_body(p, coordinator, **kw), 201
        )
        return dict(response.json())

    # --- what was stored and published -----------------------------------------------------------------

    async def events(self, pseudonym: str, event_type: str | None = None) -> list[dict[str, Any]]:
        """The envelopes queued in the outbox for a client, oldest first."""
        t = orm.outbox
        stmt = select(t.c.value, t.c.key).where(t.c.key == pseudonym).order_by(t.c.id)
        async with self.sessionmaker() as session:
            rows = (await session.execute(stmt)).all()
        found = [json.loads(r.value) for r in rows]
        return [e for e in found if event_type is None or e["event_type"] == event_type]

    async def count(self, table: Any, *where: Any) -> int:
        from sqlalchemy import func

        async with self.sessionmaker() as session:
            return int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0)


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def careteam_db(databases: Databases) -> str:
    return await databases.create("careteam_api", migrate="careteam:migrations")


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def client(careteam_db: str, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(CareteamSettings(database_url=careteam_db, environment="test"))
    app.dependency_overrides[get_today] = lambda: clock.today
    async with running_app(app) as c:
        yield c


@pytest_asyncio.fixture(loop_scope="session")
async def world(client: httpx.AsyncClient, clock: Clock) -> World:
    clock.today = TODAY
    return World(client, clock)
