"""account keys

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 12:40:00

Per-account key material for sealed key slots (issue 14/15): the Argon2id salt and the
X25519 public key (``fieldkit.store.cipher.SlotMaterial``, base64) with which a database key
can be wrapped for an account without its password. Both nullable: existing accounts get
theirs at their next password change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slot_salt", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("slot_public", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("slot_public")
        batch_op.drop_column("slot_salt")
