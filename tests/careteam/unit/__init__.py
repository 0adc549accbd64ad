"""Unit tests of the careteam domain, plus the small builders they share.

The builders live here rather than in a ``builders.py`` module so that this package stays self-contained;
they go through the real domain functions so that every fixture state is one the rules allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from careteam.domain import case_management, coordination, team
from careteam.domain.calendar import add_months
from careteam.domain.model import (
    CareTeam,
    Client,
    ClientEligibility,
    FundingType,
    InformalCarer,
    LifeDomain,
    PersonRef,
    Professional,
    Scenario,
)
from careteam.domain.roles import (
    CaseManagement,
    CaseManagementType,
    ClientConsent,
    CoordinatorAppointment,
    JumpStartCondition,
    RecognisedOrganisation,
    TeamDeliberation,
)

TEAM_START = date(2026, 1, 5)
CLIENT = Client("client-pseudo-1")
PARTNER = InformalCarer("carer-partner", relation="partner", is_representative=True)
SISTER = InformalCarer("carer-sister", relation="sister")

SCENARIO_B = ClientEligibility(Scenario.B)
SCENARIO_A = ClientEligibility(Scenario.A)
SCENARIO_UNKNOWN = ClientEligibility(None)
EXCEPTION_PATH = ClientEligibility(None, exception=True)

CM_ORG = "org-cm-1"
REGION = "ELZ Zora"


def professional(
    professional_id: str,
    *,
    profession: str = "midwife",
    organisation_id: str = "org-care",
    funding_type: FundingType = FundingType.FEDERAL,
    life_domain: LifeDomain = LifeDomain.CARE_AND_WELFARE,
    coordination_in_mission: bool = False,
) -> Professional:
    return Professional(
        professional_id=professional_id,
        profession=profession,
        organisation_id=organisation_id,
        funding_type=funding_type,
        life_domain=life_domain,
        coordination_in_mission=coordination_in_mission,
    )


MIDWIFE = professional("pro-midwife", profession="midwife")
GP = professional("pro-gp", profession="general_practitioner")
SOCIAL_WORKER = professional(
    "pro-caw", profession="social_worker", organisation_id="org-caw", funding_type=FundingType.FLEMISH
)
KIND_EN_GEZIN_NURSE = professional(
    "pro-keg",
    profession="child_health_nurse",
    organisation_id="org-kind-en-gezin",
    funding_type=FundingType.FLEMISH,
    coordination_in_mission=True,
)
CASE_MANAGER = professional(
    "pro-cm", profession="case_manager", organisation_id=CM_ORG, funding_type=FundingType.FLEMISH
)


def agreement(pro: Professional, change: team.MembershipChange, on: date) -> team.ClientAgreement:
    return team.ClientAgreement(pro.professional_id, change, CLIENT.ref, on)


def make_team(
    *,
    established_on: date = TEAM_START,
    professionals: Iterable[Professional] = (MIDWIFE, GP, SOCIAL_WORKER),
    carers: Iterable[InformalCarer] = (PARTNER, SISTER),
) -> CareTeam:
    result = team.start_team(
        team_id="team-1", client=CLIENT, pregnancy_id="preg-1", established_on=established_on
    )
    for carer in carers:
        result = team.add_informal_carer(result, carer, on=established_on)
    for pro in professionals:
        result = team.add_professional(
            result,
            pro,
            on=established_on,
            agreement=agreement(pro, team.MembershipChange.ADD, established_on),
        )
    return result


def consent(coordinator: PersonRef, on: date) -> ClientConsent:
    return ClientConsent(given_by=CLIENT.ref, given_on=on, coordinator=coordinator)


def deliberation(on: date, *participants: PersonRef) -> TeamDeliberation:
    return TeamDeliberation(
        held_on=on, participants=frozenset(participants or (CLIENT.ref, MIDWIFE.ref, GP.ref))
    )


def appoint(
    care_team: CareTeam,
    coordinator: PersonRef,
    on: date,
    *,
    appointment_id: str = "appt-1",
    appointments: Sequence[CoordinatorAppointment] = (),
    case_managements: Sequence[CaseManagement] = (),
) -> CoordinatorAppointment:
    return coordination.appoint_coordinator(
        care_team,
        coordinator,
        appointment_id=appointment_id,
        on=on,
        consent=consent(coordinator, on),
        deliberation=deliberation(on),
        appointments=appointments,
        case_managements=case_managements,
    )


def register(
    *, recognised_from: date = date(2025, 1, 1), recognised_to: date | None = date(2028, 12, 31)
) -> tuple[RecognisedOrganisation, ...]:
    return (
        RecognisedOrganisation(
            organisation_id=CM_ORG,
            name="Casemanagement Zuid",
            recognised_from=recognised_from,
            recognised_to=recognised_to,
            regions=frozenset({REGION, "44021"}),
        ),
    )


def request_cm(
    care_team: CareTeam,
    requested_on: date,
    *,
    request_id: str = "cm-1",
    existing: Sequence[CaseManagement] = (),
) -> CaseManagement:
    return case_management.request_case_management(
        care_team,
        request_id=request_id,
        request_type=CaseManagementType.JUMP_START,
        requested_on=requested_on,
        requested_by=CLIENT.ref,
        organisation_id=CM_ORG,
        region=REGION,
        register=register(),
        existing=existing,
        conditions={JumpStartCondition.TOO_COMPLEX_TO_START},
    )


def running_cm(
    care_team: CareTeam,
    requested_on: date,
    *,
    case_manager: Professional = CASE_MANAGER,
    request_id: str = "cm-1",
    months: int = 3,
    appointments: Sequence[CoordinatorAppointment] = (),
    existing: Sequence[CaseManagement] = (),
) -> CaseManagement:
    episode = request_cm(care_team, requested_on, request_id=request_id, existing=existing)
    episode = case_management.schedule_intake(episode, scheduled_on=requested_on, intake_on=requested_on)
    return case_management.start_intervention(
        care_team,
        episode,
        case_manager,
        started_on=requested_on,
        planned_end_on=add_months(requested_on, months),
        appointments=appointments,
        case_managements=existing,
    )
