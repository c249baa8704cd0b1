"""An unexpected error is never silent: the GUI's excepthook (issue 19, item 1).

The tests install the real hook (pytest-qt's own capture is switched off for them with
``qt_no_exception_capture``), make real slots and threads raise, find the dialog among the
top-level widgets, read it and close it; the hooks are put back after each test.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from fieldkit.domain.week import IsoWeek
from fieldkit.services import demo_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import WriteFailed, open_database
from fieldkit.store.models import Visit
from fieldkit.ui import excepthook
from fieldkit.ui.field import FieldWindow
from tests.test_field_service import build_day

pytestmark = pytest.mark.qt_no_exception_capture

SECRET = "Erika Mustermann"  # stands for social data in a message, a local, an argument


@pytest.fixture
def hooks(qtbot: QtBot) -> Iterator[excepthook.Installed]:
    before = sys.excepthook, threading.excepthook
    installed = excepthook.install()
    yield installed
    installed.restore()
    for dialog in _error_dialogs():
        dialog.close()
    assert (sys.excepthook, threading.excepthook) == before, "the hooks are put back"


def _error_dialogs() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "unexpected_error" and w.isVisible()
    ]


def _failing_lookup(name: str) -> None:
    customer = {"name": name}
    raise LookupError(f"no file for {customer['name']}")


def _button(qtbot: QtBot) -> QPushButton:
    button = QPushButton("Speichern")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: _failing_lookup(SECRET))
    return button


def test_a_slot_that_raises_shows_the_dialog(
    qtbot: QtBot, hooks: excepthook.Installed, caplog: pytest.LogCaptureFixture
) -> None:
    button = _button(qtbot)
    with caplog.at_level(logging.ERROR, logger="fieldkit.ui.excepthook"):
        button.click()
        qtbot.waitUntil(lambda: len(_error_dialogs()) == 1)
    dialog = _error_dialogs()[0]
    assert dialog.text().startswith("Ein unerwarteter Fehler ist aufgetreten (LookupError)")
    details = dialog.detailedText()
    assert "Traceback (most recent call last):" in details
    assert "in _failing_lookup" in details
    assert "raise LookupError(" in details, "the code of each frame"
    assert details.rstrip().endswith("LookupError")
    log_text = caplog.text
    assert "in _failing_lookup" in log_text, "the log gets the traceback too"
    for text in (details, log_text):
        assert SECRET not in text, "no message, no locals, no argument values"
        assert str(Path.home()) not in text or Path.home() == Path("/"), "no user folder"
    dialog.close()
    assert _error_dialogs() == []
    assert hooks.reporter.shown == {}


def test_a_raising_worker_thread_shows_the_dialog(
    qtbot: QtBot, hooks: excepthook.Installed
) -> None:
    worker = threading.Thread(target=_failing_lookup, args=(SECRET,), name="worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(_error_dialogs()) == 1)
    dialog = _error_dialogs()[0]
    assert "LookupError" in dialog.text()
    assert SECRET not in dialog.detailedText()
    dialog.close()


def test_fifty_identical_errors_open_one_dialog(qtbot: QtBot, hooks: excepthook.Installed) -> None:
    button = _button(qtbot)
    for _ in range(50):
        button.click()
    qtbot.waitUntil(lambda: len(_error_dialogs()) == 1)
    qtbot.wait(50)
    assert len(_error_dialogs()) == 1
    assert "50-mal" in _error_dialogs()[0].informativeText()
    for kind in (KeyError, ValueError, TypeError, OSError, ZeroDivisionError):
        hooks.reporter.handle(kind, kind("x"), None)  # different errors: a few more, not all
    assert len(_error_dialogs()) == excepthook.MAX_OPEN
    assert hooks.reporter.dropped == 3


def test_a_failing_dialog_neither_recurses_nor_crashes(
    qtbot: QtBot,
    hooks: excepthook.Installed,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    calls: list[int] = []

    def broken(exc: BaseException, parent: Any = None) -> QMessageBox:
        calls.append(1)
        raise RuntimeError("the dialog itself failed")

    monkeypatch.setattr(excepthook, "error_dialog", broken)
    _button(qtbot).click()
    qtbot.wait(20)
    assert calls == [1], "reported once, no loop"
    assert _error_dialogs() == []
    err = capsys.readouterr().err
    assert "fieldkit: unexpected error" in err
    assert "in _failing_lookup" in err
    assert SECRET not in err


def test_an_error_while_an_error_is_shown_is_not_shown_again(
    qtbot: QtBot, hooks: excepthook.Installed, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[BaseException] = []
    real = excepthook.error_dialog

    def reentrant(exc: BaseException, parent: Any = None) -> QMessageBox:
        made.append(exc)
        if len(made) == 1:  # showing the first error raises a second one into the hook
            hooks.reporter.handle(KeyError, KeyError("inner"), None)
        return real(exc, parent)

    monkeypatch.setattr(excepthook, "error_dialog", reentrant)
    hooks.reporter.handle(LookupError, LookupError("outer"), None)
    assert [type(e) for e in made] == [LookupError]
    assert len(_error_dialogs()) == 1


def test_a_chained_error_shows_each_cause_without_messages() -> None:
    try:
        try:
            _failing_lookup(SECRET)
        except LookupError as exc:
            raise RuntimeError(SECRET) from exc
    except RuntimeError as exc:
        text = excepthook.scrubbed_traceback(exc)
    assert text.count("Traceback (most recent call last):") == 2
    assert text.index("LookupError") < text.index("RuntimeError")
    assert SECRET not in text


def test_frame_files_do_not_name_the_user_folder() -> None:
    where = excepthook._where
    assert where("/home/erika/src/fieldkit/src/fieldkit/ui/app.py") == "fieldkit/ui/app.py"
    site = "/home/erika/.venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py"
    assert where(site) == "site-packages/sqlalchemy/engine/base.py"
    assert where("/home/erika/scratch/tool.py") == "tool.py"


def _visit_form(qtbot: QtBot, file: Path) -> tuple[Any, FieldWindow]:
    db = open_database(str(file))
    route_id = build_day(db)
    clock = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
    window = FieldWindow(db, Settings(), clock, route_id, identity=UNRESTRICTED)
    qtbot.addWidget(window)
    window.show()
    window.open_visit()
    window.form.begin()
    window.form.met.setChecked(True)
    window.form.flush()
    return db, window


def _open_read_only(db: Any, file: Path) -> None:
    """From now on the file is opened read-only (SQLite's mode=ro), as after a chmod."""
    db.engine.dispose()

    def connect(*_args: Any) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{file}?mode=ro", uri=True, check_same_thread=False)

    event.listen(db.engine, "do_connect", connect)


def test_read_only_database_the_visit_form_says_so_and_keeps_the_input(
    qtbot: QtBot, hooks: excepthook.Installed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    file = tmp_path / "field.sqlite"
    db, window = _visit_form(qtbot, file)
    form = window.form
    try:
        form.note_edit.setPlainText("KD wirkt motiviert")
        form.preview.setPlainText("Eigener Vermerk")  # the user's own Vermerk, not the proposal
        form.flush()  # written while the file is writable
        _open_read_only(db, file)
        form.note_edit.setPlainText("KD wirkt sehr motiviert")
        form.finish_button.click()  # "save": nothing may pass silently
        assert len(said) == 1
        assert said[0].startswith("Nichts wurde gespeichert")
        assert form.note_edit.toPlainText() == "KD wirkt sehr motiviert", "the input is kept"
        preview = form.preview.toPlainText()
        # Restoring the suggestion writes without asking the form first: the refused write
        # escapes the slot and the hook says the same sentence instead of losing it.
        QTimer.singleShot(0, form.reset_note.click)
        # one sentence from the form's own flush (the typed text is still pending), one from
        # the hook for the refused delete of the user's Vermerk that escaped the slot
        qtbot.waitUntil(lambda: len(said) == 3)
        assert all(text.startswith("Nichts wurde gespeichert") for text in said)
        assert preview == "Eigener Vermerk"
        assert form.preview.toPlainText() == preview, "nothing of the form was thrown away"
        assert form.note_edit.toPlainText() == "KD wirkt sehr motiviert"
        assert _error_dialogs() == [], "a refused write is no unexpected error"
        with db.session() as session:
            assert session.scalars(select(Visit)).one().note == "KD wirkt motiviert"
    finally:
        window.close()
        db.dispose()


def test_a_refused_write_escaping_a_slot_is_one_sentence(
    qtbot: QtBot, hooks: excepthook.Installed, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    button = QPushButton()
    qtbot.addWidget(button)

    def save() -> None:
        raise WriteFailed("Nichts wurde gespeichert, weil …", "Nothing was saved …", "full")

    button.clicked.connect(save)
    button.click()
    qtbot.waitUntil(lambda: said == ["Nichts wurde gespeichert, weil …"])
    assert _error_dialogs() == []


APP_WITH_A_BUG = textwrap.dedent(
    """
    import sys, threading
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from fieldkit.ui.app import run_app
    from fieldkit.ui.login import LoginDialog
    from fieldkit.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    before = (sys.excepthook, threading.excepthook)
    seen = []

    def bug():
        secret = "Erika Mustermann"
        raise ValueError(secret)

    def look():
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            if isinstance(widget, LoginDialog):
                widget.demo.setCurrentRow(1)
                widget.try_login()
                break
            if isinstance(widget, QMessageBox) and widget.objectName() == "unexpected_error":
                seen.append(widget.text() + "|" + widget.detailedText())
                widget.close()
                app.quit()
                return
            if isinstance(widget, MainWindow) and not seen:
                seen.append("main")
                QTimer.singleShot(0, bug)  # a slot that raises, in the running app
        QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)
    code = run_app(db_url=sys.argv[1])
    print("restored:", (sys.excepthook, threading.excepthook) == before)
    print("seen:" + "\\n".join(seen))
    sys.exit(code)
    """
)


@pytest.mark.slow
def test_run_app_shows_an_error_in_a_slot_in_the_ui_language(tmp_path: Path) -> None:
    """The real start installs the hook (English system: the English dialog) and puts the
    previous hooks back when the app ends. In its own process, as the app's quit() needs."""
    path = tmp_path / "demo.sqlite"
    database = open_database(str(path))
    demo_setup.write_demo(database, Settings(), IsoWeek(2026, 50), 3, 7)
    database.dispose()
    script = tmp_path / "app_with_a_bug.py"
    script.write_text(APP_WITH_A_BUG, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="en_GB.UTF-8", LC_ALL="en_GB.UTF-8")
    done = subprocess.run(
        [sys.executable, str(script), str(path)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "restored: True" in done.stdout
    seen = done.stdout.split("seen:", 1)[1]
    assert seen.startswith("main\nAn unexpected error occurred (ValueError).|"), seen
    assert "in bug" in seen
    assert SECRET not in seen
    assert SECRET not in done.stderr, "nor in the log"


def test_an_error_opening_the_main_window_is_the_dialog_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before the event loop runs there is no slot to catch an error: an administration
    window that read customers it may not see ended as a traceback on the terminal and no
    window at all. Now it is the unexpected-error dialog (messages left out), and the app
    ends with 1 and its database closed."""
    from fieldkit.ui import app as app_module

    db = open_database(str(tmp_path / "office.sqlite"))
    shown: list[excepthook.QMessageBox] = []

    message = "Kundin Muster, geboren 01.02.1990"

    def fails(*_args: Any) -> None:
        raise RuntimeError(message)

    monkeypatch.setattr(app_module, "_open", lambda *_a: (db, None))
    monkeypatch.setattr(app_module, "_choose", lambda *_a: (db, Settings(), None))
    monkeypatch.setattr(app_module, "open_within_lease", fails)

    def show(self: excepthook.QMessageBox) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(excepthook.QMessageBox, "exec", show)
    assert app_module.run_app(str(tmp_path / "office.sqlite")) == 1
    assert len(shown) == 1
    assert shown[0].objectName() == "unexpected_error"
    assert "RuntimeError" in shown[0].text()
    assert "Muster" not in shown[0].detailedText()
    assert "Traceback" not in capsys.readouterr().err
    open_database(str(tmp_path / "office.sqlite")).dispose()  # its lock was given back
