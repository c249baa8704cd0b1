"""office setup

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:00:00

The office setup (issue 13): branches and teams, the office's state, flag cutoff, letterhead
and logo, caseworkers' branch, per-worker hours, break and start address, which areas a worker
covers, and retiring (``active``) instead of deleting. Existing rows get the defaults: every
caseworker and area stays active, workers keep the planning settings' hours.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _common() -> list[sa.Column[object]]:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "branch",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=5), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_common(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch")),
        sa.UniqueConstraint("name", name=op.f("uq_branch_name")),
    )
    op.create_table(
        "team",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("lead", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_common(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("number", name=op.f("uq_team_number")),
    )
    op.create_table(
        "worker_area",
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("area_id", sa.Uuid(), nullable=False),
        *_common(),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_worker_area_area_id_area"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["outreach_worker.id"],
            name=op.f("fk_worker_area_worker_id_outreach_worker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_area")),
        sa.UniqueConstraint("worker_id", "area_id", name=op.f("uq_worker_area_worker_id")),
    )
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("state", sa.String(length=2), nullable=False, server_default="BW")
        )
        batch_op.add_column(
            sa.Column(
                "flag_cutoff", sa.String(length=20), nullable=False, server_default="Do 16:00"
            )
        )
        batch_op.add_column(sa.Column("letterhead", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("logo_path", sa.String(length=500), nullable=False, server_default="")
        )
    with op.batch_alter_table("outreach_worker", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("start_time", sa.String(length=5), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("end_time", sa.String(length=5), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("break_minutes", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("start_address", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("start_lat", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("start_lon", sa.Float(), nullable=True))
    with op.batch_alter_table("caseworker", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("branch", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("caseworker", schema=None) as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("branch")
    with op.batch_alter_table("outreach_worker", schema=None) as batch_op:
        for name in ("start_lon", "start_lat", "start_address", "break_minutes", "end_time"):
            batch_op.drop_column(name)
        batch_op.drop_column("start_time")
    with op.batch_alter_table("office", schema=None) as batch_op:
        for name in ("logo_path", "letterhead", "flag_cutoff", "state", "email"):
            batch_op.drop_column(name)
    op.drop_table("worker_area")
    op.drop_table("team")
    op.drop_table("branch")
