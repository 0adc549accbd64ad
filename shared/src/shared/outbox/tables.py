"""Outbox and inbox tables, attached to each service's own metadata (owned by that service's Alembic tree).

outbox: one row per event to publish, written in the same transaction as the domain rows. `id` orders the
rows; the relay publishes in `id` order, so events of one key keep their order.
inbox: one row per consumed event id (per consumer group), written in the same transaction as the handler's
effects, so a redelivered event is recognised and skipped.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

OUTBOX = "outbox"
INBOX = "inbox"


def outbox_table(metadata: MetaData) -> Table:
    """The outbox table on `metadata`."""
    return Table(
        OUTBOX,
        metadata,
        Column("id", BigInteger, Identity(always=True), primary_key=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("value", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        Column("parked_at", DateTime(timezone=True), nullable=True),
        Index(
            "ix_outbox_pending",
            "id",
            postgresql_where=text("published_at IS NULL AND parked_at IS NULL"),
        ),
        Index("ix_outbox_published_at", "published_at"),
    )


def inbox_table(metadata: MetaData) -> Table:
    """The inbox (dedup) table on `metadata`."""
    return Table(
        INBOX,
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("outcome", String(20), nullable=False, server_default=text("'applied'")),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def attach(metadata: MetaData) -> tuple[Table, Table]:
    """Attach both tables to a service's metadata and return them."""
    return outbox_table(metadata), inbox_table(metadata)
