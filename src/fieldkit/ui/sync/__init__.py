"""Sync with the central database or through a file (issue 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from fieldkit.services import sync as service
from fieldkit.ui.sync import texts

if TYPE_CHECKING:
    from fieldkit.ui.host import FeatureHost
    from fieldkit.ui.sync.dialog import SyncDialog


class SyncFeature(QObject):
    """The "Synchronisieren …" action, its dialog and the sync state in the status bar."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.dialog: SyncDialog | None = None
        self.action = QAction(self.tr("&Synchronisieren …"), window.window())
        self.action.setObjectName("action_sync")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.action.setStatusTip(
            self.tr("Besuche, Vermerke und Aufgaben an die Zentrale senden, Vormerkungen holen")
        )
        self.action.triggered.connect(self.open)
        window.tools_menu.addAction(self.action)
        window.toolbar.addAction(self.action)
        self.status = QLabel(window.window())
        self.status.setObjectName("sync_status")
        self.status.setAccessibleName(self.tr("Stand der Synchronisation"))
        window.statusBar().addPermanentWidget(self.status)
        # Every operation that changed something may have added unsynced records (issue 19).
        window.events.changed.connect(self.update_status)
        # Writes outside the operations catch up within a quarter minute.
        self.timer = QTimer(self)
        self.timer.setInterval(15000)
        self.timer.timeout.connect(self.update_status)
        self.timer.start()
        self.update_status()

    def update_status(self, _changes: object = None) -> None:
        """Unsynced records and the last sync, always visible in the status bar; in the
        central database itself there is nothing to sync, and it says so."""
        db = self.window.db
        if service.is_central(db):
            self.status.setText(self.tr("Zentrale Datenbank"))
            self.status.setToolTip(central_note())
            self.status.setStyleSheet("")
            return
        count = service.unsynced_count(db)
        run = service.last_run(db)
        if run is None:
            last = self.tr("noch nie synchronisiert")
        elif run.ok:
            last = self.tr("zuletzt %1").replace("%1", texts.when(run.started_at))
        else:
            last = self.tr("letzte Synchronisation fehlgeschlagen (%1)").replace(
                "%1", texts.when(run.started_at)
            )
        self.status.setText(
            self.tr("Nicht synchronisiert: %1 · %2").replace("%1", str(count)).replace("%2", last)
        )
        from fieldkit.ui.sync.dialog import describe_run

        self.status.setToolTip(describe_run(db))
        self.status.setStyleSheet("" if run is None or run.ok else "color: #a40000;")

    def open(self) -> SyncDialog:
        """Open (or raise) the sync dialog."""
        from fieldkit.ui.sync.dialog import SyncDialog

        if self.dialog is None:
            self.dialog = SyncDialog(
                self.window.db,
                self.window.settings_store,
                self.window.clock,
                self.window.window(),
                identity=self.window.identity,
                events=self.window.events,
            )
            self.dialog.synced.connect(self._after_sync)
        self.dialog.refresh()
        if self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
        else:
            self.dialog.show()
        return self.dialog

    def _after_sync(self) -> None:
        # The weeks a pull brought reach the week selector through the sync's Changes.
        self.update_status()


def central_note() -> str:
    """Why a window on the central database neither syncs nor counts unsynced records."""
    return QCoreApplication.translate(
        "SyncFeature",
        "Dieses Fenster arbeitet direkt in der zentralen Datenbank: alles ist dort, sobald es "
        "gespeichert ist. Die Laptops gleichen mit ihr ab; von hier aus lassen sich nur die "
        "Briefvorlagen und Einstellungen für den Außendienst veröffentlichen.",
    )


def install(host: FeatureHost) -> SyncFeature:
    """Add "Synchronisieren …" (tools menu, toolbar) and the sync state to the status bar."""
    return SyncFeature(host)
