"""The stored plan: stops kept on re-planning, writing the planned week, reading it back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions, roles
from fieldkit.domain.week import IsoWeek
from fieldkit.routing import problem as rp
from fieldkit.routing.planner import (
    WeekModel,
    seconds_of,
    worker_settings,
)
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services.access import may_see_flag, require
from fieldkit.services.office import Identity
from fieldkit.services.planning.results import (
    PlanRoute,
    PlanStop,
    StoredPlan,
    UnplannedEntry,
)
from fieldkit.services.planning.week_input import (
    WeekInput,
    priority_of,
    time_window,
    window_text,
)
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
from fieldkit.store.types import utcnow


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


def _break_start(stops: Sequence[PlanStop], routing: RoutingSettings) -> int | None:
    """Where the planner put the break: after the first visit that ends at or after its time."""
    if routing.break_minutes <= 0:
        return None
    earliest = seconds_of(routing.day_start) + round(routing.break_after_hours * 3600)
    return next((s.departure for s in stops if s.departure >= earliest), None)


def _flags_by_id(session: Session, flag_ids: set[uuid.UUID]) -> dict[uuid.UUID, Flag]:
    return {
        f.id: f
        for f in session.scalars(
            select(Flag)
            .where(Flag.id.in_(flag_ids))
            .options(selectinload(Flag.customer).selectinload(Customer.address))
        )
    }


@dataclass(frozen=True)
class _Starts:
    """Where each stored route starts: its worker's own start, else the worker's office."""

    workers: dict[uuid.UUID, OutreachWorker]
    offices: dict[uuid.UUID, Office]
    fallback: Office | None

    @classmethod
    def of(cls, session: Session) -> _Starts:
        offices = {o.id: o for o in session.scalars(select(Office))}
        fallback = next(
            (o for o in sorted(offices.values(), key=lambda o: o.name) if o.lat is not None), None
        )
        workers = {w.id: w for w in session.scalars(select(OutreachWorker))}
        return cls(workers, offices, fallback)

    def start(self, worker: OutreachWorker | None) -> tuple[str, float | None, float | None]:
        office = self.offices.get(worker.office_id) if worker and worker.office_id else None
        if office is None or office.lat is None:
            office = self.fallback
        start = (office.name, office.lat, office.lon) if office else ("", None, None)
        if worker is not None and worker.start_address and worker.start_lat is not None:
            start = (worker.start_address, worker.start_lat, worker.start_lon)
        return start


def _plan_route(
    r: Route, stops: tuple[PlanStop, ...], starts: _Starts, routing: RoutingSettings
) -> PlanRoute:
    worker = starts.workers.get(r.worker_id) if r.worker_id else None
    own = routing
    if worker is not None:
        own = worker_settings(routing, worker.start_time, worker.end_time, worker.break_minutes)
    start = starts.start(worker)
    return PlanRoute(
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


def _unplanned_entries(row: RoutePlan, flags: dict[uuid.UUID, Flag]) -> list[UnplannedEntry]:
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
    return unplanned


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
    flags = _flags_by_id(session, flag_ids)
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    starts = _Starts.of(session)
    monday = IsoWeek.parse(week).monday()
    routes: list[PlanRoute] = []
    for r in row.routes:
        stops = tuple(
            _plan_stop(s, flags[s.flag_id], visited, monday)
            for s in sorted(r.stops, key=lambda s: s.seq)
        )
        routes.append(_plan_route(r, stops, starts, routing))
    routes.sort(key=lambda x: (x.day, x.worker))
    return StoredPlan(
        week=row.visit_week,
        planned_at=row.planned_at,
        time_limit=row.time_limit,
        driving=row.total_driving,
        routes=tuple(routes),
        unplanned=tuple(_unplanned_entries(row, flags)),
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
