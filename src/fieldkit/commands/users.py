"""fieldkit user add|list|passwd|disable: the accounts (issue 14, item 1).

On a database without any account, ``user add`` needs no login and creates the first one
(an administration account, so that someone can manage the others); on a plain SQLite file
(a new office set up on the command line) it then encrypts the file with that account's
password (issue 14, item 2; ``store.encrypt``'s verified copy). A PostgreSQL database is
never encrypted. On the central PostgreSQL database (``--db postgresql+psycopg://…``) the
account's login role is made, changed or disabled with the account row, in the same
transaction (issue 15, item 1: :mod:`fieldkit.sync.central_roles`), and on an encrypted file
the account's key entry (:mod:`fieldkit.services.credentials`, which the accounts window
uses too). After that only the
administration manages accounts; a person may change their own password. The login comes
from FIELDKIT_USER / FIELDKIT_PASSWORD or the terminal (:mod:`fieldkit.commands.login`); a
new password from FIELDKIT_NEW_PASSWORD or is asked twice. No password is ever printed.
``add``, ``passwd`` and ``disable`` write through the accounts window's operations
(:mod:`fieldkit.app.ops.accounts`, issue 19); the login role and the key file ride in their
``also`` hook, inside the operation's one transaction.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.commands import AddParser, actions, context
from fieldkit.commands.login import Opened, open_logged_in
from fieldkit.domain import roles
from fieldkit.errors import BilingualError, CliError, UserError

if TYPE_CHECKING:
    from fieldkit.app.context import AppContext


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def register(add: AddParser) -> None:
    """Add ``fieldkit user`` and its actions."""
    sub = actions(add("user", "the accounts: add, list, set a password, disable"))
    p = sub("add", "add an account (the first one of a database needs no login)")
    p.add_argument("name")
    p.add_argument("--role", choices=roles.ACCOUNT_ROLES, default=None, help="default: admin")
    p.add_argument("--team", default="", help="the team, e.g. 521")
    p.add_argument("--worker", default="", help="a field account: the outreach worker's name")
    p.add_argument("--caseworker", default="", help="the caseworker name (back office)")
    p.add_argument("--full-name", default="", help="the person's name")
    p.set_defaults(handler=cmd_add)
    p = sub("list", "list the accounts (never a password)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = sub("passwd", "set a new password (your own, or any as the administration)")
    p.add_argument("name")
    p.set_defaults(handler=cmd_passwd)
    p = sub("disable", "disable an account: it may log in no more")
    p.add_argument("name")
    p.set_defaults(handler=cmd_disable)


def new_password() -> str:
    """The new password: FIELDKIT_NEW_PASSWORD, else asked twice on the terminal."""
    given = os.environ.get("FIELDKIT_NEW_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError("Set the new password in FIELDKIT_NEW_PASSWORD or run on a terminal.")
    first = getpass.getpass("New password: ")
    if getpass.getpass("New password again: ") != first:
        raise UserError("The two passwords differ; nothing was changed.")
    return first


def _admin_only(opened: Opened, name: str = "") -> None:
    from fieldkit.services.accounts import may_manage

    if opened.logged_in and not may_manage(opened.identity, name):
        opened.db.dispose()
        raise UserError("Only the administration may manage accounts.")


def _sentence(exc: BilingualError) -> UserError:
    return UserError(exc.message("en"))


def _context(opened: Opened) -> AppContext:
    """The app context of a ``user`` command: who logged in (the unrestricted identity on a
    database without accounts, so anyone may add its first account). The accounts'
    operations read no setting, so settings.json is not read (a broken one stops no admin)."""
    from fieldkit.settings import Settings

    return context(opened.db, Settings(), who=opened.identity)


def cmd_add(args: argparse.Namespace) -> int:
    """``fieldkit user add NAME``; the first account of a plain SQLite file encrypts it."""
    from fieldkit.app.ops import accounts as account_ops
    from fieldkit.services import accounts, credentials

    opened = open_logged_in(args.db, demo_free=False)
    _admin_only(opened)
    role = args.role or roles.ADMIN
    new = accounts.NewAccount(
        args.name, role, args.team, args.worker, args.caseworker, args.full_name
    )
    first = _first_plain_file(opened)
    try:
        if not opened.logged_in and role != roles.ADMIN:
            raise UserError("The first account must be an administration account (--role admin).")
        password = accounts.check_password(new_password())
        also = credentials.adding(opened.db, password, role)
        name = account_ops.add_account(_context(opened), new, password, also=also).value
    except BilingualError as exc:
        raise _sentence(exc) from exc
    finally:
        opened.db.dispose()
    note = "."
    if first is not None:
        _encrypt_first(opened, first, name, password)
        note = f"; {first.name} is now encrypted, its key opens with this account's password."
    _out(f"Account {name} ({roles.label(role, 'en')}) added{note}")
    return 0


def _first_plain_file(opened: Opened) -> Path | None:
    """The SQLite file to encrypt with the first account: a plain laptop file without any
    account (issue 14, item 2); None for PostgreSQL, an encrypted file, a file with accounts."""
    from fieldkit.services.login import database_file
    from fieldkit.store import cipher

    file = database_file(opened.db.url)
    if opened.logged_in or opened.key is not None or file is None:
        return None
    return None if cipher.is_encrypted(file) else file


def _encrypt_first(opened: Opened, file: Path, name: str, password: str) -> None:
    """Encrypt ``file`` with the first account (``store.encrypt``: a verified copy replaces
    it). If that fails the plain file is as it was, and the account is taken out again, so
    the command leaves the database as it found it."""
    from fieldkit.services import accounts
    from fieldkit.store.db import open_database
    from fieldkit.store.encrypt import encrypt_database

    try:
        encrypt_database(file, name, password)
    except BilingualError as exc:
        db = open_database(opened.db.url)
        try:
            with db.session() as session:
                accounts.withdraw_first(session, name)
        finally:
            db.dispose()
        raise CliError(
            f"{exc.message('de')} Das Konto {name} wurde nicht angelegt.",
            f"{exc.message('en')} The account {name} was not added.",
        ) from exc


def cmd_list(args: argparse.Namespace) -> int:
    """``fieldkit user list [--json]``."""
    from fieldkit.services import accounts

    opened = open_logged_in(args.db, demo_free=False)
    _admin_only(opened)
    try:
        with opened.db.session() as session:
            rows = accounts.list_accounts(session)
    finally:
        opened.db.dispose()
    if args.json:
        _out(json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        _out("No accounts: this database has no login yet ('fieldkit user add NAME').")
    for r in rows:
        state = "disabled" if r.disabled else ("locked" if r.locked_until else "active")
        who = r.worker or r.caseworker
        _out(f"{r.name:24} {r.role:10} {r.team:6} {state:8} {who}".rstrip())
    return 0


def _row_json(row: object) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(row)  # type: ignore[call-overload]
    data["locked_until"] = str(data["locked_until"] or "")
    return dict(data)


def cmd_passwd(args: argparse.Namespace) -> int:
    """``fieldkit user passwd NAME``: your own password, or anyone's as the administration."""
    from fieldkit.app.ops import accounts as account_ops
    from fieldkit.services import accounts, credentials

    opened = open_logged_in(args.db, demo_free=False)
    _admin_only(opened, args.name)
    try:
        password = accounts.check_password(new_password())
        also = credentials.setting_password(opened.db, password)
        account_ops.set_password(_context(opened), args.name, password, also=also)
    except BilingualError as exc:
        raise _sentence(exc) from exc
    finally:
        opened.db.dispose()
    _out(f"The password of {args.name.strip()} was changed.")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    """``fieldkit user disable NAME``."""
    from fieldkit.app.ops import accounts as account_ops
    from fieldkit.services import credentials

    opened = open_logged_in(args.db, demo_free=False)
    _admin_only(opened)
    try:
        account_ops.disable_account(
            _context(opened), args.name, also=credentials.disabling(opened.db)
        )
    except BilingualError as exc:
        raise _sentence(exc) from exc
    finally:
        opened.db.dispose()
    _out(f"Account {args.name.strip()} disabled.")
    return 0
