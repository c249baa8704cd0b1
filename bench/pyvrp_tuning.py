"""PyVRP's search on a bench scenario with a CPU-second budget, for tuning (issue 20).

    python bench/pyvrp_tuning.py --scenario week --cpu-seconds 4 --history 50 --no-exhaustive
    python bench/pyvrp_tuning.py --scenario city --cpu-seconds 25 --history 50 --no-exhaustive \
        --penalty-start 30 --penalty-every 100 --without Swap22 --seeds 1,2,3,4

On the shared machine a process gets anything from a tenth to all of a core, so wall-clock
limits compare the load more than the settings; this stops PyVRP after ``--cpu-seconds`` of
its own CPU time (``time.process_time``) instead. The problem is the planner's translation
(:func:`fieldkit.routing.partner._data`); one JSON line per seed: cost, iterations, and when
(CPU seconds) the best plan was found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from _load import bench_module
from fieldkit.routing import partner, solver
from fieldkit.routing.instances import load_instance


def _routing() -> Any:
    """bench/routing.py beside this file (its scenarios)."""
    return bench_module("routing")


class CpuStop:
    """Stop after ``seconds`` of this process's CPU time; remembers when each best came."""

    def __init__(self, seconds: float) -> None:
        self.t0 = time.process_time()
        self.end = self.t0 + seconds
        self.best: float | None = None
        self.found_at = 0.0

    def __call__(self, best_cost: float) -> bool:
        cost = float(best_cost)
        if self.best is None or cost < self.best:
            self.best, self.found_at = cost, time.process_time() - self.t0
        return time.process_time() >= self.end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["week", "day", "city"], default="week")
    parser.add_argument("--instance", help="a VRPLIB/TSPLIB file instead of a scenario")
    parser.add_argument("--cpu-seconds", type=float, default=4.0)
    parser.add_argument("--history", type=int, default=300, help="late-acceptance history")
    parser.add_argument("--no-exhaustive", action="store_true", help="no full LS on new bests")
    parser.add_argument("--seeds", default="1", help="comma-separated")
    parser.add_argument(
        "--penalty-start", type=float, default=None, help="time-warp penalty (PyVRP: 50,000)"
    )
    parser.add_argument("--penalty-every", type=int, default=500, help="plans per adjustment")
    parser.add_argument("--without", nargs="*", default=(), help="PyVRP moves left out")
    args = parser.parse_args(argv)
    import pyvrp

    if args.instance:
        problem = load_instance(args.instance).to_problem()
    else:
        problem = _routing().scenario(args.scenario).problem
    data, _ = partner._data(pyvrp, problem, solver._Model(problem, ()))
    tuning = partner.Tuning(
        args.history,
        not args.no_exhaustive,
        args.penalty_start,
        args.penalty_every,
        tuple(args.without),
    )
    for seed in (int(s) for s in args.seeds.split(",")):
        stop = CpuStop(args.cpu_seconds)
        result = partner.search(data, stop, seed, tuning)
        line = {
            "scenario": args.instance or args.scenario,
            "cpu_seconds": args.cpu_seconds,
            "history": args.history,
            "exhaustive_on_best": tuning.exhaustive_on_best,
            "penalty_start": args.penalty_start,
            "penalty_every": args.penalty_every,
            "without": list(args.without),
            "seed": seed,
            "cost": result.best.distance(),
            "feasible": result.best.is_feasible(),
            "iterations": result.num_iterations,
            "best_at_cpu_s": round(stop.found_at, 2),
            "profiles": data.num_profiles,
        }
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
