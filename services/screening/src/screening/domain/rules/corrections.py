"""Corrections: a record supersedes an earlier one of its kind, with a reason (SCR-05, FIN-11, SCR-10)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from screening.domain.errors import (
    CorrectionReasonRequired,
    CorrectionReasonWithoutCorrection,
    RecordAlreadySuperseded,
    SupersededRecordNotFound,
)
from screening.domain.model import Correctable

_C = TypeVar("_C", bound=Correctable)


def superseded_record_ids(history: Iterable[Correctable]) -> frozenset[str]:
    """SCR-05, FIN-11, SCR-10: ids of records replaced by a correction (`supersedes` and `superseded_by` links)."""
    superseded: set[str] = set()
    for record in history:
        if record.supersedes is not None:
            superseded.add(record.supersedes)
        if record.superseded_by is not None:
            superseded.add(record.record_id)
    return frozenset(superseded)


def current_records(history: Iterable[_C]) -> list[_C]:
    """SCR-05, FIN-11, SCR-10: the records of a history that no correction superseded, in their order."""
    history = list(history)
    superseded = superseded_record_ids(history)
    return [record for record in history if record.record_id not in superseded]


def check_supersedes_target(
    target: str, history: Sequence[Correctable], *, record_id: str | None = None
) -> None:
    """SCR-05, FIN-11, SCR-10: `target` is an existing, not yet superseded record of `history`, not `record_id`."""
    others = [r for r in history if r.record_id != record_id]
    targets = [r for r in others if r.record_id == target]
    if target == record_id or not targets:
        raise SupersededRecordNotFound("The corrected record does not exist in this pregnancy's history.")
    # A back-link to this very correction (written before the check) is not a competing correction.
    if any(r.supersedes == target for r in others) or any(
        r.superseded_by not in (None, record_id) for r in targets
    ):
        raise RecordAlreadySuperseded("The corrected record was already superseded by another correction.")


def check_correction(record: Correctable, history: Sequence[Correctable]) -> None:
    """SCR-05, FIN-11, SCR-10: a correction supersedes an existing, not yet superseded, other record."""
    if record.supersedes is not None:
        check_supersedes_target(record.supersedes, history, record_id=record.record_id)


def check_correction_reason(record: Correctable) -> None:
    """SCR-05, FIN-11, SCR-10: a correction says why it supersedes a record; a reason without correction is refused."""
    has_reason = bool((record.correction_reason or "").strip())
    if record.supersedes is not None and not has_reason:
        raise CorrectionReasonRequired("A correction must state why it supersedes the earlier record.")
    if record.supersedes is None and has_reason:
        raise CorrectionReasonWithoutCorrection("A correction reason needs the record it supersedes.")
