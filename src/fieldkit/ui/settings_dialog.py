"""Einstellungen: what a user may change, and what the IT or the office has fixed (issue 23).

The window shows the language, the folders (where file dialogs for exports start, where edited
letter templates live) and the printer defaults. A value the machine policy fixes
(:mod:`fieldkit.policy`) is greyed out with the note "von der IT festgelegt"; an office-wide
value on an outreach worker's laptop is greyed out with "vom Büro festgelegt", because the next
sync replaces it with the office's. Saving goes through :meth:`Settings.replace` (which never
changes a locked value) and the caller's save (``Settings.save`` in the app): all or nothing.

The idle lock's minutes (``app.idle_lock_minutes``, 1 to 480 here) apply to the running app
as soon as they are saved (``ui.lock.apply_idle_minutes``, through the main window).

The week planner's search time (``routing.time_limit_seconds``, 1 to 600 here, 10 by default)
applies to the next planning run: a week of several hundred visits gets clearly better routes
with more time (bench/README.md, issue 20: the city week of 1,000 visits needs about 45 s on a
2-core laptop). A value set elsewhere (settings file) that is not a whole second in the range
is kept as long as the box is not changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.geo.settings import GeoSettings
from fieldkit.printing.settings import PrintSettings
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services.office import Identity
from fieldkit.settings import AppSettings, Settings
from fieldkit.ui import safety
from fieldkit.ui.geo.map_view import MbtilesProblem, check_mbtiles

MAX_PATH = 1024  # longer is no folder a user typed on purpose
MAX_PLAN_SECONDS = 600  # ten minutes: beyond that a user would rather stop the search
PRINT_FLAGS = ("duplex", "fold_marks", "route_map")


def unusable_path(text: str) -> bool:
    """Whether ``text`` cannot be a path somebody typed on purpose (too long, control
    characters)."""
    return len(text) > MAX_PATH or any(ord(c) < 32 or c == "\x7f" for c in text)


def folder_problem(text: str) -> str | None:
    """Why ``text`` is not a usable folder (German sentence key), None when fine or empty."""
    if not text:
        return None
    if unusable_path(text):
        return "invalid"
    try:
        path = Path(text).expanduser()
        exists = path.is_dir()
    except (OSError, ValueError):
        return "invalid"
    return None if exists else "missing"


class SettingsDialog(QDialog):
    """Einstellungen … (Datei menu): language, folders, printer defaults."""

    def __init__(
        self,
        settings: Settings,
        save: Callable[[Settings], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Einstellungen"))
        self.settings = settings
        self.saved: Settings | None = None
        self._save = save
        self._field = Identity.from_settings(settings).is_field
        layout = QVBoxLayout(self)
        layout.addWidget(self._language_box())
        layout.addWidget(self._folder_box())
        layout.addWidget(self._map_box())
        layout.addWidget(self._print_box())
        layout.addWidget(self._planning_box())
        layout.addWidget(self._lock_box())
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8e1b15")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setText(self.tr("&Speichern"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._tab_order()

    # --- building -----------------------------------------------------------------------
    def _note(self, section: str, name: str, office_wide: bool) -> str:
        if self.settings.locked(section, name):
            return self.tr("von der IT festgelegt")
        if office_wide and self._field:
            return self.tr("vom Büro festgelegt")
        return ""

    def _row(
        self,
        form: QFormLayout,
        label: str,
        widget: QWidget,
        note: str,
        buddy: QWidget | None = None,
    ) -> None:
        caption = QLabel(label, self)
        caption.setBuddy(buddy or widget)
        (buddy or widget).setAccessibleName(label.replace("&", "").rstrip(":"))
        if note:
            widget.setEnabled(False)
            widget.setToolTip(note)
            widget.setAccessibleDescription(note)
            hint = QLabel(f"🔒 {note}", self)  # a symbol and words, not only the grey
            hint.setObjectName("locked_note")
            row = QWidget(self)
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget, 1)
            box.addWidget(hint)
            form.addRow(caption, row)
        else:
            form.addRow(caption, widget)

    def _language_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sprache"), self)
        form = QFormLayout(box)
        self.language = QComboBox(box)
        self.language.setObjectName("language")
        self.language.addItem(self.tr("wie das System"), "")
        self.language.addItem("Deutsch", "de")
        self.language.addItem("English", "en")
        current = self.settings.section("app", AppSettings).language
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        note = self._note("app", "language", office_wide=False)
        self._row(form, self.tr("Sprache der &Oberfläche:"), self.language, note)
        restart = QLabel(self.tr("Eine andere Sprache gilt ab dem nächsten Start."), box)
        restart.setWordWrap(True)
        form.addRow(restart)
        return box

    def _folder_edit(self, name: str, value: str, button_text: str) -> tuple[QWidget, QLineEdit]:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value, row)
        edit.setObjectName(name)
        edit.setMaxLength(MAX_PATH + 1)
        edit.setPlaceholderText(self.tr("Standard"))
        choose = QPushButton(button_text, row)
        choose.setObjectName(f"{name}_choose")
        choose.clicked.connect(lambda: self._choose_folder(edit))
        box.addWidget(edit, 1)
        box.addWidget(choose)
        return row, edit

    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Ordner"), self)
        form = QFormLayout(box)
        app = self.settings.section("app", AppSettings)
        printing = self.settings.section("printing", PrintSettings)
        export_row, self.export_dir = self._folder_edit(
            "export_dir", app.export_dir, self.tr("Ordner &wählen …")
        )
        self._folder_row(form, self.tr("&Exporte und Ausdrucke:"), export_row, "app", "export_dir")
        template_row, self.template_dir = self._folder_edit(
            "template_dir", printing.template_dir, self.tr("Ordner wä&hlen …")
        )
        self._folder_row(form, self.tr("&Briefvorlagen:"), template_row, "printing", "template_dir")
        return box

    def _folder_row(
        self, form: QFormLayout, label: str, row: QWidget, section: str, name: str
    ) -> None:
        edit = row.findChild(QLineEdit)
        choose = row.findChild(QPushButton)
        assert edit is not None
        assert choose is not None
        plain = label.replace("&", "").rstrip(":")
        choose.setAccessibleName(self.tr("Ordner wählen für %1").replace("%1", plain))
        self._row(form, label, row, self._note(section, name, office_wide=False), buddy=edit)

    def _map_box(self) -> QGroupBox:
        """The offline map tiles under the field mode's map (``geo.mbtiles_path``)."""
        box = QGroupBox(self.tr("Karte"), self)
        form = QFormLayout(box)
        row = QWidget(box)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.mbtiles = QLineEdit(self.settings.section("geo", GeoSettings).mbtiles_path, row)
        self.mbtiles.setObjectName("mbtiles_path")
        self.mbtiles.setMaxLength(MAX_PATH + 1)
        self.mbtiles.setPlaceholderText(self.tr("keine (nur die Gemeinden)"))
        choose = QPushButton(self.tr("Datei wäh&len …"), row)
        choose.setObjectName("mbtiles_path_choose")
        choose.setAccessibleName(self.tr("Kartendatei wählen"))
        choose.clicked.connect(self._choose_mbtiles)
        line.addWidget(self.mbtiles, 1)
        line.addWidget(choose)
        note = self._note("geo", "mbtiles_path", office_wide=False)
        self._row(form, self.tr("Kartenkacheln (&MBTiles):"), row, note, buddy=self.mbtiles)
        hint = QLabel(
            self.tr("Eine Rasterkarte des Bezirks für die Karte im Außendienst (ohne Netz)."), box
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        return box

    def _print_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Drucken"), self)
        form = QFormLayout(box)
        printing = self.settings.section("printing", PrintSettings)
        texts = {
            "duplex": self.tr("&Doppelseitig: jeder Brief beginnt auf einer Vorderseite"),
            "fold_marks": self.tr("&Falz- und Lochmarken auf Briefen"),
            "route_map": self.tr("&Karte auf dem Tourenblatt"),
        }
        self.print_flags: dict[str, QCheckBox] = {}
        for name in PRINT_FLAGS:
            check = QCheckBox(texts[name], box)
            check.setObjectName(name)
            check.setChecked(bool(getattr(printing, name)))
            note = self._note("printing", name, office_wide=True)
            if note:
                check.setEnabled(False)
                check.setToolTip(note)
                check.setAccessibleDescription(note)
                check.setText(f"{check.text()} – 🔒 {note}")
            form.addRow(check)
            self.print_flags[name] = check
        return box

    def _planning_box(self) -> QGroupBox:
        """How long the week planner may search (``routing.time_limit_seconds``)."""
        box = QGroupBox(self.tr("Tourenplanung"), self)
        form = QFormLayout(box)
        self.plan_seconds = QSpinBox(box)
        self.plan_seconds.setObjectName("time_limit_seconds")
        self.plan_seconds.setRange(1, MAX_PLAN_SECONDS)
        self.plan_seconds.setSuffix(self.tr(" Sekunden"))
        limit = self.settings.section("routing", RoutingSettings).time_limit_seconds
        self._plan_seconds_shown = round(min(max(limit, 1), MAX_PLAN_SECONDS))
        self.plan_seconds.setValue(self._plan_seconds_shown)
        note = self._note("routing", "time_limit_seconds", office_wide=False)
        self._row(form, self.tr("&Rechenzeit der Wochenplanung:"), self.plan_seconds, note)
        hint = QLabel(
            self.tr("Große Wochen: mehr Zeit, bessere Touren (1.000 Besuche: etwa 45 s)."),
            box,
        )
        hint.setObjectName("time_limit_hint")
        hint.setWordWrap(True)
        form.addRow("", hint)
        return box

    def _lock_box(self) -> QGroupBox:
        """The idle lock's minutes (issue 14, item 5): 1 to 480 here; the IT policy or, on an
        outreach worker's laptop, the office fixes it (never off from this window)."""
        box = QGroupBox(self.tr("Sperre"), self)
        form = QFormLayout(box)
        self.idle_lock = QSpinBox(box)
        self.idle_lock.setObjectName("idle_lock_minutes")
        self.idle_lock.setRange(1, 480)
        self.idle_lock.setSuffix(self.tr(" Minuten"))
        minutes = self.settings.section("app", AppSettings).idle_lock_minutes
        self.idle_lock.setValue(min(max(minutes, 1), 480))
        note = self._note("app", "idle_lock_minutes", office_wide=True)
        if not note and minutes == 0:
            note = self.tr("aus; nur die IT kann die Sperre abschalten")
        self._row(form, self.tr("Sperren &nach:"), self.idle_lock, note)
        hint = QLabel(self.tr("Gilt sofort nach dem Speichern."), box)
        hint.setObjectName("idle_lock_hint")
        form.addRow("", hint)
        return box

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.language]
        for edit in (self.export_dir, self.template_dir, self.mbtiles):
            choose = self.findChild(QPushButton, f"{edit.objectName()}_choose")
            chain += [edit] if choose is None else [edit, choose]
        chain += list(self.print_flags.values())
        chain += [self.plan_seconds, self.idle_lock]
        chain += self.buttons.buttons()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- acting -------------------------------------------------------------------------
    def _choose_folder(self, edit: QLineEdit) -> None:
        chosen = safety.existing_folder(self, None, self.tr("Ordner wählen"))
        if chosen:
            edit.setText(chosen)

    def _choose_mbtiles(self) -> None:
        chosen = safety.open_file_name(
            self, None, self.tr("Kartendatei wählen"), self.tr("MBTiles-Karten (*.mbtiles)")
        )
        if chosen:
            self.mbtiles.setText(chosen)

    def _mbtiles_problem(self) -> str | None:
        text = self.mbtiles.text().strip()
        if not text or not self.mbtiles.isEnabled():
            return None
        invalid = self.tr("„%1“ ist kein gültiger Dateiname.").replace(
            "%1", self.mbtiles.accessibleName()
        )
        if unusable_path(text):
            return invalid
        try:
            check_mbtiles(Path(text).expanduser())
        except MbtilesProblem as problem:
            return str(problem)
        except (OSError, ValueError):
            return invalid
        return None

    def problem(self) -> str | None:
        """The one sentence why the input cannot be saved, None when it can."""
        for edit in (self.export_dir, self.template_dir):
            if not edit.isEnabled():
                continue
            why = folder_problem(edit.text().strip())
            if why == "invalid":
                return self.tr("„%1“ ist kein gültiger Ordnername.").replace(
                    "%1", edit.accessibleName()
                )
            if why == "missing":
                return self.tr("Den Ordner für „%1“ gibt es nicht.").replace(
                    "%1", edit.accessibleName()
                )
        return self._mbtiles_problem()

    def chosen(self) -> Settings:
        """The settings with the values shown (locked ones unchanged by Settings.replace)."""
        language = self.language.currentData()
        lock = {"idle_lock_minutes": self.idle_lock.value()} if self.idle_lock.isEnabled() else {}
        new = self.settings.replace(
            "app", language=language if language in ("", "de", "en") else "",
            export_dir=self.export_dir.text().strip(), **lock,
        )  # fmt: skip
        flags = {n: c.isChecked() for n, c in self.print_flags.items() if c.isEnabled()}
        new = new.replace("printing", template_dir=self.template_dir.text().strip(), **flags)
        seconds = self.plan_seconds.value()
        if self.plan_seconds.isEnabled() and seconds != self._plan_seconds_shown:
            new = new.replace("routing", time_limit_seconds=float(seconds))
        if not self.mbtiles.isEnabled():
            return new
        return new.replace("geo", mbtiles_path=self.mbtiles.text().strip())

    def apply(self) -> None:
        """Save and close, or say in one sentence why not (nothing is written then)."""
        why = self.problem()
        if why is not None:
            self.error.setText(why)
            return
        new = self.chosen()
        try:
            self._save(new)
        except OSError:
            self.error.setText(
                self.tr(
                    "Die Einstellungen konnten nicht gespeichert werden; nichts wurde geändert."
                )
            )
            return
        self.saved = new
        self.accept()
