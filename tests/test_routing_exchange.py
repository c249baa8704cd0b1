"""Two PyVRP searches that exchange their best plans (issue 20, session 9): a search goes on
where it stopped, takes another's plan over, answers with a checked plan, and the pair in the
helpers is complete, cancellable and never empty."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from fieldkit.routing import decompose, exchange, parallel, partner
from fieldkit.routing.check import check_solution
from fieldkit.routing.exchange import Checkpoint, Phase, Search, run_phase
from fieldkit.routing.problem import Break, Progress, RoutingProblem, Solution, Stop, Vehicle

H = 3600
needs_pyvrp = pytest.mark.skipif(not partner.available(), reason="pyvrp not installed")
needs_helper = pytest.mark.skipif(not parallel.enabled(), reason="no second core here")
pytestmark = needs_pyvrp


def offices(n: int = 60, seed: int = 3) -> RoutingProblem:
    """Two offices, six worker-days with breaks, one stop in five with a window, one in four
    optional with a priority, and stops only some routes may take."""
    rng = np.random.default_rng(seed)
    pts = rng.random((n + 2, 2)) * 30_000
    diff = pts[:, None, :] - pts[None, :, :]
    travel = np.rint(np.sqrt((diff**2).sum(axis=2)) / 7).astype(np.int64)
    stops = []
    for i in range(2, n + 2):
        window = (9 * H, 12 * H) if i % 5 == 0 else None
        allowed = (0, 1, 2) if i % 7 == 0 else None
        stops.append(
            Stop(i, 720, window, priority=i % 3, mandatory=i % 4 != 0, allowed_vehicles=allowed)
        )
    vehicles = [Vehicle(d % 2, d % 2, 8 * H, 16 * H, Break(12 * H, 1800)) for d in range(6)]
    return RoutingProblem(travel, stops, vehicles)


def test_a_search_goes_on_where_it_stopped() -> None:
    problem = offices()
    tuning = partner.LARGE_TUNING
    once = Search(problem, seed=4, tuning=tuning)
    once.run(float("inf"), iterations=60)
    twice = Search(problem, seed=4, tuning=tuning)
    twice.run(float("inf"), iterations=25)
    middle = twice.checkpoint()
    twice.run(float("inf"), iterations=35)
    # Same seed, same steps: the same plan, whether the search paused or not (its current
    # plan and late-acceptance history are kept between the calls).
    assert twice.checkpoint() == once.checkpoint()
    assert middle.cost is not None
    end = once.checkpoint().cost
    assert end is not None
    assert end <= middle.cost
    other = Search(problem, seed=5, tuning=tuning)
    other.run(float("inf"), iterations=25)
    assert other.checkpoint() != middle  # another seed, another plan


def test_a_search_takes_another_plan_over_and_answers_with_a_checked_plan() -> None:
    problem = offices()
    good = Search(problem, seed=1, tuning=partner.LARGE_TUNING)
    good.run(float("inf"), iterations=150)
    weak = Search(problem, seed=2, tuning=partner.LARGE_TUNING)
    weak.run(float("inf"), iterations=3)
    plan = good.checkpoint()
    assert plan.cost is not None
    weak.adopt(plan)
    assert weak.checkpoint() == plan
    weak.run(float("inf"), iterations=40)
    after = weak.checkpoint().cost
    assert after is not None
    assert after <= plan.cost  # the best plan never gets worse
    solution = weak.solution()
    assert solution is not None
    assert check_solution(problem, solution) == []
    mandatory = {i for i, s in enumerate(problem.stops) if s.mandatory}
    assert mandatory <= {s for r in solution.routes for s in r.stops}


def test_the_worse_search_goes_on_from_the_best_feasible_plan() -> None:
    a = Checkpoint(900, ((0, (3, 4)),))
    b = Checkpoint(1000, ((0, (4, 3)),))
    none = Checkpoint(None, ((0, (3,)),))
    assert exchange._exchange({1: a, 2: b}) == {1: None, 2: a}
    assert exchange._exchange({1: b, 2: a}) == {1: a, 2: None}
    # An infeasible plan is never handed over; a search that did not answer drops out.
    assert exchange._exchange({1: none, 2: b}) == {1: b, 2: None}
    assert exchange._exchange({1: none, 2: none}) == {1: None, 2: None}
    assert exchange._exchange({1: None, 2: b}) == {2: None}
    assert exchange._exchange({1: None, 2: None}) == {}


def test_the_phases_of_a_search_in_one_process() -> None:
    problem = offices()
    token = "test-phases"
    first = run_phase(problem, phase=Phase(token), time_limit=0.3, seed=1, tuning=None, cancel=None)
    assert isinstance(first, Checkpoint)
    assert first.cost is not None
    # Later phases need no problem: the search is kept under its token.
    second = run_phase(None, phase=Phase(token), time_limit=0.2, seed=1, tuning=None, cancel=None)
    assert isinstance(second, Checkpoint)
    assert second.cost is not None
    assert second.cost <= first.cost
    last = run_phase(
        None, phase=Phase(token, final=True), time_limit=0.2, seed=1, tuning=None, cancel=None
    )
    assert isinstance(last, Solution)
    assert check_solution(problem, last) == []
    assert not last.cancelled
    # The search is gone after its last phase; an unknown one without its problem is None.
    gone = run_phase(None, phase=Phase(token), time_limit=0.1, seed=1, tuning=None, cancel=None)
    assert gone is None


def test_a_cancelled_phase_answers_with_its_checked_plan_at_once() -> None:
    problem = offices()
    started = time.perf_counter()
    answer = run_phase(
        problem, phase=Phase("test-cancel"), time_limit=60, seed=2, tuning=None, cancel=lambda: True
    )
    assert isinstance(answer, Solution)
    assert answer.cancelled
    assert check_solution(problem, answer) == []
    assert time.perf_counter() - started < 5  # not the 60 s


def test_nothing_pyvrp_cannot_express_starts_a_search() -> None:
    empty = RoutingProblem(np.zeros((1, 1), dtype=np.int64), [], [Vehicle(0, 0)])
    assert (
        run_phase(empty, phase=Phase("x"), time_limit=0.1, seed=1, tuning=None, cancel=None) is None
    )
    no_vehicles = replace(offices(n=10), vehicles=[])
    assert (
        run_phase(no_vehicles, phase=Phase("y"), time_limit=0.1, seed=1, tuning=None, cancel=None)
        is None
    )


def test_only_long_plans_of_large_problems_exchange() -> None:
    big = offices(n=200)
    assert exchange.wanted(big, 30.0)
    assert not exchange.wanted(big, 10.0)  # the week's 10 s: two independent searches
    assert not exchange.wanted(offices(n=60), 30.0)


@needs_helper
def test_the_pair_in_the_helpers_exchanges_and_answers_with_checked_plans() -> None:
    problem = offices()
    assert parallel.warm_up()
    progress: list[Progress] = []
    started = time.perf_counter()
    found = exchange.solve_pair(problem, 1.5, None, progress.append)
    assert found is not None
    plans, stopped = found
    assert not stopped
    assert len(plans) == 2  # both searches answered at the end
    for plan in plans:
        assert check_solution(problem, plan) == []
    # One report per exchange, the best plan never worse than before.
    assert len(progress) == len(exchange.AT)
    assert progress[-1].best_cost <= progress[0].best_cost
    assert time.perf_counter() - started < 1.5 + parallel.GRACE_SECONDS + 1.0


@needs_helper
def test_a_cancel_ends_the_exchanging_pair_with_the_best_plans_so_far(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exchange, "MIN_SECONDS", 1.0)
    problem = offices(n=160)
    assert parallel.warm_up()
    started = time.perf_counter()
    sol = decompose.solve_decomposed(
        problem, time_limit=30.0, cancel=lambda: time.perf_counter() - started > 1.0
    )
    assert sol.cancelled
    assert time.perf_counter() - started < 8.0  # not the 30 s
    assert check_solution(problem, sol) == []
    mandatory = {i for i, s in enumerate(problem.stops) if s.mandatory}
    assert mandatory <= {s for r in sol.routes for s in r.stops}


def test_without_helpers_the_plain_pair_plans_and_is_never_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDKIT_ROUTING_PROCESSES", "1")
    monkeypatch.setattr(exchange, "MIN_SECONDS", 0.5)
    problem = offices(n=160)
    assert exchange.solve_pair(problem, 1.0, None) is None  # nothing started
    sol = decompose.solve_decomposed(problem, time_limit=1.0)
    assert sol.routes
    assert check_solution(problem, sol) == []
