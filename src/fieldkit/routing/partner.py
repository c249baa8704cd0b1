"""PyVRP's hybrid genetic search as the partner engine (issue 20, point 2).

OR-Tools stays the modelling core: it alone handles pinned visits and seeded searches. On the
problems PyVRP can express — time windows, capacities, shift ends, per-worker start and end
addresses, optional visits with prizes, allowed vehicles (as a routing profile per vehicle
group whose edges into forbidden stops are unusable) — PyVRP runs in the helper process beside
OR-Tools and the plan with the lower objective wins (:func:`fieldkit.routing.solver.solve`).
PyVRP's routes are re-timed by :func:`fieldkit.routing.solver.schedule` (break placement
included) and must pass :func:`fieldkit.routing.check.check_solution`, or they are not used.

The break is reserved time, as in the OR-Tools model: a vehicle returns ``duration`` before
its shift end and windows after the break's earliest start end ``duration`` earlier.

When ``pyvrp`` cannot be imported (a frozen bundle without it) :func:`available` is False and
the OR-Tools partner search runs instead.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from fieldkit.routing.check import check_solution
from fieldkit.routing.greedy import vehicle_end
from fieldkit.routing.problem import Pin, Progress, Reason, RoutingProblem, Solution, Unplanned

#: Each distinct set of stops some vehicles may not visit (e.g. the worker-days that may visit
#: the same areas) needs its own pair of dense matrices; beyond this many bytes for them the
#: problem is left to OR-Tools (a 300-stop week affords ~130 such sets, the 1,000-stop city ~12).
MAX_MATRIX_BYTES = 192 * 2**20
#: Larger problems are left to OR-Tools (PyVRP's matrices are dense, one pair per profile).
MAX_STOPS = 3000
#: An edge PyVRP must never use (far beyond any shift, still far from overflow).
FORBIDDEN = 10**9


@dataclass(frozen=True)
class Tuning:
    """How PyVRP's iterated local search accepts and polishes (its late-acceptance hill
    climbing compares a candidate with the plan ``history`` iterations ago;
    ``exhaustive_on_best``: a full local search on every new best plan)."""

    history: int = 300
    exhaustive_on_best: bool = True
    #: The time-warp penalty the search starts with (cost units per second a plan is late);
    #: None: PyVRP's midpoint of its penalty range (50,000).
    time_warp_penalty: float | None = None
    #: Plans between two adjustments of the penalties to the share of feasible plans.
    penalty_every: int = 500
    #: PyVRP's local-search moves left out (by class name), e.g. ``("Swap22",)``.
    without: tuple[str, ...] = ()


#: The large problems' time-warp penalty at the start (issue 20, session 14): PyVRP starts at
#: 50,000 per second late and lowers it by 10 % every 500 plans, so in a 10,000-iteration
#: city search it never gets near the driving cost and the search hardly ever crosses a
#: late plan. Starting at 30 and adjusting every 100 plans, without PyVRP's Swap22 move
#: (slower iterations, no better plans then), lowered the city's mean cost at 25 CPU-s from
#: 2.00 % to 1.30 % above the reference over 16 seeds (bench/README.md).
PENALTY_START = 30.0
#: PyVRP's own defaults, kept for problems under :data:`LARGE_STOPS` stops.
DEFAULT_TUNING = Tuning()
#: From :data:`LARGE_STOPS` stops on: PyVRP does only ~150-400 iterations per CPU-second on
#: the 300-stop week and the 1,000-stop city, so a history of 300 accepts worse plans for
#: most of a 10-30-s search, and a full local search on each new best costs ~0.5 s on the
#: city. Measured with CPU-second budgets (bench/README.md, issue 20 session 8): week
#: 59579 -> 58743-58851 in 4 CPU-s, city 109897 -> 106392-107983 in 25, XT-n257-k32
#: 31648-31903 -> 30910-31116 in 4, XT-n149-k19 20930-20990 -> 20627-20933 in 3; on the
#: 100-customer RC208 and XT-n101-k12 it was not better (so they keep the defaults).
LARGE_TUNING = Tuning(
    history=50,
    exhaustive_on_best=False,
    time_warp_penalty=PENALTY_START,
    penalty_every=100,
    without=("Swap22",),
)
LARGE_STOPS = 150


def tuning_for(problem: RoutingProblem) -> Tuning:
    """The measured better tuning for a problem of this size."""
    return LARGE_TUNING if len(problem.stops) >= LARGE_STOPS else DEFAULT_TUNING


def _pyvrp() -> Any | None:
    try:
        return importlib.import_module("pyvrp")
    except ImportError:
        return None


def available() -> bool:
    """Whether the partner engine can be used here."""
    return _pyvrp() is not None


def expressible(
    problem: RoutingProblem,
    pins: Sequence[Pin] = (),
    initial_routes: Sequence[Sequence[int]] | None = None,
) -> bool:
    """Whether PyVRP can solve ``problem`` as OR-Tools would (no pins, no seed, size)."""
    if pins or initial_routes is not None or not problem.vehicles or not problem.stops:
        return False
    if len(problem.stops) > MAX_STOPS:
        return False
    depots = {v.start for v in problem.vehicles} | {v.end for v in problem.vehicles}
    size = len(problem.stops) + len(depots)
    profiles = {key[-1] for key in _groups(problem)}  # one per set of forbidden stops
    return len(profiles) * size * size * 16 <= MAX_MATRIX_BYTES


def _groups(problem: RoutingProblem) -> dict[tuple[Any, ...], list[int]]:
    """Vehicles that PyVRP may treat as one vehicle type, by their properties."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for v, veh in enumerate(problem.vehicles):
        forbidden = tuple(
            i
            for i, s in enumerate(problem.stops)
            if s.allowed_vehicles is not None and v not in s.allowed_vehicles
        )
        key = (veh.start, veh.end, veh.shift_start, vehicle_end(veh), veh.capacity, forbidden)
        groups.setdefault(key, []).append(v)
    return groups


