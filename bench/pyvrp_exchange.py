"""Two PyVRP searches with and without exchanging their best plans, for a fixed budget.

    python bench/pyvrp_exchange.py --scenario city --iterations 6000 --phases 1,3 --pairs 1,2 3,4
    python bench/pyvrp_exchange.py --scenario city --iterations 6000 --at 0.6 --pairs 1,2 3,4
    python bench/pyvrp_exchange.py --scenario city --cpu-seconds 25 --phases 1 --required

Issue 20, session 9: does a mid-run exchange between the planner's two PyVRP helpers beat two
independent searches? Runs the two searches one after the other in this process, so the load
of the shared machine does not decide the comparison: each gets ``--iterations`` steps of
PyVRP's iterated local search (deterministic per seed) or ``--cpu-seconds`` of its own CPU
time. ``--phases 1`` = two independent searches (what the planner does); ``n`` > 1 = after
each of the first ``n - 1`` equal parts the search with the worse plan goes on from the better
plan while the better one goes on undisturbed (``--restart``: it starts afresh from its own
best too); ``--at 0.6`` = one exchange after 60 % instead. ``--required``: every visit
required instead of optional with its drop penalty as prize; ``--prize-factor f``: the prizes
(drop penalties) times ``f`` in the search (the cost printed is PyVRP's, with these prizes for
any visit left out); ``--without NAME``: leave one of PyVRP's operators out. One JSON line
per seed pair and exchange schedule. Findings in bench/README.md (none of these was better,
so the planner was left as it is).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from _load import bench_module
from fieldkit.routing import partner, solver


def _routing() -> Any:
    """bench/routing.py beside this file (its scenarios)."""
    return bench_module("routing")


class Search:
    """PyVRP 0.14's iterated local search (``IteratedLocalSearch.run``: late-acceptance hill
    climbing with both enhancements of Burke and Bykov, no full search on new bests), written
    out so that it can pause and go on with its current plan and history, or take over
    another search's plan (PyVRP's own starts afresh on every call)."""

    def __init__(
        self,
        data: Any,
        seed: int,
        params: Any,
        history: int,
        start: list[Any] | None = None,
        penalty_start: float | None = None,
    ) -> None:
        from pyvrp import RandomNumberGenerator, Solution
        from pyvrp.RingBuffer import RingBuffer

        # The same order of construction as pyvrp.solve, so a seed means the same search.
        self.data = data
        rng = RandomNumberGenerator(seed=seed)
        self.ls, self.pm = partner.search_parts(data, rng, params, penalty_start)
        random = Solution.make_random(data, rng)  # drawn in any case: the same numbers after
        first = random if start is None else Solution(data, start)
        self.init = self.ls(first, self.pm.max_cost_evaluator(), exhaustive=True)
        self.best = self.curr = self.init
        self.history: Any = RingBuffer(history)

    def run(self, steps: int | None, stop: Callable[[], bool]) -> None:
        """At most ``steps`` iterations (None: no limit), until ``stop()`` is True."""
        done = 0
        while (steps is None or done < steps) and not stop():
            done += 1
            cost_eval = self.pm.cost_evaluator()
            cand = self.ls(self.curr, cost_eval, exhaustive=False)
            self.pm.register(cand)
            if cost_eval.cost(cand) < cost_eval.cost(self.best):
                self.best = cand
            cand_cost = cost_eval.penalised_cost(cand)
            curr_cost = cost_eval.penalised_cost(self.curr)
            late = self.history.peek()
            late_cost = cost_eval.penalised_cost(self.init if late is None else late)
            if cand_cost < late_cost or cand_cost < curr_cost:
                self.curr, curr_cost = cand, cand_cost
            if curr_cost < late_cost or late is None:
                self.history.append(self.curr)
            else:
                self.history.skip()

    def cost(self) -> int | None:
        """The best plan's cost (None when not feasible)."""
        feasible = self.best.is_feasible()
        return int(self.pm.cost_evaluator().cost(self.best)) if feasible else None

    def adopt(self, other: Search) -> None:
        """Go on from ``other``'s best plan, the late-acceptance history afresh."""
        from pyvrp import Route, Solution

        routes = [
            Route(self.data, [a.idx for a in r if a.is_client()], r.vehicle_type())
            for r in other.best.routes()
        ]
        self.best = self.curr = self.init = Solution(self.data, routes)
        self.history.clear()


def _cpu_stop(seconds: float | None) -> Callable[[], bool]:
    """True after ``seconds`` more of this process's CPU time (never when None)."""
    if seconds is None:
        return lambda: False
    end = time.process_time() + seconds
    return lambda: time.process_time() >= end


def _params(args: argparse.Namespace) -> Any:
    from pyvrp import IteratedLocalSearchParams, PenaltyParams, SolveParams
    from pyvrp.search import OPERATORS, NeighbourhoodParams, PerturbationParams

    ils = IteratedLocalSearchParams(history_length=args.history, exhaustive_on_best=False)
    import pyvrp.search

    extra = [getattr(pyvrp.search, name) for name in args.extra]
    operators = [op for op in OPERATORS + extra if op.__name__ not in args.without]
    perturbation = PerturbationParams(1, args.max_perturbations)
    neighbourhood = NeighbourhoodParams(
        weight_wait_time=args.wait_weight, num_neighbours=args.neighbours
    )
    return SolveParams(
        ils=ils,
        penalty=PenaltyParams(solutions_between_updates=args.penalty_every),
        operators=operators,
        perturbation=perturbation,
        neighbourhood=neighbourhood,
    )


