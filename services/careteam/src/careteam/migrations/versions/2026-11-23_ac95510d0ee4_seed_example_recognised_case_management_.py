"""seed example recognised case management organisations

Two clearly marked EXAMPLE entries so that a fresh installation (and `make run`) can route case-management
requests (CT-33, CT-35). They are not real recognitions: operators maintain the register through
`PUT /case-management-organisations/{organisation_id}` (roles ops/admin) and end or replace these examples.
Regions are NIS codes and primary-care-zone (ELZ) names, matched case-insensitively.

Revision ID: ac95510d0ee4
Revises: e3a4455d05cf
Create Date: 2026-11-23 20:09:32.867820
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'ac95510d0ee4'
down_revision: str | None = 'e3a4455d05cf'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXAMPLE_IDS = ("example-cm-gent-antwerpen", "example-cm-noord-limburg")

cm_organisation = sa.table(
    "cm_organisation",
    sa.column("organisation_id", sa.String),
    sa.column("name", sa.String),
    sa.column("recognised_from", sa.Date),
    sa.column("recognised_to", sa.Date),
    sa.column("regions", postgresql.JSONB),
    sa.column("updated_by", sa.String),
)


def upgrade() -> None:
    op.bulk_insert(
        cm_organisation,
        [
            {
                "organisation_id": EXAMPLE_IDS[0],
                "name": "EXAMPLE case management Gent and Antwerpen (not a real recognition)",
                "recognised_from": date(2024, 10, 1),
                "recognised_to": date(2028, 12, 31),
                "regions": ["Gent", "44021", "Antwerpen en rand", "11002", "ZORA"],
                "updated_by": "migration ac95510d0ee4",
            },
            {
                "organisation_id": EXAMPLE_IDS[1],
                "name": "EXAMPLE case management Noord-Limburg pilot (not a real recognition)",
                "recognised_from": date(2024, 10, 1),
                "recognised_to": date(2028, 12, 31),
                "regions": ["Noord-Limburg", "72020", "72037", "72043"],
                "updated_by": "migration ac95510d0ee4",
            },
        ],
    )


def downgrade() -> None:
    # Requests addressed to an example organisation keep it referenced; those must be removed first.
    op.execute(
        sa.delete(cm_organisation).where(cm_organisation.c.organisation_id.in_(EXAMPLE_IDS))
    )
