"""What one logged event adds to the fact projection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from reporting.domain.model import Fact


@dataclass(frozen=True, slots=True)
class Projection:
    """What one event adds to the projection: its facts and how they relate to other events."""

    facts: tuple[Fact, ...] = ()
    client_key: str | None = None  # the client pseudonym: the key to the residence of its registration
    record_key: str | None = None  # the source record the facts come from, e.g. "screening:<id>"
    supersedes: str | None = None  # the record this event replaces; its facts stop counting


EMPTY: Final = Projection()
