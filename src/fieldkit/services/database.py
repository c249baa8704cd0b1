"""The database as the UI holds it: open it, encrypt it, the handle every window passes on.

The UI imports services, never the store (issue 19, item 4; a contract in pyproject.toml
checks it). A window keeps the :class:`Database` the app opened and hands it to the
services, which open the units of work; this module is the one place the UI gets the handle,
its error and the clock's "now" from. No Qt here.
"""

from __future__ import annotations

from fieldkit.store.db import Database, StoreError, open_database, sqlite_file
from fieldkit.store.encrypt import encrypt_database
from fieldkit.store.types import utcnow

__all__ = [
    "Database",
    "StoreError",
    "encrypt_database",
    "open_database",
    "sqlite_file",
    "utcnow",
]
