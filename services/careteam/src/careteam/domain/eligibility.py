"""Perinatal eligibility from the screening scenario (CT-19, SCR-05, SCR-06)."""

from __future__ import annotations

from careteam.domain import errors
from careteam.domain.model import ClientEligibility, Refusal, Scenario

GROUND_SCENARIO_B = "CT_19_SCENARIO_B"
"""Ground code: the client is in scenario B (at least 2 indicators)."""

GROUND_EXCEPTION_PATH = "SCR_06_EXCEPTION_PATH"
"""Ground code: included through the exception path (risk clearly present, no tool result)."""


def scenario_b_refusal(eligibility: ClientEligibility) -> Refusal | None:
    """Refuse unless scenario B or the exception; an unknown scenario refuses as SCENARIO_NOT_YET_KNOWN (CT-19)."""
    if eligibility.exception or eligibility.scenario is Scenario.B:
        return None
    if eligibility.scenario is None:
        return Refusal(
            errors.ScenarioNotYetKnown,
            "the screening scenario is not known yet; scenario B or the exception path is required",
        )
    return Refusal(
        errors.ScenarioBRequired,
        f"scenario {eligibility.scenario.value} does not unlock this; scenario B or the exception path is required",
    )


def scenario_b_ground(eligibility: ClientEligibility) -> str | None:
    """Return the ground that satisfies CT-19 (scenario B first, else the SCR-06 exception), or None."""
    if eligibility.scenario is Scenario.B:
        return GROUND_SCENARIO_B
    if eligibility.exception:
        return GROUND_EXCEPTION_PATH
    return None
