"""Coordination: appointing, handing over, re-evaluating and ending it (CT-10..CT-19)."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolated


class AppointmentNotFound(CareteamError, NotFound):
    code = "CT_13_APPOINTMENT_NOT_FOUND"
    rule_id = "CT-13"


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
