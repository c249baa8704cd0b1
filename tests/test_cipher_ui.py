"""The app's unlock dialog on an encrypted laptop database (issue 14, item 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from fieldkit.store import cipher
from fieldkit.store.db import current_revision, head_revision, open_database
from fieldkit.ui.app import _open
from fieldkit.ui.unlock_dialog import UnlockDialog


def _new_encrypted(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "laptop.sqlite"
    key = cipher.new_key()
    cipher.add_account(path, key, "anna", "geheim 123")
    open_database(str(path), key=key).dispose()
    return path, key


def _ok(dialog: UnlockDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    button.click()


def test_the_unlock_dialog_refuses_in_a_sentence_and_accepts_the_right_password(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path, key = _new_encrypted(tmp_path)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    _ok(dialog)
    assert dialog.error.text() == "Bitte Name und Passwort angeben."
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.name_edit, "anna")
    qtbot.keyClicks(dialog.password_edit, "falsch")
    _ok(dialog)
    assert dialog.error.text() == (
        "Name oder Passwort stimmen nicht; die Datenbank wurde nicht geöffnet."
    )
    assert dialog.password_edit.text() == ""  # a wrong password does not stay in the field
    assert dialog.isVisible()
    assert dialog.key() is None

    qtbot.keyClicks(dialog.password_edit, "geheim 123")
    _ok(dialog)
    assert not dialog.isVisible()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert dialog.key() == key
    assert dialog.password_edit.text() == ""


def _on_dialog(action: Callable[[UnlockDialog], None]) -> None:
    """Run ``action`` on the modal dialog once it shows (anything else is closed, no hang)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, UnlockDialog):
            action(dialog)
        elif dialog is not None:
            dialog.close()

    QTimer.singleShot(0, run)


def _log_in(dialog: UnlockDialog) -> None:
    dialog.name_edit.setText("anna")
    dialog.password_edit.setText("geheim 123")
    _ok(dialog)


def test_the_app_opens_an_encrypted_database_after_the_login(qtbot: QtBot, tmp_path: Path) -> None:
    path, _ = _new_encrypted(tmp_path)
    _on_dialog(_log_in)
    db = _open(str(path))
    assert db is not None
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()

    _on_dialog(UnlockDialog.reject)
    assert _open(str(path)) is None
