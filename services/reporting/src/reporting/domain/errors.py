"""Errors raised by the reporting domain (semantic bases from `shared.errors`)."""

from __future__ import annotations

from shared.errors import InvalidInput


class InvalidFact(InvalidInput):
    """A fact record breaks the pseudonymous fact contract (DP-07: no names, national numbers or free text)."""

    code = "REPORTING_INVALID_FACT"
    title = "Invalid reporting fact"


class InvalidReportRequest(InvalidInput):
    """A report parameter is out of range, e.g. a small-cell threshold below 1 (DP-07)."""

    code = "REPORTING_INVALID_REQUEST"
    title = "Invalid report request"
