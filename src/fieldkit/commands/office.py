"""fieldkit commands: back-office commands (issue 9).

fieldkit office-demo       results, deputies, absences and reception appointments (demo)
fieldkit office-deputies   list, add, remove or move the lines of a team's deputy rule
fieldkit office-absences   list, record or remove caseworkers' absences
fieldkit office-absence    record that a caseworker is away (= office-absences add)
fieldkit office-deputy     add a line to a team's deputy rule (= office-deputies add)
fieldkit office-calendar   import the reception calendar (CSV)
fieldkit office-report     figures per week, area and worker; --xlsx/--pdf to export
fieldkit office-outbox     the benefits outbox: list [--json], export DIR, handover ID… --by
fieldkit office-situation  the Hamburg customer situation of a customer (rules.hamburg_rules)
fieldkit office-contacts-due  the Hamburg "Kontakte fällig" list per caseworker
fieldkit office-post       a caseworker's share of a full-time post (Hamburg rules)
fieldkit office-talk       record a qualified counselling talk (Hamburg rules)
fieldkit office-reviews-due   the Hamburg six-monthly reviews due, per caseworker
fieldkit office-review     record a six-monthly review of a customer's need for counselling

All of them act with the unrestricted view: the command line is the administrator's tool.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit import lang
from fieldkit.commands import AddParser, actions, context, identity, now, open_db
from fieldkit.errors import CliError, UserError
from fieldkit.wording import count

if TYPE_CHECKING:
    import uuid

    from sqlalchemy.orm import Session

    from fieldkit.domain.settings import RulesSettings
    from fieldkit.store.db import Database


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    p = add("office-demo", "add synthetic back-office data (visit results, desk) to a demo db")
    p.set_defaults(handler=cmd_demo)

    _register_deputies(add)
    _register_absences(add)
    _register_outbox(add)

    p = add("office-situation", "set a customer's Hamburg situation ('' clears it)")
    p.add_argument("kundennummer")
    p.add_argument("situation", help="e.g. u25_unemployed, ue25_activatable, integrated")
    p.set_defaults(handler=cmd_situation)

    p = add("office-post", "record a caseworker's share of a full-time post (0 < FTE <= 1)")
    p.add_argument("caseworker")
    p.add_argument("fte", type=float)
    p.set_defaults(handler=cmd_post)

    p = add("office-talk", "record a qualified counselling talk a caseworker held")
    p.add_argument("caseworker")
    p.add_argument("kundennummer")
    p.add_argument("day", help="YYYY-MM-DD")
    p.add_argument("--channel", choices=("in_person", "video", "phone"), default="in_person")
    p.set_defaults(handler=cmd_talk)

    p = add("office-contacts-due", "customers whose contact is due (Hamburg rules), per HB")
    p.add_argument("--day", default="", help="the day (default: today), YYYY-MM-DD")
    p.set_defaults(handler=cmd_contacts_due)

    p = add("office-reviews-due", "six-monthly reviews due within a month (Hamburg rules)")
    p.add_argument("--day", default="", help="the day (default: today), YYYY-MM-DD")
    p.set_defaults(handler=cmd_reviews_due)

    p = add("office-review", "record a six-monthly review of a customer (Hamburg rules)")
    p.add_argument("kundennummer")
    p.add_argument("day", help="YYYY-MM-DD")
    p.add_argument("--by", required=True, help="who reviewed")
    p.add_argument("--note", default="", help="what was found")
    p.set_defaults(handler=cmd_review)

    p = add("office-absence", "record that a caseworker is absent (deputy rule applies)")
    _absence_arguments(p)
    p.set_defaults(handler=cmd_absence_add)

    p = add("office-deputy", "add a deputy to a team's deputy rule (Vertretungsregelung)")
    _deputy_arguments(p)
    p.add_argument("--rank", type=int, default=0, help="lower is asked first")
    p.set_defaults(handler=cmd_deputy_add)

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

    p = add("office-sync-runs", "the laptops' syncs: last sync, records up and down, conflicts")
    p.add_argument("--since", default="", help="only syncs from this day on (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_sync_runs)


def _register_deputies(add: AddParser) -> None:
    action = actions(add("office-deputies", "the teams' deputy rules (Vertretungsregelung)"))

    p = action("list", "list a team's deputy rule (all teams without TEAM) in the order asked")
    p.add_argument("team", nargs="?", default="", help="the team, e.g. 521")
    p.add_argument(
        "--for", dest="for_caseworker", metavar="NAME", default="", help="one caseworker's own rule"
    )
    p.add_argument("--day", default="", help="show who is away on this day (default: today)")
    p.set_defaults(handler=cmd_deputies_list)

    p = action("add", "add a deputy at the end of the deputy rule (or at --rank)")
    _deputy_arguments(p)
    p.add_argument("--rank", type=int, default=None, help="lower is asked first")
    p.set_defaults(handler=cmd_deputy_add)

    p = action("remove", "take a deputy out of the deputy rule; the others keep their order")
    _deputy_arguments(p)
    p.set_defaults(handler=cmd_deputy_remove)

    p = action("move", "ask a deputy one place earlier (up) or later (down)")
    _deputy_arguments(p)
    p.add_argument("direction", choices=("up", "down"), help="up: asked earlier")
    p.set_defaults(handler=cmd_deputy_move)


def _register_outbox(add: AddParser) -> None:
    action = actions(add("office-outbox", "the benefits outbox (Postausgang Leistungsabteilung)"))

    p = action("list", "list the messages (open first), with state and number")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--all", action="store_true", help="include messages handed over")
    p.set_defaults(handler=cmd_outbox_list)

    p = action("export", "write one PDF per open message (all with --all) into DIR")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--all", action="store_true", help="include messages handed over")
    p.set_defaults(handler=cmd_outbox_export)

    p = action("handover", "record that messages went to the benefits department")
    p.add_argument("numbers", nargs="+", metavar="NUMBER", help="the 8-digit message number")
    p.add_argument("--by", required=True, help="who hands them over")
    p.set_defaults(handler=cmd_outbox_handover)


def _deputy_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("team", help="the team, e.g. 521")
    p.add_argument("deputy", help="the deputy's name")
    p.add_argument(
        "--for", dest="for_caseworker", metavar="NAME", default="", help="only for this caseworker"
    )


def _register_absences(add: AddParser) -> None:
    action = actions(add("office-absences", "caseworkers' absences (the deputy rule applies)"))

    p = action("list", "list the current and coming absences by first day")
    p.add_argument("--team", default="", help="only this team's caseworkers")
    p.add_argument("--all", action="store_true", help="include absences that have ended")
    p.set_defaults(handler=cmd_absences_list)

    p = action("add", "record that a caseworker is absent")
    _absence_arguments(p)
    p.set_defaults(handler=cmd_absence_add)

    p = action("remove", "delete the absence of a caseworker that covers DAY")
    p.add_argument("caseworker", help="the caseworker's name as in the flag lists")
    p.add_argument("day", help="any day of the absence, YYYY-MM-DD")
    p.set_defaults(handler=cmd_absence_remove)


def _absence_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("caseworker", help="the caseworker's name as in the flag lists")
    p.add_argument("first_day", help="first day, YYYY-MM-DD")
    p.add_argument("last_day", help="last day, YYYY-MM-DD")
    p.add_argument("--reason", default="", help="e.g. Urlaub")


def _say(text: str) -> None:
    # The command's output, not a debug line.
    sys.stdout.write(text + "\n")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(
            f"„{text[:60]}“ ist kein Datum wie 2026-12-07.",
            f"'{text[:60]}' is not a date like 2026-12-07.",
        ) from exc


@contextmanager
def _office_db(args: argparse.Namespace) -> Iterator[Database]:
    """The database of ``--db``, disposed afterwards; an OfficeError becomes a UserError."""
    from fieldkit.services.office import OfficeError

    db = open_db(args)
    try:
        yield db
    except OfficeError as exc:
        raise UserError(exc.message(lang.current())) from exc
    finally:
        db.dispose()


def cmd_demo(args: argparse.Namespace) -> int:
    """``fieldkit office-demo``."""
    from fieldkit.services.office_demo import write_office_demo

    with _office_db(args) as db:
        done = write_office_demo(db, now(), rules=_rules())
    _say(
        lang.say(
            f"Innendienst-Demo: {done.visits} Besuchsergebnisse, {done.appointments} Termine "
            "der Eingangszone.",
            f"Back-office demo: {done.visits} visit results, {done.appointments} desk "
            "appointments.",
        )
    )
    return 0


# ------------------------------------------------------------------------ deputy rules


def cmd_deputies_list(args: argparse.Namespace) -> int:
    """``fieldkit office-deputies list [TEAM] [--for NAME] [--day DAY]``."""
    from fieldkit.services import office_desk as desk
    from fieldkit.services import office_staff as staff

    day = _day(args.day) if args.day else now().date()
    with _office_db(args) as db, db.session() as session:
        team = desk.known_team(session, args.team) if args.team.strip() else ""
        if args.for_caseworker.strip():
            owner = desk.caseworker_named(session, args.for_caseworker)
            if team and owner.team != team:
                raise CliError(
                    f"{owner.name} gehört nicht zum Team {team}.",
                    f"{owner.name} is not in team {team}.",
                )
            _print_rule(session, owner.team, day, owner.name)
            return 0
        for name in [team] if team else staff.teams(session, identity()):
            _print_rule(session, name, day)
            for owner_name in staff.rule_owners(session, name):
                _print_rule(session, name, day, owner_name)
    return 0


def _print_rule(session: Session, team: str, day: date, owner: str = "") -> None:
    from fieldkit.services import office_staff as staff

    lines = staff.deputy_lines(session, team, day, owner)
    if owner:
        title = lang.say(
            f"Eigene Vertretungsregel von {owner} (Team {team})",
            f"Own deputy rule of {owner} (team {team})",
        )
    else:
        title = lang.say(f"Vertretungsregel des Teams {team}", f"Deputy rule of team {team}")
    _say(f"{title}:" if lines else f"{title}: {lang.say('niemand', 'nobody')}.")
    for line in lines:
        until = line.absent_until.isoformat() if line.absent_until else ""
        away = lang.say(f", abwesend bis {until}", f", absent until {until}") if until else ""
        team_word = lang.say("Team", "team")
        _say(f"  {line.position}. {line.deputy} ({team_word} {line.deputy_team}){away}")


def cmd_deputy_add(args: argparse.Namespace) -> int:
    """``fieldkit office-deputies add`` and ``fieldkit office-deputy``."""
    from fieldkit.app.ops import staff as ops

    with _office_db(args) as db:
        ops.add_deputy(context(db), args.team, args.deputy, args.for_caseworker, rank=args.rank)
    who, team = args.deputy.strip(), args.team.strip()
    _say(
        lang.say(
            f"{who} in die Vertretungsregel des Teams {team} aufgenommen.",
            f"{who} added to the deputy rule of team {team}.",
        )
    )
    return 0


def _deputy_line(db: Database, args: argparse.Namespace) -> uuid.UUID:
    """The deputy rule line that TEAM DEPUTY [--for NAME] name."""
    from fieldkit.services import office_staff as staff

    with db.session() as session:
        return staff.deputy_line_of(session, args.team, args.deputy, args.for_caseworker)


def cmd_deputy_remove(args: argparse.Namespace) -> int:
    """``fieldkit office-deputies remove TEAM DEPUTY [--for NAME]``."""
    from fieldkit.app.ops import staff as ops

    with _office_db(args) as db:
        ops.remove_deputy(context(db), _deputy_line(db, args))
    who, team = args.deputy.strip(), args.team.strip()
    _say(
        lang.say(
            f"{who} aus der Vertretungsregel des Teams {team} entfernt.",
            f"{who} removed from the deputy rule of team {team}.",
        )
    )
    return 0


def cmd_deputy_move(args: argparse.Namespace) -> int:
    """``fieldkit office-deputies move TEAM DEPUTY up|down [--for NAME]``."""
    from fieldkit.app.ops import staff as ops

    with _office_db(args) as db:
        step = -1 if args.direction == "up" else 1
        position = ops.move_deputy(context(db), _deputy_line(db, args), step).value
    who = args.deputy.strip()
    _say(
        lang.say(
            f"{who} wird jetzt an Stelle {position} gefragt.",
            f"{who} is now asked at position {position}.",
        )
    )
    return 0


# ------------------------------------------------------------------------ absences


def cmd_absences_list(args: argparse.Namespace) -> int:
    """``fieldkit office-absences list [--team TEAM] [--all]``."""
    from fieldkit.services import office_desk as desk
    from fieldkit.services import office_staff as staff

    with _office_db(args) as db, db.session() as session:
        team = desk.known_team(session, args.team) if args.team.strip() else ""
        rows = staff.list_absences(session, identity(), team, now().date(), not args.all)
    if not rows:
        _say(lang.say("Keine Abwesenheiten eingetragen.", "No absences recorded."))
    for row in rows:
        reason = f"\t{row.reason}" if row.reason else ""
        _say(
            f"{row.first_day.isoformat()}\t{row.last_day.isoformat()}\t"
            f"{row.caseworker} (team {row.team}){reason}"
        )
    return 0


def cmd_absence_add(args: argparse.Namespace) -> int:
    """``fieldkit office-absences add`` and ``fieldkit office-absence``."""
    from fieldkit.app.ops import staff as ops

    first, last = _day(args.first_day), _day(args.last_day)
    with _office_db(args) as db:
        ops.set_absence(context(db), args.caseworker, first, last, args.reason)
    who = args.caseworker.strip()
    _say(lang.say(f"Abwesenheit von {who} eingetragen.", f"Absence recorded for {who}."))
    return 0


def cmd_absence_remove(args: argparse.Namespace) -> int:
    """``fieldkit office-absences remove CASEWORKER DAY``."""
    from fieldkit.app.ops import staff as ops
    from fieldkit.services import office_staff as staff

    day = _day(args.day)
    with _office_db(args) as db:
        with db.session() as session:
            absence = staff.absence_on(session, args.caseworker, day)
        ops.delete_absence(context(db), absence)
    who = args.caseworker.strip()
    _say(lang.say(f"Abwesenheit von {who} gelöscht.", f"Absence of {who} removed."))
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    """``fieldkit office-calendar``."""
    from fieldkit.app.ops.office import import_calendar

    with _office_db(args) as db:
        try:
            added = import_calendar(context(db), args.file).value
        except OSError as exc:
            raise CliError(
                f"{args.file} kann nicht gelesen werden.", f"Cannot read {args.file}."
            ) from exc
    _say(
        lang.say(
            f"{count(added, 'Termin', 'Termine')} importiert.",
            f"{count(added, 'appointment', 'appointments')} imported.",
        )
    )
    return 0


def cmd_sync_runs(args: argparse.Namespace) -> int:
    """``fieldkit office-sync-runs``: per laptop its syncs, as the central database saw them."""
    import json
    from datetime import datetime

    from fieldkit.domain.week import BERLIN
    from fieldkit.services.sync_runs import laptop_syncs

    since = None
    if args.since:
        try:
            since = datetime.combine(date.fromisoformat(args.since), datetime.min.time(), BERLIN)
        except ValueError as exc:
            raise CliError(
                "Bitte das Datum als JJJJ-MM-TT angeben, z. B. 2026-11-02.",
                "Give the date as YYYY-MM-DD, e.g. 2026-11-02.",
            ) from exc
    with _office_db(args) as db, db.session() as session:
        rows = laptop_syncs(session, identity(), since)
    if args.json:
        _say(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        _say(lang.say("Noch keine Synchronisierung.", "No syncs yet."))
        return 0
    head = lang.say(
        "Laptop\tAußendienst\tletzte Synchronisierung\tArt\tLäufe\thoch\truntergeladen\t"
        "Konflikte\tgesperrt",
        "laptop\tworker\tlast sync\tmode\truns\tup\tdown\tconflicts\trevoked",
    )
    _say(head)
    for r in rows:
        when = r.last_sync.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")
        revoked = lang.say("ja", "yes") if r.revoked else ""
        cells = (r.device, r.worker, when, r.last_mode, r.runs, r.pushed, r.pulled, r.conflicts)
        _say("\t".join(map(str, (*cells, revoked))).rstrip())
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``fieldkit office-report``: what the identity may see (without accounts: everything);
    an exported file is named in the audit log."""
    from fieldkit.services import office_reports as reports
    from fieldkit.services.office_report_figures import desk_figures

    with _office_db(args) as db:
        who = identity()
        with db.session() as session:
            rows = reports.report(session, who, args.first, args.last)
            extras = desk_figures(session, who, args.first, args.last).lines_de()
            talks = _talk_table(session, args.first, args.last)
        shown = rows if args.by == "all" else reports.group(rows, args.by)
        names = [title for _, title in reports.METRICS]
        _say("\t".join(["week", "area", "worker", *names]))
        for row in shown:
            _say("\t".join([row.week, row.area, row.worker, *map(str, row.values())]))
        for label, value in extras:
            _say(f"{label}\t{value}")
        for line in talks:
            _say("\t".join(map(str, line)))
        title = "Aufsuchende Beratung"
        try:
            if args.xlsx:
                reports.export_xlsx(
                    shown, args.xlsx, title, extras=extras, talks=talks, identity=who, db=db
                )
            if args.pdf:
                reports.export_pdf(
                    shown, args.pdf, title, extras=extras, talks=talks, identity=who, db=db
                )
        except OSError as exc:
            raise CliError(
                f"Der Bericht kann nicht geschrieben werden: {exc.strerror}.",
                f"Cannot write the report: {exc.strerror}.",
            ) from exc
    return 0


