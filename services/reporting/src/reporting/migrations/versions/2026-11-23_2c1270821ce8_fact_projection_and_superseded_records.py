"""fact projection and superseded records

The projection starts empty: events logged before this revision get their facts from one
`reporting-rebuild` (or POST /ops/rebuild) after the upgrade. Reviewed by hand; revertable.

Revision ID: 2c1270821ce8
Revises: bf3da715e8a7
Create Date: 2026-11-23 20:29:22.246661
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '2c1270821ce8'
down_revision: str | None = 'bf3da715e8a7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('fact',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('residence_nis', sa.String(length=5), nullable=True),
    sa.Column('performer_nis', sa.String(length=5), nullable=True),
    sa.Column('client_key', sa.String(length=128), nullable=True),
    sa.Column('subject_key', sa.String(length=128), nullable=False),
    sa.Column('professional_key', sa.String(length=128), nullable=True),
    sa.Column('profession', sa.String(length=64), nullable=True),
    sa.Column('funding_type', sa.String(length=64), nullable=True),
    sa.Column('scenario', sa.String(length=1), nullable=True),
    sa.Column('attributes', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('amount', sa.Numeric(), nullable=True),
    sa.Column('record_key', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact'))
    )
    op.create_index('ix_fact_kind_occurred_on', 'fact', ['kind', 'occurred_on'], unique=False)
    op.create_index('ix_fact_registration', 'fact', ['client_key', 'occurred_on', 'id'], unique=False, postgresql_where=sa.text("kind = 'PREGNANCY_REGISTERED' AND client_key IS NOT NULL"))
    op.create_table('superseded_record',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
    sa.Column('record_key', sa.String(length=200), nullable=False),
    sa.Column('superseded_by', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_superseded_record'))
    )
    op.create_index('ix_superseded_record_record_key', 'superseded_record', ['record_key'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_superseded_record_record_key', table_name='superseded_record')
    op.drop_table('superseded_record')
    op.drop_index('ix_fact_registration', table_name='fact', postgresql_where=sa.text("kind = 'PREGNANCY_REGISTERED' AND client_key IS NOT NULL"))
    op.drop_index('ix_fact_kind_occurred_on', table_name='fact')
    op.drop_table('fact')
