"""Thin routers: parse the body, build a command, call the use case, map the result to a read model."""

from __future__ import annotations

from shared.auth import Role

TEAM_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR, Role.CASE_MANAGER, Role.ADMIN)
"""Who does team work: the care-planning front ends, coordinators and case managers (and admins)."""

OPS_ROLES = (Role.OPS, Role.ADMIN)
"""Who maintains the register of recognised organisations and runs the deadline check."""

NOT_YET_KNOWN = (
    "409 PREGNANCY_NOT_YET_KNOWN / SCENARIO_NOT_YET_KNOWN: the screening event careteam needs has not arrived "
    "yet; the same request succeeds once it has."
)
