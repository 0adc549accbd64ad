"""Builders shared by the financing unit tests (kept here: the test tree holds no conftest for this tier).

One trajectory is the default: pregnancy ``preg-1`` of client ``client-1``, due 2026-06-15, born
2026-06-10, scenario B, care team ``team-1`` with nurse ``nurse-1`` as reimbursable coordinator from
2025-12-01, and ``today`` 2026-07-01. Every builder takes keyword overrides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from financing.domain.assessment import Decision, assess_claim
from financing.domain.model import (
    AcceptedClaim,
    Act,
    Claim,
    FundingType,
    Money,
    OrganisationKind,
    Payer,
    Profession,
    Provider,
)
from financing.domain.policy import Policy
from financing.domain.snapshot import (
    CaseManagementIntervention,
    Consultation,
    ConsultationParticipant,
    CoordinatorAppointment,
    PpaSession,
    PregnancySnapshot,
    Scenario,
    ScreeningRecord,
    ScreeningStatus,
)
from financing.domain.tariffs import TariffTable, default_tariff_table

TODAY = date(2026, 7, 1)
EDD = date(2026, 6, 15)
BIRTH = date(2026, 6, 10)
COORDINATION_START = date(2025, 12, 1)
POLICY = Policy()
# Flemish payments open from the programme start: for tests of Flemish claims that are not about FIN-41.
FLEMISH_OPEN = Policy(flemish_payments_start=date(2024, 10, 1))
TARIFFS = default_tariff_table(case_management_amount=Money.of("300"), legacy_mdo_amount=Money.of("40"))


def provider(
    professional_id: str = "gp-1",
    profession: Profession = Profession.GENERAL_PRACTITIONER,
    *,
    organisation_id: str | None = None,
    funding: FundingType = FundingType.OTHER,
    coordination_in_mission: bool = False,
    organisation_kind: OrganisationKind = OrganisationKind.OTHER,
    recognised_for_case_management: bool = False,
) -> Provider:
    return Provider(
        professional_id,
        profession,
        organisation_id,
        funding,
        coordination_in_mission,
        organisation_kind,
        recognised_for_case_management,
    )


GP = provider("gp-1", Profession.GENERAL_PRACTITIONER)
MIDWIFE = provider("mw-1", Profession.MIDWIFE)
GYNAECOLOGIST = provider("gyn-1", Profession.GYNAECOLOGIST)
NURSE = provider("nurse-1", Profession.NURSE)
PAEDIATRICIAN = provider("ped-1", Profession.PAEDIATRICIAN)
PSYCHOLOGIST = provider("psy-1", Profession.CLINICAL_PSYCHOLOGIST)
SOCIAL_WORKER = provider(
    "sw-1", Profession.SOCIAL_WORKER, organisation_id="caw-1", funding=FundingType.FLEMISH
)
CASE_MANAGER_ORG = provider(
    "cm-1",
    Profession.SOCIAL_WORKER,
    organisation_id="cmorg-1",
    funding=FundingType.FLEMISH,
    recognised_for_case_management=True,
)


def participant(who: Provider, minutes: int) -> ConsultationParticipant:
    return ConsultationParticipant(who.professional_id, who.profession, who.funding, minutes)


def snapshot(**overrides: Any) -> PregnancySnapshot:
    base = PregnancySnapshot(
        pregnancy_id="preg-1",
        client_pseudonym="client-1",
        expected_delivery_date=EDD,
        scenario=Scenario.B,
        exception=False,
        birth_date=BIRTH,
        screenings=(ScreeningRecord("scr-1", date(2025, 11, 10), ScreeningStatus.COMPLETED, "gp-1"),),
        ppa_sessions=(
            PpaSession("ppa-1", date(2025, 11, 20), "gp-1"),
            PpaSession("ppa-2", date(2026, 3, 10), "mw-1"),
            PpaSession("ppa-3", date(2026, 5, 5), "gp-1"),
        ),
        coordinator_appointments=(
            CoordinatorAppointment("app-1", "team-1", "nurse-1", COORDINATION_START, platform="BIB"),
        ),
        case_management_interventions=(
            CaseManagementIntervention(
                "int-1", "team-1", "cmorg-1", "cm-1", date(2026, 1, 5), date(2026, 3, 31), platform="BIB"
            ),
        ),
        consultations=(
            Consultation(
                "cons-1",
                "team-1",
                date(2026, 2, 10),
                tuple(
                    participant(p, 75)
                    for p in (GP, MIDWIFE, NURSE, GYNAECOLOGIST, PAEDIATRICIAN, SOCIAL_WORKER)
                ),
            ),
            Consultation(
                "cons-2",
                "team-1",
                date(2026, 4, 14),
                (participant(GP, 45), participant(MIDWIFE, 45), participant(NURSE, 45)),
                other_attendees=1,
            ),
        ),
    )
    return replace(base, **overrides)


DEFAULT_DATES: dict[Act, date] = {
    Act.SCREENING: date(2025, 11, 10),
    Act.PRENATAL_ADVICE_SESSION: date(2025, 11, 20),
    Act.COORDINATION_YEAR: COORDINATION_START,
    Act.PERINATAL_CONSULTATION: date(2026, 2, 10),
    Act.CASE_MANAGEMENT: date(2026, 1, 5),
    Act.LEGACY_MDO: date(2026, 2, 20),
}


def claim(act: Act, *, claim_id: str = "c-1", **overrides: Any) -> Claim:
    """A claim for the default trajectory; the provider and payer follow the act unless overridden."""
    per_act: dict[Act, dict[str, Any]] = {
        Act.SCREENING: {"provider": GP},
        Act.PRENATAL_ADVICE_SESSION: {"provider": GP},
        Act.COORDINATION_YEAR: {"provider": NURSE, "team_id": "team-1", "period_end": date(2026, 11, 30)},
        Act.PERINATAL_CONSULTATION: {"provider": GP, "team_id": "team-1", "minutes": 60},
        Act.CASE_MANAGEMENT: {
            "provider": CASE_MANAGER_ORG,
            "team_id": "team-1",
            "payer": Payer.FLEMISH,
            "period_end": date(2026, 3, 31),
        },
        Act.LEGACY_MDO: {"provider": GP, "payer": Payer.FLEMISH, "pregnancy_id": None},
    }
    defaults = per_act[act]
    fields: dict[str, Any] = {
        "claim_id": claim_id,
        "act": act,
        "client_pseudonym": "client-1",
        "pregnancy_id": "preg-1",
        "payer": Payer.FEDERAL,
        "act_date": DEFAULT_DATES[act],
        **defaults,
        **overrides,
    }
    return Claim(**fields)


def accepted(item: Claim, amount: str | Decimal = "0", units: int | None = None) -> AcceptedClaim:
    return AcceptedClaim(item, Money.of(amount), units)


def assess(
    item: Claim,
    *,
    snap: PregnancySnapshot | None = None,
    accepted_claims: Sequence[AcceptedClaim] = (),
    tariffs: TariffTable = TARIFFS,
    policy: Policy = POLICY,
    today: date = TODAY,
    no_snapshot: bool = False,
) -> Decision:
    return assess_claim(
        item,
        snapshot=None if no_snapshot else (snap or snapshot()),
        accepted_claims=accepted_claims,
        tariffs=tariffs,
        policy=policy,
        today=today,
    )


def pay(decision: Decision, item: Claim) -> AcceptedClaim:
    """What the use case stores once a payable decision is paid."""
    return decision.accepted_claim(item)
