"""The team's callback at the desk: its history, the talk form and the HB appointment."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QWidget,
)

from fieldkit.app.ops import office as office_ops
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_callback as cb
from fieldkit.services import office_desk as desk
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.ui import texts
from fieldkit.ui.office.widgets import push_button, wrapped_label
from fieldkit.ui.ops import OpRunner


class CallbackBox(QGroupBox):
    """Shown at the desk while a callback is booked for the selected appointment."""

    # A talk or an appointment was saved (the message to show).
    saved = Signal(str)
    # A step was refused (the error).
    failed = Signal(object)

    def __init__(
        self,
        db: Database,
        rules: RulesSettings,
        clock: Callable[[], datetime],
        worker: Callable[[], str],
        parent: QWidget | None,
        identity: Identity,
        runner: OpRunner,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Rückruf des Teams"))
        self.setObjectName("desk_callback_box")
        self.db, self.rules, self.clock, self.worker = db, rules, clock, worker
        self.identity = identity  # who works: the services check the role (issue 14)
        # The desk's runner (issue 19): the talk and the booking are operations.
        self.runner = runner
        self.callback_id: uuid.UUID | None = None
        self.appointment_id: uuid.UUID | None = None
        form = QFormLayout(self)
        self.history = wrapped_label(self, "callback_history", rich=True)
        form.addRow(self.history)
        self.discussed = self._text("callback_discussed", self.tr("Was besprochen wurde"))
        form.addRow(self.tr("Besprochen:"), self.discussed)
        self.outcome = self._text("callback_outcome", self.tr("Ergebnis des Rückrufs"))
        form.addRow(self.tr("Ergebnis:"), self.outcome)
        self.next_step = self._text("callback_next_step", self.tr("Nächster Schritt"))
        form.addRow(self.tr("Nächster Schritt:"), self.next_step)
        self.save_button = push_button(
            self, self.tr("Rückrufgespräch speichern"), "callback_save", self.save_talk
        )
        form.addRow(self.save_button)
        self.slots = QComboBox(self)
        self.slots.setObjectName("callback_slots")
        self.slots.setAccessibleName(self.tr("Freie Termine beim HB"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.slots, 1)
        self.book_button = push_button(
            self, self.tr("Termin beim HB buchen"), "callback_book", self.book
        )
        buttons.addWidget(self.book_button)
        form.addRow(buttons)

    def _text(self, name: str, accessible: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaximumHeight(48)
        return edit

    def show_for(self, appointment_id: uuid.UUID | None) -> None:
        """Show the callback of a reception appointment (hidden when there is none)."""
        view = None
        slots: list[tuple[datetime, object, bool]] = []
        if appointment_id is not None:
            with self.db.session() as session:
                view = cb.callback_for(session, appointment_id)
                if view is not None:
                    slots = list(
                        desk.slots_for(
                            session,
                            appointment_id,
                            self.clock(),
                            self.rules,
                            identity=self.identity,
                        )
                    )
        self.setVisible(view is not None)
        self.appointment_id = appointment_id
        self.callback_id = view.id if view else None
        if view is None:
            return
        self.history.setText("<br>".join(escape(line) for line in view.lines_de()))
        self.discussed.setPlainText(view.discussed)
        self.outcome.setPlainText(view.outcome)
        self.next_step.setPlainText(view.next_step)
        self.slots.clear()
        for start, who, deputy in slots:
            name = getattr(who, "name", "")
            label = f"{texts.fmt_datetime(start)} – {name}"
            if deputy:
                label += " " + self.tr("(Vertretung)")
            self.slots.addItem(label, start)
        self.book_button.setEnabled(bool(slots))
        self.book_button.setText(
            self.tr("HB-Termin umbuchen") if view.appointment else self.tr("Termin beim HB buchen")
        )

    def save_talk(self) -> None:
        """Store the talk form."""
        if self.callback_id is None:
            return
        texts = (
            self.discussed.toPlainText(), self.outcome.toPlainText(), self.next_step.toPlainText()
        )  # fmt: skip
        done = self.runner.call(
            office_ops.record_callback_talk, self.callback_id, self.worker(), texts,
            on_failed=lambda failure: self.failed.emit(failure),
        )  # fmt: skip
        if done is None:
            return
        self.saved.emit(self.tr("Rückrufgespräch gespeichert."))

    def book(self) -> None:
        """Book the chosen slot with the HB (or the deputy), linked to the callback."""
        start = self.slots.currentData()
        if self.callback_id is None or not isinstance(start, datetime):
            return
        done = self.runner.call(
            office_ops.book_hb_appointment, self.callback_id, self.worker(), self.rules, start,
            on_failed=lambda failure: self.failed.emit(failure),
        )  # fmt: skip
        if done is None:
            return
        self.saved.emit(self.tr("Gebucht: %1").replace("%1", done.value.text_de()))


__all__ = ["CallbackBox"]
