"""Every top-level window of the app, opened on the complete demo (issue 23).

Shared by the wording, the screen-fit and the accessibility tests: the demo week is written
once per test module into a temporary SQLite file (``fieldkit demo --complete`` through
services.demo_world), and each test opens the windows like a user would, from the main
window's features.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fieldkit.services import field
from fieldkit.services.demo import flag_list_csv
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.ui.field import FieldMode
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.planning import PlanningFeature
from fieldkit.ui.printing import PrintingFeature
from fieldkit.ui.setup import SetupFeature
from fieldkit.ui.sync import SyncFeature
from fieldkit.ui.week_model import ROW_ROLE
from tests.snapshots import DEMO_NOW, demo_world, opened_copy

NOW = DEMO_NOW  # Wednesday, KW 48

# Internal reason codes (E_CALLS_MISSING, W_…, I_…, X_…) and English words that must never
# reach the German screens.
CODE = re.compile(r"\b[EWIX]_[A-Z][A-Z_]+\b")
ENGLISH = re.compile(r"\b(stops|customers|error|failed|None|True|False)\b", re.IGNORECASE)


def demo_database(folder: Path) -> Iterator[Database]:
    """The complete demo (both weeks, geocoded, planned, with results) in a SQLite file: a
    copy of the one built once per test process (tests/snapshots.py)."""
    yield from opened_copy(demo_world(folder), folder / "demo.sqlite")


def main_window(qtbot: QtBot, db: Database, folder: Path) -> MainWindow:
    """The main window (all features) on the demo's coming week."""
    state = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, Settings(), state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window


def select_blocked(window: MainWindow) -> None:
    """Select a blocked customer if the week has one (its reasons show in the detail panel)."""
    proxy = window.proxy
    for row in range(proxy.rowCount()):
        data = proxy.index(row, 0).data(ROW_ROLE)
        if data is not None and data.status == "blocked":
            window.table.selectRow(row)
            return
    window.table.selectRow(0)


def import_preview(qtbot: QtBot, window: MainWindow, folder: Path) -> QWidget:
    """The import dialog with the demo flag list checked and previewed (nothing imported)."""
    from fieldkit.ui.import_dialog import ImportDialog

    path = folder / "vormerkliste.csv"
    path.write_text(flag_list_csv(datetime(2026, 12, 7).date(), count=15), encoding="utf-8")
    dialog = ImportDialog(
        window.db, window.settings, window, file_chooser=lambda _p: str(path), identity=UNRESTRICTED
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check_file(path)
    qtbot.waitUntil(lambda: dialog.job is not None and not dialog.job.is_running(), timeout=20000)
    qtbot.waitUntil(lambda: dialog.preview.rowCount() > 0, timeout=5000)
    return dialog


def every_window(qtbot: QtBot, window: MainWindow, folder: Path) -> list[tuple[str, QWidget]]:
    """Open every top-level window from the main window; (name, widget) pairs."""
    features = window.features
    with window.db.session() as session:
        days = field.field_days(session, UNRESTRICTED)
    assert days, "the demo must have a stored route"
    opened: list[tuple[str, QWidget | None]] = [
        ("main", window),
        ("import", import_preview(qtbot, window, folder)),
        ("print", features.get_as("printing", PrintingFeature).open_print()),
        ("sync", features.get_as("sync", SyncFeature).open()),
        ("planning", features.get_as("planning", PlanningFeature).open()),
        (
            "field",
            features.get_as("field", FieldMode).open_route(days[0].route_id, maximized=False),
        ),
        ("setup", features.get_as("setup", SetupFeature).open_setup()),
        ("audit", features.get_as("setup", SetupFeature).open_audit_log()),
    ]
    office = features.get_as("office", OfficeFeature)
    for name in ("flagging", "inbox", "followup", "desk", "reports", "staff"):
        opened.append((f"office-{name}", getattr(office, f"open_{name}")()))
    opened.append(("settings", window.open_settings()))
    shown: list[tuple[str, QWidget]] = []
    for name, widget in opened:
        assert widget is not None, name
        if widget is not window:
            qtbot.addWidget(widget)
        widget.show()
        shown.append((name, widget))
    qtbot.wait(50)
    return shown


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return int(model.columnCount(parent))
    except TypeError:  # a list model: columnCount is private there, and it is one column
        return 1


def _model_texts(model: QAbstractItemModel, parent: QModelIndex, limit: int) -> Iterator[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    for row in range(min(model.rowCount(parent), limit)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            for role in roles:
                value = index.data(role)
                if value is not None:
                    yield str(value)
        child = model.index(row, 0, parent)
        if child.isValid() and model.rowCount(child) > 0:
            yield from _model_texts(model, child, limit)


def _header_texts(model: QAbstractItemModel) -> Iterator[str]:
    for section in range(_columns(model, QModelIndex())):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if value is not None:
                yield str(value)


def widget_texts(widget: QWidget) -> Iterator[str]:
    """Everything a user reads on one widget: text, tooltip, items, cells and headers."""
    yield widget.toolTip()
    yield widget.windowTitle() if widget.isWindow() else ""
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        yield widget.text()
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    if isinstance(widget, QTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _header_texts(widget.model())
        yield from _model_texts(widget.model(), QModelIndex(), 300)


def visible_widgets(root: QWidget) -> list[QWidget]:
    """``root`` and its visible descendants."""
    found = [root]
    found += [w for w in root.findChildren(QWidget) if w.isVisible()]
    return found


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(widget's class/object name, text) for every visible text of a window."""
    for widget in visible_widgets(root):
        label = f"{type(widget).__name__}#{widget.objectName()}"
        for text in widget_texts(widget):
            if text:
                yield label, text


def bad_words(text: str) -> list[str]:
    """The reason codes, English words and doubled punctuation ('.;') in ``text``."""
    return CODE.findall(text) + ENGLISH.findall(text) + re.findall(r"\.;", text)
