"""Re-planning the rest of a day from the current stop.

:func:`compute_replan` is pure and meant for a worker thread, while :func:`replan_input` and
:func:`apply_replan` read and write in the calling thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.week import BERLIN
from fieldkit.geo.matrix import geodesic_travel_matrix
from fieldkit.geo.settings import GeoSettings
from fieldkit.services.access import require, require_own_route
from fieldkit.services.field.day import _route
from fieldkit.services.field.model import OPEN
from fieldkit.services.field.stops import _points, _reorder
from fieldkit.services.office import Identity
from fieldkit.services.setup import own_start
from fieldkit.store.db import Database
from fieldkit.store.models import Office, RouteStop


@dataclass(frozen=True)
class ReplanInput:
    """What re-planning the rest of a day needs; plain data, safe to hand to a thread."""

    route_id: uuid.UUID
    day: date
    worker: str
    current_stop: uuid.UUID | None
    start_seconds: int
    points: tuple[tuple[float, float], ...]  # office, here, then the remaining stops with coords
    remaining: tuple[uuid.UUID, ...]  # in the order of points[2:]
    without_coordinates: tuple[uuid.UUID, ...]
    #: The worker's own hours and break (office setup); empty/None: the planning settings'.
    day_start: str = ""
    day_end: str = ""
    break_minutes: int | None = None


@dataclass(frozen=True)
class ReplanResult:
    """The new order of the open stops with arrival times, and those that no longer fit."""

    route_id: uuid.UUID
    order: tuple[tuple[uuid.UUID, int], ...]  # (stop id, arrival seconds), current stop first
    unplanned: tuple[uuid.UUID, ...]


def replan_input(session: Session, route_id: uuid.UUID, now: datetime) -> ReplanInput:
    """Collect the open stops of a route, starting from the current (first open) one."""
    route = _route(session, route_id)
    open_stops = [s for s in sorted(route.stops, key=lambda s: s.seq) if s.status in OPEN]
    worker = route.worker
    office = worker.office if worker else None
    office = office or session.scalar(select(Office).order_by(Office.created_at))
    # The day ends where it started: the worker's own start address, else the office.
    office_point = (own_start(worker) if worker else None) or (
        (office.lat, office.lon)
        if office is not None and office.lat is not None and office.lon is not None
        else None
    )
    points = _points(open_stops)
    current = open_stops[0] if open_stops else None
    here = points[0] if points else None
    here = here or office_point
    local = now.astimezone(BERLIN)
    start = current.arrival_seconds if current else route.start_seconds
    if local.date() == route.day:
        start = max(start, local.hour * 3600 + local.minute * 60)
    start += current.service_seconds if current else 0
    rest = list(zip(open_stops[1:], points[1:], strict=True))
    with_coords = [(s, p) for s, p in rest if p is not None]
    base = [office_point or here, here or office_point]
    usable = all(p is not None for p in base)
    return ReplanInput(
        route_id=route.id,
        day=route.day,
        worker=route.worker.name if route.worker else "",
        current_stop=current.id if current else None,
        start_seconds=start,
        points=tuple(p for p in [*base, *(p for _, p in with_coords)] if p is not None)
        if usable
        else (),
        remaining=tuple(s.id for s, _ in with_coords) if usable else (),
        without_coordinates=tuple(s.id for s, p in rest if p is None or not usable),
        day_start=worker.start_time if worker else "",
        day_end=worker.end_time if worker else "",
        break_minutes=worker.break_minutes if worker else None,
    )


def compute_replan(
    data: ReplanInput,
    geo: GeoSettings,
    routing: Any = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReplanResult:
    """The best order of the remaining stops from the current one (OR-Tools; no database)."""
    from fieldkit.routing.planner import worker_settings
    from fieldkit.routing.problem import Customer as RoutingCustomer
    from fieldkit.routing.replan import replan_from_here
    from fieldkit.routing.settings import RoutingSettings

    current = ((data.current_stop, data.start_seconds),) if data.current_stop is not None else ()
    if not data.remaining or (cancelled is not None and cancelled()):
        return ReplanResult(data.route_id, current, data.without_coordinates)
    travel = geodesic_travel_matrix(list(data.points), geo).seconds
    customers = [
        RoutingCustomer(id=str(stop_id), point=i + 2, area="")
        for i, stop_id in enumerate(data.remaining)
    ]
    route, unplanned = replan_from_here(
        travel,
        here=1,
        now=data.start_seconds,
        remaining=customers,
        office=0,
        worker=data.worker,
        date=data.day,
        settings=worker_settings(
            routing or RoutingSettings(), data.day_start, data.day_end, data.break_minutes
        ),
    )
    order = current + tuple((uuid.UUID(v.customer), v.arrival) for v in route.visits)
    left = tuple(uuid.UUID(u.customer) for u in unplanned) + data.without_coordinates
    return ReplanResult(data.route_id, order, left)


def apply_replan(
    db: Database,
    result: ReplanResult,
    *,
    identity: Identity,
) -> None:
    """Store the new order; stops that no longer fit keep their place at the end."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        route = _route(session, result.route_id)
        require_own_route(identity, route)
        by_id = {s.id: s for s in route.stops}
        order: list[RouteStop] = []
        for stop_id, arrival in result.order:
            stop = by_id.get(stop_id)
            if stop is not None and stop.status in OPEN:
                stop.arrival_seconds = arrival
                order.append(stop)
        seen = {s.id for s in order}
        order += [by_id[i] for i in result.unplanned if i in by_id and by_id[i].status in OPEN]
        seen |= {s.id for s in order}
        order += [
            s
            for s in sorted(route.stops, key=lambda s: s.seq)
            if s.status in OPEN and s.id not in seen
        ]
        _reorder(route, order)
