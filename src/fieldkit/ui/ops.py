"""One runner for the operations of :mod:`fieldkit.app.ops` (issue 19, item 1).

``runner.run(op, *args, on_done=..., progress=...)`` calls ``op(context, *args)`` in a
background :class:`~fieldkit.ui.workers.Job` (so the GUI stays responsive and the collector
is held as for every job), then on the GUI thread emits the operation's
:class:`~fieldkit.domain.changes.Changes` on the window's ``events.changed`` and hands the
value to ``on_done``. A failure becomes one sentence in the UI language: a
:class:`~fieldkit.errors.FieldkitError` says its own; anything else says that nothing was
saved (the services write in one transaction, so a failed operation wrote nothing). The
sentence goes to ``on_failed`` when the caller shows it itself, else to a message box.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import OpResult
from fieldkit.errors import FieldkitError
from fieldkit.ui.events import AppEvents
from fieldkit.ui.excepthook import scrubbed_traceback
from fieldkit.ui.i18n import current_language
from fieldkit.ui.workers import Job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """A failed operation: the sentence to show and the exception (for a retry decision)."""

    sentence: str
    exc: BaseException


class SaidError(Exception):
    """A UI error whose ``str()`` is already one sentence in the UI language, built from
    translated literals and file names only (no record's data): :func:`user_sentence` shows
    it as it is."""


def _os_sentence(exc: OSError) -> str:
    """A sentence from the error's number only (its text is English, its file name may be
    the user's)."""
    denied = QCoreApplication.translate(
        "errors", "Der Zugriff auf die Datei wurde verweigert (fehlende Berechtigung)."
    )
    sentences = {
        errno.ENOENT: QCoreApplication.translate(
            "errors", "Die Datei oder der Ordner wurde nicht gefunden."
        ),
        errno.EACCES: denied,
        errno.EPERM: denied,
        errno.ENOSPC: QCoreApplication.translate(
            "errors", "Auf dem Datenträger ist kein Platz mehr frei."
        ),
        errno.EROFS: QCoreApplication.translate("errors", "Der Datenträger ist schreibgeschützt."),
        errno.EISDIR: QCoreApplication.translate(
            "errors", "Statt einer Datei wurde ein Ordner angegeben."
        ),
        errno.EEXIST: QCoreApplication.translate("errors", "Die Datei gibt es schon."),
        errno.ENOTDIR: QCoreApplication.translate("errors", "Ein Teil des Pfads ist kein Ordner."),
        errno.EBUSY: QCoreApplication.translate(
            "errors", "Die Datei wird gerade von einem anderen Programm benutzt."
        ),
    }
    known = sentences.get(exc.errno or 0)
    if known is not None:
        return known
    return QCoreApplication.translate(
        "errors", "Die Datei ließ sich nicht lesen oder schreiben (Systemfehler %1)."
    ).replace("%1", str(exc.errno) if exc.errno else type(exc).__name__)


def user_sentence(exc: object, lang: str | None = None, *, otherwise: str | None = None) -> str:
    """One sentence for the user about ``exc`` that never repeats an arbitrary exception's
    text (it may hold a customer's name, or be English and technical; issue 19).

    A :class:`FieldkitError` says its own sentence in ``lang`` (default: the UI language).
    ``otherwise`` is the caller's own sentence for every other failure (the op runner's:
    nothing was saved). Without it, a :class:`SaidError` says its ``str()``, an
    :class:`OSError` a German sentence from its number (never its file name), and anything
    else a general sentence naming only the exception's type, its traceback going to the log
    without messages or values."""
    if isinstance(exc, FieldkitError):
        return exc.message(lang or current_language())
    if otherwise is not None:
        return otherwise
    if isinstance(exc, SaidError):
        return str(exc)
    if isinstance(exc, OSError):
        return _os_sentence(exc)
    if isinstance(exc, BaseException):
        log.error("failure shown to the user\n%s", scrubbed_traceback(exc))
    return QCoreApplication.translate(
        "errors", "Ein unerwarteter Fehler ist aufgetreten (Fehlerart: %1)."
    ).replace("%1", type(exc).__name__)


class OpRunner(QObject):
    """Runs operations off the GUI thread and emits what they changed.

    ``context`` is called on the GUI thread at each start (the settings and identity in use
    then); ``events`` receives the Changes (None: nobody listens, e.g. a dialog on its own).
    """

    # A finished operation's Changes (also emitted on ``events.changed``).
    changed = Signal(object)
    # A failed operation's sentence (after it was shown).
    failed = Signal(str)

    def __init__(
        self,
        context: Callable[[], AppContext],
        events: AppEvents | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._events = events
        self._parent = parent
        self.jobs: list[Job] = []
        self.last_failure: Failure | None = None
        # True while :meth:`call` runs an operation (its caller refreshes its own view).
        self.calling = False
        self.box: QMessageBox | None = None

    def is_busy(self) -> bool:
        """True while an operation started here still runs or its result is not yet handled."""
        return bool(self.jobs)

    def run(
        self,
        op: Callable[..., OpResult[Any]],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[Failure], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        **kwargs: Any,
    ) -> Job:
        """Start ``op(context, *args, **kwargs)``; with ``progress``, the op also gets the
        job's ``progress`` and ``cancelled`` (``Job.cancel`` stops it at its next check)."""
        ctx = self._context()

        def work(report: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            extra = {"progress": report, "cancelled": cancelled} if progress else {}
            return op(ctx, *args, **kwargs, **extra)

        job = Job(work, self)
        if progress is not None:
            job.progress.connect(progress)
        job.done.connect(lambda result: self._done(job, result, on_done))
        job.failed.connect(lambda exc: self._failed(job, exc, on_failed))
        self.jobs.append(job)
        job.start()
        return job

    def call(
        self,
        op: Callable[..., OpResult[Any]],
        *args: Any,
        on_failed: Callable[[Failure], None] | None = None,
        **kwargs: Any,
    ) -> OpResult[Any] | None:
        """Run a short operation now, on the GUI thread (one small transaction the user waits
        for, like a visit's "Abschließen": the form shows the next stop at once). Emits its
        Changes and shows a failure like :meth:`run`; returns None when it failed."""
        self.calling = True
        try:
            result = op(self._context(), *args, **kwargs)
        except Exception as exc:  # shown as one sentence; the service wrote nothing
            self.calling = False
            self._report(exc, on_failed)
            return None
        try:
            self._emit(result)
        finally:
            self.calling = False
        return result

    def wait(self, ms: int = 30000) -> None:
        """Block until every running operation's thread ended (shutdown and tests)."""
        for job in list(self.jobs):
            job.wait(ms)

    def _release(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        job.wait()
        job.deleteLater()

    def _done(self, job: Job, result: object, on_done: Callable[[Any], None] | None) -> None:
        self._release(job)
        value = result
        if isinstance(result, OpResult):
            value = result.value
            self._emit(result)
        if on_done is not None:
            on_done(value)

    def _emit(self, result: OpResult[Any]) -> None:
        if result.changes:
            self.changed.emit(result.changes)
            if self._events is not None:
                self._events.changed.emit(result.changes)

    def _failed(self, job: Job, exc: object, on_failed: Callable[[Failure], None] | None) -> None:
        asked = job.is_cancelled()  # stopped as asked: not an error for the log
        self._release(job)
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self._report(error, on_failed, log_it=not asked)

    def _report(
        self,
        error: BaseException,
        on_failed: Callable[[Failure], None] | None,
        *,
        log_it: bool = True,
    ) -> None:
        if log_it and not isinstance(error, FieldkitError):
            # The type only: the message of an unexpected error may hold personal data.
            log.error("operation failed: %s", type(error).__name__)
        nothing_saved = QCoreApplication.translate(
            "OpRunner", "Der Vorgang ist fehlgeschlagen; es wurde nichts gespeichert."
        )
        failure = Failure(user_sentence(error, otherwise=nothing_saved), error)
        self.last_failure = failure
        if on_failed is not None:
            on_failed(failure)
        else:
            self._show(failure.sentence)
        self.failed.emit(failure.sentence)

    def _show(self, sentence: str) -> None:
        window = self._parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(sentence)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("OpRunner", "Nicht ausgeführt"),
            sentence,
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        self.box = box
        box.open()  # not modal to the event loop: the runner's caller goes on
