"""What an account change means beyond the account's row, for the accounts window and
``fieldkit user`` alike.

- On the central PostgreSQL database every account has a login role of its own (issue 15):
  added with the account, its password set with the account's, disabled with it.
- An encrypted laptop file opens with a key wrapped once per account (issue 14, item 2): a
  new account or a new password gets the key wrapped for that password, a disabled account
  loses its entry. The open database holds the key already (``store.db.engine_key``), so no
  password but the new one is needed.

Each function runs inside the account operation's transaction (``app.ops.accounts``'
``also``, which these functions make): when it raises, the account's row is not written either.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from fieldkit.services import accounts
from fieldkit.services.sync import is_central
from fieldkit.store import cipher
from fieldkit.store.db import Database, engine_key, sqlite_file
from fieldkit.sync import central_roles


def _keyed_file(db: Database) -> tuple[Path, bytes] | None:
    """The encrypted file and its key, None for a plain file or PostgreSQL."""
    key = engine_key(db.engine)
    file = sqlite_file(db.url)
    return (file, key) if key is not None and file is not None else None


#: More writes in an account operation's transaction: the session and the account's name
#: as stored (``app.ops.accounts`` takes them as ``also``).
Also = Callable[[Session, str], None]


def adding(db: Database, password: str, role: str) -> Also:
    """For adding an account with ``password`` and account role ``role``."""

    def also(session: Session, name: str) -> None:
        if is_central(db):
            central_roles.ensure_login_role(session.connection(), name, password, role)
        keyed = _keyed_file(db)
        if keyed is not None:
            cipher.add_account(keyed[0], keyed[1], name, password)

    return also


def setting_password(db: Database, password: str) -> Also:
    """For giving an account ``password``; this lifts a lockout of the key file too, as it
    does the account's."""

    def also(session: Session, name: str) -> None:
        if is_central(db):
            found = accounts.find(session, name)
            assert found is not None  # set_password refused an unknown name
            # ensure, not only ALTER: an account from before login roles gets its role now
            central_roles.ensure_login_role(session.connection(), name, password, found.role)
        keyed = _keyed_file(db)
        if keyed is not None:
            cipher.add_account(keyed[0], keyed[1], name, password)

    return also


def disabling(db: Database) -> Also:
    """For disabling an account: its login role cannot log in, its password no longer opens
    the file."""

    def also(session: Session, name: str) -> None:
        if is_central(db) and central_roles.can_login(session.connection(), name):
            central_roles.disable_login_role(session.connection(), name)
        keyed = _keyed_file(db)
        if keyed is None:
            return
        try:
            cipher.remove_account(keyed[0], name)
        except cipher.CipherError as exc:
            if exc.code != "unknown_account":  # an account that never had a key: none to drop
                raise

    return also
