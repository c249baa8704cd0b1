"""outbox

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 07:30:00

Benefits outbox and sound follow-up (issue 17): a benefits message gets what/why, the BG
number, the record it came from and its hand-over; a follow-up gets the rule set and reason
behind a proposed suspension and the dated steps hearing, wichtiger Grund, Verfügung, notice;
a reception appointment records that the HB was not reached and a reclassification; a
customer gets the Hamburg concept's situation ("" for existing customers).
Existing rows get empty defaults; an existing message stays open until handed over.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    kind = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False, server_default="")


def upgrade() -> None:
    utc = fieldkit.store.types.UTCDateTime(timezone=True)
    with op.batch_alter_table("benefits_message", schema=None) as batch_op:
        batch_op.add_column(_text("subject", 200))
        batch_op.add_column(_text("reason"))
        batch_op.add_column(_text("bg_number", 30))
        batch_op.add_column(sa.Column("ref_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("handed_over_at", utc, nullable=True))
        batch_op.add_column(_text("handed_over_by", 200))
        batch_op.create_index(batch_op.f("ix_benefits_message_ref_id"), ["ref_id"], unique=False)
    with op.batch_alter_table("appointment_followup", schema=None) as batch_op:
        batch_op.add_column(_text("rule_set", 100))
        batch_op.add_column(_text("proposal_reason"))
        batch_op.add_column(sa.Column("hearing_on", sa.Date(), nullable=True))
        batch_op.add_column(_text("hearing_note"))
        batch_op.add_column(_text("good_reason", 5))
        batch_op.add_column(sa.Column("good_reason_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("order_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notice_on", sa.Date(), nullable=True))
    with op.batch_alter_table("reception_appointment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hb_unreachable_at", utc, nullable=True))
        batch_op.add_column(sa.Column("reclassified_at", utc, nullable=True))
        batch_op.add_column(_text("reclassified_by", 200))
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(_text("situation", 30))
    _hamburg_tables(utc)


def _common(utc: fieldkit.store.types.UTCDateTime) -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
    ]


def _hamburg_tables(utc: fieldkit.store.types.UTCDateTime) -> None:
    op.create_table(
        "caseworker_post",
        sa.Column("caseworker_id", sa.Uuid(), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        *_common(utc),
        sa.ForeignKeyConstraint(
            ["caseworker_id"], ["caseworker.id"],
            name=op.f("fk_caseworker_post_caseworker_id_caseworker"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseworker_post")),
        sa.UniqueConstraint("caseworker_id", name=op.f("uq_caseworker_post_caseworker_id")),
    )  # fmt: skip
    op.create_table(
        "counselling_talk",
        sa.Column("caseworker_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        *_common(utc),
        sa.ForeignKeyConstraint(
            ["caseworker_id"], ["caseworker.id"],
            name=op.f("fk_counselling_talk_caseworker_id_caseworker"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"],
            name=op.f("fk_counselling_talk_customer_id_customer"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_talk")),
    )  # fmt: skip
    with op.batch_alter_table("counselling_talk", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counselling_talk_caseworker_id"), ["caseworker_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_counselling_talk_held_on"), ["held_on"], unique=False)


def downgrade() -> None:
    op.drop_table("counselling_talk")
    op.drop_table("caseworker_post")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("situation")
    with op.batch_alter_table("reception_appointment", schema=None) as batch_op:
        for name in ("reclassified_by", "reclassified_at", "hb_unreachable_at"):
            batch_op.drop_column(name)
    with op.batch_alter_table("appointment_followup", schema=None) as batch_op:
        for name in ("notice_on", "order_on", "good_reason_on", "good_reason", "hearing_note",
                     "hearing_on", "proposal_reason", "rule_set"):  # fmt: skip
            batch_op.drop_column(name)
    with op.batch_alter_table("benefits_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_benefits_message_ref_id"))
        for name in ("handed_over_by", "handed_over_at", "ref_id", "bg_number", "reason",
                     "subject"):  # fmt: skip
            batch_op.drop_column(name)
