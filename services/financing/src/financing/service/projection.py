"""The `PregnancySnapshot` the rules read, built from financing's own projection tables.

Careteam periods are half-open ([start, end): an appointment ended on D is no longer active on D); the
snapshot's periods are closed, so an end date becomes the day before. An appointment that ended on the day
it started never held the role and is left out. Careteam events carry no collaboration platform: the
service's configured `careteam_platform` stands for "registered in the suite's careteam service" (FIN-24).
PPA sessions keep their corrections (`supersedes` / `superseded_by`): a superseded session stays in the
snapshot so a claim for it is rejected with a reason (FIN_11_SESSION_SUPERSEDED), but never counts (DF-5).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import RowMapping

from financing.adapters.projection import Trajectory
from financing.adapters.uow import FinancingUnitOfWork
from financing.domain import vocabulary
from financing.domain.model import add_years
from financing.domain.snapshot import (
    PREGNANCY_DAYS,
    CaseManagementIntervention,
    Consultation,
    ConsultationParticipant,
    CoordinatorAppointment,
    PpaSession,
    PregnancySnapshot,
    ScreeningRecord,
)
from shared.errors import NotFound

CLIENT_SIDE = frozenset({"CLIENT", "DESIGNATED_PERSON"})


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _closed_end(end: date | None) -> date | None:
    return end - timedelta(days=1) if end is not None else None


def _coordinators(trajectory: Trajectory, platform: str) -> tuple[CoordinatorAppointment, ...]:
    items = []
    for row in trajectory.coordinators:
        ended = row["ended_on"]
        if ended is not None and ended <= row["appointed_on"]:
            continue
        items.append(
            CoordinatorAppointment(
                appointment_id=str(row["appointment_id"]),
                team_id=str(row["team_id"]),
                professional_id=row["professional_id"],
                start=row["appointed_on"],
                end=_closed_end(ended),
                reimbursable_intent=row["reimbursable_intent"],
                platform=row["platform"] or platform,
            )
        )
    return tuple(items)


def _interventions(trajectory: Trajectory, platform: str) -> tuple[CaseManagementIntervention, ...]:
    items = []
    for row in trajectory.interventions:
        end = _closed_end(row["ended_on"])
        items.append(
            CaseManagementIntervention(
                intervention_id=str(row["intervention_id"]),
                team_id=str(row["team_id"]),
                organisation_id=row["organisation_id"],
                case_manager_id=row["case_manager_id"],
                start=row["started_on"],
                end=max(end, row["started_on"]) if end is not None else None,
                platform=row["platform"] or platform,
            )
        )
    return tuple(items)


def _consultation(row: RowMapping, participants: list[RowMapping]) -> Consultation:
    professionals = tuple(
        ConsultationParticipant(
            professional_id=p["member_id"],
            profession=vocabulary.profession_of(p["profession"], funding=p["funding_type"]),
            funding=vocabulary.funding_of(p["funding_type"]),
            minutes=p["minutes"],
        )
        for p in participants
        if p["kind"] == "PROFESSIONAL"
    )
    others = [p for p in participants if p["kind"] != "PROFESSIONAL"]
    return Consultation(
        consultation_id=str(row["consultation_id"]),
        team_id=str(row["team_id"]),
        held_on=row["held_on"],
        participants=professionals,
        client_or_designee_present=any(p["kind"] in CLIENT_SIDE for p in others),
        other_attendees=sum(1 for p in others if p["kind"] not in CLIENT_SIDE),
    )


def build_snapshot(trajectory: Trajectory, *, careteam_platform: str) -> PregnancySnapshot:
    """FIN-10..24: what the rules know about one pregnancy, from the projection only."""
    p = trajectory.pregnancy
    return PregnancySnapshot(
        pregnancy_id=str(p["pregnancy_id"]),
        client_pseudonym=p["client_pseudonym"],
        expected_delivery_date=p["expected_delivery_date"],
        scenario=vocabulary.scenario_of(p["scenario"]),
        exception=p["exception"],
        birth_date=p["birth_date"],
        ended_on=p["ended_on"],
        screenings=tuple(
            ScreeningRecord(
                screening_id=str(s["screening_id"]),
                screened_on=s["screened_on"],
                status=vocabulary.screening_status_of(s["status"]),
                performer_id=s["performer_id"],
            )
            for s in trajectory.screenings
            if not s["superseded"]
        ),
        ppa_sessions=tuple(
            PpaSession(
                session_id=str(s["session_id"]),
                held_on=s["held_on"],
                performer_id=s["performer_id"],
                reimbursable=s["reimbursable"],
                supersedes=_id(s["supersedes"]),
                superseded_by=_id(s["superseded_by"]),
            )
            for s in trajectory.sessions
        ),
        coordinator_appointments=_coordinators(trajectory, careteam_platform),
        case_management_interventions=_interventions(trajectory, careteam_platform),
        consultations=tuple(
            _consultation(c, list(trajectory.participants.get(c["consultation_id"], ())))
            for c in trajectory.consultations
        ),
    )


async def resolve_pregnancy(
    uow: FinancingUnitOfWork, client_pseudonym: str, act_date: date
) -> uuid.UUID | None:
    """The client's pregnancy a claim without a pregnancy id is about: the only one, or the only one whose
    trajectory (conception up to the 2nd birthday, or its end) covers the act date."""
    rows = await uow.projection.pregnancies_of(client_pseudonym)
    if len(rows) == 1:
        return uuid.UUID(str(rows[0]["pregnancy_id"]))
    covering = []
    for row in rows:
        start = row["expected_delivery_date"] - timedelta(days=PREGNANCY_DAYS)
        anchor = row["birth_date"] or row["expected_delivery_date"]
        end = row["ended_on"] or add_years(anchor, 2)
        if start <= act_date <= end:
            covering.append(row)
    return uuid.UUID(str(covering[0]["pregnancy_id"])) if len(covering) == 1 else None


class PregnancyNotKnown(NotFound):
    code = "PREGNANCY_NOT_KNOWN"


async def get_trajectory(pregnancy_id: uuid.UUID, *, uow: FinancingUnitOfWork) -> Trajectory:
    """The projected trajectory of a pregnancy, or PREGNANCY_NOT_KNOWN (no registration event yet)."""
    async with uow:
        trajectory = await uow.projection.trajectory(pregnancy_id)
    if trajectory is None:
        raise PregnancyNotKnown("No registration event for this pregnancy has reached this service (yet)")
    return trajectory


@dataclass(frozen=True)
class PregnancyOverview:
    """What financing's projection holds about one pregnancy: its registration and how many facts of each kind."""

    pregnancy_id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    registered_at: datetime
    scenario: str | None
    exception: bool
    birth_date: date | None
    ended_on: date | None
    screenings: int
    prenatal_advice_sessions: int
    superseded_prenatal_advice_sessions: int
    care_teams: list[uuid.UUID]
    coordinator_appointments: int
    case_management_interventions: int
    consultations: int


