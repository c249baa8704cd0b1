"""Large plans: solve the whole, then re-solve small groups of neighbouring routes.

On a 300-stop week OR-Tools' local search stalls a few per cent above the best known plan
within seconds: its moves are too small to re-cut the borders between routes. Re-solving a
group of three neighbouring routes from scratch (a 45-stop problem, which iterated local
search solves nearly optimally in a fraction of a second) re-cuts those borders; a group's
new routes are kept only when they are cheaper, so the plan never gets worse. Groups whose
routes did not change since they were last tried are skipped; once every group is tried,
other mixes of close routes are tried, then the groups grow by one route.

Each group is tried with the profile's own search and with its partner's (they get stuck in
different places). With a helper process (:mod:`fieldkit.routing.parallel`) two groups that
share no route are re-solved at the same time, which doubles the groups tried in the time.
(Measured in bench/README.md.)
"""

from __future__ import annotations

import itertools
import multiprocessing.connection
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from fieldkit.routing import parallel, partner
from fieldkit.routing.problem import (
    Pin,
    Progress,
    Route,
    RoutingProblem,
    Solution,
    Stop,
    Unplanned,
)
from fieldkit.routing.search import PROFILES, SearchProfile
from fieldkit.routing.solver import beside_partner, better, greedy_plan, schedule, solve

#: Below this many seconds left, when PyVRP gave no usable plan, the greedy plan is the answer
#: (OR-Tools' first solution alone can take seconds on 1,000 stops and is not interruptible).
FALLBACK_SECONDS = 3.0


@dataclass(frozen=True)
class DecomposeSettings:
    """How the time is split: the first whole solve, group size, time per group."""

    first_share: float = 0.2
    #: OR-Tools' iterated local search does not stop on cancel; keeping the first pass short
    #: keeps a cancel answered within seconds (the groups check it between each other).
    first_max_seconds: float = 3.0
    group_size: int = 3
    #: Run the profile's partner search in the helper during the first pass too.
    first_partner: bool = False
    #: Try each group with the partner's search too (else only with the profile's own).
    group_partner: bool = True
    #: More searches each group is tried with, after the profile's and its partner's.
    extra_searches: tuple[SearchProfile, ...] = ()
    group_seconds: float = 0.3
    #: Plans with fewer routes or stops are solved as a whole.
    min_routes: int = 6
    min_stops: int = 100


def worth_decomposing(problem: RoutingProblem, settings: DecomposeSettings | None = None) -> bool:
    """Whether ``problem`` is big enough for the group re-solving to pay off."""
    cfg = settings or DecomposeSettings()
    return len(problem.vehicles) >= cfg.min_routes and len(problem.stops) >= cfg.min_stops


def solve_decomposed(
    problem: RoutingProblem,
    *,
    time_limit: float,
    search: SearchProfile | str = "ils",
    settings: DecomposeSettings | None = None,
    pins: Sequence[Pin] = (),
    on_progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | threading.Event | None = None,
) -> Solution:
    """Like :func:`fieldkit.routing.solver.solve`, with group re-solving after a first pass.

    Pinned stops stay in their route (groups containing a pinned route keep the pin). Stops the
    first pass could not plan stay unplanned with their reason.

    Where PyVRP can express the problem (:mod:`fieldkit.routing.partner`) and the profile has a
    partner, PyVRP searches the whole problem in the helper for the whole time while the groups
    are re-solved here one after the other; the better plan is kept.
    """
    t0 = time.perf_counter()
    profile = PROFILES[search] if isinstance(search, str) else search
    job = None
    if profile.partner is not None and partner.available() and partner.expressible(problem, pins):
        return _pyvrp_pair(problem, time_limit, profile, on_progress, cancel)
    return beside_partner(
        job,
        lambda: _decomposed(problem, time_limit, profile, settings, pins, on_progress, cancel),
        t0,
    )


