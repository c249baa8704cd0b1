"""office hamburg

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:00:00

The rest of issue 17: the HB appointment booked during a same-day callback points to the
callback (``caseworker_appointment.callback_id``, empty for existing rows); the callback's
talk form (``callback_talk``); the Hamburg concept's six-monthly review of the need for
counselling (``counselling_review``). Existing data keeps its values.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _common(utc: fieldkit.store.types.UTCDateTime) -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
    ]


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    kind = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False, server_default="")


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    with op.batch_alter_table("caseworker_appointment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("callback_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_caseworker_appointment_callback_id"), ["callback_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_caseworker_appointment_callback_id_caseworker_appointment"),
            "caseworker_appointment", ["callback_id"], ["id"], ondelete="SET NULL",
        )  # fmt: skip
    op.create_table(
        "callback_talk",
        sa.Column("callback_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        _text("worker", 200),
        _text("discussed"),
        _text("outcome"),
        _text("next_step"),
        sa.Column("talked_at", utc, nullable=False),
        *_common(utc),
        sa.ForeignKeyConstraint(
            ["callback_id"], ["caseworker_appointment.id"],
            name=op.f("fk_callback_talk_callback_id_caseworker_appointment"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"],
            name=op.f("fk_callback_talk_customer_id_customer"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_talk")),
        sa.UniqueConstraint("callback_id", name=op.f("uq_callback_talk_callback_id")),
    )  # fmt: skip
    op.create_table(
        "counselling_review",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        _text("reviewed_by", 200),
        _text("note"),
        *_common(utc),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"],
            name=op.f("fk_counselling_review_customer_id_customer"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_review")),
    )  # fmt: skip
    with op.batch_alter_table("counselling_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counselling_review_customer_id"), ["customer_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("counselling_review")
    op.drop_table("callback_talk")
    with op.batch_alter_table("caseworker_appointment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_caseworker_appointment_callback_id_caseworker_appointment"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_caseworker_appointment_callback_id"))
        batch_op.drop_column("callback_id")
