"""Errors every use case may raise: generic input, and what careteam knows of the screening events."""

from __future__ import annotations

from careteam.domain.errors.base import CareteamError
from shared.errors import Conflict, InvalidInput, NotFound


class InvalidPeriod(CareteamError, InvalidInput):
    code = "INVALID_PERIOD"


class UnknownMunicipality(CareteamError, InvalidInput):
    """A NIS code is neither a current (2025) municipality nor a retired code with a known successor.

    The same code and rule as the residence check of the screening service (Q-05); ``extra`` names the
    ``field`` and the ``nis_code``.
    """

    code = "UNKNOWN_MUNICIPALITY"
    rule_id = "Q-05"


class PregnancyNotYetKnown(CareteamError, Conflict):
    """409: the pregnancy's registration event has not reached careteam yet; retry once it has."""

    code = "PREGNANCY_NOT_YET_KNOWN"
    rule_id = "Q-19"


class PregnancyNotKnown(CareteamError, NotFound):
    """404 on a read: careteam has no registration event for this pregnancy (yet)."""

    code = "PREGNANCY_NOT_KNOWN"


class DateInFuture(CareteamError, InvalidInput):
    """A fact (joining, appointment, consultation ...) is recorded with a date after today."""

    code = "DATE_IN_FUTURE"
