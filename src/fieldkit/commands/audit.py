"""fieldkit commands: the audit log (issue 14, item 4).

fieldkit audit [--customer K] [--user U] [--since D] [--action A] [--limit N] [--json]
    who read, changed, printed, exported, synced or logged in; newest first. Once the
    database has accounts, only the administration may read it.
fieldkit audit --purge   remove the entries older than the settings' audit.keep_days
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, time

from fieldkit.commands import AddParser, identity, open_db
from fieldkit.errors import UserError


def register(add: AddParser) -> None:
    """Add this module's subcommand."""
    p = add("audit", "show the audit log: who opened, changed, printed, exported or synced what")
    p.add_argument("--customer", default="", metavar="K", help="a customer number (Kundennummer)")
    p.add_argument("--user", default="", metavar="U", help="an account name")
    p.add_argument("--since", default="", metavar="D", help="from this day, e.g. 2026-12-01")
    p.add_argument("--action", default="", metavar="A", help="one action code, e.g. open")
    p.add_argument("--limit", type=int, default=1000, metavar="N", help="at most N entries")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--purge", action="store_true", help="remove entries past the retention period (admin)"
    )
    p.set_defaults(handler=cmd_audit)


def _since(text: str) -> datetime | None:
    from fieldkit.importing.judge import parse_date

    if not text.strip():
        return None
    try:
        day = parse_date(text.strip())
    except (ValueError, OverflowError):
        raise UserError(f"--since '{text}' is not a date like 2026-12-06 or 06.12.2026.") from None
    return datetime.combine(day, time(0), tzinfo=UTC)


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the audit log's entries (or purge old ones)."""
    from fieldkit.domain import permissions
    from fieldkit.services import audit
    from fieldkit.services.access import require
    from fieldkit.services.audit_settings import AuditSettings
    from fieldkit.settings import Settings

    if args.action and args.action not in audit.ACTIONS:
        raise UserError(f"--action must be one of {', '.join(audit.ACTIONS)}.")
    filters = audit.Filters(
        args.customer, args.user, _since(args.since), args.action, max(1, args.limit)
    )
    db = open_db(args)
    who = identity()  # the login's, once open_db has logged in
    try:
        if args.purge:
            require(who, permissions.AUDIT)
            keep = Settings.load().section("audit", AuditSettings)
            gone = audit.purge(db, keep, datetime.now(UTC))
            sys.stdout.write(f"Removed {gone} audit entries older than {keep.keep_days} days.\n")
            return 0
        with db.session() as session:
            rows = [audit.as_dict(e) for e in audit.entries(session, who, filters)]
    finally:
        db.dispose()
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return 0
    for r in rows:
        line = f"{r['at'][:19]}  {r['account'] or '-':<12} {r['action']:<13} {r['object_kind']}"
        sys.stdout.write(f"{line} {r['object_id']}  {r['detail']}".rstrip() + "\n")
    if not rows:
        sys.stdout.write("No audit entries match.\n")
    return 0
