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
from fieldkit.routing import parallel, partner
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
    """The realistic week (300 customers, 4 workers × 5 days) or day (60 stops, 4 workers);
    ``city``: :func:`city_case`."""
    if kind == "city":
        return city_case()
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


# Hamburg's seven districts (Bezirke): their centres, where the Jobcenter offices are assumed.
HAMBURG_DISTRICTS = (
    (53.5503, 9.9930),  # Hamburg-Mitte
    (53.5500, 9.9350),  # Altona
    (53.5750, 9.9530),  # Eimsbüttel
    (53.5950, 10.0150),  # Hamburg-Nord
    (53.5850, 10.0900),  # Wandsbek
    (53.4900, 10.2100),  # Bergedorf
    (53.4600, 9.9800),  # Harburg
)


def city_case() -> Case:
    """A Hamburg-like week: 1,000 customers, 10 workers × 5 days from their district offices.

    Customers are jittered (σ ≈ 2.2 km) around the seven district centres, weighted by the
    districts' population (Wandsbek most, Bergedorf least); city driving at 25 km/h with a
    detour factor of 1.3; 12 min per visit; one customer in five has a window ("not before
    10:00" or 13:00–15:00); 08:00–16:00 with a 30-min break from 12:00. Worker w starts and
    ends at district office w mod 7; each worker-day is one route (50 routes).
    """
    n, workers, days = 1000, 10, 5
    rng = np.random.default_rng(2020)
    weights = np.array([301, 275, 268, 317, 441, 130, 169], dtype=float)
    picks = rng.choice(len(HAMBURG_DISTRICTS), size=n, p=weights / weights.sum())
    jitter = rng.normal(0.0, 1.0, size=(n, 2)) * np.array([0.020, 0.033])
    points = [
        (HAMBURG_DISTRICTS[p][0] + dy, HAMBURG_DISTRICTS[p][1] + dx)
        for p, (dy, dx) in zip(picks, jitter, strict=True)
    ]
    offices = list(HAMBURG_DISTRICTS)
    matrix = travel_time_matrix(offices + points, detour=1.3, speed_kmh=25)
    stops = []
    for i in range(n):
        kind = rng.random()
        window = None
        if kind < 0.1:
            window = (10 * 3600, DAY_END)
        elif kind < 0.2:
            window = (13 * 3600, 15 * 3600)
        stops.append(Stop(node=len(offices) + i, service=12 * 60, window=window))
    brk = Break(12 * 3600, 30 * 60)
    vehicles = [
        Vehicle(w % 7, w % 7, DAY_START, DAY_END, brk) for w in range(workers) for _ in range(days)
    ]
    ref = _stored_reference("city")
    return Case(
        "city",
        "scenario",
        RoutingProblem(matrix, stops, vehicles),
        1,
        ref["cost"] if ref else None,
        ref["how"] if ref else "none stored (run --reference-run)",
    )


SCENARIOS = ("week", "day", "city")


