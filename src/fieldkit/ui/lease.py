"""The screen of a field laptop past its sync lease: a sync and nothing else (issue 14, item 5).

``fieldkit.sync.lease`` decides; this window shows one sentence, "Bitte zuerst
synchronisieren", and the sync action. After a sync the lease is checked again; when the
laptop is within its lease, :attr:`SyncOnlyWindow.released` fires (the app then opens the
main window) and this window closes. :class:`LeaseGate` decides which window opens at start
and checks the lease again while the app runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldkit.services.database import Database
from fieldkit.services.sync import LeaseState, enforce_lease, lease_state
from fieldkit.settings import Settings, SettingsStore
from fieldkit.sync.settings import SyncSettings
from fieldkit.ui.i18n import current_language


class SyncOnlyWindow(QWidget):
    """ "Bitte zuerst synchronisieren" with the sync action, nothing else."""

    released = Signal()  # the lease allows the app again

    def __init__(
        self,
        db: Database,
        store: SettingsStore,
        clock: Callable[[], datetime],
        state: LeaseState,
        *,
        is_field: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        # The app's one settings store: a sync here saves and adopts through it.
        self.store = store
        self.clock = clock
        self.is_field = is_field
        self.dialog: QWidget | None = None
        self.setWindowTitle(self.tr("fieldkit – bitte zuerst synchronisieren"))
        heading = QLabel(self.tr("Bitte zuerst synchronisieren"), self)
        heading.setObjectName("lease_heading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        self.reason = QLabel(state.refusal().message(current_language()), self)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("&Synchronisieren …"), self)
        self.sync_button.setObjectName("lease_sync")
        self.sync_button.clicked.connect(self.open_sync)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.reason, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.resize(640, 320)

    def open_sync(self) -> QWidget:
        """The ordinary sync dialog (network or file)."""
        from fieldkit.ui.sync.dialog import SyncDialog

        if self.dialog is None:
            dialog = SyncDialog(self.db, self.store, self.clock, self)
            dialog.synced.connect(self.recheck)
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    @property
    def settings(self) -> Settings:
        """The settings in use now (the store's; a sync may have adopted new ones)."""
        return self.store.current

    def recheck(self) -> bool:
        """After a sync: let the app open when the lease allows it again."""
        sync = self.settings.section("sync", SyncSettings)
        state = lease_state(self.db, sync, is_field=self.is_field)
        if state.sync_only:
            self.reason.setText(state.refusal().message(current_language()))
            return False
        if self.dialog is not None:
            self.dialog.close()
        self.released.emit()
        self.close()
        return True


class LeaseGate(QObject):
    """Opens the app within the lease, and keeps checking while it runs.

    At start: the main window, or past the lease the sync-only screen (the synced personal
    data purged first when due). While the app runs (a laptop resumed after weeks of standby)
    the lease is checked every ``interval_ms``: past it, the sync-only screen opens and every
    other window closes (field mode commits its form as it closes), then a due purge runs.
    """

    def __init__(
        self,
        db: Database,
        store: SettingsStore,
        clock: Callable[[], datetime],
        open_main: Callable[[SettingsStore], QWidget],
        *,
        interval_ms: int = 10 * 60_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from fieldkit.services.office import Identity

        self.db = db
        self.store = store
        self.clock = clock
        self.open_main = open_main
        self.is_field = Identity.from_settings(store.current).is_field
        self.windows: list[QWidget] = []
        self.gate: SyncOnlyWindow | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, interval_ms))
        self.timer.timeout.connect(self.check)

    def _sync(self) -> SyncSettings:
        return self.store.current.section("sync", SyncSettings)

    def start(self) -> list[QWidget]:
        """Open the first window; returns the windows to keep alive."""
        state = enforce_lease(self.db, self._sync(), is_field=self.is_field)
        if state.sync_only:
            self._show_gate(state)
        else:
            self._open_main()
        self.timer.start()
        return self.windows

    def _open_main(self) -> None:
        self.gate = None
        self.windows.append(self.open_main(self.store))

    def _show_gate(self, state: LeaseState) -> SyncOnlyWindow:
        gate = SyncOnlyWindow(self.db, self.store, self.clock, state, is_field=self.is_field)
        gate.released.connect(self._open_main)
        self.gate = gate
        self.windows.append(gate)
        gate.show()
        return gate

    def check(self) -> bool:
        """While running: past the lease, only the sync stays open (True)."""
        if self.gate is not None:
            return True
        state = lease_state(self.db, self._sync(), is_field=self.is_field)
        if not state.sync_only:
            return False
        gate = self._show_gate(state)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            for window in app.topLevelWidgets():
                if window is not gate and window.isVisible() and not gate.isAncestorOf(window):
                    window.close()
        self.windows[:] = [gate]
        enforce_lease(self.db, self._sync(), is_field=self.is_field)
        return True
