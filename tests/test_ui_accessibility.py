"""Screen readers (issue 23, point 3): every control of every window has a name.

A control is named when it has an accessible name, a label that is its buddy, or (for a
button) a visible text. A screen reader reads nothing else for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTableView,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database
from tests.ui_windows import demo_database, every_window, main_window, select_blocked

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def windows(
    request: pytest.FixtureRequest,
    qapp: QApplication,
    demo: Database,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[list[tuple[str, QWidget]]]:
    """The main window (a blocked customer selected) and every window opened from it, for
    the tests below that only read them: opened once per module instead of once per test
    (about a second each), and closed at the module's end."""
    folder = tmp_path_factory.mktemp("windows")
    bot = QtBot(request)  # its widgets belong to this module, not to one test
    window = main_window(bot, demo, folder)
    select_blocked(window)
    shown = every_window(bot, window, folder)
    yield shown
    for _name, widget in reversed(shown):
        widget.close()
        widget.deleteLater()
    qapp.processEvents()


def _buddied(window: QWidget) -> set[int]:
    found = set()
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text().strip():
            found.add(id(buddy))
    return found


def _part_of_another_control(widget: QWidget) -> bool:
    """Qt's own pieces (a combo box's line edit, a spin box's editor, a header) are read
    with their control."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def _shown(widget: QWidget, window: QWidget) -> bool:
    """Visible now, or on a page of a tab or stack that a user can switch to."""
    current: QWidget | None = widget
    while current is not None and current is not window:
        parent = current.parentWidget()
        if current.isHidden() and not isinstance(parent, QStackedWidget):
            return False
        current = parent
    return True


def controls(window: QWidget) -> list[QWidget]:
    """The window's own controls, on every page of its tabs too."""
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and w.window() is window
        and _shown(w, window)
        and not _part_of_another_control(w)
    ]


