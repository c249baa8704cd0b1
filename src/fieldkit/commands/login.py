"""The CLI's login (issue 14): who runs a command on a database that has accounts.

The name comes from ``FIELDKIT_USER`` and the password from ``FIELDKIT_PASSWORD``; what is
missing is asked on the terminal (the password with getpass, never echoed); without a
terminal the command stops with one sentence. Asked once per process. A pure demo database
(only synthetic records, its demo passwords are in the README) needs no login unless
``FIELDKIT_USER`` is set; a database without accounts needs none.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fieldkit.errors import BilingualError, UserError
from fieldkit.services.office import Identity
from fieldkit.store.db import Database

_asked: dict[str, str] = {}
# The keys this command unwrapped, by (database file, account, password): the lease check
# and the command's own opening of an encrypted laptop database need the same key, and each
# unwrapping costs a deliberately slow password hash. Emptied when a command starts and ends.
_keys: dict[tuple[str, str, str], bytes] = {}
T = TypeVar("T")


def credentials() -> tuple[str, str]:
    """(name, password) from the environment or the terminal; UserError without either."""
    user = os.environ.get("FIELDKIT_USER", "") or _asked.get("user", "")
    password = os.environ.get("FIELDKIT_PASSWORD") or _asked.get("password")
    if user and password is not None:
        return user, password
    if not sys.stdin.isatty():
        raise UserError(
            "This database needs a login: set FIELDKIT_USER and FIELDKIT_PASSWORD, or run "
            "the command on a terminal."
        )
    if not user:
        user = _asked["user"] = input("fieldkit user: ").strip()
    if password is None:
        password = _asked["password"] = getpass.getpass(f"Password for {user}: ")
    return user, password


def unlocked_key(url: str | None, user: str, password: str) -> bytes:
    """The key of the encrypted database at ``url`` for ``user``'s password, unwrapped once
    per command (a wrong password is refused, and counted in the key file, every time)."""
    from fieldkit.services import login

    file = login.database_file(url)
    assert file is not None
    slot = (str(file.resolve()), user, password)
    if slot not in _keys:
        _keys[slot] = login.unlock(url, user, password)
    return _keys[slot]


def forget_keys() -> None:
    """No key unwrapped for one command serves the next (``cli.main``)."""
    _keys.clear()


@dataclass(frozen=True)
class Opened:
    """A database opened for a command, and who works in it."""

    db: Database
    identity: Identity
    logged_in: bool
    password: str = ""  # the login's, for re-wrapping the key of an encrypted database
    key: bytes | None = None  # the database key of an encrypted database


def open_logged_in(url: str | None, *, migrate: bool = True, demo_free: bool = True) -> Opened:
    """Open ``url``, logging in when it has accounts (an encrypted one: before opening);
    ``demo_free`` False asks for a login on a pure demo database too."""
    from fieldkit.services import login

    if login.is_encrypted(url):
        user, password = credentials()
        key = _sentence(lambda: unlocked_key(url, user, password))
        from fieldkit.store.db import open_database

        db = open_database(url, key=key, migrate=migrate)
        if not login.needs_login(db):  # encrypted before any account was made (db encrypt)
            return Opened(db, Identity(), False, password, key)
        return _with_login(db, user, password, key)
    from fieldkit.store.db import open_database

    db = open_database(url, migrate=migrate)
    try:
        if not login.needs_login(db):
            return Opened(db, Identity(), False)
        if demo_free and not os.environ.get("FIELDKIT_USER") and _pure_demo(db):
            return Opened(db, Identity(), False)
        user, password = credentials()
        return _with_login(db, user, password)
    except BaseException:
        db.dispose()
        raise


def _pure_demo(db: Database) -> bool:
    from fieldkit.services.demo_guard import is_pure_demo

    return is_pure_demo(db)


def _with_login(db: Database, user: str, password: str, key: bytes | None = None) -> Opened:
    from fieldkit.commands import now
    from fieldkit.services import login
    from fieldkit.settings import Settings

    try:
        identity = _sentence(lambda: login.login(db, user, password, now(), Settings.load()))
    except BaseException:
        db.dispose()
        raise
    return Opened(db, identity, True, password, key)


def _sentence(action: Callable[[], T]) -> T:
    """Run ``action``; a login's or the key file's refusal becomes the CLI's one sentence."""
    try:
        return action()
    except BilingualError as exc:
        from fieldkit.store.db import StoreError

        if isinstance(exc, StoreError):
            raise
        raise UserError(exc.message("en")) from exc
