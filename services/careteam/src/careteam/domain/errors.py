"""Domain errors of the careteam service.

Every class has a stable ``code`` naming the rule it enforces and a ``rule_id`` (e.g. ``CT-13``) that is passed
on as the ``rule`` of the shared :class:`shared.errors.DomainError`. Rules return verdicts that hold these
classes; :func:`raise_if_refused` turns a refusing verdict into the first error, with every code in ``extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from shared.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied, RuleViolated


class CareteamError(DomainError):
    """Base of the careteam errors; mix in with one semantic base from ``shared.errors``."""

    code: ClassVar[str] = "CARETEAM_ERROR"
    rule_id: ClassVar[str] = ""

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        rule: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail, code=code, rule=rule or self.rule_id or None, extra=extra)


# --- generic input ---------------------------------------------------------------------------------------


class InvalidPeriod(CareteamError, InvalidInput):
    code = "INVALID_PERIOD"


class UnknownMunicipality(CareteamError, InvalidInput):
    """A NIS code is neither a current (2025) municipality nor a retired code with a known successor.

    The same code and rule as the residence check of the screening service (Q-05); ``extra`` names the
    ``field`` and the ``nis_code``.
    """

    code = "UNKNOWN_MUNICIPALITY"
    rule_id = "Q-05"


# --- eligibility (CT-19, SCR-05/06) ----------------------------------------------------------------------


class ScenarioNotYetKnown(CareteamError, Conflict):
    """409: the screening scenario has not reached careteam yet; the same request can succeed later."""

    code = "SCENARIO_NOT_YET_KNOWN"
    rule_id = "CT-19"


class ScenarioBRequired(CareteamError, RuleViolated):
    code = "CT_19_SCENARIO_B_REQUIRED"
    rule_id = "CT-19"


# --- what careteam knows (projections of the screening events) --------------------------------------------


class PregnancyNotYetKnown(CareteamError, Conflict):
    """409: the pregnancy's registration event has not reached careteam yet; retry once it has."""

    code = "PREGNANCY_NOT_YET_KNOWN"
    rule_id = "Q-19"


class PregnancyNotKnown(CareteamError, NotFound):
    """404 on a read: careteam has no registration event for this pregnancy (yet)."""

    code = "PREGNANCY_NOT_KNOWN"


class DateInFuture(CareteamError, InvalidInput):
    """A fact (joining, appointment, consultation ...) is recorded with a date after today."""

    code = "DATE_IN_FUTURE"


# --- addressed records -------------------------------------------------------------------------------------


class TeamNotFound(CareteamError, NotFound):
    code = "TEAM_NOT_FOUND"


class AppointmentNotFound(CareteamError, NotFound):
    code = "CT_13_APPOINTMENT_NOT_FOUND"
    rule_id = "CT-13"


class CaseManagementNotFound(CareteamError, NotFound):
    code = "CT_33_CASE_MANAGEMENT_NOT_FOUND"
    rule_id = "CT-33"


class OrganisationNotFound(CareteamError, NotFound):
    code = "CT_35_ORGANISATION_NOT_FOUND"
    rule_id = "CT-35"


class ConsultationNotFound(CareteamError, NotFound):
    code = "CT_50_CONSULTATION_NOT_FOUND"
    rule_id = "CT-50"


class CarePlanNotFound(CareteamError, NotFound):
    code = "CT_03_CARE_PLAN_NOT_FOUND"
    rule_id = "CT-03"


class CarePlanVersionConflict(CareteamError, Conflict):
    """The plan changed since the version the caller based the change on (optimistic concurrency)."""

    code = "CT_03_CARE_PLAN_VERSION_CONFLICT"
    rule_id = "CT-03"


class CarePlanGoalsRequired(CareteamError, InvalidInput):
    code = "CT_03_LIFE_AND_CARE_GOALS_REQUIRED"
    rule_id = "CT-03"


# --- team membership (CT-01, CT-02, Q-19) -----------------------------------------------------------------


class TeamAlreadyExists(CareteamError, Conflict):
    """Q-19: one care team per pregnancy (anchored on the pregnant woman and her family)."""

    code = "Q_19_TEAM_ALREADY_EXISTS"
    rule_id = "Q-19"


class AlreadyMember(CareteamError, Conflict):
    code = "CT_01_ALREADY_MEMBER"
    rule_id = "CT-01"


class MemberNotFound(CareteamError, NotFound):
    code = "CT_01_MEMBER_NOT_FOUND"
    rule_id = "CT-01"


class ClientAlwaysMember(CareteamError, RuleViolated):
    code = "CT_01_CLIENT_ALWAYS_MEMBER"
    rule_id = "CT-01"


class ClientAgreementRequired(CareteamError, RuleViolated):
    code = "CT_02_CLIENT_AGREEMENT_REQUIRED"
    rule_id = "CT-02"


