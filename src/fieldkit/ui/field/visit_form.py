"""The visit record at the doorstep: one form, every change committed as it is made.

Checkboxes and choices are written the moment they change; typed text at most 300 ms after
the last keystroke (and at once when the field loses focus, another stop is chosen or the
window closes). There is no save button to forget. Beside the form the Verbis-Vermerk the app
proposes; it can be edited before "Besuch abschließen" makes the visit final.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.model import NotMetReason, Outcome
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services import field
from fieldkit.services.database import Database, StoreError
from fieldkit.services.field import FieldError, FinishResult, StopCard, VisitState
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.access import announce
from fieldkit.ui.field import style
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.safety import show_store_error

DEBOUNCE_MS = 300


class VisitForm(QWidget):
    """Records one visit of the selected stop; emits ``finished`` after "Besuch abschließen"."""

    finished = Signal(object)  # FinishResult
    reload_requested = Signal()  # a visit was begun or a correction started
    saved = Signal()

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        identity: Identity,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.identity = identity  # the field window's login: the services check it (issue 14)
        # Begin, finish and correct are operations (issue 19): the field window's runner
        # tells the other views which visit and week changed.
        self.runner = runner or OpRunner(
            lambda: AppContext(self.db, SettingsStore(Settings()), self.clock, self.identity),
            None,
            self,
        )
        self.stop: StopCard | None = None
        self.visit: VisitState | None = None
        self.worker_id: uuid.UUID | None = None
        self._loading = False
        self._pending: dict[str, Any] = {}
        self._note_text: str | None = None  # an edit of the Vermerk waiting to be saved
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self.checks: dict[str, QCheckBox] = {}
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._build()
        self.show_stop(None)

    # --- construction -------------------------------------------------------------------
    def _check(self, key: str, text: str, layout: QVBoxLayout) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(f"visit_{key}")
        box.setAccessibleName(text)
        box.toggled.connect(lambda checked, k=key: self._changed_now(k, checked))
        layout.addWidget(box)
        self.checks[key] = box
        return box

    def _line(self, key: str, name: str, placeholder: str, layout: QVBoxLayout) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"visit_{key}")
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda text, k=key: self._changed_typed(k, text))
        edit.editingFinished.connect(self.flush)
        layout.addWidget(edit)
        self.texts[key] = edit
        return edit

    def _text(self, key: str, name: str, placeholder: str, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(f"visit_{key}")
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)  # Tab leaves the field: the form stays keyboard-only
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
        edit.textChanged.connect(lambda k=key, e=edit: self._changed_typed(k, e.toPlainText()))
        edit.installEventFilter(self)
        self.texts[key] = edit
        return edit

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget(scroll)
        form = QVBoxLayout(inner)
        self.heading = QLabel(inner)
        self.heading.setFont(style.heading_font(1.2))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # it shows the customer's name
        form.addWidget(self.heading)
        self.state_label = QLabel(inner)
        self.state_label.setObjectName("muted")
        self.state_label.setWordWrap(True)
        form.addWidget(self.state_label)
        self.begin_button = QPushButton(self.tr("&Besuch beginnen"), inner)
        self.begin_button.setObjectName("primary")
        self.begin_button.setAccessibleName(self.tr("Besuch beginnen"))
        self.begin_button.setAutoDefault(True)
        self.begin_button.clicked.connect(self.begin)
        form.addWidget(self.begin_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.body = QWidget(inner)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        when = QHBoxLayout()
        when_label = QLabel(self.tr("Zeit des Besuchs:"), self.body)
        when.addWidget(when_label)
        self.when = QDateTimeEdit(self.body)
        self.when.setObjectName("visit_when")
        self.when.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName(self.tr("Zeit des Besuchs"))
        when_label.setBuddy(self.when)
        self.when.dateTimeChanged.connect(self._when_changed)
        when.addWidget(self.when)
        self.now_button = QPushButton(self.tr("Jetzt"), self.body)
        self.now_button.setAccessibleName(self.tr("Zeit auf jetzt setzen"))
        self.now_button.setAutoDefault(True)
        self.now_button.clicked.connect(self._set_now)
        when.addWidget(self.now_button)
        when.addStretch(1)
        body.addLayout(when)

        outcome_box = QGroupBox(self.tr("Ergebnis"), self.body)
        outcome = QHBoxLayout(outcome_box)
        self.met = QRadioButton(self.tr("Angetroffen"), outcome_box)
        self.met.setObjectName("visit_met")
        self.not_met = QRadioButton(self.tr("Nicht angetroffen"), outcome_box)
        self.not_met.setObjectName("visit_not_met")
        self.outcome_group = QButtonGroup(self)
        for button, value in ((self.met, Outcome.MET), (self.not_met, Outcome.NOT_MET)):
            button.setAccessibleName(button.text())
            button.setProperty("value", value.value)
            self.outcome_group.addButton(button)
            outcome.addWidget(button)
        outcome.addStretch(1)
        self.outcome_group.buttonToggled.connect(self._outcome_toggled)
        body.addWidget(outcome_box)

        self.met_box = QGroupBox(self.tr("Angetroffen"), self.body)
        met = QVBoxLayout(self.met_box)
        self._check("handed_over", self.tr("Einladung persönlich ausgehändigt"), met)
        self._check("legal_consequences", self.tr("Auf die Rechtsfolgen hingewiesen"), met)
        self._check("relationship", self.tr("Arbeitsbündnis versucht aufzubauen"), met)
        self._check("meet_and_walk", self.tr("Meet and Walk (auf Wunsch)"), met)
        self._check("general_info", self.tr("Allgemeine Auskünfte erteilt"), met)
        self._check(
            "low_threshold",
            self.tr("Niederschwellige Leistungsangelegenheit geklärt"),
            met,
        )
        self._line(
            "low_threshold_text",
            self.tr("Welche Leistungsangelegenheit"),
            self.tr("z. B. Infos zum Upload fehlender Unterlagen"),
            met,
        )
        self._check(
            "cooperation_pointed_out", self.tr("Auf offene Mitwirkungsschreiben hingewiesen"), met
        )
        self.open_letters = QLabel(self.met_box)
        self.open_letters.setObjectName("muted")
        self.open_letters.setWordWrap(True)
        self.open_letters.setIndent(40)
        met.addWidget(self.open_letters)
        self._check("refused_talk", self.tr("KD verweigerte das Gespräch"), met)
        body.addWidget(self.met_box)

        self.not_met_box = QGroupBox(self.tr("Nicht angetroffen"), self.body)
        not_met = QVBoxLayout(self.not_met_box)
        reason_label = QLabel(self.tr("Warum nicht angetroffen?"), self.not_met_box)
        not_met.addWidget(reason_label)
        self.reason_group = QButtonGroup(self)
        self.reasons: dict[NotMetReason, QRadioButton] = {}
        for reason, text in (
            (NotMetReason.NOBODY_OPENED, self.tr("Niemand hat geöffnet")),
            (NotMetReason.ADDRESS_NOT_FOUND, self.tr("Adresse nicht gefunden")),
            (NotMetReason.MOVED_AWAY, self.tr("Verzogen")),
            (NotMetReason.OTHER, self.tr("Anderer Grund")),
        ):
            radio = QRadioButton(text, self.not_met_box)
            radio.setObjectName(f"visit_reason_{reason.value}")
            radio.setAccessibleName(self.tr("Grund: %1").replace("%1", text))
            radio.setProperty("value", reason.value)
            self.reason_group.addButton(radio)
            self.reasons[reason] = radio
            not_met.addWidget(radio)
        self.reason_group.buttonToggled.connect(self._reason_toggled)
        self._line(
            "not_met_text",
            self.tr("Anderer Grund, Beschreibung"),
            self.tr("Anderen Grund kurz beschreiben"),
            not_met,
        )
        self._check(
            "mailbox_invitation", self.tr("Einladung in den Briefkasten eingeworfen"), not_met
        )
        self._check(
            "mailbox_package", self.tr("Kunden-Paket in den Briefkasten eingeworfen"), not_met
        )
        self._check("mailbox_name_checked", self.tr("Name am Briefkasten geprüft"), not_met)
        self._line(
            "mailbox_reason",
            self.tr("Grund, warum nicht eingeworfen"),
            self.tr("Nur nötig, wenn etwas nicht eingeworfen wurde"),
            not_met,
        )
        body.addWidget(self.not_met_box)

        more_box = QGroupBox(self.tr("Weiteres"), self.body)
        more = QVBoxLayout(more_box)
        note_label = QLabel(self.tr("Notiz:"), more_box)
        more.addWidget(note_label)
        note = self._text("note", self.tr("Notiz zum Besuch"), self.tr("Freitext"), 3)
        note_label.setBuddy(note)
        self.note_edit = note
        more.addWidget(note)
        complex_box = QCheckBox(self.tr("Komplexer Fall – Gespräch mit dem HB nötig"), more_box)
        complex_box.setObjectName("visit_complex_case")
        complex_box.setAccessibleName(complex_box.text())
        complex_box.toggled.connect(lambda c: self._changed_now("complex_case", c))
        self.checks["complex_case"] = complex_box
        more.addWidget(complex_box)
        self._check("benefits_hint_given", self.tr("Hinweis für die Leistungsabteilung"), more)
        more.addWidget(
            self._text(
                "benefits_hint",
                self.tr("Text des Hinweises für die Leistungsabteilung"),
                self.tr("Was die Leistungsabteilung wissen muss (geht über die E-Akte)"),
                2,
            )
        )
        body.addWidget(more_box)
        form.addWidget(self.body)
        form.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 3)

        side = QVBoxLayout()
        note_box = QGroupBox(self.tr("Verbis-Vermerk (Vorschlag, bearbeitbar)"), self)
        notes = QVBoxLayout(note_box)
        self.preview = QPlainTextEdit(note_box)
        self.preview.setObjectName("visit_vermerk")
        self.preview.setAccessibleName(self.tr("Verbis-Vermerk"))
        self.preview.setTabChangesFocus(True)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.textChanged.connect(self._preview_edited)
        self.preview.installEventFilter(self)
        notes.addWidget(self.preview, 1)
        self.reset_note = QPushButton(self.tr("Vorschlag wiederherstellen"), note_box)
        self.reset_note.setAccessibleName(self.tr("Vorschlag des Vermerks wiederherstellen"))
        self.reset_note.setAutoDefault(True)
        self.reset_note.clicked.connect(self._reset_note)
        notes.addWidget(self.reset_note, 0, Qt.AlignmentFlag.AlignLeft)
        self.problems = QLabel(note_box)
        self.problems.setObjectName("muted")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(self.tr("Noch offen"))
        notes.addWidget(self.problems)
        self.finish_button = QPushButton(self.tr("Besuch &abschließen"), note_box)
        self.finish_button.setObjectName("primary")
        self.finish_button.setAccessibleName(self.tr("Besuch abschließen"))
        self.finish_button.setAutoDefault(True)
        self.finish_button.clicked.connect(self.finish)
        notes.addWidget(self.finish_button)
        self.correct_button = QPushButton(self.tr("Besuch &korrigieren"), note_box)
        self.correct_button.setAccessibleName(self.tr("Besuch korrigieren"))
        self.correct_button.setAutoDefault(True)
        self.correct_button.clicked.connect(self.correct)
        notes.addWidget(self.correct_button)
        self.history = QLabel(note_box)
        self.history.setObjectName("muted")
        self.history.setWordWrap(True)
        self.history.setAccessibleName(self.tr("Verlauf der Fassungen"))
        notes.addWidget(self.history)
        side.addWidget(note_box, 1)
        outer.addLayout(side, 2)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.begin_button,
            self.when,
            self.now_button,
            self.met,
            self.not_met,
            *(self.checks[k] for k in ("handed_over", "legal_consequences", "relationship")),
            *(self.checks[k] for k in ("meet_and_walk", "general_info", "low_threshold")),
            self.texts["low_threshold_text"],
            self.checks["cooperation_pointed_out"],
            self.checks["refused_talk"],
            *self.reasons.values(),
            self.texts["not_met_text"],
            self.checks["mailbox_invitation"],
            self.checks["mailbox_package"],
            self.checks["mailbox_name_checked"],
            self.texts["mailbox_reason"],
            self.texts["note"],
            self.checks["complex_case"],
            self.checks["benefits_hint_given"],
            self.texts["benefits_hint"],
            self.preview,
            self.reset_note,
            self.finish_button,
            self.correct_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- showing ------------------------------------------------------------------------
    def show_stop(self, stop: StopCard | None, worker_id: uuid.UUID | None = None) -> None:
        """Show the visit of ``stop``: its draft, its final record, or "Besuch beginnen"."""
        self.flush()
        self.stop = stop
        if worker_id is not None:
            self.worker_id = worker_id
        self.visit = stop.visit if stop else None
        self._loading = True
        try:
            self._show()
        finally:
            self._loading = False

    def _show(self) -> None:
        stop, visit = self.stop, self.visit
        self.heading.setText(
            self.tr("Besuch bei %1").replace("%1", stop.name) if stop else self.tr("Kein Halt")
        )
        self.begin_button.setVisible(stop is not None and visit is None)
        self.body.setVisible(visit is not None)
        editable = visit is not None and not visit.final
        self.body.setEnabled(editable)
        self.preview.setReadOnly(not editable)
        self.reset_note.setVisible(editable)
        self.finish_button.setVisible(editable)
        self.correct_button.setVisible(visit is not None and visit.final)
        self.problems.setObjectName("muted")
        self.problems.setStyleSheet("")
        if visit is None:
            self.state_label.setText(
                self.tr("Noch kein Besuch erfasst.")
                if stop
                else self.tr("Bitte einen Halt wählen.")
            )
            self.preview.setPlainText("")
            self.problems.setText("")
            self.history.setText(self._history_text())
            return
        if visit.final:
            self.state_label.setText(self.tr("Abgeschlossen. Änderungen nur als Korrektur."))
        else:
            self.state_label.setText(
                self.tr("Entwurf – jede Eingabe wird sofort gespeichert.")
                if visit.supersedes_id is None
                else self.tr("Korrektur (Entwurf) – die frühere Fassung bleibt erhalten.")
            )
        local = visit.visited_at.astimezone(field.BERLIN)
        self.when.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
        self.outcome_group.setExclusive(False)
        self.met.setChecked(visit.outcome is Outcome.MET)
        self.not_met.setChecked(visit.outcome is Outcome.NOT_MET)
        self.outcome_group.setExclusive(True)
        self.reason_group.setExclusive(False)
        for reason, radio in self.reasons.items():
            radio.setChecked(visit.not_met_reason is reason)
        self.reason_group.setExclusive(True)
        for key, box in self.checks.items():
            box.setChecked(visit.complex_case if key == "complex_case" else visit.flag(key))
        for key, edit in self.texts.items():
            value = {"note": visit.note, "benefits_hint": visit.benefits_hint}.get(
                key, str(visit.details.get(key) or "")
            )
            if isinstance(edit, QLineEdit):
                edit.setText(value)
            else:
                edit.setPlainText(value)
        letters = self.stop.open_cooperation if self.stop else ()
        self.open_letters.setText(
            self.tr("Offen: %1").replace("%1", ", ".join(letters)) if letters else ""
        )
        self.open_letters.setVisible(bool(letters))
        self._update_enabled()
        self._refresh_note(force=True)
        self.history.setText(self._history_text())

    def _history_text(self) -> str:
        history = self.stop.history if self.stop else ()
        if len(history) < 2 and not (history and history[0].final):
            return ""
        lines = [self.tr("Fassungen dieses Besuchs:")]
        for i, v in enumerate(history, start=1):
            replaced = any(o.supersedes_id == v.id for o in history)
            state = self.tr("abgeschlossen") if v.final else self.tr("Entwurf")
            if replaced:
                state += ", " + self.tr("durch Korrektur ersetzt")
            lines.append(
                self.tr("%1. erfasst %2 – %3")
                .replace("%1", str(i))
                .replace("%2", v.created_at.astimezone(field.BERLIN).strftime("%d.%m.%Y %H:%M"))
                .replace("%3", state)
            )
        return "\n".join(lines)

    def _update_enabled(self) -> None:
        met = self.met.isChecked()
        not_met = self.not_met.isChecked()
        self.met_box.setVisible(met)
        self.not_met_box.setVisible(not_met)
        self.texts["low_threshold_text"].setEnabled(self.checks["low_threshold"].isChecked())
        self.texts["not_met_text"].setEnabled(self.reasons[NotMetReason.OTHER].isChecked())
        dropped = (
            self.checks["mailbox_invitation"].isChecked()
            and self.checks["mailbox_package"].isChecked()
        )
        self.texts["mailbox_reason"].setEnabled(not dropped)
        self.texts["benefits_hint"].setEnabled(self.checks["benefits_hint_given"].isChecked())

    # --- changes ------------------------------------------------------------------------
    def _editable(self) -> bool:
        return not self._loading and self.visit is not None and not self.visit.final

    def _changed_now(self, key: str, value: Any) -> None:
        self._update_enabled()
        if not self._editable():
            return
        self._pending[key] = value
        self.flush()
        if key in ("mailbox_invitation", "mailbox_package") and not value:
            self.texts["mailbox_reason"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _changed_typed(self, key: str, value: str) -> None:
        if not self._editable():
            return
        self._pending[key] = value
        self._timer.start()

    def _when_changed(self, value: QDateTime) -> None:
        if not self._editable():
            return
        d, t = value.date(), value.time()
        self._pending["visited_at"] = datetime(
            d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=field.BERLIN
        )
        self._timer.start()

    def _set_now(self) -> None:
        now = self.clock().astimezone(field.BERLIN)
        self.when.setDateTime(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )
        self.flush()

    def _outcome_toggled(self, button: QAbstractButton, checked: bool) -> None:
        self._update_enabled()
        if checked:
            self._changed_now("outcome", button.property("value"))

    def _reason_toggled(self, button: QAbstractButton, checked: bool) -> None:
        self._update_enabled()
        if checked:
            self._changed_now("not_met_reason", button.property("value"))
            if button is self.reasons[NotMetReason.OTHER] and self._editable():
                self.texts["not_met_text"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _preview_edited(self) -> None:
        if not self._editable():
            return
        self._note_text = self.preview.toPlainText()
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Commit typed text at once when a text field loses the focus."""
        if event.type() == QEvent.Type.FocusOut and watched in (*self.texts.values(), self.preview):
            self.flush()
        return super().eventFilter(watched, event)

    def flush(self) -> None:
        """Commit everything typed so far (one transaction)."""
        self._timer.stop()
        if self.visit is None or self.visit.final:
            self._pending.clear()
            self._note_text = None
            return
        if not self._pending and self._note_text is None:
            return
        changes, self._pending = self._pending, {}
        note_text, self._note_text = self._note_text, None

        def failed(failure: Failure) -> None:
            self._draft_failed(failure, changes, note_text)

        # An operation on the GUI thread (one short transaction, the form stays cheap): its
        # Changes name only this visit, so no other view reloads for a draft (issue 19).
        saved = self.runner.call(
            ops.save_draft, self.visit.id, changes, note_text, on_failed=failed
        )
        if saved is None:
            return
        if note_text is not None:
            self.visit = _replace(self.visit, note_edited=True)
        self.saved.emit()
        self._refresh_note(force=False)

    def _draft_failed(
        self, failure: Failure, changes: dict[str, Any], note_text: str | None
    ) -> None:
        """Say why the draft was not saved. A refusal (a finished visit, another worker's)
        drops it; anything else keeps what was typed for the next try: it was not saved."""
        self._show_problem(failure.sentence)
        if isinstance(failure.exc, (FieldError, PermissionDenied)):
            return
        self._pending = {**changes, **self._pending}
        if self._note_text is None:
            self._note_text = note_text
        if isinstance(failure.exc, StoreError):
            show_store_error(self, failure.exc)

    def _refresh_note(self, force: bool) -> None:
        visit = self.visit
        if visit is None:
            return
        try:
            self._refresh_from_store(visit, force)
        except PermissionDenied as exc:  # another worker's visit: say so, show nothing of it
            self._set_preview("")
            self._show_problem(exc.message(current_language()))

    def _refresh_from_store(self, visit: VisitState, force: bool) -> None:
        if visit.final or visit.note_edited:
            if force:
                self._set_preview(visit.case_note or "")
        else:
            self._set_preview(field.compose_note(self.db, visit.id, identity=self.identity))
        if not visit.final:
            missing = field.visit_problems(
                self.db, visit.id, current_language(), identity=self.identity
            )
            self.problems.setText(
                self.tr("Noch offen: %1").replace("%1", " ".join(missing)) if missing else ""
            )

    def _set_preview(self, text: str) -> None:
        if self.preview.toPlainText() == text:
            return
        loading, self._loading = self._loading, True
        try:
            self.preview.setPlainText(text)
        finally:
            self._loading = loading

    def _reset_note(self) -> None:
        if not self._editable() or self.visit is None:
            return
        self.flush()
        reset = self.runner.call(
            ops.save_draft, self.visit.id, {}, reset_note=True, on_failed=self._refused
        )
        if reset is None:
            return
        self.visit = _replace(self.visit, note_edited=False)
        self._refresh_note(force=True)

    def _show_problem(self, text: str) -> None:
        self.problems.setText(text)
        announce(self.problems, text)
        self.problems.setStyleSheet(f"color: {style.colours().error}; font-weight: bold;")

    # --- actions ------------------------------------------------------------------------
    def begin(self) -> None:
        """Start the visit of the shown stop (time: now, correctable)."""
        if self.stop is None:
            return

        def refused(failure: Failure) -> None:
            if isinstance(failure.exc, StoreError):
                show_store_error(self, failure.exc)
                return
            # The form's body is hidden before the visit begins: say it on the state line.
            self.state_label.setText(failure.sentence)
            announce(self.state_label, failure.sentence)

        begun = self.runner.call(
            ops.start_visit, self.stop.stop_id, self.worker_id, on_failed=refused
        )
        if begun is None:
            return
        self.reload_requested.emit()
        self.met.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, failure: Failure) -> None:
        if isinstance(failure.exc, StoreError):
            show_store_error(self, failure.exc)
            return
        self._show_problem(failure.sentence)

    def finish(self) -> None:
        """Make the visit final and write the Vermerk and the tasks; or say what is missing."""
        if self.visit is None or self.visit.final:
            return
        self.flush()
        if self._pending or self._note_text is not None:
            return  # the flush above failed and said so; finishing now would lose that text
        done = self.runner.call(ops.finish_visit, self.visit.id, on_failed=self._refused)
        if done is None:
            self.problems.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        result: FinishResult = done.value
        self.finished.emit(result)

    def correct(self) -> None:
        """Start a correction of the finished visit (the old record stays)."""
        if self.visit is None or not self.visit.final:
            return
        if self.runner.call(ops.correct_visit, self.visit.id, on_failed=self._refused) is None:
            return
        self.reload_requested.emit()
        self.met.setFocus(Qt.FocusReason.OtherFocusReason)


def _replace(visit: VisitState, **changes: Any) -> VisitState:
    from dataclasses import replace

    return replace(visit, **changes)
