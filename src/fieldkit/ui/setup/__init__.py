"""Setting up the office in the app (issue 13): the *Einrichtung* window and the first-start
wizard.

Installed for the back office (team lead, administration): "Extras → Einrichtung …" opens
the window with the pages Dienststelle, Standorte, Teams und Fachkräfte, Außendienst and
Gebiete; "Extras → Protokoll …" the audit log (:mod:`fieldkit.ui.setup.audit_log`). The
first-start wizard (:mod:`fieldkit.ui.setup.wizard`) is shown by ``ui.app`` on
a database without an office.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from fieldkit.ui.host import FeatureHost
    from fieldkit.ui.setup.audit_log import AuditLogWindow
    from fieldkit.ui.setup.window import SetupWindow


class SetupFeature(QObject):
    """The "Einrichtung …" action of the main window and the window it opens."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.setup_window: SetupWindow | None = None
        self.action = QAction(self.tr("&Einrichtung …"), window.window())
        self.action.setObjectName("action_setup")
        self.action.setStatusTip(
            self.tr("Dienststelle, Standorte, Teams, Außendienst und Gebiete einrichten")
        )
        self.action.triggered.connect(self.open_setup)
        window.tools_menu.addSeparator()
        window.tools_menu.addAction(self.action)
        self.audit_window: AuditLogWindow | None = None
        self.audit_action = QAction(self.tr("&Protokoll …"), window.window())
        self.audit_action.setObjectName("action_audit_log")
        self.audit_action.setStatusTip(
            self.tr("Wer wann welche Kundendaten geöffnet, geändert, gedruckt oder exportiert hat")
        )
        self.audit_action.triggered.connect(self.open_audit_log)
        window.tools_menu.addAction(self.audit_action)

    def open_setup(self, page: str = "") -> SetupWindow:
        """The *Einrichtung* window (non-blocking), at ``page`` ('office', 'areas', …)."""
        from fieldkit.ui.setup.window import SetupWindow

        old = self.setup_window
        if old is not None and old.isVisible():
            old.raise_()
            old.activateWindow()
            return old
        dialog = SetupWindow(
            self.window.db,
            self.window.window(),
            identity=self.window.identity,
            runner=self.window.ops,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The main window refreshes from the apply's Changes (staff, areas).
        if page:
            dialog.nav.setCurrentRow(dialog.pages.index(dialog.page(page)))
        self.setup_window = dialog
        dialog.destroyed.connect(self._closed)
        dialog.show()
        return dialog

    def _closed(self) -> None:
        self.setup_window = None

    def open_audit_log(self) -> AuditLogWindow:
        """The *Protokoll* window for the window's identity (the service checks the role)."""
        from fieldkit.ui.setup.audit_log import AuditLogWindow

        old = self.audit_window
        if old is not None and old.isVisible():
            old.raise_()
            return old
        dialog = AuditLogWindow(
            self.window.db, self.window.identity, self.window.window(), events=self.window.events
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_window = dialog
        dialog.destroyed.connect(self._audit_closed)
        dialog.show()
        return dialog

    def _audit_closed(self) -> None:
        self.audit_window = None


def install(host: FeatureHost) -> SetupFeature:
    """Add "Extras → Einrichtung …" to the main window."""
    return SetupFeature(host)
