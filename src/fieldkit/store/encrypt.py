"""``fieldkit db encrypt``: turn a plain laptop database into an encrypted one, in place.

The order is what makes it safe to stop at any point (a crash, a full disk, Ctrl+C):

1. under the database's lock, the plain file's write-ahead log is checkpointed into it;
2. an encrypted copy is exported beside it (``.NAME.xxxx.encrypting``) under a new random key;
3. the copy is verified: opened with the key, ``cipher_integrity_check`` and
   ``integrity_check`` clean, the same tables with the same row counts as the plain file;
4. the key file is written as ``NAME.keys.pending`` (the first account's wrapped key);
5. the copy replaces the plain file (one rename), then the pending key file becomes
   ``NAME.keys`` (a second rename). :func:`fieldkit.store.cipher.finish_interrupted` completes
   a run stopped between the two, or discards the pending file if the plain file is still there;
6. the plain file's old bytes are overwritten with zeros through a handle kept open (POSIX),
   and older schema backup copies beside it (plaintext too) are encrypted the same way.

Until step 5 the plain database is untouched and opens as before.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from fieldkit.store import cipher
from fieldkit.store import lock as db_lock
from fieldkit.store.cipher import CipherError
from fieldkit.store.db import _fsync_folder, _lock, cipher_connect, export_encrypted

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Encrypted:
    """What ``db encrypt`` did: tables and rows carried over, backup copies encrypted."""

    tables: int
    rows: int
    backups: int


def encrypt_database(database: Path, account: str, password: str) -> Encrypted:
    """Encrypt the plain SQLite file ``database`` in place; ``account`` gets the first key.

    Raises :class:`CipherError` (one sentence) for an encrypted, missing or non-SQLite file
    and for a copy that cannot be made or verified; then the plain file is as it was.
    """
    database = database.resolve()
    _refuse(database)
    cipher.check_new_account(account, password)
    held = _lock(database)
    try:
        key = cipher.new_key()
        counts = _replace_with_encrypted(database, key, account, password)
        backups = sum(_encrypt_copy(copy, key) for copy in _backup_copies(database))
        return Encrypted(len(counts), sum(counts.values()), backups)
    finally:
        db_lock.release(held)


def _refuse(database: Path) -> None:
    if cipher.is_encrypted(database):
        raise CipherError(
            f"Die Datenbank {database.name} ist schon verschlüsselt.",
            f"The database {database.name} is already encrypted.",
            code="already",
        )
    if not database.is_file() or database.stat().st_size == 0:
        raise CipherError(
            f"Die Datenbank {database} gibt es nicht; es gibt nichts zu verschlüsseln.",
            f"The database {database} does not exist; there is nothing to encrypt.",
            code="missing",
        )
    if not cipher.is_plain_sqlite(database):
        raise CipherError(
            f"Die Datei {database.name} ist keine unverschlüsselte SQLite-Datenbank (oder ihre "
            "Schlüsseldatei fehlt); sie wurde nicht verändert.",
            f"The file {database.name} is not an unencrypted SQLite database (or its key file "
            "is missing); it was not changed.",
            code="not_sqlite",
        )


def _replace_with_encrypted(
    database: Path, key: bytes, account: str, password: str
) -> dict[str, int]:
    tmp = database.with_name(f".{database.name}.{uuid.uuid4().hex[:8]}.encrypting")
    try:
        counts = _export(database, tmp, key)
        _verify(tmp, key, counts)
        os.chmod(tmp, 0o600)  # the owner's only, like the key file
        cipher.add_account(tmp, key, account, password)
        os.replace(cipher.key_file(tmp), cipher.pending_key_file(database))
        for side in ("-wal", "-shm"):  # empty after the checkpoint; they belong to the plain
            Path(f"{database}{side}").unlink(missing_ok=True)
        old = os.open(database, os.O_RDWR) if os.name == "posix" else None
        try:
            os.replace(tmp, database)
            _fsync_folder(database.parent)
            cipher.finish_interrupted(database)
            _fsync_folder(database.parent)
            if old is not None:
                _scrub(old)
        finally:
            if old is not None:
                os.close(old)
    except (OSError, sqlcipher.Error) as exc:
        cipher.finish_interrupted(database)
        if not cipher.is_plain_sqlite(database):  # the switch was made; only tidying failed
            log.warning("encrypted, but tidying up failed: %s", type(exc).__name__)
            return counts
        raise _failed(database, exc) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), cipher.key_file(tmp)):
            leftover.unlink(missing_ok=True)
        cipher.finish_interrupted(database)
    return counts


def _export(plain: Path, target: Path, key: bytes) -> dict[str, int]:
    """Checkpoint ``plain``, export it encrypted into ``target``; its tables' row counts."""
    conn = cipher_connect(plain, None, isolation_level=None)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy is not None and busy[0]:
            raise sqlcipher.OperationalError("database is locked")
        counts = _counts(conn)
        export_encrypted(conn, target, key)
    finally:
        conn.close()
    return counts


