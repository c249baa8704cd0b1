"""The idle lock (issue 14, item 5) on the real field window: it covers after the (tiny,
test-set) idle time, swallows input, keeps the half-typed visit, opens with the right
password only, and logs out after five wrong ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.app import start_idle_lock
from fieldkit.ui.field import FieldWindow
from fieldkit.ui.lock import MAX_FAILURES, IdleLock, LockOverlay, idle_ms
from tests.test_field_service import build_day

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD = "richtig-und-lang"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "lock.sqlite"))
    yield database
    database.dispose()


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> FieldWindow:
    route_id = build_day(db)
    clock = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)  # noqa: E731
    win = FieldWindow(db, Settings(), clock, route_id, identity=UNRESTRICTED)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.form.begin()
    win.form.note_edit.setPlainText("halb getippt")  # not flushed: only in the widget
    return win


def _lock(qtbot: QtBot, ms: int = 50) -> tuple[IdleLock, list[int]]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    logouts: list[int] = []
    lock = IdleLock(app, ms, lambda pw: pw == PASSWORD, logout=lambda: logouts.append(1))
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    return lock, logouts


def _overlay(lock: IdleLock, window: FieldWindow) -> LockOverlay:
    return lock.overlays[window]


def _type_password(overlay: LockOverlay, text: str) -> None:
    overlay.password.setFocus()
    QTest.keyClicks(overlay.password, text)
    QTest.keyClick(overlay.password, Qt.Key.Key_Return)


def test_lock_covers_after_idle_time_and_blocks_input(qtbot: QtBot, window: FieldWindow) -> None:
    title = window.windowTitle()
    lock, _ = _lock(qtbot)
    try:
        overlay = _overlay(lock, window)
        assert overlay.isVisible()
        assert overlay.geometry() == window.rect()
        assert "gesperrt" in window.windowTitle()
        assert title not in window.windowTitle() or not title
        # Typing into the form behind the cover does nothing.
        QTest.keyClicks(window.form.note_edit, "xyz")
        QTest.mouseClick(window.form.met, Qt.MouseButton.LeftButton)
        assert window.form.note_edit.toPlainText() == "halb getippt"
        assert not window.form.met.isChecked()
    finally:
        lock.stop()


def test_wrong_password_keeps_it_locked_right_one_opens_with_the_text_kept(
    qtbot: QtBot, window: FieldWindow
) -> None:
    title = window.windowTitle()
    lock, logouts = _lock(qtbot)
    try:
        overlay = _overlay(lock, window)
        _type_password(overlay, "falsch")
        assert lock.is_locked
        assert "falsch" in overlay.error.text()
        assert overlay.error.text().count(".") <= 1  # one sentence
        assert overlay.password.text() == ""
        _type_password(overlay, "")
        assert lock.is_locked
        _type_password(overlay, PASSWORD)
        assert not lock.is_locked
        assert window.windowTitle() == title
        assert window.form.note_edit.toPlainText() == "halb getippt"
        assert not window.findChildren(LockOverlay) or not any(
            o.isVisible() for o in window.findChildren(LockOverlay)
        )
        assert logouts == []
        # Input reaches the form again.
        window.form.note_edit.setFocus()
        QTest.keyClicks(window.form.note_edit, "!")
        assert "!" in window.form.note_edit.toPlainText()
    finally:
        lock.stop()


def test_five_wrong_passwords_log_out(qtbot: QtBot, window: FieldWindow) -> None:
    lock, logouts = _lock(qtbot)
    try:
        overlay = _overlay(lock, window)
        for _ in range(MAX_FAILURES - 1):
            _type_password(overlay, "nein")
        assert logouts == []
        _type_password(overlay, "nein")
        assert logouts == [1]
    finally:
        lock.stop()


def test_hostile_password_input_is_just_wrong(qtbot: QtBot, window: FieldWindow) -> None:
    lock, _ = _lock(qtbot)
    try:
        overlay = _overlay(lock, window)
        for text in ("<b>x</b>", "x" * 100_000, "'; DROP TABLE visit; --"):
            overlay.password.setText(text)
            overlay.unlock_button.click()
            assert lock.is_locked
            assert "<b>" not in overlay.error.text()
    finally:
        lock.stop()


def test_input_restarts_the_idle_time(qtbot: QtBot, window: FieldWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = IdleLock(app, 10_000, lambda _pw: True, logout=lambda: None)
    try:
        lock.timer.stop()  # as if the idle time had run almost out
        QTest.mouseClick(window.form.note_edit, Qt.MouseButton.LeftButton)
        assert lock.timer.isActive()  # started anew by the input
        lock.timer.stop()
        QTest.keyClick(window.form.note_edit, Qt.Key.Key_Shift)
        assert lock.timer.isActive()
        assert not lock.is_locked
    finally:
        lock.stop()


def test_a_window_opened_while_locked_is_covered_too(qtbot: QtBot, window: FieldWindow) -> None:
    lock, _ = _lock(qtbot)
    try:
        dialog = QDialog(window)
        dialog.setWindowTitle("Kundin Beispiel")
        dialog.show()
        qtbot.waitUntil(lambda: dialog in lock.overlays, timeout=3000)
        assert "Beispiel" not in dialog.windowTitle()
        _type_password(lock.overlays[dialog], PASSWORD)
        assert not lock.is_locked
        assert dialog.windowTitle() == "Kundin Beispiel"
        dialog.close()
    finally:
        lock.stop()


def test_a_window_closed_while_locked_does_not_break_unlocking(
    qtbot: QtBot, window: FieldWindow
) -> None:
    lock, _ = _lock(qtbot)
    try:
        dialog = QDialog(window)
        dialog.show()
        qtbot.waitUntil(lambda: dialog in lock.overlays, timeout=3000)
        dialog.deleteLater()
        qtbot.waitUntil(lambda: not any(w is dialog for w in QApplication.topLevelWidgets()))
        _type_password(lock.overlays[window], PASSWORD)
        assert not lock.is_locked
    finally:
        lock.stop()


def test_tab_cannot_move_the_focus_behind_the_cover(qtbot: QtBot, window: FieldWindow) -> None:
    lock, _ = _lock(qtbot)
    try:
        window.activateWindow()
        overlay = lock.overlays[window]
        overlay.password.setFocus()
        for _ in range(6):
            QTest.keyClick(QApplication.focusWidget() or overlay.password, Qt.Key.Key_Tab)
            qtbot.wait(5)
            assert overlay.isAncestorOf(QApplication.focusWidget() or overlay)
    finally:
        lock.stop()


def test_no_lock_without_accounts_and_an_idle_one_at_zero_minutes() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    assert start_idle_lock(app, Settings(), None) is None
    off = Settings().replace("app", idle_lock_minutes=0)
    idle = start_idle_lock(app, off, lambda _pw: True)
    assert isinstance(idle, IdleLock)  # there, so the settings window can switch it on
    assert not idle.timer.isActive()
    idle.stop()
    idle.deleteLater()
    on = start_idle_lock(app, Settings(), lambda _pw: True)
    assert isinstance(on, IdleLock)
    assert on.timer.interval() == idle_ms(10) == 600_000
    on.stop()
    on.deleteLater()


def test_a_new_idle_time_applies_at_once(qtbot: QtBot, window: FieldWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = IdleLock(app, idle_ms(10), lambda pw: pw == PASSWORD, logout=lambda: None)
    try:
        lock.set_idle_ms(0)  # off: no lock however long nothing happens
        qtbot.wait(300)
        QTest.keyClick(window, Qt.Key.Key_Shift)
        assert not lock.timer.isActive()
        assert not lock.is_locked
        lock.set_idle_ms(50)  # on again, with a short time: it locks without a restart
        qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
        lock.set_idle_ms(idle_ms(30))  # changed while locked: stays locked until unlocked
        assert lock.is_locked
        _type_password(_overlay(lock, window), PASSWORD)
        assert not lock.is_locked
        assert lock.timer.isActive()
        assert lock.timer.interval() == 30 * 60_000
        lock.stop()
        lock.set_idle_ms(50)  # a stopped lock starts nothing any more
        assert not lock.timer.isActive()
    finally:
        lock.stop()


def test_logging_out_closes_the_windows_and_keeps_the_typed_visit(
    qtbot: QtBot, db: Database, window: FieldWindow
) -> None:
    """The real logout: every window closes (field mode commits its form first)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = IdleLock(app, 50, lambda pw: pw == PASSWORD)  # the default logout, quit_app
    try:
        qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
        for _ in range(MAX_FAILURES):
            _type_password(lock.overlays[window], "nein")
        assert not window.isVisible()
    finally:
        lock.stop()
    again = FieldWindow(db, Settings(), window.clock, window.route_id, identity=UNRESTRICTED)
    qtbot.addWidget(again)
    again.show()
    assert again.form.note_edit.toPlainText() == "halb getippt"


