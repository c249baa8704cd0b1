"""Routing benchmark: one instance or scenario, one JSON line.

    python bench/routing.py --instance bench/instances/kroA100.tsp --time-limit 2 --json
    python bench/routing.py --scenario week --time-limit 10 --json
    python bench/routing.py --scenario week --reference-run      # recompute the 60-s best

Beside our figures it runs an independent solver (PyVRP, else pyvroom) in the same process on
the same integer matrix, so a noisy machine shows in both numbers.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fieldkit.paths import resource_path
from fieldkit.routing import parallel
from fieldkit.routing.check import check_solution
from fieldkit.routing.decompose import DecomposeSettings, solve_decomposed, worth_decomposing
from fieldkit.routing.geodesic import travel_time_matrix
from fieldkit.routing.instances import load_instance
from fieldkit.routing.problem import Break, RoutingProblem, Stop, Vehicle
from fieldkit.routing.search import PROFILES, SearchProfile
from fieldkit.routing.solver import solve

HERE = Path(__file__).resolve().parent
INSTANCES = HERE / "instances"
OFFICE = (49.1427, 9.2109)  # Heilbronn city centre, where the Jobcenter sits
DAY_START, DAY_END = 8 * 3600, 16 * 3600


@dataclass(frozen=True)
class Case:
    """What one benchmark run solves."""

    name: str
    kind: str
    problem: RoutingProblem
    scale: int
    optimum: float | None
    optimum_source: str


# ----------------------------------------------------------------------------- scenarios


def heilbronn_points(n: int, seed: int) -> list[tuple[float, float]]:
    """``n`` synthetic addresses jittered (σ ≈ 1.2 km) around the district's municipalities."""
    with resource_path("data", "landkreis-heilbronn-gemeinden.csv").open(encoding="utf-8") as fh:
        centres = [(float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(centres), size=n)
    jitter = rng.normal(0.0, 1.0, size=(n, 2)) * np.array([0.011, 0.016])
    return [
        (centres[p][0] + dy, centres[p][1] + dx) for p, (dy, dx) in zip(picks, jitter, strict=True)
    ]


def scenario(kind: str) -> Case:
    """The realistic week (300 customers, 4 workers × 5 days) or day (60 stops, 4 workers)."""
    n, vehicles, seed = (300, 20, 2026) if kind == "week" else (60, 4, 61)
    matrix = travel_time_matrix([OFFICE, *heilbronn_points(n, seed)], detour=1.3, speed_kmh=50)
    stops = [Stop(node=i, service=15 * 60) for i in range(1, n + 1)]
    veh = Vehicle(0, 0, DAY_START, DAY_END, Break(12 * 3600, 30 * 60))
    ref = _stored_reference(kind)
    return Case(
        kind,
        "scenario",
        RoutingProblem(matrix, stops, [veh] * vehicles),
        1,
        ref["cost"] if ref else None,
        ref["how"] if ref else "none stored (run --reference-run)",
    )


def _reference_file(kind: str) -> Path:
    return INSTANCES / f"scenario-{kind}.best.json"


def _stored_reference(kind: str) -> dict[str, Any] | None:
    path = _reference_file(kind)
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# ----------------------------------------------------------------------------- reference solvers


def reference_pyvrp(
    problem: RoutingProblem, seconds: float, seed: int = 1
) -> dict[str, Any] | None:
    """Solve with PyVRP (hybrid genetic search) on the same matrix; None if not installed."""
    try:
        import pyvrp
        from pyvrp.stop import MaxRuntime
    except ImportError:
        return None
    model = pyvrp.Model()
    nodes: list[int] = [problem.vehicles[0].start]
    nodes += [s.node for s in problem.stops if s.node is not None]
    locs = [model.add_location(0, 0) for _ in nodes]
    depot = model.add_depot(locs[0])
    veh = problem.vehicles[0]
    capacity = [veh.capacity] if veh.capacity is not None else []
    has_cap = bool(capacity)
    reserve = veh.break_.duration if veh.break_ else 0
    kwargs: dict[str, Any] = {}
    if veh.shift_end is not None:
        kwargs = {"tw_early": veh.shift_start, "tw_late": veh.shift_end - reserve}
    model.add_vehicle_type(
        num_available=len(problem.vehicles),
        capacity=capacity,
        start_depot=depot,
        end_depot=depot,
        **kwargs,
    )
    for loc, stop in zip(locs[1:], problem.stops, strict=True):
        extra: dict[str, Any] = {}
        if stop.window is not None:
            extra = {"tw_early": stop.window[0], "tw_late": stop.window[1]}
        model.add_client(
            loc, delivery=[stop.demand] if has_cap else [], service_duration=stop.service, **extra
        )
    travel = problem.travel
    cost = problem.cost if problem.cost is not None else travel
    for a, na in enumerate(nodes):
        for b, nb in enumerate(nodes):
            if a != b:
                model.add_edge(locs[a], locs[b], int(cost[na, nb]), int(travel[na, nb]))
    t0 = time.perf_counter()
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    return {
        "solver": "pyvrp",
        "cost": int(result.best.distance()),
        "seconds": round(time.perf_counter() - t0, 3),
        "feasible": bool(result.is_feasible()),
    }


def reference_vroom(problem: RoutingProblem, seconds: float) -> dict[str, Any] | None:
    """Solve with pyvroom on the same matrix (no time limit: vroom is a fast heuristic)."""
    try:
        import vroom
    except ImportError:
        return None
    nodes: list[int] = [problem.vehicles[0].start]
    nodes += [s.node for s in problem.stops if s.node is not None]
    sub = problem.travel[np.ix_(nodes, nodes)]
    solver = vroom.Input()
    solver.set_durations_matrix("car", sub.tolist())
    veh = problem.vehicles[0]
    reserve = veh.break_.duration if veh.break_ else 0
    for v in range(len(problem.vehicles)):
        kwargs: dict[str, Any] = {}
        if veh.capacity is not None:
            kwargs["capacity"] = [veh.capacity]
        if veh.shift_end is not None:
            kwargs["time_window"] = vroom.TimeWindow(veh.shift_start, veh.shift_end - reserve)
        solver.add_vehicle(vroom.Vehicle(v + 1, start=0, end=0, **kwargs))
    for k, stop in enumerate(problem.stops, start=1):
        kwargs = {"default_service": stop.service}
        if veh.capacity is not None:
            kwargs["delivery"] = [stop.demand]
        if stop.window is not None:
            kwargs["time_windows"] = [vroom.TimeWindow(*stop.window)]
        solver.add_job(vroom.Job(k, location=k, **kwargs))
    t0 = time.perf_counter()
    sol = solver.solve(exploration_level=5, nb_threads=1)
    return {
        "solver": "vroom",
        "cost": int(sol.summary.cost),
        "seconds": round(time.perf_counter() - t0, 3),
        "feasible": int(sol.summary.unassigned) == 0,
    }


def reference(problem: RoutingProblem, seconds: float, which: str) -> dict[str, Any] | None:
    """The chosen independent solver's figures, or None if it is not installed."""
    if which == "none":
        return None
    if which in ("pyvrp", "auto"):
        found = reference_pyvrp(problem, seconds)
        if found is not None or which == "pyvrp":
            return found
    return reference_vroom(problem, seconds)


# ----------------------------------------------------------------------------- our runs


def default_profile(kind: str) -> str:
    """The profile measured best for this kind (see bench/README.md)."""
    return {"tsp": "tsp", "cvrp": "cvrp", "vrptw": "vrptw"}.get(kind, "ils")


def run_ours(
    case: Case, seconds: float, profile: SearchProfile, *, decompose: bool = False
) -> dict[str, Any]:
    """Solve once with our solver and check the result independently.

    ``decompose``: as the planner does for big plans, re-solve groups of neighbouring routes
    after a first pass (``fieldkit.routing.decompose``) when the problem is big enough.
    """
    t0 = time.perf_counter()
    if decompose and worth_decomposing(case.problem, DecomposeSettings()):
        sol = solve_decomposed(case.problem, time_limit=seconds, search=profile)
    else:
        sol = solve(case.problem, time_limit=seconds, search=profile)
    took = time.perf_counter() - t0
    errors = check_solution(case.problem, sol)
    feasible = not errors and not sol.unplanned
    return {
        "cost": sol.cost,
        "seconds": round(took, 3),
        "feasible": feasible,
        "errors": errors[:5],
        "routes": [[case.problem.stops[i].node for i in r.stops] for r in sol.routes],
    }


def _gap(cost: float, optimum: float | None) -> float | None:
    if optimum is None or optimum <= 0:
        return None
    return round(100.0 * (cost - optimum) / optimum, 3)


def load_case(args: argparse.Namespace) -> Case:
    """The instance file or scenario named on the command line."""
    if args.scenario:
        return scenario(args.scenario)
    inst = load_instance(args.instance)
    return Case(inst.name, inst.kind, inst.to_problem(), inst.scale, inst.optimum, "published")


def reference_run(kind: str, seconds: float) -> dict[str, Any]:
    """Search ``seconds`` with every solver at hand and store the best scenario cost."""
    case = scenario(kind)
    found: list[tuple[int, str]] = []
    for name in ("ils", "gls"):
        ours = run_ours(case, seconds, PROFILES[name])
        if ours["feasible"]:
            found.append((ours["cost"], f"OR-Tools profile {name}, {seconds:.0f} s"))
    ref = reference_pyvrp(case.problem, seconds)
    if ref and ref["feasible"]:
        found.append((ref["cost"], f"PyVRP, {seconds:.0f} s, seed 1"))
    cost, how = min(found)
    data = {
        "scenario": kind,
        "cost": cost,
        "how": f"best of {', '.join(h for _, h in found)}: {how}",
        "all": [{"cost": c, "how": h} for c, h in found],
        "command": f"python bench/routing.py --scenario {kind} --reference-run",
    }
    _reference_file(kind).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print one JSON line (or a short text)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--instance", type=Path)
    what.add_argument("--scenario", choices=["week", "day"])
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", default="", help="name in PROFILES (default: per kind)")
    parser.add_argument("--first-solution", default="")
    parser.add_argument("--metaheuristic", default="")
    parser.add_argument("--overrides", default="", help="RoutingSearchParameters text")
    parser.add_argument("--runs", type=int, default=1, help="report the median of N runs")
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        choices=[1, 2],
        help="2: a helper process runs the profile's partner search and every second route "
        "group (as the planner does); 1: no helper",
    )
    parser.add_argument(
        "--decompose",
        default="auto",
        choices=["auto", "off"],
        help="auto: re-solve groups of neighbouring routes on big plans, as the planner does",
    )
    parser.add_argument("--reference", default="auto", choices=["auto", "pyvrp", "vroom", "none"])
    parser.add_argument("--reference-run", action="store_true")
    parser.add_argument("--reference-seconds", type=float, default=60.0)
    args = parser.parse_args(argv)

    if args.reference_run:
        if not args.scenario:
            parser.error("--reference-run needs --scenario")
        print(json.dumps(reference_run(args.scenario, args.reference_seconds)))
        return 0
    case = load_case(args)
    name = args.profile or default_profile(case.kind)
    base = PROFILES[name]
    profile = SearchProfile(
        args.first_solution or base.first_solution,
        args.metaheuristic or base.metaheuristic,
        base.overrides + "\n" + args.overrides,
        base.partner,
    )
    if args.processes == 1:  # as the planner runs where it may not start a helper
        os.environ["FIELDKIT_ROUTING_PROCESSES"] = "1"
    decompose = args.decompose == "auto" and case.kind == "scenario"
    grouped = decompose and worth_decomposing(case.problem, DecomposeSettings())
    parallel.warm_up()  # the app's helper is warm from the second plan on
    runs = [
        run_ours(case, args.time_limit, profile, decompose=decompose)
        for _ in range(max(1, args.runs))
    ]
    runs.sort(key=lambda r: r["cost"])
    best = runs[len(runs) // 2]
    cost = best["cost"] / case.scale
    ref = reference(case.problem, args.time_limit, args.reference)
    if ref is not None:
        ref["cost"] = ref["cost"] / case.scale
        ref["gap_percent"] = _gap(ref["cost"], case.optimum)
    out = {
        "instance": case.name,
        "kind": case.kind,
        "profile": name,
        "time_limit": args.time_limit,
        "cost": cost,
        "seconds": best["seconds"],
        "feasible": best["feasible"],
        "optimum": case.optimum,
        "optimum_source": case.optimum_source,
        "gap_percent": _gap(cost, case.optimum),
        "all_costs": [r["cost"] / case.scale for r in runs],
        "decomposed": decompose,
        "processes": 2 if parallel.enabled() and (profile.partner or grouped) else 1,
        "reference": ref,
        "routes": best["routes"],
    }
    if best["errors"]:
        out["errors"] = best["errors"]
    if args.json:
        print(json.dumps(out))
    else:
        keys = ("instance", "profile", "cost", "optimum", "gap_percent", "seconds", "feasible")
        print(" ".join(f"{k}={out[k]}" for k in keys), "reference=", ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
