"""Building the routing problem of a week and solving it: the cancel loop, then storing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek
from fieldkit.geo.areas import AreaDivision
from fieldkit.geo.matrix import Point, TravelTimeService
from fieldkit.geo.settings import GeoSettings
from fieldkit.routing import problem as rp
from fieldkit.routing.planner import (
    is_decomposed,
    plan_week,
)
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.areas import geo_address
from fieldkit.services.office import Identity
from fieldkit.services.planning.persist import (
    _fixed_pins,
    _plan_row,
    _store_week,
    _visited_stop_ids,
    load_plan,
)
from fieldkit.services.planning.results import (
    CancelFn,
    PlanningError,
    ProgressFn,
    StoredPlan,
)
from fieldkit.services.planning.week_input import (
    WeekInput,
    _active_workers,
    _area_workers,
    _Info,
    _info_of,
    _parse_week,
    _plannable_flags,
    _stored_division,
    _weekdays,
    _worker_starts,
    latest_visit_day,
    priority_of,
    time_window,
)
from fieldkit.services.setup import office_rules
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import (
    Flag,
    Office,
    OutreachWorker,
)


@dataclass
class _Customers:
    """The week's customers as the routing problem takes them, and what maps them back."""

    customers: list[rp.Customer] = dataclasses.field(default_factory=list)
    info: dict[str, _Info] = dataclasses.field(default_factory=dict)
    blocked: list[str] = dataclasses.field(default_factory=list)
    no_area: set[str] = dataclasses.field(default_factory=set)
    geocoded: int = 0


def _read_customers(
    flags: Sequence[Flag],
    keep_ids: set[uuid.UUID],
    division: AreaDivision,
    monday: dt.date,
    rules: RulesSettings,
    points: list[Point],
) -> _Customers:
    """Each flag's customer with its areas (by the one division), window, priority and point
    (appended to ``points``); blocked ones only in ``info`` and ``blocked``."""
    found = _Customers()
    for flag in flags:
        addr = flag.customer.address
        key = str(flag.id)
        lo, hi = time_window(flag.window_start, flag.window_end, flag.hints)
        prio = priority_of(flag.priority, flag.customer.geburtsdatum, monday, rules)
        found.info[key] = _info_of(flag, (lo, hi), prio)
        if not flag.plannable and flag.id not in keep_ids:
            found.blocked.append(key)
            continue
        # A town listed whole in two areas (on different weekdays): the customer is in both.
        in_areas = division.ids_of(geo_address(addr)) if addr is not None else ()
        if not in_areas:
            found.no_area.add(key)
        point = None
        if addr is not None and addr.lat is not None and addr.lon is not None:
            point = len(points)
            points.append((addr.lat, addr.lon))
            found.geocoded += 1
        found.customers.append(
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
    return found


def _office_points(
    offices: dict[str, tuple[str, float, float]],
) -> tuple[list[Point], dict[tuple[float, float], int]]:
    """The distinct start points first in the list of points, and each one's index."""
    points: list[Point] = []
    office_point: dict[tuple[float, float], int] = {}
    for _name, lat, lon in offices.values():
        if (lat, lon) not in office_point:
            office_point[(lat, lon)] = len(points)
            points.append((lat, lon))
    return points, office_point


def _require_geocoded(found: _Customers, iso: IsoWeek) -> None:
    if found.customers and found.geocoded == 0:
        week = str(iso)
        raise PlanningError(
            "nothing_geocoded",
            f"No customer of week {week} has coordinates yet; geocode the week first "
            f"(fieldkit geocode --week {week}).",
            f"Kein Kunde der {iso.label_de()} hat Koordinaten; bitte zuerst die Adressen der "
            "Woche verorten.",
        )


def _problem_areas(
    division: AreaDivision, area_workers: dict[uuid.UUID, frozenset[str]]
) -> list[rp.Area]:
    """The division's areas as the routing problem takes them (by stored id)."""
    return [
        rp.Area(
            division.ids[a.name],
            frozenset(a.weekdays),
            a.worker_id,
            area_workers.get(uuid.UUID(division.ids[a.name]), frozenset()),
        )
        for a in division.areas
    ]


def _problem_workers(
    workers: Sequence[OutreachWorker],
    offices: dict[str, tuple[str, float, float]],
    office_point: dict[tuple[float, float], int],
) -> list[rp.Worker]:
    return [
        rp.Worker(
            str(w.id),
            _weekdays(w.working_days),
            office_point[(offices[str(w.id)][1], offices[str(w.id)][2])],
            w.start_time,
            w.end_time,
            w.break_minutes,
        )
        for w in workers
    ]


def _plan_days(
    session: Session, iso: IsoWeek, rules: RulesSettings, workers: Sequence[OutreachWorker]
) -> list[rp.PlanDay]:
    """The week's days any worker works, each marked whether it is a working day."""
    # The recorded office's own federal state (office setup) decides the public holidays.
    calendar = WorkingDayCalendar.from_settings(office_rules(session, rules))
    used_days = set().union(*(_weekdays(w.working_days) for w in workers))
    return [
        rp.PlanDay(d, calendar.is_working_day(d)) for d in iso.days() if d.isoweekday() in used_days
    ]


def build_week_input(
    session: Session, week: str, settings: Settings, *, keep: Iterable[uuid.UUID] = ()
) -> WeekInput:
    """The routing problem of ``week`` from the store; ``keep``: flags planned whatever happens.

    Raises :class:`PlanningError` for an unknown week, no outreach workers, no office with
    coordinates, no areas, or no geocoded customer.
    """
    iso = _parse_week(week)
    rules = settings.section("rules", RulesSettings)
    keep_ids = set(keep)
    flags = _plannable_flags(session, iso, keep_ids)
    workers = _active_workers(session)
    fallback = session.scalar(
        select(Office).where(Office.lat.is_not(None), Office.lon.is_not(None)).order_by(Office.name)
    )
    offices, start_notes = _worker_starts(workers, fallback)
    division = _stored_division(session)
    area_workers = _area_workers(session, workers)
    points, office_point = _office_points(offices)
    found = _read_customers(flags, keep_ids, division, iso.monday(), rules, points)
    _require_geocoded(found, iso)
    matrix = TravelTimeService(settings.section("geo", GeoSettings)).matrix(points)
    problem = rp.WeekProblem(
        customers=found.customers,
        areas=_problem_areas(division, area_workers),
        workers=_problem_workers(workers, offices, office_point),
        days=_plan_days(session, iso, rules, workers),
        travel=matrix.seconds,
    )
    return WeekInput(
        week=str(iso),
        problem=problem,
        routing=settings.section("routing", RoutingSettings),
        info=found.info,
        blocked=found.blocked,
        no_area=found.no_area,
        worker_names={str(w.id): w.name for w in workers},
        offices=offices,
        points=points,
        notes=start_notes + ((matrix.note,) if matrix.note is not None else ()),
    )


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


def prestart_search() -> None:
    """Start the search's helper processes now, while the user looks at the week, so the
    first plan does not wait for them (the planning window calls it when it opens)."""
    from fieldkit.routing import parallel

    parallel.prestart()
