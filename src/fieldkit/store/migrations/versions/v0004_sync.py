"""sync bookkeeping

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 06:00:00

What the central store confirmed, the conflict list, the sync log and central route stop status.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _common(table: str) -> list[sa.Column[object] | sa.PrimaryKeyConstraint]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "sync_record",
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("record_updated_at", utc, nullable=False),
        sa.Column("confirmed_at", utc, nullable=False),
        *_common("sync_record"),
        sa.UniqueConstraint("record_table", "record_id", name=op.f("uq_sync_record_record_table")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("detected_at", utc, nullable=False),
        sa.Column("resolved_at", utc, nullable=True),
        *_common("sync_conflict"),
    )
    op.create_table(
        "sync_run",
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("started_at", utc, nullable=False),
        sa.Column("finished_at", utc, nullable=True),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("pushed", sa.JSON(), nullable=False),
        sa.Column("pulled", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("error_code", sa.String(length=30), nullable=False),
        *_common("sync_run"),
    )
    op.create_table(
        "sync_stop_status",
        sa.Column("flag_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("status_at", utc, nullable=True),
        *_common("sync_stop_status"),
    )


def downgrade() -> None:
    op.drop_table("sync_stop_status")
    op.drop_table("sync_run")
    op.drop_table("sync_conflict")
    op.drop_table("sync_record")