def _pyvrp_pair(
    problem: RoutingProblem,
    time_limit: float,
    profile: SearchProfile,
    on_progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | threading.Event | None,
) -> Solution:
    """PyVRP on the whole problem twice at once, with different seeds, in two helpers.

    At the sizes worth decomposing PyVRP's search is far ahead of OR-Tools' group re-solving
    (bench/README.md, issue 20), so both cores run it (with the greedier acceptance that
    suits its few iterations per second at this size: :func:`partner.tuning_for`). This
    process only waits (checking ``cancel``, which ends both searches with their best plans):
    the GUI thread stays free.
    Without a second helper the second search runs here (PyVRP lets other threads run between
    its short iterations; OR-Tools' binding would not). Should neither give a usable plan,
    OR-Tools plans in the time left (never an empty plan).
    """
    t0 = time.perf_counter()
    is_cancelled = cancel.is_set if isinstance(cancel, threading.Event) else cancel
    jobs = [
        job
        for seed in (1, 2)
        if (
            job := parallel.submit(
                problem,
                time_limit=time_limit,
                search=profile,
                engine="pyvrp",
                seed=seed,
            )
        )
        is not None
    ]
    found: list[Solution | None] = []
    stopped = False
    try:
        if len(jobs) < 2:
            own = partner.solve_partner(
                problem,
                time_limit=time_limit - (time.perf_counter() - t0),
                seed=2 - len(jobs),
                cancel=is_cancelled,
                on_progress=on_progress,
            )
            found.append(own)
            stopped = own is not None and own.cancelled
        stopped = _wait(jobs, t0 + time_limit, is_cancelled, stopped)
    except BaseException:
        for job in jobs:
            job.abandon()
        raise
    found += [job.result() for job in jobs]
    plans = [f for f in found if f is not None]
    if not plans:
        left = time_limit - (time.perf_counter() - t0)
        if stopped or left < FALLBACK_SECONDS:
            return replace(greedy_plan(problem), cancelled=stopped)
        return solve(problem, time_limit=left, search=replace(profile, partner=None), cancel=cancel)
    best = plans[0]
    for other in plans[1:]:
        best = best if better(best, other) else other
    seen = sum(p.solutions_seen for p in plans)
    return replace(best, seconds=time.perf_counter() - t0, solutions_seen=seen, cancelled=stopped)


def _wait(
    jobs: Sequence[parallel.Job],
    deadline: float,
    is_cancelled: Callable[[], bool] | None,
    stopped: bool,
) -> bool:
    """Wait for the helpers' answers until ``deadline``; on a cancel (or ``stopped``) ask them
    to end with their best plans. Whether the search was cancelled."""
    pending = [job.connection for job in jobs]
    while pending and time.perf_counter() < deadline and not stopped:
        stopped = is_cancelled is not None and is_cancelled()
        if not stopped:
            ready = multiprocessing.connection.wait(pending, timeout=0.05)
            pending = [c for c in pending if c not in ready]
    if stopped:
        for job in jobs:
            job.stop()
    return stopped


