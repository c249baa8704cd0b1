"""fieldkit setup apply|export|show: the office setup as a TOML file (issue 13).

The file's format is ``docs/setup-file.md``. ``apply`` writes all or nothing: every problem
is printed as ``FILE:LINE: sentence`` on stderr and the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.commands import AddParser, actions, context, open_db
from fieldkit.errors import CliError

if TYPE_CHECKING:
    from fieldkit.store.db import Database


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def register(add: AddParser) -> None:
    """Add ``fieldkit setup`` and its actions."""
    parser = add("setup", "set up the office: apply, export or show the setup file (TOML)")
    sub = actions(parser)
    p = sub("apply", "make the database match a setup file (all or nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="only print what would change")
    p.set_defaults(handler=run_apply)
    p = sub("export", "write the current setup to a file that apply takes back unchanged")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run_export)
    p = sub("show", "print the current setup")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(handler=run_show)


def _read(path: Path) -> bytes:
    from fieldkit.domain.setup import MAX_FILE_BYTES, SetupError, too_big

    try:
        if path.is_dir():
            raise CliError(
                f"{path} ist ein Ordner, keine Einrichtungsdatei.",
                f"{path} is a folder, not a setup file.",
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused unread, like parse_setup does
            raise SetupError([too_big(size)], str(path))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CliError(f"Die Datei {path} gibt es nicht.", f"There is no file {path}.") from exc
    except OSError as exc:
        why = exc.strerror or "unbekannter Fehler"
        raise CliError(
            f"{path} kann nicht gelesen werden ({why}).",
            f"{path} cannot be read ({exc.strerror or 'unknown error'}).",
        ) from exc


def _routing() -> object:
    from fieldkit.routing.settings import RoutingSettings
    from fieldkit.settings import Settings

    return Settings.load().section("routing", RoutingSettings)


def run_apply(args: argparse.Namespace) -> int:
    """Check the file, then apply it (or say what would change)."""
    from fieldkit.app.ops import apply_setup
    from fieldkit.domain.setup import SetupError
    from fieldkit.routing.settings import RoutingSettings
    from fieldkit.services.setup import parse_setup, placement_notes

    name = str(args.file)
    try:
        setup = parse_setup(_read(args.file), name)
    except SetupError as exc:
        for found in exc.problems:
            _err(found.located(name, "en"))
        _err(f"fieldkit: nothing written: {len(exc.problems)} problem(s).")
        return 1
    routing = _routing()
    assert isinstance(routing, RoutingSettings)
    db = open_db(args)
    try:
        changes = apply_setup(context(db), setup, dry_run=args.dry_run, routing=routing).value
    except SetupError as exc:
        for found in exc.problems:
            _err(found.located(name, "en"))
        return 1
    finally:
        db.dispose()
    for change in changes:
        _out(("would change: " if args.dry_run else "") + change.en)
    if not changes:
        _out(f"Nothing changed: the database already matches {name}.")
    elif args.dry_run:
        _out(f"Dry run: nothing written ({len(changes)} change(s) would be made).")
    else:
        _out(f"Setup applied: {len(changes)} change(s).")
    if not args.dry_run:
        db = open_db(args)
        try:
            for note in placement_notes(db):
                _err(f"fieldkit: note: {note.en}")
            _no_account_note(db)
        finally:
            db.dispose()
    return 0


def _no_account_note(db: Database) -> None:
    """A database without accounts has no login yet: say how to make the first one."""
    from fieldkit.services.login import needs_login

    if not needs_login(db):
        _err(
            "fieldkit: note: this database has no account yet, so nobody needs to log in; "
            "create the administration's account with 'fieldkit user add NAME --role admin'."
        )


def run_export(args: argparse.Namespace) -> int:
    """Write the current setup (atomically: a half-written file never replaces a good one)."""
    from fieldkit.domain.setup import dump_setup
    from fieldkit.routing.settings import RoutingSettings
    from fieldkit.services.setup import current_setup

    target: Path = args.file
    if target.is_dir():
        raise CliError(
            f"{target} ist ein Ordner; bitte eine Datei angeben, z. B. {target}/setup.toml.",
            f"{target} is a folder; name a file to write, e.g. {target}/setup.toml.",
        )
    if not target.parent.exists():
        raise CliError(
            f"Den Ordner {target.parent} gibt es nicht.",
            f"The folder {target.parent} does not exist.",
        )
    routing = _routing()
    assert isinstance(routing, RoutingSettings)
    db = open_db(args)
    try:
        setup = current_setup(db, routing)
    finally:
        db.dispose()
    text = dump_setup(setup)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".setup-", suffix=".toml", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        why = exc.strerror or "unbekannter Fehler"
        raise CliError(
            f"{target} kann nicht geschrieben werden ({why}).",
            f"{target} cannot be written ({exc.strerror or 'unknown error'}).",
        ) from exc
    if setup.office is None:
        _out(f"Wrote {target}; no office is recorded yet, so add [office] before applying it.")
    else:
        _out(f"Wrote {target}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the current setup as TOML (or JSON)."""
    from fieldkit.domain.setup import dump_setup
    from fieldkit.routing.settings import RoutingSettings
    from fieldkit.services.setup import current_setup

    routing = _routing()
    assert isinstance(routing, RoutingSettings)
    db = open_db(args)
    try:
        setup = current_setup(db, routing)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps(asdict(setup), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(dump_setup(setup))
    return 0
