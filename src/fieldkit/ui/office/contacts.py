"""The Hamburg rules' window: 'Kontakte fällig' per caseworker, whose next contact is due,
and tabs for the six-monthly review, the customer situation, the posts and the talks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from fieldkit.domain.week import to_berlin
from fieldkit.services import office_hamburg as hh
from fieldkit.services.office import OfficeError
from fieldkit.ui import texts
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.hamburg import PostsTab, ReviewTab, SituationTab
from fieldkit.ui.office.widgets import OfficeWindow, rows_table, wrapped_label
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.screen import fit_to_screen


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
        """Tabs: the due contacts (a heading, the table and a count), the six-monthly review,
        the customer situations, and the posts and talks."""
        self.setWindowTitle(self.tr("Hamburger Regeln: Kontakte fällig"))
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("hamburg_tabs")
        outer.addWidget(self.tabs)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.message = wrapped_label(self, "contacts_message")
        layout.addWidget(self.message)
        self.model = ContactsModel(self)
        self.table = rows_table(self, "contacts_table", self.tr("Fällige Kontakte"), self.model)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("contacts_count")
        layout.addWidget(self.count_label)
        self.tabs.addTab(page, self.tr("Kontakte fällig"))
        args = (self.db, self.rules, self.clock, self.identity, self)
        self.review_tab = ReviewTab(*args, runner=self.runner)
        self.tabs.addTab(self.review_tab, self.tr("Überprüfung (halbjährlich)"))
        self.situation_tab = SituationTab(*args, runner=self.runner)
        self.tabs.addTab(self.situation_tab, self.tr("Situation der Kunden"))
        self.posts_tab = PostsTab(*args, runner=self.runner)
        self.tabs.addTab(self.posts_tab, self.tr("Stellen und Gespräche"))
        self.tabs.currentChanged.connect(self.reload)
        fit_to_screen(self, 1000, 560)
        self.reload()

    def reload(self, *_args: object) -> None:
        """Read the due contacts and the lists of the tabs again (as of today)."""
        for tab in (self.review_tab, self.situation_tab):
            tab.reload()
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