def overview_of(trajectory: Trajectory) -> PregnancyOverview:
    """FIN-11: the pregnancy's registration and counts; a PPA superseded by a correction is counted apart."""
    p = trajectory.pregnancy
    return PregnancyOverview(
        **{k: p[k] for k in ("pregnancy_id", "client_pseudonym", "expected_delivery_date", "residence_nis")},
        **{k: p[k] for k in ("mutuality_code", "care_fund_code", "registered_at", "scenario", "exception")},
        birth_date=p["birth_date"],
        ended_on=p["ended_on"],
        screenings=len(trajectory.screenings),
        prenatal_advice_sessions=sum(1 for s in trajectory.sessions if s["superseded_by"] is None),
        superseded_prenatal_advice_sessions=sum(
            1 for s in trajectory.sessions if s["superseded_by"] is not None
        ),
        care_teams=[team["team_id"] for team in trajectory.teams],
        coordinator_appointments=len(trajectory.coordinators),
        case_management_interventions=len(trajectory.interventions),
        consultations=len(trajectory.consultations),
    )


async def pregnancy_overview(pregnancy_id: uuid.UUID, *, uow: FinancingUnitOfWork) -> PregnancyOverview:
    """The projected pregnancy with its counts, or PREGNANCY_NOT_KNOWN (no registration event yet)."""
    return overview_of(await get_trajectory(pregnancy_id, uow=uow))
