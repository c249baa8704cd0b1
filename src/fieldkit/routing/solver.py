"""The generic solver: OR-Tools routing over an integer travel-time matrix.

Model choices (why):

* Transit and cost are registered as matrices (``RegisterTransitMatrix``), not Python
  callbacks: the search then never calls back into Python, which is several times faster.
* Every stop is optional with a penalty (a disjunction), so an over-full week never makes the
  solver fail; what it drops is reported with a reason, never silently.
* The break is *reserved time*: a route may end ``duration`` earlier than the shift, and
  latest-start windows after ``earliest`` are tightened by ``duration``. The break is then put
  at the first stop boundary at or after ``earliest``; that delays later visits by at most the
  break, which the reservation absorbs, so the result is always feasible. OR-Tools' break
  intervals (``SetBreakIntervalsOfVehicle``) model the same exactly but slow every move of the
  search down a lot; for an outreach day with mostly "not before" windows the reservation loses
  nothing measurable.
* Fixed choices are hard: allowed vehicle = the pinned one, and a position is enforced by a
  counting dimension whose cumul at a node is the number of stops before it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from ortools.constraint_solver import pywrapcp

from fieldkit.routing import parallel, partner
from fieldkit.routing.check import check_route
from fieldkit.routing.greedy import greedy_routes
from fieldkit.routing.problem import (
    IntMatrix,
    Pin,
    Progress,
    Reason,
    Route,
    RoutingProblem,
    Solution,
    Unplanned,
    Vehicle,
    Visit,
)
from fieldkit.routing.search import PROFILES, SearchProfile, search_parameters

ProgressCallback = Callable[[Progress], None]
#: At most about this long after the search, pinned stops it left out are put on their route.
REPAIR_SECONDS = 0.5
#: At most this many other stops leave a route to make room for one such pin.
MOST_TAKEN = 3
#: Below this many seconds left after a failed first search the greedy plan is returned as is.
FALLBACK_MIN_SECONDS = 0.2
CancelCheck = Callable[[], bool]


def drop_penalty(travel: IntMatrix | int, priority: int) -> int:
    """Cost of leaving a stop out: more than any detour it could save, ×10 per priority step.

    ``travel`` is the matrix or its longest leg (computed once per model: scanning a
    1,000-stop matrix for every stop took a second).
    """
    longest = travel if isinstance(travel, int) else int(travel.max(initial=0))
    base = 4 * longest + 1000
    return int(base * 10 ** max(0, min(priority, 6)))


def solve(
    problem: RoutingProblem,
    *,
    time_limit: float = 5.0,
    solution_limit: int = 0,
    search: SearchProfile | str = "ils",
    pins: Sequence[Pin] = (),
    initial_routes: Sequence[Sequence[int]] | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelCheck | threading.Event | None = None,
) -> Solution:
    """Plan ``problem`` and return routes and the unplanned stops with reasons.

    ``initial_routes`` (stop indices per vehicle) seed the search, e.g. the previous plan after
    a drag-and-drop. ``on_progress`` is called on each improving solution; when ``cancel``
    returns True (or the event is set) the search stops and the best plan so far is returned.
    The same input and limits give the same routes when the search ends by ``solution_limit``
    or by itself; a pure time limit may stop at a different step on a busier machine.

    A profile with a ``partner`` runs a partner search in a helper process at the same time
    (only under a pure time limit and without ``initial_routes``) and returns the better plan:
    PyVRP's hybrid genetic search where it can express the problem (no pins), else the
    profile's OR-Tools partner (:func:`start_partner`).
    """
    t0 = time.perf_counter()
    profile = PROFILES[search] if isinstance(search, str) else search
    job = None
    if profile.partner is not None and solution_limit <= 0 and initial_routes is None:
        job = start_partner(
            problem, time_limit=time_limit, partner_search=profile.partner, pins=pins
        )
    return beside_partner(
        job,
        lambda: _Model(problem, pins).run(
            profile=profile,
            time_limit=time_limit,
            solution_limit=solution_limit,
            initial_routes=initial_routes,
            on_progress=on_progress,
            cancel=cancel,
        ),
        t0,
    )


def greedy_plan(problem: RoutingProblem, pins: Sequence[Pin] = ()) -> Solution:
    """The constructive plan of :mod:`fieldkit.routing.greedy` at once: feasible by
    construction, what cannot be placed unplanned with its reason."""
    return _Model(problem, pins)._greedy(time.perf_counter())


def beside_partner(
    job: parallel.Job | None, run_own: Callable[[], Solution], t0: float
) -> Solution:
    """Run our own search while the partner's ``job`` (if any) searches in the helper; the
    better plan, its time counted from ``t0`` and the solutions of both. An error here ends
    the partner's job too."""
    try:
        own = run_own()
    except BaseException:
        if job is not None:
            job.abandon()
        raise
    if job is None:
        return own
    other = job.result(cancelled=own.cancelled)
    best = own if other is None or better(own, other) else other
    seen = own.solutions_seen + (other.solutions_seen if other is not None else 0)
    return replace(best, seconds=time.perf_counter() - t0, solutions_seen=seen)


