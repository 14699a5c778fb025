"""sources.last_error_message

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

A source's last error as a catalogue message (key and parameters, as JSON text), so that the
sources list, the dashboard, the digest and the source-health alerts show it in the reader's
language. ``last_error`` keeps the English text; rows written before this revision have no
message and are shown from that text.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("last_error_message", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("last_error_message")
