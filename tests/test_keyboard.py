"""Keyboard only (issue 23, point 2): the import, the print dialog and the desk without a mouse.

Each test drives the real window by key presses: Tab reaches every control in a sensible
order, the focused control looks different from the unfocused one (visible focus), and
Enter, Escape, mnemonics and shortcuts do what they say. (Field mode: tests/test_field_ui.py.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services import office_desk as desk
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker, Flag
from fieldkit.ui import access
from fieldkit.ui.import_dialog import ImportDialog
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.printing import PrintingFeature
from tests.conftest import SPEC_DATA
from tests.factories import add_flagged, verify_rule_sets
from tests.ui_windows import demo_database
from tests.ui_windows import main_window as demo_main_window

BERLIN = ZoneInfo("Europe/Berlin")
SAMPLE = SPEC_DATA / "sample-week.csv"
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    QTest.keyClick(focused(), key, modifier)


def tab_cycle(limit: int = 60) -> list[QWidget]:
    """The widgets Tab visits from the focused one until it comes back to it."""
    start = focused()
    seen = [start]
    for _ in range(limit):
        press(Qt.Key.Key_Tab)
        if focused() is start:
            return seen
        if focused() is seen[-1]:
            continue  # a date field's Tab goes from day to month to year first
        assert focused() not in seen, f"Tab is caught in a loop at {focused().objectName()}"
        seen.append(focused())
    raise AssertionError("Tab never came back: a keyboard trap")


def tab_to(widget: QWidget, limit: int = 60) -> None:
    """Press Tab until ``widget`` has the focus (proves it is reachable by keyboard)."""
    for _ in range(limit):
        if focused() is widget:
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"{widget.objectName()} not reachable by Tab")


def focus_is_visible(widget: QWidget) -> bool:
    """Whether ``widget``, reached by Tab, looks different from when Tab moved on.

    Not for a dialog's default button: Fusion draws it with the same frame as the focus.
    """
    tab_to(widget)
    with_focus = widget.grab().toImage()
    press(Qt.Key.Key_Tab)
    assert focused() is not widget
    without = widget.grab().toImage()
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is widget
    return bool(with_focus != without)


def reachable(window: QWidget) -> set[QWidget]:
    """The window's enabled, visible controls that take the focus by Tab."""
    return {
        w
        for w in window.findChildren(QWidget)
        if w.window() is window
        and w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not w.objectName().startswith("qt_")
    }


def in_order(cycle: list[QWidget], *expected: QWidget) -> bool:
    """``expected`` appear in ``cycle`` in this order (other controls may lie between)."""
    positions = [cycle.index(w) for w in expected]
    return positions == sorted(positions)


def names(widgets: list[QWidget]) -> list[str]:
    return [w.objectName() or w.accessibleName() or type(w).__name__ for w in widgets]


