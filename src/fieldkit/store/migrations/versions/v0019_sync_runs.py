"""sync runs

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 12:40:00

Sync runs per laptop for the team lead's report (issue 15, item 5).
Placeholder until the enrolment work fills it.
"""

from __future__ import annotations

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
