"""Two PyVRP searches with and without exchanging their best plans, for a fixed budget.

    python bench/pyvrp_exchange.py --scenario city --iterations 6000 --phases 1,3 --pairs 1,2 3,4
    python bench/pyvrp_exchange.py --scenario city --iterations 6000 --at 0.6 --pairs 1,2 3,4

Runs :class:`fieldkit.routing.exchange.Search` one after the other in this process, so the
load of the shared machine does not decide the comparison: each search gets ``--iterations``
steps of PyVRP's iterated local search (deterministic per seed), or ``--cpu-seconds`` of its
own CPU time. ``--phases 1`` = two independent searches; ``n`` > 1 = after each of the first
``n - 1`` equal parts the search with the worse plan goes on from the better plan (as the
planner's helpers do, :func:`fieldkit.routing.exchange.solve_pair`); ``--restart`` makes the
better one start afresh from its own best too. One JSON line per pair and phase count.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from fieldkit.routing import partner
from fieldkit.routing.exchange import Search


def _routing() -> Any:
    """bench/routing.py beside this file (its scenarios)."""
    path = Path(__file__).resolve().parent / "routing.py"
    spec = importlib.util.spec_from_file_location("bench_routing", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _run(search: Search, iterations: int | None, cpu: float | None) -> float:
    """One part of a search; its CPU seconds."""
    c0 = time.process_time()
    if cpu is None:
        search.run(float("inf"), iterations=iterations)
    else:
        end = c0 + cpu
        search.run(float("inf"), cancel=lambda: time.process_time() >= end)
        search.cancelled = False
    return time.process_time() - c0


def pair(problem: object, seeds: list[int], cuts: list[float], args: argparse.Namespace) -> dict:
    """Two searches exchanging at the fractions ``cuts`` of the budget (none: independent)."""
    tuning = partner.Tuning(args.history, not args.no_exhaustive)
    searches = [Search(problem, seed=s, tuning=tuning) for s in seeds]  # type: ignore[arg-type]
    log, cpu = [], [0.0, 0.0]
    bounds = [0.0, *cuts, 1.0]
    phases = len(bounds) - 1
    for k in range(phases):
        share = bounds[k + 1] - bounds[k]
        steps = None if args.iterations is None else round(args.iterations * share)
        part = None if args.cpu_seconds is None else args.cpu_seconds * share
        for i, s in enumerate(searches):
            cpu[i] += _run(s, steps, part)
        points = [s.checkpoint() for s in searches]
        log.append([p.cost for p in points])
        feasible = [(p.cost, i) for i, p in enumerate(points) if p.cost is not None]
        if k + 1 < phases and feasible:
            winner = min(feasible)[1]
            for i, s in enumerate(searches):
                if i != winner or args.restart:
                    s.adopt(points[winner])
    best = min((c for c in log[-1] if c is not None), default=None)
    return {"seeds": seeds, "phases": phases, "at": cuts, "best": best, "log": log, "cpu": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["week", "day", "city"], default="city")
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--iterations", type=int, help="per search")
    budget.add_argument("--cpu-seconds", type=float, help="per search")
    parser.add_argument("--phases", default="1,3", help="equal phases, comma-separated")
    parser.add_argument(
        "--at", nargs="*", default=None, help="instead: exchange points, e.g. 0.6 0.5+0.75"
    )
    parser.add_argument("--pairs", nargs="+", default=["1,2"], help="seed pairs: 1,2 3,4")
    parser.add_argument("--history", type=int, default=partner.LARGE_TUNING.history)
    parser.add_argument("--no-exhaustive", action="store_true", default=True)
    parser.add_argument("--restart", action="store_true", help="the better one restarts too")
    args = parser.parse_args(argv)
    case = _routing().scenario(args.scenario)
    for seeds in ([int(x) for x in p.split(",")] for p in args.pairs):
        if args.at is not None:
            splits = [[float(x) for x in at.split("+") if x] for at in args.at]
        else:
            counts = [int(x) for x in args.phases.split(",")]
            splits = [[k / n for k in range(1, n)] for n in counts]
        for cuts in splits:
            line = pair(case.problem, seeds, cuts, args)
            ref = case.optimum
            line.update(scenario=args.scenario, iterations=args.iterations, restart=args.restart)
            line["cpu_seconds"] = args.cpu_seconds
            line["gap_percent"] = (
                round((line["best"] / ref - 1) * 100, 2) if ref and line["best"] else None
            )
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
