"""The Hamburg rules' input tabs: the six-monthly review, the customer situation, the posts
(full-time equivalents) and the recorded counselling talks (presence yes/no)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.context import AppContext
from fieldkit.app.ops import hamburg as hamburg_ops
from fieldkit.domain import hamburg
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import to_berlin
from fieldkit.services import office_hamburg_review as review
from fieldkit.services.database import Database
from fieldkit.services.office import Identity, OfficeError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui import texts
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.widgets import push_button, rows_table, selected_row, wrapped_label
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.rows_model import RowsModel


class HamburgTab(QWidget):
    """What the tabs share: the database, rules, clock, identity and a message line."""

    def __init__(
        self,
        db: Database,
        rules: RulesSettings,
        clock: Callable[[], datetime],
        identity: Identity,
        parent: QWidget | None = None,
        *,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.rules, self.clock, self.identity = db, rules, clock, identity
        # The saves are operations (issue 19): the contacts window's runner, whose Changes
        # (``office``) reach the other open back-office views.
        self.runner = runner or OpRunner(
            lambda: AppContext(self.db, SettingsStore(Settings()), self.clock, self.identity),
            None,
            self,
        )
        self.message = wrapped_label(self, "hamburg_message")
        self.build()

    def build(self) -> None:
        """Create the tab's content (called once from the constructor)."""

    def today(self) -> date:
        """Today in Berlin."""
        return to_berlin(self.clock()).date()

    def fail(self, exc: OfficeError) -> None:
        """Show a refusal in the UI's language."""
        self.message.setText(exc.message(current_language()))
        self.message.setStyleSheet("color: #b00020")

    def refused(self, failure: Failure) -> None:
        """Show the runner's one sentence for a refused save (nothing was written)."""
        self.message.setText(failure.sentence)
        self.message.setStyleSheet("color: #b00020")

    def ok(self, text: str) -> None:
        """Show what was saved."""
        self.message.setText(text)
        self.message.setStyleSheet("color: #1b7f3b")

    def reload(self) -> None:
        """Read the tab's data again (tabs with lists override this)."""


