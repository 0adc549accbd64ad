"""Tables of the reporting database (owned by its Alembic tree).

`event_log` keeps every consumed fact as it arrived (pseudonymous: the envelopes carry no names and no
national numbers), so every figure can be rebuilt from this service's own data.

`fact` is the projection the indicators read: zero or more rows per logged event, derived by the pure
mapping `reporting.service.facts.project_event`. It holds codes only (DP-07): NIS codes, fact kinds,
profession and funding codes, pseudonymous keys. `superseded_record` lists source records that a later
event replaced (a corrected screening): their facts stop counting. Both tables are rebuilt from the event
log by `reporting.service.rebuild`.

The consumer and the rebuild write these tables with set-based Core INSERTs only (`adapters.projection`):
one executemany statement per table per consumed batch, no ORM objects.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import make_metadata
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)

# Column sizes the consumer checks before it adds a row (a flush error at commit would stop the batch).
EVENT_TYPE_MAX = 200
SOURCE_MAX = 200
SUBJECT_MAX = 200
CORRELATION_ID_MAX = 128
CLIENT_KEY_MAX = 128
RECORD_KEY_MAX = 200

event_log = Table(
    "event_log",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("event_type", String(EVENT_TYPE_MAX), nullable=False),
    Column("event_version", Integer, nullable=False),
    Column("source", String(SOURCE_MAX), nullable=False),
    Column("subject", String(SUBJECT_MAX), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("correlation_id", String(CORRELATION_ID_MAX), nullable=True),
    Column("payload", JSONB, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_event_log_type_occurred", "event_type", "occurred_at"),
)

fact = Table(
    "fact",
    metadata,
    # Never restarted, also not by a rebuild: max(id) is part of the version that keys cached figures.
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("programme", String(32), nullable=False),
    # NULL when the event does not say; residence then comes from the client's pregnancy registration.
    Column("residence_nis", String(5), nullable=True),
    Column("performer_nis", String(5), nullable=True),
    Column("client_key", String(CLIENT_KEY_MAX), nullable=True),
    Column("subject_key", String(128), nullable=False),
    Column("professional_key", String(128), nullable=True),
    Column("profession", String(64), nullable=True),
    Column("funding_type", String(64), nullable=True),
    Column("scenario", String(1), nullable=True),
    Column("attributes", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("amount", Numeric, nullable=True),
    Column("record_key", String(RECORD_KEY_MAX), nullable=True),
    Index("ix_fact_kind_occurred_on", "kind", "occurred_on"),
    Index(
        "ix_fact_registration",
        "client_key",
        "occurred_on",
        "id",
        postgresql_where=text("kind = 'PREGNANCY_REGISTERED' AND client_key IS NOT NULL"),
    ),
)

superseded_record = Table(
    "superseded_record",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("record_key", String(RECORD_KEY_MAX), nullable=False),
    Column("superseded_by", Uuid, nullable=False),
    Index("ix_superseded_record_record_key", "record_key"),
)