class Announcements:
    """What fieldkit.ui.access asked screen readers to say (the real call is made too)."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self._real = QAccessible.updateAccessibility

    def updateAccessibility(self, event: object) -> None:
        message = getattr(event, "message", None)
        if callable(message):
            self.said.append(str(message()))
        self._real(event)  # type: ignore[arg-type]


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> Announcements:
    spy = Announcements()

    class Spy:
        updateAccessibility = staticmethod(spy.updateAccessibility)

    monkeypatch.setattr(access, "QAccessible", Spy)
    return spy


# --- the import ---------------------------------------------------------------------------
@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "import.sqlite"))
    yield database
    database.dispose()


def main_on(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, Settings(), state, lambda: datetime(2026, 11, 25, 9, tzinfo=BERLIN))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def run_modal(qtbot: QtBot, steps: Callable[[QWidget], None], open_it: Callable[[], None]) -> None:
    """Press the keys of ``steps`` inside the modal dialog that ``open_it`` opens (exec())."""
    failures: list[BaseException] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        try:
            qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
            steps(dialog)
        except BaseException as exc:  # the test fails below, the dialog must not hang
            failures.append(exc)
        finally:
            if dialog.isVisible():
                dialog.close()

    QTimer.singleShot(0, drive)
    open_it()
    if failures:
        raise failures[0]


def test_the_import_by_keyboard(
    qtbot: QtBot,
    empty_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    announced: Announcements,
) -> None:
    # The operating system's file dialog is not fieldkit's: it answers with the sample file.
    monkeypatch.setattr("fieldkit.ui.import_dialog.open_file_name", lambda *_a: str(SAMPLE))
    window = main_on(qtbot, empty_db, tmp_path)

    def steps(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportDialog)
        qtbot.waitUntil(lambda: focused().window() is dialog)
        assert focused() is dialog.choose_button, "the dialog starts on 'Datei wählen'"
        press(Qt.Key.Key_Return)  # choose the file: the check runs
        qtbot.waitUntil(lambda: dialog.preview.rowCount() == 6, timeout=20000)
        # Checked: the import button takes the focus (Enter now imports) once the job ended.
        qtbot.waitUntil(lambda: focused() is dialog.import_button, timeout=90000)
        assert dialog.import_button.isDefault()
        cycle = tab_cycle()
        assert set(cycle) == reachable(dialog), names(cycle)
        assert in_order(cycle, dialog.import_button, dialog.choose_button, dialog.table)
        assert focus_is_visible(dialog.path_edit)
        assert focus_is_visible(dialog.table)
        press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Down)
        assert dialog.table.currentIndex().row() >= 1, "arrows move through the rows"
        tab_to(dialog.import_button)
        press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)

    window.table.setFocus()
    run_modal(qtbot, steps, lambda: press(Qt.Key.Key_I, CTRL))  # Datei → importieren (Ctrl+I)
    assert "Geprüft. Mit „Importieren“ übernehmen." in announced.said
    with empty_db.session() as session:
        assert len(session.scalars(select(Flag)).all()) == 6
    assert window.current_week(), "the main window shows the imported week"

    # Escape closes the dialog and imports nothing more.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()

    def escape(dialog: QWidget) -> None:
        qtbot.waitUntil(lambda: focused().window() is dialog)
        press(Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    run_modal(qtbot, escape, lambda: press(Qt.Key.Key_I, CTRL))
    with empty_db.session() as session:
        assert len(session.scalars(select(Flag)).all()) == 6


# --- the print dialog ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from demo_database(tmp_path_factory.mktemp("demo"))


def test_the_print_dialog_by_keyboard(
    qtbot: QtBot, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ausdruck.pdf"
    monkeypatch.setattr("fieldkit.ui.printing.dialog.save_file_name", lambda *_a: str(target))
    window = demo_main_window(qtbot, demo, tmp_path)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    press(Qt.Key.Key_P, CTRL)  # Datei → Drucken (the standard print shortcut)
    from fieldkit.ui.printing.dialog import PrintDialog

    dialog = window.features.get_as("printing", PrintingFeature).dialog
    assert isinstance(dialog, PrintDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.pdf_path is not None, timeout=90000)
    dialog.kind_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
    cycle = tab_cycle()
    assert set(cycle) == reachable(dialog), names(cycle)
    assert in_order(
        cycle, dialog.kind_combo, dialog.day_combo, dialog.worker_combo, dialog.allow_box,
        dialog.view, dialog.print_button, dialog.save_button,
    )  # fmt: skip
    for widget in (dialog.kind_combo, dialog.allow_box, dialog.save_button):
        assert focus_is_visible(widget), widget.objectName()
    # Mnemonics: Alt+T goes to the day, Alt+W to what is printed; arrows choose.
    press(Qt.Key.Key_T, ALT)
    assert focused() is dialog.day_combo
    press(Qt.Key.Key_W, ALT)
    assert focused() is dialog.kind_combo
    press(Qt.Key.Key_Down)
    assert dialog.kind_combo.currentIndex() == 1
    qtbot.waitUntil(lambda: dialog._job is None, timeout=90000)
    press(Qt.Key.Key_S, ALT)  # Als PDF speichern
    qtbot.waitUntil(target.exists, timeout=10000)
    assert target.read_bytes().startswith(b"%PDF")
    press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# --- the desk -----------------------------------------------------------------------------
NOW = datetime(2026, 12, 7, 10, 30, tzinfo=BERLIN)


@pytest.fixture
def desk_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "desk.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen", hb="Herr Brandt")
    with database.session() as session:
        session.add(Caseworker(name="Frau Ohm", team="521"))
    verify_rule_sets(database)
    desk.add_appointment(
        database, datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN), "962D000001", identity=UNRESTRICTED
    )
    desk.add_appointment(
        database, datetime(2026, 12, 7, 11, 0, tzinfo=BERLIN), "962D000002", identity=UNRESTRICTED
    )
    yield database
    database.dispose()


def test_the_desk_by_keyboard(qtbot: QtBot, desk_db: Database, announced: Announcements) -> None:
    from fieldkit.ui.office.desk import DeskWindow

    window = DeskWindow(desk_db, Settings(), lambda: NOW, Identity("office", "AB Wolf"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press_alt_t = (Qt.Key.Key_T, ALT)
    window.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
    press(*press_alt_t)  # the day's label is its buddy: Alt+T
    assert focused() is window.day_edit
    tab_to(window.table)
    press(Qt.Key.Key_Down)  # choose an appointment by the arrow keys
    assert window.selected() is not None
    chosen = window.selected()
    cycle = tab_cycle()
    assert set(cycle) == reachable(window), names(cycle)
    assert in_order(
        cycle, window.table, window.worker, window.reasons, window.motivation,
        window.agreements, window.talk_button,
    )  # fmt: skip
    # The text fields give Tab back: the talk is typed and saved without the mouse.
    tab_to(window.reasons)
    QTest.keyClicks(focused(), "Krank gewesen")
    press(Qt.Key.Key_Tab)
    assert focused() is window.motivation
    assert window.reasons.toPlainText() == "Krank gewesen"
    QTest.keyClicks(focused(), "will Arbeit")
    press(Qt.Key.Key_Tab)
    QTest.keyClicks(focused(), "Termin wahrnehmen")
    assert focus_is_visible(window.talk_button)
    press(Qt.Key.Key_Space)
    assert "Gespräch gespeichert" in window.message.text()
    assert any("Gespräch gespeichert" in s for s in announced.said)
    assert chosen is not None
    with desk_db.session() as session:
        row = next(
            r
            for r in desk.list_day(session, NOW.date(), identity=UNRESTRICTED)
            if r.id == chosen.id
        )
    assert row.state == "talked"
    assert "Krank gewesen" in row.talk
