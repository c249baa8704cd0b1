"""Running slow work off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal


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

    def start(self) -> None:
        """Start the work."""
        self._thread.start()

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
            self.finished.emit()
