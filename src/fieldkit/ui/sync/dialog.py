"""The sync dialog: sync now (or through files), progress, the last sync, the conflict list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.changes import OpResult
from fieldkit.services import sync as service
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.services.sync import SyncConflict, SyncError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.sync.settings import SyncSettings
from fieldkit.ui import central_login
from fieldkit.ui.events import AppEvents
from fieldkit.ui.ops import OpRunner
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.safety import open_file_name, save_file_name
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.sync import texts
from fieldkit.ui.sync.password import central_password_prompt
from fieldkit.ui.workers import Job


class ConflictModel(RowsModel):
    """The conflict list: when, what, which record, details, which device."""

    rows: list[SyncConflict]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("Erkannt"),
            self.tr("Konflikt"),
            self.tr("Datensatz"),
            self.tr("Einzelheiten"),
            self.tr("Gerät"),
        )

    def cell(self, c: SyncConflict, column: int, role: int) -> Any:
        """Cell text, also as tooltip (the details are long)."""
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (
            texts.when(c.detected_at),
            texts.conflict_kind(c.kind),
            texts.record_singular(c.record_table),
            texts.conflict_detail(c.detail or {}, c.kind),
            c.origin_device,
        )[column]


class SyncDialog(QDialog):
    """Synchronise with the central database, show the last sync and the conflicts."""

    synced = Signal()

    def __init__(
        self,
        db: Database,
        store: SettingsStore,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        identity: Identity | None = None,
        events: AppEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        # The one settings store: the address typed here and the office's settings a sync
        # adopts are saved through it, and every open window follows (issue 19, item 2).
        self.store = store
        # Who syncs: the main window's login (its role is checked, a disabled account is
        # refused centrally); without accounts the settings' identity, as before.
        self.identity = identity
        self.clock = clock
        self.job: Job | None = None
        # Sync and the file exchange are operations (issue 19): the views learn from their
        # Changes which weeks came in (a pull), not from a global reload.
        self.runner = OpRunner(
            lambda: AppContext(self.db, self.store, self.clock, self._who()),
            events,
            self,
        )
        self._retry: Callable[[], None] | None = None
        # The central password asked after a refused login (issue 15): the open prompt, and
        # True while the sync runs again with the password typed there (asked once a sync).
        self.password_prompt: QInputDialog | None = None
        self._with_new_password = False
        self.setWindowTitle(self.tr("Synchronisieren"))
        fit_to_screen(self, 860, 480)
        tabs = QTabWidget(self)
        self.tabs = tabs
        tabs.addTab(self._build_sync_tab(), self.tr("Synchronisieren"))
        self.conflicts = ConflictModel(self)
        table = QTableView(self)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        table.setModel(self.conflicts)
        table.setAccessibleName(self.tr("Konfliktliste"))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        self.conflict_table = table
        tabs.addTab(table, self.tr("Konflikte"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.close_button = QPushButton(self.tr("Schließen"), self)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.refresh()

    @property
    def settings(self) -> Settings:
        """The settings in use now (the store's)."""
        return self.store.current

    def _sync_settings(self) -> SyncSettings:
        return self.settings.section("sync", SyncSettings)

    def _build_sync_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        sync = self._sync_settings()
        self.url_edit = QLineEdit(sync.central_url, page)
        self.url_edit.setPlaceholderText("postgresql+psycopg://benutzer@server/fieldkit")
        self.url_edit.setAccessibleName(self.tr("Adresse der zentralen Datenbank"))
        if self.settings.locked("sync", "central_url"):
            self.url_edit.setReadOnly(True)
            self.url_edit.setToolTip(self.tr("Von der IT festgelegt (Richtlinie dieses Rechners)"))
        form.addRow(self.tr("Zentrale &Datenbank:"), self.url_edit)
        self.worker_edit = QLineEdit(sync.worker_name, page)
        self.worker_edit.setAccessibleName(self.tr("Name der Außendienstkraft"))
        form.addRow(self.tr("&Außendienstkraft:"), self.worker_edit)
        self.unsynced_label = QLabel(page)
        form.addRow(self.tr("Nicht synchronisiert:"), self.unsynced_label)
        self.last_label = QLabel(page)
        self.last_label.setWordWrap(True)
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Letzte Synchronisation:"), self.last_label)
        self.progress = QProgressBar(page)
        self.progress.setAccessibleName(self.tr("Fortschritt der Synchronisation"))
        self.progress.setVisible(False)
        self.notice_label = QLabel(page)
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(False)
        self.error_label = QLabel(page)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a40000;")
        self.error_label.setVisible(False)
        self.retry_button = QPushButton(self.tr("Erneut versuchen"), page)
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self._on_retry)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Jetzt &synchronisieren"), page)
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button = QPushButton(self.tr("Abbrechen"), page)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton(self.tr("In Datei &exportieren …"), page)
        self.export_button.setToolTip(
            self.tr("Ohne Netz: die neuen Datensätze in eine Datei für das Büro schreiben")
        )
        self.export_button.clicked.connect(self.export_file)
        self.import_button = QPushButton(self.tr("Aus Datei &einlesen …"), page)
        self.import_button.setToolTip(self.tr("Die Antwortdatei des Büros einlesen"))
        self.import_button.clicked.connect(self.import_file)
        for button in (self.sync_button, self.cancel_button, self.export_button):
            buttons.addWidget(button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.publish_button = QPushButton(self.tr("Für den Außendienst &veröffentlichen"), page)
        self.publish_button.setToolTip(
            self.tr(
                "Die Briefvorlagen dieser Dienststelle und die dienststellenweiten Einstellungen "
                "in die zentrale Datenbank stellen; die Laptops übernehmen sie beim nächsten "
                "Synchronisieren"
            )
        )
        self.publish_button.clicked.connect(self.publish)
        # Publishing is the back office's job; a field laptop only takes what it gets.
        self.publish_button.setVisible(not Identity.from_settings(self.settings).is_field)
        buttons.addWidget(self.publish_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    # ------------------------------------------------------------------ state

    def _who(self) -> Identity:
        if self.identity is not None and self.identity.account:
            return self.identity
        return Identity.from_settings(self.settings)

    def refresh(self) -> None:
        """Show the current unsynced count, the last run and the conflict list. In the
        central database itself only publishing is offered (nothing there is unsynced)."""
        if service.is_central(self.db):
            from fieldkit.ui.sync import central_note

            self.unsynced_label.setText(self.tr("– (zentrale Datenbank)"))
            if not self.url_edit.text().strip() and not self.url_edit.isReadOnly():
                # Publishing goes to this very database: its address, never a password.
                self.url_edit.setText(service.url_without_password(self.db.url))
            self.notice_label.setText(central_note())
            self.notice_label.setVisible(True)
            self._lock_on_central()
        else:
            count = service.unsynced_count(self.db)
            self.unsynced_label.setText(
                self.tr("%1 Datensätze").replace("%1", f"{count:n}".replace(",", "."))
            )
        self.last_label.setText(describe_run(self.db))
        rows = service.open_conflicts(self.db)
        self.conflicts.set_rows(rows)
        self.tabs.setTabText(1, self.tr("Konflikte (%1)").replace("%1", str(len(rows))))

    def _lock_on_central(self) -> None:
        """In the central database itself there is nothing to sync, export or import: those
        buttons stay off (after a publish too), with the reason as their tooltip."""
        if not service.is_central(self.db):
            return
        from fieldkit.ui.sync import central_note

        for button in (self.sync_button, self.export_button, self.import_button):
            button.setEnabled(False)
            button.setToolTip(central_note())

    def is_busy(self) -> bool:
        """True from the start of a sync until its result has been shown."""
        return self.job is not None

    def _release_job(self) -> None:
        # The thread may still be winding down when its result arrives: wait, then let Qt
        # delete it. Until here the dialog counts as busy, so nobody sees a half-shown result.
        job, self.job = self.job, None
        if job is not None:
            job.wait()
            job.deleteLater()

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.sync_button,
            self.export_button,
            self.import_button,
            self.publish_button,
            self.url_edit,
            self.worker_edit,
            self.retry_button,
        ):
            widget.setEnabled(not busy)
        self._lock_on_central()
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.notice_label.setVisible(False)
            self.error_label.setVisible(False)
            self.retry_button.setVisible(False)

    def _run(self, fn: Callable[[Any, Any], object], retry: Callable[[], None]) -> None:
        self._retry = retry
        self._set_busy(True)
        job = Job(fn, self)
        job.progress.connect(self._on_progress)
        job.done.connect(self._on_done)
        job.failed.connect(self._on_failed)
        self.job = job
        job.start()

    def _run_op(
        self,
        op: Callable[..., OpResult[Any]],
        *args: Any,
        retry: Callable[[], None],
        cancellable: bool = False,
        **kw: Any,
    ) -> None:
        """Run a sync operation; ``cancellable`` ones get progress and the cancel check."""
        self._retry = retry
        self._set_busy(True)
        self.job = self.runner.run(
            op,
            *args,
            on_done=self._on_done,
            on_failed=lambda failure: self._on_failed(failure.exc),
            progress=self._on_progress if cancellable else None,
            **kw,
        )

    # ------------------------------------------------------------------ actions

    def start_sync(self) -> None:
        """Push and pull over the network in the background."""
        url = self.url_edit.text().strip()
        worker = self.worker_edit.text().strip()
        if not url:
            self._show_error(self.tr("Bitte die Adresse der zentralen Datenbank eintragen."))
            return
        if not worker:
            self._show_error(self.tr("Bitte den Namen der Außendienstkraft eintragen."))
            return
        remembered = service.url_without_password(url)
        sync = self._sync_settings()
        if remembered != sync.central_url or worker != sync.worker_name:
            chosen = self.settings.replace("sync", central_url=remembered, worker_name=worker)
            self.store.save(chosen)
        login_url = central_login.central_url(url)  # as the logged-in account (issue 15)
        self._run_op(
            ops.sync_network,
            login_url,
            worker=worker,
            settings=self._sync_settings(),
            cancellable=True,
            retry=self.start_sync,
        )

    def export_file(self) -> None:
        """Write the push file for the office (when there is no network)."""
        name = save_file_name(
            self,
            self.db,
            self.tr("Sync-Datei speichern"),
            f"fieldkit-{self.db.device_id}.zip",
            self.tr("Sync-Dateien (*.zip)"),
        )
        if not name:
            return
        self._run_op(ops.export_push, Path(name), retry=self.export_file)

    def import_file(self) -> None:
        """Read the office's answer file (pull and confirmations)."""
        name = open_file_name(
            self, self.db, self.tr("Antwortdatei des Büros öffnen"), self.tr("Sync-Dateien (*.zip)")
        )
        if not name:
            return
        self._run_op(
            ops.import_pull, Path(name), settings=self._sync_settings(), retry=self.import_file
        )

    def publish(self) -> None:
        """Back office: put this office's letter templates and settings in the central store."""
        url = self.url_edit.text().strip()
        if not url:
            self._show_error(self.tr("Bitte die Adresse der zentralen Datenbank eintragen."))
            return
        from fieldkit.services.printing import office_template_key_of  # loads ReportLab

        _key, office = office_template_key_of(self.db)
        settings, now = self.settings, self.clock()
        caseworker = Identity.from_settings(settings).caseworker

        def work(_progress: Any, _cancelled: Any) -> service.PublishReport:
            return service.publish(url, office=office, settings=settings, now=now, by=caseworker)

        self._run(work, self.publish)

    def cancel(self) -> None:
        """Stop after the current batch (everything before it is safe)."""
        if self.job is not None:
            self.job.cancel()

    def _on_retry(self) -> None:
        if self._retry is not None:
            self._retry()

    # ------------------------------------------------------------------ results

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, report: object) -> None:
        self._with_new_password = False
        self._set_busy(False)
        try:
            self._show_done(report)
        finally:
            self._release_job()

    def _show_done(self, report: object) -> None:
        if isinstance(report, service.PublishReport):
            self._show_published(report)
            return
        # The office's settings the sync adopted are already in the store (and so in use by
        # every window); here they are only named.
        adopted = report.adopted if isinstance(report, service.SyncReport) else []
        if adopted:
            names = {
                "letter_templates": self.tr("die Briefvorlagen"),
                "settings": self.tr("die Einstellungen"),
            }
            self.notice_label.setText(
                self.tr("Vom Innendienst übernommen: %1.").replace(
                    "%1", self.tr(" und ").join(names.get(k, k) for k in adopted)
                )
            )
        self.notice_label.setVisible(bool(adopted))
        self.refresh()
        self.synced.emit()

    def _show_published(self, report: service.PublishReport) -> None:
        self.notice_label.setText(
            self.tr(
                "Für %1 veröffentlicht: %2 geänderte Textbausteine der Briefvorlagen und die "
                "dienststellenweiten Einstellungen. Die Laptops übernehmen sie beim nächsten "
                "Synchronisieren."
            )
            .replace("%1", report.office)
            .replace("%2", str(report.template_entries))
        )
        self.notice_label.setVisible(True)

    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        try:
            code = exc.code if isinstance(exc, SyncError) else "failed"
            self._show_error(texts.error_text(code))
            self.retry_button.setVisible(True)
            self.refresh()
            self.synced.emit()
        finally:
            self._release_job()
        retried, self._with_new_password = self._with_new_password, False
        if code == "auth" and not retried and self._retry == self.start_sync:
            self.ask_central_password()

    def ask_central_password(self) -> None:
        """The central database refused the password remembered at login (changed there):
        ask for it, remember it and sync once more; cancelling leaves the error shown."""
        account = central_login.account()
        if not account or self.password_prompt is not None:
            return
        prompt = central_password_prompt(self, account)
        self.password_prompt = prompt
        prompt.finished.connect(lambda result: self._password_answered(account, result))
        prompt.open()

    def _password_answered(self, account: str, result: int) -> None:
        prompt, self.password_prompt = self.password_prompt, None
        if prompt is None:
            return
        password = prompt.textValue()
        prompt.setTextValue("")  # the password does not stay in the widget
        prompt.deleteLater()
        if result != QDialog.DialogCode.Accepted.value or not password or self.is_busy():
            return  # cancelled (or nothing typed): the error stays shown
        central_login.remember(account, password)
        self._with_new_password = True
        self.start_sync()
        if not self.is_busy():  # the sync did not start (no address): ask again next time
            self._with_new_password = False

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def closeEvent(self, event: Any) -> None:
        """Wait for a running sync to reach a safe point before closing."""
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)


