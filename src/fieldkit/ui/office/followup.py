"""Did the customer come to the handed-over appointment? If not: the caseworker decides."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.ops import office as office_ops
from fieldkit.domain.week import to_berlin
from fieldkit.services import office_followup as followup
from fieldkit.services import office_followup_law as law
from fieldkit.services import office_hamburg as hh
from fieldkit.ui import texts
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.widgets import (
    OfficeWindow,
    push_button,
    rows_table,
    selected_row,
    wrapped_label,
)
from fieldkit.ui.ops import Failure
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.screen import fit_to_screen

_OPEN_STATES = {followup.TO_RECORD, followup.TO_DECIDE}


class FollowUpModel(RowsModel):
    """Handed-over invitations as a table."""

    rows: list[followup.FollowUpRow]
    today = date.min  # set by the window: limits due by then are coloured

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("Kunde"), self.tr("Kundennummer"), self.tr("Besuch"),
            self.tr("Einladung"), self.tr("Termin"), self.tr("Stand"), self.tr("Frist"),
        )  # fmt: skip

    def cell(self, row: followup.FollowUpRow, column: int, role: int) -> Any:
        """Cell texts; the open states coloured."""
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.customer_name,
                row.kundennummer,
                texts.fmt_date(row.visited_at.date()) if row.visited_at else "",
                self.tr("persönlich übergeben") if row.handed_over else self.tr("in Briefkasten"),
                texts.fmt_datetime(row.appointment_at) or self.tr("kein Termin hinterlegt"),
                state_label(row),
                deadline_text(row),
            )[column]
        due = row.next_deadline
        if role == Qt.ItemDataRole.BackgroundRole and column == 6 and due and due.due <= self.today:
            return QBrush(QColor("#fde2e1"))
        if role == Qt.ItemDataRole.BackgroundRole and column == 5:
            if row.state == followup.TO_DECIDE:
                return QBrush(QColor("#fde2e1"))
            if row.state == followup.TO_RECORD:
                return QBrush(QColor("#fff4d6"))
        return None


def deadline_label(key: str) -> str:
    """What a limit asks for, translatable."""
    return {
        "order_due": QCoreApplication.translate(
            "FollowUpWindow", "Verfügung, sonst Nachzahlung (§ 331 Abs. 2 SGB III)"
        ),
        "hearing_reply": QCoreApplication.translate("FollowUpWindow", "Anhörungsfrist endet"),
        "reduction_limit": QCoreApplication.translate(
            "FollowUpWindow", "Minderung nur bis (§ 31b SGB II)"
        ),
        "notice": QCoreApplication.translate("FollowUpWindow", "Bescheid an den Kunden"),
    }.get(key, key)


def step_label(step: str) -> str:
    """A step of the follow-up, translatable."""
    return {
        law.HEARING: QCoreApplication.translate("FollowUpWindow", "Anhörung"),
        law.GOOD_REASON: QCoreApplication.translate(
            "FollowUpWindow", "Entscheidung wichtiger Grund"
        ),
        law.ORDER: QCoreApplication.translate("FollowUpWindow", "Verfügung"),
        law.NOTICE: QCoreApplication.translate("FollowUpWindow", "Bescheid an den Kunden"),
    }.get(step, step)


def deadline_text(row: followup.FollowUpRow) -> str:
    """'11.02.2027: Verfügung, sonst Nachzahlung …' for the earliest open limit."""
    due = row.next_deadline
    return f"{texts.fmt_date(due.due)}: {deadline_label(due.key)}" if due else ""


def state_label(row: followup.FollowUpRow) -> str:
    """The row's state, translatable."""
    if row.state == followup.DECIDED:
        if row.decision == followup.SUSPEND:
            return QCoreApplication.translate(
                "FollowUpWindow", "vorläufige Zahlungseinstellung veranlasst"
            )
        return QCoreApplication.translate("FollowUpWindow", "keine Zahlungseinstellung")
    return {
        followup.WAITING: QCoreApplication.translate("FollowUpWindow", "Termin steht noch aus"),
        followup.TO_RECORD: QCoreApplication.translate("FollowUpWindow", "Erscheinen erfassen"),
        followup.CAME: QCoreApplication.translate("FollowUpWindow", "erschienen"),
        followup.TO_DECIDE: QCoreApplication.translate(
            "FollowUpWindow", "nicht erschienen – Entscheidung offen"
        ),
    }[row.state]


