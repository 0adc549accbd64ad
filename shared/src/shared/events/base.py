"""Base class of every event payload: typed, frozen, versioned.

Versioning rule (style guide C6): adding an optional field keeps the version; renaming, removing or changing
the meaning of a field needs a new class ``...V2`` published beside V1 until every consumer has moved.
`tests/contract` snapshots the JSON Schema of every registered payload so a breaking change fails CI.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class EventPayload(BaseModel):
    """A versioned event payload. Subclasses set `event_type`, `event_version` and `topic`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    topic: ClassVar[str]
    summary: ClassVar[str] = ""
