"""Typed reads of one logged payload dict, and the normalised values facts are made of (codes, digests, dates)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from reporting.domain import model
from reporting.domain.aggregation import UNSPECIFIED
from reporting.domain.dimensions import PERINATAL, is_programme_code
from reporting.domain.errors import InvalidFact
from reporting.domain.model import Scenario

LOCAL_TIMEZONE: Final = ZoneInfo("Europe/Brussels")

_NIS: Final = re.compile(r"[0-9]{5}")
_NOT_CODE: Final = re.compile(r"[^A-Z0-9_]+")
_CODE: Final = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_VALUE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")


def local_date(moment: datetime) -> date:
    """The Belgian calendar date of an aware timestamp."""
    if moment.tzinfo is None:
        raise InvalidFact("occurred_at must be timezone-aware")
    return moment.astimezone(LOCAL_TIMEZONE).date()


def professional_key(professional_id: object) -> str | None:
    """A stable digest of a professional id: distinct counts need equality only (REP-01, DP-07)."""
    if not isinstance(professional_id, str) or not professional_id.strip():
        return None
    digest = hashlib.blake2b(
        professional_id.strip().encode(), digest_size=16, person=b"reporting-pro"
    ).hexdigest()
    return f"pro-{digest}"


def code(value: object) -> str | None:
    """Normalise a code such as 'midwife' or 'HEALTH-INSURANCE' to 'MIDWIFE' / 'HEALTH_INSURANCE'."""
    if not isinstance(value, str):
        return None
    normalised = _NOT_CODE.sub("_", value.strip().upper()).strip("_")
    return normalised if _CODE.fullmatch(normalised) else (UNSPECIFIED if value.strip() else None)


class Payload:
    """Typed reads of one payload dict; a missing required field raises KeyError."""

    def __init__(self, event_type: str, version: int, data: Mapping[str, Any], event_day: date) -> None:
        self.event_type = event_type
        self.version = version
        self.data = data
        self.event_day = event_day

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return str(value) if value is not None and str(value).strip() else None

    def required(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise KeyError(name)
        return value

    def day(self, name: str) -> date:
        """The business date `name`, or the event's local date when the payload has none."""
        value = self.data.get(name)
        if value is None:
            return self.event_day
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def nis(self, name: str, source: Mapping[str, Any] | None = None) -> str | None:
        value = (self.data if source is None else source).get(name)
        return value if isinstance(value, str) and _NIS.fullmatch(value) else None

    def programme(self) -> str:
        value = self.text("programme")
        return value if value is not None and is_programme_code(value) else PERINATAL

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, Mapping) else {}

    def record(self, prefix: str, id_field: str) -> str:
        return f"{prefix}:{self.required(id_field)}"

    def supersedes(self, prefix: str) -> str | None:
        previous = self.text("supersedes")
        return None if previous is None else f"{prefix}:{previous}"


def attribute_value(value: object) -> str:
    """A coded attribute value; anything else (free text, empty) is UNSPECIFIED (DP-07)."""
    if isinstance(value, bool):
        return model.TRUE if value else model.FALSE
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _VALUE.fullmatch(value.strip()):
        return value.strip()
    return UNSPECIFIED


def scenario_of(value: object) -> Scenario | None:
    try:
        return Scenario(str(value)) if value is not None else None
    except ValueError:
        return None


def performer_fields(performer: Mapping[str, Any]) -> dict[str, Any]:
    """Fact fields of a Performer / TeamMember / ClaimProvider section."""
    return {
        "professional_id": professional_key(performer.get("professional_id") or performer.get("member_id")),
        "profession": code(performer.get("profession")),
        "funding_type": code(performer.get("funding_type")),
    }