def solve_partner(
    problem: RoutingProblem,
    *,
    time_limit: float,
    seed: int = 1,
    cancel: Callable[[], bool] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    tuning: Tuning | None = None,
) -> Solution | None:
    """PyVRP's best plan for ``problem`` in ``time_limit`` s, checked; None if none usable.

    The search stops at a deadline counted from the call (set-up included) or when
    ``cancel()`` returns True; then its best plan so far is returned (``cancelled`` set).
    ``on_progress`` is called on every improvement. PyVRP's search hands the interpreter
    back between its short iterations, so a GUI thread beside it stays responsive.
    ``tuning``: :func:`tuning_for` the problem's size unless given.
    """
    from fieldkit.routing import solver

    pyvrp = _pyvrp()
    if pyvrp is None or not expressible(problem):
        return None
    t0 = time.perf_counter()
    model = solver._Model(problem, ())
    if not model.active:
        return None
    data, types = _data(pyvrp, problem, model)
    stop = _Stop(t0 + max(0.05, time_limit - finish_reserve(problem, time_limit)), cancel)
    stop.on_progress = on_progress
    result = search(data, stop, seed, tuning or tuning_for(problem))
    orders: list[list[int]] = [[] for _ in problem.vehicles]
    free = {t: list(vs) for t, vs in enumerate(types)}
    for route in result.best.routes():
        vehicle = free[route.vehicle_type()].pop(0)
        orders[vehicle] = [model.active[a.idx] for a in route if a.is_client()]
    found = _scored(problem, model, orders, t0)
    if found is None:
        return None
    found = replace(found, solutions_seen=stop.improvements, cancelled=stop.cancelled)
    return found if not check_solution(problem, found) else None


def _params(tuning: Tuning) -> Any:
    """PyVRP's solve parameters with ``tuning`` (its defaults otherwise)."""
    from pyvrp import IteratedLocalSearchParams, PenaltyParams, SolveParams
    from pyvrp.search import OPERATORS

    ils = IteratedLocalSearchParams(
        history_length=tuning.history, exhaustive_on_best=tuning.exhaustive_on_best
    )
    operators = [op for op in OPERATORS if op.__name__ not in tuning.without]
    penalty = PenaltyParams(solutions_between_updates=tuning.penalty_every)
    return SolveParams(ils=ils, penalty=penalty, operators=operators)