def start_partner(
    problem: RoutingProblem,
    *,
    time_limit: float,
    partner_search: SearchProfile,
    pins: Sequence[Pin] = (),
) -> parallel.Job | None:
    """The partner search in the helper: PyVRP where it can express the problem (and is
    installed), else OR-Tools with ``partner_search``; None without a free helper."""
    if partner.available() and partner.expressible(problem, pins):
        return parallel.submit(
            problem, time_limit=time_limit, search=partner_search, engine="pyvrp"
        )
    return parallel.submit(problem, time_limit=time_limit, search=partner_search, pins=pins)


def _by_vehicle(solution: Solution, vehicles: int) -> list[Route]:
    """One route per vehicle (empty where the solution has none)."""
    empty = [Route(v, (), 0, 0, 0, 0, 0) for v in range(vehicles)]
    for route in solution.routes:
        empty[route.vehicle] = route
    return empty


def better(a: Solution, b: Solution) -> bool:
    """Whether ``a`` is at least as good as ``b``: objective (cost and penalties of dropped
    stops), then fewer unplanned stops, then lower cost."""
    return (a.objective, len(a.unplanned), a.cost) <= (b.objective, len(b.unplanned), b.cost)


def _reserve_break(window: tuple[int, int], vehicles: Sequence[Vehicle]) -> tuple[int, int]:
    """The window with its end moved earlier by the longest break that may come before it.

    The break goes in at the first stop boundary at or after ``earliest``, so a visit starting
    before ``earliest`` is never delayed by it; later ones by at most its duration.
    """
    lo, hi = window
    breaks = [v.break_ for v in vehicles if v.break_ is not None]
    if breaks:
        earliest = min(b.earliest for b in breaks)
        duration = max(b.duration for b in breaks)
        if hi >= earliest:
            hi = max(earliest - 1, hi - duration)
    return lo, hi


@dataclass
class _SearchState:
    best: int | None = None
    count: int = 0
    cancelled: bool = False


