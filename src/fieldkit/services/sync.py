"""The sync as the UI calls it: sync now or through files, the last run, conflicts, the lease.

The UI imports services only (issue 19, item 4; the contract in pyproject.toml); the sync
itself lives in :mod:`fieldkit.sync` (``service`` runs it, ``lease`` closes a laptop that has
not synced, ``office_docs`` publishes the office's documents, ``explain`` says what a failure
means). This module names what the windows use, nothing more. No Qt here.
"""

from __future__ import annotations

from fieldkit.store.db import Database, engine_key
from fieldkit.sync.errors import SyncError
from fieldkit.sync.explain import explain
from fieldkit.sync.lease import LeaseState
from fieldkit.sync.lease import enforce as enforce_lease
from fieldkit.sync.lease import state as lease_state
from fieldkit.sync.office_docs import PublishReport, publish
from fieldkit.sync.service import (
    SyncConflict,
    SyncReport,
    as_account,
    disable_device,
    export_push,
    import_pull,
    last_run,
    open_conflicts,
    sync_network,
    unsynced_count,
    url_without_password,
)

__all__ = [
    "LeaseState",
    "PublishReport",
    "SyncConflict",
    "SyncError",
    "SyncReport",
    "as_account",
    "database_key",
    "disable_device",
    "enforce_lease",
    "explain",
    "export_push",
    "import_pull",
    "is_central",
    "last_run",
    "lease_state",
    "open_conflicts",
    "publish",
    "sync_network",
    "unsynced_count",
    "url_without_password",
]


def database_key(db: Database) -> bytes | None:
    """The key of an open encrypted laptop database (``None`` when it is plain), for
    :func:`sync_network`'s ``laptop_key``: with it a sync re-wraps the database key for every
    pulled account whose password changed centrally (issue 15); without it they keep their
    old password on this laptop until a CLI sync."""
    return engine_key(db.engine)


def is_central(db: Database) -> bool:
    """Whether ``db`` is the central database itself (PostgreSQL: a back-office PC works in
    it directly) rather than a laptop's file that syncs with it."""
    return db.engine.dialect.name == "postgresql"
