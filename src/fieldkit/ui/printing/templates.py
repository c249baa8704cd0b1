"""The letter template editor: the texts of one office, placeholders, a live preview.

Edits are stored as ``<office>.json`` in the template folder of the config directory (see
:mod:`fieldkit.printing.templates`): only the entries that differ from the shipped
defaults, so a later release's improved default text still reaches every unchanged entry.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.printing.settings import PrintSettings
from fieldkit.services.printing import (
    PLACEHOLDERS,
    Cancelled,
    read_user_templates,
    render_invitation,
    render_package,
    sample_letter,
    shipped_templates,
    unknown_placeholders,
    write_user_templates,
)
from fieldkit.ui.ops import user_sentence
from fieldkit.ui.printing.output import show_pdf
from fieldkit.ui.printing.preview import PdfPreviewDialog
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.workers import Job

# Milliseconds of quiet typing before the preview is rendered again.
DEBOUNCE_MS = 400


def key_label(key: str) -> str:
    """The German name of a template entry for the list (the key itself if unknown)."""
    labels = {
        "invitation.subject": QCoreApplication.translate("TemplateEditor", "Einladung: Betreff"),
        "invitation.salutation": QCoreApplication.translate("TemplateEditor", "Einladung: Anrede"),
        "invitation.intro": QCoreApplication.translate("TemplateEditor", "Einladung: Einleitung"),
        "invitation.label_when": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Beschriftung Wann"
        ),
        "invitation.label_where": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Beschriftung Wo"
        ),
        "invitation.label_purpose": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Beschriftung Anliegen"
        ),
        "invitation.label_bring": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Beschriftung Mitbringen"
        ),
        "invitation.purpose": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Anliegen des Termins"
        ),
        "invitation.bring": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Was mitzubringen ist"
        ),
        "invitation.after": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Text nach dem Termin"
        ),
        "invitation.rfb_heading": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Überschrift RFB"
        ),
        "invitation.rfb": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Rechtsfolgenbelehrung"
        ),
        "invitation.closing": QCoreApplication.translate("TemplateEditor", "Einladung: Grußformel"),
        "invitation.signature": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Unterschrift"
        ),
        "invitation.machine_note": QCoreApplication.translate(
            "TemplateEditor", "Einladung: Hinweis maschinell"
        ),
        "package.subject": QCoreApplication.translate("TemplateEditor", "Anschreiben: Betreff"),
        "package.salutation": QCoreApplication.translate("TemplateEditor", "Anschreiben: Anrede"),
        "package.body": QCoreApplication.translate("TemplateEditor", "Anschreiben: Text"),
        "package.open_heading": QCoreApplication.translate(
            "TemplateEditor", "Anschreiben: Überschrift fehlende Unterlagen"
        ),
        "package.open_intro": QCoreApplication.translate(
            "TemplateEditor", "Anschreiben: Einleitung fehlende Unterlagen"
        ),
        "package.closing_text": QCoreApplication.translate(
            "TemplateEditor", "Anschreiben: Schlusssatz"
        ),
        "package.closing": QCoreApplication.translate("TemplateEditor", "Anschreiben: Grußformel"),
        "package.signature": QCoreApplication.translate(
            "TemplateEditor", "Anschreiben: Unterschrift"
        ),
        "flyer.title": QCoreApplication.translate("TemplateEditor", "Flyer: Titel"),
        "flyer.intro": QCoreApplication.translate("TemplateEditor", "Flyer: Einleitung"),
        "flyer.items": QCoreApplication.translate("TemplateEditor", "Flyer: Angebote"),
        "flyer.outro": QCoreApplication.translate("TemplateEditor", "Flyer: Schluss"),
        "info.title": QCoreApplication.translate("TemplateEditor", "Informationsblatt: Titel"),
        "info.upload_heading": QCoreApplication.translate(
            "TemplateEditor", "Informationsblatt: Überschrift Hochladen"
        ),
        "info.upload": QCoreApplication.translate(
            "TemplateEditor", "Informationsblatt: Unterlagen hochladen"
        ),
        "info.hours_heading": QCoreApplication.translate(
            "TemplateEditor", "Informationsblatt: Überschrift Öffnungszeiten"
        ),
        "info.contact_heading": QCoreApplication.translate(
            "TemplateEditor", "Informationsblatt: Überschrift Kontakt"
        ),
        "info.contact": QCoreApplication.translate("TemplateEditor", "Informationsblatt: Kontakt"),
        "info.note": QCoreApplication.translate(
            "TemplateEditor", "Informationsblatt: Hinweis Kundennummer"
        ),
    }
    return labels.get(key, key)


def to_editor(paragraphs: tuple[str, ...]) -> str:
    """Entries as the editor shows them: one paragraph per line."""
    return "\n".join(paragraphs)


def from_editor(text: str) -> tuple[str, ...]:
    """The editor's text as entries: every non-empty line is a paragraph."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class TemplateEditor(PdfPreviewDialog):
    """Edit the letter texts of one office with a debounced live preview of a sample letter."""

    def __init__(
        self,
        template_key: str,
        office_name: str,
        settings: PrintSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, "fieldkit-templates-")
        self.template_key = template_key
        self.settings = settings
        self.shipped = shipped_templates()
        stored = read_user_templates(template_key, settings.template_dir)
        self.texts: dict[str, tuple[str, ...]] = {
            key: stored.get(key, value) for key, value in self.shipped.items()
        }
        self.preview_path: Path | None = None
        title = self.tr("Briefvorlagen")
        if office_name:
            title += f" – {office_name}"
        self.setWindowTitle(title)
        fit_to_screen(self, 1250, 820)
        self._build()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_preview)
        self.keys.setCurrentRow(0)
        self.render_preview()

    # --- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.keys = QListWidget(self)
        self.keys.setObjectName("template_keys")
        self.keys.setAccessibleName(self.tr("Textbausteine"))
        for key in self.texts:
            item = QListWidgetItem(key_label(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.keys.addItem(item)
        self.keys.currentRowChanged.connect(self._show_key)

        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("template_text")
        self.editor.setAccessibleName(self.tr("Text des Bausteins"))
        self.editor.textChanged.connect(self._on_edit)
        hint = QLabel(
            self.tr(
                "Jede Zeile ist ein Absatz. Zeilen, die mit „- “ beginnen, werden "
                "Aufzählungspunkte; **so** wird fett. Platzhalter per Doppelklick einfügen."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("template_problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #a40000; font-weight: bold;")

        self.placeholders = QListWidget(self)
        self.placeholders.setObjectName("placeholder_list")
        self.placeholders.setAccessibleName(self.tr("Platzhalter"))
        for name, meaning in PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}} – {meaning}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.placeholders.addItem(item)
        self.placeholders.itemDoubleClicked.connect(self._insert_placeholder)

        self.reset_button = QPushButton(self.tr("Baustein auf Standard zurücksetzen"), self)
        self.reset_button.setObjectName("reset_button")
        self.reset_button.clicked.connect(self.reset_current)
        self.reset_all_button = QPushButton(self.tr("Alle auf Standard"), self)
        self.reset_all_button.setObjectName("reset_all_button")
        self.reset_all_button.clicked.connect(self.reset_all)

        middle = QWidget(self)
        mid = QVBoxLayout(middle)
        mid.addWidget(QLabel(self.tr("Text:"), self))
        mid.addWidget(self.editor, 3)
        mid.addWidget(hint)
        mid.addWidget(self.problem)
        resets = QHBoxLayout()
        resets.addWidget(self.reset_button)
        resets.addWidget(self.reset_all_button)
        mid.addLayout(resets)
        mid.addWidget(QLabel(self.tr("Platzhalter:"), self))
        mid.addWidget(self.placeholders, 2)

        self.sample_combo = QComboBox(self)
        self.sample_combo.setObjectName("sample_combo")
        self.sample_combo.setAccessibleName(self.tr("Beispiel"))
        self.sample_combo.addItem(self.tr("Einladung mit RFB"), "rfb")
        self.sample_combo.addItem(self.tr("Einladung ohne RFB"), "plain")
        self.sample_combo.addItem(self.tr("Kunden-Paket"), "package")
        self.sample_combo.currentIndexChanged.connect(self.render_preview)
        self.preview_state = QLabel(self)
        self.preview_state.setObjectName("preview_state")
        self.make_view("template_preview")
        right = QWidget(self)
        rlay = QVBoxLayout(right)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Vorschau:"), self))
        top.addWidget(self.sample_combo, 1)
        top.addWidget(self.preview_state)
        rlay.addLayout(top)
        rlay.addWidget(self.view, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.keys)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setSizes([300, 420, 560])

        self.save_button = QPushButton(self.tr("Speichern"), self)
        self.save_button.setObjectName("save_templates")
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Schließen"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # --- editing ------------------------------------------------------------------------
    def current_key(self) -> str:
        """The template entry shown in the editor."""
        item = self.keys.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _show_key(self, _row: int) -> None:
        key = self.current_key()
        self.editor.blockSignals(True)
        self.editor.setPlainText(to_editor(self.texts.get(key, ())))
        self.editor.blockSignals(False)
        self._validate()

    def _on_edit(self) -> None:
        key = self.current_key()
        if key:
            self.texts[key] = from_editor(self.editor.toPlainText())
        self._validate()
        self.timer.start()

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        self.editor.insertPlainText("{" + str(item.data(Qt.ItemDataRole.UserRole)) + "}")
        self.editor.setFocus()

    def problems(self) -> dict[str, set[str]]:
        """Unknown placeholders per entry (typos the letters would print literally)."""
        found: dict[str, set[str]] = {}
        for key, paragraphs in self.texts.items():
            bad: set[str] = set()
            for paragraph in paragraphs:
                bad |= unknown_placeholders(paragraph)
            if bad:
                found[key] = bad
        return found

    def _validate(self) -> None:
        problems = self.problems()
        here = problems.get(self.current_key())
        if here:
            names = ", ".join("{" + n + "}" for n in sorted(here))
            self.problem.setText(
                self.tr(
                    "Unbekannter Platzhalter: %1. Bitte nur Platzhalter aus der Liste unten "
                    "verwenden – sonst steht der Name so im Brief."
                ).replace("%1", names)
            )
        elif problems:
            self.problem.setText(
                self.tr("Unbekannte Platzhalter in: %1").replace(
                    "%1", ", ".join(key_label(k) for k in problems)
                )
            )
        else:
            self.problem.setText("")
        self.save_button.setEnabled(not problems)

    def reset_current(self) -> None:
        """Put the shown entry back to the shipped text."""
        key = self.current_key()
        if key:
            self.texts[key] = self.shipped[key]
            self._show_key(self.keys.currentRow())
            self.timer.start()

    def reset_all(self) -> None:
        """Put every entry back to the shipped text (saved only with 'Speichern')."""
        self.texts = dict(self.shipped)
        self._show_key(self.keys.currentRow())
        self.timer.start()

    def changed(self) -> dict[str, tuple[str, ...]]:
        """The entries that differ from the shipped defaults."""
        return {k: v for k, v in self.texts.items() if v != self.shipped.get(k)}

    def save(self) -> bool:
        """Write the office's changed entries; refused while a placeholder is unknown."""
        if self.problems():
            self._validate()
            return False
        try:
            write_user_templates(self.template_key, self.changed(), self.settings.template_dir)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Briefvorlagen"),
                self.tr("Die Vorlagen konnten nicht gespeichert werden: %1").replace(
                    "%1", user_sentence(exc)
                ),
            )
            return False
        self.preview_state.setText(self.tr("Gespeichert."))
        return True

    # --- preview ------------------------------------------------------------------------
    def render_preview(self) -> None:
        """Render the sample letter with the texts as they are now, in the background."""
        self.timer.stop()
        if self._job is not None:
            self._job.cancel()
        n = next(self._counter)
        # A fresh folder per render: the template cache is keyed by folder and file time.
        folder = Path(self._tmp.name) / f"draft-{n}"
        folder.mkdir()
        data = {k: list(v) for k, v in self.changed().items()}
        (folder / f"{self.template_key}.json").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )
        settings = dataclasses.replace(self.settings, template_dir=str(folder))
        sample = str(self.sample_combo.currentData())
        letter = sample_letter(0, with_rfb=sample != "plain")
        # Purpose and what to bring come from the templates in real letters too.
        appointment = dataclasses.replace(
            letter.appointment,
            purpose=" ".join(self.texts.get("invitation.purpose", ())),
            bring=self.texts.get("invitation.bring", ()),
        )
        letter = dataclasses.replace(
            letter,
            office=dataclasses.replace(letter.office, template_key=self.template_key),
            appointment=appointment,
        )
        path = folder / "preview.pdf"

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            if cancelled():
                raise Cancelled
            if sample == "package":
                render_package(letter, path, settings)
            else:
                render_invitation(letter, path, settings)
            return path

        job = self.start_preview(work)
        self.preview_state.setText(self.tr("Vorschau wird erstellt …"))
        job.start()

    def _on_done(self, job: Job, path: object) -> None:
        self._forget(job)
        if job is not self._job:
            return
        self._job = None
        self.document = show_pdf(self.view, self, str(path))
        self.preview_path = Path(str(path))
        self.preview_state.setText("")

    def _on_failed(self, job: Job, exc: object) -> None:
        self._forget(job)
        if job is not self._job:
            return
        self._job = None
        if not isinstance(exc, Cancelled):
            self.preview_state.setText(
                self.tr("Vorschau nicht möglich: %1").replace("%1", user_sentence(exc))
            )

    def cancel(self) -> None:
        """Stop the waiting and the running preview."""
        self.timer.stop()
        if self._job is not None:
            self._job.cancel()
