"""Failure messages in dialogs never repeat an arbitrary exception's text (issue 19 polish).

An exception from below may carry a customer's name (a database error quoting a row) or be
English and technical: each dialog shows ``ui.ops.user_sentence`` instead — a FieldkitError's
own sentence, an OSError's German sentence from its number, else a general sentence naming
only the type — and the log gets the traceback without the message.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from fieldkit.app import ops as app_ops
from fieldkit.errors import BilingualError
from fieldkit.services import printing as sp
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.ops import SaidError, user_sentence
from fieldkit.ui.planning.view import PlanningWindow
from fieldkit.ui.printing import dialog as dialog_module
from fieldkit.ui.printing import templates as templates_module
from fieldkit.ui.setup.window import SetupWindow
from fieldkit.ui.setup.wizard import SetupWizard
from tests.test_printing_ui import _editor, db, make_window, open_dialog, wait_ready
from tests.test_setup_ui import fill_account

__all__ = ["db"]  # the printing tests' database, a fixture here too

NAME = "Erika Mustermann"  # a made-up customer
KNOWN = BilingualError("Die Woche ist gesperrt.", "The week is locked.", "locked")


def foreign() -> ValueError:
    """What a database driver might raise: English, with a row's values in it."""
    return ValueError(f'duplicate key: (name)=({NAME}) violates "customer_pkey"')


def test_the_sentence_of_each_kind_of_error(caplog: pytest.LogCaptureFixture) -> None:
    assert user_sentence(KNOWN) == "Die Woche ist gesperrt."
    assert user_sentence(KNOWN, "en") == "The week is locked."
    assert user_sentence(SaidError("Die Datei „a.toml“ lässt sich nicht lesen.")).startswith(
        "Die Datei „a.toml“"
    )
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", f"/home/{NAME}.pdf")
    assert user_sentence(missing) == "Die Datei oder der Ordner wurde nicht gefunden."
    full = OSError(errno.ENOSPC, "No space left on device")
    assert user_sentence(full) == "Auf dem Datenträger ist kein Platz mehr frei."
    odd = OSError(errno.EIO, f"I/O error on {NAME}")
    assert (
        user_sentence(odd)
        == f"Die Datei ließ sich nicht lesen oder schreiben (Systemfehler {errno.EIO})."
    )
    bare = OSError(f"socket closed by {NAME}")
    assert NAME not in user_sentence(bare)
    with caplog.at_level(logging.ERROR, logger="fieldkit.ui.ops"):
        try:
            raise foreign()
        except ValueError as exc:
            said = user_sentence(exc)
    assert said == "Ein unerwarteter Fehler ist aufgetreten (Fehlerart: ValueError)."
    assert "Traceback" in caplog.text
    assert "ValueError" in caplog.text
    assert NAME not in caplog.text
    # Hostile and wrong-type input: still one sentence, nothing of it repeated.
    assert NAME not in user_sentence(f"<b>{NAME}</b>")
    assert user_sentence(None).endswith("(Fehlerart: NoneType).")
    assert NAME not in user_sentence(RuntimeError(NAME * 100_000))


def test_an_operations_own_sentence_replaces_all_but_a_fieldkit_error() -> None:
    """The op runner's case: one function, the operation's sentence as ``otherwise``."""
    saved = "Der Vorgang ist fehlgeschlagen; es wurde nichts gespeichert."
    assert user_sentence(KNOWN, otherwise=saved) == "Die Woche ist gesperrt."
    assert user_sentence(KNOWN, "en", otherwise=saved) == "The week is locked."
    for other in (
        foreign(),
        OSError(errno.ENOSPC, "No space left on device"),
        SaidError("Die Datei „a.toml“ lässt sich nicht lesen."),
        None,
        f"<b>{NAME}</b>",
    ):
        assert user_sentence(other, otherwise=saved) == saved


# --- planning ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [(KNOWN, "Die Woche ist gesperrt."), (foreign(), "(Fehlerart: ValueError)")],
)
def test_planning_shows_the_sentence_not_the_exception_text(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch, error: Exception, said: str
) -> None:
    def failing(*_args: Any, **_kw: Any) -> Any:
        raise error

    monkeypatch.setattr(app_ops, "plan_week", failing)
    view = PlanningWindow(db, Settings(), "2026-W49", identity=UNRESTRICTED)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.job_failed, timeout=20000) as blocker:
        qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    shown = view.message.text()
    assert blocker.args == [shown]
    assert said in shown
    assert NAME not in shown
    view.close()


