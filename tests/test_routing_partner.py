"""PyVRP as the partner engine: what it can express, checked plans, a clean fallback."""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np
import pytest

from fieldkit.routing import parallel, partner
from fieldkit.routing.check import check_solution
from fieldkit.routing.problem import Break, Pin, RoutingProblem, Stop, Vehicle
from fieldkit.routing.search import PROFILES, SearchProfile
from fieldkit.routing.solver import solve

# The planner's helper processes are what these tests are about (tests/conftest.py).
pytestmark = pytest.mark.routing_helpers

H = 3600
needs_pyvrp = pytest.mark.skipif(not partner.available(), reason="pyvrp not installed")
needs_helper = pytest.mark.skipif(not parallel.enabled(), reason="no second core here")
FIRST_ONLY = SearchProfile("PATH_CHEAPEST_ARC", "GREEDY_DESCENT", "solution_limit: 1")


def office_week(seed: int, n: int = 60) -> RoutingProblem:
    """Two offices (nodes 0 and 1), four routes with own shifts and breaks, windows,
    priorities, capacities and stops that only some routes may take."""
    rng = np.random.default_rng(seed)
    pts = rng.random((n + 2, 2)) * 25_000
    diff = pts[:, None, :] - pts[None, :, :]
    travel = np.rint(np.sqrt((diff**2).sum(axis=2)) / 8).astype(np.int64)
    stops = []
    for i in range(2, n + 2):
        window = (10 * H, 13 * H) if i % 5 == 0 else None
        allowed = (0, 1) if i % 3 == 0 else ((2, 3) if i % 3 == 1 else None)
        stops.append(Stop(i, 900, window, priority=i % 2, allowed_vehicles=allowed, demand=1))
    vehicles = [
        Vehicle(0, 0, 8 * H, 16 * H, Break(12 * H, 1800), capacity=20),
        Vehicle(1, 1, 7 * H, 12 * H, None, capacity=20),
        Vehicle(0, 1, 9 * H, 17 * H, Break(12 * H, 2700), capacity=20),
        Vehicle(1, 0, 8 * H, 15 * H, Break(11 * H, 1800), capacity=20),
    ]
    return RoutingProblem(travel, stops, vehicles)


@needs_pyvrp
@pytest.mark.parametrize("seed", [1, 2])
def test_the_partner_plan_keeps_every_rule(seed: int) -> None:
    problem = office_week(seed)
    assert partner.expressible(problem)
    found = partner.solve_partner(problem, time_limit=0.5)  # was 1 s: rules hold for any plan
    assert found is not None
    assert check_solution(problem, found) == []  # windows, shifts, breaks, allowed, capacity
    planned = {s for r in found.routes for s in r.stops}
    assert len(planned) + len(found.unplanned) == len(problem.stops)
    assert len(planned) > len(problem.stops) // 2
    for route in found.routes:
        veh = problem.vehicles[route.vehicle]
        first, last = route.stops[0], route.stops[-1]
        leg = problem.travel[veh.start, problem.stops[first].node]
        assert route.visits[0].arrival == route.start_time + leg
        assert (
            route.end_time
            >= route.visits[-1].departure + problem.travel[problem.stops[last].node, veh.end]
        )


def test_pins_and_seeds_stay_with_or_tools() -> None:
    problem = office_week(3, n=10)
    assert not partner.expressible(problem, [Pin(0, 2)])
    assert not partner.expressible(problem, (), [[0], [], [], []])
    empty = RoutingProblem(problem.travel, [], problem.vehicles)
    assert not partner.expressible(empty)


def test_without_pyvrp_the_or_tools_partner_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyvrp", None)  # import pyvrp now raises ImportError
    assert not partner.available()
    problem = office_week(4, n=30)
    assert partner.solve_partner(problem, time_limit=0.5) is None
    plan = solve(problem, time_limit=0.5, search="ils")  # was 1 s
    assert check_solution(problem, plan) == []
    assert plan.routes


@needs_pyvrp
@needs_helper
def test_the_better_plan_of_the_two_engines_wins() -> None:
    problem = office_week(5)
    assert parallel.warm_up()
    weak = solve(problem, time_limit=1.5, search=FIRST_ONLY)
    both = solve(
        problem,
        time_limit=1.5,
        search=SearchProfile(
            FIRST_ONLY.first_solution,
            FIRST_ONLY.metaheuristic,
            FIRST_ONLY.overrides,
            partner=PROFILES["gls"],
        ),
    )
    assert check_solution(problem, both) == []
    assert (both.objective, both.cost) < (weak.objective, weak.cost)


