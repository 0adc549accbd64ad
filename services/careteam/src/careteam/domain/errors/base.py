"""The base of the careteam errors: a stable ``code`` and the ``rule_id`` it enforces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from shared.errors import DomainError


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
