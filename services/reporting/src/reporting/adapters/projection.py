"""Set-based writes of the event log and the fact projection: one executemany INSERT per table per batch.

`ProjectionRows` collects the `event_log`, `fact` and `superseded_record` rows of many events and writes them
with one Core INSERT per table (asyncpg executemany: one prepared statement, no RETURNING, no ORM state).
The rebuild fills one per partition of the log and calls `write`. The consumer, whose handler is called once
per event by the shared `BatchProcessor`, gets the rows of its transaction from `transaction_rows(session)`:

- they are written just before the transaction commits, and before each savepoint is released, so a whole
  consumed batch (one transaction) costs three statements instead of one ORM object per row;
- rows added inside a savepoint that is rolled back are dropped with it, and rows of a failed write stay
  with the scope that added them. So the shared loop's careful path (one savepoint per event, to dead-letter
  a poison event) isolates a bad row exactly as it did with per-event ORM flushes;
- rows keep the order in which they were added, so `event_log.seq` and `fact.id` follow the arrival order,
  as before (the rebuild replays by `seq`, figures pick the latest registration by `id`).

The projection is append-only: there is no UPDATE and no upsert. A redelivered event never reaches the
handler (the shared inbox drops it in the same transaction), and a duplicate event id still fails on the
unique `event_log.event_id`, as it did before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Insert, event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from reporting.adapters import orm

Row = dict[str, Any]

_EVENT_LOG: Final = insert(orm.event_log)
_FACT: Final = insert(orm.fact)
_SUPERSEDED: Final = insert(orm.superseded_record)
_SESSION_KEY: Final = "reporting.projection_rows"


@dataclass
class ProjectionRows:
    """Rows waiting to be written, in the order they were added."""

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

    def clear(self) -> None:
        self.event_log, self.facts, self.superseded = [], [], []

    def mark(self) -> tuple[int, int, int]:
        return len(self.event_log), len(self.facts), len(self.superseded)

    def truncate(self, mark: tuple[int, int, int]) -> None:
        """Drop the rows added after `mark` (their savepoint was rolled back)."""
        del self.event_log[mark[0] :], self.facts[mark[1] :], self.superseded[mark[2] :]

    async def write(self, session: AsyncSession) -> None:
        """Write and forget the rows, in the caller's transaction (the rebuild's path)."""
        for stmt, rows in self.statements():
            await session.execute(stmt, rows)
        self.clear()

    def write_sync(self, session: Session) -> None:
        """`write` from a session event hook (SQLAlchemy runs those inside the async session's greenlet)."""
        for stmt, rows in self.statements():
            session.execute(stmt, rows)
        self.clear()  # only after every statement succeeded: a failed write leaves the rows to their scope


class _TransactionRows(ProjectionRows):
    """The rows of one session, tied to its transactions by session events (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._savepoints: dict[SessionTransaction, tuple[int, int, int]] = {}

    def attach(self, session: Session) -> None:
        event.listen(session, "after_transaction_create", self._on_begin)
        event.listen(session, "before_commit", self._on_commit)
        event.listen(session, "after_transaction_end", self._on_end)

    def _on_begin(self, _session: Session, transaction: SessionTransaction) -> None:
        if transaction.nested:
            self._savepoints[transaction] = self.mark()

    def _on_commit(self, session: Session) -> None:
        # Fires before the outermost transaction commits and before each savepoint is released.
        if len(self):
            self.write_sync(session)

    def _on_end(self, _session: Session, transaction: SessionTransaction) -> None:
        # After a commit nothing is left; after a rollback (or a failed write) the scope's rows go with it.
        if transaction.nested:
            self.truncate(self._savepoints.pop(transaction, (0, 0, 0)))
        elif transaction.parent is None:
            self.clear()
            self._savepoints.clear()


def transaction_rows(session: AsyncSession) -> ProjectionRows:
    """The rows of `session`'s current transaction, written by the session just before it commits."""
    sync_session = session.sync_session
    rows = sync_session.info.get(_SESSION_KEY)
    if rows is None:
        rows = _TransactionRows()
        rows.attach(sync_session)
        sync_session.info[_SESSION_KEY] = rows
    assert isinstance(rows, ProjectionRows)
    return rows
