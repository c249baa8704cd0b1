"""The generic solver: known optima, limits never violated, determinism, reasons, pins."""

from __future__ import annotations

import itertools
import math
import threading

import numpy as np
import pytest

from fieldkit.routing.check import check_route, check_solution
from fieldkit.routing.problem import (
    Break,
    Pin,
    Progress,
    Reason,
    RoutingProblem,
    Solution,
    Stop,
    Unplanned,
    Vehicle,
)
from fieldkit.routing.solver import _Model, schedule, solve

H = 3600

# Time limits: the smallest that still lets the search run (every property below holds for
# any plan the solver returns, and the optimum of the small tours is found within 0.01-0.2 s
# on this machine; 0.3 s on the 90-stop days still sees 30-170 improving solutions). They
# were 1 s each, half of this file's time.


def euclid_matrix(points: np.ndarray, scale: float = 1.0) -> np.ndarray:
    diff = points[:, None, :] - points[None, :, :]
    out: np.ndarray = np.rint(np.sqrt((diff**2).sum(axis=2)) * scale).astype(np.int64)
    return out


def tour_cost(m: np.ndarray, tour: list[int]) -> int:
    closed = [0, *tour, 0]
    return int(sum(m[a, b] for a, b in itertools.pairwise(closed)))


def test_points_on_a_circle_are_visited_in_circle_order() -> None:
    n = 12
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
    rng = np.random.default_rng(3)
    order = rng.permutation(n)  # node k sits at angle order[k]; node 0 is the depot
    points = np.stack([np.cos(angles[order]), np.sin(angles[order])], axis=1) * 1000
    m = euclid_matrix(points)
    stops = [Stop(i, mandatory=True) for i in range(1, n)]
    sol = solve(RoutingProblem(m, stops, [Vehicle(0, 0)]), time_limit=0.3, search="gls")
    tour = [stops[i].node for i in sol.routes[0].stops]
    assert tour is not None
    by_angle = sorted(range(1, n), key=lambda k: (order[k] - order[0]) % n)
    assert tour in (by_angle, by_angle[::-1])
    assert sol.cost == tour_cost(m, by_angle)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_tour_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = euclid_matrix(rng.random((8, 2)) * 1000)
    best = min(tour_cost(m, list(p)) for p in itertools.permutations(range(1, 8)))
    stops = [Stop(i, mandatory=True) for i in range(1, 8)]
    sol = solve(RoutingProblem(m, stops, [Vehicle(0, 0)]), time_limit=0.5)
    assert sol.cost == best
    assert not check_solution(RoutingProblem(m, stops, [Vehicle(0, 0)]), sol)


def busy_day(seed: int, n: int = 40, vehicles: int = 3) -> RoutingProblem:
    """Random stops 20 km around an office, 8-h shifts, windows on every third stop."""
    rng = np.random.default_rng(seed)
    pts = rng.random((n + 1, 2)) * 20_000  # metres
    travel = euclid_matrix(pts, scale=1.3 / (50 / 3.6))
    stops = []
    for i in range(1, n + 1):
        window = None
        if i % 3 == 0:
            lo = int(rng.integers(8, 14)) * H
            window = (lo, lo + int(rng.integers(1, 3)) * H)
        stops.append(Stop(i, service=15 * 60, window=window, priority=int(i % 7 == 0)))
    veh = Vehicle(0, 0, 8 * H, 16 * H, Break(12 * H, 30 * 60))
    return RoutingProblem(travel, stops, [veh] * vehicles)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_working_time_windows_and_break_are_never_violated(seed: int) -> None:
    problem = busy_day(seed, n=90)
    sol = solve(problem, time_limit=0.3)
    assert check_solution(problem, sol) == []
    for route in sol.routes:
        assert route.end_time <= 16 * H
        if route.working > 6 * H:
            assert route.break_start is not None
        for visit in route.visits:
            window = problem.stops[visit.stop].window
            if window:
                assert window[0] <= visit.start <= window[1]
    # An over-full day: some stops must be left out, each with a reason.
    assert sol.unplanned
    assert {u.reason for u in sol.unplanned} == {Reason.NOT_ENOUGH_TIME}


