"""accounts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00

Accounts and login (issue 14, item 1): filled by the accounts work.
"""

from __future__ import annotations

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