def _reference_file(kind: str) -> Path:
    """Where the stored best plan of a scenario or of an instance (by its name) is kept."""
    if kind in SCENARIOS:
        return INSTANCES / f"scenario-{kind}.best.json"
    return INSTANCES / f"{kind}.best.json"


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
    """PyVRP alone on the same problem, in this process: the partner engine's translation
    (:mod:`fieldkit.routing.partner`, every depot, shift and break) with PyVRP's own default
    parameters (not the planner's tuning), checked by check_solution; None if PyVRP is not
    installed."""
    if not partner.available():
        return None
    t0 = time.perf_counter()
    found = partner.solve_partner(
        problem, time_limit=seconds, seed=seed, tuning=partner.DEFAULT_TUNING
    )
    return {
        "solver": "pyvrp",
        "cost": found.cost if found is not None else None,
        "seconds": round(time.perf_counter() - t0, 3),
        "feasible": found is not None and not found.unplanned,
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
    cpu0 = _cpu_seconds()
    if decompose and worth_decomposing(case.problem, DecomposeSettings()):
        sol = solve_decomposed(case.problem, time_limit=seconds, search=profile)
    else:
        sol = solve(case.problem, time_limit=seconds, search=profile)
    took = time.perf_counter() - t0
    cpu = [round(b - a, 2) for a, b in zip(cpu0, _cpu_seconds(), strict=False)]
    errors = check_solution(case.problem, sol)
    feasible = not errors and not sol.unplanned
    return {
        "cost": sol.cost,
        "seconds": round(took, 3),
        "feasible": feasible,
        "why": None if feasible else why_not(case.problem, sol, errors),
        "errors": errors[:5],
        "cpu": cpu,
        "routes": [[case.problem.stops[i].node for i in r.stops] for r in sol.routes],
    }


def _cpu_seconds() -> list[float]:
    """CPU seconds used so far by this process and by each running helper (Linux: from
    /proc; a helper whose figures cannot be read counts 0). On a shared machine the wall
    time says little: these say how much of the limit each search really got."""
    out = [time.process_time()]
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for slot in parallel._slots:
        helper = slot.helper
        try:
            assert helper is not None
            fields = Path(f"/proc/{helper.process.pid}/stat").read_text().rsplit(")", 1)[1]
            out.append((int(fields.split()[11]) + int(fields.split()[12])) / tick)
        except (AssertionError, OSError, IndexError, ValueError):
            out.append(0.0)
    return out


def why_not(problem: RoutingProblem, sol: Any, errors: list[str]) -> str:
    """Precisely why a plan is not a complete feasible solution of the instance."""
    if errors:
        return f"check_solution: {len(errors)} violations, first: {errors[0]}"
    reasons = sorted({str(u.reason) for u in sol.unplanned})
    text = f"{len(sol.unplanned)} of {len(problem.stops)} stops unplanned ({', '.join(reasons)})"
    caps = [v.capacity for v in problem.vehicles]
    if all(c is not None for c in caps):
        demand = sum(s.demand for s in problem.stops)
        fleet = sum(c for c in caps if c is not None)
        text += f"; demand {demand} against fleet capacity {fleet} ({100 * demand / fleet:.1f} %)"
        if demand > fleet:
            text += ": the instance cannot be solved with this fleet"
    return text


def _gap(cost: float, optimum: float | None) -> float | None:
    if optimum is None or optimum <= 0:
        return None
    return round(100.0 * (cost - optimum) / optimum, 3)


def load_case(args: argparse.Namespace) -> Case:
    """The instance file or scenario named on the command line."""
    if args.scenario:
        return scenario(args.scenario)
    inst = load_instance(args.instance)
    if inst.optimum is None and _stored_reference(inst.name) is not None:
        ref = _stored_reference(inst.name)
        assert ref is not None
        cost, how = ref["cost"], ref["how"]
        return Case(inst.name, inst.kind, inst.to_problem(), inst.scale, cost, how)
    return Case(inst.name, inst.kind, inst.to_problem(), inst.scale, inst.optimum, "published")


def instance_reference_run(path: Path, seconds: float) -> dict[str, Any]:
    """The best plan found in ``seconds`` for an instance without a published optimum (the
    generated ones), by the planner and by PyVRP alone; stored as its reference unless the
    stored one is better."""
    inst = load_instance(path)
    case = Case(inst.name, inst.kind, inst.to_problem(), inst.scale, None, "")
    found = _reference_plans(case, seconds, PROFILES[default_profile(inst.kind)], False)
    command = f"python bench/routing.py --instance {path} --reference-run"
    return _store_best(inst.name, {"instance": inst.name}, found, seconds, command)


def reference_run(kind: str, seconds: float) -> dict[str, Any]:
    """Search ``seconds`` with the planner (as it plans a scenario) and with PyVRP alone;
    store the best scenario cost unless the stored one is better."""
    found = _reference_plans(scenario(kind), seconds, PROFILES["ils"], True)
    command = f"python bench/routing.py --scenario {kind} --reference-run"
    return _store_best(kind, {"scenario": kind}, found, seconds, command)


def _reference_plans(
    case: Case, seconds: float, profile: SearchProfile, decompose: bool
) -> list[tuple[float, str]]:
    """The feasible plans' costs (in the instance's units) of the planner and of PyVRP alone
    after ``seconds`` each; exits with the reasons when neither found one."""
    parallel.warm_up()
    found: list[tuple[float, str]] = []
    ours = run_ours(case, seconds, profile, decompose=decompose)
    if ours["feasible"]:
        found.append((ours["cost"] / case.scale, f"fieldkit planner, {seconds:.0f} s"))
    ref = reference_pyvrp(case.problem, seconds)
    if ref and ref["feasible"]:
        found.append((ref["cost"] / case.scale, f"PyVRP, {seconds:.0f} s, seed 1"))
    if not found:
        raise SystemExit(f"no feasible reference plan for {case.name}: {ours['why']}, {ref}")
    return found


def _store_best(
    kind: str,
    head: dict[str, Any],
    found: list[tuple[float, str]],
    seconds: float,
    command: str,
) -> dict[str, Any]:
    """Keep the best of ``found`` and the stored reference (a reference never gets worse: it
    is the best plan known at this budget, whichever run found it)."""
    old = _stored_reference(kind)
    runs: list[dict[str, Any]] = [{"cost": c, "how": h} for c, h in found]
    if old is not None:
        runs = old.get("all", [{"cost": old["cost"], "how": old["how"]}]) + runs
    best = min(runs, key=lambda r: float(r["cost"]))
    cost, how = best["cost"], best["how"]
    data = {
        **head,
        "cost": cost,
        "how": f"best {seconds:.0f}-s plan of every reference run: {how}",
        "all": runs,
        "command": f"{command} --reference-seconds {seconds:.0f}",
    }
    _reference_file(kind).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print one JSON line (or a short text)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--instance", type=Path)
    what.add_argument("--scenario", choices=SCENARIOS)
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
    parser.add_argument(
        "--no-pyvrp",
        action="store_true",
        help="OR-Tools alone: the planner as without pyvrp installed (a frozen bundle); "
        "the partner search is then OR-Tools' own",
    )
    parser.add_argument("--reference-run", action="store_true")
    parser.add_argument("--reference-seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    parallel.HELPER_NICE = 0  # compete for the CPU like the other processes on the machine

    if args.no_pyvrp:
        sys.modules["pyvrp"] = None  # type: ignore[assignment]  # import pyvrp fails
    if args.reference_run:
        if not args.scenario:
            print(json.dumps(instance_reference_run(args.instance, args.reference_seconds)))
            return 0
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
    if ref is not None and ref["cost"] is not None:
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
        # Per run: CPU seconds of this process, then of each helper; the 1-min load average.
        "cpu_seconds": [r["cpu"] for r in runs],
        "load": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
        "why_not_feasible": best["why"],
        "decomposed": decompose,
        "processes": 2 if parallel.enabled() and (profile.partner or grouped) else 1,
        "engines": "OR-Tools" if args.no_pyvrp or not partner.available() else "OR-Tools+PyVRP",
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
