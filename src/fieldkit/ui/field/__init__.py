"""Field mode: the day on the road and the visit record (issue 6)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services import field
from fieldkit.services.field import DayChoice
from fieldkit.ui.field import style
from fieldkit.ui.field.window import FieldWindow
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.texts import weekday_short

if TYPE_CHECKING:
    from fieldkit.ui.host import FeatureHost

__all__ = ["DayDialog", "FieldMode", "FieldWindow", "install"]


class DayDialog(QDialog):
    """Choose the day and the worker whose route field mode opens."""

    def __init__(self, choices: list[DayChoice], preferred: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Außendienst öffnen"))
        self.choices = choices
        style.apply(self)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&Tag und Außendienstkraft:"), self)
        layout.addWidget(label)
        self.combo = QComboBox(self)
        self.combo.setObjectName("field_day_combo")
        self.combo.setAccessibleName(self.tr("Tag und Außendienstkraft"))
        label.setBuddy(self.combo)
        for c in choices:
            self.combo.addItem(
                self.tr("%1 %2 – %3 (%4 Halte)")
                .replace("%1", weekday_short(c.day))
                .replace("%2", c.day.strftime("%d.%m.%Y"))
                .replace("%3", c.worker_name or self.tr("ohne Zuordnung"))
                .replace("%4", str(c.stops)),
                str(c.route_id),
            )
        self.combo.setCurrentIndex(preferred)
        layout.addWidget(self.combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def route_id(self) -> uuid.UUID | None:
        """The chosen route."""
        data = self.combo.currentData()
        return uuid.UUID(str(data)) if data else None


class FieldMode(QObject):
    """The "Außendienst" action of the main window and the field windows it opened."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.field_window: FieldWindow | None = None
        self.dialog: DayDialog | None = None
        self.action = QAction(self.tr("&Außendienst …"), window.window())
        self.action.setObjectName("action_field_mode")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.action.setStatusTip(
            self.tr("Tagestour, Kundenkarte und Besuchserfassung für unterwegs (offline)")
        )
        self.action.triggered.connect(self.choose_day)
        window.week_menu.addSeparator()
        window.week_menu.addAction(self.action)
        window.toolbar.addAction(self.action)

    def choose_day(self) -> None:
        """Ask for the day and worker (non-blocking), then open field mode."""
        with self.window.db.session() as session:
            choices = field.field_days(session, self.window.identity)
        if not choices:
            self.window.statusBar().showMessage(
                self.tr("Noch keine gespeicherte Tour. Bitte zuerst die Woche planen.")
            )
            return
        today = self.window.clock().date()
        preferred = next((i for i, c in enumerate(choices) if c.day >= today), len(choices) - 1)
        self.dialog = DayDialog(choices, preferred, self.window.window())
        self.dialog.accepted.connect(self._chosen)
        self.dialog.open()

    def _chosen(self) -> None:
        if self.dialog is None:
            return
        route_id = self.dialog.route_id()
        self.dialog.deleteLater()
        self.dialog = None
        if route_id is not None:
            self.open_route(route_id)

    def open_route(self, route_id: uuid.UUID, maximized: bool = True) -> FieldWindow:
        """Open (or replace) the field window for a route."""
        if self.field_window is not None:
            self.field_window.close()
            self.field_window.deleteLater()
        win = FieldWindow(
            self.window.db,
            self.window.settings,
            self.window.clock,
            route_id,
            self.window.window(),
            identity=self.window.identity,
            events=self.window.events,
        )
        win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.field_window = win
        # New settings in use (a sync adopted the office's, the user saved theirs): the day
        # goes on with them (re-planning, the idle rules), not with a copy from its opening.
        self.window.settings_changed.connect(win.use_settings)
        if maximized:
            win.showMaximized()
        else:
            fit_to_screen(win, 1280, 800)
            win.show()
        win.activateWindow()
        win.stop_list.setFocus(Qt.FocusReason.OtherFocusReason)
        return win


def install(host: FeatureHost) -> FieldMode:
    """Add the "Außendienst" action to the week menu and the toolbar."""
    return FieldMode(host)