class ChildAlreadyLinked(CareteamError, Conflict):
    code = "Q_19_CHILD_ALREADY_LINKED"
    rule_id = "Q-19"


# --- coordination (CT-10..CT-19) ---------------------------------------------------------------------------


class CoordinatorNotAMember(CareteamError, RuleViolated):
    code = "CT_10_COORDINATOR_NOT_A_MEMBER"
    rule_id = "CT-10"


class CoordinatorMustRemainMember(CareteamError, RuleViolated):
    code = "CT_44_COORDINATOR_MUST_REMAIN_MEMBER"
    rule_id = "CT-44"


class SecondActiveCoordinator(CareteamError, Conflict):
    code = "CT_13_SECOND_ACTIVE_COORDINATOR"
    rule_id = "CT-13"


class ClientConsentRequired(CareteamError, RuleViolated):
    code = "CT_15_CLIENT_CONSENT_REQUIRED"
    rule_id = "CT-15"


class TeamDeliberationRequired(CareteamError, RuleViolated):
    code = "CT_18A_TEAM_DELIBERATION_REQUIRED"
    rule_id = "CT-18a"


class DeliberationParticipantNotMember(CareteamError, InvalidInput):
    code = "CT_18A_DELIBERATION_PARTICIPANT_NOT_MEMBER"
    rule_id = "CT-18a"


class OutsideCoordinationWindow(CareteamError, RuleViolated):
    code = "CT_16_OUTSIDE_CARE_WINDOW"
    rule_id = "CT-16"


class CoordinationNotActive(CareteamError, Conflict):
    code = "CT_16_COORDINATION_NOT_ACTIVE"
    rule_id = "CT-16"


class ReevaluationWithoutCoordinator(CareteamError, RuleViolated):
    code = "CT_16_REEVALUATION_WITHOUT_COORDINATOR"
    rule_id = "CT-16"


# --- case management (CT-30..CT-36) ------------------------------------------------------------------------


class JumpStartConditionRequired(CareteamError, RuleViolated):
    code = "CT_31_JUMP_START_CONDITION_REQUIRED"
    rule_id = "CT-31"


class ConditionsOnlyForJumpStart(CareteamError, InvalidInput):
    code = "CT_31_CONDITIONS_ONLY_FOR_JUMP_START"
    rule_id = "CT-31"


class RequesterNotInClientContext(CareteamError, RuleViolated):
    code = "CT_31_REQUESTER_NOT_IN_CLIENT_CONTEXT"
    rule_id = "CT-31"


class OrganisationNotRecognised(CareteamError, RuleViolated):
    code = "CT_35_ORGANISATION_NOT_RECOGNISED"
    rule_id = "CT-35"


class RecognitionNotValidOnDate(CareteamError, RuleViolated):
    code = "CT_35_RECOGNITION_NOT_VALID_ON_DATE"
    rule_id = "CT-35"


class RegionNotCovered(CareteamError, RuleViolated):
    code = "CT_35_REGION_NOT_COVERED"
    rule_id = "CT-35"


class CaseManagerNotFromOrganisation(CareteamError, RuleViolated):
    code = "CT_35_CASE_MANAGER_NOT_FROM_ORGANISATION"
    rule_id = "CT-35"


class RequestWithdrawn(CareteamError, Conflict):
    code = "CT_33_REQUEST_WITHDRAWN"
    rule_id = "CT-33"


class IntakeAlreadyScheduled(CareteamError, Conflict):
    code = "CT_33_INTAKE_ALREADY_SCHEDULED"
    rule_id = "CT-33"


class IntakeRequired(CareteamError, Conflict):
    code = "CT_33_INTAKE_REQUIRED"
    rule_id = "CT-33"


class InterventionAlreadyStarted(CareteamError, Conflict):
    code = "CT_30_INTERVENTION_ALREADY_STARTED"
    rule_id = "CT-30"


class InterventionNotStarted(CareteamError, Conflict):
    code = "CT_34_INTERVENTION_NOT_STARTED"
    rule_id = "CT-34"


class InterventionAlreadyEnded(CareteamError, Conflict):
    code = "CT_34_INTERVENTION_ALREADY_ENDED"
    rule_id = "CT-34"


class InterventionNotEnded(CareteamError, Conflict):
    code = "CT_34_INTERVENTION_NOT_ENDED"
    rule_id = "CT-34"


class FollowUpAlreadyRecorded(CareteamError, Conflict):
    code = "CT_34_FOLLOW_UP_ALREADY_RECORDED"
    rule_id = "CT-34"


# --- coordinator vs case manager (CT-40..CT-45) ------------------------------------------------------------


class CoordinatorAndCaseManagerSamePerson(CareteamError, RuleViolated):
    code = "CT_40_COORDINATOR_AND_CASE_MANAGER_SAME_PERSON"
    rule_id = "CT-40"


