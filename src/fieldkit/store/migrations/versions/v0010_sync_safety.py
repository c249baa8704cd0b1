"""sync safety

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00

Sync guarantees (issue 21): the central store numbers every pull it hands out (sync_ticket),
so a laptop refuses an old (replayed) or foreign pull file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "sync_ticket",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("target_device", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("issued_at", utc, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_ticket")),
        sa.UniqueConstraint("seq", name=op.f("uq_sync_ticket_seq")),
    )


def downgrade() -> None:
    op.drop_table("sync_ticket")
