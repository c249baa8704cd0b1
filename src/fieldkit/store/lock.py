"""One running fieldkit per database file: an exclusive lock on a file beside it.

SQLite's own locks are POSIX advisory locks, which belong to the *process*: when anything in
the app opens and closes the database file (a file dialog sniffing the folder, a thumbnailer),
they are silently released, and a second process may then checkpoint and delete the
write-ahead log under the running app (sqlite.org/howtocorrupt.html, 2.2). So fieldkit keeps
its own lock, ``<database>.lock``, for as long as a database is open: ``flock`` on POSIX (it
belongs to the open file, so another open/close of the file in this process does not drop
it), ``msvcrt.locking`` on Windows. Within one process the lock is shared (counted), so the
app and the services it calls may open the same file more than once.

No third-party library: the twenty lines below are all that ``filelock`` would do for us here,
and both primitives are in the standard library.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path


class Busy(Exception):
    """Another process holds the lock (``in_use``), or the lock file cannot be made."""

    def __init__(self, in_use: bool, reason: str = "") -> None:
        super().__init__(reason or "in use")
        self.in_use = in_use
        self.reason = reason


@dataclass
class _Held:
    fd: int
    count: int


_HELD: dict[str, _Held] = {}
_GUARD = threading.Lock()


def lock_path(db_file: Path) -> Path:
    """The lock file beside ``db_file``."""
    return db_file.with_name(db_file.name + ".lock")


def acquire(db_file: Path) -> Path:
    """Take (or share, within this process) the lock of ``db_file``; returns its key.

    Raises :class:`Busy` when another process holds it or the lock file cannot be made (a
    read-only folder); :func:`fieldkit.store.db.open_database` says so in a sentence.
    """
    key = str(lock_path(db_file.resolve()))
    with _GUARD:
        held = _HELD.get(key)
        if held is not None:
            held.count += 1
            return Path(key)
        try:
            fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise Busy(False, exc.strerror or type(exc).__name__) from exc
        if not _try_lock(fd):
            os.close(fd)
            raise Busy(True)
        _HELD[key] = _Held(fd, 1)
        return Path(key)


def release(key: Path) -> None:
    """Give back one use of the lock; the last one in this process unlocks the file."""
    with _GUARD:
        held = _HELD.get(str(key))
        if held is None:
            return
        held.count -= 1
        if held.count == 0:
            del _HELD[str(key)]
            _unlock(held.fd)
            os.close(held.fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)
