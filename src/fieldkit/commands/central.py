"""fieldkit commands: the central database's server side (issue 15).

``fieldkit central init --db URL``  run once by IT as the database owner (and again after
every fieldkit update): upgrades the schema, creates the four group roles, grants each the
least it needs, turns on row-level security with the policies and installs the change log's
triggers (``fieldkit.sync.central_policies``). Safe to run again: it replaces what it made.
"""

from __future__ import annotations

import argparse
import os
import sys

from fieldkit.commands import AddParser
from fieldkit.errors import CliError


def register(add: AddParser) -> None:
    """Add this module's subcommand."""
    p = add(
        "central",
        "the central PostgreSQL database (IT, as its owner): 'init' sets up roles, "
        "row-level security and the change log",
    )
    p.add_argument("action", choices=["init"])
    p.set_defaults(handler=cmd_central)


def _url(args: argparse.Namespace) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = (args.db or os.environ.get("FIELDKIT_DB", "")).strip()
    try:
        backend = make_url(url).get_backend_name() if url else ""
    except (ArgumentError, ValueError):
        backend = ""
    if backend != "postgresql":
        raise CliError(
            "Bitte die zentrale PostgreSQL-Datenbank mit --db postgresql+psycopg://… angeben.",
            "Name the central PostgreSQL database with --db postgresql+psycopg://….",
        )
    return url


def cmd_central(args: argparse.Namespace) -> int:
    """``fieldkit central init``: schema upgrade, then roles, grants, policies, triggers."""
    from sqlalchemy.exc import DBAPIError

    from fieldkit.escaping import safe_url
    from fieldkit.store.db import open_database
    from fieldkit.sync.central_policies import ALL_ROLES, init_central

    url = _url(args)
    db = open_database(url)  # creates or upgrades the schema (a StoreError is one sentence)
    try:
        with db.engine.begin() as conn:
            init_central(conn)
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise CliError(
            f"Die zentrale Datenbank {safe_url(url)} wurde nicht eingerichtet ({reason}); "
            "bitte als Eigentümer der Datenbank mit dem Recht CREATEROLE ausführen. "
            "Nichts wurde geändert.",
            f"The central database {safe_url(url)} was not set up ({reason}); run this as "
            "the database's owner with the CREATEROLE right. Nothing was changed.",
        ) from exc
    finally:
        db.dispose()
    sys.stdout.write(
        f"Central database {safe_url(url)} is set up: schema upgraded, roles "
        f"{', '.join(ALL_ROLES)}, row-level security and the change log.\n"
    )
    return 0