def spoken_name(widget: QWidget) -> str:
    """The name the accessibility tree gives a screen reader for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed(window: QWidget) -> list[str]:
    """The window's visible controls a screen reader could not name: no accessible name,
    no buddy label, and nothing Qt reads instead (a button's text)."""
    buddies = _buddied(window)
    found = []
    for widget in controls(window):
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and spoken_name(widget):
            continue
        found.append(f"{type(widget).__name__}#{widget.objectName()}")
    return found


def test_every_control_has_a_name(windows: list[tuple[str, QWidget]]) -> None:
    problems = []
    for name, widget in windows:
        assert controls(widget), name
        problems += [f"{name}: {p}" for p in unnamed(widget)]
    assert problems == [], "\n".join(problems)


def test_the_walk_finds_an_unnamed_control(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    tabs = QTabWidget(window)
    layout.addWidget(tabs)
    first, second = QWidget(), QWidget()
    tabs.addTab(first, "Eins")
    tabs.addTab(second, "Zwei")
    QVBoxLayout(first).addWidget(QPushButton("Speichern"))
    hidden_edit = QLineEdit(second)  # on the tab not shown: still reached by keyboard
    hidden_edit.setObjectName("nameless")
    icon_only = QPushButton(window)
    icon_only.setObjectName("icon_only")
    layout.addWidget(icon_only)
    window.show()
    assert sorted(unnamed(window)) == ["QLineEdit#nameless", "QPushButton#icon_only"]
    label = QLabel("&Ort", second)
    label.setBuddy(hidden_edit)
    icon_only.setAccessibleName("Karte zentrieren")
    assert unnamed(window) == []


def _dialogs(db: Database, parent: QWidget) -> list[tuple[str, QWidget]]:
    """The dialogs that are not top-level windows of the walk above: opened from a button
    or a menu of one of them, each built as its caller builds it."""
    import uuid
    from datetime import date, datetime

    from fieldkit.domain.settings import RulesSettings
    from fieldkit.printing.settings import PrintSettings
    from fieldkit.services.field import DayChoice
    from fieldkit.services.office import Identity
    from fieldkit.settings import Settings
    from fieldkit.ui.field import DayDialog
    from fieldkit.ui.geo.area_editor import AreaEditor
    from fieldkit.ui.geo.place_dialog import PlaceDialog, PlaceTarget
    from fieldkit.ui.office.desk import AppointmentDialog
    from fieldkit.ui.office.role_dialog import RoleDialog
    from fieldkit.ui.printing.rules import RulesDialog
    from fieldkit.ui.printing.templates import TemplateEditor
    from fieldkit.ui.settings_dialog import SettingsDialog
    from fieldkit.ui.setup.wizard import SetupWizard

    choice = DayChoice(uuid.uuid4(), date(2026, 12, 1), None, "Fachkraft A", 6)
    target = PlaceTarget(uuid.uuid4(), "Hauptstr. 1, 74072 Heilbronn", "municipality", 49.14, 9.22)
    return [
        ("settings", SettingsDialog(Settings(), lambda _s: None, parent)),
        ("day", DayDialog([choice], 0, parent)),
        ("areas", AreaEditor(db, parent)),
        ("place", PlaceDialog(db, target, "Test", parent, identity=UNRESTRICTED)),
        ("appointment", AppointmentDialog(date(2026, 12, 1), parent)),
        ("role", RoleDialog([("Frau Beispiel", "Team 1")], Identity(), parent)),
        (
            "rules",
            RulesDialog(
                db, RulesSettings(), lambda: datetime(2026, 12, 1), parent, identity=UNRESTRICTED
            ),
        ),
        ("templates", TemplateEditor("demo", "Jobcenter Demo", PrintSettings(), parent)),
        ("wizard", SetupWizard(db, parent, identity=UNRESTRICTED)),
    ]


def test_every_dialog_names_its_controls(qtbot: QtBot, demo: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    problems = []
    for name, dialog in _dialogs(demo, parent):  # owned by parent: qtbot closes it with them
        dialog.show()
        assert controls(dialog), name
        problems += [f"{name}: {p}" for p in unnamed(dialog)]
        dialog.close()
    assert problems == [], "\n".join(problems)


def test_tab_leaves_every_table(windows: list[tuple[str, QWidget]]) -> None:
    """A table that moves Tab from cell to cell holds a keyboard user in it (arrows move
    between cells; Tab goes on to the next control)."""
    caught = [
        f"{name}: {view.objectName() or view.accessibleName()}"
        for name, widget in windows
        for view in widget.findChildren(QAbstractItemView)
        if view.window() is widget and view.tabKeyNavigation()
    ]
    assert caught == []


def test_tables_expose_their_column_headers(windows: list[tuple[str, QWidget]]) -> None:
    """A screen reader reads a cell with its column's name: each table's accessible children
    include a named column header for every shown column."""
    problems = []
    tables = 0
    for name, widget in windows:
        for view in widget.findChildren(QTableView):
            if view.window() is not widget or view.model() is None or not view.isVisible():
                continue
            tables += 1
            shown = sum(1 for c in range(view.model().columnCount()) if not view.isColumnHidden(c))
            interface = QAccessible.queryAccessibleInterface(view)
            assert interface is not None
            headers = [
                interface.child(i).text(QAccessible.Text.Name).strip()
                for i in range(interface.childCount())
                if interface.child(i).role() == QAccessible.Role.ColumnHeader
            ]
            if view.horizontalHeader().isHidden() or len([h for h in headers if h]) < shown:
                problems.append(f"{name}: {view.objectName()} {headers}")
    assert tables >= 5
    assert problems == []


def test_status_bar_messages_are_announced(
    qtbot: QtBot, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.ui import access

    said: list[str] = []
    real = QAccessible.updateAccessibility

    class Spy:
        @staticmethod
        def updateAccessibility(event: object) -> None:
            said.append(str(event.message()))  # type: ignore[attr-defined]
            real(event)  # type: ignore[arg-type]

    monkeypatch.setattr(access, "QAccessible", Spy)
    window = main_window(qtbot, demo, tmp_path)
    window.reload_weeks()  # F5: the status bar says what it shows
    window.statusBar().showMessage("Woche neu geladen.")
    assert "Woche neu geladen." in said
    before = len(said)
    window.statusBar().clearMessage()  # an empty message is not read out
    assert len(said) == before