def describe_run(db: Database) -> str:
    """The last sync in German: when, up, down, and how it ended."""
    run = service.last_run(db)
    if run is None:
        return QCoreApplication.translate("SyncDialog", "Noch nie synchronisiert.")
    moment = texts.when(run.started_at)
    if run.finished_at is None:
        return QCoreApplication.translate(
            "SyncDialog",
            "%1: nicht zu Ende gekommen (Programm beendet). Bitte erneut synchronisieren.",
        ).replace("%1", moment)
    if not run.ok:
        return (
            QCoreApplication.translate("SyncDialog", "%1: fehlgeschlagen. %2")
            .replace("%1", moment)
            .replace("%2", texts.error_text(run.error_code))
        )
    counts = (
        QCoreApplication.translate("SyncDialog", "Hoch: %1\nRunter: %2")
        .replace("%1", texts.counts(run.pushed or {}))
        .replace("%2", texts.counts(run.pulled or {}, only=("customer", "flag")))
    )
    return f"{outcome(db).replace('%1', moment)}\n{counts}"


def outcome(db: Database) -> str:
    """How the last finished sync left things: open conflicts and unsent records are named;
    "abgeschlossen" only when nothing is open (``%1`` is the moment)."""
    conflicts = len(service.open_conflicts(db))
    unsent = service.unsynced_count(db)
    if not conflicts and not unsent:
        return QCoreApplication.translate("SyncDialog", "%1: abgeschlossen, alles übertragen.")
    # German is the source language and ships no catalogue, so singular and plural are
    # two literals here (each translated in sync_en.ts).
    parts = []
    if conflicts == 1:
        parts.append(QCoreApplication.translate("SyncDialog", "einem offenen Konflikt"))
    elif conflicts:
        parts.append(
            QCoreApplication.translate("SyncDialog", "%1 offenen Konflikten").replace(
                "%1", str(conflicts)
            )
        )
    if unsent == 1:
        parts.append(
            QCoreApplication.translate("SyncDialog", "einem noch nicht gesendeten Datensatz")
        )
    elif unsent:
        parts.append(
            QCoreApplication.translate(
                "SyncDialog", "%1 noch nicht gesendeten Datensätzen"
            ).replace("%1", str(unsent))
        )
    return QCoreApplication.translate(
        "SyncDialog", "%1: abgeschlossen mit %2. Bitte prüfen."
    ).replace("%2", QCoreApplication.translate("SyncDialog", " und ").join(parts))
