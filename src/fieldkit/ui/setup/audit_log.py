"""The *Protokoll* window (issue 14, item 4): the audit log for the administration.

It only shows what ``services.audit.entries`` returns for the identity, so the role check is
the service's: a role without the permission sees the refusal sentence and no rows. With the
main window's ``events`` it reads the log again when an operation says it added entries
(``Changes.audit``, e.g. a print), so an open window never needs reopening.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.domain.changes import Changes
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.week import to_berlin
from fieldkit.services import audit
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.ui.events import AppEvents
from fieldkit.ui.i18n import current_language
from fieldkit.ui.rows_model import RowsModel


def action_label(code: str) -> str:
    """The action in the user's words."""
    labels = {
        audit.OPEN: QCoreApplication.translate("AuditLog", "geöffnet"),
        audit.CHANGE: QCoreApplication.translate("AuditLog", "geändert"),
        audit.FINALISE: QCoreApplication.translate("AuditLog", "abgeschlossen"),
        audit.IMPORT: QCoreApplication.translate("AuditLog", "importiert"),
        audit.PLAN: QCoreApplication.translate("AuditLog", "geplant"),
        audit.PRINT: QCoreApplication.translate("AuditLog", "gedruckt"),
        audit.PREVIEW: QCoreApplication.translate("AuditLog", "Druckvorschau"),
        audit.EXPORT: QCoreApplication.translate("AuditLog", "exportiert"),
        audit.SYNC: QCoreApplication.translate("AuditLog", "synchronisiert"),
        audit.SETUP: QCoreApplication.translate("AuditLog", "Einrichtung geändert"),
        audit.RULES: QCoreApplication.translate("AuditLog", "Regelwerk geprüft"),
        audit.GEOCODE: QCoreApplication.translate("AuditLog", "verortet"),
        audit.LOGIN: QCoreApplication.translate("AuditLog", "angemeldet"),
        audit.LOGIN_FAILED: QCoreApplication.translate("AuditLog", "Anmeldung fehlgeschlagen"),
        audit.ACCOUNT: QCoreApplication.translate("AuditLog", "Konto geändert"),
    }
    return labels.get(code, code)


def kind_label(code: str) -> str:
    """What the entry is about, in the user's words (the code itself when unknown)."""
    labels = {
        "account": QCoreApplication.translate("AuditLog", "Konto"),
        "customer": QCoreApplication.translate("AuditLog", "Kunde"),
        "visit": QCoreApplication.translate("AuditLog", "Besuch"),
        "route": QCoreApplication.translate("AuditLog", "Tagestour"),
        "week": QCoreApplication.translate("AuditLog", "Woche"),
        "flag_list": QCoreApplication.translate("AuditLog", "Vormerkliste"),
        "address": QCoreApplication.translate("AuditLog", "Adresse"),
        "rule_set": QCoreApplication.translate("AuditLog", "Regelwerk"),
        "office_setup": QCoreApplication.translate("AuditLog", "Einrichtung"),
        "pdf": QCoreApplication.translate("AuditLog", "PDF-Datei"),
        "xlsx": QCoreApplication.translate("AuditLog", "Excel-Datei"),
        "sync_file": QCoreApplication.translate("AuditLog", "Sync-Datei"),
        "sync_run": QCoreApplication.translate("AuditLog", "Synchronisierung"),
    }
    return labels.get(code, code)


class AuditModel(RowsModel):
    """One audit entry per line, newest first."""

    def headers(self) -> tuple[str, ...]:
        """The column titles."""
        return (
            self.tr("Zeit"),
            self.tr("Konto"),
            self.tr("Gerät"),
            self.tr("Aktion"),
            self.tr("Objekt"),
            self.tr("Kennung"),
            self.tr("Hinweis"),
        )

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The entry's fields as text."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        assert isinstance(row, audit.AuditEntry)
        values = (
            f"{to_berlin(row.at):%d.%m.%Y %H:%M:%S}",
            row.account or "–",
            row.device,
            action_label(row.action),
            kind_label(row.object_kind),
            row.object_id,
            row.detail,
        )
        return values[column]


class AuditLogWindow(QDialog):
    """Filters (customer, account, last days) above the log's entries."""

    def __init__(
        self,
        db: Database,
        identity: Identity,
        parent: QWidget | None = None,
        *,
        events: AppEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity
        self.setWindowTitle(self.tr("Protokoll"))
        self.customer = QLineEdit()
        self.customer.setPlaceholderText(self.tr("Kundennummer"))
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("Anmeldename"))
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.days.setValue(30)
        self.days.setSpecialValueText(self.tr("alle"))
        form = QFormLayout()
        form.addRow(self.tr("&Kunde:"), self.customer)
        form.addRow(self.tr("&Konto:"), self.user)
        form.addRow(self.tr("Letzte &Tage:"), self.days)
        self.show_button = QPushButton(self.tr("&Anzeigen"))
        self.show_button.clicked.connect(self.reload)
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Protokolleinträge"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self.reload()
        if events is not None:
            events.changed.connect(self.on_changes)

    def on_changes(self, changes: object) -> None:
        """Read the log again when an operation added entries to it."""
        if isinstance(changes, Changes) and (changes.audit or changes.everything):
            self.reload()

    def filters(self) -> audit.Filters:
        """The filters as the fields say."""
        days = self.days.value()
        since = datetime.now(UTC) - timedelta(days=days) if days else None
        return audit.Filters(self.customer.text(), self.user.text(), since)

    def reload(self) -> None:
        """Read the entries again (the service checks the role)."""
        try:
            with self.db.session() as session:
                rows = audit.entries(session, self.identity, self.filters())
                session.expunge_all()
        except PermissionDenied as exc:
            self.model.set_rows([])
            self.message.setText(exc.message(current_language()))
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.message.setText(
            self.tr("Einträge: %1 (neueste zuerst).").replace("%1", str(len(rows)))
            if rows
            else self.tr("Keine Einträge für diese Auswahl.")
        )
