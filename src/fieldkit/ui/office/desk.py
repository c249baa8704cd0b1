"""The Meldeversäumnis desk at the reception (Eingangszone)."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    Qt,
    QTime,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.ops import office as office_ops
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.errors import BilingualError
from fieldkit.services import office_desk as desk
from fieldkit.services.office import OfficeError
from fieldkit.services.office_slip import render_slip
from fieldkit.ui import texts
from fieldkit.ui.access import announce
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.callback import CallbackBox
from fieldkit.ui.office.widgets import (
    OfficeWindow,
    push_button,
    rows_table,
    selected_row,
    wrapped_label,
)
from fieldkit.ui.ops import Failure
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.safety import open_file_name, save_file_name
from fieldkit.ui.screen import fit_to_screen


class DeskModel(RowsModel):
    """The day's reception appointments."""

    rows: list[desk.DeskRow]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("Uhrzeit"), self.tr("Kunde"), self.tr("Kundennummer"), self.tr("HB"),
            self.tr("Art"), self.tr("Stand"),
        )  # fmt: skip

    def cell(self, row: desk.DeskRow, column: int, role: int) -> Any:
        """Cell texts."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return f"{to_berlin(row.starts_at):%H:%M}"
        if column == 1:
            return row.name
        if column == 2:
            return row.kundennummer
        if column == 3:
            return row.caseworker or self.tr("unbekannt")
        if column == 4:
            if row.reclassified_by:
                return self.tr("Meldeversäumnis (umgestuft)")
            return (
                self.tr("Meldeversäumnis")
                if row.kind == desk.MELDEVERSAEUMNIS
                else self.tr("sonstiger Termin")
            )
        return self.state_text(row)

    def state_text(self, row: desk.DeskRow) -> str:
        """What the desk has done for the appointment."""
        if row.state == "callback":
            return self.tr("Rückruf des Teams gebucht")
        steps = []
        if row.talk:
            steps.append(self.tr("Gespräch erfasst"))
        if row.booking:
            steps.append(self.tr("Folgetermin gebucht"))
        if row.lift_sent:
            steps.append(self.tr("Aufhebung im Postausgang"))
        return ", ".join(steps) if steps else self.tr("offen")


class AppointmentDialog(QDialog):
    """Enter one appointment of the reception calendar by hand."""

    def __init__(self, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Termin der Eingangszone eintragen"))
        form = QFormLayout(self)
        self.when = QDateTimeEdit(QDateTime(QDate(day.year, day.month, day.day), QTime(9, 0)), self)
        self.when.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.when.setAccessibleName(self.tr("Datum und Uhrzeit"))
        form.addRow(self.tr("Datum, Uhrzeit:"), self.when)
        self.number = QLineEdit(self)
        self.number.setAccessibleName(self.tr("Kundennummer"))
        form.addRow(self.tr("Kundennummer:"), self.number)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Name"))
        form.addRow(self.tr("Name:"), self.name)
        self.booked_by = QLineEdit(self)
        self.booked_by.setAccessibleName(self.tr("Gebucht von"))
        form.addRow(self.tr("Gebucht von:"), self.booked_by)
        self.meldeversaeumnis = QCheckBox(self.tr("Meldeversäumnis"), self)
        self.meldeversaeumnis.setChecked(True)
        form.addRow("", self.meldeversaeumnis)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def starts_at(self) -> datetime:
        """The chosen time (Berlin)."""
        value = self.when.dateTime()
        d, t = value.date(), value.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=BERLIN)


class DeskWindow(OfficeWindow):
    """Talk, follow-up booking with the HB or deputy, slip, lift note, or team callback."""

    OBJECT_NAME = "office_desk"

    def build(self) -> None:
        """The day's appointments on the left, the steps for the selected one on the right."""
        self.setWindowTitle(self.tr("Meldeversäumnis-Schalter (Eingangszone)"))
        self.last_slip: Path | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = DeskModel(self)
        self.table = rows_table(self, "desk_table", self.tr("Termine der Eingangszone"), self.model)
        splitter.addWidget(self.table)
        splitter.addWidget(self._side())
        splitter.setSizes([640, 560])
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        fit_to_screen(self, 1250, 720)
        self.reload()

    # --- construction -------------------------------------------------------------------
    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        day_label = QLabel(self.tr("&Tag:"))
        bar.addWidget(day_label)
        today = to_berlin(self.clock()).date()
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.day_edit.setObjectName("desk_day")
        self.day_edit.setDisplayFormat("dd.MM.yyyy")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setAccessibleName(self.tr("Tag des Kalenders"))
        self.day_edit.dateChanged.connect(self.reload)
        day_label.setBuddy(self.day_edit)
        bar.addWidget(self.day_edit)
        self.only_mv = QCheckBox(self.tr("nur Meldeversäumnisse"), self)
        self.only_mv.setObjectName("desk_only_mv")
        self.only_mv.setChecked(True)
        self.only_mv.toggled.connect(self.reload)
        bar.addWidget(self.only_mv)
        bar.addStretch(1)
        bar.addWidget(
            push_button(self, self.tr("Termin eintragen …"), "desk_add", self.add_appointment)
        )
        bar.addWidget(
            push_button(
                self, self.tr("Kalender importieren …"), "desk_import", self.import_calendar
            )
        )
        return bar

    def _side(self) -> QWidget:
        side = QWidget(self)
        layout = QVBoxLayout(side)
        self.heading = wrapped_label(self, "desk_heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)

        talk_box = QGroupBox(self.tr("1. Gespräch"), self)
        form = QFormLayout(talk_box)
        self.worker = QLineEdit(self)
        self.worker.setObjectName("desk_worker")
        self.worker.setAccessibleName(self.tr("AB im Dienst"))
        self.worker.setText(self.identity.caseworker)
        form.addRow(self.tr("AB im Dienst:"), self.worker)
        self.reasons = self._text("desk_reasons", self.tr("Vom Kunden genannte Gründe"))
        form.addRow(self.tr("Gründe:"), self.reasons)
        self.motivation = self._text("desk_motivation", self.tr("Motivation und Arbeitsbündnis"))
        form.addRow(self.tr("Motivation:"), self.motivation)
        self.agreements = self._text("desk_agreements", self.tr("Vereinbarungen"))
        form.addRow(self.tr("Vereinbarungen:"), self.agreements)
        talk_buttons = QHBoxLayout()
        self.talk_button = push_button(
            self, self.tr("Gespräch speichern"), "desk_save_talk", self.save_talk
        )
        self.copy_button = push_button(
            self, self.tr("Vermerk kopieren"), "desk_copy_note", self.copy_note
        )
        talk_buttons.addWidget(self.talk_button)
        talk_buttons.addWidget(self.copy_button)
        form.addRow(talk_buttons)
        more_buttons = QHBoxLayout()
        self.unreachable_button = push_button(
            self, self.tr("HB nicht erreicht (Vertretung)"), "desk_hb_unreachable",
            self.hb_unreachable,
        )  # fmt: skip
        self.reclassify_button = push_button(
            self, self.tr("Als Meldeversäumnis umstufen"), "desk_reclassify", self.reclassify
        )
        more_buttons.addWidget(self.unreachable_button)
        more_buttons.addWidget(self.reclassify_button)
        form.addRow(more_buttons)
        layout.addWidget(talk_box)

        book_box = QGroupBox(self.tr("2. Folgetermin (1 Stunde) beim HB"), self)
        book = QVBoxLayout(book_box)
        self.slots = QComboBox(self)
        self.slots.setObjectName("desk_slots")
        self.slots.setAccessibleName(self.tr("Freie Termine"))
        book.addWidget(self.slots)
        book_buttons = QHBoxLayout()
        self.book_button = push_button(self, self.tr("Folgetermin buchen"), "desk_book", self.book)
        self.slip_button = push_button(
            self, self.tr("Terminzettel drucken …"), "desk_slip", self.print_slip
        )
        book_buttons.addWidget(self.book_button)
        book_buttons.addWidget(self.slip_button)
        book.addLayout(book_buttons)
        self.booking_label = wrapped_label(self, "desk_booking", rich=True)
        book.addWidget(self.booking_label)
        layout.addWidget(book_box)

        lift_box = QGroupBox(self.tr("3. Leistungsabteilung"), self)
        lift = QVBoxLayout(lift_box)
        self.lift_button = push_button(
            self,
            self.tr(
                "Aufhebung der vorläufigen Zahlungseinstellung vormerken (Postausgang + Aufgabe "
                "an HB)"
            ),
            "desk_lift",
            self.send_lift,
        )
        lift.addWidget(self.lift_button)
        layout.addWidget(lift_box)

        self.callback_button = push_button(
            self,
            self.tr("Keine AB verfügbar: Rückruf des Teams heute buchen"),
            "desk_callback",
            self.callback,
        )
        layout.addWidget(self.callback_button)
        self.callback_box = CallbackBox(
            self.db, self.rules, self.clock, self.worker.text, self, self.identity, self.runner
        )
        self.callback_box.saved.connect(self._callback_saved)
        self.callback_box.failed.connect(self._refused)
        self.callback_box.setVisible(False)
        layout.addWidget(self.callback_box)
        self.message = wrapped_label(self, "desk_message")
        layout.addWidget(self.message)
        layout.addStretch(1)
        return side

    def _text(self, name: str, accessible: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setTabChangesFocus(True)  # Tab leaves the field: no keyboard trap
        edit.setMaximumHeight(58)
        return edit

    # --- data ---------------------------------------------------------------------------
    def day(self) -> date:
        """The calendar day shown."""
        d = self.day_edit.date()
        return date(d.year(), d.month(), d.day())

    def reload(self) -> None:
        """Read the day's appointments again, keeping the selection."""
        keep = self.selected()
        try:
            with self.db.session() as session:
                rows = desk.list_day(
                    session, self.day(), self.only_mv.isChecked(), identity=self.identity
                )
        except PermissionDenied as exc:  # a role without the desk sees the sentence, no rows
            rows = []
            self._fail(exc)
        self.model.set_rows(rows)
        index = next((n for n, r in enumerate(rows) if keep and r.id == keep.id), 0)
        if rows:
            self.table.selectRow(index)
        self._show_selected()

    def selected(self) -> desk.DeskRow | None:
        """The selected appointment, if any."""
        if not hasattr(self, "model"):
            return None
        return selected_row(self.table, desk.DeskRow)

    def _show_selected(self, *_args: object) -> None:
        row = self.selected()
        for widget in (
            self.talk_button, self.copy_button, self.book_button, self.slip_button,
            self.lift_button, self.callback_button, self.slots, self.unreachable_button,
            self.reclassify_button,
        ):  # fmt: skip
            widget.setEnabled(row is not None)
        self.slots.clear()
        self.callback_box.show_for(row.id if row is not None else None)
        if row is None:
            self.heading.setText(escape(self.tr("An diesem Tag keine Termine.")))
            self.booking_label.setText("")
            return
        hb = row.caseworker or self.tr("unbekannt")
        if row.hb_absent_until is not None:
            hb += " " + self.tr("(abwesend bis %1)").replace(
                "%1", texts.fmt_date(row.hb_absent_until)
            )
        if row.hb_unreachable:
            hb += " " + self.tr("(nicht erreicht – Vertretungsregelung)")
        team = (" " + self.tr("(Team %1)").replace("%1", row.team)) if row.team else ""
        self.heading.setText(
            f"<b>{escape(row.name)}</b> ({escape(row.kundennummer)}), "
            f"{to_berlin(row.starts_at):%H:%M} – "
            + escape(self.tr("HB: %1").replace("%1", hb) + team)
            + (f"<br><i>{escape(row.note)}</i>" if row.note else "")
        )
        with self.db.session() as session:
            booking = desk.booking_for(session, row.id)
            try:
                slots = desk.slots_for(
                    session, row.id, self.clock(), self.rules, identity=self.identity
                )
            except (OfficeError, PermissionDenied):
                slots = []  # gone or not this desk's since the list was read: nothing to book
        for start, who, deputy in slots:
            label = f"{texts.fmt_datetime(start)} – {who.name}"
            if deputy:
                label += " " + (
                    self.tr("(Vertretung, HB nicht erreicht)")
                    if row.hb_unreachable
                    else self.tr("(Vertretung, HB abwesend)")
                )
            self.slots.addItem(label, start)
        if not slots:
            self.slots.addItem(self.tr("kein freier Termin (HB unbekannt oder niemand da)"))
            self.book_button.setEnabled(False)
        self.slip_button.setEnabled(booking is not None and booking.kind == desk.FOLLOWUP)
        # The lift note only where a provisional suspension was decided and not yet lifted.
        self.lift_button.setEnabled(row.suspended)
        self.unreachable_button.setEnabled(row.customer_known and not row.hb_unreachable)
        self.reclassify_button.setEnabled(row.kind != desk.MELDEVERSAEUMNIS)
        self.booking_label.setText(
            "<b>" + escape(self.tr("Gebucht:")) + "</b> " + escape(booking.text_de())
            if booking
            else ""
        )
        self.book_button.setText(
            self.tr("Umbuchen auf diesen Termin") if booking else self.tr("Folgetermin buchen")
        )
        self.talk_button.setEnabled(row.state != "callback")

    # --- actions ------------------------------------------------------------------------
    def _fail(self, exc: BilingualError) -> None:
        self._fail_text(exc.message(current_language()))

    def _refused(self, failure: Failure) -> None:
        """A refused decision (the runner's one sentence; nothing was written)."""
        if isinstance(failure.exc, OSError):
            self._fail(OfficeError("Die Datei kann nicht gelesen werden.", "Unreadable file."))
            return
        self._fail_text(failure.sentence)

    def _fail_text(self, text: str) -> None:
        self.message.setText(text)
        announce(self.message, text)
        self.message.setStyleSheet("color: #b00020")

    def _ok(self, text: str) -> None:
        self.message.setText(text)
        announce(self.message, text)
        self.message.setStyleSheet("color: #1b7f3b")

    def _callback_saved(self, text: str) -> None:
        self._ok(text)
        self.reload()

    def add_appointment(self) -> None:
        """Enter an appointment by hand."""
        dialog = AppointmentDialog(self.day(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        kind = desk.MELDEVERSAEUMNIS if dialog.meldeversaeumnis.isChecked() else "other"
        done = self.runner.call(
            office_ops.add_appointment, dialog.starts_at(), dialog.number.text(),
            dialog.name.text(), dialog.booked_by.text(), kind, on_failed=self._refused,
        )  # fmt: skip
        if done is None:
            return
        self._ok(self.tr("Termin eingetragen."))
        self.reload()

    def import_calendar(self, path: Path | None = None) -> None:
        """Import the reception calendar's CSV export."""
        if path is None:
            name = open_file_name(
                self, self.db, self.tr("Kalender der Eingangszone importieren"),
                self.tr("CSV-Dateien (*.csv *.txt)"),
            )  # fmt: skip
            if not name:
                return
            path = Path(name)
        done = self.runner.call(office_ops.import_calendar, path, on_failed=self._refused)
        if done is None:
            return
        added = done.value
        self._ok(self.tr("%1 Termine importiert.").replace("%1", str(added)))
        self.reload()

    def save_talk(self) -> None:
        """Record the talk."""
        row = self.selected()
        if row is None:
            return
        done = self.runner.call(
            office_ops.record_talk, row.id, self.worker.text(), self.reasons.toPlainText(),
            self.motivation.toPlainText(), self.agreements.toPlainText(),
            on_failed=self._refused,
        )  # fmt: skip
        if done is None:
            return
        self._ok(self.tr("Gespräch gespeichert. Jetzt den Folgetermin beim HB buchen."))
        self.reload()

    def copy_note(self) -> None:
        """Copy the desk talk's Verbis-Vermerk to the clipboard."""
        row = self.selected()
        if row is None:
            return
        with self.db.session() as session:
            note = desk.talk_note(session, row.id, identity=self.identity)
        if not note:
            self._fail(OfficeError("Bitte zuerst das Gespräch speichern.", "No talk yet."))
            return
        QGuiApplication.clipboard().setText(note)
        self._ok(self.tr("Vermerk in die Zwischenablage kopiert."))

    def book(self) -> None:
        """Book the chosen slot with the HB or the deputy."""
        row = self.selected()
        start = self.slots.currentData()
        if row is None or not isinstance(start, datetime):
            return
        done = self.runner.call(
            office_ops.book_followup, row.id, self.worker.text(), self.rules, start,
            on_failed=self._refused,
        )  # fmt: skip
        if done is None:
            return
        booking = done.value
        self._ok(self.tr("Gebucht: %1. Terminzettel drucken.").replace("%1", booking.text_de()))
        self.reload()

    def print_slip(self, path: Path | None = None) -> Path | None:
        """Write the appointment slip as PDF (asks where unless ``path`` is given)."""
        row = self.selected()
        if row is None:
            return None
        with self.db.session() as session:
            booking = desk.booking_for(session, row.id)
            if booking is None or booking.kind != desk.FOLLOWUP:
                self._fail(OfficeError("Bitte zuerst den Folgetermin buchen.", "Not booked."))
                return None
            slip = desk.slip_data(session, booking.id, identity=self.identity)
        if path is None:
            name = save_file_name(
                self, self.db, self.tr("Terminzettel speichern"),
                f"Terminzettel_{row.kundennummer}.pdf", self.tr("PDF-Dateien (*.pdf)"),
            )  # fmt: skip
            if not name:
                return None
            path = Path(name)
        try:
            render_slip(slip, path)
        except OSError:
            self._fail(OfficeError("Der Terminzettel kann dort nicht gespeichert werden.", "-"))
            return None
        self.last_slip = path
        self._ok(self.tr("Terminzettel gespeichert: %1").replace("%1", str(path)))
        return path

    def send_lift(self) -> None:
        """Put the note to lift the suspension into the outbox and give the HB a task."""
        row = self.selected()
        if row is None:
            return
        if (
            self.runner.call(
                office_ops.send_lift_note, row.id, self.worker.text(), on_failed=self._refused
            )
            is None
        ):
            return
        self._ok(
            self.tr(
                "Aufhebung zur Weitergabe an die Leistungsabteilung vorgemerkt (Postausgang); "
                "Aufgabe an den HB."
            )
        )
        self.reload()

    def hb_unreachable(self) -> None:
        """The HB was not reached by phone: the deputy rule applies as for an absence."""
        row = self.selected()
        if row is None:
            return
        if (
            self.runner.call(
                office_ops.mark_hb_unreachable, row.id, self.worker.text(), on_failed=self._refused
            )
            is None
        ):
            return
        self._ok(self.tr("HB nicht erreicht: Folgetermin und Aufgaben gehen an die Vertretung."))
        self.reload()

    def reclassify(self) -> None:
        """The talk shows a Meldeversäumnis: the appointment becomes one."""
        row = self.selected()
        if row is None:
            return
        if (
            self.runner.call(
                office_ops.reclassify, row.id, self.worker.text(), on_failed=self._refused
            )
            is None
        ):
            return
        self._ok(self.tr("Als Meldeversäumnis umgestuft."))
        self.reload()

    def callback(self) -> None:
        """No outreach worker free: book a same-day callback by the team."""
        row = self.selected()
        if row is None:
            return
        done = self.runner.call(
            office_ops.book_callback, row.id, self.worker.text(), on_failed=self._refused
        )
        if done is None:
            return
        booking = done.value
        self._ok(
            self.tr("%1. Der Rückruf erfasst das Gespräch und bucht den Termin beim HB.").replace(
                "%1", booking.text_de()
            )
        )
        self.reload()
