"""The rule sets dialog: which law the letters are printed under, and who verified it.

An invitation with RFB prints only under a rule set that someone at the office has checked
against the law in force; this dialog lists the shipped rule sets and records that check
(the same as ``fieldkit rules verify``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.context import AppContext
from fieldkit.app.ops.rules import verify_rule_set
from fieldkit.domain.permissions import RULES, allowed
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import rules as service
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.ops import OpRunner
from fieldkit.ui.screen import fit_to_screen


def _day(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


class RulesDialog(QDialog):
    """Shipped rule sets with validity and verification; records a verification."""

    def __init__(
        self,
        db: Database,
        rules: RulesSettings,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        identity: Identity,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rules_dialog")
        self.identity = identity  # the main window's login: recording a check names it
        # Recording a check is an operation (issue 19) on the main window's runner, so the
        # Protokoll window shows it; on its own, the dialog has a runner of its own.
        self.runner = runner or OpRunner(
            lambda: AppContext(db, SettingsStore(Settings()), clock, self.identity), None, self
        )
        self.setWindowTitle(self.tr("Regelwerke (Recht und Konzept)"))
        self.db, self.rules = db, rules
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Einladungen mit Rechtsfolgenbelehrung werden nur nach einem geprüften Regelwerk "
                "gedruckt, das am Tag des Termins gilt. Entwürfe bitte vor der Prüfung mit dem "
                "geltenden Recht abgleichen."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 6, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setObjectName("rules_table")
        self.table.setAccessibleName(self.tr("Regelwerke"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Regelwerk"), self.tr("gültig ab"), self.tr("gültig bis"),
                self.tr("Stand"), self.tr("geprüft von"), self.tr("geprüft am"),
            ]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        form = QFormLayout()
        self.by = QLineEdit(self)
        self.by.setObjectName("rules_by")
        self.by.setAccessibleName(self.tr("Geprüft von"))
        form.addRow(self.tr("Geprüft von:"), self.by)
        self.on = QDateEdit(self)
        self.on.setObjectName("rules_on")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd.MM.yyyy")
        today = clock().date()
        self.on.setDate(QDate(today.year, today.month, today.day))
        form.addRow(self.tr("Geprüft am:"), self.on)
        layout.addLayout(form)
        self.verify_button = QPushButton(self.tr("Ausgewähltes Regelwerk als geprüft eintragen"))
        self.verify_button.setObjectName("rules_verify")
        self.verify_button.clicked.connect(self.verify_selected)
        layout.addWidget(self.verify_button)
        self.message = QLabel(self)
        self.message.setObjectName("rules_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not allowed(identity.account_role, RULES):
            # Only the administration records a verification (the operation refuses others):
            # the others see the state and who to ask.
            for widget in (self.by, self.on, self.verify_button):
                widget.setEnabled(False)
            self.message.setText(
                self.tr("Eine Prüfung trägt die Administration ein (mit ihrem Konto).")
            )
        fit_to_screen(self, 1040, 420)  # the six columns and both rule sets' titles
        self.refresh()

    def refresh(self) -> None:
        """Read the rule sets and their verification again."""
        found = service.list_rule_sets(self.db, self.rules)
        self.names = [s.rule_set.name for s in found]
        self.table.setRowCount(len(found))
        for row, status in enumerate(found):
            rs, check = status.rule_set, status.verification
            state = self.tr("Entwurf, nicht geprüft") if rs.draft else self.tr("Fassung")
            if check is not None:
                state = self.tr("geprüft")
            values = (
                f"{rs.name}\n{rs.title}", _day(rs.valid_from), _day(rs.valid_to) or "–",
                state, check.by if check else "", _day(check.on if check else None),
            )  # fmt: skip
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()

    def verify_selected(self) -> None:
        """Record the verification of the selected rule set."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("Bitte zuerst ein Regelwerk auswählen."))
            return
        name = self.names[rows[0].row()]
        day = self.on.date().toPython()
        assert isinstance(day, date)
        done = self.runner.call(
            verify_rule_set,
            name,
            self.by.text(),
            day,
            on_failed=lambda failure: self.message.setText(failure.sentence),
        )
        if done is None:
            return
        status = done.value
        self.message.setText(
            self.tr("Regelwerk %1 als geprüft eingetragen.").replace("%1", status.rule_set.name)
        )
        self.refresh()
