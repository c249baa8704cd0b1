"""The app on an encrypted laptop database (issue 14, item 2): the login window unlocks it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.settings import Settings
from fieldkit.store import cipher
from fieldkit.store.db import current_revision, head_revision, open_database
from fieldkit.ui.app import _open
from fieldkit.ui.login import LoginDialog


def _new_encrypted(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "laptop.sqlite"
    key = cipher.new_key()
    cipher.add_account(path, key, "anna", "geheim 123")
    open_database(str(path), key=key).dispose()
    return path, key


def _on_dialog(action: Callable[[LoginDialog], None]) -> None:
    """Run ``action`` on the modal login window once it shows (anything else is closed)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, LoginDialog):
            action(dialog)
        elif dialog is not None:
            dialog.close()

    QTimer.singleShot(0, run)


def _wrong_then_right(dialog: LoginDialog) -> None:
    dialog.name.setText("anna")
    dialog.password.setText("falsch")
    dialog.try_login()
    assert dialog.isVisible(), "a wrong password must not open anything"
    assert dialog.message.text()
    dialog.password.setText("geheim 123")
    dialog.try_login()


def test_the_app_opens_an_encrypted_database_after_the_login(qtbot: QtBot, tmp_path: Path) -> None:
    path, _ = _new_encrypted(tmp_path)
    _on_dialog(_wrong_then_right)
    opened = _open(str(path), Settings.load())
    assert opened is not None
    db, identity = opened
    try:
        assert current_revision(db.engine) == head_revision()
        assert identity is None  # encrypted before any account: works as without login
    finally:
        db.dispose()

    _on_dialog(LoginDialog.reject)
    assert _open(str(path), Settings.load()) is None