def search(data: Any, stop: Callable[[float], bool], seed: int, tuning: Tuning) -> Any:
    """PyVRP's ``solve`` with ``tuning`` (its result): see :func:`_iterated_search`."""
    return _iterated_search(data, seed, tuning).run(stop, collect_stats=False, display=False)


def _iterated_search(data: Any, seed: int, tuning: Tuning) -> Any:
    """PyVRP's iterated local search as ``pyvrp.solve`` builds it, the same steps in the same
    order (so a seed means the same search), except that the time-warp penalty may start
    elsewhere (``tuning.time_warp_penalty``)."""
    from pyvrp import IteratedLocalSearch, RandomNumberGenerator, Solution

    params = _params(tuning)
    rng = RandomNumberGenerator(seed=seed)
    ls, pm = search_parts(data, rng, params, tuning.time_warp_penalty)
    init = ls(Solution.make_random(data, rng), pm.max_cost_evaluator(), exhaustive=True)
    return IteratedLocalSearch(data, pm, ls, init, params.ils)


def search_parts(
    data: Any, rng: Any, params: Any, time_warp_penalty: float | None
) -> tuple[Any, Any]:
    """PyVRP's local search (neighbourhood, perturbation and moves of ``params``, a
    ``pyvrp.SolveParams``) and penalty manager, built as ``pyvrp.solve`` builds them; the
    time-warp penalty starts at ``time_warp_penalty`` (None: PyVRP's midpoint). Shared with
    the bench's resumable search (bench/pyvrp_exchange.py)."""
    from pyvrp import PenaltyManager
    from pyvrp.search import LocalSearch, PerturbationManager, compute_neighbours

    neighbours = compute_neighbours(data, params.neighbourhood)
    ls = LocalSearch(data, rng, neighbours, PerturbationManager(params.perturbation))
    for op in params.operators:
        if op.supports(data):
            ls.add_operator(op(data))
    load, warp, distance = params.penalty.midpoint_penalties(data)
    if time_warp_penalty is not None:
        warp = time_warp_penalty
    return ls, PenaltyManager((load, warp, distance), params.penalty)


class _Stop:
    """PyVRP's stopping criterion: a deadline (wall clock) or the caller's cancel."""

    def __init__(self, deadline: float, cancel: Callable[[], bool] | None) -> None:
        self.deadline = deadline
        self.cancel = cancel
        self.cancelled = False
        self.best: float | None = None
        self.improvements = 0
        self.t0 = time.perf_counter()
        self.on_progress: Callable[[Progress], None] | None = None

    def __call__(self, best_cost: float) -> bool:
        if self.best is None or best_cost < self.best:
            self.best = best_cost
            self.improvements += 1
            if self.on_progress is not None:
                value = int(best_cost)
                seconds = time.perf_counter() - self.t0
                self.on_progress(Progress(value, value, seconds, self.improvements))
        if self.cancel is not None and self.cancel():
            self.cancelled = True
            return True
        return time.perf_counter() >= self.deadline


def _scored(
    problem: RoutingProblem, model: Any, orders: list[list[int]], t0: float
) -> Solution | None:
    """The routes in visiting ``orders`` re-timed and scored as OR-Tools scores them; None
    when a mandatory stop is left out (a plan without it does not count)."""
    from fieldkit.routing import solver

    routes = tuple(solver.schedule(problem, v, o) for v, o in enumerate(orders) if o)
    planned = {s for r in routes for s in r.stops}
    unplanned = [Unplanned(i, r) for i, r in model.early.items()]
    unplanned += [Unplanned(i, Reason.NOT_ENOUGH_TIME) for i in model.active if i not in planned]
    unplanned.sort(key=lambda u: u.stop)
    cost = sum(r.cost for r in routes)
    dropped = [problem.stops[u.stop] for u in unplanned if u.stop not in model.early]
    if any(s.mandatory for s in dropped):
        return None  # the literature's instances: a plan that leaves a stop out does not count
    penalty = sum(solver.drop_penalty(model.longest, s.priority) for s in dropped)
    return Solution(routes, tuple(unplanned), cost, cost + penalty, time.perf_counter() - t0, 1)