def _talk_table(session: Session, first: str, last: str) -> list[tuple[str | int | float, ...]]:
    """Hamburg rules on: the talks per full-time post in the weeks, as the exports' table."""
    from fieldkit.domain.week import IsoWeek
    from fieldkit.services.office_hamburg import talk_figures
    from fieldkit.services.office_hamburg_review import talk_table_de

    rules = _rules()
    if not rules.hamburg_rules:
        return []
    try:
        start = IsoWeek.parse(first).monday() if first else date(2000, 1, 1)
        end = IsoWeek.parse(last).monday() + timedelta(days=6) if last else now().date()
    except ValueError as exc:
        raise UserError("Weeks are written like 2026-W49.") from exc
    return talk_table_de(talk_figures(session, identity(), start, end, rules))


# ------------------------------------------------------------------------ benefits outbox


def cmd_outbox_list(args: argparse.Namespace) -> int:
    """``fieldkit office-outbox list [--json] [--all]``."""
    import json

    from fieldkit.app.ops.exports import collect_hints
    from fieldkit.services import office_outbox as outbox

    with _office_db(args) as db:
        collect_hints(context(db))
        with db.session() as session:
            rows = outbox.list_messages(
                session, identity(), outbox.ALL if args.all else outbox.OPEN
            )
    if args.json:
        _say(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    _say("\t".join(["nummer", "erstellt", "kundennummer", "bg_nummer", "was", "status"]))
    for r in rows:
        when = f"{r.written_at.astimezone(now().tzinfo):%d.%m.%Y}"
        _say("\t".join([r.short_id, when, r.kundennummer, r.bg_number, r.subject, r.state_label]))
    return 0


def cmd_outbox_export(args: argparse.Namespace) -> int:
    """``fieldkit office-outbox export DIR [--all]``: one PDF per message."""
    from fieldkit.app.ops.exports import collect_hints, export_outbox

    with _office_db(args) as db:
        ctx = context(db)
        collect_hints(ctx)
        files = export_outbox(ctx, args.folder, only_open=not args.all).value
    n = len(files)
    _say(
        lang.say(
            f"{count(n, 'Nachricht', 'Nachrichten')} nach {args.folder} geschrieben.",
            f"{count(n, 'message', 'messages')} written to {args.folder}.",
        )
    )
    return 0


def cmd_outbox_handover(args: argparse.Namespace) -> int:
    """``fieldkit office-outbox handover NUMBER… --by NAME``."""
    from fieldkit.app.ops.exports import hand_over
    from fieldkit.services import office_outbox as outbox

    with _office_db(args) as db:
        with db.session() as session:
            known = {r.short_id: r.id for r in outbox.list_messages(session, identity())}
        unknown = [n for n in args.numbers if n.strip().lower() not in known]
        if unknown:
            raise CliError(
                f"Im Postausgang gibt es keine Nachricht mit der Nummer {unknown[0][:20]!r}.",
                f"No message numbered {unknown[0][:20]!r} in the outbox.",
            )
        ids = [known[n.strip().lower()] for n in args.numbers]
        done = hand_over(context(db), ids, args.by).value
    _say(
        lang.say(
            f"{count(done, 'Nachricht', 'Nachrichten')} übergeben.",
            f"{count(done, 'message', 'messages')} handed over.",
        )
    )
    return 0


# ------------------------------------------------------------------------ Hamburg rules


def _rules() -> RulesSettings:
    from fieldkit.domain.settings import RulesSettings
    from fieldkit.settings import Settings

    return Settings.load().section("rules", RulesSettings)


def cmd_situation(args: argparse.Namespace) -> int:
    """``fieldkit office-situation KUNDENNUMMER SITUATION``."""
    from fieldkit.app.ops.hamburg import set_situation

    with _office_db(args) as db:
        set_situation(context(db), _rules(), args.kundennummer, args.situation.strip())
    _say(lang.say("Lage eingetragen.", "Situation recorded."))
    return 0


def cmd_contacts_due(args: argparse.Namespace) -> int:
    """``fieldkit office-contacts-due [--day D]``: per caseworker, tab-separated."""
    from fieldkit.services.office_hamburg import contacts_due

    day = _day(args.day) if args.day else now().date()
    with _office_db(args) as db, db.session() as session:
        rows = contacts_due(session, identity(), day, _rules())
    _say("\t".join(["hb", "kundennummer", "situation", "letzter_kontakt", "faellig"]))
    for r in rows:
        last = r.last_contact.isoformat() if r.last_contact else "-"
        _say("\t".join([r.caseworker, r.kundennummer, r.situation, last, r.due.isoformat()]))
    return 0


def cmd_post(args: argparse.Namespace) -> int:
    """``fieldkit office-post CASEWORKER FTE``."""
    from fieldkit.app.ops.hamburg import set_post

    with _office_db(args) as db:
        set_post(context(db), _rules(), args.caseworker, args.fte)
    _say(lang.say("Post eingetragen.", "Post recorded."))
    return 0


def cmd_talk(args: argparse.Namespace) -> int:
    """``fieldkit office-talk CASEWORKER KUNDENNUMMER DAY [--channel]``."""
    from fieldkit.app.ops.hamburg import record_talk

    with _office_db(args) as db:
        record_talk(
            context(db), _rules(), args.caseworker, args.kundennummer, _day(args.day),
            args.channel, now().date(),
        )  # fmt: skip
    _say(lang.say("Gespräch eingetragen.", "Talk recorded."))
    return 0


def cmd_reviews_due(args: argparse.Namespace) -> int:
    """``fieldkit office-reviews-due [--day D]``: per caseworker, tab-separated."""
    from fieldkit.services.office_hamburg_review import reviews_due

    day = _day(args.day) if args.day else now().date()
    with _office_db(args) as db, db.session() as session:
        rows = reviews_due(session, identity(), day, _rules())
    _say("\t".join(["hb", "kundennummer", "situation", "letzte_pruefung", "faellig"]))
    for r in rows:
        last = r.last_review.isoformat() if r.last_review else "-"
        _say("\t".join([r.caseworker, r.kundennummer, r.situation, last, r.due.isoformat()]))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """``fieldkit office-review KUNDENNUMMER DAY --by NAME [--note TEXT]``."""
    from fieldkit.app.ops.hamburg import record_review

    with _office_db(args) as db:
        due = record_review(
            context(db), _rules(), args.kundennummer, _day(args.day), args.by, args.note,
            now().date(),
        ).value  # fmt: skip
    _say(
        lang.say(
            f"Überprüfung eingetragen; die nächste ist am {due.strftime('%d.%m.%Y')} fällig.",
            f"Review recorded; the next one is due on {due.isoformat()}.",
        )
    )
    return 0
