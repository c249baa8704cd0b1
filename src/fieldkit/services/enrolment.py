"""Enrolling a laptop (issue 15, item 2): ``fieldkit enroll --central URL``.

Run once by an administrator, logged in with their *central* account: the laptop database is
created (encrypted, with the administrator's password as its first key) or opened, the
accounts that may log in on this laptop are pulled from the central database (what a login
needs and no more: :mod:`fieldkit.sync.accounts`), the database key is wrapped for each of
them from their slot material, and for a field laptop the sync keys are exchanged (what
``fieldkit sync --enrol`` did alone before). After that the field account logs in offline.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.errors import BilingualError
from fieldkit.services import accounts
from fieldkit.services.access import require
from fieldkit.services.office import Identity
from fieldkit.store import cipher
from fieldkit.store.db import Database, open_database, resolve_url, sqlite_file
from fieldkit.store.models_audit import new_entry
from fieldkit.sync import engine as eng
from fieldkit.sync import service
from fieldkit.sync.accounts import AccountChanges, apply_accounts, central_accounts
from fieldkit.sync.errors import SyncError
from fieldkit.sync.settings import SyncSettings


class EnrolError(BilingualError):
    """The laptop cannot be enrolled as asked; nothing was changed on it."""


@dataclass
class Enrolled:
    """What an enrolment did."""

    device: str
    created: bool
    encrypted: bool
    keys_exchanged: bool
    accounts: AccountChanges = field(default_factory=AccountChanges)


def central_login(
    central_url: str,
    credentials: Callable[[], tuple[str, str]],
    now: datetime,
    settings: SyncSettings,
) -> Identity:
    """Who works on the central database: the account of ``credentials()`` there, checked
    with its password (lockout and disabled accounts as on a laptop). A central database
    without any account (tests, an office being set up) is worked on unrestricted, as a
    laptop without; then nothing is asked."""
    engine = service.open_central(central_url, settings)
    try:
        with Session(engine) as session:
            if not accounts.has_accounts(session):
                return Identity()
            user, password = credentials()
            # A failure commits its count itself (lockout); a success resets it.
            identity = accounts.authenticate(session, user, password, now)
            session.commit()
            return identity
    finally:
        engine.dispose()


def central_as_account(url: str, user: str, password: str) -> str:
    """``url`` logging in as ``user``'s login role when it names no user itself (issue 15:
    every account connects to the central database as itself); the URL is made by the
    sync's own :func:`fieldkit.sync.service.as_account`."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from fieldkit.sync.service import as_account

    try:
        named = make_url(url).username
    except (ArgumentError, ValueError):
        return url  # open_central says what is wrong with it
    if named or not user.strip():
        return url
    return as_account(url, user, password)


@dataclass(frozen=True)
class EnrolRequest:
    """What the administrator asked for."""

    laptop_url: str | None
    central_url: str
    worker: str = ""
    team: str = ""


def enroll(
    request: EnrolRequest,
    *,
    user: str,
    password: str,
    now: datetime,
    settings: SyncSettings | None = None,
) -> Enrolled:
    """Enrol the laptop database of ``request`` (see the module); one sentence if not."""
    settings = settings or SyncSettings()
    if bool(request.worker.strip()) == bool(request.team.strip()):
        raise EnrolError(
            "Bitte genau eines angeben: die Außendienstkraft (--worker) oder das Team (--team).",
            "Give exactly one of the outreach worker (--worker) or the team (--team).",
            code="scope",
        )
    identity = central_login(request.central_url, lambda: (user, password), now, settings)
    require(identity, permissions.DEVICES)
    pulled = _pull(request, identity, settings)
    file = sqlite_file(resolve_url(request.laptop_url))
    if file is None:
        raise EnrolError(
            "Ein Laptop wird nur mit einer Datenbankdatei eingerichtet, nicht mit einem Server.",
            "Only a database file can be enrolled as a laptop, not a server.",
            code="not_a_file",
        )
    created = not file.exists() or file.stat().st_size == 0
    db, key = _open_laptop(file, request.laptop_url, user, password, created)
    try:
        result = _fill(db, file, key, pulled, identity, now)
        result.created = created
        if request.worker.strip():
            service.enrol(
                db,
                request.central_url,
                worker=request.worker.strip(),
                now=now,
                identity=identity,
                settings=settings,
            )
            result.keys_exchanged = True
        service.hand_in_own_audit(
            db, request.central_url, account=identity.account, now=now, settings=settings
        )
        return result
    except BaseException:
        db.dispose()
        if created:
            _remove_new(file)
        raise
    finally:
        db.dispose()


