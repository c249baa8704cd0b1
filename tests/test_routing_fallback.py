"""Never empty: tight fleets, too few vehicles, no time for a first solution (issue 20, 1)."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pytest

from fieldkit.routing.check import check_solution
from fieldkit.routing.geodesic import travel_time_matrix
from fieldkit.routing.greedy import greedy_routes
from fieldkit.routing.planner import plan_week
from fieldkit.routing.problem import (
    Area,
    Break,
    Customer,
    PlanDay,
    Reason,
    RoutingProblem,
    Solution,
    Stop,
    Unplanned,
    Vehicle,
    WeekProblem,
    Worker,
)
from fieldkit.routing.settings import RoutingSettings
from fieldkit.routing.solver import schedule, solve

H = 3600


def matrix(points: np.ndarray) -> np.ndarray:
    diff = points[:, None, :] - points[None, :, :]
    out: np.ndarray = np.floor(np.sqrt((diff**2).sum(axis=2)) + 0.5).astype(np.int64)
    return out


def tight_cvrp(n: int, seed: int, fill: float = 0.97) -> RoutingProblem:
    """Uchoa-X-like: random customers, demands 1–100, as few vehicles as the demand allows."""
    rng = np.random.default_rng(seed)
    pts = rng.integers(0, 1000, size=(n + 1, 2)).astype(float)
    demand = rng.integers(1, 101, size=n)
    k = max(1, round(int(demand.sum()) / (fill * 200)))
    capacity = int(np.ceil(int(demand.sum()) / (k * fill)))
    stops = [Stop(i + 1, demand=int(demand[i]), mandatory=True) for i in range(n)]
    return RoutingProblem(matrix(pts), stops, [Vehicle(0, 0, capacity=capacity)] * k)


def short_vrptw(n: int, vehicles: int, seed: int) -> RoutingProblem:
    """Customers with windows and every stop mandatory, but too few vehicles for them all."""
    rng = np.random.default_rng(seed)
    pts = rng.random((n + 1, 2)) * 30_000
    travel = np.rint(matrix(pts) / 10).astype(np.int64)
    stops = []
    for i in range(1, n + 1):
        lo = int(rng.integers(8, 14)) * H
        stops.append(Stop(i, service=1200, window=(lo, lo + 2 * H), mandatory=True))
    veh = Vehicle(0, 0, 8 * H, 16 * H, Break(12 * H, 1800))
    return RoutingProblem(travel, stops, [veh] * vehicles)


def assert_complete(problem: RoutingProblem, solution: Solution) -> None:
    assert check_solution(problem, solution) == []
    planned = {s for r in solution.routes for s in r.stops}
    assert planned.isdisjoint({u.stop for u in solution.unplanned})
    assert len(planned) + len(solution.unplanned) == len(problem.stops)
    assert all(isinstance(u.reason, Reason) for u in solution.unplanned)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_tight_fleet_still_gets_a_plan(seed: int) -> None:
    problem = tight_cvrp(60, seed)
    t0 = time.perf_counter()
    # 1 s (was 2 s): every stop planned at 0.5, 1 and 2 s alike here (the test allows 3 out).
    solution = solve(problem, time_limit=1, search="cvrp")
    assert time.perf_counter() - t0 < 1 + 1.5  # helper start and grace at most
    assert solution.routes
    assert_complete(problem, solution)
    # Nearly all of the demand is carried: a tight fleet is not an excuse to plan little.
    assert len(solution.unplanned) <= 3


def test_too_few_vehicles_for_the_windows_plans_what_fits() -> None:
    problem = short_vrptw(60, 2, seed=3)
    # Feasibility and the reasons hold for any plan: 0.5 s of search (was 2 s) is enough.
    solution = solve(problem, time_limit=0.5, search="vrptw")
    assert solution.routes
    assert_complete(problem, solution)
    assert solution.unplanned  # two vehicles cannot do 60 visits of 20 minutes
    assert {u.reason for u in solution.unplanned} == {Reason.NOT_ENOUGH_TIME}


def test_no_time_for_a_first_solution_gives_the_greedy_plan() -> None:
    problem = short_vrptw(400, 30, seed=4)
    t0 = time.perf_counter()
    solution = solve(problem, time_limit=0.05, search="ils_single")
    assert time.perf_counter() - t0 < 3  # building the model dominates; no search
    assert solution.routes
    assert_complete(problem, solution)


@pytest.mark.parametrize("seed", range(5))
def test_the_greedy_plan_is_always_feasible(seed: int) -> None:
    rng = np.random.default_rng(seed)
    problem = short_vrptw(50, 3, seed)
    stops = [
        Stop(s.node, s.service, s.window if rng.random() < 0.5 else None, demand=int(d))
        for s, d in zip(problem.stops, rng.integers(0, 5, size=50), strict=True)
    ]
    veh = Vehicle(0, 0, 8 * H, 15 * H, Break(11 * H, 2700), capacity=40)
    problem = RoutingProblem(problem.travel, stops, [veh] * 3)
    windows = {i: s.window for i, s in enumerate(stops) if s.window is not None}
    reserved = {i: (lo, hi - 2700 if hi >= 11 * H else hi) for i, (lo, hi) in windows.items()}
    orders = greedy_routes(problem, list(range(len(stops))), reserved)
    routes = tuple(schedule(problem, v, o) for v, o in enumerate(orders) if o)
    planned = {s for r in routes for s in r.stops}
    assert planned  # something always fits in a 7-hour day
    unplanned = tuple(Unplanned(i, Reason.NOT_ENOUGH_TIME) for i in range(50) if i not in planned)
    assert check_solution(problem, Solution(routes, unplanned, 0, 0, 0.0)) == []


def test_hostile_inputs_never_fail() -> None:
    travel = np.zeros((3, 3), dtype=np.int64)
    nothing = RoutingProblem(travel, [], [Vehicle(0, 0)])
    assert solve(nothing, time_limit=0.5).routes == ()
    no_vehicle = RoutingProblem(travel, [Stop(1, mandatory=True)], [])
    assert [u.reason for u in solve(no_vehicle, time_limit=0.5).unplanned] == [Reason.NO_VEHICLE]
    impossible = RoutingProblem(
        travel + 10 * H,
        [Stop(1, window=(9 * H, 10 * H), mandatory=True), Stop(2, demand=500, mandatory=True)],
        [Vehicle(0, 0, 8 * H, 16 * H, capacity=10)],
    )
    solution = solve(impossible, time_limit=0.5, search="cvrp")
    assert solution.routes == ()
    assert [u.stop for u in solution.unplanned] == [0, 1]


def test_a_week_with_one_worker_ill_plans_the_rest() -> None:
    rng = np.random.default_rng(7)
    office = (53.55, 10.0)
    coords = [office] + [
        (office[0] + rng.normal(0, 0.05), office[1] + rng.normal(0, 0.08)) for _ in range(120)
    ]
    monday = dt.date(2026, 11, 23)
    days = [PlanDay(monday + dt.timedelta(days=k)) for k in range(5)]
    customers = [Customer(f"KD{i:03d}", i, "A") for i in range(1, 121)]
    workers = [Worker(w, frozenset(range(1, 6)), 0) for w in ("W1", "W2")]
    week = WeekProblem(
        customers,
        [Area("A", frozenset(range(1, 6)))],
        workers,
        days,
        travel_time_matrix(coords, detour=1.3, speed_kmh=30),
        absent=frozenset(("W2", d.date) for d in days),
    )
    plan = plan_week(week, RoutingSettings(time_limit_seconds=1.0))  # was 2 s; 112-114 planned
    assert plan.routes
    assert {r.worker for r in plan.routes} == {"W1"}
    planned = sum(len(r.visits) for r in plan.routes)
    assert planned >= 40
    assert planned + len(plan.unplanned) == 120
    assert {u.reason for u in plan.unplanned} == {Reason.NOT_ENOUGH_TIME}