class FollowUpWindow(OfficeWindow):
    """Record attendance of handed-over appointments and decide on a suspension."""

    OBJECT_NAME = "office_followup"

    def build(self) -> None:
        """The handed-over invitations on the left, attendance and decision on the right."""
        self.setWindowTitle(self.tr("Terminnachverfolgung nach der Aufsuchenden Beratung"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Anzeigen:")))
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("followup_show")
        self.show_combo.setAccessibleName(self.tr("Anzeigen"))
        self.show_combo.addItem(self.tr("Zu erledigen"), "open")
        self.show_combo.addItem(self.tr("Alle"), "all")
        self.show_combo.currentIndexChanged.connect(self.reload)
        top.addWidget(self.show_combo)
        top.addStretch(1)
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = FollowUpModel(self)
        self.table = rows_table(
            self, "followup_table", self.tr("Übergebene Einladungen"), self.model
        )
        splitter.addWidget(self.table)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        self.heading = wrapped_label(self, "followup_heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        side_layout.addWidget(self.heading)
        came_row = QHBoxLayout()
        self.came_button = push_button(
            self, self.tr("Erschienen"), "followup_came", lambda: self.record(True)
        )
        self.missed_button = push_button(
            self, self.tr("Nicht erschienen"), "followup_missed", lambda: self.record(False)
        )
        came_row.addWidget(self.came_button)
        came_row.addWidget(self.missed_button)
        side_layout.addLayout(came_row)

        self.decision_box = QGroupBox(self.tr("Nächster Schritt"), self)
        box_layout = QVBoxLayout(self.decision_box)
        self.proposal = wrapped_label(self, "followup_proposal")
        box_layout.addWidget(self.proposal)
        self.suspend_radio = QRadioButton(
            self.tr("Vorläufige Zahlungseinstellung veranlassen"), self
        )
        self.suspend_radio.setObjectName("followup_suspend")
        self.no_radio = QRadioButton(self.tr("Keine Zahlungseinstellung"), self)
        self.no_radio.setObjectName("followup_no_suspension")
        group = QButtonGroup(self)
        group.addButton(self.suspend_radio)
        group.addButton(self.no_radio)
        box_layout.addWidget(self.suspend_radio)
        box_layout.addWidget(self.no_radio)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("followup_note")
        self.note.setAccessibleName(self.tr("Begründung der Entscheidung"))
        self.note.setPlaceholderText(self.tr("Begründung (bei „keine Zahlungseinstellung“ nötig)"))
        self.note.setMaximumHeight(80)
        box_layout.addWidget(self.note)
        self.decide_button = push_button(
            self, self.tr("Entscheidung speichern"), "followup_decide", self.decide
        )
        box_layout.addWidget(self.decide_button)
        side_layout.addWidget(self.decision_box)
        side_layout.addWidget(self._steps_box())
        self.message = wrapped_label(self, "followup_message")
        side_layout.addWidget(self.message)
        side_layout.addStretch(1)
        splitter.addWidget(side)
        splitter.setSizes([700, 400])
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        fit_to_screen(self, 1150, 560)
        self.reload()

    def _steps_box(self) -> QGroupBox:
        """Hearing → wichtiger Grund → Verfügung → notice, each with its date."""
        self.steps_box = QGroupBox(self.tr("Verfahren (mit Datum)"), self)
        box = QVBoxLayout(self.steps_box)
        self.steps_label = wrapped_label(self, "followup_steps")
        box.addWidget(self.steps_label)
        line = QHBoxLayout()
        self.step_combo = QComboBox(self)
        self.step_combo.setObjectName("followup_step")
        self.step_combo.setAccessibleName(self.tr("Schritt"))
        for step in law.STEPS:
            self.step_combo.addItem(step_label(step), step)
        self.step_date = QDateEdit(self)
        self.step_date.setObjectName("followup_step_date")
        self.step_date.setAccessibleName(self.tr("Datum des Schritts"))
        self.step_date.setCalendarPopup(True)
        self.step_date.setDisplayFormat("dd.MM.yyyy")
        line.addWidget(self.step_combo)
        line.addWidget(self.step_date)
        box.addLayout(line)
        self.good_reason_check = QCheckBox(self.tr("Wichtiger Grund liegt vor"), self)
        self.good_reason_check.setObjectName("followup_good_reason")
        box.addWidget(self.good_reason_check)
        self.step_note = QLineEdit(self)
        self.step_note.setObjectName("followup_step_note")
        self.step_note.setAccessibleName(self.tr("Notiz zum Schritt"))
        self.step_note.setPlaceholderText(self.tr("Notiz (z. B. Antwort des Kunden)"))
        box.addWidget(self.step_note)
        self.step_button = push_button(
            self, self.tr("Schritt erfassen"), "followup_step_save", self.record_step
        )
        box.addWidget(self.step_button)
        return self.steps_box

    def record_step(self) -> None:
        """Record the chosen step on the chosen date."""
        row = self.selected()
        if row is None:
            return
        step = str(self.step_combo.currentData())
        form = office_ops.FollowUpStep(
            row.flag_id, step, self._step_day(), self.who(), self.step_note.text(),
            self.good_reason_check.isChecked() if step == law.GOOD_REASON else None,
        )  # fmt: skip
        if self.runner.call(office_ops.record_followup_step, form, on_failed=self._refused) is None:
            return
        self.message.setText(self.tr("Erfasst: %1.").replace("%1", step_label(step)))
        self.step_note.clear()
        self._reselect(row)

    def _step_day(self) -> date:
        chosen = self.step_date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _show_steps(self, row: followup.FollowUpRow | None) -> None:
        self.steps_box.setVisible(
            row is not None and row.came is False and row.proposal == followup.SUSPENSION
        )
        if row is None:
            return
        still_open = self.tr("offen")
        lines = [
            step_label(step) + ": " + (texts.fmt_date(day) if day else still_open)
            for step, day in row.steps
        ]
        if row.good_reason:
            lines[1] += " – " + (
                self.tr("wichtiger Grund")
                if row.good_reason == "yes"
                else self.tr("kein wichtiger Grund")
            )
        lines += [f"{texts.fmt_date(d.due)}: {deadline_label(d.key)}" for d in row.deadlines]
        self.steps_label.setText("\n".join(lines))
        next_step = next((n for n, (_, day) in enumerate(row.steps) if day is None), 0)
        self.step_combo.setCurrentIndex(next_step)
        today = to_berlin(self.clock()).date()
        self.step_date.setDate(QDate(today.year, today.month, today.day))

    def reload(self) -> None:
        """Read the follow-ups again."""
        with self.db.session() as session:
            rows = followup.list_followups(session, self.identity, self.clock())
        if self.show_combo.currentData() == "open":
            rows = [r for r in rows if r.state in _OPEN_STATES or r.deadlines]
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> followup.FollowUpRow | None:
        """The selected row, if any."""
        return selected_row(self.table, followup.FollowUpRow)

    def _show_selected(self, *_args: object) -> None:
        row = self.selected()
        self.came_button.setEnabled(row is not None and row.state != followup.WAITING)
        self.missed_button.setEnabled(row is not None and row.state != followup.WAITING)
        self.decision_box.setVisible(row is not None and row.came is False)
        self._show_steps(row)
        if row is None:
            self.heading.setText(escape(self.tr("Nichts zu erledigen.")))
            return
        when = texts.fmt_datetime(row.appointment_at) or self.tr("kein Termin hinterlegt")
        self.heading.setText(
            f"<b>{escape(row.customer_name)}</b> ({escape(row.kundennummer)})<br>"
            + escape(self.tr("Termin: %1").replace("%1", when))
            + (" – " + escape(row.appointment_place) if row.appointment_place else "")
            + "<br>"
            + escape(self.tr("Stand: %1").replace("%1", state_label(row)))
        )
        self._show_mitwirkung(row)
        self.proposal.setText(followup.proposal_text(self.clock(), self.rules))
        allowed = row.proposal == followup.SUSPENSION or row.came is not False
        self.suspend_radio.setEnabled(allowed)
        if not allowed:
            self.proposal.setText(
                self.tr("Keine vorläufige Zahlungseinstellung möglich: %1").replace(
                    "%1",
                    law.reason_message(row.proposal_reason, row.rule_set, current_language()),
                )
            )
        if row.decision:
            decided = (
                self.tr("Entschieden von %1 am %2")
                .replace("%1", row.decided_by)
                .replace("%2", texts.fmt_datetime(row.decided_at))
            )
            self.proposal.setText(self.proposal.text() + "\n\n" + decided)
            self.suspend_radio.setChecked(row.decision == followup.SUSPEND)
            self.no_radio.setChecked(row.decision == followup.NO_SUSPENSION)
            self.note.setPlainText(row.decision_note)

    def _show_mitwirkung(self, row: followup.FollowUpRow) -> None:
        """Hamburg rules: the end of the Mangelnde Mitwirkung period beside the appointment."""
        if not self.rules.hamburg_rules:
            return
        with self.db.session() as session:
            window = hh.mitwirkung_window_of(session, row.flag_id, self.rules)
        if window is None:
            return
        line = self.tr("Mangelnde Mitwirkung bis %1").replace("%1", texts.fmt_date(window.end))
        if window.appointment_beyond:
            line += " – " + self.tr("Achtung: der Termin liegt danach.")
        self.heading.setText(self.heading.text() + "<br><b>" + escape(line) + "</b>")

    def record(self, came: bool) -> None:
        """Record whether the selected customer came."""
        row = self.selected()
        if row is None:
            return
        done = self.runner.call(
            office_ops.record_attendance, row.flag_id, came, self.who(), on_failed=self._refused
        )
        if done is None:
            return
        self.message.setText(
            self.tr("Erfasst: erschienen.") if came else self.tr("Erfasst: nicht erschienen.")
        )
        self._reselect(row)

    def decide(self) -> None:
        """Save the caseworker's decision on the proposed suspension."""
        row = self.selected()
        if row is None:
            return
        decision = (
            followup.SUSPEND
            if self.suspend_radio.isChecked()
            else followup.NO_SUSPENSION
            if self.no_radio.isChecked()
            else ""
        )
        done = self.runner.call(
            office_ops.decide_suspension, row.flag_id, decision, self.note.toPlainText(),
            self.who(), on_failed=self._refused,
        )  # fmt: skip
        if done is None:
            return
        self.message.setText(self.tr("Entscheidung gespeichert."))
        self._reselect(row)

    def _refused(self, failure: Failure) -> None:
        """A refused save: its one sentence (nothing was written)."""
        self.message.setText(failure.sentence)

    def _reselect(self, row: followup.FollowUpRow) -> None:
        self.reload()
        for n, other in enumerate(self.model.rows):
            if other.flag_id == row.flag_id:
                self.table.selectRow(n)
                break
