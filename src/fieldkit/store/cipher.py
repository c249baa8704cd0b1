"""Encryption at rest of the laptop database (issue 14, item 2): the interface.

The SQLite file is encrypted with SQLCipher under a random database key. The key is kept
*outside* the database, in a key file beside it (``<database>.keys``), wrapped once per
account by a key derived from that account's password: several people can use one laptop,
and a password change re-wraps one entry instead of re-encrypting the database.

Callers (login in the app and the CLI, ``fieldkit user add|passwd|disable``) use only
these functions; until the encryption work lands, no database has a key file, so
:func:`is_encrypted` is False and the rest is never reached.
"""

from __future__ import annotations

from pathlib import Path

from fieldkit.errors import BilingualError


class CipherError(BilingualError):
    """The database cannot be unlocked (wrong password, unknown account, broken key file)."""


def key_file(database: Path) -> Path:
    """Where the wrapped keys of ``database`` live."""
    return database.with_name(database.name + ".keys")


def is_encrypted(database: Path) -> bool:
    """Whether ``database`` is an encrypted one (it has a key file)."""
    return key_file(database).exists()


def unlock(database: Path, account: str, password: str) -> bytes:
    """The database key, unwrapped with ``account``'s password; CipherError if it cannot be."""
    raise NotImplementedError


def add_account(database: Path, key: bytes, account: str, password: str) -> None:
    """Wrap ``key`` for ``account`` (a new account, or a password set by the administration)."""
    raise NotImplementedError


def change_password(database: Path, account: str, old: str, new: str) -> None:
    """Re-wrap ``account``'s entry for a new password (the database is not re-encrypted)."""
    raise NotImplementedError


def remove_account(database: Path, account: str) -> None:
    """Drop ``account``'s entry: that password opens the database no more."""
    raise NotImplementedError
