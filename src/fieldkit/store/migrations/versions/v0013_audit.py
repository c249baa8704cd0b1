"""audit

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:00:00

Audit log and role enforcement (issue 14, items 3 and 4): filled by the audit work.
"""

from __future__ import annotations

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
