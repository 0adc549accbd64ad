"""Set-based writes of the event log and the fact projection: one executemany INSERT per table per batch.

`ProjectionRows` collects the `event_log`, `fact` and `superseded_record` rows of many events and writes them
with one Core INSERT per table (asyncpg executemany: one prepared statement, no RETURNING, no ORM state).

- The consumer registers it as its batch writer (`ConsumerSpec.batch_writer`): the shared `BatchProcessor`
  makes one per transaction, the handler adds each event's rows to it (`HandlerContext.require_writer`), and
  the processor calls `flush` where it flushes the outbox, i.e. just before a consumed batch (one
  transaction) commits, so the batch costs three statements instead of one ORM object per row.
- On the careful replay (one savepoint per event, to dead-letter a poison event) the processor flushes
  before releasing each savepoint and calls `discard` when one is rolled back, so a bad row is isolated
  with its event exactly as with per-event ORM flushes.
- The rebuild fills one per partition of the log and calls `flush`.
- Rows keep the order in which they were added, so `event_log.seq` and `fact.id` follow the arrival order
  (the rebuild replays by `seq`, figures pick the latest registration by `id`).

The projection is append-only: there is no UPDATE and no upsert. A redelivered event never reaches the
handler (the shared inbox drops it in the same transaction), and a duplicate event id still fails on the
unique `event_log.event_id`, as it did before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.adapters import orm

Row = dict[str, Any]

_EVENT_LOG: Final = insert(orm.event_log)
_FACT: Final = insert(orm.fact)
_SUPERSEDED: Final = insert(orm.superseded_record)


@dataclass
class ProjectionRows:
    """Rows waiting to be written, in the order they were added (a `shared.kafka.consumer.BatchWriter`)."""

    event_log: list[Row] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)
    superseded: list[Row] = field(default_factory=list)

    def add(self, event_log: Row | None, facts: list[Row], superseded: list[Row]) -> None:
        """Add the rows of one event (all of them or, if building them failed, none)."""
        if event_log is not None:
            self.event_log.append(event_log)
        self.facts += facts
        self.superseded += superseded

    def __len__(self) -> int:
        return len(self.event_log) + len(self.facts) + len(self.superseded)

    def statements(self) -> list[tuple[Insert, list[Row]]]:
        """One executemany INSERT per table that has rows (event log first)."""
        return [
            (stmt, rows)
            for stmt, rows in (
                (_EVENT_LOG, self.event_log),
                (_FACT, self.facts),
                (_SUPERSEDED, self.superseded),
            )
            if rows
        ]

    async def flush(self, session: AsyncSession) -> None:
        """Write and forget the rows, in the caller's transaction (savepoint)."""
        for stmt, rows in self.statements():
            await session.execute(stmt, rows)
        self.discard()  # only after every statement succeeded: after a failed write the caller discards

    def discard(self) -> None:
        """Forget the rows (their savepoint or transaction was rolled back)."""
        self.event_log, self.facts, self.superseded = [], [], []
