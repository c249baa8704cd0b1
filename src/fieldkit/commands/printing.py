"""fieldkit commands: print (issue 7).

``fieldkit print invitations|packages|routes|batch --week W [--day D] [--worker NAME] -o FILE``
writes one PDF and prints its manifest (pages, what is on which page).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fieldkit import lang
from fieldkit.commands import AddParser, context, open_db, parse_week
from fieldkit.errors import CliError, UserError


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    p = add("print", "print invitations, customer packages or route sheets of a week as one PDF")
    p.add_argument(
        "what",
        choices=["invitations", "packages", "routes", "batch"],
        help="invitations, packages, route sheets, or batch (invitation + package per stop)",
    )
    p.add_argument("--week", required=True, help="visit week, e.g. 2026-W49")
    p.add_argument(
        "--day", help="one day of the week: a date (2026-12-01) or a weekday (Tuesday, Di, 2)"
    )
    p.add_argument("--worker", default="", help="only this outreach worker's route")
    p.add_argument("-o", "--output", required=True, type=Path, help="the PDF file to write")
    p.add_argument(
        "--allow",
        action="store_true",
        help="also print letters whose appointment lies before the letter date or on a "
        "weekend or public holiday (they are left out otherwise)",
    )
    p.set_defaults(handler=cmd_print)


def _check_output(path: Path) -> None:
    """Refuse a path that cannot be written before any work is done."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CliError(
            f"{path} kann nicht geschrieben werden: das ist ein Ordner; bitte einen Dateinamen "
            "auf .pdf angeben.",
            f"cannot write {path}: it is a folder, give a file name ending in .pdf.",
        )
    if not folder.is_dir():
        raise CliError(
            f"{path} kann nicht geschrieben werden: den Ordner {folder} gibt es nicht.",
            f"cannot write {path}: the folder {folder} does not exist.",
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(
            f"{path} kann nicht geschrieben werden: keine Schreibberechtigung.",
            f"cannot write {path}: permission denied.",
        )


def cmd_print(args: argparse.Namespace) -> int:
    """Build the selection from the store, write the PDF, print the manifest."""
    from fieldkit.app.ops import print_week
    from fieldkit.services import printing as sp
    from fieldkit.settings import Settings

    week = str(parse_week(args.week))
    _check_output(args.output)
    settings = Settings.load()
    try:
        day = sp.parse_day(args.day, week) if args.day else None
        db = open_db(args)
        try:
            printed = print_week(
                context(db, settings),
                week,
                args.what,
                args.output,
                day=day,
                worker=args.worker.strip(),
                allow=args.allow,
            ).value
        finally:
            db.dispose()
    except sp.PrintingError as exc:
        raise UserError(exc.message(lang.current())) from exc
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise CliError(
            f"{args.output} kann nicht geschrieben werden: {why}.",
            f"cannot write {args.output}: {why}.",
        ) from exc
    result, selection = printed.result, printed.selection
    lines = [result.summary(lang.current())]
    if args.what != "routes":
        # Route sheets list every stop; only letters can be missing.
        lines.append(selection.order_note("en"))
        lines += [f"not printed: {skipped.text('en')}" for skipped in selection.skipped]
        # Warnings go to stderr too, so a script sees them without parsing the manifest.
        for warning in selection.place_warnings("en"):
            sys.stderr.write(f"fieldkit: {warning}\n")
    lines.append(f"written: {args.output}")
    # stdout, not print(): the manifest is the command's output, not a debug line.
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