def greedy_start(problem: Any, data: Any, types: list[list[int]]) -> list[Any]:
    """The greedy plan (fieldkit.routing.greedy) as PyVRP routes: a complete, feasible start."""
    from pyvrp import Route

    from fieldkit.routing.greedy import greedy_routes

    model = solver._Model(problem, ())
    position = {stop: k for k, stop in enumerate(model.active)}  # client numbers
    kind = {v: t for t, members in enumerate(types) for v in members}
    orders = greedy_routes(problem, model.active, model.windows)
    return [Route(data, [position[s] for s in o], kind[v]) for v, o in enumerate(orders) if o]


def scaled_prizes(pyvrp: Any, data: Any, factor: float) -> Any:
    """``data`` with every optional visit's prize times ``factor`` (required ones keep 0)."""
    clients = [
        pyvrp.Client(
            c.location,
            delivery=c.delivery,
            service_duration=c.service_duration,
            tw_early=c.tw_early,
            tw_late=c.tw_late,
            prize=round(c.prize * factor),
            required=c.required,
        )
        for c in data.clients()
    ]
    return data.replace(clients=clients)


def pair(
    data: Any, seeds: list[int], cuts: list[float], args: argparse.Namespace, start: Any = None
) -> dict:
    """Two searches exchanging at the fractions ``cuts`` of the budget (none: independent)."""
    params = _params(args)
    searches = [Search(data, s, params, args.history, start, args.penalty_start) for s in seeds]
    log: list[list[int | None]] = []
    cpu = [0.0 for _ in seeds]
    bounds = [0.0, *cuts, 1.0]
    for k in range(len(bounds) - 1):
        share = bounds[k + 1] - bounds[k]
        steps = None if args.iterations is None else round(args.iterations * share)
        seconds = None if args.cpu_seconds is None else args.cpu_seconds * share
        for i, search in enumerate(searches):
            c0 = time.process_time()
            search.run(steps, _cpu_stop(seconds))
            cpu[i] += time.process_time() - c0
        log.append([s.cost() for s in searches])
        feasible = [(c, i) for i, c in enumerate(log[-1]) if c is not None]
        if k + 2 < len(bounds) and feasible:
            winner = searches[min(feasible)[1]]
            for search in searches:
                if search is not winner or args.restart:
                    search.adopt(winner)
    best = min((c for c in log[-1] if c is not None), default=None)
    return {"seeds": seeds, "at": cuts, "best": best, "log": log, "cpu": [round(c, 1) for c in cpu]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["week", "day", "city"], default="city")
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--iterations", type=int, help="per search")
    budget.add_argument("--cpu-seconds", type=float, help="per search")
    parser.add_argument("--phases", default="1,3", help="equal phases, comma-separated")
    parser.add_argument("--at", nargs="*", help="instead: exchange points, e.g. 0.6 0.5+0.75")
    parser.add_argument("--pairs", nargs="+", default=["1,2"], help="seed pairs: 1,2 3,4")
    parser.add_argument("--history", type=int, default=partner.LARGE_TUNING.history)
    parser.add_argument("--restart", action="store_true", help="the better one restarts too")
    parser.add_argument("--required", action="store_true", help="every visit required")
    parser.add_argument("--without", nargs="*", default=(), help="PyVRP operators left out")
    parser.add_argument("--extra", nargs="*", default=(), help="PyVRP operators added")
    parser.add_argument("--greedy-start", action="store_true", help="start from the greedy plan")
    parser.add_argument("--max-perturbations", type=int, default=25, help="PyVRP's default 25")
    parser.add_argument("--neighbours", type=int, default=50, help="PyVRP's default 50")
    parser.add_argument(
        "--wait-weight", type=float, default=0.2, help="PyVRP's default 0.2 (neighbourhood)"
    )
    parser.add_argument(
        "--penalty-start", type=float, default=None, help="time-warp penalty (PyVRP: 50,000)"
    )
    parser.add_argument("--penalty-every", type=int, default=500, help="plans per adjustment")
    parser.add_argument(
        "--prize-factor", type=float, default=1.0, help="the prizes (drop penalties) times this"
    )
    args = parser.parse_args(argv)
    import pyvrp

    case = _routing().scenario(args.scenario)
    problem = case.problem
    if args.required:
        problem = replace(problem, stops=[replace(s, mandatory=True) for s in problem.stops])
    data, types = partner._data(pyvrp, problem, solver._Model(problem, ()))
    if args.prize_factor != 1.0:
        data = scaled_prizes(pyvrp, data, args.prize_factor)
    start = greedy_start(problem, data, types) if args.greedy_start else None
    if args.at is not None:
        schedules = [[float(x) for x in at.split("+") if x] for at in args.at]
    else:
        schedules = [[k / n for k in range(1, n)] for n in map(int, args.phases.split(","))]
    for seeds in ([int(x) for x in p.split(",")] for p in args.pairs):
        for cuts in schedules:
            line = pair(data, seeds, cuts, args, start)
            ref, best = case.optimum, line["best"]
            line.update(
                scenario=args.scenario,
                iterations=args.iterations,
                cpu_seconds=args.cpu_seconds,
                history=args.history,
                restart=args.restart,
                required=args.required,
                greedy_start=args.greedy_start,
                max_perturbations=args.max_perturbations,
                neighbours=args.neighbours,
                wait_weight=args.wait_weight,
                penalty_start=args.penalty_start,
                penalty_every=args.penalty_every,
                prize_factor=args.prize_factor,
                without=list(args.without),
                extra=list(args.extra),
                gap_percent=round((best / ref - 1) * 100, 2) if ref and best else None,
            )
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