class _Model:
    def __init__(self, problem: RoutingProblem, pins: Sequence[Pin]) -> None:
        self.p = problem
        self.travel = np.asarray(problem.travel, dtype=np.int64)
        self.costm = self.travel if problem.cost is None else np.asarray(problem.cost, np.int64)
        self.longest = int(self.travel.max(initial=0))  # for drop_penalty
        self.pins = {pin.stop: pin for pin in pins}
        self.softened = False  # the fallback's second model: no third try
        nv = len(problem.vehicles)
        self.early: dict[int, Reason] = {}
        self.active: list[int] = []  # stop indices in the model
        self.windows: dict[int, tuple[int, int]] = {}
        for i, stop in enumerate(problem.stops):
            if stop.window is not None:
                self.windows[i] = _reserve_break(stop.window, problem.vehicles)
            pin = self.pins.get(i)
            allowed = stop.allowed_vehicles
            if stop.node is None:
                self.early[i] = Reason.NO_COORDINATES
            elif pin is not None and not 0 <= pin.vehicle < nv:
                self.early[i] = Reason.PIN_NOT_POSSIBLE
            elif pin is None and allowed is not None and not any(0 <= v < nv for v in allowed):
                self.early[i] = Reason.NO_VEHICLE
            elif i in self.windows and self.windows[i][1] < self.windows[i][0]:
                self.early[i] = Reason.NOT_ENOUGH_TIME
            else:
                self.active.append(i)
        # Model nodes: one per distinct depot node, then one per active stop.
        depots = sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
        self.depot_node = {d: k for k, d in enumerate(depots)}
        self.matrix_nodes = np.array(
            depots + [problem.stops[i].node for i in self.active], dtype=np.int64
        )
        self.first_stop = len(depots)

    # ------------------------------------------------------------------ build
    def _build(self) -> tuple[pywrapcp.RoutingIndexManager, pywrapcp.RoutingModel]:
        p = self.p
        vehicles = p.vehicles
        sub = np.ix_(self.matrix_nodes, self.matrix_nodes)
        travel = self.travel[sub]
        cost = self.costm[sub]
        np.fill_diagonal(travel, 0)
        np.fill_diagonal(cost, 0)
        manager = pywrapcp.RoutingIndexManager(
            len(self.matrix_nodes),
            len(vehicles),
            [self.depot_node[v.start] for v in vehicles],
            [self.depot_node[v.end] for v in vehicles],
        )
        routing = pywrapcp.RoutingModel(manager)
        self.manager, self.routing = manager, routing
        cost_cb = routing.RegisterTransitMatrix(cost.tolist())
        routing.SetArcCostEvaluatorOfAllVehicles(cost_cb)

        stops = [p.stops[i] for i in self.active]
        service = np.zeros(len(self.matrix_nodes), dtype=np.int64)
        service[self.first_stop :] = [s.service for s in stops]
        self.time_dim = None
        if any(v.shift_end is not None for v in vehicles) or any(s.window for s in stops):
            self._add_time(travel + service[:, None], vehicles, stops)
        if any(v.capacity is not None for v in vehicles):
            demand = [0] * self.first_stop + [s.demand for s in stops]
            cb = routing.RegisterUnaryTransitVector(demand)
            caps = [v.capacity if v.capacity is not None else 2**40 for v in vehicles]
            routing.AddDimensionWithVehicleCapacity(cb, 0, caps, True, "load")

        for k, i in enumerate(self.active):
            stop = p.stops[i]
            index = manager.NodeToIndex(self.first_stop + k)
            pin = self.pins.get(i)
            # SetAllowedVehiclesForIndex rejects every Python list in the 9.15 binding;
            # restricting the vehicle variable is the equivalent (-1 = not performed).
            if pin is not None:
                routing.VehicleVar(index).SetValues([-1, pin.vehicle])
            elif stop.allowed_vehicles is not None:
                allowed = sorted({v for v in stop.allowed_vehicles if 0 <= v < len(vehicles)})
                if len(allowed) < len(vehicles):
                    routing.VehicleVar(index).SetValues([-1, *allowed])
            if stop.mandatory:
                continue
            routing.AddDisjunction([index], self._penalty(i))
        positioned = [pin for pin in self.pins.values() if pin.position is not None]
        if positioned:
            ones = [0] * self.first_stop + [1] * len(self.active)
            cb = routing.RegisterUnaryTransitVector(ones)
            routing.AddDimension(cb, 0, len(self.active) + 1, True, "position")
            position = routing.GetDimensionOrDie("position")
            for pin in positioned:
                if pin.stop in self.early:
                    continue
                index = manager.NodeToIndex(self.first_stop + self.active.index(pin.stop))
                position.CumulVar(index).SetValue(pin.position)
        return manager, routing

    def _add_time(self, transit: IntMatrix, vehicles: Sequence[Vehicle], stops: list) -> None:
        routing, manager = self.routing, self.manager
        windows_end = [w[1] for w in self.windows.values()]
        horizon = max(
            [v.shift_end for v in vehicles if v.shift_end is not None]
            + windows_end
            + [v.shift_start for v in vehicles]
        )
        horizon += int(transit.max(initial=0)) * (len(stops) + 2) if not windows_end else 0
        horizon = max(horizon, 1)
        cb = routing.RegisterTransitMatrix(transit.tolist())
        # Without windows nobody ever needs to wait: no slack makes the dimension a plain
        # running sum, which the local search checks much faster.
        slack = horizon if self.windows else 0
        routing.AddDimension(cb, slack, horizon, False, "time")
        dim = routing.GetDimensionOrDie("time")
        self.time_dim = dim
        for v, veh in enumerate(vehicles):
            end = horizon if veh.shift_end is None else veh.shift_end
            if veh.break_ is not None:
                end -= veh.break_.duration
            end = max(veh.shift_start, end)
            latest_start = end if self.windows else veh.shift_start
            dim.CumulVar(routing.Start(v)).SetRange(veh.shift_start, latest_start)
            dim.CumulVar(routing.End(v)).SetRange(veh.shift_start, end)
            if self.windows:
                routing.AddVariableMinimizedByFinalizer(dim.CumulVar(routing.End(v)))
        for k, i in enumerate(self.active):
            if i in self.windows:
                index = manager.NodeToIndex(self.first_stop + k)
                dim.CumulVar(index).SetRange(*self.windows[i])

    # ------------------------------------------------------------------ run
    def run(
        self,
        *,
        profile: SearchProfile,
        time_limit: float,
        solution_limit: int,
        initial_routes: Sequence[Sequence[int]] | None,
        on_progress: ProgressCallback | None,
        cancel: CancelCheck | threading.Event | None,
    ) -> Solution:
        t0 = time.perf_counter()
        if not self.active or not self.p.vehicles:
            return self._empty(t0, Reason.NO_VEHICLE if not self.p.vehicles else None)
        _, routing = self._build()
        params = search_parameters(profile, time_limit=time_limit, solution_limit=solution_limit)
        state = _SearchState()
        is_cancelled = cancel.is_set if isinstance(cancel, threading.Event) else cancel

        def at_solution() -> None:
            state.count += 1
            value = int(routing.CostVar().Value())
            if state.best is None or value < state.best:
                state.best = value
                if on_progress is not None:
                    on_progress(Progress(value, value, time.perf_counter() - t0, state.count))
            if is_cancelled is not None and is_cancelled():
                state.cancelled = True
                routing.solver().FinishCurrentSearch()

        routing.AddAtSolutionCallback(at_solution)
        if is_cancelled is not None:
            # Checked often during a move search too, not only when a solution is found. A
            # cancel before the first solution lets that solution be built (it takes a moment):
            # stopping there would throw away every stop the user asked to plan.
            def limit() -> bool:
                if state.count and is_cancelled():
                    state.cancelled = True
                    return True
                return False

            # Keep a reference: the monitor must outlive the search (SWIG does not own it).
            self._limit = routing.solver().CustomLimit(limit)
            routing.AddSearchMonitor(self._limit)
        routing.CloseModelWithParameters(params)
        assignment = None
        if initial_routes is not None:
            seed = self._seed(initial_routes)
            if seed is not None:
                assignment = routing.SolveFromAssignmentWithParameters(seed, params)
        if assignment is None and params.use_iterated_local_search:
            # SolveWithParameters ignores use_iterated_local_search in OR-Tools 9.15.
            assignment = routing.SolveWithIteratedLocalSearch(params)
        elif assignment is None:
            assignment = routing.SolveWithParameters(params)
        if assignment is None and not state.cancelled:
            return self._fallback(t0, profile, time_limit, on_progress, cancel)
        if assignment is None:
            return self._greedy(t0, cancelled=True)
        return self._placed_pins(self._extract(assignment, t0, state.count, state.cancelled))

    def _penalty(self, i: int) -> int:
        """What leaving stop ``i`` unplanned costs in the objective."""
        penalty = drop_penalty(self.longest, self.p.stops[i].priority)
        if i in self.pins:
            penalty *= 1000  # a fixed choice is dropped only if it is impossible
        return penalty

    def _placed_pins(self, solution: Solution) -> Solution:
        """Pinned stops the search left out only because it ended first (a short limit, a
        busy machine: it drops them on the way to a plan that keeps the pin) go where the
        user pinned them: at the pinned position, or without one at the cheapest place in
        the pinned route. When the route is too full for them, up to three other stops leave
        it (:meth:`_make_room`), as the finished search would have chosen: a pin weighs a
        thousand times a stop. Each goes to the cheapest place on another route that stays
        valid, else it is unplanned for lack of time. A pin that fits nowhere on its route
        stays reported as impossible.

        The objective is the search's own (penalties of what is left out, the arc costs),
        so the repaired plan compares fairly with others (:func:`better`)."""
        left = [
            u.stop
            for u in solution.unplanned
            if u.reason is Reason.PIN_NOT_POSSIBLE and u.stop not in self.early
        ]
        if not left:
            return solution
        routes = {r.vehicle: r for r in solution.routes}
        unplanned = {u.stop: u for u in solution.unplanned}
        objective = solution.objective
        deadline = time.perf_counter() + REPAIR_SECONDS
        for stop in left:
            if time.perf_counter() > deadline:
                break  # hundreds of pins on long routes: the rest stay reported
            pin = self.pins[stop]
            old = routes.get(pin.vehicle)
            order = old.stops if old is not None else []
            route = self._cheapest(pin.vehicle, order, stop, pin.position)
            taken: list[int] = []
            if route is None:
                room = self._make_room(pin.vehicle, order, stop, pin.position)
                if room is None:
                    continue
                route, taken = room
            routes[pin.vehicle] = route
            del unplanned[stop]
            objective += route.cost - (old.cost if old is not None else 0) - self._penalty(stop)
            for out in taken:
                objective += self._moved_elsewhere(out, pin.vehicle, routes, unplanned)
        if all(stop in unplanned for stop in left):
            return solution  # no pin went in, so no route changed either
        kept = tuple(routes[v] for v in sorted(routes) if routes[v].visits)
        return replace(
            solution,
            routes=kept,
            unplanned=tuple(unplanned[s] for s in sorted(unplanned)),
            cost=sum(r.cost for r in kept),
            objective=objective,
        )

    def _cheapest(
        self, vehicle: int, order: Sequence[int], stop: int, position: int | None = None
    ) -> Route | None:
        """The cheapest valid route of ``vehicle`` with ``stop`` inserted into ``order``
        (at ``position`` only, when given), keeping the route's other pins; None if none."""
        allowed = self.p.stops[stop].allowed_vehicles
        if stop not in self.pins and allowed is not None and vehicle not in allowed:
            return None
        places = range(len(order) + 1) if position is None else [position]
        best: Route | None = None
        for at in places:
            if at > len(order):
                continue
            route = schedule(self.p, vehicle, [*order[:at], stop, *order[at:]])
            if not self._keeps_pins(route) or check_route(self.p, route):
                continue
            if best is None or route.cost < best.cost:
                best = route
        return best

    def _make_room(
        self, vehicle: int, order: Sequence[int], stop: int, position: int | None
    ) -> tuple[Route, list[int]] | None:
        """The way to fit the pinned ``stop`` by taking up to :data:`MOST_TAKEN` other stops
        out of the route (never another pin or a benchmark's mandatory stop): the route and
        the stops taken out, or None. One stop: the cheapest that makes room. Where no single
        stop does, the one whose leaving frees the most time goes first, and so on; taken
        together they must weigh less than the pin."""
        rest = list(order)
        taken: list[int] = []
        for _ in range(MOST_TAKEN):
            movable = [k for k, other in enumerate(rest) if self._movable(other)]
            best: tuple[int, Route, int] | None = None
            for k in movable:
                route = self._cheapest(vehicle, [*rest[:k], *rest[k + 1 :]], stop, position)
                if route is not None:
                    price = route.cost + self._penalty(rest[k])
                    if best is None or price < best[0]:
                        best = (price, route, k)
            if best is not None:
                taken.append(rest[best[2]])
                if sum(self._penalty(t) for t in taken) >= self._penalty(stop):
                    return None
                return best[1], taken
            if not movable:
                return None
            ends = {
                k: schedule(self.p, vehicle, [*rest[:k], *rest[k + 1 :]]).end_time for k in movable
            }
            k = min(movable, key=lambda k: (ends[k], self._penalty(rest[k])))
            taken.append(rest.pop(k))
        return None

    def _movable(self, stop: int) -> bool:
        """May ``stop`` leave its route to make room for a pin?"""
        return stop not in self.pins and not self.p.stops[stop].mandatory

    def _moved_elsewhere(
        self,
        stop: int,
        source: int,
        routes: dict[int, Route],
        unplanned: dict[int, Unplanned],
    ) -> int:
        """Put ``stop`` (taken out of ``source``'s route) on the cheapest other route where
        it fits, else leave it unplanned; what that adds to the objective."""
        best: Route | None = None
        extra = 0
        for v in range(len(self.p.vehicles)):
            if v == source:
                continue
            old = routes.get(v)
            route = self._cheapest(v, old.stops if old is not None else [], stop)
            if route is None:
                continue
            added = route.cost - (old.cost if old is not None else 0)
            if best is None or added < extra:
                best, extra = route, added
        if best is None:
            unplanned[stop] = Unplanned(stop, Reason.NOT_ENOUGH_TIME)
            return self._penalty(stop)
        routes[best.vehicle] = best
        return extra

    def _keeps_pins(self, route: Route) -> bool:
        order = route.stops
        return all(
            pin.position is None or order.index(pin.stop) == pin.position
            for pin in self.pins.values()
            if pin.vehicle == route.vehicle and pin.stop in order
        )

    def _fallback(
        self,
        t0: float,
        profile: SearchProfile,
        time_limit: float,
        on_progress: ProgressCallback | None,
        cancel: CancelCheck | threading.Event | None,
    ) -> Solution:
        """No first solution: search again from the greedy plan with every stop optional.

        Mandatory stops (benchmarks) get the highest drop penalty instead, so the search still
        tries hard to place them all; what it cannot place is reported, never an empty plan.
        Without time left the greedy plan itself is the answer.
        """
        left = time_limit - (time.perf_counter() - t0)
        greedy = self._greedy(t0)
        if left < FALLBACK_MIN_SECONDS or self.softened:
            return greedy
        soft = replace(
            self.p,
            stops=[
                replace(s, mandatory=False, priority=6) if s.mandatory else s for s in self.p.stops
            ],
        )
        model = _Model(soft, list(self.pins.values()))
        model.softened = True
        again = model.run(
            profile=replace(profile, partner=None),
            time_limit=left,
            solution_limit=0,
            initial_routes=[list(r.stops) for r in _by_vehicle(greedy, len(self.p.vehicles))],
            on_progress=on_progress,
            cancel=cancel,
        )
        best = again if better(again, greedy) else greedy
        return replace(best, seconds=time.perf_counter() - t0)

    def _greedy(self, t0: float, *, cancelled: bool = False) -> Solution:
        """The constructive plan of :mod:`fieldkit.routing.greedy`, scheduled and scored."""
        orders = greedy_routes(self.p, self.active, self.windows)
        routes = [schedule(self.p, v, order) for v, order in enumerate(orders) if order]
        planned = {s for r in routes for s in r.stops}
        unplanned = [Unplanned(i, r) for i, r in self.early.items()]
        unplanned += [Unplanned(i, Reason.NOT_ENOUGH_TIME) for i in self.active if i not in planned]
        unplanned.sort(key=lambda u: u.stop)
        cost = sum(r.cost for r in routes)
        dropped = [self.p.stops[u.stop] for u in unplanned if u.stop not in self.early]
        penalty = sum(drop_penalty(self.longest, max(s.priority, 6 * s.mandatory)) for s in dropped)
        return Solution(
            tuple(routes),
            tuple(unplanned),
            cost,
            cost + penalty,
            time.perf_counter() - t0,
            1,
            cancelled,
        )

    def _seed(self, initial_routes: Sequence[Sequence[int]]) -> pywrapcp.Assignment | None:
        position = {stop: k for k, stop in enumerate(self.active)}
        routes = []
        for v in range(len(self.p.vehicles)):
            stops = initial_routes[v] if v < len(initial_routes) else []
            routes.append(
                [
                    self.manager.NodeToIndex(self.first_stop + position[s])
                    for s in stops
                    if s in position
                ]
            )
        return self.routing.ReadAssignmentFromRoutes(routes, True)

    def _empty(self, t0: float, reason: Reason | None, *, cancelled: bool = False) -> Solution:
        unplanned = [Unplanned(i, r) for i, r in self.early.items()]
        unplanned += [Unplanned(i, reason or Reason.NO_VEHICLE) for i in self.active]
        unplanned.sort(key=lambda u: u.stop)
        return Solution((), tuple(unplanned), 0, 0, time.perf_counter() - t0, 0, cancelled)

    def _extract(
        self, assignment: pywrapcp.Assignment, t0: float, count: int, cancelled: bool
    ) -> Solution:
        routing, manager = self.routing, self.manager
        routes: list[Route] = []
        planned: set[int] = set()
        for v in range(len(self.p.vehicles)):
            order: list[int] = []
            index = routing.Start(v)
            while True:
                index = assignment.Value(routing.NextVar(index))
                if routing.IsEnd(index):
                    break
                order.append(self.active[manager.IndexToNode(index) - self.first_stop])
            planned.update(order)
            if order:
                routes.append(schedule(self.p, v, order))
        unplanned = [Unplanned(i, r) for i, r in self.early.items()]
        for i in self.active:
            if i not in planned:
                reason = Reason.PIN_NOT_POSSIBLE if i in self.pins else Reason.NOT_ENOUGH_TIME
                unplanned.append(Unplanned(i, reason))
        unplanned.sort(key=lambda u: u.stop)
        return Solution(
            routes=tuple(routes),
            unplanned=tuple(unplanned),
            cost=sum(r.cost for r in routes),
            objective=int(assignment.ObjectiveValue()),
            seconds=time.perf_counter() - t0,
            solutions_seen=count,
            cancelled=cancelled,
        )


