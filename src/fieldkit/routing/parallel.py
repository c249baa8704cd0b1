"""A second search in a helper process, so both cores work on one plan.

OR-Tools' routing search runs on one core. Two differently configured searches of the same
problem land in different local optima; keeping the better of the two is the cheapest way to
use the second core (measured in bench/README.md). The helper is one spawned process that
lives as long as the program and solves one problem at a time; it is started on first use
(about 0.3 s) and is not used when the machine has a single core, in a frozen build, or when
``FIELDKIT_ROUTING_PROCESSES=1``.

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


def enabled() -> bool:
    """Whether a helper process may be used here."""
    if _broken or os.environ.get("FIELDKIT_ROUTING_PROCESSES", "").strip() == "1":
        return False
    if getattr(sys, "frozen", False):
        return False  # a frozen build would start the whole app again as the helper
    return (os.cpu_count() or 1) >= 2


def _serve(conn: Connection) -> None:
    """The helper's loop: solve what comes in, send the solution back; ``None`` ends it."""
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

                conn.send(solve_partner(problem, time_limit=kwargs["time_limit"]))
                continue
            conn.send(solve(problem, **kwargs))
        except Exception as exc:
            conn.send(exc)


class _Helper:
    """One spawned process and the pipe to it."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True, name="routing")
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


_lock = threading.Lock()
_helper: _Helper | None = None
#: Set when a helper died on its own (e.g. it could not start): then none is tried again.
_broken = False


def _shutdown() -> None:
    global _helper
    if _helper is not None:
        _helper.close()
        _helper = None


atexit.register(_shutdown)


class Job:
    """A solve running in the helper; get its :meth:`result` or :meth:`abandon` it."""

    def __init__(self, helper: _Helper, deadline: float) -> None:
        self._helper = helper
        self._deadline = deadline
        self._done = False

    def result(self, cancelled: bool = False) -> Solution | None:
        """The helper's solution, or None when it failed, is late or ``cancelled`` is set."""
        global _helper, _broken
        try:
            if not cancelled and self._helper.conn.poll(
                max(0.0, self._deadline - time.perf_counter())
            ):
                answer: Any = self._helper.conn.recv()
                return answer if isinstance(answer, Solution) else None
            # Late or unwanted: OR-Tools cannot be interrupted from outside, so end it.
            self._helper.close()
            if _helper is self._helper:
                _helper = None
            return None
        except (EOFError, OSError):
            _broken = True
            if _helper is self._helper:
                _helper = None
            return None
        finally:
            self._done = True
            _lock.release()

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
) -> Job | None:
    """Start solving ``problem`` in the helper; None when no helper is free or allowed.

    ``engine="pyvrp"``: PyVRP's search (:mod:`fieldkit.routing.partner`) instead of
    OR-Tools with ``search``; its answer is None when it found no usable plan.

    The caller must call :meth:`Job.result` or :meth:`Job.abandon` exactly once.
    """
    global _helper
    if not enabled() or not _lock.acquire(blocking=False):
        return None
    try:
        if _helper is None or not _helper.alive():
            _helper = _Helper()
        kwargs = {"search": search, "pins": list(pins), "engine": engine}
        _helper.conn.send((problem, time.time() + time_limit, kwargs))
    except (OSError, RuntimeError):
        _helper = None
        _lock.release()
        return None
    return Job(_helper, time.perf_counter() + time_limit + GRACE_SECONDS)


def warm_up() -> bool:
    """Start the helper and wait until it answers (the benchmark measures a warm helper, as
    every plan after the first one in the app); False when no helper may be used."""
    import numpy as np

    from fieldkit.routing.problem import Stop, Vehicle
    from fieldkit.routing.search import PROFILES

    tiny = RoutingProblem(np.array([[0, 1], [1, 0]], dtype=np.int64), [Stop(1)], [Vehicle(0, 0)])
    job = submit(tiny, time_limit=0.1, search=PROFILES["fast"], engine="pyvrp")
    if job is None:
        return False
    job._deadline += 30.0  # a cold start on a busy machine takes seconds
    return job.result() is not None
