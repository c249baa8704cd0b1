"""local safety

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:00:00

Placeholder for local data safety (issue 21): version columns and unique constraints for back-office edits; filled by that work.
"""

from __future__ import annotations

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
