"""sources.failing_since

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

When the current streak of failed checks of a source began (UTC; empty while the source is
healthy), so that the sources list, the dashboard and the digest can say how long a source
has been failing and not only how many times.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("failing_since")
