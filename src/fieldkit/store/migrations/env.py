"""Alembic environment: runs on the connection fieldkit hands in (never on a URL of its own)."""

from __future__ import annotations

from alembic import context

from fieldkit.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached through misuse
    raise RuntimeError("fieldkit runs migrations only through fieldkit.store.db.upgrade")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
