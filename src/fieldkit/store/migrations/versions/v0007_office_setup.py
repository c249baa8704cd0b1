"""office setup

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:00:00

Placeholder for the office setup (issue 13): branches, teams, per-worker hours, break and start address; filled by that work.
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
