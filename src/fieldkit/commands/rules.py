"""fieldkit commands: the dated rule sets (issue 16).

fieldkit rules list [--json]                         shipped rule sets, validity, verification
fieldkit rules verify NAME --by PERSON [--on DATE]   record who verified a rule set, and when
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from fieldkit import lang
from fieldkit.commands import AddParser, actions, context, now, open_db
from fieldkit.errors import CliError, UserError


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    action = actions(add("rules", "dated rule sets (law and concept) and their verification"))
    p = action("list", "list the rule sets with validity and who verified them")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)
    p = action("verify", "record that a person checked a rule set against the law in force")
    p.add_argument("name", help="the rule set, e.g. heilbronn-2021")
    p.add_argument("--by", required=True, metavar="PERSON", help="who verified it")
    p.add_argument("--on", default="", metavar="DATE", help="the day (default: today)")
    p.set_defaults(handler=cmd_verify)


def _day(text: str) -> date:
    from fieldkit.importing.judge import parse_date

    if not text.strip():
        return now().date()
    try:
        return parse_date(text.strip())
    except (ValueError, OverflowError):
        raise CliError(
            f"„{text}“ ist kein Datum wie 2026-12-06 oder 06.12.2026.",
            f"'{text}' is not a date like 2026-12-06 or 06.12.2026.",
        ) from None


def cmd_list(args: argparse.Namespace) -> int:
    """Print the rule sets (JSON: the contract's list of objects)."""
    from fieldkit.domain.settings import RulesSettings
    from fieldkit.services import rules as service
    from fieldkit.settings import Settings

    settings = Settings.load().section("rules", RulesSettings)
    db = open_db(args)
    try:
        found = service.list_rule_sets(db, settings)
    finally:
        db.dispose()
    if args.json:
        sys.stdout.write(
            json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=1) + "\n"
        )
        return 0
    for status in found:
        rs, check = status.rule_set, status.verification
        until = f"{rs.valid_to:%d.%m.%Y}" if rs.valid_to else "open"
        verified = f"verified by {check.by} on {check.on:%d.%m.%Y}" if check else "NOT verified"
        enabled = (
            f"in force from {status.enabled_from:%d.%m.%Y}"
            if status.enabled_from
            else "not enabled"
        )
        draft = " [DRAFT]" if rs.draft else ""
        sys.stdout.write(
            f"{rs.name}{draft}: {rs.valid_from:%d.%m.%Y} – {until}; {verified}; {enabled}" + "\n"
        )
        sys.stdout.write(f"    {rs.title}" + "\n")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Record a verification."""
    from fieldkit.app.ops import verify_rule_set
    from fieldkit.domain.rulesets import RuleSetError
    from fieldkit.services import rules as service

    day = _day(args.on)
    db = open_db(args)
    try:
        status = verify_rule_set(context(db), args.name, args.by, day).value
    except (RuleSetError, service.RulesError) as exc:
        raise UserError(exc.message(lang.current())) from None
    finally:
        db.dispose()
    check = status.verification
    assert check is not None
    sys.stdout.write(
        f"Rule set {status.rule_set.name} verified by {check.by} on {check.on:%d.%m.%Y}." + "\n"
    )
    return 0