def test_the_central_password_is_not_kept_while_locked(
    qtbot: QtBot, window: FieldWindow, db: Database
) -> None:
    """Issue 15: the central login lives in memory for the sync; while the screen is locked it
    is forgotten, and the password that unlocks the screen is remembered again."""
    from fieldkit.services import accounts
    from fieldkit.services.office import Identity
    from fieldkit.ui import central_login
    from fieldkit.ui.app import password_check

    with db.session() as session:
        accounts.add_account(
            session,
            accounts.NewAccount("ada", "caseworker", team="521"),
            PASSWORD,
            datetime(2026, 11, 30, 9, tzinfo=BERLIN),
        )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ada = Identity("office", account="ada", account_role="caseworker")
    verify = password_check(db, Settings(), ada)
    assert verify is not None
    central = "postgresql+psycopg://zentrale.example/fieldkit"
    central_login.remember("ada", PASSWORD)
    lock = start_idle_lock(app, Settings(), verify)
    assert isinstance(lock, IdleLock)
    try:
        assert PASSWORD in central_login.central_url(central)
        lock.lock()
        assert lock.is_locked
        assert central_login.central_url(central) == central  # nothing in memory
        _type_password(_overlay(lock, window), "falsch")
        assert central_login.central_url(central) == central
        _type_password(_overlay(lock, window), PASSWORD)
        assert not lock.is_locked
        assert PASSWORD in central_login.central_url(central)
    finally:
        lock.stop()
        lock.deleteLater()
        central_login.forget()
