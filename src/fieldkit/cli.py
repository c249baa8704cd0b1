"""The ``fieldkit`` command: without a subcommand it opens the app; subcommands do batch work.

Exit codes: 0 success, 1 a user error explained in one sentence, 2 wrong usage. A user's
mistake never shows a traceback; a bug still does (with a hint to report it).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from fieldkit import __version__, lang
from fieldkit.commands import (
    MODULES,
    context,
    credentials,
    forget_identity,
    identity,
    now,
    open_db,
    parse_week,
)
from fieldkit.commands.login import forget_keys
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.settings import RulesSettings
from fieldkit.errors import CliError, FieldkitError, UserError
from fieldkit.escaping import safe_url
from fieldkit.services.flaglist import FlagListError
from fieldkit.settings import Settings, machine_policy
from fieldkit.store.db import Database, StoreError, current_revision, head_revision
from fieldkit.wording import count

log = logging.getLogger(__name__)


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Given on the main parser and on every subparser, so "--db X" works before or after the
    # subcommand; SUPPRESS keeps a subparser from overwriting a value given before it.
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="SQLAlchemy URL or SQLite file path (default: $FIELDKIT_DB or the user data folder)",
    )


class _VersionAction(argparse.Action):
    """``--version``: the release and the newest schema revision it writes (read lazily)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kw: Any) -> None:
        print(version_text())
        parser.exit()


def version_text() -> str:
    """``fieldkit 0.1.0 (database schema 0010)``: what IT and support ask for first."""
    return f"fieldkit {__version__} (database schema {head_revision()})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = argparse.ArgumentParser(
        prog="fieldkit",
        description="Outreach counselling (Aufsuchende Beratung): without a command the app opens.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the version and the database schema head"
    )
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _global_options(p, top=False)
        return p

    p = add("gui", "open the app (the default without a command)")
    p = add("demo", "write a synthetic demo week (Landkreis Heilbronn) into the database")
    p.add_argument("--week", help="visit week, e.g. 2026-W49 (default: next week)")
    p.add_argument("--count", type=int, default=40, help="number of flagged customers")
    p.add_argument("--seed", type=int, default=49, help="random seed (same seed, same week)")
    p.add_argument(
        "--force",
        action="store_true",
        help="write the demo into a database that holds other data too (never overwrites a "
        "customer the demo did not create)",
    )
    p.add_argument(
        "--complete",
        action="store_true",
        help="this week with visit results and next week geocoded and planned (what ./dev run "
        "shows); without it only the flag list of --week",
    )
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt the new demo database as a laptop's is kept (SQLCipher; every demo "
        "account opens it with the demo password)",
    )

    p = add("check", "judge a flag list (CSV/XLSX) without writing anything")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = add("import", "import a flag list (CSV/XLSX): all rows or none")
    p.add_argument("file", type=Path)
    p.add_argument("--skip-invalid", action="store_true", help="import the valid rows only")

    p = add("week", "list the flagged customers of a week")
    p.add_argument("--week", help="visit week, e.g. 2026-W49 (default: the latest)")
    p.add_argument("--json", action="store_true")

    p = add(
        "db",
        "database maintenance: upgrade the schema, show its revision, or encrypt a plain "
        "laptop database in place (the first account from FIELDKIT_USER/FIELDKIT_PASSWORD)",
    )
    p.add_argument("action", choices=["upgrade", "current", "encrypt"])
    add("policy", "show this computer's policy file and the settings it fixes (for IT)")
    for module in MODULES:
        importlib.import_module(module).register(add)
    return parser