@dataclass
class _Pulled:
    accounts: list[dict[str, Any]]
    offices: list[dict[str, Any]]
    workers: list[dict[str, Any]]


def _pull(request: EnrolRequest, identity: Identity, settings: SyncSettings) -> _Pulled:
    engine = service.open_central(request.central_url, settings)
    try:
        with engine.connect() as conn:
            worker_id = _worker_id(conn, request.worker)
            names = (identity.account,) if identity.account else ()
            rows = central_accounts(conn, worker_id=worker_id, team=request.team, names=names)
            workers = _rows(conn, "outreach_worker", {r["worker_id"] for r in rows} - {None})
            offices = _rows(conn, "office", {w["office_id"] for w in workers} - {None})
    finally:
        engine.dispose()
    if not any(r["name_key"] != accounts.name_key(identity.account) for r in rows):
        what = request.worker.strip() or request.team.strip()
        raise EnrolError(
            f"Die zentrale Datenbank hat keine aktiven Konten für „{what}“; bitte zuerst "
            "anlegen (fieldkit user add … --db ZENTRALE).",
            f"The central database has no active accounts for '{what}'; add them first "
            "(fieldkit user add … --db CENTRAL).",
            code="no_accounts",
        )
    return _Pulled(rows, offices, workers)


def _worker_id(conn: Connection, worker: str) -> uuid.UUID | None:
    if not worker.strip():
        return None
    row = eng.find_worker(conn, worker.strip())
    if row is None:
        raise SyncError(
            "worker", f"The central database knows no outreach worker named '{worker.strip()}'."
        )
    return uuid.UUID(str(row["id"]))


def _rows(conn: Connection, name: str, ids: set[Any]) -> list[dict[str, Any]]:
    if not ids:
        return []
    t = eng.table(name)
    return [dict(r._mapping) for r in conn.execute(select(t).where(t.c.id.in_(ids)))]


def _open_laptop(
    file: Path, url: str | None, user: str, password: str, created: bool
) -> tuple[Database, bytes | None]:
    """The laptop database, new and encrypted for ``user``, or opened with ``user``'s key."""
    if created:
        cipher.check_new_account(user, password)
        key: bytes | None = cipher.create_encrypted(file, user, password)
        try:
            return open_database(url, key=key), key
        except BaseException:
            _remove_new(file)
            raise
    if cipher.is_encrypted(file):
        key = cipher.unlock(file, user, password)
        return open_database(url, key=key), key
    return open_database(url), None


def _fill(
    db: Database,
    file: Path,
    key: bytes | None,
    pulled: _Pulled,
    identity: Identity,
    now: datetime,
) -> Enrolled:
    """Office and worker rows (central's, as a pull brings them), then the accounts with
    their key slots and the audit entry in one unit of work."""
    with db.engine.begin() as conn:
        eng.apply_pull_batch(conn, "office", pulled.offices, now)
        eng.apply_pull_batch(conn, "outreach_worker", pulled.workers, now)
    with db.session() as session:
        changes = apply_accounts(session, pulled.accounts, file=file, key=key)
        detail = f"enrol: {len(pulled.accounts)} accounts"
        new_entry(session, identity.account, "sync", "device", db.device_id, detail)
    return Enrolled(db.device_id, False, key is not None, False, changes)


def _remove_new(file: Path) -> None:
    """Take back a laptop database this enrolment created (nothing half-made stays)."""
    for path in (file, cipher.key_file(file), *(Path(f"{file}{s}") for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)
