"""Domain errors of the careteam service.

Every class has a stable ``code`` naming the rule it enforces and a ``rule_id`` (e.g. ``CT-13``) that is passed
on as the ``rule`` of the shared :class:`shared.errors.DomainError`. Rules return verdicts that hold these
classes; :func:`raise_if_refused` turns a refusing verdict into the first error, with every code in ``extra``.

One module per concept: ``common`` (generic input, what careteam knows), ``eligibility``, ``team``,
``coordination``, ``case_management``, ``consultation``, ``care_plan`` and ``access``; import the classes from
``careteam.domain.errors``.
"""

from __future__ import annotations

from careteam.domain.errors import (
    access,
    care_plan,
    case_management,
    common,
    consultation,
    coordination,
    eligibility,
    team,
)
from careteam.domain.errors.access import AccessChangeNotByClient, NotInTeam, OwnTeamsOnly
from careteam.domain.errors.base import CareteamError
from careteam.domain.errors.care_plan import (
    AgreementPartyNotAMember,
    CarePlanGoalsRequired,
    CarePlanNotFound,
    CarePlanVersionConflict,
    DuplicatePlanItem,
    GoalWithoutLifeGoal,
    PlanVersionOutOfOrder,
    TaskAssigneeNotAMember,
    TaskNotFound,
    TaskWithoutGoal,
)
from careteam.domain.errors.case_management import (
    CaseManagementAlreadyOpen,
    CaseManagementNotFound,
    CaseManagerIsMember,
    CaseManagerNotFromOrganisation,
    ConditionsOnlyForJumpStart,
    CoordinatorAndCaseManagerSamePerson,
    FollowUpAlreadyRecorded,
    IntakeAlreadyScheduled,
    IntakeRequired,
    InterventionAlreadyEnded,
    InterventionAlreadyStarted,
    InterventionNotEnded,
    InterventionNotStarted,
    JumpStartConditionRequired,
    OrganisationNotFound,
    OrganisationNotRecognised,
    RecognitionNotValidOnDate,
    RegionNotCovered,
    RequesterNotInClientContext,
    RequestWithdrawn,
    SecondActiveCaseManager,
)
from careteam.domain.errors.common import (
    DateInFuture,
    InvalidPeriod,
    PregnancyNotKnown,
    PregnancyNotYetKnown,
    UnknownMunicipality,
)
from careteam.domain.errors.consultation import (
    ClientParticipationRequired,
    ConsultationNotFound,
    DuplicateParticipant,
    DurationNotPositive,
    HealthInsuranceProfessionalRequired,
    NoCoordinatorOrCaseManager,
    OrganiserMustParticipate,
    OrganiserNotResponsible,
    OutsideConsultationWindow,
    ParticipantIsNotTheClient,
    ParticipantUnknown,
    TooFewParticipants,
)
from careteam.domain.errors.coordination import (
    AppointmentNotFound,
    ClientConsentRequired,
    CoordinationNotActive,
    CoordinatorMustRemainMember,
    CoordinatorNotAMember,
    DeliberationParticipantNotMember,
    OutsideCoordinationWindow,
    ReevaluationWithoutCoordinator,
    SecondActiveCoordinator,
    TeamDeliberationRequired,
)
from careteam.domain.errors.eligibility import ScenarioBRequired, ScenarioNotYetKnown
from careteam.domain.errors.team import (
    AlreadyMember,
    ChildAlreadyLinked,
    ClientAgreementRequired,
    ClientAlwaysMember,
    MemberNotFound,
    TeamAlreadyExists,
    TeamNotFound,
)

ALL_ERRORS: tuple[type[CareteamError], ...] = tuple(
    cls
    for module in (common, eligibility, team, coordination, case_management, consultation, care_plan, access)
    for cls in vars(module).values()
    if isinstance(cls, type) and issubclass(cls, CareteamError) and cls is not CareteamError
)
"""Every careteam error class (for the API's error catalogue and the uniqueness test of codes)."""

__all__ = [
    "ALL_ERRORS",
    "AccessChangeNotByClient",
    "AgreementPartyNotAMember",
    "AlreadyMember",
    "AppointmentNotFound",
    "CarePlanGoalsRequired",
    "CarePlanNotFound",
    "CarePlanVersionConflict",
    "CareteamError",
    "CaseManagementAlreadyOpen",
    "CaseManagementNotFound",
    "CaseManagerIsMember",
    "CaseManagerNotFromOrganisation",
    "ChildAlreadyLinked",
    "ClientAgreementRequired",
    "ClientAlwaysMember",
    "ClientConsentRequired",
    "ClientParticipationRequired",
    "ConditionsOnlyForJumpStart",
    "ConsultationNotFound",
    "CoordinationNotActive",
    "CoordinatorAndCaseManagerSamePerson",
    "CoordinatorMustRemainMember",
    "CoordinatorNotAMember",
    "DateInFuture",
    "DeliberationParticipantNotMember",
    "DuplicateParticipant",
    "DuplicatePlanItem",
    "DurationNotPositive",
    "FollowUpAlreadyRecorded",
    "GoalWithoutLifeGoal",
    "HealthInsuranceProfessionalRequired",
    "IntakeAlreadyScheduled",
    "IntakeRequired",
    "InterventionAlreadyEnded",
    "InterventionAlreadyStarted",
    "InterventionNotEnded",
    "InterventionNotStarted",
    "InvalidPeriod",
    "JumpStartConditionRequired",
    "MemberNotFound",
    "NoCoordinatorOrCaseManager",
    "NotInTeam",
    "OrganisationNotFound",
    "OrganisationNotRecognised",
    "OrganiserMustParticipate",
    "OrganiserNotResponsible",
    "OutsideConsultationWindow",
    "OutsideCoordinationWindow",
    "OwnTeamsOnly",
    "ParticipantIsNotTheClient",
    "ParticipantUnknown",
    "PlanVersionOutOfOrder",
    "PregnancyNotKnown",
    "PregnancyNotYetKnown",
    "RecognitionNotValidOnDate",
    "ReevaluationWithoutCoordinator",
    "RegionNotCovered",
    "RequestWithdrawn",
    "RequesterNotInClientContext",
    "ScenarioBRequired",
    "ScenarioNotYetKnown",
    "SecondActiveCaseManager",
    "SecondActiveCoordinator",
    "TaskAssigneeNotAMember",
    "TaskNotFound",
    "TaskWithoutGoal",
    "TeamAlreadyExists",
    "TeamDeliberationRequired",
    "TeamNotFound",
    "TooFewParticipants",
    "UnknownMunicipality",
]
