"""lease

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:00:00

Idle lock and lease (issue 14, item 5): filled by the lease work.
"""

from __future__ import annotations

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
