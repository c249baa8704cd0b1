"""The print dialog: choose what, which day and worker; preview the real PDF; print or save."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.ops.printing import PrintedWeek, print_week, record_printed, record_saved
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services import printing as sp
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.services.printing import Cancelled
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import OpRunner, user_sentence
from fieldkit.ui.printing.output import PrintFailed, copy_pdf, print_pdf, show_pdf
from fieldkit.ui.printing.preview import PdfPreviewDialog
from fieldkit.ui.safety import save_file_name
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.texts import weekday_long
from fieldkit.ui.workers import Job


def day_label(day: date) -> str:
    """'Dienstag, 01.12.2026'."""
    return f"{weekday_long(day)}, {day:%d.%m.%Y}"


class PrintDialog(PdfPreviewDialog):
    """Preview and print one selection of a week; the PDF is built in the background."""

    def __init__(
        self,
        db: Database,
        week: str,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        identity: Identity,
        runner: OpRunner,
    ) -> None:
        super().__init__(parent, "fieldkit-print-")
        self.db = db
        self.identity = identity  # the main window's login: the print names it
        # Each PDF is the operation print_week (issue 19): it writes the audit entry, and its
        # Changes reach the views that follow the audit log.
        self.runner = runner
        self.week = week
        self.clock = clock
        self.pdf_path: Path | None = None
        self.print_result: sp.PrintResult | None = None
        self._print_job: Job | None = None
        self.setWindowTitle(self.tr("Drucken – %1").replace("%1", week))
        fit_to_screen(self, 1100, 820)
        self._build()
        self._fill_days()
        self.regenerate()

    # --- construction -------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kind_combo")
        self.kind_combo.setAccessibleName(self.tr("Was drucken"))
        for label, kind in (
            (self.tr("Einladungen"), "invitations"),
            (self.tr("Kunden-Pakete"), "packages"),
            (self.tr("Routenblätter"), "routes"),
            (self.tr("Tagesstapel (Einladung und Paket je Stopp)"), "batch"),
        ):
            self.kind_combo.addItem(label, kind)
        form.addRow(self.tr("&Was:"), self.kind_combo)
        self.day_combo = QComboBox(self)
        self.day_combo.setObjectName("day_combo")
        self.day_combo.setAccessibleName(self.tr("Tag"))
        form.addRow(self.tr("&Tag:"), self.day_combo)
        self.worker_combo = QComboBox(self)
        self.worker_combo.setObjectName("worker_combo")
        self.worker_combo.setAccessibleName(self.tr("Außendienst"))
        form.addRow(self.tr("Au&ßendienst:"), self.worker_combo)
        self.allow_box = QCheckBox(
            self.tr("A&uch Schreiben mit Termin vor dem Briefdatum, am Wochenende oder Feiertag"),
            self,
        )
        self.allow_box.setObjectName("allow_dates")
        self.allow_box.setToolTip(
            self.tr(
                "Solche Schreiben werden sonst ausgelassen. Nur ankreuzen, wenn der Termin "
                "wirklich so vereinbart ist."
            )
        )
        form.addRow("", self.allow_box)

        self.info = QLabel(self)
        self.info.setObjectName("print_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("print_progress")
        self.progress.setAccessibleName(self.tr("Fortschritt"))
        self.cancel_button = QPushButton(self.tr("Abbrechen"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(form)
        side_layout.addLayout(progress_row)
        side_layout.addWidget(self.info, 1)

        self.make_view("print_preview")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 740])

        self.print_button = QPushButton(self.tr("&Drucken …"), self)
        self.print_button.setObjectName("print_button")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Als PDF &speichern …"), self)
        self.save_button.setObjectName("save_button")
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("Schließen"), self)
        close.setObjectName("close_button")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        # The choices top to bottom, the preview (arrow keys scroll it), then the buttons.
        chain = (self.kind_combo, self.day_combo, self.worker_combo, self.allow_box,
                 self.cancel_button, self.view, self.print_button, self.save_button,
                 close)  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.kind_combo.currentIndexChanged.connect(self.regenerate)
        self.day_combo.currentIndexChanged.connect(self.regenerate)
        self.worker_combo.currentIndexChanged.connect(self.regenerate)
        self.allow_box.toggled.connect(self.regenerate)

    def _fill_days(self) -> None:
        pairs = sp.route_days(self.db, self.week)
        for combo in (self.day_combo, self.worker_combo):
            combo.blockSignals(True)
            combo.clear()
        # ISO strings as item data: a Python date would come back as a QDate.
        self.day_combo.addItem(self.tr("Ganze Woche"), "")
        self.worker_combo.addItem(self.tr("Alle"), "")
        for day in sorted({d for d, _ in pairs}):
            self.day_combo.addItem(day_label(day), day.isoformat())
        for worker in sorted({w for _, w in pairs if w}):
            self.worker_combo.addItem(worker, worker)
        planned = bool(pairs)
        hint = (
            ""
            if planned
            else self.tr("Ohne gespeicherte Tourenplanung wird die ganze Woche gedruckt.")
        )
        for combo in (self.day_combo, self.worker_combo):
            combo.setEnabled(planned)
            combo.setToolTip(hint)
            combo.blockSignals(False)

    # --- selection ----------------------------------------------------------------------
    def set_selection(self, kind: str, day: date | None = None, worker: str = "") -> None:
        """Choose what to print (as the user would with the combo boxes)."""
        for combo, value in (
            (self.kind_combo, kind),
            (self.day_combo, day.isoformat() if day else ""),
            (self.worker_combo, worker),
        ):
            index = combo.findData(value)
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        self.regenerate()

    def kind(self) -> str:
        """The chosen kind (see :data:`fieldkit.services.printing.KINDS`)."""
        return str(self.kind_combo.currentData())

    # --- background generation ----------------------------------------------------------
    def regenerate(self) -> None:
        """Build the PDF of the current choice in the background (the last choice wins)."""
        if self._job is not None:
            self._job.cancel()
        day_text = str(self.day_combo.currentData() or "")
        path = Path(self._tmp.name) / f"preview-{next(self._counter)}.pdf"
        started: list[Job] = []  # the job, for the callbacks (they run after run() returned)
        job = self.runner.run(
            print_week,
            self.week,
            self.kind(),
            path,
            day=date.fromisoformat(day_text) if day_text else None,
            worker=str(self.worker_combo.currentData() or ""),
            allow=self.allow_box.isChecked(),
            preview=True,  # logged as printed only when pages go to a printer (_on_printed)
            on_done=lambda value: self._on_done(started[0], value),
            on_failed=lambda failure: self._on_failed(started[0], failure.exc),
            progress=lambda done, total: self._on_progress(started[0], done, total),
        )
        started.append(job)
        self._job = job
        self._jobs.append(job)
        self._set_busy(True)
        self.info.setText(self.tr("Das Dokument wird erstellt …"))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setRange(0, 0)
        ready = not busy and self.pdf_path is not None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _on_progress(self, job: Job, done: int, total: int) -> None:
        if job is self._job or job is self._print_job:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _on_done(self, job: Job, value: Any) -> None:
        self._forget(job)
        if job is not self._job:
            return
        self._job = None
        assert isinstance(value, PrintedWeek)
        path, result, selection = value.path, value.result, value.selection
        self.document = show_pdf(self.view, self, path)
        self.pdf_path = path
        self.print_result = result
        lang = current_language()
        lines = [result.summary(lang)]
        if result.kind != "routes":  # route sheets list every stop
            lines.append(selection.order_note(lang))
            lines += [
                self.tr("Nicht gedruckt: %1").replace("%1", s.text(lang)) for s in selection.skipped
            ]
            # A termin_ort naming no branch is printed as written: the user must check it.
            lines += selection.place_warnings(current_language())
        self.info.setText("\n".join(lines))
        self._set_busy(False)

    def _on_failed(self, job: Job, exc: object) -> None:
        self._forget(job)
        if job is not self._job:
            return
        self._job = None
        self.document = show_pdf(self.view, self, None)
        self.pdf_path = None
        self.print_result = None
        if isinstance(exc, Cancelled):
            self.info.setText(self.tr("Abgebrochen. Es wurde nichts gespeichert."))
        elif isinstance(exc, (sp.PrintingError, PermissionDenied)):
            self.info.setText(exc.message(current_language()))
        else:
            self.info.setText(
                self.tr("Das Dokument konnte nicht erstellt werden: %1").replace(
                    "%1", user_sentence(exc)
                )
            )
        self._set_busy(False)

    def cancel(self) -> None:
        """Stop the running generation or printing."""
        for job in (self._job, self._print_job):
            if job is not None:
                job.cancel()

    # --- output -------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        """A printer set up for the letters: A4, duplex on the long side, the job's name."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"fieldkit {self.week}")
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        printer.setFullPage(True)
        return printer

    def print_document(self) -> None:
        """The system print dialog, then the pages are sent in the background."""
        if self.pdf_path is None:
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.document.pageCount(), 1))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = self.pdf_path

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return print_pdf(path, printer, progress, cancelled)

        job = Job(work, self)
        job.progress.connect(lambda done, total, j=job: self._on_progress(j, done, total))
        job.done.connect(lambda sent, j=job: self._on_printed(j, sent, printer))
        job.failed.connect(lambda exc, j=job: self._on_print_failed(j, exc, printer))
        self._print_job = job
        self._jobs.append(job)
        self._set_busy(True)
        self.print_button.setEnabled(False)
        self.info.setText(self.tr("Wird an den Drucker gesendet …"))
        job.start()

    def _on_printed(self, job: Job, sent: object, printer: QPrinter) -> None:
        self._forget(job)
        self._print_job = None
        # The printer's name, or the file's name only when the system dialog printed to a file.
        name = printer.printerName() or Path(printer.outputFileName()).name
        del printer  # kept alive until the worker finished with it
        self._set_busy(False)
        self.info.setText(self.tr("%1 Seiten an den Drucker gesendet.").replace("%1", str(sent)))
        pages = sent if isinstance(sent, int) else 0
        self.runner.call(record_printed, self.week, self._shown_kind(), pages, name)

    def _on_print_failed(self, job: Job, exc: object, printer: QPrinter) -> None:
        self._forget(job)
        self._print_job = None
        del printer
        self._set_busy(False)
        text = (
            self.tr("Der Drucker konnte nicht gestartet werden.")
            if isinstance(exc, PrintFailed)
            else self.tr("Drucken fehlgeschlagen: %1").replace("%1", user_sentence(exc))
        )
        QMessageBox.warning(self, self.tr("Drucken"), text)

    def save_pdf(self) -> None:
        """Save a copy of the previewed PDF where the user wants it."""
        if self.pdf_path is None:
            return
        suggested = f"fieldkit-{self.week}-{self.kind()}.pdf"
        target = save_file_name(
            self, self.db, self.tr("Als PDF speichern"), suggested, self.tr("PDF-Dateien (*.pdf)")
        )
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            copy_pdf(self.pdf_path, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Als PDF speichern"),
                self.tr("Die Datei konnte nicht gespeichert werden: %1").replace(
                    "%1", user_sentence(exc)
                ),
            )
            return
        self.info.setText(self.tr("Gespeichert: %1").replace("%1", target))
        pages = self.print_result.page_count if self.print_result is not None else 0
        self.runner.call(record_saved, self.week, self._shown_kind(), pages, Path(target))

    def _shown_kind(self) -> str:
        """The kind of the PDF on screen (the one printed or saved)."""
        return self.print_result.kind if self.print_result is not None else self.kind()
