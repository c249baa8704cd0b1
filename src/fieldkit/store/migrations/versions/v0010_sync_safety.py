"""sync safety

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00

Placeholder for sync guarantees (issue 21): sequence numbers, transfer provenance, visit-derived ids; filled by that work.
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
