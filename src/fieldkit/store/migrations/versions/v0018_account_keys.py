"""account keys

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 12:40:00

Per-account key material for sealed key slots (issue 14/15).
Placeholder until the laptop-crypto work fills it.
"""

from __future__ import annotations

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
