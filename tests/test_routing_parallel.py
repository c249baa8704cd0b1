"""The partner search in a helper process: the better plan is kept, cancel ends the helper."""

from __future__ import annotations

import time

import numpy as np
import pytest

from fieldkit.routing import parallel
from fieldkit.routing.check import check_solution
from fieldkit.routing.problem import Reason, RoutingProblem, Solution, Stop, Unplanned, Vehicle
from fieldkit.routing.search import PROFILES, SearchProfile
from fieldkit.routing.solver import better, solve

# The planner's helper processes are what these tests are about (tests/conftest.py).
pytestmark = pytest.mark.routing_helpers

needs_helper = pytest.mark.skipif(not parallel.enabled(), reason="no second core here")

# Stops after the first solution: a weak search whose partner can only do better.
FIRST_ONLY = SearchProfile("PATH_CHEAPEST_ARC", "GREEDY_DESCENT", "solution_limit: 1")


def scattered(seed: int, n: int = 40, vehicles: int = 3) -> RoutingProblem:
    rng = np.random.default_rng(seed)
    pts = rng.random((n + 1, 2)) * 20_000
    diff = pts[:, None, :] - pts[None, :, :]
    travel = np.rint(np.sqrt((diff**2).sum(axis=2)) / 10).astype(np.int64)
    stops = [Stop(i, service=600) for i in range(1, n + 1)]
    return RoutingProblem(travel, stops, [Vehicle(0, 0, 8 * 3600, 16 * 3600)] * vehicles)


@needs_helper
def test_the_partner_runs_in_a_helper_and_its_better_plan_is_kept() -> None:
    problem = scattered(1)
    # Start the helper first: on a slow machine its start alone can eat a 1 s budget.
    warm = parallel.submit(scattered(5, n=10), time_limit=10, search=FIRST_ONLY)
    assert warm is not None
    assert warm.result() is not None
    alone = solve(problem, time_limit=1, search=FIRST_ONLY)
    both = solve(
        problem,
        time_limit=1,
        search=SearchProfile(
            FIRST_ONLY.first_solution,
            FIRST_ONLY.metaheuristic,
            FIRST_ONLY.overrides,
            partner=PROFILES["gls"],
        ),
    )
    assert both.cost < alone.cost
    assert check_solution(problem, both) == []
    assert not both.unplanned
    assert both.seconds < 10  # the helper does not hold the 1 s search up


def test_no_helper_when_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_ROUTING_PROCESSES", "1")
    assert not parallel.enabled()
    problem = scattered(2, n=20)
    assert parallel.submit(problem, time_limit=0.2, search=PROFILES["gls"]) is None
    profile = SearchProfile(
        FIRST_ONLY.first_solution,
        FIRST_ONLY.metaheuristic,
        FIRST_ONLY.overrides,
        partner=PROFILES["gls"],
    )
    assert solve(problem, time_limit=0.5, search=profile).cost == (
        solve(problem, time_limit=0.5, search=FIRST_ONLY).cost
    )


@needs_helper
def test_an_unwanted_job_ends_the_helper_at_once_and_the_next_job_gets_a_new_one() -> None:
    problem = scattered(3)
    job = parallel.submit(problem, time_limit=30, search=PROFILES["gls"])
    assert job is not None
    t0 = time.perf_counter()
    assert job.result(cancelled=True) is None
    assert time.perf_counter() - t0 < 10  # not the 30 s of the job
    job = parallel.submit(problem, time_limit=0.3, search=PROFILES["gls"])
    assert job is not None
    # The new helper starts cold: on a loaded machine (a parallel test run) that alone took
    # longer than the job's grace, so wait for it as parallel.warm_up does.
    job._deadline += 30.0
    found = job.result()
    assert found is not None
    assert check_solution(problem, found) == []


@needs_helper
def test_a_cancelled_search_does_not_wait_for_its_partner() -> None:
    problem = scattered(4)
    profile = SearchProfile("PATH_CHEAPEST_ARC", "GUIDED_LOCAL_SEARCH", partner=PROFILES["gls"])
    t0 = time.perf_counter()
    sol = solve(problem, time_limit=30, search=profile, cancel=lambda: True)
    assert sol.cancelled
    assert time.perf_counter() - t0 < 15  # not the 30 s of the search
    assert check_solution(problem, sol) == []


def test_the_objective_with_drop_penalties_decides_before_the_driving_cost() -> None:
    def sol(cost: int, objective: int, unplanned: int) -> Solution:
        return Solution(
            (),
            tuple(Unplanned(i, Reason.NOT_ENOUGH_TIME) for i in range(unplanned)),
            cost,
            objective,
            0.0,
        )

    assert better(sol(100, 5000, 1), sol(300, 6000, 0))
    assert not better(sol(300, 6000, 0), sol(100, 5000, 1))
    assert better(sol(100, 100, 0), sol(100, 100, 0))
    assert not better(sol(101, 101, 0), sol(100, 100, 0))
