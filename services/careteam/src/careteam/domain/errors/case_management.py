"""Case management: request, intake, intervention, follow-up (CT-30..CT-36) and its limits next to
coordination (CT-40..CT-45).
"""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolated


class CaseManagementNotFound(CareteamError, NotFound):
    code = "CT_33_CASE_MANAGEMENT_NOT_FOUND"
    rule_id = "CT-33"


class OrganisationNotFound(CareteamError, NotFound):
    code = "CT_35_ORGANISATION_NOT_FOUND"
    rule_id = "CT-35"


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
