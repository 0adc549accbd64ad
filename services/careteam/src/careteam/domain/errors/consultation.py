"""The perinatal consultation (CT-50, CT-51, Q-23)."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import InvalidInput, NotFound, RuleViolated


class ConsultationNotFound(CareteamError, NotFound):
    code = "CT_50_CONSULTATION_NOT_FOUND"
    rule_id = "CT-50"


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
