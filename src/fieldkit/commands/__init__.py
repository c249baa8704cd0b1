"""Subcommands of ``fieldkit`` beyond the core ones in :mod:`fieldkit.cli`, one module each.

Each module has ``register(add)``: ``add(name, help)`` returns a subparser (with ``--db``
already on it); the module adds its arguments and ``set_defaults(handler=...)``. A handler
takes the parsed arguments and returns the exit code; it raises
:class:`fieldkit.errors.CliError` (one sentence in German and English; the CLI says the one of
the system's language, :mod:`fieldkit.lang`) for anything the user can fix.
Modules import their heavy dependencies inside the handlers so ``fieldkit --help`` stays fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from fieldkit.domain.week import BERLIN
from fieldkit.errors import CliError

if TYPE_CHECKING:
    from fieldkit.app.context import AppContext
    from fieldkit.domain.week import IsoWeek
    from fieldkit.services.office import Identity
    from fieldkit.settings import Settings
    from fieldkit.store.db import Database

AddParser = Callable[[str, str], argparse.ArgumentParser]

MODULES = (
    "fieldkit.commands.geo",
    "fieldkit.commands.osm",
    "fieldkit.commands.plan",
    "fieldkit.commands.printing",
    "fieldkit.commands.sync",
    "fieldkit.commands.office",
    "fieldkit.commands.setup",
    "fieldkit.commands.rules",
    "fieldkit.commands.users",
    "fieldkit.commands.audit",
    "fieldkit.commands.central",
)


def actions(parser: argparse.ArgumentParser) -> AddParser:
    """An ``add(name, help)`` for the actions of one command (``fieldkit office-deputies
    list``); each action takes ``--db`` too, so it may come after the action's arguments."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        # SUPPRESS keeps a --db given before the action.
        p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="the database")
        return p

    return add


def now() -> datetime:
    """The wall clock in Europe/Berlin."""
    return datetime.now(BERLIN)


_who: dict[str, Identity] = {}


def identity() -> Identity:
    """Who runs the command; the services check its role (issue 14). On a database with
    accounts the login's identity, else the one the settings assign (as in the app; also
    for a command that works on the central database alone). Asked before :func:`open_db`
    logged in, it is the settings' one, and the login that follows refuses to go on."""
    from fieldkit.services.office import Identity
    from fieldkit.settings import Settings

    if "identity" not in _who:
        _who["early"] = Identity.from_settings(Settings.load())
        return _who["early"]
    return _who["identity"]


def forget_identity() -> None:
    """A new command starts without anybody logged in (``cli.main``)."""
    _who.clear()


def open_db(args: argparse.Namespace, *, migrate: bool = True) -> Database:
    """The database named by ``--db`` (or the default), migrated to the newest schema.

    On a database with accounts this is where the command logs in (:mod:`.login`);
    ``args.identity`` is then who works (the unrestricted identity without accounts).
    """
    from fieldkit.commands.login import open_logged_in
    from fieldkit.services.office import Identity
    from fieldkit.settings import Settings

    opened = open_logged_in(args.db, migrate=migrate)
    if opened.logged_in and "early" in _who:
        opened.db.dispose()
        raise RuntimeError("commands.identity() was asked before the login of open_db()")
    args.identity = opened.identity
    args.db_key = opened.key  # an encrypted database's key: sync re-wraps pulled accounts
    args.logged_in = opened.logged_in
    _who["identity"] = (
        opened.identity if opened.logged_in else Identity.from_settings(Settings.load())
    )
    return opened.db


def context(
    db: Database, settings: Settings | None = None, *, who: Identity | None = None
) -> AppContext:
    """The application context of a command that writes (issue 19): the database
    :func:`open_db` opened, the settings (``settings.json``, or ``settings`` when the command
    already loaded them), the Berlin wall clock and :func:`identity` (or ``who``, for a
    command that logged in by itself) — so a command writes through the same operation
    (``fieldkit.app.ops``) as the app does."""
    from fieldkit.app.context import AppContext
    from fieldkit.settings import SettingsStore

    store = SettingsStore.open() if settings is None else SettingsStore(settings)
    return AppContext(db, store, now, identity() if who is None else who)


def open_url(url: str | None, *, migrate: bool = True) -> Database:
    """The database at ``url``, logged in as :func:`open_db` does (an encrypted one with the
    account of :func:`credentials`)."""
    from fieldkit.commands.login import open_logged_in

    return open_logged_in(url, migrate=migrate).db


def credentials() -> tuple[str, str]:
    """The account and password for the CLI (``FIELDKIT_USER``/``FIELDKIT_PASSWORD`` or the
    terminal; :func:`fieldkit.commands.login.credentials`)."""
    from fieldkit.commands.login import credentials as ask

    return ask()


def parse_week(text: str) -> IsoWeek:
    """'2026-W49' as an :class:`IsoWeek`, or a :class:`UserError`."""
    from fieldkit.domain.week import IsoWeek

    try:
        return IsoWeek.parse(text)
    except ValueError as exc:
        raise CliError(
            f"„{text}“ ist keine ISO-Woche wie 2026-W49.",
            f"'{text}' is not an ISO week like 2026-W49.",
        ) from exc
