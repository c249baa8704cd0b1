"""letters and rules

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:00:00

Dated rule sets and the import contract's letter columns (issue 16): the appointment kind,
Regelbedarfsstufe and BG number of a flag, the count of Meldeversäumnisse per customer, and who
verified which rule set on which day. Existing rows get the defaults (in person, RBS 1, no BG
number, no Meldeversäumnis so far).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "appointment_kind", sa.String(length=10), nullable=False, server_default="in_person"
            )
        )
        batch_op.add_column(
            sa.Column("standard_need_level", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column("bg_number", sa.String(length=30), nullable=False, server_default="")
        )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("missed_appointments", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "rule_set_verification",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("verified_by", sa.String(length=200), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set_verification")),
        sa.UniqueConstraint("name", name=op.f("uq_rule_set_verification_name")),
    )


def downgrade() -> None:
    op.drop_table("rule_set_verification")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("missed_appointments")
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.drop_column("bg_number")
        batch_op.drop_column("standard_need_level")
        batch_op.drop_column("appointment_kind")
