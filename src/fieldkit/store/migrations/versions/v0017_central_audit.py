"""central audit

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 12:40:00

Central change log filled by triggers (issue 15, item 5).
Placeholder until the central-trust work fills it.
"""

from __future__ import annotations

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