def test_same_input_gives_the_same_routes() -> None:
    problem = busy_day(7, n=30)
    runs = [solve(problem, time_limit=5, solution_limit=300) for _ in range(2)]
    assert [r.stops for r in runs[0].routes] == [r.stops for r in runs[1].routes]
    assert runs[0].cost == runs[1].cost
    assert runs[0].unplanned == runs[1].unplanned


def test_every_unplanned_stop_has_its_reason() -> None:
    m = euclid_matrix(np.array([[0, 0], [100, 0], [200, 0], [300, 0], [400, 0]]))
    stops = [
        Stop(1, service=60),
        Stop(None, service=60),  # not geocoded
        Stop(2, service=60, allowed_vehicles=(5,)),  # no such vehicle
        Stop(3, service=60, window=(20 * H, 21 * H)),  # after the shift
        Stop(4, service=60),
    ]
    veh = Vehicle(0, 0, 8 * H, 16 * H)
    sol = solve(RoutingProblem(m, stops, [veh]), time_limit=0.2)
    reasons = {u.stop: u.reason for u in sol.unplanned}
    assert reasons == {
        1: Reason.NO_COORDINATES,
        2: Reason.NO_VEHICLE,
        3: Reason.NOT_ENOUGH_TIME,
    }
    assert sorted(sol.routes[0].stops) == [0, 4]


def test_higher_priority_is_dropped_last() -> None:
    # Two stops far away, time for only one: the priority one must be kept.
    m = euclid_matrix(np.array([[0, 0], [0, 3000], [3000, 0]]))
    stops = [Stop(1, service=600), Stop(2, service=600, priority=1)]
    veh = Vehicle(0, 0, 0, 7000)
    sol = solve(RoutingProblem(m, stops, [veh]), time_limit=0.2)
    assert sol.routes[0].stops == [1]
    assert [(u.stop, u.reason) for u in sol.unplanned] == [(0, Reason.NOT_ENOUGH_TIME)]


def test_allowed_vehicles_are_respected() -> None:
    problem = busy_day(5, n=20, vehicles=2)
    stops = [
        Stop(s.node, s.service, s.window, s.priority, allowed_vehicles=(i % 2,))
        for i, s in enumerate(problem.stops)
    ]
    problem = RoutingProblem(problem.travel, stops, problem.vehicles)
    sol = solve(problem, time_limit=0.3)
    assert check_solution(problem, sol) == []
    for route in sol.routes:
        assert all(i % 2 == route.vehicle for i in route.stops)


def test_pinned_stops_stay_where_the_user_put_them() -> None:
    problem = busy_day(11, n=24, vehicles=2)
    # Step limits, not time: the same plans on a busy machine as on an idle one (0.1 s here).
    free = solve(problem, time_limit=10, solution_limit=100)
    on_0 = next(r for r in free.routes if r.vehicle == 0).stops
    mover = on_0[0]
    pins = [Pin(mover, 1, 2), Pin(on_0[1], 1)]
    seed = [next((r.stops for r in free.routes if r.vehicle == v), []) for v in range(2)]
    sol = solve(problem, time_limit=10, solution_limit=100, pins=pins, initial_routes=seed)
    assert check_solution(problem, sol, pins) == []
    route_1 = next(r for r in sol.routes if r.vehicle == 1).stops
    assert route_1.index(mover) == 2
    assert on_0[1] in route_1


def test_impossible_pin_is_reported() -> None:
    problem = busy_day(12, n=10, vehicles=1)
    sol = solve(problem, time_limit=0.2, pins=[Pin(0, 3)])
    assert (0, Reason.PIN_NOT_POSSIBLE) in [(u.stop, u.reason) for u in sol.unplanned]
    assert check_solution(problem, sol) == []


