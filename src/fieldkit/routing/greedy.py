"""A cheap constructive plan that is always feasible: the last resort of the solver.

OR-Tools' first-solution strategies can find nothing when the fleet is tight (every stop
mandatory and hardly room for them all) or the time limit ends before the first solution of a
huge problem. Then this builds routes one vehicle after the other, each time appending the
stop that can be started soonest and still leaves time to get back (windows, shift, reserved
break and capacity are checked on every step, so the plan is feasible by construction). Stops
that fit nowhere stay unplanned; the caller gives them their reason. About n² / 2 vectorised
steps: 1,000 stops take a few tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fieldkit.routing.problem import RoutingProblem, Vehicle


def vehicle_end(vehicle: Vehicle) -> int | None:
    """The latest return of ``vehicle`` with its break reserved (None: no shift end)."""
    if vehicle.shift_end is None:
        return None
    reserve = vehicle.break_.duration if vehicle.break_ is not None else 0
    return max(vehicle.shift_start, vehicle.shift_end - reserve)


def greedy_routes(
    problem: RoutingProblem,
    active: Sequence[int],
    windows: dict[int, tuple[int, int]],
) -> list[list[int]]:
    """Stop indices per vehicle; ``active`` are the stops that may be planned at all and
    ``windows`` their (break-reserved) windows."""
    travel = np.asarray(problem.travel, dtype=np.int64)
    if not active:
        return [[] for _ in problem.vehicles]
    stops = [problem.stops[i] for i in active]
    nodes = np.array([s.node for s in stops], dtype=np.int64)
    service = np.array([s.service for s in stops], dtype=np.int64)
    demand = np.array([s.demand for s in stops], dtype=np.int64)
    big = np.iinfo(np.int64).max // 4
    lo = np.array([windows.get(i, (0, big))[0] for i in active], dtype=np.int64)
    hi = np.array([windows.get(i, (0, big))[1] for i in active], dtype=np.int64)
    left = np.ones(len(active), dtype=bool)
    routes: list[list[int]] = []
    for v, veh in enumerate(problem.vehicles):
        allowed = np.array(
            [s.allowed_vehicles is None or v in s.allowed_vehicles for s in stops], dtype=bool
        )
        routes.append(_one_route(travel, veh, nodes, service, demand, lo, hi, left & allowed))
        for k in routes[-1]:
            left[k] = False
        routes[-1] = [active[k] for k in routes[-1]]
    return routes


def _one_route(
    travel: np.ndarray,
    veh: Vehicle,
    nodes: np.ndarray,
    service: np.ndarray,
    demand: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    open_: np.ndarray,
) -> list[int]:
    """Positions (into ``nodes``) of one vehicle's route, built nearest-start first."""
    end = vehicle_end(veh)
    capacity = veh.capacity
    back = travel[nodes, veh.end]
    back = np.where(nodes == veh.end, 0, back)
    t, here, load = veh.shift_start, veh.start, 0
    order: list[int] = []
    candidates = open_.copy()
    while candidates.any():
        leg = np.where(nodes == here, 0, travel[here, nodes])
        start = np.maximum(t + leg, lo)
        ok = candidates & (start <= hi)
        if end is not None:
            ok &= start + service + back <= end
        if capacity is not None:
            ok &= load + demand <= capacity
        if not ok.any():
            break
        k = int(np.argmin(np.where(ok, start, np.iinfo(np.int64).max)))
        order.append(k)
        candidates[k] = False
        t = int(start[k] + service[k])
        here = int(nodes[k])
        load += int(demand[k])
    return order
