"""Tables of the screening database (owned by its Alembic tree).

Screenings and exception-path inclusion decisions share one append-only history table, `inclusion_record`:
the current scenario comes from that single history (SCR-05, SCR-06) and a correction may replace a record
of either kind. Prenatal advice sessions and outreach referrals are corrected the same way. Rows are never
updated: `supersedes` is a unique self-reference, so a record is superseded at most once, and "superseded
by" is read back through it.

Every record keeps who registered it (`recorded_by*`: the caller's token subject, professional id and
organisation), which may differ from the performer: front ends register on behalf of colleagues.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)

from shared.db import make_metadata
from shared.idempotency import idempotency_table
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)
idempotency_key = idempotency_table(metadata)

SCREENING = "SCREENING"
EXCEPTION_DECISION = "EXCEPTION_DECISION"


def _recorder_columns(prefix: str) -> list[Column[Any]]:
    """The caller who registered the record: token subject, professional id and organisation."""
    return [
        Column(prefix, String(128), nullable=False),
        Column(f"{prefix}_professional_id", String(128), nullable=True),
        Column(f"{prefix}_organisation_id", String(128), nullable=True),
    ]


def _correction_columns(table: str) -> list[Any]:
    """A correction supersedes at most one record of the same table, which is superseded at most once."""
    return [
        Column("supersedes", Uuid, ForeignKey(f"{table}.id"), nullable=True),
        Column("correction_reason", Text, nullable=True),
        UniqueConstraint("supersedes", name=f"uq_{table}_supersedes"),
        CheckConstraint("(supersedes IS NULL) = (correction_reason IS NULL)", name="correction_has_reason"),
    ]


def _performer_columns() -> list[Column[Any]]:
    return [
        Column("professional_id", String(64), nullable=False),
        Column("profession", String(32), nullable=False),
        Column("funding_type", String(32), nullable=False),
        Column("organisation_id", String(64), nullable=False),
        Column("organisation_kind", String(32), nullable=False),
        # Where the performer works (REP-08, Q-05): current (2025) NIS code; NULL when not given.
        Column("location_nis", String(5), nullable=True),
    ]


pregnancy = Table(
    "pregnancy",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("client_pseudonym", String(64), nullable=False, index=True),
    Column("national_number_encrypted", LargeBinary, nullable=False),
    Column("expected_delivery_date", Date, nullable=False, index=True),
    Column("residence_nis", String(5), nullable=False, index=True),
    # The code as reported when it was an old code mapped through the crosswalk; NULL: the same.
    Column("residence_nis_reported", String(5), nullable=True),
    Column("mutuality_code", String(10), nullable=True),
    Column("care_fund_code", String(20), nullable=True),
    Column("first_contact_professional_id", String(64), nullable=True, index=True),
    *_recorder_columns("registered_by"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # CTX-04: a pregnancy is concluded at most once, by a birth or by an end without birth.
    Column("birth_date", Date, nullable=True),
    Column("number_of_children", SmallInteger, nullable=True),
    Column("child_ids", ARRAY(Uuid), nullable=True),
    Column("end_date", Date, nullable=True),
    Column("end_reason", String(32), nullable=True),
    Column("concluded_by", String(128), nullable=True),
    Column("concluded_by_professional_id", String(128), nullable=True),
    Column("concluded_by_organisation_id", String(128), nullable=True),
    Column("concluded_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("client_pseudonym", "expected_delivery_date", name="uq_pregnancy_client_edd"),
    CheckConstraint("birth_date IS NULL OR end_date IS NULL", name="birth_or_end"),
    CheckConstraint("(birth_date IS NULL) = (number_of_children IS NULL)", name="birth_has_children"),
)

inclusion_record = Table(
    "inclusion_record",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, ForeignKey("pregnancy.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("record_date", Date, nullable=False, index=True),
    Column("status", String(20), nullable=True),  # screenings only
    Column("exception_reason", String(32), nullable=True),  # exception decisions only
    Column("reason_detail", Text, nullable=True),
    Column("indicators", ARRAY(String(40)), nullable=False, server_default=text("'{}'")),
    Column("topics", ARRAY(String(40)), nullable=False, server_default=text("'{}'")),
    *_performer_columns(),
    Column("gestational_age_days", Integer, nullable=False),
    Column("late", Boolean, nullable=False),
    Column("days_after_birth", Integer, nullable=True),
    Column("scenario", String(1), nullable=True),  # what this record determines on its own
    Column("reimbursable", Boolean, nullable=True),  # screenings only (SCR-08)
    Column("non_reimbursable_reason", String(40), nullable=True),
    Column("supersedes", Uuid, ForeignKey("inclusion_record.id"), nullable=True),
    Column("correction_reason", Text, nullable=True),
    *_recorder_columns("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("supersedes", name="uq_inclusion_record_supersedes"),
    CheckConstraint(f"kind IN ('{SCREENING}', '{EXCEPTION_DECISION}')", name="kind"),
    CheckConstraint(f"(kind = '{SCREENING}') = (status IS NOT NULL)", name="screening_has_status"),
    CheckConstraint(
        f"(kind = '{EXCEPTION_DECISION}') = (exception_reason IS NOT NULL)", name="decision_has_reason"
    ),
    CheckConstraint("(supersedes IS NULL) = (correction_reason IS NULL)", name="correction_has_reason"),
    Index("ix_inclusion_record_professional_id", "professional_id"),
)

prenatal_advice_session = Table(
    "prenatal_advice_session",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, ForeignKey("pregnancy.id"), nullable=False, index=True),
    Column("session_date", Date, nullable=False),
    Column("session_number", SmallInteger, nullable=False),
    *_performer_columns(),
    Column("reimbursable", Boolean, nullable=False),
    Column("non_reimbursable_reason", String(40), nullable=True),
    # The inclusion the session rests on (FIN-11, FIN-15), as it was on the session date.
    Column("scenario", String(1), nullable=True),
    Column("inclusion_basis", String(40), nullable=True),
    Column("inclusion_record_id", Uuid, nullable=True),
    *_recorder_columns("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    *_correction_columns("prenatal_advice_session"),
    CheckConstraint("reimbursable = (non_reimbursable_reason IS NULL)", name="reimbursable_has_no_reason"),
    Index("ix_prenatal_advice_session_professional_id", "professional_id"),
)

outreach_referral = Table(
    "outreach_referral",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, ForeignKey("pregnancy.id"), nullable=True, index=True),
    Column("referral_date", Date, nullable=False),
    *_performer_columns(),
    Column("residence_nis", String(5), nullable=True),
    Column("supported_by_case_management", Boolean, nullable=False),
    *_recorder_columns("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    *_correction_columns("outreach_referral"),
)
