"""fieldkit command: import-osm (issue 22)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit import lang
from fieldkit.commands import AddParser, context, open_db
from fieldkit.errors import UserError


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    parser = add(
        "import-osm",
        "import an OpenStreetMap extract (.osm.pbf or .osm): house addresses, streets and "
        "the road network for travel times (offline; data © OpenStreetMap contributors, ODbL)",
    )
    parser.add_argument("file", type=Path)
    parser.set_defaults(handler=run_import_osm)


def run_import_osm(args: argparse.Namespace) -> int:
    """Import an extract: everything or nothing, one sentence either way."""
    from fieldkit.app import ops
    from fieldkit.services.geocoding import GeoServiceError

    db = open_db(args)
    try:
        summary = ops.import_osm(context(db), args.file).value
    except GeoServiceError as exc:
        raise UserError(exc.message(lang.current())) from exc
    finally:
        db.dispose()
    sys.stdout.write(summary.text(lang.current()) + "\n")
    return 0
