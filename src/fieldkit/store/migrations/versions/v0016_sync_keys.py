"""sync keys

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 10:40:00

Sealed sync files (issue 15, item 4): the office's key pair (sync_office_key, central only)
and the enrolled laptops with their public keys and a disabled flag (sync_device). A laptop's
own private keys live in its app_meta. New empty tables: existing data is untouched.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _common(utc: Any) -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
    ]


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "sync_office_key",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("sign_public", sa.String(length=64), nullable=False),
        sa.Column("sign_private", sa.String(length=64), nullable=False),
        sa.Column("box_public", sa.String(length=64), nullable=False),
        sa.Column("box_private", sa.String(length=64), nullable=False),
        *_common(utc),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
            name=op.f("fk_sync_office_key_office_id_office"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_office_key")),
        sa.UniqueConstraint("office_id", name=op.f("uq_sync_office_key_office_id")),
    )
    op.create_table(
        "sync_device",
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("sign_public", sa.String(length=64), nullable=False),
        sa.Column("box_public", sa.String(length=64), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("enrolled_at", utc, nullable=False),
        *_common(utc),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_device")),
        sa.UniqueConstraint("device", name=op.f("uq_sync_device_device")),
    )


def downgrade() -> None:
    op.drop_table("sync_device")
    op.drop_table("sync_office_key")
