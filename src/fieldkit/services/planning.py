"""Route planning of a visit week on the store: build the problem, plan, store, load, move.

The week's customers are its plannable flags (not withdrawn; blocked only with a caseworker's
override). Each goes to the area its address lies in (postcode of a split town first, else the
municipality, see :mod:`fieldkit.geo.areas`) and may be visited on that area's weekdays, by
the area's worker if it has one. Routes start and end at the worker's office.

Per customer:

* **service time**: ``Flag.service_minutes``, else the settings' default;
* **time window**: ``Flag.window_start``/``window_end`` ("10:00"); when both are empty, the
  hints are read for "nicht vor 10 Uhr" / "ab 10 Uhr" and "nicht nach 15 Uhr" / "bis 15 Uhr";
* **priority** (higher is dropped last when the week is too full): ``Flag.priority`` when it
  is set (> 0); otherwise **1 for U25 customers** (younger than the legal parameter
  ``chain.u25_age_limit``, 25, on the Monday of the visit week, the group both concepts ask
  to reach first) and 0 for everybody else.

Nobody is ever dropped silently: every flag of the week that is in no route is in the plan's
unplanned list with a reason code (:class:`fieldkit.routing.problem.Reason`).

Stops that already happened — a ``Visit`` is recorded for them, or their status is not
"planned" — are never deleted by re-planning: they stay on their worker-day (visited and done
ones in their order at the start of the route).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions, roles
from fieldkit.domain.age import age_on as age_on  # importable here as before
from fieldkit.domain.age import is_u25, u25_limit
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.legal import parameters_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek, to_berlin
from fieldkit.domain.weekdays import parse_weekday_list
from fieldkit.errors import BilingualError
from fieldkit.geo.matrix import Point, TravelTimeService
from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.geo.settings import GeoSettings
from fieldkit.routing import problem as rp
from fieldkit.routing.check import check_solution
from fieldkit.routing.planner import (
    WeekModel,
    is_decomposed,
    plan_week,
    seconds_of,
    worker_settings,
)
from fieldkit.routing.problem import clock as clock  # HH:MM of a route time, for the UI
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import audit
from fieldkit.services.access import may_see_flag, require, require_own_route
from fieldkit.services.areas import geo_address, load_division
from fieldkit.services.geocoding import gazetteer
from fieldkit.services.office import Identity
from fieldkit.services.setup import office_rules, own_start
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import (
    Customer,
    Flag,
    Office,
    OutreachWorker,
    Route,
    RoutePlan,
    RouteStop,
    Visit,
)
from fieldkit.store.models_setup import WorkerArea
from fieldkit.store.types import utcnow

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

U25_PRIORITY = 1
#: Longest search after a drag-and-drop (only the two affected routes are re-optimised).
MOVE_TIME_LIMIT = 2.0


class PlanningError(BilingualError):
    """A week that cannot be planned (or a change that is not possible), in both languages."""

    def __init__(self, code: str, en: str, de: str) -> None:
        super().__init__(de, en, code)


# --------------------------------------------------------------------------- plain results


@dataclass(frozen=True)
class PlanStop:
    """A stop of a stored route as the UI, the CLI, printing and field mode show it."""

    id: uuid.UUID
    flag_id: uuid.UUID
    kundennummer: str
    name: str
    address: str
    lat: float | None
    lon: float | None
    arrival: int  # seconds since midnight
    start: int  # later than arrival when the customer's window opens later
    service: int  # seconds
    status: str  # planned / done / skipped / later
    pinned: bool  # the user fixed this stop to its day, worker and place
    visited: bool  # a visit is recorded for it
    window: str = ""  # "ab 10:00", "bis 15:00", "10:00–15:00" (German, for printed sheets)
    priority: int = 0
    window_from: dt.time | None = None  # the window itself, for screens in other languages
    window_to: dt.time | None = None

    @property
    def fixed(self) -> bool:
        """Already happened on the road: re-planning keeps it where it is."""
        return self.visited or self.status != "planned"

    @property
    def departure(self) -> int:
        """When the visit ends (seconds since midnight)."""
        return self.start + self.service


@dataclass(frozen=True)
class PlanRoute:
    """A stored route: one worker on one day, with the stops in visiting order."""

    id: uuid.UUID
    day: dt.date
    worker_id: uuid.UUID | None
    worker: str
    stops: tuple[PlanStop, ...]
    start: int
    end: int
    driving: int
    office: str = ""
    office_lat: float | None = None
    office_lon: float | None = None
    break_start: int | None = None

    @property
    def working(self) -> int:
        """Working time from leaving the office to coming back, break included (seconds)."""
        return self.end - self.start if self.stops else 0


@dataclass(frozen=True)
class UnplannedEntry:
    """A customer of the week in no route, with the reason code and the texts for it."""

    flag_id: uuid.UUID
    kundennummer: str
    name: str
    address: str
    reason: str  # a routing.problem.Reason value
    detail: str = ""

    def text(self, lang: str = "de") -> str:
        """The reason as a sentence in ``lang``."""
        try:
            reason = rp.Reason(self.reason)
        except ValueError:
            return self.reason
        return (rp.REASON_TEXT_EN if lang == "en" else rp.REASON_TEXT_DE)[reason]


@dataclass(frozen=True)
class StoredPlan:
    """The stored plan of a week: every worker-day's route and the unplanned customers."""

    week: str
    planned_at: dt.datetime
    time_limit: float
    driving: int
    routes: tuple[PlanRoute, ...]
    unplanned: tuple[UnplannedEntry, ...]
    cancelled: bool = False
    #: What the user should know about this run (e.g. travel times only estimated); not stored.
    notes: tuple[GeoNote, ...] = ()

    def days(self) -> list[dt.date]:
        """The dates that have a route (with or without stops), in order."""
        return sorted({r.day for r in self.routes})

    def routes_on(self, day: dt.date) -> list[PlanRoute]:
        """The routes of one day, by worker name."""
        return [r for r in self.routes if r.day == day]

    def route(self, route_id: uuid.UUID) -> PlanRoute | None:
        """The route with this id."""
        return next((r for r in self.routes if r.id == route_id), None)

    @property
    def planned(self) -> int:
        """Number of stops in routes."""
        return sum(len(r.stops) for r in self.routes)

    def to_json(self) -> dict[str, Any]:
        """Stable, JSON-able form (``fieldkit plan --json``): customer numbers, no names."""
        return {
            "week": self.week,
            "planned": self.planned,
            "unplanned_count": len(self.unplanned),
            "driving_minutes": round(self.driving / 60),
            "cancelled": self.cancelled,
            "notes": [note.text("en") for note in self.notes],
            "routes": [
                {
                    "date": r.day.isoformat(),
                    "worker": r.worker,
                    "start": rp.clock(r.start),
                    "end": rp.clock(r.end),
                    "driving_minutes": round(r.driving / 60),
                    "working_minutes": round(r.working / 60),
                    "break": rp.clock(r.break_start) if r.break_start is not None else None,
                    "stops": [
                        {
                            "customer": s.kundennummer,
                            "arrival": rp.clock(s.arrival),
                            "start": rp.clock(s.start),
                            "service_minutes": round(s.service / 60),
                            "status": s.status,
                        }
                        for s in r.stops
                    ],
                }
                for r in self.routes
                if r.stops
            ],
            "unplanned": [
                {"customer": u.kundennummer, "reason": u.reason, "text": u.text("en")}
                for u in self.unplanned
            ],
        }


