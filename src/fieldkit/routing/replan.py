"""Re-plan from here: re-order the rest of a day from the worker's current position."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fieldkit.routing.planner import customer_stop, day_vehicle
from fieldkit.routing.problem import (
    Break,
    Customer,
    IntMatrix,
    Reason,
    RoutingProblem,
    Solution,
    Stop,
    UnplannedCustomer,
    Vehicle,
    WeekRoute,
    WeekVisit,
)
from fieldkit.routing.settings import RoutingSettings
from fieldkit.routing.solver import solve


def replan_stops(
    travel: IntMatrix,
    here: int,
    now: int,
    stops: Sequence[Stop],
    *,
    end: int,
    shift_end: int | None,
    break_: Break | None = None,
    current_order: Sequence[int] | None = None,
    time_limit: float = 0.5,
) -> Solution:
    """Best order of ``stops`` starting at node ``here`` at ``now`` and ending at ``end``.

    ``break_`` is the break still to take (None if taken). ``current_order`` (stop indices)
    seeds the search so an unchanged situation gives the unchanged order. Stops that no longer
    fit into the day are returned as unplanned with ``NOT_ENOUGH_TIME``.
    """
    vehicle = Vehicle(here, end, now, shift_end, break_)
    problem = RoutingProblem(travel, stops, [vehicle])
    seed = [list(current_order)] if current_order is not None else None
    return solve(problem, time_limit=time_limit, search="fast", initial_routes=seed)


def replan_from_here(
    travel: IntMatrix,
    *,
    here: int,
    now: dt.time | int,
    remaining: Sequence[Customer],
    office: int,
    worker: str,
    date: dt.date,
    settings: RoutingSettings | None = None,
    break_taken: bool = False,
) -> tuple[WeekRoute, tuple[UnplannedCustomer, ...]]:
    """Re-order the ``remaining`` customers of a day from matrix point ``here`` at ``now``.

    Keeps the given order as the starting point; returns the new route and the customers that
    no longer fit (with the reason).
    """
    settings = settings or RoutingSettings()
    start = now if isinstance(now, int) else now.hour * 3600 + now.minute * 60 + now.second
    day = day_vehicle(office, settings, start)
    brk = None if break_taken else day.break_
    if brk is not None and brk.earliest < start:
        brk = Break(start, brk.duration)  # overdue: take it at the next stop
    stops = [customer_stop(c, settings, None) for c in remaining]
    solution = replan_stops(
        travel,
        here,
        start,
        stops,
        end=office,
        shift_end=day.shift_end,
        break_=brk,
        current_order=[i for i, s in enumerate(stops) if s.node is not None],
        time_limit=settings.replan_time_limit_seconds,
    )
    visits: tuple[WeekVisit, ...] = ()
    route_fields: tuple[int, int, int, int, int | None] = (start, start, 0, 0, None)
    if solution.routes:
        r = solution.routes[0]
        visits = tuple(
            WeekVisit(remaining[v.stop].id, v.arrival, v.start, v.departure) for v in r.visits
        )
        route_fields = (r.start_time, r.end_time, r.driving, r.working, r.break_start)
    route = WeekRoute(worker, date, visits, *route_fields)
    unplanned = tuple(
        UnplannedCustomer(
            remaining[u.stop].id,
            Reason.NO_COORDINATES if u.reason is Reason.NO_COORDINATES else Reason.NOT_ENOUGH_TIME,
        )
        for u in solution.unplanned
    )
    return route, unplanned
