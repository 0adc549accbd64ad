"""Tables of the financing database (owned by its Alembic tree).

Two families:

* the projection (`*_projection`): financing's own copy of the screening and careteam facts, written by the
  consumer group `financing.projection` with idempotent upserts, read to build the `PregnancySnapshot`;
* the financing records: claims, their append-only decision history, double-funding findings, payment
  orders, payment batches and budgets, written by the use cases in one transaction with their events.

Money columns are NUMERIC(12,2) (NUMERIC(14,2) for totals): amounts are Decimal end to end.
Load-bearing constraints: `uq_claim_funding_slot` (a unique partial index: two payable claims never fill the
same funding slot, the database backstop of DF-1/2/3/5 behind the advisory locks), `uq_payment_order_claim_id`
(one order per claim) and `uq_payment_batch_payer_organisation_code_period` (a batch runs once per period).
`claim_decision` is append-only: a trigger created by the migration refuses UPDATE and DELETE.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import make_metadata
from shared.idempotency import idempotency_table
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)
idempotency_key = idempotency_table(metadata)

MONEY = Numeric(12, 2)
TOTAL = Numeric(14, 2)
ACTS = "'SCREENING','PRENATAL_ADVICE_SESSION','COORDINATION_YEAR','PERINATAL_CONSULTATION','CASE_MANAGEMENT','LEGACY_MDO'"
PAYERS = "'FEDERAL','FLEMISH'"
OUTCOMES = "'ACCEPTED','REDUCED','REJECTED','HELD'"


def _projected_at() -> Column[object]:
    return Column("projected_at", DateTime(timezone=True), nullable=False, server_default=func.now())


# -- projection of the screening facts -------------------------------------------------------------------

pregnancy_projection = Table(
    "pregnancy_projection",
    metadata,
    Column("pregnancy_id", Uuid, primary_key=True),
    Column("client_pseudonym", String(128), nullable=False, index=True),
    Column("expected_delivery_date", Date, nullable=False),
    Column("residence_nis", String(5), nullable=False),
    Column("mutuality_code", String(10), nullable=True),
    Column("care_fund_code", String(20), nullable=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("projected_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # SCR-05 / SCR-06: the current scenario (ClientScenarioDeterminedV1); None until one is determined.
    Column("scenario", String(1), nullable=True),
    Column("exception", Boolean, nullable=False, server_default=text("false")),
    Column("scenario_effective_date", Date, nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("number_of_children", SmallInteger, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(64), nullable=True),
)

screening_projection = Table(
    "screening_projection",
    metadata,
    Column("screening_id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("screened_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("scenario", String(1), nullable=True),
    Column("performer_id", String(64), nullable=False),
    Column("profession", String(64), nullable=False),
    Column("funding_type", String(32), nullable=False),
    Column("organisation_id", String(64), nullable=True),
    Column("reimbursable", Boolean, nullable=False),
    Column("supersedes", Uuid, nullable=True),
    Column("superseded", Boolean, nullable=False, server_default=text("false")),
    _projected_at(),
)

inclusion_decision_projection = Table(
    "inclusion_decision_projection",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("decision_date", Date, nullable=False),
    Column("basis", String(64), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("scenario", String(1), nullable=False),
    Column("performer_id", String(64), nullable=False),
    Column("supersedes", Uuid, nullable=True),
    _projected_at(),
)

advice_session_projection = Table(
    "advice_session_projection",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("session_number", Integer, nullable=False),
    Column("performer_id", String(64), nullable=False),
    Column("profession", String(64), nullable=False),
    Column("funding_type", String(32), nullable=False),
    Column("organisation_id", String(64), nullable=True),
    Column("reimbursable", Boolean, nullable=False),
    Column("reason", String(64), nullable=True),
    _projected_at(),
    # FIN-11 corrections (PrenatalAdviceSessionHeldV2): a correction names the session it replaces; the
    # replaced session gets `superseded_by` / `superseded_at` (also when it arrives after its correction) and
    # no longer counts nor backs a claim.
    Column("supersedes", Uuid, nullable=True, index=True),
    Column("correction_reason", Text, nullable=True),
    Column("superseded_by", Uuid, nullable=True),
    Column("superseded_at", DateTime(timezone=True), nullable=True),
)

# -- projection of the careteam facts (careteam periods are half-open: [start, end)) ----------------------

care_team_projection = Table(
    "care_team_projection",
    metadata,
    Column("team_id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("client_pseudonym", String(128), nullable=False, index=True),
    Column("established_on", Date, nullable=False),
    _projected_at(),
)

team_member_projection = Table(
    "team_member_projection",
    metadata,
    Column("team_id", Uuid, primary_key=True),
    Column("member_id", String(64), primary_key=True),
    Column("joined_on", Date, primary_key=True),
    Column("left_on", Date, nullable=True),
    Column("kind", String(32), nullable=False),
    Column("profession", String(64), nullable=True),
    Column("organisation_id", String(64), nullable=True),
    Column("funding_type", String(32), nullable=True),
    Column("life_domain", String(32), nullable=True),
    Column("coordination_in_mission", Boolean, nullable=False, server_default=text("false")),
    _projected_at(),
)

coordinator_projection = Table(
    "coordinator_projection",
    metadata,
    Column("appointment_id", Uuid, primary_key=True),
    Column("team_id", Uuid, nullable=False, index=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("professional_id", String(64), nullable=False),
    Column("profession", String(64), nullable=True),
    Column("organisation_id", String(64), nullable=True),
    Column("funding_type", String(32), nullable=True),
    Column("coordination_in_mission", Boolean, nullable=False, server_default=text("false")),
    Column("appointed_on", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(64), nullable=True),
    Column("reimbursable_intent", Boolean, nullable=False),
    Column("needs_review", Boolean, nullable=False, server_default=text("false")),
    Column("platform", String(32), nullable=True),
    _projected_at(),
)

case_management_projection = Table(
    "case_management_projection",
    metadata,
    Column("intervention_id", Uuid, primary_key=True),
    Column("team_id", Uuid, nullable=False, index=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("organisation_id", String(64), nullable=False),
    Column("case_manager_id", String(64), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("planned_end_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("platform", String(32), nullable=True),
    _projected_at(),
)

consultation_projection = Table(
    "consultation_projection",
    metadata,
    Column("consultation_id", Uuid, primary_key=True),
    Column("team_id", Uuid, nullable=False, index=True),
    Column("pregnancy_id", Uuid, nullable=False, index=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("organiser_role", String(32), nullable=False),
    Column("organiser_id", String(64), nullable=False),
    _projected_at(),
)

consultation_participant_projection = Table(
    "consultation_participant_projection",
    metadata,
    Column("consultation_id", Uuid, primary_key=True),
    Column("member_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("profession", String(64), nullable=True),
    Column("organisation_id", String(64), nullable=True),
    Column("funding_type", String(32), nullable=True),
    Column("minutes", Integer, nullable=False),
)

# -- claims and their decisions ----------------------------------------------------------------------------

claim = Table(
    "claim",
    metadata,
    Column("claim_id", Uuid, primary_key=True),
    Column("act", String(32), nullable=False),
    Column("payer", String(16), nullable=False),
    Column("client_pseudonym", String(128), nullable=False, index=True),
    Column("pregnancy_id", Uuid, nullable=True, index=True),
    Column("team_id", String(64), nullable=True, index=True),
    Column("act_date", Date, nullable=False),
    Column("period_end", Date, nullable=True),
    Column("minutes", Integer, nullable=True),
    Column("activity_ref", String(64), nullable=True),
    # The provider in the capacity of this claim (FIN-21, FIN-23, FIN-30, Q-15).
    Column("professional_id", String(64), nullable=False),
    Column("profession", String(64), nullable=False),
    Column("organisation_id", String(64), nullable=True),
    Column("funding_type", String(16), nullable=False),
    Column("organisation_kind", String(32), nullable=False),
    Column("coordination_in_mission", Boolean, nullable=False),
    Column("recognised_for_case_management", Boolean, nullable=False),
    Column("submitted_by", String(200), nullable=False, index=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    # The current decision (its history is in claim_decision).
    Column("status", String(16), nullable=False, index=True),
    Column("amount", MONEY, nullable=False),
    Column("requested_amount", MONEY, nullable=False),
    Column("units", Integer, nullable=True),
    Column("competent_payer", String(16), nullable=False),
    Column("resolved_activity_ref", String(64), nullable=True),
    Column("funding_slot", String(300), nullable=False),
    Column("payer_organisation_code", String(20), nullable=True),
    Column("decision_count", Integer, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(f"act IN ({ACTS})", name="act"),
    CheckConstraint(f"payer IN ({PAYERS})", name="payer"),
    CheckConstraint(f"status IN ({OUTCOMES})", name="status"),
    CheckConstraint("amount >= 0 AND requested_amount >= 0", name="amounts"),
    CheckConstraint("period_end IS NULL OR period_end >= act_date", name="period"),
    CheckConstraint("minutes IS NULL OR minutes > 0", name="minutes"),
    Index(
        "uq_claim_funding_slot",
        "funding_slot",
        unique=True,
        postgresql_where=text("status IN ('ACCEPTED', 'REDUCED')"),
    ),
)

# Append-only history: one row per decision (rules, reassessment or a finance officer's review).
claim_decision = Table(
    "claim_decision",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("claim_id", Uuid, ForeignKey("claim.claim_id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("requested_amount", MONEY, nullable=False),
    Column("units", Integer, nullable=True),
    Column("competent_payer", String(16), nullable=False),
    Column("payer_organisation_code", String(20), nullable=True),
    Column("activity_ref", String(64), nullable=True),
    Column("reasons", JSONB, nullable=False),
    Column("rules_applied", JSONB, nullable=False),
    Column("evidence", JSONB, nullable=False),
    Column("tariff", JSONB, nullable=True),
    Column("decided_by_kind", String(20), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("review", String(16), nullable=True),
    Column("justification", Text, nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("claim_id", "number"),
    CheckConstraint(f"outcome IN ({OUTCOMES})", name="outcome"),
    CheckConstraint("decided_by_kind IN ('RULES', 'FINANCE_OFFICER')", name="decided_by_kind"),
)

double_funding_finding = Table(
    "double_funding_finding",
    metadata,
    Column("finding_id", Uuid, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("rule", String(16), nullable=False),
    Column("reason_code", String(64), nullable=False),
    Column("effect", String(8), nullable=False),
    Column("claim_id", Uuid, ForeignKey("claim.claim_id"), nullable=False, index=True),
    Column("payer", String(16), nullable=False),
    Column("act", String(32), nullable=False),
    Column("other_claim_id", Uuid, ForeignKey("claim.claim_id"), nullable=False, index=True),
    Column("other_payer", String(16), nullable=False),
    Column("other_act", String(32), nullable=False),
    Column("client_pseudonym", String(128), nullable=False),
    Column("pregnancy_id", Uuid, nullable=True),
    Column("team_id", String(64), nullable=True),
    Column("detail", Text, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("resolution", String(16), nullable=True),
    Column("justification", Text, nullable=True),
    Column("resolved_by", String(200), nullable=True),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("claim_id", "other_claim_id", "kind"),
    CheckConstraint("status IN ('OPEN', 'RESOLVED')", name="status"),
    CheckConstraint("resolution IS NULL OR resolution IN ('CONFIRMED', 'DISMISSED')", name="resolution"),
    CheckConstraint("(status = 'OPEN') = (resolution IS NULL)", name="resolved_has_resolution"),
)

# -- payment orders, batches, budgets ----------------------------------------------------------------------

payment_batch = Table(
    "payment_batch",
    metadata,
    Column("batch_id", Uuid, primary_key=True),
    Column("payer", String(16), nullable=False),
    Column("payer_organisation_code", String(20), nullable=False),
    Column("period", String(7), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("order_count", Integer, nullable=False),
    Column("total_amount", TOTAL, nullable=False),
    Column("closed_by", String(200), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("payer_organisation_code", "period"),
)

payment_order = Table(
    "payment_order",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("claim_id", Uuid, ForeignKey("claim.claim_id"), nullable=False, unique=True),
    Column("payer", String(16), nullable=False),
    Column("payer_organisation_code", String(20), nullable=False),
    Column("payer_organisation_kind", String(16), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("act", String(32), nullable=False),
    Column("act_date", Date, nullable=False),
    Column("period_end", Date, nullable=True),
    Column("units", Integer, nullable=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("pregnancy_id", Uuid, nullable=True),
    Column("payee_professional_id", String(64), nullable=False),
    Column("payee_organisation_id", String(64), nullable=True),
    Column("issued_on", Date, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    Column("acknowledged_by", String(200), nullable=True),
    Column("batch_id", Uuid, ForeignKey("payment_batch.batch_id"), nullable=True, index=True),
    Index("ix_payment_order_payer_organisation_code_issued_on", "payer_organisation_code", "issued_on"),
    CheckConstraint("amount > 0", name="amount"),
    CheckConstraint("status IN ('ISSUED', 'ACKNOWLEDGED')", name="status"),
)

budget = Table(
    "budget",
    metadata,
    Column("payer", String(16), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("act", String(32), primary_key=True),
    Column("amount", MONEY, nullable=False),
    Column("committed", TOTAL, nullable=False, server_default=text("0")),
    # FIN-50: the highest threshold already reported (0.80 or 1.00), so each crossing is reported once.
    Column("reported_threshold", Numeric(4, 2), nullable=True),
    Column("set_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("amount > 0", name="amount"),
)
