"""Subcommands of ``fieldkit`` beyond the core ones in :mod:`fieldkit.cli`, one module each.

Each module has ``register(add)``: ``add(name, help)`` returns a subparser (with ``--db``
already on it); the module adds its arguments and ``set_defaults(handler=...)``. A handler
takes the parsed arguments and returns the exit code; it raises
:class:`fieldkit.errors.UserError` (one English sentence) for anything the user can fix.
Modules import their heavy dependencies inside the handlers so ``fieldkit --help`` stays fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from fieldkit.domain.week import BERLIN
from fieldkit.errors import UserError

if TYPE_CHECKING:
    from fieldkit.domain.week import IsoWeek
    from fieldkit.services.office import Identity
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
    "fieldkit.commands.audit",
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


def identity() -> Identity:
    """Who runs the command: the services check its role (issue 14). Until the login of the
    accounts work provides it, the identity the settings assign, as in the app."""
    from fieldkit.services.office import Identity
    from fieldkit.settings import Settings

    return Identity.from_settings(Settings.load())


def open_db(args: argparse.Namespace) -> Database:
    """The database named by ``--db`` (or the default), migrated to the newest schema."""
    from fieldkit.store.db import open_database

    return open_database(args.db)


def parse_week(text: str) -> IsoWeek:
    """'2026-W49' as an :class:`IsoWeek`, or a :class:`UserError`."""
    from fieldkit.domain.week import IsoWeek

    try:
        return IsoWeek.parse(text)
    except ValueError as exc:
        raise UserError(f"'{text}' is not an ISO week like 2026-W49.") from exc
