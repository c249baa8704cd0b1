"""Vertretung und Abwesenheiten: the team's deputy rule and who is away.

The Meldeversäumnis desk books the follow-up talk with the caseworker, or with the first
present deputy of the deputy rule when the caseworker is away. This dialog keeps both: the
team lead edits the team's deputy rule and the team's absences; a caseworker reads the rule
and records their own absences.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.context import AppContext
from fieldkit.app.ops import staff as staff_ops
from fieldkit.domain.week import to_berlin
from fieldkit.services import office_desk as desk
from fieldkit.services import office_staff as staff
from fieldkit.services.database import Database
from fieldkit.services.office import Identity, OfficeError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui import texts
from fieldkit.ui.events import AppEvents
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office import identity_label
from fieldkit.ui.office.widgets import push_button, rows_table, selected_row, wrapped_label
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.screen import fit_to_screen

PAST = "#8a8a8a"
OK, WARN, FAIL = "#1b7f3b", "#9a5b00", "#b00020"
# Reasons offered while typing; any other text is fine too.
REASONS = ("Urlaub", "Krankheit", "Fortbildung", "Dienstreise", "Elternzeit", "Sonderurlaub")


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DeputyModel(RowsModel):
    """The lines of one deputy rule, in the order they are asked."""

    rows: list[staff.DeputyLine]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (self.tr("Nr."), self.tr("Vertretung"), self.tr("Heute"))

    def cell(self, row: staff.DeputyLine, column: int, role: int) -> Any:
        """Cell texts; an absent deputy reads grey (the desk skips them)."""
        if role == Qt.ItemDataRole.ForegroundRole and row.absent_until is not None:
            return QBrush(QColor(PAST))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return f"{row.position}."
        if column == 1:
            return row.deputy
        if row.absent_until is None:
            return self.tr("anwesend")
        return self.tr("abwesend bis %1").replace("%1", texts.fmt_date(row.absent_until))


class AbsenceModel(RowsModel):
    """Recorded absences by first day; those already over read grey."""

    rows: list[staff.AbsenceRow]

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (self.tr("Kraft"), self.tr("Erster Tag"), self.tr("Letzter Tag"), self.tr("Grund"))

    def cell(self, row: staff.AbsenceRow, column: int, role: int) -> Any:
        """Cell texts."""
        past = row.is_past(self.today)
        if role == Qt.ItemDataRole.ForegroundRole and past:
            return QBrush(QColor(PAST))
        if role == Qt.ItemDataRole.ToolTipRole and past:
            return self.tr("vorbei")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.caseworker,
            texts.fmt_date(row.first_day),
            texts.fmt_date(row.last_day),
            row.reason,
        )
        return values[column]


class StaffDialog(QDialog):
    """The team's deputy rule (left) and the absences (right); each change is saved at once."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Callable[[], datetime],
        identity: Identity,
        parent: QWidget | None = None,
        *,
        events: AppEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("office_staff")
        self.setWindowTitle(self.tr("Vertretung und Abwesenheiten"))
        self.db = db
        self.clock = clock
        self.identity = identity
        # Each change is an operation (issue 19): with ``events`` (the main window's), the
        # other back-office views (the desk's stand-ins) follow its Changes (``office``).
        self.runner = OpRunner(
            lambda: AppContext(db, SettingsStore(settings), clock, identity), events, self
        )
        self.editing: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Team:"), self))
        self.team_box = QComboBox(self)
        self.team_box.setObjectName("staff_team")
        self.team_box.setAccessibleName(self.tr("Team"))
        self.team_box.setMinimumContentsLength(6)
        top.addWidget(self.team_box)
        self.team_label = QLabel(self)
        self.team_label.setObjectName("staff_team_label")
        self.team_label.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.team_label)
        self.who = QLabel(identity_label(identity), self)
        self.who.setObjectName("staff_identity")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        top.addStretch(1)
        top.addWidget(self.who)
        layout.addLayout(top)
        parts = QHBoxLayout()
        parts.addWidget(self._deputy_part(), 5)
        parts.addWidget(self._absence_part(), 7)
        layout.addLayout(parts, 1)
        self.message = wrapped_label(self, "staff_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names are typed by users
        self.message.setAccessibleName(self.tr("Meldung"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        layout.addWidget(buttons)
        with db.session() as session:
            team_names = staff.teams(session, identity)
        self.team_box.addItems(team_names)
        # One team to show (a team lead's, a caseworker's): a plain label, not a choice.
        self.team_box.setVisible(len(team_names) > 1)
        self.team_label.setText(team_names[0] if len(team_names) == 1 else "")
        self.team_label.setVisible(len(team_names) <= 1)
        if not team_names:
            self.team_label.setText(self.tr("kein Team hinterlegt"))
        self.team_box.currentIndexChanged.connect(self._team_changed)
        # Enter in a name or reason field saves that field's part, never closes the dialog
        # or saves the other part.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        fit_to_screen(self, 1180, 560)
        self._team_changed()

    # --- construction -------------------------------------------------------------------
    def _deputy_part(self) -> QGroupBox:
        box = QGroupBox(self.tr("1. Vertretungsregelung"), self)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Gilt für:"), box))
        self.owner_box = QComboBox(box)
        self.owner_box.setObjectName("staff_owner")
        self.owner_box.setAccessibleName(self.tr("Vertretungsregelung gilt für"))
        self.owner_box.currentIndexChanged.connect(self.reload_deputies)
        row.addWidget(self.owner_box, 1)
        layout.addLayout(row)
        self.deputy_model = DeputyModel(self)
        self.deputy_table = rows_table(
            self, "staff_deputies", self.tr("Vertretungen in Reihenfolge"), self.deputy_model
        )
        self.deputy_table.selectionModel().selectionChanged.connect(self._deputy_selected)
        layout.addWidget(self.deputy_table, 1)
        self.order_label = wrapped_label(box, "staff_order")
        layout.addWidget(self.order_label)
        add_row = QHBoxLayout()
        self.deputy_name = QComboBox(box)
        self.deputy_name.setObjectName("staff_deputy_name")
        self.deputy_name.setEditable(True)
        self.deputy_name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.deputy_name.setAccessibleName(self.tr("Neue Vertretung"))
        name_edit = self.deputy_name.lineEdit()
        if name_edit is not None:
            name_edit.setPlaceholderText(self.tr("Name der Vertretung"))
            name_edit.returnPressed.connect(self.add_deputy)
        add_row.addWidget(self.deputy_name, 1)
        self.add_button = push_button(
            box, self.tr("Hinzufügen"), "staff_deputy_add", self.add_deputy
        )
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        move_row = QHBoxLayout()
        self.up_button = push_button(
            box, self.tr("Nach oben"), "staff_deputy_up", lambda: self.move_deputy(-1)
        )
        self.down_button = push_button(
            box, self.tr("Nach unten"), "staff_deputy_down", lambda: self.move_deputy(1)
        )
        self.remove_button = push_button(
            box, self.tr("Entfernen"), "staff_deputy_remove", self.remove_deputy
        )
        for button in (self.up_button, self.down_button, self.remove_button):
            move_row.addWidget(button)
        move_row.addStretch(1)
        layout.addLayout(move_row)
        self.read_only = QLabel(
            self.tr("Nur die Teamleitung kann die Vertretungsregelung ändern."), box
        )
        self.read_only.setObjectName("staff_read_only")
        self.read_only.setWordWrap(True)
        self.read_only.setStyleSheet(f"color: {WARN}")
        layout.addWidget(self.read_only)
        return box

    def _absence_part(self) -> QGroupBox:
        box = QGroupBox(self.tr("2. Abwesenheiten"), self)
        layout = QVBoxLayout(box)
        self.only_current = QCheckBox(self.tr("nur aktuelle und künftige"), box)
        self.only_current.setObjectName("staff_only_current")
        self.only_current.setChecked(True)
        self.only_current.toggled.connect(self.reload_absences)
        layout.addWidget(self.only_current)
        self.absence_model = AbsenceModel(self.today(), self)
        self.absence_table = rows_table(
            self, "staff_absences", self.tr("Abwesenheiten nach Datum"), self.absence_model
        )
        self.absence_table.selectionModel().selectionChanged.connect(self._absence_selected)
        layout.addWidget(self.absence_table, 1)
        form = QFormLayout()
        self.absent_name = QComboBox(box)
        self.absent_name.setObjectName("staff_absent_name")
        self.absent_name.setEditable(True)
        self.absent_name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.absent_name.setAccessibleName(self.tr("Abwesende Kraft"))
        form.addRow(self.tr("Kraft:"), self.absent_name)
        dates = QHBoxLayout()
        self.first_day = self._date_edit("staff_first_day", self.tr("Erster Tag"))
        self.last_day = self._date_edit("staff_last_day", self.tr("Letzter Tag"))
        dates.addWidget(self.first_day)
        dates.addWidget(QLabel(self.tr("bis"), box))
        dates.addWidget(self.last_day)
        dates.addStretch(1)
        form.addRow(self.tr("Zeitraum:"), dates)
        self.reason = QLineEdit(box)
        self.reason.setObjectName("staff_reason")
        self.reason.setAccessibleName(self.tr("Grund der Abwesenheit"))
        self.reason.setMaxLength(desk.REASON_MAX)
        self.reason.setPlaceholderText(self.tr("z. B. Urlaub, Fortbildung"))
        completer = QCompleter(list(REASONS), self.reason)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.reason.setCompleter(completer)
        self.reason.returnPressed.connect(self.save_absence)
        form.addRow(self.tr("Grund:"), self.reason)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.new_button = push_button(box, self.tr("Neu"), "staff_absence_new", self.new_absence)
        self.save_button = push_button(
            box, self.tr("Abwesenheit speichern"), "staff_absence_save", self.save_absence
        )
        self.delete_button = push_button(
            box, self.tr("Löschen"), "staff_absence_delete", self.delete_absence
        )
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(_qdate(self.today()), self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setCalendarPopup(True)
        return edit

    # --- state --------------------------------------------------------------------------
    def today(self) -> date:
        """Today in Berlin, by the injected clock."""
        return to_berlin(self.clock()).date()

    def team(self) -> str:
        """The team shown."""
        return self.team_box.currentText()

    def may_edit_deputies(self) -> bool:
        """Whether this user may change the shown team's deputy rule."""
        return bool(self.team()) and desk.may_edit_deputies(self.identity, self.team())

    def _team_changed(self, *_args: object) -> None:
        with self.db.session() as session:
            members = staff.team_members(session, self.team()) if self.team() else []
            names = staff.absence_names(session, self.identity, self.team())
        self.owner_box.blockSignals(True)
        self.owner_box.clear()
        self.owner_box.addItem(self.tr("ganzes Team"), "")
        for name in members:
            self.owner_box.addItem(name, name)
        self.owner_box.blockSignals(False)
        self.deputy_name.clear()
        self.deputy_name.addItems(members)
        self.deputy_name.setCurrentIndex(-1)
        self.absent_name.clear()
        self.absent_name.addItems(names)
        # A caseworker records only their own absence: the name is not theirs to choose.
        self.absent_name.setEnabled(len(names) > 1)
        editable = self.may_edit_deputies()
        for widget in (self.deputy_name, self.add_button):
            widget.setVisible(editable)
        self.read_only.setVisible(not editable)
        for field in (self.first_day, self.last_day, self.reason):
            field.setEnabled(bool(names))
        self.new_button.setEnabled(bool(names))
        self.save_button.setEnabled(bool(names))
        self.reload()

    def reload(self) -> None:
        """Read the deputy rule and the absences again, keeping the selections."""
        self.reload_deputies()
        self.reload_absences()

    def reload_deputies(self, *_args: object) -> None:
        """Read the shown deputy rule again."""
        keep = self.selected_deputy()
        owner = str(self.owner_box.currentData() or "")
        with self.db.session() as session:
            lines = (
                staff.deputy_lines(session, self.team(), self.today(), owner) if self.team() else []
            )
            order = staff.effective_order(session, owner) if owner else []
        self.deputy_model.set_rows(lines)
        self._select(
            self.deputy_table,
            next((n for n, r in enumerate(lines) if keep and r.id == keep.id), -1),
        )
        if owner:
            text = ", ".join(f"{n}. {name}" for n, name in enumerate(order, start=1))
            self.order_label.setText(
                self.tr("Die Eingangszone fragt für %1: %2")
                .replace("%1", owner)
                .replace("%2", text or self.tr("niemanden"))
            )
        else:
            self.order_label.setText(
                self.tr(
                    "Gefragt wird von oben nach unten; wer selbst abwesend ist, wird "
                    "übersprungen. Eigene Regeln einer Kraft gehen vor."
                )
            )
        self._deputy_selected()

    def reload_absences(self, *_args: object) -> None:
        """Read the absences again."""
        keep = self.editing
        self.absence_model.today = self.today()
        with self.db.session() as session:
            rows = staff.list_absences(
                session, self.identity, self.team(), self.today(), self.only_current.isChecked()
            )
        self.absence_model.set_rows(rows)
        index = next((n for n, r in enumerate(rows) if keep and r.id == keep), -1)
        if index < 0 and keep is not None:
            self.editing = None
        self._select(self.absence_table, index)
        self._absence_selected()

    @staticmethod
    def _select(table: QTableView, row: int) -> None:
        if row >= 0:
            table.selectRow(row)
        else:
            table.clearSelection()

    def selected_deputy(self) -> staff.DeputyLine | None:
        """The selected line of the deputy rule, if any."""
        return selected_row(self.deputy_table, staff.DeputyLine)

    def selected_absence(self) -> staff.AbsenceRow | None:
        """The selected absence, if any."""
        return selected_row(self.absence_table, staff.AbsenceRow)

    def _deputy_selected(self, *_args: object) -> None:
        line = self.selected_deputy()
        editable = self.may_edit_deputies()
        count = self.deputy_model.rowCount()
        self.up_button.setVisible(editable)
        self.down_button.setVisible(editable)
        self.remove_button.setVisible(editable)
        self.up_button.setEnabled(line is not None and line.position > 1)
        self.down_button.setEnabled(line is not None and line.position < count)
        self.remove_button.setEnabled(line is not None)

    def _absence_selected(self, *_args: object) -> None:
        row = self.selected_absence()
        self.delete_button.setEnabled(row is not None and self.save_button.isEnabled())
        if row is None:
            return
        self.editing = row.id
        self.absent_name.setCurrentText(row.caseworker)
        self.first_day.setDate(_qdate(row.first_day))
        self.last_day.setDate(_qdate(row.last_day))
        self.reason.setText(row.reason)
        self.save_button.setText(self.tr("Änderung speichern"))

    # --- messages -----------------------------------------------------------------------
    def _say(self, text: str, colour: str = OK) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour}")

    def _fail(self, exc: OfficeError) -> None:
        self._say(exc.message(current_language()), FAIL)

    def _refused(self, failure: Failure) -> None:
        self._say(failure.sentence, FAIL)

    def confirm(self, text: str) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(self, self.windowTitle(), text)
        return answer == QMessageBox.StandardButton.Yes

    # --- the deputy rule ----------------------------------------------------------------
    def add_deputy(self) -> None:
        """Add the typed or chosen name at the end of the shown deputy rule."""
        name = self.deputy_name.currentText()
        owner = str(self.owner_box.currentData() or "")
        done = self.runner.call(
            staff_ops.add_deputy, self.team(), name, owner, on_failed=self._refused
        )
        if done is None:
            return
        rule = done.value
        self.deputy_name.setCurrentIndex(-1)
        self.deputy_name.clearEditText()
        self._say(self.tr("%1 in die Vertretungsregelung aufgenommen.").replace("%1", name.strip()))
        self.reload_deputies()
        self._select(
            self.deputy_table,
            next((n for n, r in enumerate(self.deputy_model.rows) if r.id == rule), -1),
        )
        self.changed.emit()

    def move_deputy(self, step: int) -> None:
        """Move the selected deputy up (-1) or down (+1)."""
        line = self.selected_deputy()
        if line is None:
            return
        if self.runner.call(staff_ops.move_deputy, line.id, step, on_failed=self._refused) is None:
            return
        self._say(self.tr("Reihenfolge gespeichert."))
        self.reload_deputies()
        self.changed.emit()

    def remove_deputy(self) -> None:
        """Take the selected deputy out of the rule."""
        line = self.selected_deputy()
        if line is None:
            return
        if self.runner.call(staff_ops.remove_deputy, line.id, on_failed=self._refused) is None:
            return
        self._say(self.tr("%1 aus der Vertretungsregelung entfernt.").replace("%1", line.deputy))
        self.reload_deputies()
        self.changed.emit()

    # --- absences -----------------------------------------------------------------------
    def new_absence(self) -> None:
        """Empty the form for a new absence."""
        self.absence_table.clearSelection()
        self.editing = None
        if self.absent_name.count() == 1:
            self.absent_name.setCurrentIndex(0)
        self.first_day.setDate(_qdate(self.today()))
        self.last_day.setDate(_qdate(self.today()))
        self.reason.clear()
        self.save_button.setText(self.tr("Abwesenheit speichern"))
        self.delete_button.setEnabled(False)
        self.absent_name.setFocus()

    def save_absence(self) -> None:
        """Record the absence in the form (new, or the selected one changed)."""
        name = self.absent_name.currentText().strip()
        first = _pydate(self.first_day.date())
        last = _pydate(self.last_day.date())
        done = self.runner.call(
            staff_ops.set_absence, name, first, last, self.reason.text(), self.editing,
            on_failed=self._refused,
        )  # fmt: skip
        if done is None:
            return
        self.editing = done.value
        if last < self.today():
            self.only_current.setChecked(False)  # else the saved line would vanish
        self.reload_absences()
        self._say_who_stands_in(name, max(first, min(self.today(), last)))
        self.changed.emit()

    def _say_who_stands_in(self, name: str, day: date) -> None:
        with self.db.session() as session:
            who, _deputy = staff.stand_in(session, name, day)
        when = texts.fmt_date(day)
        if who:
            self._say(
                self.tr("Abwesenheit gespeichert. Folgetermine am %1 übernimmt %2.")
                .replace("%1", when)
                .replace("%2", who)
            )
        else:
            self._say(
                self.tr(
                    "Abwesenheit gespeichert. Achtung: am %1 ist niemand aus der "
                    "Vertretungsregelung da; die Eingangszone bucht dann einen Rückruf des Teams."
                ).replace("%1", when),
                WARN,
            )

    def delete_absence(self) -> None:
        """Delete the selected absence after asking."""
        row = self.selected_absence()
        if row is None:
            return
        question = (
            self.tr("Abwesenheit von %1 (%2 bis %3) löschen?")
            .replace("%1", row.caseworker)
            .replace("%2", texts.fmt_date(row.first_day))
            .replace("%3", texts.fmt_date(row.last_day))
        )
        if not self.confirm(question):
            return
        if self.runner.call(staff_ops.delete_absence, row.id, on_failed=self._refused) is None:
            return
        self.new_absence()
        self.reload_absences()
        self._say(self.tr("Abwesenheit gelöscht."))
        self.changed.emit()


__all__ = ["AbsenceModel", "DeputyModel", "StaffDialog"]
