"""Tables of the careteam database (owned by its Alembic tree)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, String, Table, Uuid, func

from shared.db import make_metadata
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)

# Projection of the screening service's pregnancy facts: this service decides on its own data only.
client_pregnancy = Table(
    "client_pregnancy",
    metadata,
    Column("pregnancy_id", Uuid, primary_key=True),
    Column("client_pseudonym", String(128), nullable=False, index=True),
    Column("expected_delivery_date", Date, nullable=False),
    Column("residence_nis", String(5), nullable=False),
    Column("mutuality_code", String(10), nullable=True),
    Column("care_fund_code", String(20), nullable=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("projected_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