def _date_edit(parent: QWidget, name: str, day: date, accessible: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setObjectName(name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(accessible)
    return edit


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class ReviewModel(RowsModel):
    """The reviews due as a table."""

    rows: list[review.ReviewDue]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("HB"), self.tr("Kunde"), self.tr("Kundennummer"), self.tr("Situation"),
            self.tr("Letzte Überprüfung"), self.tr("Fällig am"),
        )  # fmt: skip

    def cell(self, row: review.ReviewDue, column: int, role: int) -> Any:
        """Cell texts; an overdue date is marked."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        last = texts.fmt_date(row.last_review) if row.last_review else self.tr("noch nie")
        due = texts.fmt_date(row.due) + (" " + self.tr("(überfällig)") if row.overdue else "")
        return (
            row.caseworker, row.customer_name, row.kundennummer, row.situation, last, due,
        )[column]  # fmt: skip


class ReviewTab(HamburgTab):
    """Whose six-monthly review is due (within a month or overdue), and recording one."""

    def build(self) -> None:
        """The list, then the form."""
        layout = QVBoxLayout(self)
        self.model = ReviewModel(self)
        self.table = rows_table(self, "review_table", self.tr("Fällige Überprüfungen"), self.model)
        self.table.selectionModel().selectionChanged.connect(self._take_selected)
        layout.addWidget(self.table, 1)
        box = QGroupBox(self.tr("Überprüfung des Beratungsbedarfs erfassen"), self)
        form = QFormLayout(box)
        self.number = QLineEdit(box)
        self.number.setObjectName("review_number")
        self.number.setAccessibleName(self.tr("Kundennummer"))
        self.number.setMaxLength(20)
        form.addRow(self.tr("Kundennummer:"), self.number)
        self.day = _date_edit(box, "review_day", self.today(), self.tr("Tag der Überprüfung"))
        form.addRow(self.tr("Geprüft am:"), self.day)
        self.note = QLineEdit(box)
        self.note.setObjectName("review_note")
        self.note.setAccessibleName(self.tr("Ergebnis der Überprüfung"))
        self.note.setMaxLength(review.NOTE_MAX)
        form.addRow(self.tr("Ergebnis:"), self.note)
        self.save_button = push_button(
            box, self.tr("Überprüfung speichern"), "review_save", self.save
        )
        form.addRow(self.save_button)
        layout.addWidget(box)
        layout.addWidget(self.message)

    def reload(self) -> None:
        """Read the due reviews again."""
        try:
            with self.db.session() as session:
                rows = review.reviews_due(session, self.identity, self.today(), self.rules)
        except OfficeError as exc:
            self.fail(exc)
            rows = []
        self.model.set_rows(rows)

    def _take_selected(self, *_args: object) -> None:
        row = selected_row(self.table, review.ReviewDue)
        if row is not None:
            self.number.setText(row.kundennummer)

    def save(self) -> None:
        """Record the review."""
        who = self.identity.caseworker or self.tr("Innendienst")
        done = self.runner.call(
            hamburg_ops.record_review, self.rules, self.number.text(), _day(self.day), who,
            self.note.text(), self.today(), on_failed=self.refused,
        )  # fmt: skip
        if done is None:
            return
        due = done.value
        self.ok(
            self.tr("Überprüfung gespeichert; die nächste ist am %1 fällig.").replace(
                "%1", texts.fmt_date(due)
            )
        )
        self.note.clear()
        self.reload()


class SituationModel(RowsModel):
    """The customers of the view with their situation."""

    rows: list[review.SituationRow]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (self.tr("HB"), self.tr("Kunde"), self.tr("Kundennummer"), self.tr("Situation"))

    def cell(self, row: review.SituationRow, column: int, role: int) -> Any:
        """Cell texts; the situation by the concept's German name."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        situation = (
            hamburg.Situation(row.situation).label_de if row.situation else self.tr("unbekannt")
        )
        return (row.caseworker, row.customer_name, row.kundennummer, situation)[column]


class SituationTab(HamburgTab):
    """The customer situation (the concept's groups) per customer, editable."""

    def build(self) -> None:
        """The customers, a choice of the concept's groups and a save button."""
        layout = QVBoxLayout(self)
        self.model = SituationModel(self)
        self.table = rows_table(self, "situation_table", self.tr("Kunden"), self.model)
        self.table.selectionModel().selectionChanged.connect(self._take_selected)
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.combo = QComboBox(self)
        self.combo.setObjectName("situation_combo")
        self.combo.setAccessibleName(self.tr("Situation des Kunden"))
        self.combo.addItem(self.tr("unbekannt (keine Situation)"), "")
        for situation in hamburg.Situation:
            # The concept's own German names are the labels in both languages.
            self.combo.addItem(situation.label_de, situation.value)
        bar.addWidget(self.combo, 1)
        self.save_button = push_button(
            self, self.tr("Situation speichern"), "situation_save", self.save
        )
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        layout.addWidget(self.message)

    def reload(self) -> None:
        """Read the customers again, keeping the selection."""
        keep = selected_row(self.table, review.SituationRow)
        try:
            with self.db.session() as session:
                rows = review.situations(session, self.identity, self.rules)
        except OfficeError as exc:
            self.fail(exc)
            rows = []
        self.model.set_rows(rows)
        for n, row in enumerate(rows):
            if keep is not None and row.kundennummer == keep.kundennummer:
                self.table.selectRow(n)
        self.save_button.setEnabled(bool(rows))

    def _take_selected(self, *_args: object) -> None:
        row = selected_row(self.table, review.SituationRow)
        if row is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(row.situation)))

    def save(self) -> None:
        """Store the chosen situation for the selected customer."""
        row = selected_row(self.table, review.SituationRow)
        if row is None:
            self.fail(OfficeError("Bitte einen Kunden wählen.", "Please choose a customer."))
            return
        if self.runner.call(
            hamburg_ops.set_situation, self.rules, row.kundennummer,
            str(self.combo.currentData()), on_failed=self.refused,
        ) is None:  # fmt: skip
            return
        self.ok(self.tr("Situation gespeichert: %1").replace("%1", self.combo.currentText()))
        self.reload()


