"""The flagging form (Vormerkung), judged live by the rules engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.appointment import AppointmentKind
from fieldkit.domain.escalation import Invitation
from fieldkit.domain.reasons import Status
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.services import office_flagging as flagging
from fieldkit.services import office_hamburg as hh
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.services.office_flagging import parse_date, parse_datetime
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui import texts
from fieldkit.ui.events import AppEvents
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.widgets import push_button, wrapped_label
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.week_model import STATUS_COLORS


class _Unreadable(ValueError):
    """A date field whose text cannot be read."""


def _read_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise _Unreadable(text) from exc


def _read_datetime(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text)
    except ValueError as exc:
        raise _Unreadable(text) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=BERLIN)


class FlaggingDialog(QDialog):
    """Flag one customer for outreach; the verdict updates with every keystroke."""

    saved = Signal(object)  # office_flagging.SavedFlag

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
        self.setObjectName("office_flagging")
        self.setWindowTitle(self.tr("Kunden für die Aufsuchende Beratung vormerken"))
        self.db = db
        self.rules = settings.section("rules", RulesSettings)
        self.clock = clock
        self.identity = identity
        # Saving is an operation (issue 19): the views of the flag's week learn of it.
        self.runner = OpRunner(
            lambda: AppContext(db, SettingsStore(settings), self.clock, self.identity),
            events,
            self,
        )
        self._unreadable: list[str] = []

        outer = QHBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        form_host = QWidget()
        form_layout = QVBoxLayout(form_host)
        form_layout.addWidget(self._customer_box())
        form_layout.addWidget(self._chain_box())
        form_layout.addWidget(self._outreach_box())
        form_layout.addStretch(1)
        scroll.setWidget(form_host)
        outer.addWidget(scroll, 3)
        outer.addWidget(self._verdict_panel(), 2)

        self.hb.setText(identity.caseworker)
        self.team.setText(identity.team)
        for edit in self.findChildren(QLineEdit):
            edit.textChanged.connect(self.update_verdict)
        for box in self.findChildren(QCheckBox):
            box.toggled.connect(self.update_verdict)
        for plain in self.findChildren(QPlainTextEdit):
            plain.textChanged.connect(self.update_verdict)
        self.termin_art.currentIndexChanged.connect(self.update_verdict)
        self.regelbedarfsstufe.valueChanged.connect(self.update_verdict)
        self.kundennummer.editingFinished.connect(self.prefill)
        # The deadline passes while the form is open: judge again every half minute.
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.update_verdict)
        self._timer.start(30_000)
        fit_to_screen(self, 1100, 760)
        self.update_verdict()

    def use_settings(self, settings: Settings) -> None:
        """Go on with the rules of ``settings`` (the main window's ``settings_changed``)."""
        self.rules = settings.section("rules", RulesSettings)

    # --- construction -------------------------------------------------------------------
    def _line(self, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _customer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Kunde"), self)
        form = QFormLayout(box)
        self.kundennummer = self._line("kundennummer", self.tr("Kundennummer"), "962D123456")
        form.addRow(self.tr("Kundennummer:"), self.kundennummer)
        self.known_label = QLabel(self)
        self.known_label.setStyleSheet("color: #555")
        self.known_label.setVisible(False)
        form.addRow("", self.known_label)
        names = QHBoxLayout()
        self.nachname = self._line("nachname", self.tr("Nachname"), self.tr("Nachname"))
        self.vorname = self._line("vorname", self.tr("Vorname"), self.tr("Vorname"))
        names.addWidget(self.nachname)
        names.addWidget(self.vorname)
        form.addRow(self.tr("Name:"), names)
        self.geburtsdatum = self._line("geburtsdatum", self.tr("Geburtsdatum"), "TT.MM.JJJJ")
        form.addRow(self.tr("Geburtsdatum:"), self.geburtsdatum)
        street = QHBoxLayout()
        self.strasse = self._line("strasse", self.tr("Straße"), self.tr("Straße"))
        self.hausnummer = self._line("hausnummer", self.tr("Hausnummer"), self.tr("Nr."))
        self.hausnummer.setMaximumWidth(70)
        street.addWidget(self.strasse)
        street.addWidget(self.hausnummer)
        form.addRow(self.tr("Straße, Nr.:"), street)
        town = QHBoxLayout()
        self.plz = self._line("plz", self.tr("PLZ"), "74072")
        self.plz.setMaximumWidth(80)
        self.ort = self._line("ort", self.tr("Ort"), self.tr("Ort"))
        town.addWidget(self.plz)
        town.addWidget(self.ort)
        form.addRow(self.tr("PLZ, Ort:"), town)
        self.adresszusatz = self._line("adresszusatz", self.tr("Adresszusatz"))
        form.addRow(self.tr("Adresszusatz:"), self.adresszusatz)
        self.telefon = self._line("telefon", self.tr("Telefon"))
        form.addRow(self.tr("Telefon:"), self.telefon)
        self.langzeitarbeitslos = QCheckBox(self.tr("langzeitarbeitslos (LZA)"), self)
        self.langzeitarbeitslos.setObjectName("langzeitarbeitslos")
        form.addRow("", self.langzeitarbeitslos)
        staff = QHBoxLayout()
        self.hb = self._line("hb", self.tr("Hauptbetreuer/in"))
        self.team = self._line("team", self.tr("Team"), self.tr("Team"))
        self.team.setMaximumWidth(80)
        staff.addWidget(self.hb)
        staff.addWidget(self.team)
        form.addRow(self.tr("HB, Team:"), staff)
        return box

    def _chain_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Eskalationskette"), self)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("Termin am")), 0, 1)
        self.inv_date: list[QLineEdit] = []
        self.inv_rfb: list[QCheckBox] = []
        self.inv_came: list[QCheckBox] = []
        for n in (1, 2):
            label = self.tr("%1. Einladung:").replace("%1", str(n))
            grid.addWidget(QLabel(label), n, 0)
            edit = self._line(f"einladung{n}_datum", label, "TT.MM.JJJJ")
            rfb = QCheckBox(self.tr("mit RFB"), self)
            rfb.setObjectName(f"einladung{n}_rfb")
            came = QCheckBox(self.tr("erschienen"), self)
            came.setObjectName(f"einladung{n}_erschienen")
            grid.addWidget(edit, n, 1)
            grid.addWidget(rfb, n, 2)
            grid.addWidget(came, n, 3)
            self.inv_date.append(edit)
            self.inv_rfb.append(rfb)
            self.inv_came.append(came)
        self.inv_rfb[1].setChecked(True)
        self.calls: list[QLineEdit] = []
        for n in (1, 2):
            label = self.tr("%1. Anruf:").replace("%1", str(n))
            grid.addWidget(QLabel(label), 2 + n, 0)
            edit = self._line(f"anruf{n}", label, "TT.MM.JJJJ HH:MM")
            grid.addWidget(edit, 2 + n, 1)
            self.calls.append(edit)
        hint = QLabel(
            self.tr("Zwei dokumentierte Anrufe an verschiedenen Tagen zu verschiedenen Uhrzeiten.")
        )
        hint.setStyleSheet("color: #555")
        hint.setWordWrap(True)
        grid.addWidget(hint, 5, 0, 1, 4)
        return box

    def _outreach_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Aufsuchende Beratung"), self)
        form = QFormLayout(box)
        self.sinnhaftigkeit = QPlainTextEdit(self)
        self.sinnhaftigkeit.setObjectName("sinnhaftigkeit")
        self.sinnhaftigkeit.setAccessibleName(
            self.tr("Warum die Aufsuchende Beratung sinnvoll ist")
        )
        self.sinnhaftigkeit.setMaximumHeight(70)
        form.addRow(self.tr("Sinnhaftigkeit:"), self.sinnhaftigkeit)
        self.termin = self._line("termin", self.tr("Termin der Einladung"), "TT.MM.JJJJ HH:MM")
        form.addRow(self.tr("Termin (Einladung):"), self.termin)
        # Hamburg rules: the end of the Mangelnde Mitwirkung period beside the appointment.
        self.mitwirkung_end = wrapped_label(self, "mitwirkung_end")
        self.mitwirkung_end.setVisible(False)
        form.addRow("", self.mitwirkung_end)
        self.termin_art = QComboBox(self)
        self.termin_art.setObjectName("termin_art")
        self.termin_art.setAccessibleName(self.tr("Art des Termins"))
        for label, kind in (
            (self.tr("persönlich"), AppointmentKind.IN_PERSON),
            (self.tr("telefonisch (ohne RFB)"), AppointmentKind.PHONE),
            (self.tr("per Video (ohne RFB)"), AppointmentKind.VIDEO),
        ):
            self.termin_art.addItem(label, kind.value)
        form.addRow(self.tr("Art des Termins:"), self.termin_art)
        self.regelbedarfsstufe = QSpinBox(self)
        self.regelbedarfsstufe.setObjectName("regelbedarfsstufe")
        self.regelbedarfsstufe.setAccessibleName(self.tr("Regelbedarfsstufe"))
        self.regelbedarfsstufe.setRange(1, 6)
        form.addRow(self.tr("Regelbedarfsstufe:"), self.regelbedarfsstufe)
        self.bg_nummer = self._line("bg_nummer", self.tr("BG-Nummer"), "96203BG0012345")
        form.addRow(self.tr("BG-Nummer:"), self.bg_nummer)
        self.termin_ort = self._line(
            "termin_ort", self.tr("Ort des Termins"), self.tr("z. B. Raum 1.05")
        )
        form.addRow(self.tr("Ort des Termins:"), self.termin_ort)
        self.mitwirkung = QPlainTextEdit(self)
        self.mitwirkung.setObjectName("offene_mitwirkung")
        self.mitwirkung.setAccessibleName(self.tr("Offene Mitwirkungsschreiben, eines je Zeile"))
        self.mitwirkung.setPlaceholderText(self.tr("eines je Zeile, z. B. Kontoauszüge"))
        self.mitwirkung.setMaximumHeight(60)
        form.addRow(self.tr("Offene Mitwirkung:"), self.mitwirkung)
        self.hinweise = QPlainTextEdit(self)
        self.hinweise.setObjectName("hinweise")
        self.hinweise.setAccessibleName(self.tr("Hinweise für die Aufsuchende Beratung"))
        self.hinweise.setMaximumHeight(60)
        form.addRow(self.tr("Hinweise:"), self.hinweise)
        return box

    def _verdict_panel(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        title = QLabel("<b>" + escape(self.tr("Prüfung nach dem Konzept")) + "</b>")
        layout.addWidget(title)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("verdict_status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setMinimumHeight(34)
        layout.addWidget(self.status_label)
        self.status_hint = wrapped_label(self, "verdict_hint")
        self.status_hint.setStyleSheet("color: #555")
        layout.addWidget(self.status_hint)
        self.deadline_label = wrapped_label(self, "verdict_deadline")
        layout.addWidget(self.deadline_label)
        self.lines_title = QLabel("<b>" + escape(self.tr("Was fehlt oder nicht stimmt:")) + "</b>")
        layout.addWidget(self.lines_title)
        self.lines_label = wrapped_label(self, "verdict_lines")
        self.lines_label.setTextFormat(Qt.TextFormat.RichText)
        self.lines_label.setAccessibleName(self.tr("Was fehlt oder nicht stimmt"))
        layout.addWidget(self.lines_label)
        layout.addStretch(1)
        self.message = wrapped_label(self, "flag_message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.save_button = push_button(self, self.tr("Vormerken"), "flag_save", self.save)
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = push_button(self, self.tr("Schließen"), "flag_close", self.reject)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        return panel

    # --- reading the form ---------------------------------------------------------------
    def _read(self, edit: QLineEdit, reader: Callable[[str], object], label: str) -> object:
        try:
            return reader(edit.text())
        except _Unreadable:
            self._unreadable.append(
                self.tr("%1: „%2“ ist kein gültiges Datum.")
                .replace("%1", label)
                .replace("%2", edit.text().strip())
            )
            return None

    def form(self) -> flagging.FlagForm:
        """The form's content (unreadable dates are left out and listed as problems)."""
        self._unreadable = []
        invitations: list[Invitation | None] = []
        for n in range(2):
            day = self._read(
                self.inv_date[n], _read_date, self.tr("%1. Einladung").replace("%1", str(n + 1))
            )
            invitations.append(
                Invitation(day, self.inv_rfb[n].isChecked(), self.inv_came[n].isChecked())
                if isinstance(day, date)
                else None
            )
        calls = [
            self._read(
                self.calls[n], _read_datetime, self.tr("%1. Anruf").replace("%1", str(n + 1))
            )
            for n in range(2)
        ]
        birth = self._read(self.geburtsdatum, _read_date, self.tr("Geburtsdatum"))
        termin = self._read(self.termin, _read_datetime, self.tr("Termin"))
        return flagging.FlagForm(
            kundennummer=self.kundennummer.text(),
            nachname=self.nachname.text(),
            vorname=self.vorname.text(),
            geburtsdatum=birth if isinstance(birth, date) else None,
            strasse=self.strasse.text(),
            hausnummer=self.hausnummer.text(),
            plz=self.plz.text(),
            ort=self.ort.text(),
            adresszusatz=self.adresszusatz.text(),
            telefon=self.telefon.text(),
            hb=self.hb.text(),
            team=self.team.text(),
            langzeitarbeitslos=self.langzeitarbeitslos.isChecked(),
            einladung1=invitations[0],
            einladung2=invitations[1],
            anruf1=calls[0] if isinstance(calls[0], datetime) else None,
            anruf2=calls[1] if isinstance(calls[1], datetime) else None,
            sinnhaftigkeit=self.sinnhaftigkeit.toPlainText(),
            termin=termin if isinstance(termin, datetime) else None,
            termin_ort=self.termin_ort.text(),
            offene_mitwirkung=tuple(self.mitwirkung.toPlainText().splitlines()),
            hinweise=self.hinweise.toPlainText(),
            termin_art=AppointmentKind(self.termin_art.currentData()),
            regelbedarfsstufe=self.regelbedarfsstufe.value(),
            bg_nummer=self.bg_nummer.text(),
        )

    # --- behaviour ----------------------------------------------------------------------
    def prefill(self) -> None:
        """Fill the master data of a customer already known by Kundennummer."""
        with self.db.session() as session:
            known = flagging.known_customer(
                session, self.kundennummer.text(), identity=self.identity
            )
        self.known_label.setVisible(known is not None)
        if known is None:
            return
        self.known_label.setText(self.tr("Bekannter Kunde – Stammdaten übernommen."))
        for edit, value in (
            (self.nachname, known.nachname), (self.vorname, known.vorname),
            (self.geburtsdatum, texts.fmt_date(known.geburtsdatum)),
            (self.strasse, known.strasse), (self.hausnummer, known.hausnummer),
            (self.plz, known.plz), (self.ort, known.ort),
            (self.adresszusatz, known.adresszusatz), (self.telefon, known.telefon),
        ):  # fmt: skip
            if not edit.text().strip():
                edit.setText(value)
        self.langzeitarbeitslos.setChecked(known.langzeitarbeitslos)
        if not self.team.text().strip():
            self.team.setText(known.team)
        self.regelbedarfsstufe.setValue(known.regelbedarfsstufe)
        if not self.bg_nummer.text().strip():
            self.bg_nummer.setText(known.bg_nummer)

    def update_verdict(self) -> None:
        """Judge the form now and show the result."""
        form = self.form()
        verdict = flagging.judge(form, self.clock(), self.rules, lang=current_language())
        back, fore = STATUS_COLORS.get(verdict.status.value, ("#eeeeee", "#333333"))
        self.status_label.setText(texts.status_label(verdict.status.value))
        self.status_label.setStyleSheet(
            f"background: {back}; color: {fore}; font-weight: bold; font-size: 14px;"
            f" border: 1px solid {fore}; border-radius: 4px;"
        )
        hints = {
            Status.ELIGIBLE: self.tr(
                "Die Kette ist vollständig; die AB kann den Kunden einplanen."
            ),
            Status.WARNING: self.tr("Vormerken möglich; bitte die Hinweise unten prüfen."),
            Status.BLOCKED: self.tr(
                "Die Kette ist unvollständig. Gespeichert wird die Vormerkung als gesperrt; "
                "die AB plant sie erst nach einer begründeten Freigabe ein."
            ),
        }
        self.status_hint.setText(hints.get(verdict.status, ""))
        self._show_mitwirkung(form)
        self.deadline_label.setText(verdict.week_text())
        self.deadline_label.setStyleSheet(
            "color: #9a5b00; font-weight: bold" if verdict.late else "color: #1d4e89"
        )
        # A typed but unreadable date is said once ("kein gültiges Datum"), not also "fehlt".
        typed = bool(self.geburtsdatum.text().strip())
        problems = [p for p in verdict.problems if not (typed and p == "Geburtsdatum fehlt.")]
        items = [f"<li style='color:#b00020'>{escape(p)}</li>" for p in problems]
        items += [f"<li style='color:#b00020'>{escape(p)}</li>" for p in self._unreadable]
        items += [f"<li>{escape(line)}</li>" for line in verdict.lines]
        self.lines_title.setVisible(bool(items))
        if not items:
            self.lines_label.setText(
                "<p style='color:#1b7f3b'>"
                + escape(self.tr("Kette vollständig – der Kunde kann vorgemerkt werden."))
                + "</p>"
            )
        else:
            self.lines_label.setText("<ul style='margin-left:-20px'>" + "".join(items) + "</ul>")
        ready = verdict.can_save and not self._unreadable
        self.save_button.setEnabled(ready)
        self.save_button.setText(
            self.tr("Vormerken (gesperrt)")
            if verdict.status is Status.BLOCKED
            else self.tr("Vormerken")
        )
        self.verdict = verdict

    def _show_mitwirkung(self, form: flagging.FlagForm) -> None:
        """Hamburg rules: when the invitations missed in a row start a Mangelnde Mitwirkung
        period, its end beside the appointment, with a warning when the appointment lies
        beyond it."""
        period = None
        if self.rules.hamburg_rules:
            invitations = [(i.datum, i.erschienen) for i in (form.einladung1, form.einladung2) if i]
            day = to_berlin(form.termin).date() if form.termin else None
            period = hh.mitwirkung_period(invitations, day, self.rules)
        self.mitwirkung_end.setVisible(period is not None)
        if period is None:
            self.mitwirkung_end.setText("")
            return
        line = self.tr("Mangelnde Mitwirkung bis %1").replace("%1", texts.fmt_date(period.end))
        if period.appointment_beyond:
            line += " – " + self.tr("Achtung: der Termin liegt danach.")
        self.mitwirkung_end.setText(line)
        self.mitwirkung_end.setStyleSheet(
            "color: #b00020; font-weight: bold" if period.appointment_beyond else "color: #1d4e89"
        )

    def _refused(self, failure: Failure) -> None:
        self.message.setText(failure.sentence)
        self.message.setStyleSheet("color: #b00020")

    def save(self) -> None:
        """Store the flag in one transaction and say for which week."""
        form = self.form()
        if self._unreadable:
            self.update_verdict()
            return
        result = self.runner.call(ops.save_flag, form, self.rules, on_failed=self._refused)
        if result is None:
            return
        done: flagging.SavedFlag = result.value
        if done.outcome == "older_ignored":
            text = self.tr("Nicht gespeichert: für diese Woche gibt es eine neuere Vormerkung.")
        else:
            text = (
                self.tr("Vorgemerkt für %1 (%2).")
                .replace("%1", texts.week_label(str(done.week)))
                .replace("%2", texts.status_label(done.status.value))
            )
        self.message.setText(text)
        self.message.setStyleSheet("color: #1b7f3b; font-weight: bold")
        self.saved.emit(done)
