"""The screen of a field laptop past its sync lease: a sync and nothing else (issue 14, item 5).

``fieldkit.sync.lease`` decides; this window shows one sentence, "Bitte zuerst
synchronisieren", and the sync action. After a sync the lease is checked again; when the
laptop is within its lease, :attr:`SyncOnlyWindow.released` fires (the app then opens the
main window) and this window closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.sync import lease
from fieldkit.sync.settings import SyncSettings
from fieldkit.ui.i18n import current_language


class SyncOnlyWindow(QWidget):
    """ "Bitte zuerst synchronisieren" with the sync action, nothing else."""

    released = Signal(object)  # the settings to open the app with (a sync may adopt new ones)

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Callable[[], datetime],
        state: lease.LeaseState,
        *,
        is_field: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
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
            dialog = SyncDialog(self.db, self.settings, self.clock, self._save_settings, self)
            dialog.synced.connect(self.recheck)
            dialog.settings_adopted.connect(self._use_settings)
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _save_settings(self, settings: Settings) -> None:
        settings.save()
        self._use_settings(settings)

    def _use_settings(self, settings: object) -> None:
        if isinstance(settings, Settings):
            self.settings = settings

    def recheck(self) -> bool:
        """After a sync: let the app open when the lease allows it again."""
        sync = self.settings.section("sync", SyncSettings)
        state = lease.state(self.db, sync, is_field=self.is_field)
        if state.sync_only:
            self.reason.setText(state.refusal().message(current_language()))
            return False
        if self.dialog is not None:
            self.dialog.close()
        self.released.emit(self.settings)
        self.close()
        return True
