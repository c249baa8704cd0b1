"""Logging in to a database, the same for the app and the CLI (issue 14, item 1).

An encrypted laptop database (:mod:`fieldkit.store.cipher`) needs the name and password
before it can be opened at all: :func:`open_unlocked`. A plain one is opened first and then
asks for a login only if it has accounts (:func:`needs_login`); a database without any
account works as before (an office being set up, tests, databases from before logins).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from fieldkit.services import accounts
from fieldkit.services.office import Identity
from fieldkit.services.office_settings import OfficeSettings
from fieldkit.settings import Settings
from fieldkit.store import cipher
from fieldkit.store.db import (
    Database,
    StoreError,
    login_refused,
    open_database,
    resolve_url,
    sqlite_file,
)


def database_file(url: str | None) -> Path | None:
    """The SQLite file ``url`` names (None for PostgreSQL or memory)."""
    return sqlite_file(resolve_url(url))


def is_encrypted(url: str | None) -> bool:
    """Whether the database can only be opened with a login (an encrypted laptop file)."""
    file = database_file(url)
    return file is not None and cipher.is_encrypted(file)


def unlock(url: str | None, user: str, password: str) -> bytes:
    """The key of an encrypted database, unwrapped with ``user``'s password."""
    file = database_file(url)
    assert file is not None
    return cipher.unlock(file, user, password)


def open_unlocked(url: str | None, user: str, password: str, *, migrate: bool = True) -> Database:
    """Open an encrypted database with the key ``user``'s password unwraps."""
    return open_database(url, key=unlock(url, user, password), migrate=migrate)


def central_without_user(url: str | None) -> bool:
    """Whether ``url`` names a PostgreSQL database but no user: a back-office PC on the
    central database, where each person works as their account's own login role."""
    try:
        parsed = make_url(resolve_url(url))
    except (ArgumentError, ValueError):
        return False
    return parsed.get_backend_name() == "postgresql" and not parsed.username


def open_as_account(url: str | None, user: str, password: str) -> Database:
    """Open the central database as ``user``'s login role (issue 15), so its row-level
    security applies to what this person sees; a refused login is the login's sentence."""
    from fieldkit.services.sync import as_account

    try:
        return open_database(as_account(resolve_url(url), user, password), migrate=False)
    except StoreError as exc:
        if login_refused(str(exc.__cause__ or "")):
            raise accounts.wrong_login() from None  # never which of name and password
        raise


def needs_login(db: Database) -> bool:
    """Whether ``db`` has accounts (then nobody works in it without a login)."""
    if not inspect(db.engine).has_table("account"):
        return False
    with db.session() as session:
        return accounts.has_accounts(session)


def allowed_roles(settings: Settings) -> tuple[str, ...]:
    """The roles the machine policy lets work here (empty: all)."""
    try:
        return tuple(settings.section("office", OfficeSettings).allowed_roles)
    except (KeyError, TypeError):
        return ()


def login(db: Database, user: str, password: str, now: datetime, settings: Settings) -> Identity:
    """The identity of ``user``; :class:`~fieldkit.services.accounts.AccountError` if not.

    Every attempt is in the audit log (the name given and a reason code, never the password).
    """
    try:
        with db.session() as session:
            identity = accounts.authenticate(
                session, user, password, now, allowed_roles=allowed_roles(settings)
            )
    except accounts.AccountError as exc:
        _audit_login(db, user, False, exc.code or "refused")
        raise
    _audit_login(db, identity.account, True)
    return identity


def _audit_login(db: Database, name: object, ok: bool, reason: str = "") -> None:
    from fieldkit.services import audit

    with db.session() as session:
        audit.login(session, name if isinstance(name, str) else "", ok, reason)