def test_progress_is_reported_and_cancel_keeps_the_best_plan() -> None:
    problem = busy_day(13, n=50)
    seen: list[Progress] = []
    stop = threading.Event()

    def progress(p: Progress) -> None:
        seen.append(p)
        if len(seen) >= 3:
            stop.set()

    sol = solve(problem, time_limit=30, search="gls", on_progress=progress, cancel=stop)
    assert sol.cancelled
    assert sol.seconds < 10
    assert len(seen) >= 3
    costs = [p.best_objective for p in seen]
    assert costs == sorted(costs, reverse=True)
    assert sol.objective <= costs[-1]
    assert check_solution(problem, sol) == []
    assert sol.routes


def test_cancel_before_the_first_solution_still_returns_that_solution() -> None:
    problem = busy_day(14, n=40)
    sol = solve(problem, time_limit=30, search="gls", cancel=lambda: True)
    assert sol.cancelled
    assert sol.seconds < 10
    assert check_solution(problem, sol) == []
    assert sol.routes
    assert sum(len(r.stops) for r in sol.routes) + len(sol.unplanned) == 40


def _roomy_day(late: int | None = None) -> RoutingProblem:
    """Ten stops without windows, two 8-h shifts: any order of a few stops fits (``late``: a
    stop whose window opens after the shifts end)."""
    rng = np.random.default_rng(7)
    pts = rng.random((11, 2)) * 10_000
    travel = euclid_matrix(pts, scale=1.3 / (50 / 3.6))
    stops = [
        Stop(i, service=15 * 60, window=(20 * H, 21 * H) if i - 1 == late else None)
        for i in range(1, 11)
    ]
    return RoutingProblem(travel, stops, [Vehicle(0, 0, 8 * H, 16 * H)] * 2)


def _cut_short(problem: RoutingProblem, routes: dict[int, list[int]], left: list[int]) -> Solution:
    """A plan as a search that ended early returns it: the pinned stops left out."""
    made = tuple(schedule(problem, v, order) for v, order in sorted(routes.items()) if order)
    return Solution(
        routes=made,
        unplanned=tuple(Unplanned(s, Reason.PIN_NOT_POSSIBLE) for s in left),
        cost=sum(r.cost for r in made),
        objective=10**12,
        seconds=0.0,
    )


def test_a_pin_the_search_had_no_time_for_goes_where_the_user_put_it() -> None:
    """A search cut short (a short limit on a busy machine) can end with a pinned stop left
    out: it was then reported as impossible although it fits where the user put it."""
    problem = _roomy_day()
    pins = [Pin(3, 1, 2), Pin(5, 0)]
    model = _Model(problem, pins)
    cut = _cut_short(problem, {0: [0, 1, 2], 1: [4, 6, 7, 8, 9]}, [3, 5])
    assert check_solution(problem, cut, pins) == []  # valid, only worse than it need be
    fixed = model._placed_pins(cut)
    assert fixed.unplanned == ()
    assert check_solution(problem, fixed, pins) == []
    by_vehicle = {r.vehicle: r.stops for r in fixed.routes}
    assert by_vehicle[1] == [4, 6, 3, 7, 8, 9]
    # No position: the cheapest place in its route.
    tries = [[*[0, 1, 2][:at], 5, *[0, 1, 2][at:]] for at in range(4)]
    assert by_vehicle[0] == min(tries, key=lambda order: schedule(problem, 0, order).cost)
    assert fixed.cost == sum(r.cost for r in fixed.routes) > cut.cost
    assert fixed.objective < cut.objective  # two dropped pins' penalties less the detour


def test_a_pin_that_does_not_fit_where_it_was_put_stays_reported() -> None:
    problem = _roomy_day(late=3)
    # 3: its window opens after the shift; 4: position 9 of a four-stop route; 5 and 6 both
    # first on route 1: 5 goes there, 6 would push it off its place.
    pins = [Pin(3, 1, 0), Pin(4, 0, 9), Pin(5, 1, 0), Pin(6, 1, 0)]
    model = _Model(problem, pins)
    cut = _cut_short(problem, {0: [0, 7, 8, 9], 1: [1, 2]}, [3, 4, 5, 6])
    assert check_solution(problem, cut, pins) == []
    fixed = model._placed_pins(cut)
    assert [(u.stop, u.reason) for u in fixed.unplanned] == [
        (3, Reason.PIN_NOT_POSSIBLE),
        (4, Reason.PIN_NOT_POSSIBLE),
        (6, Reason.PIN_NOT_POSSIBLE),
    ]
    assert {r.vehicle: r.stops for r in fixed.routes}[1] == [5, 1, 2]
    assert check_solution(problem, fixed, pins) == []


