"""sync runs

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 12:40:00

Sync runs per laptop for the team lead's report (issue 15, item 5): ``sync_device_run``,
one row per network sync, imported push file or written pull file, written by the central
database in the sync's transaction. A new empty table: existing data is untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "sync_device_run",
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("pushed", sa.Integer(), nullable=False),
        sa.Column("pulled", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_device_run")),
    )
    op.create_index(op.f("ix_sync_device_run_device"), "sync_device_run", ["device"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_device_run_device"), table_name="sync_device_run")
    op.drop_table("sync_device_run")