def _verify(copy: Path, key: bytes, counts: dict[str, int]) -> None:
    conn = cipher_connect(copy, key, isolation_level=None)
    try:
        problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        copied = _counts(conn)
    finally:
        conn.close()
    if problems or integrity != [("ok",)] or copied != counts:
        raise sqlcipher.DatabaseError("the encrypted copy differs from the database")


def _counts(conn: sqlcipher.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _scrub(fd: int) -> None:
    """Overwrite the replaced plain file's bytes with zeros (its name is already gone).

    On an SSD or a copy-on-write file system the old blocks may survive anyway
    (docs/security.md); a failure here is logged, the encryption itself is done.
    """
    try:
        _zero(fd)
    except OSError as exc:
        log.warning("the old plain file could not be overwritten: %s", exc.strerror)


def _zero(fd: int) -> None:
    size = os.fstat(fd).st_size
    chunk = b"\0" * (1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, chunk[: min(len(chunk), size - written)])
    os.fsync(fd)


def _backup_copies(database: Path) -> list[Path]:
    """The schema backup copies beside ``database`` (store.db.backup_sqlite) still plain."""
    pattern = f"{database.stem}.schema-*{database.suffix}"
    return sorted(p for p in database.parent.glob(pattern) if cipher.is_plain_sqlite(p))


def _encrypt_copy(copy: Path, key: bytes) -> int:
    tmp = copy.with_name(f".{copy.name}.{uuid.uuid4().hex[:8]}.encrypting")
    try:
        _verify(tmp, key, _export(copy, tmp, key))
        os.chmod(tmp, 0o600)
        old = os.open(copy, os.O_RDWR) if os.name == "posix" else None
        try:
            os.replace(tmp, copy)
            if old is not None:
                _scrub(old)
        finally:
            if old is not None:
                os.close(old)
    except (OSError, sqlcipher.Error) as exc:
        raise CipherError(
            f"Die Datenbank ist verschlüsselt, aber die ältere Sicherungskopie {copy.name} "
            f"ließ sich nicht verschlüsseln ({_short(exc)}); bitte sie löschen.",
            f"The database is encrypted, but the older backup copy {copy.name} could not be "
            f"encrypted ({_short(exc)}); please delete it.",
            code="backup",
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    for side in ("-wal", "-shm"):
        Path(f"{copy}{side}").unlink(missing_ok=True)
    return 1


def _failed(database: Path, exc: BaseException) -> CipherError:
    return CipherError(
        f"Die Datenbank {database.name} ließ sich nicht verschlüsseln ({_short(exc)}); sie "
        "bleibt unverändert und unverschlüsselt.",
        f"The database {database.name} could not be encrypted ({_short(exc)}); it is left "
        "unchanged and unencrypted.",
        code="failed",
    )


def _short(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(exc).__name__
