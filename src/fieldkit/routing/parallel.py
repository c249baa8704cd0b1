"""A second search in a helper process, so both cores work on one plan.

OR-Tools' routing search runs on one core. Two differently configured searches of the same
problem land in different local optima; keeping the better of the two is the cheapest way to
use the second core (measured in bench/README.md). A helper is a spawned process that
lives as long as the program and solves one problem at a time; it is started on first use
(about 0.3 s) and is not used when the machine has a single core, in a frozen build, or when
``FIELDKIT_ROUTING_PROCESSES=1``. Up to two helpers run: plans big enough for PyVRP alone
(:func:`fieldkit.routing.decompose.solve_decomposed`) search in both while this process only
waits, so the GUI thread stays free (issue 20).

A job that is no longer wanted (the user cancelled, or it did not answer in time) ends the
helper process; the next job starts a fresh one.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from fieldkit.routing.problem import Pin, RoutingProblem, Solution
from fieldkit.routing.search import SearchProfile

#: How long after its own time limit a helper job may take before it is given up.
GRACE_SECONDS = 1.0
#: The helpers' scheduling priority (``os.nice``; where the system has it): lower than the
#: app's, so that on a busy machine the GUI thread gets the CPU first when it needs it (the
#: helpers take the rest). The benchmark sets 0 to compete like the other processes.
HELPER_NICE = 10


def enabled() -> bool:
    """Whether a helper process may be used here."""
    if _broken or os.environ.get("FIELDKIT_ROUTING_PROCESSES", "").strip() == "1":
        return False
    if getattr(sys, "frozen", False):
        return False  # a frozen build would start the whole app again as the helper
    return (os.cpu_count() or 1) >= 2


def _serve(conn: Connection, stop: Any, nice: int = 0) -> None:
    """The helper's loop: solve what comes in, send the solution back; ``None`` ends it.

    ``stop`` is an event the caller sets to end a PyVRP search early with its best plan;
    ``nice`` lowers the helper's priority (:data:`HELPER_NICE`).
    """
    if nice > 0 and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)
    from fieldkit.routing.solver import solve

    os.environ["FIELDKIT_ROUTING_PROCESSES"] = "1"  # the helper never starts a helper itself
    with contextlib.suppress(ImportError):
        import pyvrp  # noqa: F401  (loaded now, not in the first job's time)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        problem, deadline, kwargs = job
        # The time limit ends at the caller's deadline (wall clock, shared by both processes),
        # so the time it took to start this process or send the problem is not added on top.
        kwargs["time_limit"] = max(0.05, deadline - time.time())
        try:
            if kwargs.pop("engine", "ortools") == "pyvrp":
                from fieldkit.routing.partner import solve_partner

                seed = kwargs.get("seed", 1)
                found = solve_partner(
                    problem,
                    time_limit=kwargs["time_limit"],
                    seed=seed,
                    cancel=stop.is_set,
                    tuning=kwargs.get("tuning"),
                )
                conn.send(found)
                continue
            kwargs.pop("seed", None)
            kwargs.pop("tuning", None)
            conn.send(solve(problem, **kwargs))
        except Exception as exc:
            conn.send(exc)


class _Helper:
    """One spawned process, the pipe to it and its stop event."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.stop = ctx.Event()
        self.process = ctx.Process(
            target=_serve, args=(child, self.stop, HELPER_NICE), daemon=True, name="routing"
        )
        self.process.start()
        child.close()

    def alive(self) -> bool:
        return self.process.is_alive()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(0.5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)
        self.conn.close()


