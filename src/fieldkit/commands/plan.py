"""fieldkit commands: plan (issue 5)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from fieldkit import lang
from fieldkit.commands import AddParser, context, open_db, parse_week
from fieldkit.errors import CliError, UserError
from fieldkit.wording import count


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    parser = add("plan", "plan and store the routes of a visit week")
    parser.add_argument("--week", required=True, help="visit week, e.g. 2026-W49")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar="S",
        help="longest search in seconds (default: the routing settings, 10 s)",
    )
    parser.add_argument(
        "--steps",
        type=int,
        default=None,
        metavar="N",
        help="stop after N search steps: the same input then gives the same plan on any machine",
    )
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    parser.set_defaults(handler=run_plan)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TAGE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def _route_line(route: Any, de: bool) -> str:
    """One route of the plan: day, worker, stops, driving time, start–end, break."""
    from fieldkit.routing.problem import clock

    day = (TAGE if de else DAYS)[route.day.weekday()]
    stops = (
        count(len(route.stops), "Halt", "Halte") if de else count(len(route.stops), "stop", "stops")
    )
    driving = lang.say("Fahrzeit", "driving")
    line = (
        f"{day} {route.day.isoformat()}  {route.worker}: {stops}, {driving} "
        f"{_minutes(route.driving)}, {clock(route.start)}–{clock(route.end)}"
    )
    if route.break_start is not None:
        line += lang.say(", Pause ", ", break ") + clock(route.break_start)
    return line


def _minutes(seconds: int) -> str:
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def run_plan(args: argparse.Namespace) -> int:
    """Plan the week, store it, print a summary (customer numbers only, no names)."""
    from fieldkit.app.ops import plan_week
    from fieldkit.routing.problem import clock
    from fieldkit.services import planning

    week = str(parse_week(args.week))
    if args.time_limit is not None and not 0 < args.time_limit <= 3600:
        raise CliError(
            "--time-limit muss zwischen 0 und 3600 Sekunden liegen.",
            "--time-limit must be between 0 and 3600 seconds.",
        )
    if args.steps is not None and args.steps < 1:
        raise CliError(
            "--steps muss eine positive Zahl sein.", "--steps must be a positive number."
        )
    db = open_db(args)
    try:
        t0 = time.perf_counter()
        try:
            plan = plan_week(
                context(db), week, time_limit=args.time_limit, solution_limit=args.steps
            ).value
        except planning.PlanningError as exc:
            raise UserError(exc.message(lang.current())) from exc
        seconds = time.perf_counter() - t0
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps(plan.to_json(), ensure_ascii=False, indent=2))
        return 0
    total = plan.planned + len(plan.unplanned)
    used = [r for r in plan.routes if r.stops]
    de = lang.current() == "de"
    if de:
        head = (
            f"Woche {week}: {plan.planned} von {count(total, 'Kunde', 'Kunden')} in "
            f"{count(len(used), 'Tour', 'Touren')} geplant, Fahrzeit {_minutes(plan.driving)}, "
            f"geplant in {f'{seconds:.1f}'.replace('.', ',')} s."
        )
    else:
        head = (
            f"Week {week}: {plan.planned} of {count(total, 'customer', 'customers')} planned in "
            f"{count(len(used), 'route', 'routes')}, "
            f"driving {_minutes(plan.driving)}, planned in {seconds:.1f} s."
        )
    _out(head)
    for note in plan.notes:
        _out(lang.say("Hinweis: ", "Note: ") + note.text(lang.current()))
    for route in used:
        _out(_route_line(route, de))
        _out("    " + ", ".join(f"{clock(s.arrival)} {s.kundennummer}" for s in route.stops))
    if plan.unplanned:
        _out(lang.say("Nicht geplant", "Not planned") + f" ({len(plan.unplanned)}):")
        for entry in plan.unplanned:
            _out(f"    {entry.kundennummer}  {entry.reason}: {entry.text(lang.current())}")
    return 0
