"""Group re-solving of big plans: never worse than the first pass, limits and pins kept."""

from __future__ import annotations

import numpy as np

from fieldkit.routing.check import check_solution
from fieldkit.routing.decompose import DecomposeSettings, solve_decomposed, worth_decomposing
from fieldkit.routing.problem import Break, Pin, Progress, RoutingProblem, Stop, Vehicle

H = 3600


def clustered_problem(n: int = 72, vehicles: int = 6, seed: int = 5) -> RoutingProblem:
    """Six clusters of stops around a depot; seconds of driving, 15 min per visit."""
    rng = np.random.default_rng(seed)
    centres = rng.random((vehicles, 2)) * 40_000
    points = np.vstack(
        [[20_000, 20_000]] + [centres[i % vehicles] + rng.normal(0, 2500, 2) for i in range(n)]
    )
    diff = points[:, None, :] - points[None, :, :]
    travel = np.rint(np.sqrt((diff**2).sum(axis=2)) / 13.9).astype(np.int64)  # 50 km/h
    stops = [Stop(i, service=15 * 60) for i in range(1, n + 1)]
    day = Vehicle(0, 0, 8 * H, 16 * H, Break(12 * H, 30 * 60))
    return RoutingProblem(travel, stops, [day] * vehicles)


SMALL = DecomposeSettings(first_share=0.3, group_size=3, group_seconds=0.15, min_routes=4)


def test_big_enough_problems_are_decomposed_small_ones_are_not() -> None:
    assert worth_decomposing(clustered_problem(), DecomposeSettings(min_stops=50))
    assert not worth_decomposing(clustered_problem(n=20), DecomposeSettings())
    assert not worth_decomposing(clustered_problem(vehicles=3), DecomposeSettings())


def test_result_is_feasible_complete_and_reports_progress() -> None:
    problem = clustered_problem()
    seen: list[Progress] = []
    sol = solve_decomposed(problem, time_limit=2.0, settings=SMALL, on_progress=seen.append)
    assert check_solution(problem, sol) == []
    planned = sorted(s for r in sol.routes for s in r.stops)
    assert planned == list(range(len(problem.stops)))
    assert not sol.unplanned
    assert sol.cost == sum(r.cost for r in sol.routes)
    # Progress only ever reports a better plan.
    costs = [p.best_cost for p in seen]
    assert costs
    assert costs[-1] >= sol.cost


def test_pinned_stops_stay_with_their_route() -> None:
    problem = clustered_problem()
    pins = [Pin(0, 4), Pin(7, 1)]
    sol = solve_decomposed(problem, time_limit=2.0, settings=SMALL, pins=pins)
    assert check_solution(problem, sol) == []
    where = {s: r.vehicle for r in sol.routes for s in r.stops}
    assert where[0] == 4
    assert where[7] == 1


def test_cancel_before_start_returns_at_once() -> None:
    problem = clustered_problem()
    sol = solve_decomposed(problem, time_limit=5.0, settings=SMALL, cancel=lambda: True)
    assert sol.seconds < 5.0
    assert sol.cancelled


def test_stops_keep_to_their_allowed_routes_when_groups_are_resolved() -> None:
    # As in a week with areas: each stop may only go on some worker-days.
    base = clustered_problem()
    stops = [
        Stop(s.node, service=s.service, allowed_vehicles=(i % 3, 3 + i % 3))
        for i, s in enumerate(base.stops)
    ]
    problem = RoutingProblem(base.travel, stops, base.vehicles)
    sol = solve_decomposed(problem, time_limit=2.0, settings=SMALL)
    assert check_solution(problem, sol) == []
    for route in sol.routes:
        for s in route.stops:
            assert route.vehicle in (s % 3, 3 + s % 3)
