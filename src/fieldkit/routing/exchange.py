"""Two PyVRP searches that exchange their best plans during the run (issue 20, session 9).

The big plans (:func:`fieldkit.routing.decompose.solve_decomposed`) run PyVRP in two helper
processes with different seeds. Run independently, the better of the two is kept at the end.
With an exchange, the time limit is cut into phases (at the fractions :data:`AT` of it); at
the end of each but the last, each helper reports its best plan (a :class:`Checkpoint`, in
PyVRP's terms, cheap to send) and the search whose plan is worse goes on from the better plan
with its own random numbers, while the better one goes on undisturbed: the time left is spent
around the best plan found so far, not on a worse region of the search.
Measured with CPU-second budgets on the 1,000-stop city (bench/README.md, session 9).

A helper keeps its search (data, neighbour lists, local search, penalties, late-acceptance
history) between the phases under a token, so only the first phase sends the problem and
builds PyVRP's data. The last phase, or one that is cancelled, answers with the re-timed,
scored and checked plan (:func:`fieldkit.routing.partner._checked`), as a plain PyVRP search
in a helper does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fieldkit.routing import parallel, partner
from fieldkit.routing.problem import Progress, RoutingProblem, Solution

#: When the two searches exchange, as fractions of the time limit (see :func:`solve_pair`).
AT: tuple[float, ...] = (1 / 3, 2 / 3)
#: Shorter plans keep two independent searches: the exchange was measured on the 30-s city,
#: and the 10-s week meets its target without it.
MIN_SECONDS = 20.0


@dataclass(frozen=True)
class Checkpoint:
    """A search's best plan between two phases: PyVRP's cost (None when the plan is not
    feasible) and its routes as (vehicle type, client locations)."""

    cost: int | None
    routes: tuple[tuple[int, tuple[int, ...]], ...]


@dataclass(frozen=True)
class Phase:
    """One phase of an exchanging search, as sent to a helper.

    ``token`` names the search the helper keeps between phases; ``start``: go on from this
    plan (the other search's better one) instead of the own; ``final``: answer with the
    checked plan; ``reserve``: seconds kept back at the end of the final phase for re-timing
    and the check (:func:`fieldkit.routing.partner.finish_reserve` of the whole limit).
    """

    token: str
    start: Checkpoint | None = None
    final: bool = False
    reserve: float = 0.0


def wanted(problem: RoutingProblem, time_limit: float) -> bool:
    """Whether a pair of PyVRP searches on ``problem`` should exchange (size and time)."""
    return time_limit >= MIN_SECONDS and len(problem.stops) >= partner.LARGE_STOPS


class Search:
    """One PyVRP iterated local search that can stop at a deadline and go on later, from its
    own state or from another plan.

    The loop is PyVRP 0.14's ``IteratedLocalSearch.run`` (late-acceptance hill climbing with
    both enhancements of Burke and Bykov), kept here because PyVRP's own starts afresh on
    every call (new history, current plan = best): going on after an exchange must not.
    """

    def __init__(self, problem: RoutingProblem, *, seed: int, tuning: partner.Tuning) -> None:
        from pyvrp import RandomNumberGenerator
        from pyvrp import Solution as PyvrpSolution
        from pyvrp.PenaltyManager import PenaltyManager
        from pyvrp.RingBuffer import RingBuffer
        from pyvrp.search import LocalSearch, PerturbationManager, compute_neighbours

        from fieldkit.routing import solver

        self.t0 = time.perf_counter()
        self.problem = problem
        self.model = solver._Model(problem, ())
        self.data, self.types = partner._data(partner._pyvrp(), problem, self.model)
        params = partner._params(tuning)
        self.exhaustive = tuning.exhaustive_on_best
        # The same order of construction as pyvrp.solve, so a seed means the same search.
        rng = RandomNumberGenerator(seed=seed)
        neighbours = compute_neighbours(self.data, params.neighbourhood)
        self.ls = LocalSearch(self.data, rng, neighbours, PerturbationManager(params.perturbation))
        for op in params.operators:
            if op.supports(self.data):
                self.ls.add_operator(op(self.data))
        self.pm = PenaltyManager(params.penalty.midpoint_penalties(self.data), params.penalty)
        random = PyvrpSolution.make_random(self.data, rng)
        self.init = self.ls(random, self.pm.max_cost_evaluator(), exhaustive=True)
        self.best = self.curr = self.init
        self.history: Any = RingBuffer(tuning.history)
        self.improvements = 0
        self.cancelled = False

    def run(
        self,
        deadline: float,
        cancel: Callable[[], bool] | None = None,
        iterations: int | None = None,
    ) -> None:
        """Search until ``deadline`` (``time.perf_counter``), until ``cancel()`` is True or
        for at most ``iterations`` steps (the same seed and steps give the same plan)."""
        done = 0
        while time.perf_counter() < deadline and (iterations is None or done < iterations):
            if cancel is not None and cancel():
                self.cancelled = True
                return
            done += 1
            cost_eval = self.pm.cost_evaluator()
            cand = self.ls(self.curr, cost_eval, exhaustive=False)
            self.pm.register(cand)
            if cost_eval.cost(cand) < cost_eval.cost(self.best):
                self.best = cand
                self.improvements += 1
                if self.exhaustive:
                    cand = self.ls(cand, cost_eval, exhaustive=True)
                    if cand.is_feasible():
                        self.best = cand
            self._accept(cand, cost_eval)

    def _accept(self, cand: Any, cost_eval: Any) -> None:
        """Late acceptance: take ``cand`` when it beats the plan ``history`` steps ago or the
        current one; remember the current plan only when it beats that old one."""
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

    def checkpoint(self) -> Checkpoint:
        """The best plan so far, to compare and to hand over."""
        cost = int(self.pm.cost_evaluator().cost(self.best)) if self.best.is_feasible() else None
        routes = tuple(
            (r.vehicle_type(), tuple(a.idx for a in r if a.is_client())) for r in self.best.routes()
        )
        return Checkpoint(cost, routes)

    def adopt(self, plan: Checkpoint) -> None:
        """Go on from ``plan`` (another search's better plan): it becomes the current and the
        best plan, and the late-acceptance history starts afresh from it."""
        from pyvrp import Route
        from pyvrp import Solution as PyvrpSolution

        routes = [Route(self.data, list(visits), kind) for kind, visits in plan.routes]
        self.best = self.curr = self.init = PyvrpSolution(self.data, routes)
        self.history.clear()

    def solution(self) -> Solution | None:
        """The best plan as our re-timed, scored and checked solution; None if unusable."""
        return partner._checked(
            self.problem,
            self.model,
            self.types,
            self.best,
            self.t0,
            self.improvements,
            self.cancelled,
        )


#: A helper's searches by token: only the latest is kept (one plan at a time).
_searches: dict[str, Search] = {}


def run_phase(
    problem: RoutingProblem | None,
    *,
    phase: Phase,
    time_limit: float,
    seed: int,
    tuning: partner.Tuning | None,
    cancel: Callable[[], bool] | None,
) -> Solution | Checkpoint | None:
    """One phase in a helper: the search named by ``phase.token`` (built from ``problem`` in
    the first phase) runs for ``time_limit`` s; the answer is its :class:`Checkpoint`, or at
    the last phase or on a cancel its checked plan. None when the search is unknown here
    (the helper was restarted) or PyVRP cannot express the problem."""
    t0 = time.perf_counter()
    search = _searches.get(phase.token)
    if search is None:
        _searches.clear()
        if problem is None or not partner.available() or not partner.expressible(problem):
            return None
        search = Search(problem, seed=seed, tuning=tuning or partner.tuning_for(problem))
        if not search.model.active:
            return None
        _searches[phase.token] = search
    elif phase.start is not None:
        search.adopt(phase.start)
    search.run(t0 + max(0.01, time_limit - (phase.reserve if phase.final else 0.0)), cancel)
    if phase.final or search.cancelled:
        _searches.pop(phase.token, None)
        return search.solution()
    return search.checkpoint()


def solve_pair(
    problem: RoutingProblem,
    time_limit: float,
    is_cancelled: Callable[[], bool] | None,
    on_progress: Callable[[Progress], None] | None = None,
) -> tuple[list[Solution], bool] | None:
    """Two exchanging PyVRP searches in the two helpers: their checked plans and whether the
    search was cancelled; None (nothing started) when two helpers cannot be had."""
    t0 = time.perf_counter()
    token = uuid.uuid4().hex
    reserve = partner.finish_reserve(problem, time_limit)
    starts: dict[int, Checkpoint | None] = {1: None, 2: None}
    ends = [*AT, 1.0]
    for k, share in enumerate(ends, start=1):
        end = t0 + time_limit * share
        last = k == len(ends)
        jobs = _submit(problem if k == 1 else None, starts, token, end, last, reserve)
        if k == 1 and len(jobs) < len(starts):
            for job in jobs.values():
                job.abandon()
            return None
        try:
            stopped = wait(list(jobs.values()), end, is_cancelled, False)
        except BaseException:
            for job in jobs.values():
                job.abandon()
            raise
        answers = {seed: job.answer() for seed, job in jobs.items()}
        plans = [a for a in answers.values() if isinstance(a, Solution)]
        starts = _exchange(answers)
        if last or stopped or not starts:
            return plans, stopped
        _report(answers, on_progress, time.perf_counter() - t0, k)
    return [], False  # not reached: the last phase returns


def _report(
    answers: dict[int, Solution | Checkpoint | None],
    on_progress: Callable[[Progress], None] | None,
    seconds: float,
    phase: int,
) -> None:
    """The best plan reported at a checkpoint, as progress (PyVRP's cost: driving plus the
    prizes of optional visits left out)."""
    costs = [a.cost for a in answers.values() if isinstance(a, Checkpoint) and a.cost is not None]
    if on_progress is not None and costs:
        on_progress(Progress(min(costs), min(costs), seconds, phase))


def _submit(
    problem: RoutingProblem | None,
    starts: dict[int, Checkpoint | None],
    token: str,
    end: float,
    final: bool,
    reserve: float,
) -> dict[int, parallel.Job]:
    """This phase's job for each search still running (by seed)."""
    jobs: dict[int, parallel.Job] = {}
    left = end - time.perf_counter()
    for seed, start in starts.items():
        job = parallel.submit_phase(
            problem,
            time_limit=left,
            seed=seed,
            phase=Phase(f"{token}-{seed}", start, final, reserve),
            slot_index=seed - 1,
            grace=max(parallel.GRACE_SECONDS, 0.3 * left),
        )
        if job is not None:
            jobs[seed] = job
    return jobs


def _exchange(answers: dict[int, Solution | Checkpoint | None]) -> dict[int, Checkpoint | None]:
    """Who goes on from which plan: the searches that reported, the worse ones from the best
    feasible plan reported (the best one from its own state)."""
    reported = {s: a for s, a in answers.items() if isinstance(a, Checkpoint)}
    feasible = [(a.cost, s) for s, a in reported.items() if a.cost is not None]
    if not feasible:
        return dict.fromkeys(reported)
    _, winner = min(feasible)
    return {s: None if s == winner else reported[winner] for s in reported}


def wait(
    jobs: Sequence[parallel.Job],
    deadline: float,
    is_cancelled: Callable[[], bool] | None,
    stopped: bool,
) -> bool:
    """Wait for the helpers' answers until ``deadline``; on a cancel (or ``stopped``) ask them
    to end with their best plans. Whether the search was cancelled."""
    import multiprocessing.connection

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
