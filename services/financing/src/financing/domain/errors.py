"""Financing domain errors: subclasses of the semantic bases in `shared.errors`.

Rule functions never raise for a refused claim: they return a `Decision` with reason codes, and the use case
decides whether to raise `ClaimRejected` / `DoubleFundingDetected`. The errors below are for values that
cannot exist at all (a float amount, overlapping tariffs, an unknown payer organisation code).
"""

from __future__ import annotations

from shared.errors import InvalidInput, NotFound, RuleViolated


class InvalidMoney(InvalidInput):
    """An amount is not a finite Decimal (floats are refused: money is never binary floating point)."""

    code = "FIN_INVALID_MONEY"


class InvalidPeriod(InvalidInput):
    """A period ends before it starts."""

    code = "FIN_INVALID_PERIOD"


class InvalidClaim(InvalidInput):
    """A claim lacks a field its act needs (e.g. minutes for a consultation, a team for coordination)."""

    code = "FIN_INVALID_CLAIM"


class InvalidTariffTable(InvalidInput):
    """Two tariffs for the same act and payer overlap in time, or a validity period is inverted (Q-17)."""

    code = "FIN_INVALID_TARIFF_TABLE"


class InvalidPolicy(InvalidInput):
    """A policy value is out of range (e.g. a non-positive cap)."""

    code = "FIN_INVALID_POLICY"


class InvalidBudget(InvalidInput):
    """A budget is not strictly positive (FIN-50)."""

    code = "FIN_INVALID_BUDGET"


class UnknownPayerOrganisation(NotFound):
    """No mutuality or care fund has this code."""

    code = "FIN_PAYER_ORGANISATION_UNKNOWN"


class ClaimNotPayable(RuleViolated):
    """A decision that is not ACCEPTED or REDUCED was turned into a payment."""

    code = "FIN_CLAIM_NOT_PAYABLE"


class ClaimRejected(RuleViolated):
    """The use case refuses a claim; `extra["reasons"]` holds the stable reason codes."""

    code = "FIN_CLAIM_REJECTED"


class ClaimNotApprovable(RuleViolated):
    """A finance officer tried to release a claim that a blocking rule refuses (REVIEW never overrides BLOCK)."""

    code = "FIN_REVIEW_BLOCKED"


class DoubleFundingDetected(RuleViolated):
    """The claim would fund the same act or role twice (DF-1, DF-2, DF-3)."""

    code = "DF_DOUBLE_FUNDING"
