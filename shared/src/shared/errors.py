"""Domain error tree shared by every service.

The domain raises these; `shared.api.register_error_handlers` maps the semantic bases to HTTP status codes
in one place and renders RFC 9457 problem+json. The domain never knows about HTTP. Every concrete error has
a stable `code` (SCREAMING_SNAKE, often naming a rule, e.g. ``SCR_07_SCREENING_TOO_LATE``) that clients and
tests may rely on; the human `detail` may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every expected, client-caused failure. Subclass one of the semantic bases below."""

    code: ClassVar[str] = "DOMAIN_ERROR"
    title: ClassVar[str] = "Domain rule violated"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        rule: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code  # type: ignore[misc]  # instance override of the class default is intended
        self.rule = rule
        self.extra: dict[str, Any] = dict(extra or {})

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


class NotFound(DomainError):
    """The addressed resource does not exist (HTTP 404)."""

    code = "NOT_FOUND"
    title = "Resource not found"


class Conflict(DomainError):
    """The request conflicts with the current state, e.g. a duplicate (HTTP 409)."""

    code = "CONFLICT"
    title = "Conflict with the current state"


class RuleViolated(DomainError):
    """A business rule refuses the request (HTTP 422)."""

    code = "RULE_VIOLATED"
    title = "Business rule violated"


class InvalidInput(DomainError):
    """The input is well-formed JSON but semantically invalid, e.g. a bad check digit (HTTP 422)."""

    code = "INVALID_INPUT"
    title = "Invalid input"


class PermissionDenied(DomainError):
    """The principal may not do this to this resource (HTTP 403)."""

    code = "PERMISSION_DENIED"
    title = "Permission denied"


class Unauthenticated(DomainError):
    """No valid credentials were presented (HTTP 401)."""

    code = "UNAUTHENTICATED"
    title = "Authentication required"