class _Slot:
    """A place for one helper: at most :data:`SLOTS` run, each solving one job at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.helper: _Helper | None = None


#: Two helpers at most: the big plans run PyVRP in both while this process only waits.
SLOTS = 2
_slots = [_Slot() for _ in range(SLOTS)]
#: Set when a helper died on its own (e.g. it could not start): then none is tried again.
_broken = False


def _shutdown() -> None:
    for slot in _slots:
        if slot.helper is not None:
            slot.helper.close()
            slot.helper = None


atexit.register(_shutdown)


class Job:
    """A solve running in a helper; get its :meth:`result` or :meth:`abandon` it."""

    def __init__(self, slot: _Slot, helper: _Helper, deadline: float) -> None:
        self._slot = slot
        self._helper = helper
        self._deadline = deadline
        self._done = False

    @property
    def connection(self) -> Connection:
        """The pipe the answer comes through (for ``multiprocessing.connection.wait``)."""
        return self._helper.conn

    def stop(self) -> None:
        """Ask a PyVRP search to end now with its best plan (then fetch it with result)."""
        self._helper.stop.set()

    def result(self, cancelled: bool = False) -> Solution | None:
        """The helper's solution, or None when it failed, is late or ``cancelled`` is set."""
        global _broken
        slot = self._slot
        try:
            if not cancelled and self._helper.conn.poll(
                max(0.0, self._deadline - time.perf_counter())
            ):
                answer: Any = self._helper.conn.recv()
                return answer if isinstance(answer, Solution) else None
            # Late or unwanted: OR-Tools cannot be interrupted from outside, so end it.
            self._helper.close()
            if slot.helper is self._helper:
                slot.helper = None
            return None
        except (EOFError, OSError):
            _broken = True
            if slot.helper is self._helper:
                slot.helper = None
            return None
        finally:
            self._done = True
            slot.lock.release()

    def abandon(self) -> None:
        """Drop the job (ends the helper if it is still busy)."""
        if not self._done:
            self.result(cancelled=True)


def submit(
    problem: RoutingProblem,
    *,
    time_limit: float,
    search: SearchProfile,
    pins: Sequence[Pin] = (),
    engine: str = "ortools",
    seed: int = 1,
    tuning: Any = None,
) -> Job | None:
    """Start solving ``problem`` in a free helper; None when none is free or allowed.

    ``engine="pyvrp"``: PyVRP's search (:mod:`fieldkit.routing.partner`, with ``seed`` and
    ``tuning``, a :class:`fieldkit.routing.partner.Tuning`; by the size when None) instead
    of OR-Tools with ``search``; its answer is None when it found no usable plan.

    The caller must call :meth:`Job.result` or :meth:`Job.abandon` exactly once.
    """
    if not enabled():
        return None
    for slot in _slots:
        if slot.lock.acquire(blocking=False):
            break
    else:
        return None
    try:
        if slot.helper is None or not slot.helper.alive():
            slot.helper = _Helper()
        slot.helper.stop.clear()
        kwargs = {"search": search, "pins": list(pins), "engine": engine, "seed": seed}
        kwargs["tuning"] = tuning
        slot.helper.conn.send((problem, time.time() + time_limit, kwargs))
    except (OSError, RuntimeError):
        slot.helper = None
        slot.lock.release()
        return None
    return Job(slot, slot.helper, time.perf_counter() + time_limit + GRACE_SECONDS)


def prestart() -> None:
    """Start the helpers that are not running yet, without waiting for them (the planning
    view calls this when it opens, so its first plan does not wait for them to load)."""
    if not enabled():
        return
    for slot in _slots:
        if not slot.lock.acquire(blocking=False):
            continue
        try:
            if slot.helper is None or not slot.helper.alive():
                slot.helper = _Helper()
        except (OSError, RuntimeError):
            slot.helper = None
        finally:
            slot.lock.release()


def warm_up() -> bool:
    """Start the helpers and wait until they answer (the benchmark measures a warm helper, as
    every plan after the first one in the app); False when no helper may be used."""
    import numpy as np

    from fieldkit.routing.problem import Stop, Vehicle
    from fieldkit.routing.search import PROFILES

    tiny = RoutingProblem(np.array([[0, 1], [1, 0]], dtype=np.int64), [Stop(1)], [Vehicle(0, 0)])
    jobs = [submit(tiny, time_limit=0.1, search=PROFILES["fast"], engine="pyvrp")]
    jobs += [submit(tiny, time_limit=0.1, search=PROFILES["fast"], engine="pyvrp")]
    answers = []
    for job in jobs:
        if job is not None:
            job._deadline += 30.0  # a cold start on a busy machine takes seconds
            answers.append(job.result() is not None)
    return bool(answers) and all(answers)