def _short_shifts(n: int = 7) -> RoutingProblem:
    """``n`` stops of an hour each close to the office; two 8-12 shifts of three visits."""
    pts = np.array([[0, 0], [300, 0], [0, 300], [300, 300], [600, 0], [0, 600], [600, 600],
                    [400, 200]])  # fmt: skip
    travel = euclid_matrix(pts, scale=1.3 / (50 / 3.6))
    stops = [Stop(i, service=H) for i in range(1, n + 1)]
    return RoutingProblem(travel, stops, [Vehicle(0, 0, 8 * H, 12 * H)] * 2)


def test_a_pin_on_a_full_route_moves_one_stop_to_a_route_with_room() -> None:
    """The user pinned a stop to a full route and the search ended before it had moved
    another stop away: the repair takes the cheapest one out and plans it elsewhere."""
    problem = _short_shifts(5)
    pins = [Pin(4, 1)]
    model = _Model(problem, pins)
    cut = _cut_short(problem, {0: [0], 1: [1, 2, 3]}, [4])
    assert check_route(problem, schedule(problem, 1, [1, 2, 3, 4]))  # too full as it is
    fixed = model._placed_pins(cut)
    assert fixed.unplanned == ()
    assert check_solution(problem, fixed, pins) == []
    by_vehicle = {r.vehicle: r.stops for r in fixed.routes}
    assert 4 in by_vehicle[1]
    assert len(by_vehicle[1]) == 3
    moved = ({1, 2, 3} - set(by_vehicle[1])).pop()
    assert sorted(by_vehicle[0]) == sorted([0, moved])
    assert fixed.objective < cut.objective


def test_a_stop_that_makes_room_and_fits_nowhere_else_is_unplanned_for_lack_of_time() -> None:
    problem = _short_shifts()
    model = _Model(problem, [Pin(6, 1)])
    cut = _cut_short(problem, {0: [0, 4, 5], 1: [1, 2, 3]}, [6])
    fixed = model._placed_pins(cut)
    assert check_solution(problem, fixed, [Pin(6, 1)]) == []
    assert 6 in {r.vehicle: r.stops for r in fixed.routes}[1]
    [out] = fixed.unplanned
    assert out.stop in {1, 2, 3}
    assert out.reason is Reason.NOT_ENOUGH_TIME
    assert fixed.objective < cut.objective  # a stop's penalty against a pin's
    # The other stops of that route pinned too: nothing may leave, the pin stays refused.
    pinned = [Pin(1, 1), Pin(2, 1), Pin(3, 1), Pin(6, 1)]
    kept = _Model(problem, pinned)._placed_pins(cut)
    assert [(u.stop, u.reason) for u in kept.unplanned] == [(6, Reason.PIN_NOT_POSSIBLE)]
    assert kept.routes == cut.routes


def test_a_long_pinned_visit_moves_two_stops_when_one_does_not_make_room() -> None:
    short = _short_shifts(5)
    long_visit = Stop(5, service=2 * H)  # two hours: one stop leaving is not enough room
    problem = RoutingProblem(short.travel, [*short.stops[:4], long_visit], short.vehicles)
    pins = [Pin(4, 1)]
    cut = _cut_short(problem, {0: [0], 1: [1, 2, 3]}, [4])
    fixed = _Model(problem, pins)._placed_pins(cut)
    assert fixed.unplanned == ()
    assert check_solution(problem, fixed, pins) == []
    by_vehicle = {r.vehicle: r.stops for r in fixed.routes}
    assert len(by_vehicle[1]) == 2
    assert 4 in by_vehicle[1]
    assert len(by_vehicle[0]) == 3  # the office's own stop and the two that made room
    assert fixed.objective < cut.objective
