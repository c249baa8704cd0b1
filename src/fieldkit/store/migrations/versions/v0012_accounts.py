"""accounts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00

Accounts and login (issue 14, item 1): the ``account`` table (store/models_accounts.py).
A database from before has no account and keeps working without a login until the first
one is added (``fieldkit user add``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "account",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("team", sa.String(length=20), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("caseworker", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", utc, nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("password_changed_at", utc, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["outreach_worker.id"],
            name=op.f("fk_account_worker_id_outreach_worker"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("name_key", name=op.f("uq_account_name_key")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("account")
