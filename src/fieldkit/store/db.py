"""Opening a database: URL resolution, SQLite pragmas, migrations, units of work."""

from __future__ import annotations

import logging
import os
import re
import socket
import sqlite3
import uuid
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlcipher3 import dbapi2 as sqlcipher

from fieldkit import paths
from fieldkit.errors import BilingualError
from fieldkit.store import lock as db_lock
from fieldkit.store.models import AppMeta, Base
from fieldkit.store.types import utcnow

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


#: How PostgreSQL refuses a login: a wrong password, none given, or no such login role.
_LOGIN_REFUSED = re.compile(
    r'password authentication failed|no password supplied|role "[^"]*" does not exist'
)


def login_refused(message: str) -> bool:
    """Whether a driver's ``message`` says the server refused the login (not the address).

    Sync and the central login window both ask it, so an unknown login role is a refused
    login everywhere and never "the database does not exist".
    """
    return _LOGIN_REFUSED.search(message) is not None


class StoreError(BilingualError):
    """A database that cannot be opened or upgraded: one sentence, English (``str``) and German."""


class WriteFailed(StoreError):
    """A write the database refused (disk full, read-only, locked): nothing of it was saved.

    ``code`` is "full", "readonly", "locked" or "io". The unit of work was rolled back as a
    whole, and the database stays usable for reading and for the next try.
    """


# What SQLite and PostgreSQL say when a write cannot be done, and how we say it.
_WRITE_FAILURES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    (
        "full",
        ("database or disk is full", "53100", "no space left"),
        "Nichts wurde gespeichert, weil der Speicherplatz der Datenbank voll ist; bitte Platz "
        "schaffen und noch einmal versuchen.",
        "Nothing was saved because the database's disk is full; free some space and try again.",
    ),
    (
        "readonly",
        ("readonly database", "read-only", "25006", "attempt to write a readonly"),
        "Nichts wurde gespeichert, weil die Datenbank schreibgeschützt ist; bitte den "
        "Schreibschutz aufheben und noch einmal versuchen.",
        "Nothing was saved because the database is read-only; remove the write protection "
        "and try again.",
    ),
    (
        "locked",
        ("database is locked", "database table is locked", "55p03", "40p01", "40001"),
        "Nichts wurde gespeichert, weil die Datenbank gerade gesperrt ist; bitte gleich noch "
        "einmal versuchen.",
        "Nothing was saved because the database is locked just now; try again in a moment.",
    ),
    (
        "io",
        ("disk i/o error", "58030"),
        "Nichts wurde gespeichert, weil der Datenträger einen Schreibfehler meldet; bitte den "
        "Datenträger prüfen.",
        "Nothing was saved because the disk reported a write error; check the disk.",
    ),
)


class EditConflict(StoreError):
    """Someone else changed the same record since it was read (optimistic locking, a version
    column); nothing of this unit of work was saved. Services that know who say so."""


def _edit_conflict() -> EditConflict:
    return EditConflict(
        "Nichts wurde gespeichert, weil jemand anderes diese Angaben gerade geändert hat; "
        "bitte neu laden und noch einmal versuchen.",
        "Nothing was saved because someone else changed this just now; reload and try again.",
        code="conflict",
    )


class DatabaseInUse(StoreError):
    """Another fieldkit (the app, a second app, a command) has the database file open."""


def _lock(file: Path) -> Path:
    try:
        return db_lock.acquire(file)
    except db_lock.Busy as exc:
        if exc.in_use:
            raise DatabaseInUse(
                f"Die Datenbank {file} ist schon in einem anderen fieldkit geöffnet; bitte "
                "dieses erst schließen (oder den laufenden Befehl enden lassen).",
                f"The database {file} is already open in another fieldkit; close it first "
                "(or let the running command finish).",
                code="in_use",
            ) from exc
        raise DatabaseInUse(
            f"Neben der Datenbank {file} lässt sich keine Sperrdatei anlegen ({exc.reason}); "
            "sie wurde nicht geöffnet.",
            f"No lock file can be made beside the database {file} ({exc.reason}); it was not "
            "opened.",
            code="no_lock",
        ) from exc


def write_failure(exc: BaseException) -> WriteFailed | None:
    """The :class:`WriteFailed` for a database error that means "could not write", else None."""
    orig = getattr(exc, "orig", exc)
    text = f"{orig} {getattr(orig, 'sqlstate', '') or ''}".lower()
    for code, needles, de, en in _WRITE_FAILURES:
        if any(n in text for n in needles):
            return WriteFailed(de, en, code=code)
    return None


