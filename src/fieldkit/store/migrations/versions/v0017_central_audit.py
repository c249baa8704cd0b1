"""central audit

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 12:40:00

Central change log (issue 15, item 5): central_change_log, filled on the central database by
the triggers that ``fieldkit central init`` installs (time, database role, table, row id,
operation; never the row's content). A new empty table: existing data is untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "central_change_log",
        sa.Column("at", utc, nullable=False),
        sa.Column("db_role", sa.String(length=63), nullable=False),
        sa.Column("record_table", sa.String(length=63), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_change_log")),
    )
    op.create_index(op.f("ix_central_change_log_at"), "central_change_log", ["at"], unique=False)
    op.create_index(
        op.f("ix_central_change_log_db_role"), "central_change_log", ["db_role"], unique=False
    )


def downgrade() -> None:
    op.drop_table("central_change_log")
