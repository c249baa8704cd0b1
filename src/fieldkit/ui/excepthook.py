"""No unexpected error vanishes: the GUI's excepthook (issue 19, item 1).

:func:`install` (called by ``ui.app.run_app``) sets ``sys.excepthook`` — which PySide6 calls
for an exception escaping a slot or a virtual method — and ``threading.excepthook`` for worker
threads. Each such error

- that the database refused (:class:`StoreError`) is the one sentence saying that nothing was
  saved (``safety.show_store_error``), as before;
- anything else is a dialog in the UI language ("Ein unerwarteter Fehler ist aufgetreten …")
  whose details hold the traceback: exception types, files, lines and the code of each frame,
  but no message, no local variables and no argument values (they may hold social data);
  the log gets the same text.

The dialog is shown in the GUI thread (a worker thread's error travels there by a queued
signal). The same error (type and place) while its dialog is open only counts up on it, at
most :data:`MAX_OPEN` dialogs are open at once, and an error while reporting an error is
logged and written to stderr, never reported again: the hook does not recurse or crash.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldkit.services.database import StoreError
from fieldkit.ui import safety

log = logging.getLogger(__name__)

#: Unexpected-error dialogs open at once; further errors are logged and counted only.
MAX_OPEN = 3

SysHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


def _where(file: str) -> str:
    """A frame's file without the folders above the package (they name the user)."""
    parts = PurePath(file).parts
    for anchor in ("fieldkit", "site-packages"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[index:])
    return PurePath(file).name


def _type_name(kind: type[BaseException]) -> str:
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def scrubbed_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes without messages, locals or argument values."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    blocks = []
    for error in reversed(chain):
        lines = ["Traceback (most recent call last):"]
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f'  File "{_where(frame.filename)}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        lines.append(_type_name(type(error)))
        blocks.append("\n".join(lines))
    return "\n\nThe above led to:\n\n".join(blocks)


def _signature(exc: BaseException) -> tuple[str, str, int]:
    """Type and innermost place: what makes two errors 'the same'."""
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return (_type_name(type(exc)), last.filename if last else "", (last.lineno or 0) if last else 0)


@dataclass
class _Shown:
    dialog: QMessageBox
    count: int = 1


class ErrorReporter(QObject):
    """Shows unexpected errors in the GUI thread; installed by :func:`install`."""

    reported = Signal(object)  # BaseException, from any thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: dict[tuple[str, str, int], _Shown] = {}
        self.dropped = 0  # errors only logged: too many dialogs open
        self._busy = False
        self.reported.connect(self._show)

    def report(self, exc: BaseException) -> None:
        """Log ``exc`` (scrubbed) and show it; from any thread, never raises."""
        try:
            if isinstance(exc, StoreError):  # expected, said to the user: one line suffices
                log.warning("a refused write escaped a slot: %s", type(exc).__name__)
            else:
                log.error("unexpected error\n%s", scrubbed_traceback(exc))
            self.reported.emit(exc)
        except BaseException:  # the hook itself must not fail: stderr is the last resort
            _last_resort(exc)

    def _show(self, exc: BaseException) -> None:
        if self._busy:  # an error while showing an error: logged above, not shown again
            return
        self._busy = True
        try:
            self._show_once(exc)
        except BaseException:  # the dialog itself failed: say it on stderr, do not loop
            _last_resort(exc)
        finally:
            self._busy = False

    def _show_once(self, exc: BaseException) -> None:
        if isinstance(exc, StoreError):
            safety.show_store_error(None, exc)
            return
        key = _signature(exc)
        if key in self.shown:
            same = self.shown[key]
            same.count += 1
            same.dialog.setInformativeText(_informative(same.count))
            return
        if len(self.shown) >= MAX_OPEN:
            self.dropped += 1
            return
        dialog = error_dialog(exc)
        self.shown[key] = _Shown(dialog)
        dialog.finished.connect(lambda _code: self.shown.pop(key, None))
        dialog.show()

    def handle(self, kind: type[BaseException], exc: BaseException, tb: object) -> None:
        """``sys.excepthook``."""
        if exc.__traceback__ is None and isinstance(tb, TracebackType):
            exc = exc.with_traceback(tb)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, exc, exc.__traceback__)
            return
        self.report(exc)

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``."""
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        self.report(args.exc_value)


def _informative(count: int) -> str:
    text = QCoreApplication.translate(
        "excepthook",
        "Was zuletzt getan wurde, ist womöglich nicht gespeichert. Bitte prüfen und "
        "gegebenenfalls wiederholen; bleibt der Fehler, die Details an die IT geben.",
    )
    if count > 1:
        text += "\n\n" + QCoreApplication.translate(
            "excepthook", "Dieser Fehler ist %1-mal aufgetreten."
        ).replace("%1", str(count))
    return text


def error_dialog(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """The dialog for an unexpected error (not yet shown)."""
    dialog = QMessageBox(parent)
    dialog.setObjectName("unexpected_error")
    dialog.setIcon(QMessageBox.Icon.Critical)
    dialog.setWindowTitle(QCoreApplication.translate("excepthook", "Unerwarteter Fehler"))
    dialog.setText(
        QCoreApplication.translate(
            "excepthook", "Ein unerwarteter Fehler ist aufgetreten (%1)."
        ).replace("%1", type(exc).__name__)
    )
    dialog.setInformativeText(_informative(1))
    dialog.setDetailedText(scrubbed_traceback(exc))
    dialog.setStandardButtons(QMessageBox.StandardButton.Close)
    return dialog


def _last_resort(exc: BaseException) -> None:
    # Nothing is left to tell when even stderr fails.
    with contextlib.suppress(BaseException):
        sys.stderr.write("fieldkit: unexpected error\n" + scrubbed_traceback(exc) + "\n")


@dataclass
class Installed:
    """The reporter in use and the hooks it replaced; :meth:`restore` puts them back."""

    reporter: ErrorReporter
    previous: SysHook
    previous_thread: ThreadHook

    def restore(self) -> None:
        sys.excepthook = self.previous
        threading.excepthook = self.previous_thread
        self.reporter.setParent(None)  # gone with this handle, and its open dialogs with it


def install(parent: QObject | None = None) -> Installed:
    """Route every unexpected error to the GUI (call in the GUI thread, after QApplication)."""
    reporter = ErrorReporter(parent or QCoreApplication.instance())
    installed = Installed(reporter, sys.excepthook, threading.excepthook)
    sys.excepthook = reporter.handle
    threading.excepthook = reporter.handle_thread
    return installed
