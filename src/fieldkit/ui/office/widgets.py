"""What the back-office screens build alike: their window, row tables, buttons and labels.

Only plumbing lives here; every text stays a ``self.tr`` literal in the screen that shows it,
so its translation context stays that screen's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTableView, QWidget

from fieldkit.app.context import AppContext
from fieldkit.domain.settings import RulesSettings
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.events import AppEvents
from fieldkit.ui.ops import OpRunner
from fieldkit.ui.rows_model import ROW_ROLE

RowT = TypeVar("RowT")


class OfficeWindow(QWidget):
    """A non-modal back-office window, opened with the arguments every office screen takes.

    Subclasses name the window in ``OBJECT_NAME`` and build their content in :meth:`build`.
    Their writes run as operations on ``runner`` (issue 19), as this window's identity; with
    ``events`` (the main window's), the other views refresh from what they changed.
    """

    OBJECT_NAME = ""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Callable[[], datetime],
        identity: Identity,
        parent: QWidget | None = None,
        *,
        events: AppEvents | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName(self.OBJECT_NAME)
        self.db = db
        self.settings = settings
        self.rules = settings.section("rules", RulesSettings)
        self.clock = clock
        self.identity = identity
        self.runner = OpRunner(self._context, events, self)
        self.build()

    def _context(self) -> AppContext:
        return AppContext(self.db, SettingsStore(self.settings), self.clock, self.identity)

    def use_settings(self, settings: Settings) -> None:
        """Go on with the rules of ``settings`` (the main window's ``settings_changed``)."""
        self.settings = settings
        self.rules = settings.section("rules", RulesSettings)

    def build(self) -> None:
        """Create the window's content (called once from the constructor)."""
        raise NotImplementedError

    def who(self) -> str:
        """The name recorded for what this user does here."""
        return self.identity.caseworker or self.tr("Innendienst")


def rows_table(
    parent: QWidget, name: str, accessible: str, model: QAbstractItemModel
) -> QTableView:
    """A read-only table of ``model`` in which one whole line at a time is selected."""
    table = QTableView(parent)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def selected_row(table: QTableView, kind: type[RowT]) -> RowT | None:
    """The row object behind the table's selected line, if it is a ``kind``."""
    model = table.selectionModel()
    rows = model.selectedRows() if model is not None else []
    value = rows[0].data(ROW_ROLE) if rows else None
    return value if isinstance(value, kind) else None


def push_button(parent: QWidget, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    """A push button named ``name`` that calls ``slot`` when clicked."""
    widget = QPushButton(text, parent)
    widget.setObjectName(name)
    widget.clicked.connect(lambda: slot())
    return widget


def wrapped_label(parent: QWidget, name: str, *, rich: bool = False) -> QLabel:
    """An empty label named ``name`` whose text wraps: headings, hints and messages.

    Plain text unless ``rich``: messages carry names and numbers from the data, and Qt would
    render a name like ``<font size=40>`` as markup (issue 14, item 7). A ``rich`` label's
    caller escapes every value (``html.escape``).
    """
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return label