def _decomposed(
    problem: RoutingProblem,
    time_limit: float,
    search: SearchProfile,
    settings: DecomposeSettings | None,
    pins: Sequence[Pin],
    on_progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | threading.Event | None,
) -> Solution:
    """The first pass and the group re-solving (see :func:`solve_decomposed`)."""
    cfg = settings or DecomposeSettings()
    t0 = time.perf_counter()
    is_cancelled = cancel.is_set if isinstance(cancel, threading.Event) else cancel
    profile = PROFILES[search] if isinstance(search, str) else search
    first = solve(
        problem,
        time_limit=min(time_limit * cfg.first_share, cfg.first_max_seconds),
        search=profile if cfg.first_partner else replace(profile, partner=None),
        pins=pins,
        on_progress=on_progress,
        cancel=cancel,
    )
    if first.cancelled or not first.routes:
        return first
    # Each group is tried with the profile's own search and then with its partner's: they
    # get stuck in different places. With a helper process two disjoint groups run at once.
    searches = [replace(profile, partner=None)]
    if profile.partner is not None and cfg.group_partner:
        searches.append(replace(profile.partner, partner=None))
    searches += [replace(extra, partner=None) for extra in cfg.extra_searches]
    nv = len(problem.vehicles)
    routes: list[list[int]] = [[] for _ in range(nv)]
    for route in first.routes:
        routes[route.vehicle] = list(route.stops)
    # Each route's schedule, kept so the end result needs no second pass.
    scheduled = [_schedule(problem, v, routes[v]) for v in range(nv)]
    travel = np.asarray(problem.travel)
    tried: set[tuple[tuple[tuple[int, ...], ...], int]] = set()
    shapes = _shapes(min(cfg.group_size, nv), nv)
    shape = 0
    seed = 0
    stale = 0  # seeds in a row whose group was already tried unchanged
    count = first.solutions_seen

    def pick(exclude: set[int]) -> tuple[list[int], int] | None:
        """The next untried group and search; with ``exclude``, only groups apart from it."""
        nonlocal seed, stale, shape
        attempts = 0
        while True:
            busy = [v for v in range(nv) if routes[v]]
            if len(busy) < 2 or (exclude and attempts >= len(busy)):
                return None
            attempts += 1
            v0 = busy[seed % len(busy)]
            seed += 1
            ranked = _neighbours(problem, travel, routes, v0, nv)
            group = [v0] + [ranked[r] for r in shapes[shape] if r < len(ranked)]
            if exclude.intersection(group):
                continue
            key = tuple(tuple(routes[v]) for v in group)
            for k in range(len(searches)):
                if (key, k) not in tried:
                    tried.add((key, k))
                    stale = 0 if not exclude else stale
                    return group, k
            if exclude:
                continue
            stale += 1
            if stale >= len(busy):
                if shape + 1 >= len(shapes):
                    return None
                shape += 1  # every group of this shape is tried: another mix, then wider
                stale = 0

    def subproblem(group: list[int]) -> tuple[RoutingProblem, list[int], list[Pin]]:
        stops = [s for v in group for s in routes[v]]
        local = {s: i for i, s in enumerate(stops)}
        sub = RoutingProblem(
            problem.travel,
            [_local_stop(problem.stops[s], group) for s in stops],
            [problem.vehicles[v] for v in group],
            problem.cost,
        )
        sub_pins = [
            Pin(local[pin.stop], group.index(pin.vehicle), pin.position)
            for pin in pins
            if pin.stop in local and pin.vehicle in group
        ]
        return sub, stops, sub_pins

    def apply(group: list[int], stops: list[int], result: Solution) -> None:
        """Keep the group's new routes if they plan everything and are cheaper."""
        before = sum(_cost(scheduled[v]) for v in group)
        if result.unplanned or result.cost >= before:
            return
        new = {group[r.vehicle]: [stops[i] for i in r.stops] for r in result.routes}
        for v in group:
            routes[v] = new.get(v, [])
            scheduled[v] = _schedule(problem, v, routes[v])
        if on_progress is not None:
            total = sum(_cost(r) for r in scheduled)
            on_progress(Progress(total, total, time.perf_counter() - t0, count))

    while time.perf_counter() - t0 < time_limit - cfg.group_seconds:
        if is_cancelled is not None and is_cancelled():
            break
        one = pick(set())
        if one is None:
            break
        job = None
        two = pick(set(one[0])) if parallel.enabled() else None
        if two is not None:
            sub2, stops2, pins2 = subproblem(two[0])
            job = parallel.submit(
                sub2, time_limit=cfg.group_seconds, search=searches[two[1]], pins=pins2
            )
            if job is None:  # helper busy: try this group again later
                tried.discard((tuple(tuple(routes[v]) for v in two[0]), two[1]))
        sub1, stops1, pins1 = subproblem(one[0])
        try:
            result = solve(sub1, time_limit=cfg.group_seconds, search=searches[one[1]], pins=pins1)
        except BaseException:
            if job is not None:
                job.abandon()
            raise
        count += result.solutions_seen
        apply(one[0], stops1, result)
        if job is not None and two is not None:
            other = job.result(cancelled=bool(is_cancelled is not None and is_cancelled()))
            if other is not None:
                count += other.solutions_seen
                apply(two[0], stops2, other)
    built = tuple(r for r in scheduled if r is not None)
    unplanned: tuple[Unplanned, ...] = first.unplanned
    cost = sum(r.cost for r in built)
    return Solution(
        routes=built,
        unplanned=unplanned,
        cost=cost,
        objective=first.objective - first.cost + cost,
        seconds=time.perf_counter() - t0,
        solutions_seen=count,
        cancelled=bool(is_cancelled is not None and is_cancelled()),
    )


def _local_stop(stop: Stop, group: Sequence[int]) -> Stop:
    """``stop`` with its allowed vehicles numbered as in the group."""
    if stop.allowed_vehicles is None:
        return stop
    allowed = tuple(k for k, v in enumerate(group) if v in stop.allowed_vehicles)
    return replace(stop, allowed_vehicles=allowed)


def _schedule(problem: RoutingProblem, vehicle: int, order: Sequence[int]) -> Route | None:
    return schedule(problem, vehicle, order) if order else None


def _cost(route: Route | None) -> int:
    return route.cost if route is not None else 0


def _shapes(size: int, nv: int) -> list[tuple[int, ...]]:
    """Which neighbours (by closeness rank, 1 = closest) join a route, in the order tried.

    First ``size - 1`` of the three closest in every mix, then one neighbour more each time.
    """
    shapes = list(itertools.combinations(range(1, size + 1), size - 1))
    shapes += [tuple(range(1, k)) for k in range(size + 1, nv + 1)]
    return shapes or [()]


def _neighbours(
    problem: RoutingProblem,
    travel: np.ndarray,
    routes: Sequence[Sequence[int]],
    v0: int,
    size: int,
) -> list[int]:
    """``v0`` and the routes whose stops come closest to its stops."""
    # Planned stops always have a matrix node (stops without one are never in a route).
    nodes0 = np.array([problem.stops[s].node for s in routes[v0]], dtype=np.int64)

    def closeness(v: int) -> float:
        if v == v0:
            return -1.0
        if not routes[v]:
            return float("inf")
        nodes = np.array([problem.stops[s].node for s in routes[v]], dtype=np.int64)
        near = travel[np.ix_(nodes0, nodes)].min(axis=1)
        return float(np.sort(near)[:5].mean())

    return sorted(range(len(routes)), key=closeness)[:size]
