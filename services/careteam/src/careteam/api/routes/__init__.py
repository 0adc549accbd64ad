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

NOT_IN_TEAM = (
    "403 Q_16_NOT_IN_TEAM for a professional who is not a member, the coordinator or the case manager of the team "
    "(admin and ops see all teams)."
)

IDEMPOTENT = (
    "Send an `Idempotency-Key` header to make a retry safe: the same key with the same request returns the first "
    "answer (the resource as it is now) and stores nothing twice, also when both arrive at once; the same key "
    "with another request is 409 IDEMPOTENCY_KEY_REUSED."
)