def default_url() -> str:
    """``FIELDKIT_DB`` or an SQLite file in the user data folder."""
    env = os.environ.get("FIELDKIT_DB")
    if env:
        return resolve_url(env)
    return resolve_url(str(paths.data_dir() / "fieldkit.sqlite"))


def resolve_url(value: str | None) -> str:
    """An SQLAlchemy URL from a URL or a file path (``None`` → the default)."""
    if not value:
        return default_url()
    if "://" in value:
        try:
            make_url(value)
        except (ArgumentError, ValueError) as exc:  # ValueError: e.g. a port that is no number
            raise StoreError(
                f"„{value}“ ist keine gültige Datenbankadresse.",
                f"'{value}' is not a valid database URL.",
            ) from exc
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _alembic_config(connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def _revisions() -> tuple[frozenset[str], str]:
    """Every revision this version of fieldkit knows, and the newest.

    Read from the migration scripts once per process: they cannot change while it runs, and
    reading them compiled all of them three times on every open (about 0.1 s each time).
    """
    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    assert head is not None
    return frozenset(rev.revision for rev in script.walk_revisions()), head


def head_revision() -> str:
    """The newest schema revision this version of fieldkit knows."""
    return _revisions()[1]


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine; SQLite files get WAL mode, foreign keys and a busy timeout.

    With ``key`` (32 bytes, :mod:`fieldkit.store.cipher`) the file is opened through
    SQLCipher, and the raw key is given before anything else reads the file. Every engine
    hides the statement's parameters in its errors: a refused or broken write never shows a
    customer's name or birth date in a message, a crash dialog or a log.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db_path = parsed.database
        if db_path and db_path != ":memory:":
            folder = Path(db_path).parent
            if not folder.is_dir():
                raise StoreError(
                    f"Den Ordner {folder} für die Datenbank gibt es nicht.",
                    f"The folder {folder} for the database does not exist.",
                )
        if key is None:
            engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)
        else:
            engine = _cipher_engine(url, key)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            # FULL: a finished visit survives a power loss (NORMAL in WAL mode may lose the
            # last commits); bench/field.py prints what it costs.
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        return engine
    if key is not None:
        raise StoreError(
            "Nur eine SQLite-Datei auf dem Laptop kann verschlüsselt sein, keine zentrale "
            "Datenbank.",
            "Only an SQLite file on the laptop can be encrypted, not a central database.",
        )
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


