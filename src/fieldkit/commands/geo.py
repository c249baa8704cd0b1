"""fieldkit commands: geocode, import-addresses (issue 4)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit import lang
from fieldkit.commands import AddParser, context, open_db, parse_week
from fieldkit.errors import CliError, UserError


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    parser = add("geocode", "place the flagged addresses of a week on the map (offline)")
    parser.add_argument("--week", help="visit week, e.g. 2026-W49 (default: the latest flagged)")
    parser.add_argument(
        "--online",
        action="store_true",
        help="also ask the geocoding server configured in the settings (never without them)",
    )
    parser.set_defaults(handler=run_geocode)

    parser = add("import-addresses", "import house coordinates (OpenStreetMap CSV or HK-DE)")
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--swap-lat-lon",
        action="store_true",
        help="the file has latitude and longitude the wrong way round",
    )
    parser.set_defaults(handler=run_import_addresses)


def run_geocode(args: argparse.Namespace) -> int:
    """Geocode a week and print counts per precision and customer numbers to check."""
    from fieldkit.app import ops
    from fieldkit.services import geocoding
    from fieldkit.services.week import list_weeks

    db = open_db(args)
    try:
        if args.week:
            week = str(parse_week(args.week))
        else:
            with db.session() as session:
                weeks = list_weeks(session)
            if not weeks:
                raise CliError(
                    "Es sind keine Kunden vorgemerkt; bitte zuerst eine Vormerkliste importieren.",
                    "There are no flagged customers; import a flag list first.",
                )
            week = weeks[-1]
        try:
            summary = ops.geocode_week(context(db), week, online=args.online).value
        except geocoding.GeoServiceError as exc:
            raise UserError(exc.message(lang.current())) from exc
    finally:
        db.dispose()
    if summary.total == 0:
        raise CliError(
            f"In der Woche {week} sind keine Kunden vorgemerkt.",
            f"Week {week} has no flagged customers.",
        )
    sys.stdout.write(
        lang.say(f"Woche {week}: ", f"Week {week}: ") + summary.text(lang.current()) + "\n"
    )
    return 0


def run_import_addresses(args: argparse.Namespace) -> int:
    """Import an address file: all points or none, one sentence either way."""
    from fieldkit.app import ops
    from fieldkit.services import geocoding

    db = open_db(args)
    try:
        summary = ops.import_addresses(context(db), args.file, swap_lat_lon=args.swap_lat_lon).value
    except geocoding.GeoServiceError as exc:
        raise UserError(exc.message(lang.current())) from exc
    finally:
        db.dispose()
    sys.stdout.write(summary.text(lang.current()) + "\n")
    return 0
