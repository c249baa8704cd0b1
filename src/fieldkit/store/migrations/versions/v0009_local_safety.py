"""local safety

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:00:00

Local data safety (issue 21, items 9 and 13): version columns for optimistic locking (flag,
deputy_rule), one line per deputy and one per rank in each deputy rule, and the history of
flag releases. Existing data is made to fit first: duplicate deputy lines are merged (the
first one stays), ranks are numbered 1..n in their order, and each flag already released
gets its release as the first history line. Three indexes let the office report seek each
flag's newest final visit and latest route stop instead of scanning.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import fieldkit.store.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TEAM_RULE = sa.text("caseworker_id IS NULL")


def upgrade() -> None:
    _tidy_deputy_rules()
    with op.batch_alter_table("deputy_rule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_unique_constraint(
            "uq_deputy_rule_own_deputy", ["team", "caseworker_id", "deputy_id"]
        )
        batch_op.create_unique_constraint(
            "uq_deputy_rule_own_rank", ["team", "caseworker_id", "rank"]
        )
    for name, column in (
        ("uq_deputy_rule_team_deputy", "deputy_id"),
        ("uq_deputy_rule_team_rank", "rank"),
    ):
        op.create_index(
            name,
            "deputy_rule",
            ["team", column],
            unique=True,
            sqlite_where=_TEAM_RULE,
            postgresql_where=_TEAM_RULE,
        )
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "flag_release",
        sa.Column("flag_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("released_by", sa.String(length=200), nullable=False),
        sa.Column("released_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["flag.id"], name=op.f("fk_flag_release_flag_id_flag"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_release")),
    )
    op.create_index(op.f("ix_flag_release_flag_id"), "flag_release", ["flag_id"], unique=False)
    _history_of_releases()
    # The office report seeks each flag's newest final visit and latest stop (item 13).
    op.create_index("ix_visit_flag_newest", "visit", ["flag_id", "state", "visited_at", "id"])
    op.create_index("ix_visit_supersedes", "visit", ["supersedes_id", "state"])
    op.create_index("ix_route_stop_flag_latest", "route_stop", ["flag_id", "created_at", "id"])


def _tidy_deputy_rules() -> None:
    conn = op.get_bind()
    rule = sa.table(
        "deputy_rule",
        sa.column("id", sa.Uuid()),
        sa.column("team", sa.String()),
        sa.column("caseworker_id", sa.Uuid()),
        sa.column("deputy_id", sa.Uuid()),
        sa.column("rank", sa.Integer()),
        sa.column("created_at", fieldkit.store.types.UTCDateTime(timezone=True)),
    )
    rows = conn.execute(
        sa.select(rule.c.id, rule.c.team, rule.c.caseworker_id, rule.c.deputy_id).order_by(
            rule.c.team, rule.c.caseworker_id, rule.c.rank, rule.c.created_at, rule.c.id
        )
    ).all()
    seen: set[tuple[object, object, object]] = set()
    position: dict[tuple[object, object], int] = {}
    for row in rows:
        line = (row.team, row.caseworker_id, row.deputy_id)
        if line in seen:
            conn.execute(sa.delete(rule).where(rule.c.id == row.id))
            continue
        seen.add(line)
        group = (row.team, row.caseworker_id)
        position[group] = position.get(group, 0) + 1
        conn.execute(sa.update(rule).where(rule.c.id == row.id).values(rank=position[group]))


def _history_of_releases() -> None:
    conn = op.get_bind()
    flag = sa.table(
        "flag",
        sa.column("id", sa.Uuid()),
        sa.column("override_reason", sa.Text()),
        sa.column("override_by", sa.String()),
        sa.column("override_at", fieldkit.store.types.UTCDateTime(timezone=True)),
        sa.column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True)),
        sa.column("device_id", sa.String()),
    )
    release = sa.table(
        "flag_release",
        sa.column("id", sa.Uuid()),
        sa.column("flag_id", sa.Uuid()),
        sa.column("reason", sa.Text()),
        sa.column("released_by", sa.String()),
        sa.column("released_at", fieldkit.store.types.UTCDateTime(timezone=True)),
        sa.column("created_at", fieldkit.store.types.UTCDateTime(timezone=True)),
        sa.column("updated_at", fieldkit.store.types.UTCDateTime(timezone=True)),
        sa.column("device_id", sa.String()),
    )
    now = datetime.now(UTC)
    released = conn.execute(sa.select(flag).where(flag.c.override_reason != "")).all()
    for row in released:
        conn.execute(
            sa.insert(release).values(
                id=uuid.uuid4(),
                flag_id=row.id,
                reason=row.override_reason,
                released_by=row.override_by,
                released_at=row.override_at or row.updated_at,
                created_at=now,
                updated_at=now,
                device_id=row.device_id,
            )
        )


def downgrade() -> None:
    op.drop_index("ix_route_stop_flag_latest", table_name="route_stop")
    op.drop_index("ix_visit_supersedes", table_name="visit")
    op.drop_index("ix_visit_flag_newest", table_name="visit")
    op.drop_index(op.f("ix_flag_release_flag_id"), table_name="flag_release")
    op.drop_table("flag_release")
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.drop_column("version")
    op.drop_index("uq_deputy_rule_team_rank", table_name="deputy_rule")
    op.drop_index("uq_deputy_rule_team_deputy", table_name="deputy_rule")
    with op.batch_alter_table("deputy_rule", schema=None) as batch_op:
        batch_op.drop_constraint("uq_deputy_rule_own_rank", type_="unique")
        batch_op.drop_constraint("uq_deputy_rule_own_deputy", type_="unique")
        batch_op.drop_column("version")
