"""The care team and its membership (CT-01, CT-02, Q-19)."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import Conflict, NotFound, RuleViolated


class TeamNotFound(CareteamError, NotFound):
    code = "TEAM_NOT_FOUND"


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
