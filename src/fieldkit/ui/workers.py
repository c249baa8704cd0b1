"""Running slow work off the GUI thread, with progress and cancel.

While a job runs, the objects that existed when it started are kept out of Python's
collector (``gc.freeze``; released when the last running job ends). A full collection
holds the interpreter lock for as long as it walks every object: with the planning view's
1,000-customer week loaded it stopped the GUI thread for 0.25-0.5 s at a time while the
job loaded its rows (issue 20, measured with gc.callbacks). Frozen, a collection walks only
what the job made since, and full collections wait for the end of the job (young objects
are still collected). The interpreter also changes threads more often meanwhile
(:data:`JOB_SWITCH_INTERVAL`).
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal

#: Jobs running now: the collector is frozen while it is above zero.
_running = 0
_running_lock = threading.Lock()


#: How soon a thread waiting for the interpreter makes the running one hand it over, while
#: a job runs (Python's default is 5 ms). The GUI thread re-takes the interpreter after every
#: Qt call it makes from Python (a repaint of the map: hundreds); at 5 ms a wait each, the
#: window's first repaint after "Woche planen" stalled 0.25-0.3 s beside the busy worker.
JOB_SWITCH_INTERVAL = 0.0005
_default_interval = sys.getswitchinterval()
#: While a job runs, a full collection only after this many collections of the middle
#: generation (Python's default: 10). Even over the job's own objects alone (the frozen ones
#: are skipped) one took 0.3 s now and then on the shared machine.
FULL_COLLECTIONS_AFTER = 1_000_000


_default_thresholds = gc.get_threshold()


def _hold_collector() -> None:
    global _running, _default_interval, _default_thresholds
    with _running_lock:
        if _running == 0:
            gc.freeze()
            _default_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_default_interval, JOB_SWITCH_INTERVAL))
            # Young objects are still collected; full collections wait for the job's end.
            _default_thresholds = gc.get_threshold()
            young, middle, _ = _default_thresholds
            gc.set_threshold(young, middle, FULL_COLLECTIONS_AFTER)
        _running += 1


def _release_collector() -> None:
    global _running
    with _running_lock:
        _running = max(0, _running - 1)
        if _running == 0:
            gc.unfreeze()
            gc.set_threshold(*_default_thresholds)
            sys.setswitchinterval(_default_interval)


class Job(QObject):
    """Runs ``fn(progress, cancelled)`` in a QThread; emits ``progress``, ``done``, ``failed``.

    ``fn`` gets a ``progress(done, total)`` callback and a ``cancelled()`` check; it runs on the
    worker thread, so it must not touch widgets. Results come back through ``done``.
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        fn: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._thread = QThread()
        self._worker = _Worker(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Direct: quit must not wait for the GUI thread, which may be blocked in wait().
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._holding = False

    def start(self) -> None:
        """Start the work."""
        if not self._holding:
            self._holding = True
            _hold_collector()
        self._thread.start()

    def _release(self) -> None:
        """Called once by the worker thread when the work ended."""
        if self._holding:
            self._holding = False
            _release_collector()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the thread ended (for shutdown and tests)."""
        return self._thread.wait(ms)

    def is_running(self) -> bool:
        """True while the worker thread runs."""
        return self._thread.isRunning()


class _Worker(QObject):
    finished = Signal()

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        job = self._job
        try:
            result = job._fn(job.progress.emit, job.is_cancelled)
        except Exception as exc:  # reported to the GUI thread, which explains it
            job.failed.emit(exc)
        else:
            job.done.emit(result)
        finally:
            job._release()
            self.finished.emit()
