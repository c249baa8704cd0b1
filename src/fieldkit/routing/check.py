"""An independent check of a solution against its problem, not trusting the solver.

Recomputes every leg from the matrix and checks order, times, windows, shift, break,
capacity, allowed vehicles and fixed choices. Used by the tests and the benchmark, and
useful to validate a stored plan after the user edited it by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from fieldkit.routing.problem import Pin, RoutingProblem, Solution

ARBZG_BREAK_AFTER = 6 * 3600  # § 4 ArbZG: more than six hours of work need a break


def check_solution(
    problem: RoutingProblem, solution: Solution, pins: Sequence[Pin] = ()
) -> list[str]:
    """All violations found, as readable English lines; empty when the solution is valid."""
    errors: list[str] = []
    seen = Counter[int]()
    for route in solution.routes:
        seen.update(route.stops)
        errors += check_route(problem, route)
    seen.update(u.stop for u in solution.unplanned)
    for i in range(len(problem.stops)):
        if seen[i] != 1:
            errors.append(f"stop {i} appears {seen[i]} times in routes and unplanned list")
    extra = set(seen) - set(range(len(problem.stops)))
    if extra:
        errors.append(f"unknown stops {sorted(extra)}")
    by_vehicle = {r.vehicle: r.stops for r in solution.routes}
    for pin in pins:
        order = by_vehicle.get(pin.vehicle, [])
        if pin.stop in {u.stop for u in solution.unplanned}:
            continue  # reported as impossible, which is allowed
        if pin.stop not in order:
            errors.append(f"pinned stop {pin.stop} not on vehicle {pin.vehicle}")
        elif pin.position is not None and order.index(pin.stop) != pin.position:
            errors.append(f"pinned stop {pin.stop} at {order.index(pin.stop)}, not {pin.position}")
    return errors


def check_route(problem: RoutingProblem, route: object) -> list[str]:
    from fieldkit.routing.problem import Route

    assert isinstance(route, Route)
    errors: list[str] = []
    veh = problem.vehicles[route.vehicle]
    travel = problem.travel
    where = f"vehicle {route.vehicle}"
    here = veh.start
    t = route.start_time
    if t < veh.shift_start:
        errors.append(f"{where} starts before its shift")
    driving = 0
    load = 0
    break_seen = False
    brk = veh.break_
    for visit in route.visits:
        stop = problem.stops[visit.stop]
        if stop.node is None:
            errors.append(f"{where}: stop {visit.stop} has no node")
            continue
        if stop.allowed_vehicles is not None and route.vehicle not in stop.allowed_vehicles:
            errors.append(f"{where}: stop {visit.stop} not allowed on this vehicle")
        if (
            brk is not None
            and route.break_start is not None
            and not break_seen
            and t <= route.break_start < visit.arrival
        ):
            # The break is taken here, before driving on.
            t = route.break_start + brk.duration
            break_seen = True
        leg = 0 if here == stop.node else int(travel[here, stop.node])
        driving += leg
        if visit.arrival < t + leg:
            errors.append(f"{where}: stop {visit.stop} reached before it can be")
        if visit.start < visit.arrival:
            errors.append(f"{where}: stop {visit.stop} served before arrival")
        if stop.window is not None:
            lo, hi = stop.window
            if visit.start < lo or visit.start > hi:
                errors.append(f"{where}: stop {visit.stop} at {visit.start} outside [{lo}, {hi}]")
        if visit.departure != visit.start + stop.service:
            errors.append(f"{where}: stop {visit.stop} service time wrong")
        load += stop.demand
        t = visit.departure
        here = stop.node
    if brk is not None and route.break_start is not None and not break_seen:
        if route.break_start < t:
            errors.append(f"{where}: break overlaps a visit")
        t = max(t, route.break_start + brk.duration)
        break_seen = True
    leg = 0 if here == veh.end else int(travel[here, veh.end])
    driving += leg
    if route.end_time < t + leg:
        errors.append(f"{where}: back at the end before it can be")
    if veh.shift_end is not None and route.end_time > veh.shift_end:
        errors.append(f"{where}: ends at {route.end_time} after the shift end {veh.shift_end}")
    if driving != route.driving:
        errors.append(f"{where}: driving {route.driving} reported, {driving} recomputed")
    if route.working != route.end_time - route.start_time:
        errors.append(f"{where}: working time inconsistent")
    if brk is not None and route.working > ARBZG_BREAK_AFTER and not break_seen:
        errors.append(f"{where}: works {route.working} s without a break")
    if veh.capacity is not None and load > veh.capacity:
        errors.append(f"{where}: load {load} over capacity {veh.capacity}")
    return errors
