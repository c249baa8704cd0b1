"""Both cores on ONE plan: route-based decomposition with repeated, rotated re-splits.

    python bench/pyvrp_split.py --scenario city --whole 5 --rounds 4 --round 5 --seeds 1 2 3 4
    python bench/pyvrp_split.py --scenario city --whole 5 --rounds 8 --round 2.5 --seeds 1 2 3 4
    python bench/pyvrp_split.py --scenario day --iterations --whole 40 --rounds 2 --round 30

Issue 20, session 9 (decomposition): the city (1,000 customers, 50 routes) is at ~1.5 % with
two independent 28-CPU-s PyVRP searches; does splitting the plan so that both cores improve
one plan do better? Per seed: a short whole search on each "core" (seeds ``s`` and
``s + 1000``; the better plan is kept), then ``--rounds`` rounds: the current plan's routes
are split into two halves by the angle of each route's centroid around the centre of all
stops (the split line turns by ``--rotate`` degrees each round), each half (its routes, its
stops, the unused vehicles shared out) is improved by PyVRP from its own routes as the
start, and the halves are joined; ``--final``: a last whole search on each core from the
joined plan. In the planner the two halves would run in the two helpers at once; here they
run one after the other and each half's CPU time is counted for its "core" (``cpu``).

Positions: PyVRP's data of the planner (``partner._data``) has no coordinates, so the stops
are placed by classical multidimensional scaling of the symmetrised travel-time matrix
(exact up to rotation for straight-line-like times, as in the bench scenarios).

Session 10: ``--parts n`` cuts the routes into ``n`` runs by angle (part ``g`` on core
``g % 2``; ``--round`` is then per part); ``--starts k``: each core's whole search is ``k``
searches of ``--whole / k`` (the best plan of all is split); ``--carry``: each round splits
the plan the parts' searches had got to (their current plans, where the late acceptance
drifted) instead of the best joined plan (the best is still kept and reported). Findings:
bench/README.md, "session 10".

Session 16: ``--tuned`` searches with the planner's penalties and moves
(``partner.LARGE_TUNING``) instead of PyVRP's; findings: bench/README.md, "session 16".

Budgets are CPU seconds of this process (``--whole``, ``--round``, ``--final``), or with
``--iterations`` PyVRP iterations (then the run is deterministic per seed). One JSON line per
seed: ``log`` = the plan's cost after the whole search, after each round and after the final
search. The search is ``pyvrp_exchange.Search`` (the planner's tuning: history 50, no full
local search on new bests). Findings: bench/README.md, "session 9, decomposition".
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from _load import bench_module
from fieldkit.routing import partner, solver

HERE = Path(__file__).resolve().parent


exchange = bench_module("pyvrp_exchange")


def positions(data: Any) -> np.ndarray:
    """2-D positions of PyVRP's locations by classical MDS of the travel times."""
    d = np.asarray(data.duration_matrix(0), dtype=float)
    d = np.minimum(d, np.where(d >= partner.FORBIDDEN, np.inf, d).T)  # symmetric, usable
    d = np.where(np.isfinite(d), d, 0.0)
    sym = (d + d.T) / 2
    n = len(sym)
    centre = np.eye(n) - np.ones((n, n)) / n
    gram = -0.5 * centre @ (sym**2) @ centre
    values, vectors = np.linalg.eigh(gram)
    top = np.argsort(values)[::-1][:2]
    return np.asarray(vectors[:, top] * np.sqrt(np.maximum(values[top], 0.0)))


def _routes(sol: Any) -> list[tuple[int, list[int]]]:
    """(vehicle type, client indices) per route of a PyVRP solution."""
    return [(r.vehicle_type(), [a.idx for a in r if a.is_client()]) for r in sol.routes()]