# --- printing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [(KNOWN, "Die Woche ist gesperrt."), (foreign(), "(Fehlerart: ValueError)")],
)
def test_the_print_preview_shows_the_sentence_not_the_exception_text(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    said: str,
) -> None:
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)

    def failing(*_args: Any, **_kw: Any) -> Any:
        raise error

    monkeypatch.setattr(sp, "render", failing)
    dialog.set_selection("packages")
    wait_ready(qtbot, dialog)
    shown = dialog.info.text()
    assert shown.startswith("Das Dokument konnte nicht erstellt werden: ")
    assert said in shown
    assert NAME not in shown
    dialog.close()


def test_printing_and_saving_failures_name_no_one(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)
    warned: list[str] = []
    monkeypatch.setattr(
        dialog_module.QMessageBox, "warning", lambda _p, _t, text: warned.append(text)
    )

    class Accepting:
        def __init__(self, *_args: Any) -> None:
            pass

        def setMinMax(self, *_args: Any) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    def failing(*_args: Any, **_kw: Any) -> int:
        raise foreign()

    monkeypatch.setattr(dialog_module, "QPrintDialog", Accepting)
    monkeypatch.setattr(dialog_module, "print_pdf", failing)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog._print_job is None, timeout=30000)
    assert warned == [
        "Drucken fehlgeschlagen: Ein unerwarteter Fehler ist aufgetreten (Fehlerart: ValueError)."
    ]
    # Saving into a folder that is not there: the OS's English text and the path stay out.
    target = tmp_path / NAME / "brief.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_button.click()
    assert warned[1] == (
        "Die Datei konnte nicht gespeichert werden: Die Datei oder der Ordner wurde nicht gefunden."
    )
    dialog.close()


def test_the_template_editor_names_no_one(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, db, tmp_path)
    editor = _editor(qtbot, window)
    warned: list[str] = []
    monkeypatch.setattr(
        templates_module.QMessageBox, "warning", lambda _p, _t, text: warned.append(text)
    )
    blocker = tmp_path / NAME
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    editor.settings = dataclasses.replace(editor.settings, template_dir=str(blocker / "sub"))
    editor.keys.setCurrentRow(0)
    editor.editor.setPlainText("Einladung für {name}")
    assert editor.save() is False
    assert len(warned) == 1
    assert warned == [
        "Die Vorlagen konnten nicht gespeichert werden: Ein Teil des Pfads ist kein Ordner."
    ]

    def failing(*_args: Any, **_kw: Any) -> None:
        raise foreign()

    monkeypatch.setattr(templates_module, "render_invitation", failing)
    monkeypatch.setattr(templates_module, "render_package", failing)
    editor.render_preview()
    qtbot.waitUntil(lambda: editor._job is None, timeout=20000)
    assert editor.preview_state.text() == (
        "Vorschau nicht möglich: Ein unerwarteter Fehler ist aufgetreten (Fehlerart: ValueError)."
    )
    editor.close()


# --- setup --------------------------------------------------------------------------------


def test_the_setup_window_and_wizard_say_the_file_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    empty = open_database(str(tmp_path / "setup.sqlite"))
    try:
        window = SetupWindow(empty, identity=UNRESTRICTED)
        qtbot.addWidget(window)
        assert not window.import_file(str(tmp_path / f"{NAME}-fehlt.toml"))
        assert window.notes_label.text() == (
            f"Die Datei „{NAME}-fehlt.toml“ lässt sich nicht öffnen."
        )  # the user's own file, named as chosen: nothing else
        assert not window.export_file(str(tmp_path / "nirgends" / "x.toml"))
        said = window.notes_label.text()
        assert "Traceback" not in said
        assert "Errno" not in said
        wizard = SetupWizard(empty, identity=UNRESTRICTED)
        qtbot.addWidget(wizard)
        broken = tmp_path / "broken.toml"
        broken.write_text("[office\n", encoding="utf-8")
        fill_account(wizard)
        assert not wizard.import_file(str(broken))
        assert "broken.toml" in wizard.start.error.text()
        assert "Traceback" not in wizard.start.error.text()
        window.close()
        wizard.close()
    finally:
        empty.dispose()
