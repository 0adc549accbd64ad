"""Tables of the screening database (owned by its Alembic tree)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, LargeBinary, String, Table, UniqueConstraint, Uuid, func

from shared.db import make_metadata
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)

pregnancy = Table(
    "pregnancy",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("client_pseudonym", String(64), nullable=False, index=True),
    Column("national_number_encrypted", LargeBinary, nullable=False),
    Column("expected_delivery_date", Date, nullable=False),
    Column("residence_nis", String(5), nullable=False),
    Column("mutuality_code", String(10), nullable=True),
    Column("care_fund_code", String(20), nullable=True),
    Column("first_contact_professional_id", String(64), nullable=True),
    Column("registered_by", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("client_pseudonym", "expected_delivery_date", name="uq_pregnancy_client_edd"),
)