def route_angles(
    data: Any, xy: np.ndarray, plan: list[tuple[int, list[int]]], theta: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The clients' positions, the routes' centroids and their angles (from ``theta``, in
    [0, 2 pi)) around the centre of all clients."""
    loc = [data.client(i).location for i in range(data.num_clients)]
    pts = xy[np.array(loc)]
    cents = np.array([pts[np.array(v)].mean(axis=0) for _, v in plan]).reshape(-1, 2)
    rel = cents - pts.mean(axis=0)
    return pts, cents, (np.arctan2(rel[:, 1], rel[:, 0]) - theta) % (2 * math.pi)


def split(
    data: Any, xy: np.ndarray, plan: list[tuple[int, list[int]]], theta: float, parts: int = 2
) -> list[tuple[list[tuple[int, list[int]]], list[int], list[int]]]:
    """``parts`` groups (routes, clients, vehicles per type): the routes sorted by their
    centroid's angle from ``theta`` and cut into runs of (nearly) equal length; unrouted
    clients to the group of the nearest route centroid, unused vehicles shared out in turn."""
    pts, cents, angles = route_angles(data, xy, plan, theta)
    order = list(np.argsort(angles, kind="stable"))
    side = {int(k): pos * parts // len(order) for pos, k in enumerate(order)}
    groups: list[tuple[list[tuple[int, list[int]]], list[int], list[int]]] = [
        ([], [], [0] * data.num_vehicle_types) for _ in range(parts)
    ]
    routed: set[int] = set()
    for k, (vt, visits) in enumerate(plan):
        routes, clients, counts = groups[side[k]]
        routes.append((vt, visits))
        clients.extend(visits)
        counts[vt] += 1
        routed.update(visits)
    for c in range(data.num_clients):
        if c not in routed:
            near = int(np.argmin(((cents - pts[c]) ** 2).sum(axis=1)))
            groups[side[near]][1].append(c)
    for vt, kind in enumerate(data.vehicle_types()):
        for j in range(kind.num_available - sum(g[2][vt] for g in groups)):
            groups[j % parts][2][vt] += 1
    return groups


def improve(
    data: Any, group: Any, seed: int, args: argparse.Namespace, budget: float
) -> tuple[list[tuple[int, list[int]]], list[tuple[int, list[int]]], float]:
    """PyVRP on one group from its routes: its best and its current routes (global
    indices; the current plan is where the late acceptance has got to), CPU-s used."""
    from pyvrp import Route

    routes, clients, counts = group
    clients = sorted(clients)
    if not clients:
        return routes, routes, 0.0
    types = [vt for vt, n in enumerate(counts) if n > 0]
    kinds = data.vehicle_types()
    sub = data.replace(
        clients=[data.client(c) for c in clients],
        vehicle_types=[kinds[vt].replace(num_available=counts[vt]) for vt in types],
    )
    to_sub = {c: k for k, c in enumerate(clients)}
    start = [Route(sub, [to_sub[c] for c in v], types.index(vt)) for vt, v in routes]
    c0 = time.process_time()
    params = exchange._params(args)
    search = exchange.Search(sub, seed, params, args.history, start, args.penalty_start)
    _run(search, args, budget)
    cpu = time.process_time() - c0
    best = [(types[vt], [clients[c] for c in v]) for vt, v in _routes(search.best)]
    curr = [(types[vt], [clients[c] for c in v]) for vt, v in _routes(search.curr)]
    return best, curr, cpu


def _run(search: Any, args: argparse.Namespace, budget: float) -> None:
    if args.iterations:
        search.run(int(budget), lambda: False)
    else:
        search.run(None, exchange._cpu_stop(budget))


def whole(
    data: Any, seeds: list[int], args: argparse.Namespace, budget: float, start: Any
) -> tuple[Any, list[float]]:
    """Whole searches per core (from ``start``, or a random plan): the best plan. With
    ``--starts k`` each core runs k searches of ``budget / k`` (seeds ``s + 100000 j``)."""
    from pyvrp import Route

    best: Any = None
    cpu = [0.0 for _ in seeds]
    for core, seed in enumerate(seeds):
        for j in range(args.starts):
            routes = None if start is None else [Route(data, v, vt) for vt, v in start]
            c0 = time.process_time()
            params = exchange._params(args)
            search = exchange.Search(
                data, seed + 100000 * j, params, args.history, routes, args.penalty_start
            )
            _run(search, args, budget / args.starts)
            cpu[core] += time.process_time() - c0
            if best is None or cost(data, search.best) < cost(data, best):
                best = search.best
    return best, cpu


def cost(data: Any, sol: Any) -> float:
    """The plan's objective (distance plus uncollected prizes); inf when not feasible."""
    from pyvrp import CostEvaluator

    return float(CostEvaluator([1] * data.num_load_dimensions, 1, 1).cost(sol))


def run_seed(data: Any, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    """The whole schedule for one seed; the cost after each step and the CPU-s per core."""
    from pyvrp import Route, Solution

    xy = positions(data)
    sol, cpu = whole(data, [seed, seed + 1000], args, args.whole, None)
    log = [cost(data, sol)]
    here = sol  # the plan the next round splits: the best, or with --carry the current one
    for r in range(args.rounds):
        theta = math.radians(args.rotate * r + 7 * seed)
        groups = split(data, xy, _routes(here), theta, args.parts)
        joined: list[tuple[int, list[int]]] = []
        current: list[tuple[int, list[int]]] = []
        for g, group in enumerate(groups):
            part_seed = seed * 1000 + 2 * r + g if args.parts == 2 else seed * 1000 + 10 * r + g
            routes, now, used = improve(data, group, part_seed, args, args.round)
            joined += routes
            current += now
            cpu[g % 2] += used
        found = Solution(data, [Route(data, v, vt) for vt, v in joined])
        sol = found if cost(data, found) < cost(data, sol) else sol
        here = sol
        if args.carry:
            here = Solution(data, [Route(data, v, vt) for vt, v in current])
        log.append(cost(data, sol))
    if args.final:
        sol, extra = whole(data, [seed + 2000, seed + 3000], args, args.final, _routes(sol))
        cpu = [a + b for a, b in zip(cpu, extra, strict=True)]
        log.append(cost(data, sol))
    ints = [int(c) if math.isfinite(c) else None for c in log]
    return {"seed": seed, "best": ints[-1], "log": ints, "cpu": [round(c, 3) for c in cpu]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["week", "day", "city"], default="city")
    parser.add_argument("--seeds", nargs="+", type=int, default=[1])
    parser.add_argument("--whole", type=float, default=5.0, help="first whole search per core")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--round", type=float, default=5.0, help="per half and round")
    parser.add_argument("--final", type=float, default=0.0, help="last whole search per core")
    parser.add_argument("--rotate", type=float, default=45.0, help="degrees per round")
    parser.add_argument("--iterations", action="store_true", help="budgets in iterations")
    parser.add_argument("--parts", type=int, default=2, help="groups per round (g: core g %% 2)")
    parser.add_argument("--starts", type=int, default=1, help="whole searches per core")
    parser.add_argument(
        "--carry", action="store_true", help="split the current plans, not the best"
    )
    parser.add_argument("--history", type=int, default=partner.LARGE_TUNING.history)
    parser.add_argument(
        "--tuned",
        action="store_true",
        help="the planner's penalties and moves (partner.LARGE_TUNING, session 14)",
    )
    args = parser.parse_args(argv)
    args.extra, args.without, args.max_perturbations = (), (), 25  # exchange._params
    # PyVRP's own penalties (the tables of sessions 9-10 were measured with them), or with
    # --tuned the planner's: time-warp penalty from 30, adjusted every 100 plans, no Swap22.
    tuning = partner.LARGE_TUNING
    args.penalty_every = tuning.penalty_every if args.tuned else 500
    args.penalty_start = tuning.time_warp_penalty if args.tuned else None
    args.without = tuning.without if args.tuned else ()
    args.neighbours, args.wait_weight = 50, 0.2  # PyVRP's neighbourhood defaults
    import pyvrp

    case = exchange._routing().scenario(args.scenario)
    data, _ = partner._data(pyvrp, case.problem, solver._Model(case.problem, ()))
    for seed in args.seeds:
        line = run_seed(data, seed, args)
        ref, best = case.optimum, line["best"]
        line.update(
            scenario=args.scenario,
            whole=args.whole,
            rounds=args.rounds,
            round=args.round,
            final=args.final,
            rotate=args.rotate,
            parts=args.parts,
            starts=args.starts,
            carry=args.carry,
            tuned=args.tuned,
            iterations=args.iterations,
            gap_percent=round((best / ref - 1) * 100, 2) if ref and best else None,
        )
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