class CaseManagementAlreadyOpen(CareteamError, Conflict):
    code = "CT_43_CASE_MANAGEMENT_ALREADY_OPEN"
    rule_id = "CT-43"


class SecondActiveCaseManager(CareteamError, Conflict):
    code = "CT_43_SECOND_ACTIVE_CASE_MANAGER"
    rule_id = "CT-43"


class CaseManagerIsMember(CareteamError, RuleViolated):
    code = "CT_44_CASE_MANAGER_IS_MEMBER"
    rule_id = "CT-44"


# --- perinatal consultation (CT-50/51, Q-23) ---------------------------------------------------------------


class NoCoordinatorOrCaseManager(CareteamError, RuleViolated):
    code = "CT_50_NO_COORDINATOR_OR_CASE_MANAGER"
    rule_id = "CT-50"


class OrganiserNotResponsible(CareteamError, RuleViolated):
    code = "CT_50_ORGANISER_NOT_COORDINATOR_OR_CASE_MANAGER"
    rule_id = "CT-50"


class OrganiserMustParticipate(CareteamError, RuleViolated):
    code = "CT_50_ORGANISER_MUST_PARTICIPATE"
    rule_id = "CT-50"


class TooFewParticipants(CareteamError, RuleViolated):
    code = "CT_50_TOO_FEW_PARTICIPANTS"
    rule_id = "CT-50"


class ClientParticipationRequired(CareteamError, RuleViolated):
    code = "CT_50_CLIENT_REQUIRED"
    rule_id = "CT-50"


class HealthInsuranceProfessionalRequired(CareteamError, RuleViolated):
    code = "CT_50_HEALTH_INSURANCE_PROFESSIONAL_REQUIRED"
    rule_id = "CT-50"


class OutsideConsultationWindow(CareteamError, RuleViolated):
    code = "CT_50_OUTSIDE_CARE_WINDOW"
    rule_id = "CT-50"


class DurationNotPositive(CareteamError, InvalidInput):
    code = "CT_50_DURATION_NOT_POSITIVE"
    rule_id = "CT-50"


class ParticipantUnknown(CareteamError, InvalidInput):
    """A participant is neither a member, the case manager, the client's designee nor described in full."""

    code = "CT_51_PARTICIPANT_UNKNOWN"
    rule_id = "CT-51"


class DuplicateParticipant(CareteamError, InvalidInput):
    code = "CT_50_DUPLICATE_PARTICIPANT"
    rule_id = "CT-51"


class ParticipantIsNotTheClient(CareteamError, InvalidInput):
    code = "CT_50_PARTICIPANT_IS_NOT_THE_CLIENT"
    rule_id = "CT-50"


# --- care plan (CT-03/04) ----------------------------------------------------------------------------------


class DuplicatePlanItem(CareteamError, InvalidInput):
    code = "CT_03_DUPLICATE_PLAN_ITEM"
    rule_id = "CT-03"


class GoalWithoutLifeGoal(CareteamError, RuleViolated):
    code = "CT_03_GOAL_WITHOUT_LIFE_GOAL"
    rule_id = "CT-03"


class TaskWithoutGoal(CareteamError, RuleViolated):
    code = "CT_03_TASK_WITHOUT_GOAL"
    rule_id = "CT-03"


class TaskNotFound(CareteamError, NotFound):
    code = "CT_03_TASK_NOT_FOUND"
    rule_id = "CT-03"


class TaskAssigneeNotAMember(CareteamError, RuleViolated):
    code = "CT_03_TASK_ASSIGNEE_NOT_A_MEMBER"
    rule_id = "CT-03"


class AgreementPartyNotAMember(CareteamError, RuleViolated):
    code = "CT_04_AGREEMENT_PARTY_NOT_A_MEMBER"
    rule_id = "CT-04"


class PlanVersionOutOfOrder(CareteamError, InvalidInput):
    code = "CT_03_PLAN_VERSION_OUT_OF_ORDER"
    rule_id = "CT-03"


# --- access (Q-16, DP-03) ----------------------------------------------------------------------------------


class AccessChangeNotByClient(CareteamError, RuleViolated):
    code = "Q_16_ACCESS_CHANGE_NOT_BY_CLIENT"
    rule_id = "DP-03"


class NotInTeam(CareteamError, PermissionDenied):
    """403: a professional sees and changes only the teams she is a member, coordinator or case manager of."""

    code = "Q_16_NOT_IN_TEAM"
    rule_id = "Q-16"


class OwnTeamsOnly(CareteamError, PermissionDenied):
    """403: the teams per professional are listed for that professional only (or for admin and ops)."""

    code = "Q_16_OWN_TEAMS_ONLY"
    rule_id = "Q-16"


ALL_ERRORS: tuple[type[CareteamError], ...] = tuple(
    cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, CareteamError) and cls is not CareteamError
)
"""Every careteam error class (for the API's error catalogue and the uniqueness test of codes)."""