def finish_reserve(problem: RoutingProblem, time_limit: float) -> float:
    """Seconds kept back from PyVRP's deadline for its last iteration, our re-timing, the
    check and the answer's way back from the helper.

    The deadline counts PyVRP's set-up (its first local search of a random plan) too. On the
    1,000-stop city week the last iteration, re-timing, check and pickling take about 0.05 s
    on an idle machine (measured 7 Dec 2026: re-timing 3 ms, check 1 ms, pickling 1 ms); the
    reserve (0.35 s there) leaves room for a loaded one, and a partner answer that comes
    later than the caller's grace second is thrown away (parallel.GRACE_SECONDS). Every
    second kept back is a second less search: the old reserve (1.1 s on the city) ended the
    plan at 29.0 s of 30.
    """
    return min(0.25 * time_limit, 0.005 * time_limit + 0.0002 * len(problem.stops))


def _depots(problem: RoutingProblem) -> tuple[list[int], int]:
    """The distinct depot nodes and how many there are (PyVRP's first locations)."""
    nodes = sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
    return nodes, len(nodes)


def _data(pyvrp: Any, problem: RoutingProblem, model: Any) -> tuple[Any, list[list[int]]]:
    """PyVRP's problem data: locations = depots then active stops; one profile per group."""
    depot_nodes, nd = _depots(problem)
    nodes = np.array(depot_nodes + [problem.stops[i].node for i in model.active], np.int64)
    sub = np.ix_(nodes, nodes)
    duration = np.array(model.travel[sub], dtype=np.int64)
    distance = np.array(model.costm[sub], dtype=np.int64)
    np.fill_diagonal(duration, 0)
    np.fill_diagonal(distance, 0)
    has_cap = any(v.capacity is not None for v in problem.vehicles)
    locations = [pyvrp.Location(0, 0) for _ in nodes]
    depots = [pyvrp.Depot(k) for k in range(nd)]
    clients = []
    for k, i in enumerate(model.active):
        stop = problem.stops[i]
        lo, hi = model.windows.get(i, (0, np.iinfo(np.int64).max))
        clients.append(
            pyvrp.Client(
                nd + k,
                delivery=[stop.demand] if has_cap else [],
                service_duration=stop.service,
                tw_early=lo,
                tw_late=hi,
                prize=0 if stop.mandatory else solver_penalty(model, stop.priority),
                required=stop.mandatory,
            )
        )
    position = {i: nd + k for k, i in enumerate(model.active)}
    types: list[Any] = []
    members: list[list[int]] = []
    distances: list[np.ndarray] = []
    durations: list[np.ndarray] = []
    # One profile per set of forbidden stops, shared by the groups that have it: PyVRP
    # searches ~20 % faster with one profile than with seven equal ones (the city's depots).
    profiles: dict[tuple[int, ...], int] = {}
    for key, vehicles in _groups(problem).items():
        start, end, shift_start, latest, capacity, forbidden = key
        if forbidden not in profiles:
            profiles[forbidden] = len(distances)
            cols = [position[i] for i in forbidden if i in position]
            distances.append(_forbid(distance, cols))
            durations.append(_forbid(duration, cols))
        profile = profiles[forbidden]
        # Starting later never makes a route feasible that is not so from the shift start.
        extra: dict[str, Any] = {"tw_early": shift_start, "start_late": shift_start}
        if latest is not None:
            extra["tw_late"] = latest
        types.append(
            pyvrp.VehicleType(
                len(vehicles),
                capacity=[capacity if capacity is not None else 2**40] if has_cap else [],
                start_depot=depot_nodes.index(start),
                end_depot=depot_nodes.index(end),
                profile=profile,
                **extra,
            )
        )
        members.append(vehicles)
    data = pyvrp.ProblemData(locations, clients, depots, types, distances, durations)
    return data, members


def _forbid(matrix: np.ndarray, cols: list[int]) -> np.ndarray:
    """``matrix`` with the edges into ``cols`` unusable (itself when there are none)."""
    if not cols:
        return matrix
    out = matrix.copy()
    out[:, cols] = FORBIDDEN
    np.fill_diagonal(out, 0)
    return out


def solver_penalty(model: Any, priority: int) -> int:
    """The OR-Tools model's drop penalty, so both engines weigh a dropped visit alike."""
    from fieldkit.routing.solver import drop_penalty

    return drop_penalty(model.longest, priority)
