"""The week's route planning view (issue 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from fieldkit.settings import Settings
    from fieldkit.ui.host import FeatureHost
    from fieldkit.ui.planning.view import PlanningWindow


class PlanningFeature(QObject):
    """The "Touren planen …" action and the planning window it opens (one per main window)."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.view: PlanningWindow | None = None
        self.action = QAction(self.tr("&Touren planen …"), window.window())
        self.action.setObjectName("action_plan_routes")
        self.action.setShortcut(QKeySequence("Ctrl+T"))
        self.action.setStatusTip(
            self.tr("Die Touren der Woche planen, ansehen und von Hand anpassen")
        )
        self.action.triggered.connect(self.open)
        window.week_menu.addSeparator()
        window.week_menu.addAction(self.action)
        window.toolbar.addAction(self.action)
        window.week_changed.connect(self._on_week)
        window.settings_changed.connect(self._on_settings)
        self._on_week(window.current_week())

    def _on_settings(self, settings: Settings) -> None:
        """An open planning window plans with the settings now in use (after a sync adopted
        the office's rules, or the user saved theirs)."""
        if self.view is not None:
            self.view.settings = settings

    def _on_week(self, week: str) -> None:
        self.action.setEnabled(bool(week))
        if self.view is not None and week and week != self.view.week and not self.view.is_busy():
            self.view.set_week(week)

    def open(self) -> PlanningWindow | None:
        """Open (or raise) the planning window for the main window's week."""
        from fieldkit.ui.planning.view import PlanningWindow

        week = self.window.current_week()
        if not week:
            return None
        if self.view is None:
            self.view = PlanningWindow(
                self.window.db,
                self.window.settings,
                week,
                self.window.window(),
                identity=self.window.identity,
                events=self.window.events,
                clock=self.window.clock,
            )
        elif self.view.week != week and not self.view.is_busy():
            self.view.set_week(week)
        if self.view.isVisible():
            self.view.raise_()
            self.view.activateWindow()
        else:
            self.view.show()
        return self.view


def install(host: FeatureHost) -> PlanningFeature:
    """Add "Touren planen …" to the week menu and the toolbar."""
    return PlanningFeature(host)
