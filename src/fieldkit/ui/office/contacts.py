"""'Kontakte fällig' (Hamburg rules): per caseworker, whose next contact is due."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from fieldkit.domain.week import to_berlin
from fieldkit.services import office_hamburg as hh
from fieldkit.services.office import OfficeError
from fieldkit.ui import texts
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.widgets import OfficeWindow, rows_table, wrapped_label
from fieldkit.ui.rows_model import RowsModel


class ContactsModel(RowsModel):
    """The due contacts as a table."""

    rows: list[hh.ContactDue]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("HB"), self.tr("Kunde"), self.tr("Kundennummer"), self.tr("Situation"),
            self.tr("Mindestkontakte"), self.tr("Letzter Kontakt"), self.tr("Fällig seit"),
        )  # fmt: skip

    def cell(self, row: hh.ContactDue, column: int, role: int) -> Any:
        """Cell texts."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        last = texts.fmt_date(row.last_contact) if row.last_contact else self.tr("nie")
        return (
            row.caseworker, row.customer_name, row.kundennummer, row.situation, row.rule,
            last, texts.fmt_date(row.due),
        )[column]  # fmt: skip


class ContactsWindow(OfficeWindow):
    """The Hamburg concept's 'Kontakte fällig' list, for the caseworker or the team."""

    OBJECT_NAME = "office_contacts"

    def build(self) -> None:
        """A heading, the table and a count."""
        self.setWindowTitle(self.tr("Kontakte fällig (Hamburger Regeln)"))
        layout = QVBoxLayout(self)
        self.message = wrapped_label(self, "contacts_message")
        layout.addWidget(self.message)
        self.model = ContactsModel(self)
        self.table = rows_table(self, "contacts_table", self.tr("Fällige Kontakte"), self.model)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("contacts_count")
        layout.addWidget(self.count_label)
        self.resize(1000, 520)
        self.reload()

    def reload(self) -> None:
        """Read the due contacts again (as of today)."""
        today = to_berlin(self.clock()).date()
        try:
            with self.db.session() as session:
                rows = hh.contacts_due(session, self.identity, today, self.rules)
        except OfficeError as exc:
            self.message.setText(exc.message(current_language()))
            rows = []
        else:
            self.message.setText(
                self.tr("Stand: %1. Der Abstand folgt der Situation des Kunden.").replace(
                    "%1", texts.fmt_date(today)
                )
            )
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("Fällig: %1").replace("%1", str(len(rows))))
