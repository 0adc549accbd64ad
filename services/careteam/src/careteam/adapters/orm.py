"""Tables of the careteam database (owned by its Alembic tree).

Two groups:
- projections of the screening facts (``client_pregnancy``, ``client_scenario``, ``pregnancy_outcome``,
  ``pregnancy_child``), written only by the consumer handlers: careteam decides on its own data only;
- careteam's own records: teams, memberships with the client's agreements (CT-02), coordinator appointments
  (CT-10..16), the register of recognised case-management organisations and case-management episodes
  (CT-30..36), perinatal consultations (CT-50/51) and care-plan versions (CT-03/04).

Load-bearing invariants are enforced by the database as well as by the domain rules, so that two concurrent
requests can never both win: at most one active membership per person and team, at most one active
coordinator per team (a partial unique index plus an exclusion constraint on the appointment periods), at most
one open case-management episode and one active case manager per team. Periods are half-open ``[start, end)``
as in the domain, hence ``daterange(start, end, '[)')``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint

from shared.db import make_metadata
from shared.idempotency import idempotency_table
from shared.outbox.tables import attach

metadata = make_metadata()
outbox, inbox = attach(metadata)
# Idempotency-Key of the creating POSTs: a retried or concurrently duplicated request acts once.
idempotency_key = idempotency_table(metadata)

KINDS = "('CLIENT', 'INFORMAL_CARER', 'PROFESSIONAL')"
FUNDING_TYPES = "('FEDERAL', 'FLEMISH', 'OTHER')"
LIFE_DOMAINS = "('CARE_AND_WELFARE', 'WORK', 'LEISURE', 'EDUCATION', 'HOUSING', 'JUSTICE')"

# Constraint names the use cases translate into domain conflicts (see adapters.constraints).
UQ_TEAM_PER_PREGNANCY = "uq_care_team_pregnancy_id"
UQ_ACTIVE_MEMBERSHIP = "uq_team_membership_active"
UQ_ACTIVE_COORDINATOR = "uq_coordinator_appointment_active"
EX_COORDINATOR_OVERLAP = "ex_coordinator_appointment_overlap"
UQ_OPEN_CASE_MANAGEMENT = "uq_case_management_open"
EX_CASE_MANAGER_OVERLAP = "ex_case_management_case_manager_overlap"
PK_CARE_PLAN_VERSION = "pk_care_plan_version"

# --- projections of the screening facts ---------------------------------------------------------------------

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

# The client's current scenario per pregnancy (ClientScenarioDeterminedV1); no row: not known yet (CT-19).
client_scenario = Table(
    "client_scenario",
    metadata,
    Column("pregnancy_id", Uuid, primary_key=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("scenario", String(1), nullable=True),
    Column("exception", Boolean, nullable=False),
    Column("basis", String(64), nullable=True),
    Column("record_id", Uuid, nullable=True),
    Column("effective_date", Date, nullable=True),
    Column("indicators", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # occurred_at of the event that set this row: a late (replayed) older event never overwrites a newer one.
    Column("determined_at", DateTime(timezone=True), nullable=False),
    Column("projected_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("scenario IS NULL OR scenario IN ('0', 'A', 'B')", name="scenario"),
)

# How the pregnancy concluded: a birth (BirthRecordedV1) or an end without birth (PregnancyEndedV1).
pregnancy_outcome = Table(
    "pregnancy_outcome",
    metadata,
    Column("pregnancy_id", Uuid, primary_key=True),
    Column("client_pseudonym", String(128), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("birth_date", Date, nullable=True),
    Column("number_of_children", SmallInteger, nullable=True),
    Column("end_date", Date, nullable=True),
    Column("end_reason", String(64), nullable=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("projected_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("outcome IN ('BIRTH', 'ENDED')", name="outcome"),
    CheckConstraint("(outcome = 'BIRTH') = (birth_date IS NOT NULL)", name="birth_has_date"),
    CheckConstraint("(outcome = 'ENDED') = (end_date IS NOT NULL)", name="end_has_date"),
)

# Children born from a pregnancy; every team of the pregnancy is linked to them after birth.
pregnancy_child = Table(
    "pregnancy_child",
    metadata,
    Column("pregnancy_id", Uuid, primary_key=True),
    Column("child_id", Uuid, primary_key=True),
    Column("birth_date", Date, nullable=False),
)

# --- care teams and their members -----------------------------------------------------------------------

care_team = Table(
    "care_team",
    metadata,
    Column("team_id", Uuid, primary_key=True),
    Column("pregnancy_id", Uuid, nullable=False),
    Column("client_pseudonym", String(128), nullable=False, index=True),
    Column("established_on", Date, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("pregnancy_id", name=UQ_TEAM_PER_PREGNANCY),
)

# One row per membership period [joined_on, left_on) (CT-01). No names: only ids, roles and attributes.
team_membership = Table(
    "team_membership",
    metadata,
    Column("membership_id", Uuid, primary_key=True),
    Column("team_id", Uuid, ForeignKey("care_team.team_id"), nullable=False, index=True),
    Column("member_kind", String(20), nullable=False),
    Column("member_id", String(128), nullable=False),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date, nullable=True),
    # professionals (CT-01, CT-14, FIN-21, FIN-30)
    Column("profession", String(64), nullable=True),
    Column("organisation_id", String(64), nullable=True),
    Column("funding_type", String(16), nullable=True),
    Column("life_domain", String(32), nullable=True),
    Column("coordination_in_mission", Boolean, nullable=False, server_default=text("false")),
    # where the professional works (REP-08, Q-05): current (2025) NIS code; NULL when not given
    Column("location_nis", String(5), nullable=True),
    # informal carers (CT-01, CT-15)
    Column("relation", String(64), nullable=True),
    Column("is_representative", Boolean, nullable=False, server_default=text("false")),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(f"member_kind IN {KINDS}", name="member_kind"),
    CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="period"),
    CheckConstraint(
        "member_kind <> 'PROFESSIONAL' OR (profession IS NOT NULL AND organisation_id IS NOT NULL "
        "AND funding_type IS NOT NULL AND life_domain IS NOT NULL)",
        name="professional_attributes",
    ),
    CheckConstraint(f"funding_type IS NULL OR funding_type IN {FUNDING_TYPES}", name="funding_type"),
    CheckConstraint(f"life_domain IS NULL OR life_domain IN {LIFE_DOMAINS}", name="life_domain"),
    Index(
        UQ_ACTIVE_MEMBERSHIP,
        "team_id",
        "member_kind",
        "member_id",
        unique=True,
        postgresql_where=text("left_on IS NULL"),
    ),
    Index("ix_team_membership_member", "member_kind", "member_id"),
)

# The client's (or her representative's) recorded agreement with adding or removing a professional (CT-02).
membership_agreement = Table(
    "membership_agreement",
    metadata,
    Column("agreement_id", Uuid, primary_key=True),
    Column("membership_id", Uuid, ForeignKey("team_membership.membership_id"), nullable=False),
    Column("team_id", Uuid, ForeignKey("care_team.team_id"), nullable=False, index=True),
    Column("change", String(10), nullable=False),
    Column("given_by_kind", String(20), nullable=False),
    Column("given_by_id", String(128), nullable=False),
    Column("given_on", Date, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("change IN ('ADD', 'REMOVE')", name="change"),
    CheckConstraint("given_by_kind IN ('CLIENT', 'INFORMAL_CARER')", name="given_by_kind"),
    UniqueConstraint("membership_id", "change", name="uq_membership_agreement_membership_id"),
)

# --- care coordination (CT-10..CT-19) -----------------------------------------------------------------------

coordinator_appointment = Table(
    "coordinator_appointment",
    metadata,
    Column("appointment_id", Uuid, primary_key=True),
    Column("team_id", Uuid, ForeignKey("care_team.team_id"), nullable=False, index=True),
    Column("coordinator_kind", String(20), nullable=False),
    Column("coordinator_id", String(128), nullable=False),
    Column("appointed_on", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(40), nullable=True),
    Column("end_note", Text, nullable=True),
    # CT-15 consent of the client or her informal context with this coordinator
    Column("consent_given_by_kind", String(20), nullable=False),
    Column("consent_given_by_id", String(128), nullable=False),
    Column("consent_given_on", Date, nullable=False),
    # CT-11/CT-18a the recorded team deliberation: date and participants [{kind, member_id}]
    Column("deliberation_held_on", Date, nullable=False),
    Column("deliberation_participants", JSONB, nullable=False),
    # whether the appointment is meant to be reimbursable and why (CT-11, CT-14, CT-19, FIN-12/14/21)
    Column("reimbursement_sought", Boolean, nullable=False),
    Column("reimbursable_intent", Boolean, nullable=False),
    Column("reasons", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("needs_review", Boolean, nullable=False, server_default=text("false")),
    Column("review_reasons", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column(
        "previous_appointment_id",
        Uuid,
        ForeignKey("coordinator_appointment.appointment_id"),
        nullable=True,
    ),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(f"coordinator_kind IN {KINDS}", name="coordinator_kind"),
    CheckConstraint("ended_on IS NULL OR ended_on >= appointed_on", name="period"),
    CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)", name="end_has_reason"),
    CheckConstraint(
        "coordinator_kind = 'PROFESSIONAL' OR NOT reimbursable_intent", name="client_context_never_reimbursed"
    ),
    # CT-13: at most one active coordinator per team, and no two appointments of a team overlap in time.
    Index(UQ_ACTIVE_COORDINATOR, "team_id", unique=True, postgresql_where=text("ended_on IS NULL")),
    ExcludeConstraint(
        ("team_id", "="),
        (text("daterange(appointed_on, ended_on, '[)')"), "&&"),
        name=EX_COORDINATOR_OVERLAP,
        using="gist",
    ),
)

coordination_reevaluation = Table(
    "coordination_reevaluation",
    metadata,
    Column("reevaluation_id", Uuid, primary_key=True),
    Column(
        "appointment_id",
        Uuid,
        ForeignKey("coordinator_appointment.appointment_id"),
        nullable=False,
        index=True,
    ),
    Column("held_on", Date, nullable=False),
    Column("participants", JSONB, nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("note", Text, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("outcome IN ('CONTINUE', 'END')", name="outcome"),
)

# --- case management (CT-30..CT-36, CT-40..CT-45) ----------------------------------------------------------

# The register of organisations recognised by the Flemish government for case management (CT-35).
cm_organisation = Table(
    "cm_organisation",
    metadata,
    Column("organisation_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("recognised_from", Date, nullable=False),
    Column("recognised_to", Date, nullable=True),
    Column("regions", JSONB, nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("recognised_to IS NULL OR recognised_to >= recognised_from", name="period"),
)

# One case-management episode: request, intake, intervention by an external case manager, follow-up.
case_management = Table(
    "case_management",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("team_id", Uuid, ForeignKey("care_team.team_id"), nullable=False, index=True),
    Column("request_type", String(20), nullable=False),
    Column("requested_on", Date, nullable=False),
    Column("requested_by_kind", String(20), nullable=False),
    Column("requested_by_id", String(128), nullable=False),
    Column("organisation_id", String(64), ForeignKey("cm_organisation.organisation_id"), nullable=False),
    Column("region", String(64), nullable=False),
    Column("conditions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("note", Text, nullable=True),
    Column("intake_deadline", Date, nullable=False),
    Column("intake_scheduled_on", Date, nullable=True),
    Column("intake_on", Date, nullable=True),
    Column("withdrawn_on", Date, nullable=True),
    # the case manager: a professional outside the team (CT-30, CT-44), snapshot at the start
    Column("case_manager_id", String(64), nullable=True),
    Column("case_manager_profession", String(64), nullable=True),
    Column("case_manager_organisation_id", String(64), nullable=True),
    Column("case_manager_funding_type", String(16), nullable=True),
    Column("case_manager_life_domain", String(32), nullable=True),
    Column("case_manager_location_nis", String(5), nullable=True),  # REP-08, Q-05
    Column("started_on", Date, nullable=True),
    Column("planned_end_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("follow_up_held_on", Date, nullable=True),
    Column("follow_up_effective", Boolean, nullable=True),
    Column("follow_up_note", Text, nullable=True),
    # when the deadline notices (IntakeLate, FollowUpDue due/missed) were published: each at most once
    Column("intake_late_notified_on", Date, nullable=True),
    Column("follow_up_due_notified_on", Date, nullable=True),
    Column("follow_up_missed_notified_on", Date, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("request_type IN ('JUMP_START', 'PROCESS_SUPPORT')", name="request_type"),
    CheckConstraint(f"requested_by_kind IN {KINDS}", name="requested_by_kind"),
    CheckConstraint("(intake_scheduled_on IS NULL) = (intake_on IS NULL)", name="intake_complete"),
    CheckConstraint(
        "(started_on IS NULL) = (case_manager_id IS NULL) AND (started_on IS NULL) = (planned_end_on IS NULL)",
        name="intervention_complete",
    ),
    CheckConstraint("started_on IS NULL OR intake_on IS NOT NULL", name="intervention_after_intake"),
    CheckConstraint("planned_end_on IS NULL OR planned_end_on > started_on", name="temporary"),
    CheckConstraint(
        "ended_on IS NULL OR (started_on IS NOT NULL AND ended_on >= started_on)", name="intervention_period"
    ),
    CheckConstraint("follow_up_held_on IS NULL OR ended_on IS NOT NULL", name="follow_up_after_end"),
    CheckConstraint("withdrawn_on IS NULL OR started_on IS NULL", name="withdrawn_before_start"),
    # CT-43: at most one open episode per team and never two case managers active at once.
    Index(
        UQ_OPEN_CASE_MANAGEMENT,
        "team_id",
        unique=True,
        postgresql_where=text("withdrawn_on IS NULL AND ended_on IS NULL"),
    ),
    ExcludeConstraint(
        ("team_id", "="),
        (text("daterange(started_on, ended_on, '[)')"), "&&"),
        name=EX_CASE_MANAGER_OVERLAP,
        using="gist",
        where=text("started_on IS NOT NULL AND withdrawn_on IS NULL"),
    ),
    Index(
        "ix_case_management_pending_intake",
        "intake_deadline",
        postgresql_where=text("intake_scheduled_on IS NULL AND withdrawn_on IS NULL"),
    ),
    Index("ix_case_management_case_manager_id", "case_manager_id"),
)

# --- perinatal consultation (CT-50, CT-51) ------------------------------------------------------------------

perinatal_consultation = Table(
    "perinatal_consultation",
    metadata,
    Column("consultation_id", Uuid, primary_key=True),
    Column("team_id", Uuid, ForeignKey("care_team.team_id"), nullable=False, index=True),
    Column("held_on", Date, nullable=False),
    Column("organiser_kind", String(20), nullable=False),
    Column("organiser_id", String(128), nullable=False),
    Column("organiser_role", String(20), nullable=False),
    Column("mode", String(10), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("mode IN ('IN_PERSON', 'ONLINE')", name="mode"),
    CheckConstraint("organiser_role IN ('COORDINATOR', 'CASE_MANAGER')", name="organiser_role"),
    CheckConstraint("duration_minutes > 0", name="duration_positive"),
)

consultation_participant = Table(
    "consultation_participant",
    metadata,
    Column(
        "consultation_id",
        Uuid,
        ForeignKey("perinatal_consultation.consultation_id"),
        primary_key=True,
    ),
    Column("position", SmallInteger, primary_key=True),
    Column("member_kind", String(20), nullable=False),
    Column("member_id", String(128), nullable=False),
    Column("designated_by_client", Boolean, nullable=False, server_default=text("false")),
    Column("profession", String(64), nullable=True),
    Column("organisation_id", String(64), nullable=True),
    Column("funding_type", String(16), nullable=True),
    Column("life_domain", String(32), nullable=True),
    Column("location_nis", String(5), nullable=True),  # REP-08, Q-05: where the professional works
    CheckConstraint(f"member_kind IN {KINDS}", name="member_kind"),
    UniqueConstraint(
        "consultation_id", "member_kind", "member_id", name="uq_consultation_participant_consultation_id"
    ),
)

# --- care plan (CT-03, CT-04) -------------------------------------------------------------------------------

# Immutable versions: a change appends a version, nothing is edited in place. Free text stays in this service.
care_plan_version = Table(
    "care_plan_version",
    metadata,
    Column("team_id", Uuid, ForeignKey("care_team.team_id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("valid_from", Date, nullable=False),
    Column("changed_by_kind", String(20), nullable=False),
    Column("changed_by_id", String(128), nullable=False),
    Column(
        "consultation_id",
        Uuid,
        ForeignKey("perinatal_consultation.consultation_id"),
        nullable=True,
    ),
    Column("note", Text, nullable=True),
    Column("life_goals", JSONB, nullable=False),
    Column("care_goals", JSONB, nullable=False),
    Column("tasks", JSONB, nullable=False),
    Column("agreements", JSONB, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("version >= 1", name="version_positive"),
)