@functools.cache
def _parser() -> argparse.ArgumentParser:
    # Built once per process: its ~300 options and argparse's message lookups (gettext, a
    # file search per string) cost ~25 ms, paid again by every in-process call of main().
    # Parsing leaves the parser as it was, so one serves every call.
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    lang.use(lang.system_language())
    parser = _parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        from fieldkit.ui.app import run_app

        return run_app(db_url=args.db)
    forget_identity()  # nobody is logged in before this command opens its database
    forget_keys()
    handler = COMMANDS.get(command) or args.handler
    try:
        machine_policy()  # a broken machine policy stops every command (fieldkit.policy)
        check_lease(command, args.db)
        return handler(args)
    except (UserError, StoreError, FlagListError) as exc:
        print(f"fieldkit: {error_text(exc)}", file=sys.stderr)
        return 1
    except PermissionDenied as exc:  # a role's refusal from any service (issue 14)
        print(f"fieldkit: {exc.message('en')}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        # The database itself refused or failed (the central row-level security, a lost
        # connection): one sentence, never a traceback; its first line names no row data
        # (the engines hide the statement's parameters).
        reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
        print(
            lang.say(
                f"fieldkit: Die Datenbank hat den Befehl abgelehnt oder ist gescheitert: {reason}",
                f"fieldkit: the database refused or failed the command: {reason}",
            ),
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        # The reader (e.g. "| head") went away; that is not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(lang.say("fieldkit: abgebrochen.", "fieldkit: interrupted."), file=sys.stderr)
        return 130
    finally:
        forget_keys()


def check_lease(command: str, db_arg: str | None) -> None:
    """A field laptop past its sync lease runs only ``sync``, ``db`` and ``user`` (and purges
    its synced personal data when that is due; fieldkit.sync.lease). A database file that
    does not exist yet, or a central (PostgreSQL) one, has no lease."""
    from fieldkit.services.office import Identity
    from fieldkit.store.db import resolve_url, sqlite_file
    from fieldkit.sync import lease
    from fieldkit.sync.settings import SyncSettings

    if command in lease.ALLOWED_COMMANDS:
        return
    url = resolve_url(db_arg)
    file = sqlite_file(url)
    if file is None or not file.exists():
        return
    settings = Settings.load()
    is_field = Identity.from_settings(settings).is_field
    db = _open_for_lease(url)
    try:
        lease.check_command(db, settings.section("sync", SyncSettings), command, is_field=is_field)
    finally:
        db.dispose()


def _open_for_lease(url: str) -> Database:
    """The database for the lease check: no login (the command logs in itself), but an
    encrypted laptop file needs its key, unwrapped with the command's credentials."""
    from fieldkit.commands.login import unlocked_key
    from fieldkit.services import login
    from fieldkit.store.db import open_database

    if login.is_encrypted(url):
        return open_database(url, key=unlocked_key(url, *credentials()))
    return open_database(url)


def error_text(exc: BaseException) -> str:
    """The one sentence for ``exc`` in the CLI's language: a fieldkit error's own (every one
    has German and English), or that of the one it was raised from, else its text."""
    for candidate in (exc, exc.__cause__):
        if isinstance(candidate, FieldkitError):
            return candidate.message(lang.current())
    return str(exc)


def cmd_db(args: argparse.Namespace) -> int:
    """``fieldkit db upgrade|current|encrypt``."""
    if args.action == "encrypt":
        return _db_encrypt(args)
    db = open_db(args, migrate=args.action == "upgrade")
    try:
        if args.action == "upgrade":
            revision = current_revision(db.engine)
            print(
                lang.say(
                    f"Die Datenbank hat den Schemastand {revision} (den neuesten).",
                    f"Database is at schema revision {revision} (newest).",
                )
            )
        else:
            print(current_revision(db.engine) or "empty", "head:", head_revision())
    finally:
        db.dispose()
    return 0


def _db_encrypt(args: argparse.Namespace) -> int:
    """``fieldkit db encrypt``: the plain SQLite file becomes an encrypted one (issue 14)."""
    from fieldkit.store.db import resolve_url, sqlite_file
    from fieldkit.store.encrypt import encrypt_database

    file = sqlite_file(resolve_url(args.db))
    if file is None:
        raise UserError("Only an SQLite database file can be encrypted.")
    account, password = _encrypting_account(args) if _is_sqlite(file) else credentials()
    done = encrypt_database(file, account, password)
    print(
        f"Encrypted {file.name}: {count(done.tables, 'table', 'tables')}, "
        f"{count(done.rows, 'row', 'rows')}; the key for {account!r} is in {file.name}.keys"
        + (
            f"; {count(done.backups, 'backup copy', 'backup copies')} encrypted too."
            if done.backups
            else "."
        )
    )
    return 0


def _is_sqlite(file: Path) -> bool:
    """Whether ``file`` is a plain SQLite database with content (else ``encrypt_database``
    says what it is instead; nothing is created or logged into)."""
    from fieldkit.store import cipher

    return file.is_file() and file.stat().st_size > 0 and cipher.is_plain_sqlite(file)


def _encrypting_account(args: argparse.Namespace) -> tuple[str, str]:
    """Who encrypts: on a database with accounts, a real login (its password wraps the key;
    the administration gives the others theirs with ``fieldkit user passwd``); without
    accounts, the name and password the key is first wrapped for."""
    from fieldkit.commands.login import open_logged_in

    opened = open_logged_in(args.db, demo_free=False)
    opened.db.dispose()
    return credentials() if not opened.logged_in else (opened.identity.account, opened.password)


def cmd_demo(args: argparse.Namespace) -> int:
    """``fieldkit demo``: reference data plus a synthetic flag list through the normal import."""
    from fieldkit.domain.week import IsoWeek
    from fieldkit.services import demo_setup
    from fieldkit.services.demo_guard import DemoRefused

    if args.count < 1 or args.count > 5000:
        raise CliError(
            "--count muss zwischen 1 und 5000 liegen.", "--count must be between 1 and 5000."
        )
    if args.complete:
        return _demo_encrypted(args, _demo_complete(args))
    week = parse_week(args.week) if args.week else IsoWeek.of(now().date()).next()
    db = open_db(args)
    try:
        summary = demo_setup.write_demo(
            db, Settings.load(), week, args.count, args.seed, force=args.force
        )
    except DemoRefused as exc:
        raise UserError(exc.message(lang.current())) from exc
    finally:
        db.dispose()
    weeks = ", ".join(f"{n} for {w}" for w, n in sorted(summary.result.by_week.items()))
    print(
        f"Demo for {week}: {count(summary.imported, 'customer', 'customers')} flagged ({weeks}; "
        f"{summary.counts_text()}), "
        f"{count(summary.workers, 'outreach worker', 'outreach workers')}, "
        f"{count(summary.areas, 'area', 'areas')}, in {safe_url(db.url)}."
    )
    return _demo_encrypted(args, 0)


def _demo_encrypted(args: argparse.Namespace, done: int) -> int:
    """``demo --encrypt``: the demo file encrypted in place for the demo accounts."""
    if done != 0 or not args.encrypt:
        return done
    from fieldkit.services.demo_accounts import encrypt_demo
    from fieldkit.store import cipher
    from fieldkit.store.db import resolve_url, sqlite_file

    file = sqlite_file(resolve_url(args.db))
    if file is None:
        raise CliError(
            "Nur eine SQLite-Datei lässt sich verschlüsseln.",
            "Only an SQLite database file can be encrypted.",
        )
    if cipher.is_encrypted(file):
        return 0  # written into an encrypted demo: it stays encrypted
    entries = encrypt_demo(file)
    print(
        lang.say(
            f"Verschlüsselt: {file.name} ({count(entries, 'Demo-Konto', 'Demo-Konten')} mit "
            "Schlüssel).",
            f"Encrypted {file.name} ({count(entries, 'demo account', 'demo accounts')} "
            "with a key).",
        )
    )
    return 0


def _demo_complete(args: argparse.Namespace) -> int:
    from fieldkit.services.demo_guard import DemoRefused
    from fieldkit.services.demo_world import write_demo_world

    if args.week:
        raise CliError(
            "--complete schreibt diese und die nächste Woche; bitte --week weglassen.",
            "--complete writes this week and the next; leave out --week.",
        )
    db = open_db(args)
    try:
        world = write_demo_world(
            db,
            Settings.load(),
            now(),
            count=args.count,
            seed=args.seed,
            say=lambda text: print(f"demo: {text} …", file=sys.stderr),
            force=args.force,
        )
    except DemoRefused as exc:
        raise UserError(exc.message(lang.current())) from exc
    finally:
        db.dispose()
    print(world.text_en(), f"In {safe_url(db.url)}.")
    return 0


def _recorded_rules(args: argparse.Namespace, settings: Settings) -> RulesSettings | None:
    """The flag-list rules of the recorded office (federal state, flag cutoff), else the
    settings'; a database that does not exist yet is not created for it."""

    from fieldkit.services.setup import recorded_rules
    from fieldkit.store.db import resolve_url

    url = resolve_url(args.db)
    parsed = make_url(url)
    name = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and (
        name in ("", ":memory:") or not Path(name).exists()
    ):
        return None
    db = open_db(args)
    try:
        return recorded_rules(db, settings)
    finally:
        db.dispose()


def cmd_check(args: argparse.Namespace) -> int:
    """``fieldkit check FILE [--json]``: judge without writing (by the recorded office's
    rules when the database has one)."""
    from fieldkit.services import flaglist

    settings = Settings.load()
    rules = _recorded_rules(args, settings)  # logs in first when the database exists
    report = flaglist.check(args.file, settings, rules=rules, identity=identity())
    if args.json:
        print(json.dumps(report.to_json(lang=lang.current()), ensure_ascii=False, indent=1))
    else:
        for line in flaglist.report_lines(report, lang=lang.current()):
            print(line)
    return 1 if report.summary["invalid"] else 0


def cmd_import(args: argparse.Namespace) -> int:
    """``fieldkit import FILE [--skip-invalid]``: all rows or none."""
    from fieldkit.services import flaglist

    settings = Settings.load()
    rules = _recorded_rules(args, settings)  # logs in first when the database exists
    report = flaglist.check(args.file, settings, rules=rules, identity=identity())
    invalid = [r for r in report.rows if r.status == "invalid"]
    if invalid and not args.skip_invalid:
        for line in flaglist.problem_lines(invalid, lang=lang.current()):
            print(line, file=sys.stderr)
        n = len(invalid)
        print(
            lang.say(
                f"fieldkit: nichts importiert: {count(n, 'ungültige Zeile', 'ungültige Zeilen')}; "
                "bitte korrigieren oder --skip-invalid angeben.",
                f"fieldkit: nothing imported: {count(n, 'invalid row', 'invalid rows')}; fix "
                "them or use --skip-invalid.",
            ),
            file=sys.stderr,
        )
        return 1
    from fieldkit.app.ops import import_flag_list

    db = open_db(args)
    try:
        result = import_flag_list(
            context(db, settings), report, source=args.file.name, skip_invalid=args.skip_invalid
        ).value
    finally:
        db.dispose()
    skipped = lang.say("übersprungen: ", "skipped: ")
    for line in flaglist.problem_lines(invalid, lang=lang.current(), prefix=skipped):
        print(line)
    print(result.text(lang.current()))
    return 0


def cmd_week(args: argparse.Namespace) -> int:
    """``fieldkit week``: the flagged customers of a week."""
    from fieldkit.services import week as week_service

    db = open_db(args)
    try:
        with db.session() as session:
            weeks = week_service.list_weeks(session)
            if not weeks:
                raise CliError(
                    "In dieser Datenbank sind noch keine Kunden vorgemerkt.",
                    "There are no flagged customers in this database yet.",
                )
            chosen = str(parse_week(args.week)) if args.week else weeks[-1]
            rows = week_service.week_rows(session, chosen, identity())
    finally:
        db.dispose()
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
    else:
        n = len(rows)
        print(
            lang.say(
                f"{chosen}: {count(n, 'Kunde', 'Kunden')}",
                f"{chosen}: {count(n, 'customer', 'customers')}",
            )
        )
        for r in rows:
            print(f"{r.kundennummer}  {r.status:8}  {r.name:30}  {r.ort:25}  {r.caseworker}")
    return 0


def cmd_policy(_args: argparse.Namespace) -> int:
    """``fieldkit policy``: which file, which settings it fixes (URLs without passwords)."""
    from fieldkit.policy import candidates, shown_value

    policy = machine_policy()
    if policy.path is None:
        looked = ", ".join(str(p) for p in candidates())
        print(
            lang.say(
                f"Keine Richtliniendatei; gesucht: {looked}",
                f"No policy file; looked for: {looked}",
            )
        )
        return 0
    print(
        lang.say(
            f"Die Richtliniendatei {policy.path} legt fest:", f"Policy file {policy.path} fixes:"
        )
    )
    for section, name in policy.locked():
        value = shown_value(name, policy.values[section][name])
        print(f"  {section}.{name} = {json.dumps(value, ensure_ascii=False)}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "db": cmd_db,
    "policy": cmd_policy,
    "demo": cmd_demo,
    "check": cmd_check,
    "import": cmd_import,
    "week": cmd_week,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
