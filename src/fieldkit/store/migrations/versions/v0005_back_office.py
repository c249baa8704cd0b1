"""back office

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 06:00:00

Tables of the back office (issue 9): deputy rules, absences, inbox marks, appointment
follow-ups and the Meldeversäumnis desk (reception appointments, desk talks, caseworker
appointments, notes to the benefits department).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_mark",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("ref_id", sa.Uuid(), nullable=False),
        sa.Column("done_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_mark")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_inbox_mark_kind")),
    )
    op.create_table(
        "absence",
        sa.Column("caseworker_id", sa.Uuid(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["caseworker_id"],
            ["caseworker.id"],
            name=op.f("fk_absence_caseworker_id_caseworker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    op.create_index(op.f("ix_absence_caseworker_id"), "absence", ["caseworker_id"], unique=False)
    op.create_table(
        "deputy_rule",
        sa.Column("team", sa.String(length=20), nullable=False),
        sa.Column("caseworker_id", sa.Uuid(), nullable=True),
        sa.Column("deputy_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["caseworker_id"],
            ["caseworker.id"],
            name=op.f("fk_deputy_rule_caseworker_id_caseworker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["caseworker.id"],
            name=op.f("fk_deputy_rule_deputy_id_caseworker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deputy_rule")),
    )
    op.create_index(op.f("ix_deputy_rule_team"), "deputy_rule", ["team"], unique=False)
    op.create_table(
        "benefits_message",
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_benefits_message_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefits_message")),
    )
    op.create_table(
        "reception_appointment",
        sa.Column("starts_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kundennummer", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("booked_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_reception_appointment_customer_id_customer"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reception_appointment")),
    )
    op.create_index(
        op.f("ix_reception_appointment_starts_at"),
        "reception_appointment",
        ["starts_at"],
        unique=False,
    )
    op.create_table(
        "appointment_followup",
        sa.Column("flag_id", sa.Uuid(), nullable=False),
        sa.Column("came", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("proposal", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["flag.id"],
            name=op.f("fk_appointment_followup_flag_id_flag"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_followup")),
        sa.UniqueConstraint("flag_id", name=op.f("uq_appointment_followup_flag_id")),
    )
    op.create_table(
        "caseworker_appointment",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("team", sa.String(length=20), nullable=False),
        sa.Column("caseworker_id", sa.Uuid(), nullable=True),
        sa.Column("hb_id", sa.Uuid(), nullable=True),
        sa.Column("by_deputy", sa.Boolean(), nullable=False),
        sa.Column("starts_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("booked_by", sa.String(length=200), nullable=False),
        sa.Column("done_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["reception_appointment.id"],
            name=op.f("fk_caseworker_appointment_appointment_id_reception_appointment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["caseworker_id"],
            ["caseworker.id"],
            name=op.f("fk_caseworker_appointment_caseworker_id_caseworker"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_caseworker_appointment_customer_id_customer"),
        ),
        sa.ForeignKeyConstraint(
            ["hb_id"], ["caseworker.id"], name=op.f("fk_caseworker_appointment_hb_id_caseworker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseworker_appointment")),
    )
    op.create_table(
        "desk_talk",
        sa.Column("appointment_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("reasons_given", sa.Text(), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("agreements", sa.Text(), nullable=False),
        sa.Column("talked_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["reception_appointment.id"],
            name=op.f("fk_desk_talk_appointment_id_reception_appointment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_desk_talk_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_talk")),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reception_appointment_starts_at"), table_name="reception_appointment")
    op.drop_index(op.f("ix_deputy_rule_team"), table_name="deputy_rule")
    op.drop_index(op.f("ix_absence_caseworker_id"), table_name="absence")
    op.drop_table("desk_talk")
    op.drop_table("caseworker_appointment")
    op.drop_table("benefits_message")
    op.drop_table("appointment_followup")
    op.drop_table("reception_appointment")
    op.drop_table("inbox_mark")
    op.drop_table("absence")
    op.drop_table("deputy_rule")