# --------------------------------------------------------------------------- rules per customer

_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*uhr"
_NOT_BEFORE = re.compile(r"(?:nicht\s+vor|erst\s+ab|\bab)\s+" + _TIME, re.IGNORECASE)
_NOT_AFTER = re.compile(r"(?:nicht\s+nach|nur\s+bis|\bbis)\s+" + _TIME, re.IGNORECASE)


def _hint_time(pattern: re.Pattern[str], text: str) -> dt.time | None:
    match = pattern.search(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _parse_hhmm(text: str) -> dt.time | None:
    text = text.strip()
    if not text:
        return None
    try:
        seconds = seconds_of(text.replace(".", ":"))
    except ValueError:
        return None
    if not 0 <= seconds < 24 * 3600:
        return None
    return dt.time(seconds // 3600, seconds % 3600 // 60)


def time_window(
    window_start: str, window_end: str, hints: str
) -> tuple[dt.time | None, dt.time | None]:
    """Earliest and latest start of a visit: the fields set by hand, else read from the hints."""
    lo, hi = _parse_hhmm(window_start), _parse_hhmm(window_end)
    if lo is None and hi is None and hints:
        lo, hi = _hint_time(_NOT_BEFORE, hints), _hint_time(_NOT_AFTER, hints)
    if lo is not None and hi is not None and hi < lo:
        hi = None  # a contradicting pair: keep the safer "not before"
    return lo, hi


def window_text(
    lo: dt.time | None, hi: dt.time | None, after: str = "ab %1", before: str = "bis %1"
) -> str:
    """'ab 10:00', 'bis 15:00', '10:00–15:00' or ''; a screen passes its translated
    ``after``/``before`` patterns (``%1`` is the time)."""
    if lo and hi:
        return f"{lo:%H:%M}–{hi:%H:%M}"
    if lo:
        return after.replace("%1", f"{lo:%H:%M}")
    if hi:
        return before.replace("%1", f"{hi:%H:%M}")
    return ""


def priority_of(
    priority: int, birth: dt.date | None, monday: dt.date, rules: RulesSettings | None = None
) -> int:
    """The flag's priority if set, else 1 for U25 (under the legal parameter
    ``chain.u25_age_limit`` in force on the week's Monday), else 0."""
    if priority > 0:
        return priority
    limit = u25_limit(parameters_on(monday, rules if rules is not None else ()))
    if birth is not None and is_u25(birth, monday, limit):
        return U25_PRIORITY
    return 0


def _weekdays(text: str) -> frozenset[int]:
    return frozenset(parse_weekday_list(text))


#: The one shared gazetteer (``services.geocoding.gazetteer``), under its old name here.
_gazetteer = gazetteer


# --------------------------------------------------------------------------- building the week


@dataclass(frozen=True)
class _Info:
    flag_id: uuid.UUID
    kundennummer: str
    name: str
    address: str
    lat: float | None
    lon: float | None
    window: str
    priority: int


@dataclass
class WeekInput:
    """The week read from the store: the routing problem and what maps it back."""

    week: str
    problem: rp.WeekProblem
    routing: RoutingSettings
    info: dict[str, _Info]  # by str(flag id)
    blocked: list[str]  # flag ids (str) of blocked customers
    no_area: set[str]
    worker_names: dict[str, str]
    offices: dict[str, tuple[str, float, float]]  # worker id → office name, lat, lon
    points: list[Point]
    notes: tuple[GeoNote, ...] = ()  # about the travel times (routing server fallback)


def _parse_week(week: str) -> IsoWeek:
    try:
        return IsoWeek.parse(week)
    except ValueError as exc:
        raise PlanningError(
            "unknown_week",
            f"'{week}' is not an ISO week like 2026-W49.",
            f"„{week}“ ist keine Kalenderwoche wie 2026-W49.",
        ) from exc


def _week_flags(session: Session, week: str) -> list[Flag]:
    stmt = (
        select(Flag)
        .where(Flag.visit_week == week)
        .options(selectinload(Flag.customer).selectinload(Customer.address))
        .join(Customer)
        .order_by(Customer.kundennummer)
    )
    return list(session.scalars(stmt))


def build_week_input(
    session: Session, week: str, settings: Settings, *, keep: Iterable[uuid.UUID] = ()
) -> WeekInput:
    """The routing problem of ``week`` from the store; ``keep``: flags planned whatever happens.

    Raises :class:`PlanningError` for an unknown week, no outreach workers, no office with
    coordinates, no areas, or no geocoded customer.
    """
    iso = _parse_week(week)
    week = str(iso)
    routing = settings.section("routing", RoutingSettings)
    rules = settings.section("rules", RulesSettings)
    geo = settings.section("geo", GeoSettings)
    keep_ids = set(keep)
    flags = [f for f in _week_flags(session, week) if f.withdrawn_at is None or f.id in keep_ids]
    if not flags:
        raise PlanningError(
            "unknown_week",
            f"There are no flagged customers in week {week}.",
            f"In der Woche {iso.label_de()} sind keine Kunden vorgemerkt.",
        )
    workers = list(
        session.scalars(
            select(OutreachWorker)
            .where(OutreachWorker.active.is_(True))
            .options(selectinload(OutreachWorker.office))
            .order_by(OutreachWorker.name)
        )
    )
    if not workers:
        raise PlanningError(
            "no_workers",
            "There is no active outreach worker to plan routes for: please add one under "
            "Tools → Setup → Outreach, or with 'fieldkit setup apply FILE'.",
            "Es gibt keine aktive Fachkraft der Aufsuchenden Beratung für die Touren. Bitte "
            "legen Sie unter Extras → Einrichtung → Außendienst eine an "
            "(oder mit „fieldkit setup apply DATEI“).",
        )
    fallback = session.scalar(
        select(Office).where(Office.lat.is_not(None), Office.lon.is_not(None)).order_by(Office.name)
    )
    offices, start_notes = _worker_starts(workers, fallback)
    # Retired areas (no longer in the office setup) get no new customers.
    division = load_division(session)
    area_workers = _area_workers(session, workers)
    if not division.defined:
        raise PlanningError(
            "no_areas",
            "No areas are defined; define the division of the district first, under "
            "Tools → Setup → Areas.",
            "Es sind keine Gebiete festgelegt. Bitte teilen Sie zuerst unter "
            "Extras → Einrichtung → Gebiete den Landkreis auf.",
        )

    points: list[Point] = []
    office_point: dict[tuple[float, float], int] = {}
    for _name, lat, lon in offices.values():
        if (lat, lon) not in office_point:
            office_point[(lat, lon)] = len(points)
            points.append((lat, lon))

    monday = iso.monday()
    customers: list[rp.Customer] = []
    info: dict[str, _Info] = {}
    blocked: list[str] = []
    no_area: set[str] = set()
    geocoded = 0
    for flag in flags:
        c = flag.customer
        addr = c.address
        key = str(flag.id)
        lo, hi = time_window(flag.window_start, flag.window_end, flag.hints)
        prio = priority_of(flag.priority, c.geburtsdatum, monday, rules)
        has_point = addr is not None and addr.lat is not None and addr.lon is not None
        info[key] = _Info(
            flag.id,
            c.kundennummer,
            c.display_name,
            addr.one_line if addr else "",
            addr.lat if addr else None,
            addr.lon if addr else None,
            window_text(lo, hi),
            prio,
        )
        if not flag.plannable and flag.id not in keep_ids:
            blocked.append(key)
            continue
        # A town listed whole in two areas (on different weekdays): the customer is in both.
        in_areas = division.ids_of(geo_address(addr)) if addr is not None else ()
        if not in_areas:
            no_area.add(key)
        point = None
        if has_point and addr is not None and addr.lat is not None and addr.lon is not None:
            point = len(points)
            points.append((addr.lat, addr.lon))
            geocoded += 1
        customers.append(
            rp.Customer(
                id=key,
                point=point,
                area=in_areas[0] if in_areas else "",
                other_areas=tuple(in_areas[1:]),
                service_minutes=flag.service_minutes,
                not_before=lo,
                not_after=hi,
                priority=prio,
                latest_day=latest_visit_day(flag.appointment_at, rules),
            )
        )
    if customers and geocoded == 0:
        raise PlanningError(
            "nothing_geocoded",
            f"No customer of week {week} has coordinates yet; geocode the week first "
            f"(fieldkit geocode --week {week}).",
            f"Kein Kunde der {iso.label_de()} hat Koordinaten; bitte zuerst die Adressen der "
            "Woche verorten.",
        )
    matrix = TravelTimeService(geo).matrix(points)
    # The recorded office's own federal state (office setup) decides the public holidays.
    rules = office_rules(session, rules)
    calendar = WorkingDayCalendar.from_settings(rules)
    used_days = set().union(*(_weekdays(w.working_days) for w in workers))
    days = [
        rp.PlanDay(d, calendar.is_working_day(d)) for d in iso.days() if d.isoweekday() in used_days
    ]
    problem = rp.WeekProblem(
        customers=customers,
        areas=[
            rp.Area(
                division.ids[a.name],
                frozenset(a.weekdays),
                a.worker_id,
                area_workers.get(uuid.UUID(division.ids[a.name]), frozenset()),
            )
            for a in division.areas
        ],
        workers=[
            rp.Worker(
                str(w.id),
                _weekdays(w.working_days),
                office_point[(offices[str(w.id)][1], offices[str(w.id)][2])],
                w.start_time,
                w.end_time,
                w.break_minutes,
            )
            for w in workers
        ],
        days=days,
        travel=matrix.seconds,
    )
    return WeekInput(
        week=week,
        problem=problem,
        routing=routing,
        info=info,
        blocked=blocked,
        no_area=no_area,
        worker_names={str(w.id): w.name for w in workers},
        offices=offices,
        points=points,
        notes=start_notes + ((matrix.note,) if matrix.note is not None else ()),
    )


def _worker_starts(
    workers: Sequence[OutreachWorker], fallback: Office | None
) -> tuple[dict[str, tuple[str, float, float]], tuple[GeoNote, ...]]:
    """Where each worker's day starts (worker id → name, lat, lon) and notes on fallbacks.

    A worker's own start address (placed when the setup was applied) wins; without one, or
    when it could not be placed, the day starts at the worker's office (with a note).
    """
    offices: dict[str, tuple[str, float, float]] = {}
    notes: list[GeoNote] = []
    for w in workers:
        start = own_start(w)
        if start is not None:
            offices[str(w.id)] = (w.start_address, *start)
            continue
        office = w.office if w.office and w.office.lat is not None else fallback
        if office is None or office.lat is None or office.lon is None:
            raise PlanningError(
                "no_office",
                "No office has coordinates, so routes have nowhere to start: please give the "
                "office an address that can be placed, under Tools → Setup → Office.",
                "Keine Dienststelle hat Koordinaten; die Touren hätten keinen Startpunkt. Bitte "
                "geben Sie unter Extras → Einrichtung → Dienststelle eine Anschrift an, die "
                "sich verorten lässt.",
            )
        if w.start_address:
            notes.append(GeoNote.of(NoteCode.START_AT_OFFICE, worker=w.name, office=office.name))
        offices[str(w.id)] = (office.name, office.lat, office.lon)
    return offices, tuple(notes)


def _area_workers(
    session: Session, workers: Sequence[OutreachWorker]
) -> dict[uuid.UUID, frozenset[str]]:
    """The active workers that cover each area (the setup's worker_area links)."""
    active = {w.id for w in workers}
    found: dict[uuid.UUID, set[str]] = {}
    for link in session.scalars(select(WorkerArea)):
        if link.worker_id in active:
            found.setdefault(link.area_id, set()).add(str(link.worker_id))
    return {area: frozenset(ids) for area, ids in found.items()}


# --------------------------------------------------------------------------- stored stops


def _plan_row(session: Session, week: str) -> RoutePlan | None:
    return session.scalar(
        select(RoutePlan)
        .where(RoutePlan.visit_week == week)
        .options(selectinload(RoutePlan.routes).selectinload(Route.stops))
    )


def _visited_stop_ids(session: Session, stop_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    ids = list(stop_ids)
    if not ids:
        return set()
    found = session.scalars(select(Visit.route_stop_id).where(Visit.route_stop_id.in_(ids)))
    return {x for x in found if x is not None}


def _is_fixed(stop: RouteStop, visited: set[uuid.UUID]) -> bool:
    return stop.id in visited or stop.status != "planned"


def _fixed_pins(
    routes: Iterable[Route], visited: set[uuid.UUID], *, keep_user_pins: bool = True
) -> list[rp.WeekPin]:
    """Pins that keep what happened on the road (and the user's fixed choices) in place."""
    pins: list[rp.WeekPin] = []
    for route in routes:
        if route.worker_id is None:
            continue
        rank = 0
        for stop in sorted(route.stops, key=lambda s: s.seq):
            worker = str(route.worker_id)
            if stop.id in visited or stop.status == "done":
                pins.append(rp.WeekPin(str(stop.flag_id), worker, route.day, rank))
                rank += 1
            elif _is_fixed(stop, visited) or (keep_user_pins and stop.pinned):
                pins.append(rp.WeekPin(str(stop.flag_id), worker, route.day))
    return pins


# --------------------------------------------------------------------------- plan and store


#: Slice of search between two looks at "cancel" when the search itself cannot be stopped.
CANCEL_SLICE = 1.0


def _solve_week(
    inp: WeekInput,
    routing: RoutingSettings,
    pins: Sequence[rp.WeekPin],
    limit: float,
    progress: ProgressFn | None,
    cancelled: CancelFn | None,
) -> rp.WeekPlan:
    """``plan_week`` with progress in milliseconds of ``limit`` and a cancel that keeps the best.

    OR-Tools' iterated local search does not look at the solver's cancel check, so with a
    cancel the search runs in slices of :data:`CANCEL_SLICE` seconds, each starting from the
    best plan so far; without one (the CLI) it is one deterministic run.
    """
    t0 = time.perf_counter()
    total = max(1, round(limit * 1000))

    def report(_p: rp.Progress | None = None) -> None:
        if progress is not None:
            progress(min(total, round((time.perf_counter() - t0) * 1000)), total)

    if (
        cancelled is None
        or routing.search != "ils"
        or routing.solution_limit > 0
        or is_decomposed(inp.problem, routing)  # checks the cancel between route groups
    ):
        return plan_week(
            inp.problem, routing, pins=pins, time_limit=limit, on_progress=report, cancel=cancelled
        )
    best: rp.WeekPlan | None = None
    while True:
        left = limit - (time.perf_counter() - t0)
        if best is not None and left < 0.05:
            break
        best = plan_week(
            inp.problem,
            routing,
            pins=pins,
            previous=best,
            time_limit=max(0.05, min(CANCEL_SLICE, left)),
            on_progress=report,
            cancel=cancelled,
        )
        report()
        if cancelled():
            best = replace(best, cancelled=True)
            break
    return replace(best, seconds=time.perf_counter() - t0)


def plan_and_store(
    db: Database,
    week: str,
    settings: Settings,
    *,
    time_limit: float | None = None,
    solution_limit: int | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    identity: Identity,
) -> StoredPlan:
    """Plan ``week`` and store it (one transaction), replacing the week's earlier routes.

    Stops that happened already stay on their worker-day; the user's pinned choices stay on
    theirs. ``progress(done, total)`` reports the search time used; when ``cancelled()``
    returns True the best plan found so far is stored.
    """
    require(identity, permissions.PLANNING)
    with db.session() as session:
        row = _plan_row(session, str(_parse_week(week)))
        old_routes = list(row.routes) if row is not None else []
        visited = _visited_stop_ids(session, (s.id for r in old_routes for s in r.stops))
        pins = _fixed_pins(old_routes, visited)
        inp = build_week_input(session, week, settings, keep={uuid.UUID(p.customer) for p in pins})
    routing = inp.routing
    if solution_limit is not None:
        routing = replace(routing, solution_limit=solution_limit)
    limit = routing.time_limit_seconds if time_limit is None else time_limit
    plan = _solve_week(inp, routing, pins, limit, progress, cancelled)
    with db.session() as session:
        _store_week(session, inp, plan, {p.customer for p in pins}, limit)
        audit.record(session, identity, audit.PLAN, "week", inp.week, "Woche geplant")
    with db.session() as session:
        stored = load_plan(session, inp.week, routing)
    assert stored is not None
    return replace(stored, cancelled=plan.cancelled, notes=inp.notes)


def latest_visit_day(appointment_at: dt.datetime | None, rules: RulesSettings) -> dt.date | None:
    """The last day a visit may hand over an appointment at ``appointment_at``: that day
    minus the lead time in working days (setting ``appointment_lead_working_days``)."""
    if appointment_at is None:
        return None
    day = to_berlin(appointment_at).date()
    lead = max(0, rules.appointment_lead_working_days)
    calendar = WorkingDayCalendar.from_settings(rules)
    return calendar.add_working_days(day, -lead) if lead else day


def _unplanned_json(inp: WeekInput, entries: Iterable[rp.UnplannedCustomer]) -> list[Any]:
    out: list[dict[str, str]] = [
        {"flag_id": key, "reason": rp.Reason.BLOCKED.value, "detail": ""} for key in inp.blocked
    ]
    for u in entries:
        reason = u.reason
        if reason is rp.Reason.NO_DAY_FOR_AREA and u.customer in inp.no_area:
            reason = rp.Reason.NO_AREA
        out.append({"flag_id": u.customer, "reason": reason.value, "detail": ""})
    order = {key: i for i, key in enumerate(inp.info)}
    out.sort(key=lambda e: order.get(e["flag_id"], len(order)))
    return list(out)


def _area_of_route(inp: WeekInput, week_route: rp.WeekRoute) -> uuid.UUID | None:
    """The area most of the route's customers are in; for a customer in two areas, the one
    visited on the route's weekday."""
    days = {a.id: a.weekdays for a in inp.problem.areas}
    weekday = week_route.date.isoweekday()
    areas = {
        c.id: next((a for a in (c.area, *c.other_areas) if weekday in days.get(a, ())), c.area)
        for c in inp.problem.customers
    }
    counts = Counter(areas.get(v.customer, "") for v in week_route.visits)
    counts.pop("", None)
    if not counts:
        return None
    return uuid.UUID(counts.most_common(1)[0][0])


def _fill_route(
    route: Route,
    week_route: rp.WeekRoute | None,
    inp: WeekInput,
    stops_by_flag: dict[uuid.UUID, RouteStop],
    pinned: set[str],
) -> list[RouteStop]:
    """Set a route's times and its ordered stops (reusing stored stop rows where they exist)."""
    if week_route is None:
        day_start = seconds_of(inp.routing.day_start)
        route.start_seconds = route.end_seconds = day_start
        route.driving_seconds = 0
        route.area_id = None
        return []
    route.start_seconds = week_route.start_time
    route.end_seconds = week_route.end_time
    route.driving_seconds = week_route.driving
    route.area_id = _area_of_route(inp, week_route)
    ordered: list[RouteStop] = []
    for seq, visit in enumerate(week_route.visits):
        flag_id = uuid.UUID(visit.customer)
        stop = stops_by_flag.pop(flag_id, None)
        if stop is None:
            stop = RouteStop(flag_id=flag_id, status="planned")
        stop.seq = seq
        stop.arrival_seconds = visit.arrival
        stop.service_seconds = visit.departure - visit.start
        stop.pinned = stop.pinned or visit.customer in pinned
        ordered.append(stop)
    return ordered


def _store_week(
    session: Session,
    inp: WeekInput,
    plan: rp.WeekPlan,
    pinned: set[str],
    time_limit: float,
) -> None:
    """Write the planned week in the current transaction, keeping fixed stops."""
    row = _plan_row(session, inp.week)
    if row is None:
        row = RoutePlan(visit_week=inp.week, planned_at=utcnow())
        session.add(row)
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    old = {(str(r.worker_id), r.day): r for r in row.routes}
    # Stored stops are reused (stable ids); fixed ones are never deleted.
    reusable: dict[uuid.UUID, RouteStop] = {}
    home: dict[uuid.UUID, Route] = {}
    for r in row.routes:
        for s in r.stops:
            reusable[s.flag_id] = s
            home[s.flag_id] = r
    new = {(r.worker, r.date): r for r in plan.routes}
    model_keys = WeekModel(inp.problem, inp.routing).keys
    lists: dict[Route, list[RouteStop]] = {}
    for key in model_keys:
        route = old.pop(key, None)
        if route is None:
            route = Route(day=key[1], worker_id=uuid.UUID(key[0]))
            row.routes.append(route)
        lists[route] = _fill_route(route, new.get(key), inp, reusable, pinned)
    for route in old.values():
        lists[route] = []
    # Fixed stops the solver could not place stay on their old route, after its other stops.
    for flag_id, stop in reusable.items():
        if not _is_fixed(stop, visited):
            continue
        target = home[flag_id]
        stop.seq = len(lists.setdefault(target, []))
        lists[target].append(stop)
    for route, stops in lists.items():
        route.stops = stops
    for route in old.values():
        if not lists[route]:
            row.routes.remove(route)  # a worker-day that no longer exists
    row.planned_at = utcnow()
    row.time_limit = time_limit
    row.total_driving = sum(r.driving_seconds for r in lists if lists[r])
    row.unplanned = _unplanned_json(inp, plan.unplanned)


# --------------------------------------------------------------------------- loading


def _break_start(stops: Sequence[PlanStop], routing: RoutingSettings) -> int | None:
    """Where the planner put the break: after the first visit that ends at or after its time."""
    if routing.break_minutes <= 0:
        return None
    earliest = seconds_of(routing.day_start) + round(routing.break_after_hours * 3600)
    return next((s.departure for s in stops if s.departure >= earliest), None)


def load_plan(
    session: Session, week: str, routing: RoutingSettings | None = None
) -> StoredPlan | None:
    """The stored plan of ``week`` as plain data (None if the week was never planned)."""
    routing = routing or RoutingSettings()
    row = _plan_row(session, week)
    if row is None:
        return None
    flag_ids = {s.flag_id for r in row.routes for s in r.stops}
    flag_ids |= {uuid.UUID(str(e["flag_id"])) for e in row.unplanned if isinstance(e, dict)}
    flags = {
        f.id: f
        for f in session.scalars(
            select(Flag)
            .where(Flag.id.in_(flag_ids))
            .options(selectinload(Flag.customer).selectinload(Customer.address))
        )
    }
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    workers = {w.id: w for w in session.scalars(select(OutreachWorker))}
    offices = {o.id: o for o in session.scalars(select(Office))}
    fallback = next(
        (o for o in sorted(offices.values(), key=lambda o: o.name) if o.lat is not None), None
    )
    monday = IsoWeek.parse(week).monday()
    routes: list[PlanRoute] = []
    for r in row.routes:
        stops = tuple(
            _plan_stop(s, flags[s.flag_id], visited, monday)
            for s in sorted(r.stops, key=lambda s: s.seq)
        )
        worker = workers.get(r.worker_id) if r.worker_id else None
        office = offices.get(worker.office_id) if worker and worker.office_id else None
        if office is None or office.lat is None:
            office = fallback
        start = (office.name, office.lat, office.lon) if office else ("", None, None)
        own = routing
        if worker is not None:
            if worker.start_address and worker.start_lat is not None:
                start = (worker.start_address, worker.start_lat, worker.start_lon)
            own = worker_settings(routing, worker.start_time, worker.end_time, worker.break_minutes)
        routes.append(
            PlanRoute(
                id=r.id,
                day=r.day,
                worker_id=r.worker_id,
                worker=worker.name if worker else "",
                stops=stops,
                start=r.start_seconds,
                end=r.end_seconds,
                driving=r.driving_seconds,
                office=start[0],
                office_lat=start[1],
                office_lon=start[2],
                break_start=_break_start(stops, own),
            )
        )
    routes.sort(key=lambda x: (x.day, x.worker))
    unplanned = []
    for entry in row.unplanned:
        if not isinstance(entry, dict):
            continue
        flag = flags.get(uuid.UUID(str(entry["flag_id"])))
        if flag is None:
            continue  # the flag was deleted since; nothing left to plan
        c = flag.customer
        unplanned.append(
            UnplannedEntry(
                flag.id,
                c.kundennummer,
                c.display_name,
                c.address.one_line if c.address else "",
                str(entry.get("reason", "")),
                str(entry.get("detail", "")),
            )
        )
    return StoredPlan(
        week=row.visit_week,
        planned_at=row.planned_at,
        time_limit=row.time_limit,
        driving=row.total_driving,
        routes=tuple(routes),
        unplanned=tuple(unplanned),
    )


def _plan_stop(stop: RouteStop, flag: Flag, visited: set[uuid.UUID], monday: dt.date) -> PlanStop:
    c = flag.customer
    addr = c.address
    lo, hi = time_window(flag.window_start, flag.window_end, flag.hints)
    start = stop.arrival_seconds
    if lo is not None:
        start = max(start, seconds_of(lo))
    return PlanStop(
        id=stop.id,
        flag_id=flag.id,
        kundennummer=c.kundennummer,
        name=c.display_name,
        address=addr.one_line if addr else "",
        lat=addr.lat if addr else None,
        lon=addr.lon if addr else None,
        arrival=stop.arrival_seconds,
        start=start,
        service=stop.service_seconds,
        status=stop.status,
        pinned=stop.pinned,
        visited=stop.id in visited,
        window=window_text(lo, hi),
        priority=priority_of(flag.priority, c.geburtsdatum, monday),
        window_from=lo,
        window_to=hi,
    )


def planned_weeks(session: Session) -> list[str]:
    """Weeks that have a stored plan."""
    return list(session.scalars(select(RoutePlan.visit_week).order_by(RoutePlan.visit_week)))


# --------------------------------------------------------------------------- checking


def check_stored_plan(session: Session, week: str, settings: Settings) -> list[str]:
    """Violations of the stored plan, found independently of the solver (empty when valid).

    Rebuilds the week's problem from the store and checks every stored route against it with
    :func:`fieldkit.routing.check.check_solution`: travel times, service, time windows,
    working time and break, area rules, fixed choices, and that every plannable customer of
    the week is either in a route or in the unplanned list — exactly once.
    """
    row = _plan_row(session, week)
    if row is None:
        return [f"week {week} has no stored plan"]
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    pins = _fixed_pins(row.routes, visited)
    inp = build_week_input(session, week, settings, keep={uuid.UUID(p.customer) for p in pins})
    model = WeekModel(inp.problem, inp.routing)
    generic_pins = model.pins(pins)
    # A fixed choice overrides the area rule (the user decided), as in the planner.
    pinned = {p.stop for p in generic_pins}
    problem = replace(
        model.problem,
        stops=[
            replace(st, allowed_vehicles=None) if i in pinned else st
            for i, st in enumerate(model.problem.stops)
        ],
    )
    errors: list[str] = []
    routes: list[rp.Route] = []
    vehicles = problem.vehicles
    for r in row.routes:
        stops = sorted(r.stops, key=lambda s: s.seq)
        if not stops:
            continue
        v = model.vehicle_of.get((str(r.worker_id), r.day))
        if v is None:
            errors.append(f"route {r.day} of worker {r.worker_id} is not a working day")
            continue
        visits = []
        for s in stops:
            i = model.index.get(str(s.flag_id))
            if i is None:
                errors.append(f"stop of flag {s.flag_id} is not a customer of the week")
                continue
            window = problem.stops[i].window
            start = s.arrival_seconds if window is None else max(s.arrival_seconds, window[0])
            visits.append(rp.Visit(i, s.arrival_seconds, start, start + s.service_seconds))
        brk = vehicles[v].break_
        break_start = None
        if brk is not None:
            break_start = next((x.departure for x in visits if x.departure >= brk.earliest), None)
        routes.append(
            rp.Route(
                vehicle=v,
                visits=tuple(visits),
                start_time=r.start_seconds,
                end_time=r.end_seconds,
                driving=r.driving_seconds,
                working=r.end_seconds - r.start_seconds,
                cost=0,
                break_start=break_start,
            )
        )
    unplanned = []
    for entry in row.unplanned:
        key = str(entry.get("flag_id")) if isinstance(entry, dict) else ""
        if key in model.index:
            unplanned.append(rp.Unplanned(model.index[key], rp.Reason.NOT_ENOUGH_TIME))
        elif key not in inp.info:
            errors.append(f"unplanned flag {key} is not in the week")
    listed = {str(e.get("flag_id")) for e in row.unplanned if isinstance(e, dict)}
    for key in inp.blocked:
        if key not in listed:
            errors.append(f"blocked flag {key} is missing from the unplanned list")
    solution = rp.Solution(tuple(routes), tuple(unplanned), 0, 0, 0.0)
    errors += check_solution(problem, solution, generic_pins)
    return errors


# --------------------------------------------------------------------------- drag and drop


def move_stop(
    db: Database,
    stop_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    settings: Settings,
    *,
    time_limit: float | None = None,
    solution_limit: int | None = None,
    identity: Identity,
) -> StoredPlan:
    """Move a stop to ``position`` of route ``route_id``, pin it there, re-optimise the rest.

    Only the source and the target route are re-planned, starting from the order the user
    made. A stop that already happened cannot move; a place where the visit cannot fit
    (working time, time window) raises :class:`PlanningError` and changes nothing. Stops of
    the two routes that no longer fit go to the unplanned list with the reason.
    """
    require(identity, permissions.PLANNING)
    with db.session() as session:
        stop = session.get(RouteStop, stop_id)
        if stop is None:
            raise _unknown_stop()
        _require_own_routes(session, identity, stop.route, route_id)
        return _place(db, session, stop.route.plan.visit_week, stop.flag_id, route_id, position,
                      settings, time_limit, solution_limit)  # fmt: skip


def place_unplanned(
    db: Database,
    week: str,
    flag_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    settings: Settings,
    *,
    time_limit: float | None = None,
    solution_limit: int | None = None,
    identity: Identity,
) -> StoredPlan:
    """Put an unplanned customer at ``position`` of a route by hand (pinned), like a move."""
    require(identity, permissions.PLANNING)
    with db.session() as session:
        _require_own_routes(session, identity, None, route_id)
        return _place(
            db, session, week, flag_id, route_id, position, settings, time_limit, solution_limit
        )


def _require_own_routes(
    session: Session, identity: Identity, source: Route | None, target_id: uuid.UUID
) -> None:
    """A field account moves stops only within its own worker's routes (issue 14)."""
    target = session.get(Route, target_id)
    for route in (source, target):
        if route is not None:
            require_own_route(identity, route)


def _unknown_stop() -> PlanningError:
    return PlanningError(
        "unknown_stop",
        "This stop is no longer in the plan; the plan was changed meanwhile.",
        "Dieser Besuch ist nicht mehr im Plan; der Plan wurde inzwischen geändert.",
    )


def _place(
    db: Database,
    session: Session,
    week: str,
    flag_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    settings: Settings,
    time_limit: float | None,
    solution_limit: int | None,
) -> StoredPlan:
    row = _plan_row(session, week)
    target = session.get(Route, route_id)
    if row is None or target is None or target.plan_id != row.id or target.worker_id is None:
        raise _unknown_stop()
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    stop = next((s for r in row.routes for s in r.stops if s.flag_id == flag_id), None)
    if stop is not None and _is_fixed(stop, visited):
        raise PlanningError(
            "stop_fixed",
            "This visit already happened or was marked on the road; it stays where it is.",
            "Dieser Besuch ist schon erledigt oder unterwegs markiert; er bleibt, wo er ist.",
        )
    source = stop.route if stop is not None else None
    affected = [target] if source is None or source is target else [source, target]
    orders: dict[Route, list[RouteStop | uuid.UUID]] = {}
    for r in affected:
        kept: list[RouteStop | uuid.UUID] = [
            s for s in sorted(r.stops, key=lambda s: s.seq) if s.flag_id != flag_id
        ]
        orders[r] = kept
    target_order = orders[target]
    position = max(0, min(position, len(target_order)))
    # Never before what already happened on that route.
    done_before = sum(1 for s in target_order if isinstance(s, RouteStop) and _is_fixed(s, visited))
    position = max(position, done_before)
    target_order.insert(position, flag_id)

    def fid(item: RouteStop | uuid.UUID) -> uuid.UUID:
        return item.flag_id if isinstance(item, RouteStop) else item

    pins: list[rp.WeekPin] = []
    for r, order in orders.items():
        worker = str(r.worker_id)
        for k, item in enumerate(order):
            if isinstance(item, uuid.UUID):
                pins.append(rp.WeekPin(str(item), worker, r.day, k))
            elif item.id in visited or item.status == "done":
                pins.append(rp.WeekPin(str(item.flag_id), worker, r.day, k))
            elif _is_fixed(item, visited) or item.pinned:
                pins.append(rp.WeekPin(str(item.flag_id), worker, r.day))
    keep = {fid(x) for order in orders.values() for x in order}
    inp = build_week_input(session, week, settings, keep=keep)
    wanted = {str(x) for x in keep}
    full = inp.problem
    keys = {(str(r.worker_id), r.day) for r in affected}
    workers = [w for w in full.workers if any(w.id == k[0] for k in keys)]
    days = [d for d in full.days if any(d.date == k[1] for k in keys)]
    absent = frozenset((w.id, d.date) for w in workers for d in days if (w.id, d.date) not in keys)
    sub = rp.WeekProblem(
        customers=[c for c in full.customers if c.id in wanted],
        areas=full.areas,
        workers=workers,
        days=days,
        travel=full.travel,
        absent=absent,
    )
    previous = rp.WeekPlan(
        routes=tuple(
            rp.WeekRoute(
                str(r.worker_id),
                r.day,
                tuple(rp.WeekVisit(str(fid(x)), 0, 0, 0) for x in order),
                0,
                0,
                0,
                0,
                None,
            )
            for r, order in orders.items()
        ),
        unplanned=(),
        driving=0,
        seconds=0.0,
    )
    routing = inp.routing
    if solution_limit is not None:
        routing = replace(routing, solution_limit=solution_limit)
    limit = min(routing.time_limit_seconds, MOVE_TIME_LIMIT) if time_limit is None else time_limit
    plan = plan_week(sub, routing, pins=pins, previous=previous, time_limit=limit)
    if any(u.customer == str(flag_id) for u in plan.unplanned):
        raise PlanningError(
            "pin_not_possible",
            "The visit does not fit there (working time or time window); nothing was changed.",
            "Der Besuch passt dort nicht hin (Arbeitszeit oder Zeitfenster); "
            "es wurde nichts geändert.",
        )
    # Store: the affected routes get their new order; dropped stops join the unplanned list.
    by_flag: dict[uuid.UUID, RouteStop] = {
        s.flag_id: s for r in affected for s in r.stops if s.flag_id != flag_id
    }
    moved = stop if stop is not None else RouteStop(flag_id=flag_id, status="planned")
    moved.pinned = True
    by_flag[flag_id] = moved
    new = {(r.worker, r.date): r for r in plan.routes}
    for r in affected:
        stops = _fill_route(r, new.get((str(r.worker_id), r.day)), inp, by_flag, set())
        r.stops = stops
    unplanned = [
        e for e in row.unplanned if isinstance(e, dict) and e.get("flag_id") != str(flag_id)
    ]
    unplanned += _unplanned_json(replace(inp, blocked=[]), plan.unplanned)
    row.unplanned = unplanned
    session.flush()
    row.total_driving = sum(r.driving_seconds for r in row.routes if r.stops)
    stored = load_plan(session, week, routing)
    assert stored is not None
    return stored


def prestart_search() -> None:
    """Start the search's helper processes now, while the user looks at the week, so the
    first plan does not wait for them (the planning window calls it when it opens)."""
    from fieldkit.routing import parallel

    parallel.prestart()


def plan_for(
    session: Session, week: str, routing: RoutingSettings | None = None, *, identity: Identity
) -> StoredPlan | None:
    """The stored plan of ``week`` as ``identity`` may see it (the planning window): a field
    account sees its own worker's routes and, of the unplanned, only its own customers; the
    other roles that may plan see the whole week."""
    require(identity, permissions.PLANNING)
    plan = load_plan(session, week, routing)
    if plan is None or identity.account_role != roles.FIELD:
        return plan
    me = identity.worker.strip()
    unplanned = tuple(e for e in plan.unplanned if may_see_flag(session, identity, e.flag_id))
    return dataclasses.replace(
        plan, routes=tuple(r for r in plan.routes if r.worker == me), unplanned=unplanned
    )
