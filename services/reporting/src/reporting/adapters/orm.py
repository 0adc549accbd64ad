"""Tables of the reporting database (owned by its Alembic tree).

`event_log` keeps every consumed fact as it arrived (pseudonymous: the envelopes carry no names and no
national numbers), so every figure can be rebuilt from this service's own data.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Identity, Index, Integer, String, Table, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import make_metadata
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)

event_log = Table(
    "event_log",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("event_version", Integer, nullable=False),
    Column("source", String(200), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("correlation_id", String(128), nullable=True),
    Column("payload", JSONB, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_event_log_type_occurred", "event_type", "occurred_at"),
)
