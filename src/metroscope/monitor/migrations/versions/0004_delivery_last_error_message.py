"""deliveries.last_error_message

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

A delivery's last error as a catalogue message (key and parameters, as JSON text), as
``sources.last_error_message`` (0003) is for a source, so that ``monitor alerts --show`` and the
digest's sender show it in the reader's language. ``last_error`` keeps the English text; rows
written before this revision have no message and are shown from that text.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("last_error_message", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("last_error_message")
