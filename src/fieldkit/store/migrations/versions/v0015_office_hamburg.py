"""office hamburg

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:30:00

Placeholder so the chain to 0016 is complete; another engineer's work may fill it.
"""

from __future__ import annotations

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
