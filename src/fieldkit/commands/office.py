"""fieldkit commands: back-office commands (issue 9).

fieldkit office-demo       results, deputies, absences and reception appointments (demo)
fieldkit office-absence    record that a caseworker is away
fieldkit office-deputy     add a line to a team's deputy rule
fieldkit office-calendar   import the reception calendar (CSV)
fieldkit office-report     figures per week, area and worker; --xlsx/--pdf to export
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from fieldkit.commands import AddParser, now, open_db
from fieldkit.errors import UserError


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    p = add("office-demo", "add synthetic back-office data (visit results, desk) to a demo db")
    p.set_defaults(handler=cmd_demo)

    p = add("office-absence", "record that a caseworker is absent (deputy rule applies)")
    p.add_argument("caseworker", help="the caseworker's name as in the flag lists")
    p.add_argument("first_day", help="first day, YYYY-MM-DD")
    p.add_argument("last_day", help="last day, YYYY-MM-DD")
    p.add_argument("--reason", default="", help="e.g. Urlaub")
    p.set_defaults(handler=cmd_absence)

    p = add("office-deputy", "add a deputy to a team's deputy rule (Vertretungsregelung)")
    p.add_argument("team", help="the team, e.g. 521")
    p.add_argument("deputy", help="the deputy's name")
    p.add_argument("--rank", type=int, default=0, help="lower is asked first")
    p.add_argument("--for", dest="for_caseworker", default="", help="only for this caseworker")
    p.set_defaults(handler=cmd_deputy)

    p = add("office-calendar", "import the reception calendar (CSV: Datum;Uhrzeit;Kundennummer…)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_calendar)

    p = add("office-report", "print figures per week (and area/worker); export XLSX or PDF")
    p.add_argument("--from", dest="first", default="", help="first week, e.g. 2026-W45")
    p.add_argument("--to", dest="last", default="", help="last week, e.g. 2026-W49")
    p.add_argument("--by", choices=("week", "area", "worker", "all"), default="week")
    p.add_argument("--xlsx", type=Path, help="write the report as an Excel file")
    p.add_argument("--pdf", type=Path, help="write the report as a PDF with a chart")
    p.set_defaults(handler=cmd_report)


def _say(text: str) -> None:
    # The command's output, not a debug line.
    sys.stdout.write(text + "\n")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"'{text}' is not a date like 2026-12-07.") from exc


def _office_error(exc: Exception) -> UserError:
    from fieldkit.services.office import OfficeError

    if isinstance(exc, OfficeError):
        return UserError(exc.message("en"))
    raise exc


def cmd_demo(args: argparse.Namespace) -> int:
    """``fieldkit office-demo``."""
    from fieldkit.services.office_demo import write_office_demo

    db = open_db(args)
    try:
        done = write_office_demo(db, now())
    finally:
        db.dispose()
    _say(f"Back-office demo: {done.visits} visit results, {done.appointments} desk appointments.")
    return 0


def cmd_absence(args: argparse.Namespace) -> int:
    """``fieldkit office-absence``."""
    from fieldkit.services import office_desk as desk
    from fieldkit.services.office import OfficeError

    db = open_db(args)
    try:
        desk.set_absence(
            db, args.caseworker, _day(args.first_day), _day(args.last_day), args.reason
        )
    except OfficeError as exc:
        raise _office_error(exc) from exc
    finally:
        db.dispose()
    _say(f"Absence recorded for {args.caseworker}.")
    return 0


def cmd_deputy(args: argparse.Namespace) -> int:
    """``fieldkit office-deputy``."""
    from fieldkit.services import office_desk as desk
    from fieldkit.services.office import OfficeError

    db = open_db(args)
    try:
        desk.add_deputy(db, args.team, args.deputy, args.rank, args.for_caseworker)
    except OfficeError as exc:
        raise _office_error(exc) from exc
    finally:
        db.dispose()
    _say(f"{args.deputy} added to the deputy rule of team {args.team}.")
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    """``fieldkit office-calendar``."""
    from fieldkit.services import office_desk as desk
    from fieldkit.services.office import OfficeError

    db = open_db(args)
    try:
        added = desk.import_calendar(db, args.file)
    except OfficeError as exc:
        raise _office_error(exc) from exc
    except OSError as exc:
        raise UserError(f"Cannot read {args.file}.") from exc
    finally:
        db.dispose()
    _say(f"{added} appointment(s) imported.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``fieldkit office-report``: the unrestricted view (for the team lead's exports)."""
    from fieldkit.services import office_reports as reports
    from fieldkit.services.office import Identity

    db = open_db(args)
    try:
        with db.session() as session:
            rows = reports.report(session, Identity(), args.first, args.last)
    finally:
        db.dispose()
    shown = rows if args.by == "all" else reports.group(rows, args.by)
    names = [title for _, title in reports.METRICS]
    _say("\t".join(["week", "area", "worker", *names]))
    for row in shown:
        _say("\t".join([row.week, row.area, row.worker, *map(str, row.values())]))
    title = "Aufsuchende Beratung"
    try:
        if args.xlsx:
            reports.export_xlsx(shown, args.xlsx, title)
        if args.pdf:
            reports.export_pdf(shown, args.pdf, title)
    except OSError as exc:
        raise UserError(f"Cannot write the report: {exc.strerror}.") from exc
    return 0
