"""The import dialog: choose or drop a flag list, preview every row's verdict, then import."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services import flaglist
from fieldkit.services.database import Database
from fieldkit.services.flaglist import CheckCancelled, CheckReport, JudgedRow
from fieldkit.services.office import Identity
from fieldkit.services.setup import recorded_rules
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui import texts
from fieldkit.ui.access import announce
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.safety import open_file_name
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.week_model import STATUS_COLORS, status_icon
from fieldkit.ui.workers import Job
from fieldkit.wording import join_sentences


class PreviewModel(RowsModel):
    """Every row of the file with its status badge and reasons in plain language."""

    rows: list[JudgedRow]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = {s: status_icon(s) for s in STATUS_COLORS}

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            QCoreApplication.translate("PreviewModel", "Zeile"),
            QCoreApplication.translate("PreviewModel", "Kundennummer"),
            QCoreApplication.translate("PreviewModel", "Status"),
            QCoreApplication.translate("PreviewModel", "Woche"),
            QCoreApplication.translate("PreviewModel", "Gründe"),
        )

    def cell(self, row: JudgedRow, col: int, role: int) -> Any:
        """Cell texts; the status as badge and colours; all reasons in the tooltip."""
        status = row.status.value
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row.line)
            if col == 1:
                return row.kundennummer or ""
            if col == 2:
                return texts.status_label(status)
            if col == 3:
                return str(row.visit_week) if row.visit_week else ""
            return join_sentences([r.message(current_language()) for r in row.reasons])
        if col == 2 and role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(status)
        if col == 2 and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colors = STATUS_COLORS.get(status)
            if colors:
                pick = 0 if role == Qt.ItemDataRole.BackgroundRole else 1
                return QBrush(QColor(colors[pick]))
        if col == 4 and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(r.message(current_language()) for r in row.reasons)
        return None


class ImportDialog(QDialog):
    """Choose a file (or drop it here), see the verdict of every row, import on confirmation."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        parent: QWidget | None = None,
        file_chooser: Callable[[QWidget], str] | None = None,
        *,
        identity: Identity,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.identity = identity  # the main window's login: the import checks its role
        # The import is an operation (issue 19): the main window's runner tells every view
        # which weeks it changed; a dialog opened on its own runs it with its own context.
        self.runner = runner or OpRunner(
            lambda: AppContext(db, SettingsStore(settings), lambda: datetime.now(UTC), identity),
            None,
            self,
        )
        self.report: CheckReport | None = None
        self.import_result: flaglist.ImportResult | None = None
        self.job: Job | None = None
        self._just_checked = False
        self._choose = file_chooser or self._file_dialog
        self.setWindowTitle(self.tr("Vormerkliste importieren"))
        self.setAcceptDrops(True)
        fit_to_screen(self, 980, 620)

        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("CSV- oder Excel-Datei wählen oder hierher ziehen."), self)
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName(self.tr("Gewählte Datei"))
        row.addWidget(self.path_edit, 1)
        self.choose_button = QPushButton(self.tr("Datei &wählen …"), self)
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(self.choose_button)
        layout.addLayout(row)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Fortschritt"))
        self.progress.setVisible(False)
        progress_row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Abbrechen"), self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._cancel_job)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)

        self.message = QLabel(self)
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.preview = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setObjectName("preview_table")
        self.table.setAccessibleName(self.tr("Vorschau der Zeilen"))
        self.table.setModel(self.preview)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

        self.counts = QLabel(self)
        self.counts.setObjectName("import_counts")
        layout.addWidget(self.counts)
        self.skip_invalid = QCheckBox(self.tr("Ungültige Zeilen überspringen"), self)
        self.skip_invalid.setEnabled(False)
        self.skip_invalid.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_invalid)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("&Importieren"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Schließen"))
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        # By keyboard: start on "Datei wählen", then the file, the rows, the choice, the
        # buttons (the read-only path and hidden cancel button are skipped by Qt when empty).
        chain = (self.choose_button, self.path_edit, self.cancel_button, self.table,
                 self.skip_invalid, self.import_button, close)  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.choose_button.setDefault(True)
        self.choose_button.setFocus()

    # --- choosing ------------------------------------------------------------------------
    def _file_dialog(self, parent: QWidget) -> str:
        return open_file_name(
            parent,
            self.db,
            self.tr("Vormerkliste wählen"),
            self.tr("Vormerklisten (*.csv *.xlsx);;Alle Dateien (*)"),
        )

    def choose_file(self) -> None:
        """Ask for a file and check it."""
        path = self._choose(self)
        if path:
            self.check_file(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept one dropped local file."""
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Check the dropped file."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.check_file(Path(urls[0].toLocalFile()))

    # --- checking ------------------------------------------------------------------------
    def check_file(self, path: Path) -> None:
        """Judge ``path`` in the background and show the preview."""
        if self.job is not None and self.job.is_running():
            return
        self.report = None
        self.preview.set_rows([])
        self.path_edit.setText(str(path))
        self.message.setText(self.tr("Datei wird geprüft …"))
        self.counts.clear()
        settings = self.settings
        # The recorded office's federal state and flag cutoff (read here, not in the worker
        # thread); the settings when no office is recorded.
        rules = recorded_rules(self.db, settings)
        who = self.identity  # read here: the worker thread gets plain values
        self._run(
            lambda progress, cancelled: flaglist.check(
                path, settings, progress, cancelled, rules=rules, identity=who
            ),
            self._checked,
        )

    def _checked(self, report: object) -> None:
        assert isinstance(report, CheckReport)
        self.report = report
        self.preview.set_rows(report.rows)
        s = report.summary
        self.counts.setText(
            self.tr("%1 planbar, %2 mit Hinweis, %3 gesperrt, %4 ungültig")
            .replace("%1", str(s["eligible"]))
            .replace("%2", str(s["warning"]))
            .replace("%3", str(s["blocked"]))
            .replace("%4", str(s["invalid"]))
        )
        self.skip_invalid.setEnabled(s["invalid"] > 0)
        if not report.rows:
            self.message.setText(self.tr("Die Datei enthält keine Zeilen."))
        elif s["invalid"]:
            self.message.setText(
                self.tr(
                    "Die Liste hat ungültige Zeilen. Es wird nichts importiert, außer Sie "
                    "überspringen sie ausdrücklich."
                )
            )
        else:
            self.message.setText(self.tr("Geprüft. Mit „Importieren“ übernehmen."))
        announce(self.message, self.message.text())
        self._just_checked = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        report = self.report
        ok = (
            report is not None
            and bool(report.rows)
            and (report.summary["invalid"] == 0 or self.skip_invalid.isChecked())
            and len(report.valid_rows()) > 0
        )
        busy = self.job is not None and self.job.is_running()
        self.import_button.setEnabled(ok and not busy)
        self.choose_button.setEnabled(not busy)
        if ok and not busy and self._just_checked:
            # Once per check, when the job has ended: Enter now imports (it chose a file).
            self._just_checked = False
            self.import_button.setDefault(True)
            self.import_button.setFocus()

    # --- importing -----------------------------------------------------------------------
    def start_import(self) -> None:
        """Write the checked rows in one transaction, in the background."""
        report = self.report
        if report is None:
            return
        skip = self.skip_invalid.isChecked()
        self.message.setText(self.tr("Wird importiert …"))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.job = self.runner.run(
            ops.import_flag_list,
            report,
            skip_invalid=skip,
            on_done=self._imported,
            on_failed=self._import_failed,
            progress=self._on_progress,
        )
        self._update_buttons()

    def _imported(self, result: object) -> None:
        assert isinstance(result, flaglist.ImportResult)
        self.job = None  # the runner has released it
        self._job_ended(None)
        self.import_result = result
        self.accept()

    def _import_failed(self, failure: Failure) -> None:
        self.job = None
        self._job_ended(None)
        self._failed(failure.exc)

    # --- background work -----------------------------------------------------------------
    def _run(self, fn: Any, on_done: Callable[[object], None]) -> None:
        job = Job(fn, self)
        self.job = job
        job.progress.connect(self._on_progress)
        job.done.connect(on_done)
        job.failed.connect(self._failed)
        job.done.connect(self._job_ended)
        job.failed.connect(self._job_ended)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self._update_buttons()
        job.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _job_ended(self, _value: object) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        if self.job is not None:
            self.job.wait()
        self._update_buttons()

    def _cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _failed(self, exc: object) -> None:
        if isinstance(exc, (flaglist.FlagListError, PermissionDenied)):
            text = exc.message(current_language())
        elif isinstance(exc, CheckCancelled):
            text = self.tr("Prüfung abgebrochen.")
        else:
            text = self.tr("Unerwarteter Fehler, es wurde nichts gespeichert: %1").replace(
                "%1", type(exc).__name__
            )
        self.report = None
        self.preview.set_rows([])
        self.counts.clear()
        self.message.setText(text)
        announce(self.message, text)

    def done(self, result: int) -> None:
        """Never close while a job still runs on the database."""
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait()
        super().done(result)
