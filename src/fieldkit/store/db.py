"""Opening a database: URL resolution, SQLite pragmas, migrations, units of work."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from fieldkit import paths
from fieldkit.errors import BilingualError
from fieldkit.store.models import AppMeta, Base
from fieldkit.store.types import utcnow

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(BilingualError):
    """A database that cannot be opened or upgraded: one sentence, English (``str``) and German."""


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


def head_revision() -> str:
    """The newest schema revision this version of fieldkit knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def make_engine(url: str) -> Engine:
    """An engine; SQLite files get WAL mode, foreign keys and a busy timeout."""
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
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


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
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            copy = sqlite3.connect(partial)
            try:
                raw.backup(copy)  # type: ignore[union-attr]
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"Vor dem Aktualisieren der Datenbank ließ sich keine Sicherungskopie anlegen "
            f"({target.name}: {_short(exc)}); die Datenbank bleibt unverändert.",
            f"No backup copy could be made before upgrading the database ({target.name}: "
            f"{_short(exc)}); the database is left unchanged.",
        ) from exc
    log.info("database backed up to %s before the schema upgrade", target.name)
    return target


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (creates it in an empty database).

    A database of a newer schema is refused; an SQLite file of an older one is first copied
    beside itself (:func:`backup_sqlite`), so a failed or unwanted upgrade can be undone.
    """
    current = current_revision(engine)
    known = {
        rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }
    if current in known and current != head_revision():
        backup_sqlite(engine, str(current))
    if current is not None and current not in known:
        raise StoreError(
            "Die Datenbank stammt von einer neueren fieldkit-Version; bitte fieldkit "
            "aktualisieren.",
            "The database was written by a newer fieldkit version; please update fieldkit.",
        )
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


@dataclass
class Database:
    """An opened, migrated database with its session factory and this device's id."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    device_id: str

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        with self.sessions() as session:
            session.info["device_id"] = self.device_id
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close all connections (the SQLite WAL is checkpointed by the last one)."""
        self.engine.dispose()


def _stamp_records(session: Session, _ctx: Any, _instances: Any) -> None:
    # One place stamps every write: sync relies on device id and updated_at being right.
    device = str(session.info.get("device_id", ""))
    now = utcnow()
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


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url``; errors become StoreError."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
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
        engine.dispose()
        raise StoreError(
            f"Die Datenbank {_safe(resolved)} lässt sich nicht öffnen: {_short(exc)}",
            f"The database {_safe(resolved)} cannot be opened: {_short(exc)}",
        ) from exc
    except StoreError:
        engine.dispose()
        raise
    return Database(resolved, engine, sessions, device_id)


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
