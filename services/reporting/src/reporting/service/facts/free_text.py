"""Free text is dropped from a payload before it is stored or mapped (DP-07: nothing written about a person)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

FREE_TEXT_FIELDS: Final = frozenset(
    {
        "detail",
        "correction_reason",
        "comment",
        "comments",
        "note",
        "notes",
        "remark",
        "remarks",
        "description",
        "justification",
        "free_text",
    }
)
FREE_TEXT_MIN_WORDS: Final = 4
_SCALARS: Final = (str, int, float)


def scrub_free_text(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Drop free text from a payload before it is stored or mapped (DP-07: nothing written about a person).

    Known free-text fields go, and so does any other string of several words: reporting needs codes,
    ids, dates and amounts only. Applied before the event log stores the payload, so a rebuild maps
    exactly what the consumer mapped. (Runs for every consumed event: scalars take the short way.)
    """
    scrubbed: dict[str, Any] = {}
    for key, value in payload.items():
        if key in FREE_TEXT_FIELDS:
            continue
        if isinstance(value, str):
            if len(value.split()) < FREE_TEXT_MIN_WORDS:
                scrubbed[key] = value
        else:
            scrubbed[key] = _scrubbed(value)
    return scrubbed


def _free_text(key: str, value: Any) -> bool:
    if key in FREE_TEXT_FIELDS:
        return True
    return isinstance(value, str) and len(value.split()) >= FREE_TEXT_MIN_WORDS


def _scrubbed(value: Any) -> Any:
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, Mapping):
        return scrub_free_text(value)
    if isinstance(value, list):
        return [_scrubbed(item) for item in value if not _free_text("", item)]
    return value