class PostsTab(HamburgTab):
    """Posts (full-time equivalents) and counselling talks held, in person or not."""

    def build(self) -> None:
        """Two small forms."""
        layout = QVBoxLayout(self)
        post_box = QGroupBox(self.tr("Stellenanteil (Vollzeitäquivalent)"), self)
        post = QFormLayout(post_box)
        self.post_worker = self._workers("post_worker")
        post.addRow(self.tr("HB:"), self.post_worker)
        self.fte = QDoubleSpinBox(post_box)
        self.fte.setObjectName("post_fte")
        self.fte.setAccessibleName(self.tr("Stellenanteil"))
        self.fte.setRange(0.05, 1.0)
        self.fte.setSingleStep(0.05)
        self.fte.setValue(1.0)
        post.addRow(self.tr("Anteil einer Vollzeitstelle:"), self.fte)
        post.addRow(
            push_button(self, self.tr("Stellenanteil speichern"), "post_save", self.save_post)
        )
        layout.addWidget(post_box)
        talk_box = QGroupBox(self.tr("Qualifiziertes Beratungsgespräch erfassen"), self)
        talk = QFormLayout(talk_box)
        self.talk_worker = self._workers("talk_worker")
        talk.addRow(self.tr("HB:"), self.talk_worker)
        self.talk_number = QLineEdit(talk_box)
        self.talk_number.setObjectName("talk_number")
        self.talk_number.setAccessibleName(self.tr("Kundennummer"))
        self.talk_number.setMaxLength(20)
        talk.addRow(self.tr("Kundennummer:"), self.talk_number)
        self.talk_day = _date_edit(talk_box, "talk_day", self.today(), self.tr("Tag des Gesprächs"))
        talk.addRow(self.tr("Am:"), self.talk_day)
        self.channel = QComboBox(talk_box)
        self.channel.setObjectName("talk_channel")
        self.channel.setAccessibleName(self.tr("Art des Gesprächs"))
        self.channel.addItem(self.tr("persönlich (Präsenz)"), "in_person")
        self.channel.addItem(self.tr("Video (zählt als Präsenz)"), "video")
        self.channel.addItem(self.tr("Telefon (keine Präsenz)"), "phone")
        talk.addRow(self.tr("Präsenz:"), self.channel)
        talk.addRow(push_button(self, self.tr("Gespräch erfassen"), "talk_save", self.save_talk))
        layout.addWidget(talk_box)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _workers(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(self.tr("HB"))
        with self.db.session() as session:
            combo.addItems(review.caseworker_names(session, self.identity))
        return combo

    def save_post(self) -> None:
        """Store the share of a full-time post."""
        if self.runner.call(
            hamburg_ops.set_post, self.rules, self.post_worker.currentText(), self.fte.value(),
            on_failed=self.refused,
        ) is None:  # fmt: skip
            return
        self.ok(
            self.tr("Stellenanteil gespeichert: %1 – %2")
            .replace("%1", self.post_worker.currentText())
            .replace("%2", f"{self.fte.value():.2f}".replace(".", ","))
        )

    def save_talk(self) -> None:
        """Record a counselling talk."""
        if self.runner.call(
            hamburg_ops.record_talk, self.rules, self.talk_worker.currentText(),
            self.talk_number.text(), _day(self.talk_day), str(self.channel.currentData()),
            self.today(), on_failed=self.refused,
        ) is None:  # fmt: skip
            return
        self.ok(self.tr("Gespräch erfasst."))
        self.talk_number.clear()
