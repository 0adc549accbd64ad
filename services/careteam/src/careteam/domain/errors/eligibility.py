"""Eligibility for coordination and consultation (CT-19, SCR-05/06)."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import Conflict, RuleViolated


class ScenarioNotYetKnown(CareteamError, Conflict):
    """409: the screening scenario has not reached careteam yet; the same request can succeed later."""

    code = "SCENARIO_NOT_YET_KNOWN"
    rule_id = "CT-19"


class ScenarioBRequired(CareteamError, RuleViolated):
    code = "CT_19_SCENARIO_B_REQUIRED"
    rule_id = "CT-19"