def schedule(problem: RoutingProblem, vehicle: int, order: Sequence[int]) -> Route:
    """Times of a route visiting ``order`` as early as possible, with the break placed.

    The break starts at the first stop boundary (after a visit, before driving on) at or after
    the break's ``earliest`` time.
    """
    veh = problem.vehicles[vehicle]
    travel = problem.travel
    cost = travel if problem.cost is None else problem.cost
    t = veh.shift_start
    here = veh.start
    driving = 0
    arc_cost = 0
    break_start: int | None = None
    visits: list[Visit] = []

    def maybe_break(now: int) -> int:
        nonlocal break_start
        if veh.break_ is not None and break_start is None and now >= veh.break_.earliest:
            break_start = now
            return now + veh.break_.duration
        return now

    for i in order:
        stop = problem.stops[i]
        node = stop.node
        assert node is not None
        if visits:
            t = maybe_break(t)
        leg = int(travel[here, node]) if here != node else 0
        driving += leg
        arc_cost += int(cost[here, node]) if here != node else 0
        arrival = t + leg
        start = arrival if stop.window is None else max(arrival, stop.window[0])
        t = start + stop.service
        visits.append(Visit(i, arrival, start, t))
        here = node
    t = maybe_break(t)
    leg = int(travel[here, veh.end]) if here != veh.end else 0
    driving += leg
    arc_cost += int(cost[here, veh.end]) if here != veh.end else 0
    t += leg
    return Route(
        vehicle=vehicle,
        visits=tuple(visits),
        start_time=veh.shift_start,
        end_time=t,
        driving=driving,
        working=t - veh.shift_start,
        cost=arc_cost,
        break_start=break_start,
    )