def test_a_planned_week_with_areas_and_weekdays_goes_to_pyvrp_too() -> None:
    from fieldkit.routing.planner import WeekModel
    from fieldkit.routing.settings import RoutingSettings
    from tests.test_routing_planner import week_problem

    problem = WeekModel(week_problem(), RoutingSettings()).problem
    assert any(s.allowed_vehicles is not None for s in problem.stops)
    assert partner.expressible(problem)


def test_too_many_vehicle_groups_for_the_memory_stay_with_or_tools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = office_week(6)
    # Four vehicle groups, but only two sets of forbidden stops: two pairs of matrices.
    monkeypatch.setattr(partner, "MAX_MATRIX_BYTES", 1 * (60 + 2) ** 2 * 16)
    assert not partner.expressible(problem)
    monkeypatch.setattr(partner, "MAX_MATRIX_BYTES", 2 * (60 + 2) ** 2 * 16)
    assert partner.expressible(problem)


@needs_pyvrp
def test_vehicle_groups_share_a_profile_when_they_may_visit_the_same_stops() -> None:
    import pyvrp

    from fieldkit.routing import solver

    problem = office_week(7)
    data, members = partner._data(pyvrp, problem, solver._Model(problem, ()))
    assert sorted(v for group in members for v in group) == [0, 1, 2, 3]
    assert data.num_vehicle_types == 4
    assert data.num_profiles == 2
    # The profile of vehicles 2 and 3 forbids the stops only 0 and 1 may take, and back.
    for vtype, group in zip(data.vehicle_types(), members, strict=True):
        dist = data.distance_matrices()[vtype.profile]
        for k, i in enumerate(solver._Model(problem, ()).active):
            allowed = problem.stops[i].allowed_vehicles
            usable = dist[0, 2 + k] < partner.FORBIDDEN
            assert usable == (allowed is None or group[0] in allowed)
    # Without restrictions every depot pair shares one profile (the city's seven offices).
    free = RoutingProblem(
        problem.travel,
        [replace(s, allowed_vehicles=None) for s in problem.stops],
        problem.vehicles,
    )
    data, _ = partner._data(pyvrp, free, solver._Model(free, ()))
    assert data.num_vehicle_types == 4
    assert data.num_profiles == 1
    found = partner.solve_partner(free, time_limit=0.5)
    assert found is not None
    assert check_solution(free, found) == []


@needs_pyvrp
def test_the_large_tuning_reaches_pyvrp_and_keeps_every_rule() -> None:
    params = partner._params(partner.LARGE_TUNING)
    assert params.ils.history_length == 50
    assert params.ils.exhaustive_on_best is False
    assert partner._params(partner.DEFAULT_TUNING).ils.history_length == 300
    assert params.penalty.solutions_between_updates == 100
    names = {op.__name__ for op in params.operators}
    assert "Swap22" not in names
    assert {"Relocate1", "Swap11", "SwapTails"} <= names
    assert "Swap22" in {op.__name__ for op in partner._params(partner.DEFAULT_TUNING).operators}
    assert partner._params(partner.DEFAULT_TUNING).penalty.solutions_between_updates == 500
    # By size: the 60-stop office week keeps PyVRP's defaults, 150 stops and more do not.
    assert partner.tuning_for(office_week(8)) == partner.DEFAULT_TUNING
    assert partner.tuning_for(office_week(8, n=150)) == partner.LARGE_TUNING
    problem = office_week(8)
    found = partner.solve_partner(problem, time_limit=0.5, tuning=partner.LARGE_TUNING)
    assert found is not None
    assert check_solution(problem, found) == []


@needs_pyvrp
def test_the_large_tuning_starts_the_search_at_a_low_time_warp_penalty() -> None:
    import pyvrp

    from fieldkit.routing import solver

    problem = office_week(8)
    data, _ = partner._data(pyvrp, problem, solver._Model(problem, ()))
    large = partner._iterated_search(data, 1, partner.LARGE_TUNING).penalty_manager
    default = partner._iterated_search(data, 1, partner.DEFAULT_TUNING).penalty_manager
    assert large.penalties()[1] == partner.PENALTY_START == 30
    assert default.penalties()[1] > 10_000  # PyVRP's own start, halfway up its range
    # The load penalty is not touched (the tight CVRPs were measured with PyVRP's).
    assert large.penalties()[0] == default.penalties()[0]


@needs_pyvrp
@needs_helper
def test_a_helper_job_takes_the_tuning_along() -> None:
    problem = office_week(9)
    job = parallel.submit(
        problem,
        time_limit=0.5,  # was 1 s: the tuning is taken along whatever the time
        search=PROFILES["ils"],
        engine="pyvrp",
        seed=3,
        tuning=partner.LARGE_TUNING,
    )
    assert job is not None
    found = job.result()
    assert found is not None
    assert check_solution(problem, found) == []