#: The database key of each encrypted engine (a backup copy is encrypted under it too).
_ENGINE_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def engine_key(engine: Engine) -> bytes | None:
    """The key an encrypted database was opened with (``None`` for a plain one). The open
    database holds it anyway; a sync needs it to wrap the key for a pulled account."""
    return _ENGINE_KEYS.get(engine)


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with a raw 256-bit key: SQLCipher uses it as it is (no passphrase KDF)."""
    if not isinstance(key, bytes) or len(key) != 32:
        raise StoreError(
            "Der Datenbankschlüssel ist ungültig; die Datenbank wurde nicht geöffnet.",
            "The database key is not valid; the database was not opened.",
        )
    return f"PRAGMA key = \"x'{key.hex()}'\""


def cipher_connect(file: Path | str, key: bytes | None, **kwargs: Any) -> sqlcipher.Connection:
    """A SQLCipher DB-API connection to ``file``, keyed first (``None``: a plain file)."""
    statement = None if key is None else key_pragma(key)
    conn = sqlcipher.connect(str(file), **kwargs)
    # SQLCipher writes a failed key check to stderr; the caller says it in one sentence.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if statement is not None:
        conn.execute(statement)
    return conn


def _cipher_engine(url: str, key: bytes) -> Engine:
    key_pragma(key)  # a wrong key type fails here, before any file is touched
    engine = create_engine(
        url, module=sqlcipher, connect_args={"timeout": 15}, hide_parameters=True
    )

    @event.listens_for(engine, "do_connect")
    def _keyed(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        # Our own connect: the key is the very first statement on every new connection.
        return cipher_connect(cargs[0], key, **cparams)

    _ENGINE_KEYS[engine] = key
    return engine


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (``None`` for an empty one)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(engine: Engine, revision: str) -> Path | None:
    """Copy an SQLite database file beside itself before its schema changes.

    The copy is ``<name>.schema-<revision>-<UTC time>.sqlite``, made with SQLite's online
    backup (consistent even with a WAL) into a temporary file renamed at the end, so a copy
    that exists is complete. Returns ``None`` for other databases (PostgreSQL: the IT
    department's dumps, see docs/install.md). A copy that cannot be made stops the upgrade.
    """
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.stem}.schema-{revision}-{stamp}{source.suffix}")
    partial = target.with_name(target.name + ".part")
    try:
        key = _ENGINE_KEYS.get(engine)
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            if key is not None:
                export_encrypted(raw, partial, key)  # the copy is as encrypted as the file
            else:
                copy = sqlite3.connect(partial)
                try:
                    raw.backup(copy)  # type: ignore[union-attr]
                    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                finally:
                    copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error, sqlcipher.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"Vor dem Aktualisieren der Datenbank ließ sich keine Sicherungskopie anlegen "
            f"({target.name}: {_short(exc)}); die Datenbank bleibt unverändert.",
            f"No backup copy could be made before upgrading the database ({target.name}: "
            f"{_short(exc)}); the database is left unchanged.",
        ) from exc
    log.info("database backed up to %s before the schema upgrade", target.name)
    return target


def export_encrypted(source: Any, target: Path, key: bytes) -> None:
    """Write the database of the DB-API connection ``source`` (SQLCipher's, plain or
    encrypted) into the new file ``target``, encrypted under ``key`` (``sqlcipher_export``:
    schema, rows and the user version, consistent with an open WAL).

    The export commits table by table; waiting for the disk at each commit took 1.4 s for
    an empty schema. It writes without waiting and the finished file is synced once, before
    any caller renames it into place."""
    source.execute(f"ATTACH DATABASE ? AS fieldkit_export KEY \"x'{key.hex()}'\"", (str(target),))
    try:
        source.execute("PRAGMA fieldkit_export.synchronous = OFF")
        source.execute("SELECT sqlcipher_export('fieldkit_export')")
    finally:
        source.execute("DETACH DATABASE fieldkit_export")
    fd = os.open(target, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (creates it in an empty database).

    A database of a newer schema is refused; an SQLite file of an older one is first copied
    beside itself (:func:`backup_sqlite`), so a failed or unwanted upgrade can be undone.
    """
    current = current_revision(engine)
    known = _revisions()[0]
    if current in known and current != head_revision():
        backup_sqlite(engine, str(current))
    if current is not None and current not in known:
        raise StoreError(
            "Die Datenbank stammt von einer neueren fieldkit-Version; bitte fieldkit "
            "aktualisieren.",
            "The database was written by a newer fieldkit version; please update fieldkit.",
        )
    if current is None and _has_tables(engine):
        # E.g. a file half-built by an older fieldkit on a full disk: nothing to upgrade from.
        raise StoreError(
            "Die Datei ist keine vollständige fieldkit-Datenbank (ohne Schemastand); bitte sie "
            "beiseitelegen und neu anlegen lassen.",
            "The file is not a complete fieldkit database (it has no schema revision); move it "
            "aside and let fieldkit create a new one.",
        )
    if current is not None and current == head_revision():
        return  # nothing to do: no scripts to run, no foreign-key scan of a big file
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a table by copying it (Alembic's batch mode); with foreign keys
            # on, dropping the old copy fails while other tables point at it. SQLite's own
            # procedure: keys off (outside a transaction), change, check, keys on again.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                command.upgrade(_alembic_config(conn), "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError(
                        "Die Aktualisierung der Datenbank ließ verwaiste Verweise zurück; sie "
                        "wurde nicht übernommen.",
                        "The schema upgrade left dangling references; it was not applied.",
                    )
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


@dataclass
class Database:
    """An opened, migrated database with its session factory and this device's id."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    device_id: str
    lock: Path | None = None  # this process's share of the file's lock (SQLite files only)
    #: This installation's clock, the one seam through which its time is read: it stamps
    #: every record, and the sync checks it against the central server's (tests move it).
    clock: Callable[[], datetime] = utcnow

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error.

        A write the database refuses (disk full, read-only, locked) becomes
        :class:`WriteFailed`: one sentence saying that nothing was saved.
        """
        with self.sessions() as session:
            session.info["device_id"] = self.device_id
            session.info["clock"] = self.clock
            try:
                yield session
                session.commit()
            except StaleDataError as exc:
                session.rollback()
                raise _edit_conflict() from exc
            except DBAPIError as exc:
                session.rollback()
                failed = write_failure(exc)
                if failed is None:
                    raise
                log.info("write refused by the database (%s)", failed.code)
                raise failed from exc
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close all connections (the SQLite WAL is checkpointed by the last one), then give
        back the lock of the file."""
        self.engine.dispose()
        if self.lock is not None:
            db_lock.release(self.lock)
            self.lock = None


def _stamp_records(session: Session, _ctx: Any, _instances: Any) -> None:
    # One place stamps every write: sync relies on device id and updated_at being right.
    device = str(session.info.get("device_id", ""))
    now = session.info.get("clock", utcnow)()
    for obj in session.new:
        if isinstance(obj, Base):
            obj.device_id = obj.device_id or device
            obj.created_at = obj.created_at or now
            obj.updated_at = now
    for obj in session.dirty:
        if isinstance(obj, Base) and session.is_modified(obj):
            obj.device_id = device
            obj.updated_at = now


event.listen(Session, "before_flush", _stamp_records)


def open_database(
    url: str | None = None, *, migrate: bool = True, key: bytes | None = None
) -> Database:
    """Open (and by default migrate) the database at ``url``; errors become StoreError.

    An SQLite file is locked for as long as the database is open (:mod:`fieldkit.store.lock`);
    a new file is built under a temporary name and renamed when complete. ``key`` is the
    database key of an encrypted laptop database (:mod:`fieldkit.store.cipher`).
    """
    resolved = resolve_url(url)
    file = sqlite_file(resolved)
    if key is None and file is not None:
        _refuse_locked(file)
    engine = make_engine(resolved, key)
    held = _lock(file) if file is not None else None
    try:
        if migrate and file is not None and _is_new(file):
            engine.dispose()
            create_atomically(file, key)
        return _opened(resolved, engine, migrate, held)
    except BaseException:
        engine.dispose()
        if held is not None:
            db_lock.release(held)
        raise


def _refuse_locked(file: Path) -> None:
    from fieldkit.store import cipher

    if cipher.is_encrypted(file):
        raise cipher.CipherError(
            f"Die Datenbank {file} ist verschlüsselt; sie öffnet sich nur nach der Anmeldung "
            "mit Name und Passwort.",
            f"The database {file} is encrypted; it opens only after logging in with name "
            "and password.",
            code="locked",
        )


def _opened(resolved: str, engine: Engine, migrate: bool, held: Path | None) -> Database:
    try:
        if migrate:
            upgrade(engine)
        elif current_revision(engine) != head_revision():
            raise StoreError(
                "Das Datenbankschema ist nicht aktuell; bitte „fieldkit db upgrade“ ausführen.",
                "The database schema is not up to date; run 'fieldkit db upgrade'.",
            )
        sessions = sessionmaker(engine, expire_on_commit=False)
        device_id = _device_id(sessions)
    except (OperationalError, DatabaseError) as exc:
        failed = write_failure(exc)
        if failed is not None:
            raise failed from exc
        if engine in _ENGINE_KEYS and "not a database" in str(exc):
            from fieldkit.store.cipher import CipherError

            raise CipherError(
                f"Der Schlüssel passt nicht zur Datenbank {_safe(resolved)}; sie wurde nicht "
                "geöffnet.",
                f"The key does not fit the database {_safe(resolved)}; it was not opened.",
                code="wrong_key",
            ) from exc
        raise StoreError(
            f"Die Datenbank {_safe(resolved)} lässt sich nicht öffnen: {_short(exc)}",
            f"The database {_safe(resolved)} cannot be opened: {_short(exc)}",
        ) from exc
    return Database(resolved, engine, sessions, device_id, held)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (None for other databases and for ``:memory:``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def _is_new(file: Path) -> bool:
    try:
        return file.stat().st_size == 0
    except FileNotFoundError:
        return True


def create_atomically(file: Path, key: bytes | None = None) -> None:
    """Build a new, fully migrated database beside ``file`` and rename it into place.

    A failure (a full disk, say) removes the half-built file, so what is left is either no
    database or a complete one, never a file that ``db upgrade`` cannot repair. With ``key``
    the new file is encrypted from its first page on.
    """
    tmp = file.with_name(f".{file.name}.{uuid.uuid4().hex[:8]}.creating")
    engine = make_engine("sqlite:///" + str(tmp), key)
    try:
        upgrade(engine)
        engine.dispose()  # the last connection checkpoints and removes the -wal
        os.chmod(tmp, 0o600)  # social data: the owner's only (its -wal/-shm inherit this)
        os.replace(tmp, file)
        _fsync_folder(file.parent)
    except (OperationalError, DatabaseError, OSError) as exc:
        failed = write_failure(exc) or StoreError(
            f"Die Datenbank {file} lässt sich nicht anlegen: {_short(exc)}",
            f"The database {file} cannot be created: {_short(exc)}",
        )
        raise failed from exc
    finally:
        engine.dispose()
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows has no directory handles to sync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _device_id(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        meta = session.scalar(select(AppMeta).where(AppMeta.key == "device_id"))
        if meta is not None:
            return meta.value
        value = f"{socket.gethostname()[:20]}-{uuid.uuid4().hex[:12]}"
        session.add(AppMeta(key="device_id", value=value, device_id=value))
        session.commit()
        return value


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _short(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return (text[0] if text else type(exc).__name__).rstrip(".") + "."
