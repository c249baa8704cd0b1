"""letters and rules

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:00:00

Placeholder for dated rule sets and the import contract's letter columns (issue 16); filled by that work.
"""

from __future__ import annotations

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
