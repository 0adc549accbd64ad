"""Access to a team's data (Q-16, DP-03)."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import PermissionDenied, RuleViolated


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
