"""The main window: the week selector, the week's customers, and the selected one's details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fieldkit import __version__
from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain import roles
from fieldkit.domain.changes import Changes
from fieldkit.domain.permissions import CUSTOMERS, FLAGGING, PermissionDenied, allowed
from fieldkit.domain.week import IsoWeek
from fieldkit.services import flaglist
from fieldkit.services import week as week_service
from fieldkit.services.database import Database, StoreError
from fieldkit.services.geocoding import attribution
from fieldkit.services.office import Identity
from fieldkit.services.week import WeekRow
from fieldkit.settings import AppSettings, Settings, SettingsStore
from fieldkit.ui import safety, screen, texts
from fieldkit.ui.access import announce_status
from fieldkit.ui.detail_panel import DetailPanel
from fieldkit.ui.events import AppEvents
from fieldkit.ui.features import install_features
from fieldkit.ui.host import Features
from fieldkit.ui.i18n import current_language
from fieldkit.ui.import_dialog import ImportDialog
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.override_dialog import OverrideDialog
from fieldkit.ui.policy_dialog import PolicyDialog
from fieldkit.ui.safety import show_store_error
from fieldkit.ui.week_model import ROW_ROLE, WeekFilterProxy, WeekTableModel

if TYPE_CHECKING:
    from fieldkit.ui.settings_dialog import SettingsDialog


class MainWindow(QMainWindow):
    """The app's main window.

    Features hook in through :mod:`fieldkit.ui.features`: they add actions to
    ``file_menu``/``week_menu``/``tools_menu``/``toolbar``, widgets to the status bar, and
    listen to ``week_changed`` (after the table was reloaded), ``row_selected`` and
    ``settings_changed`` (new settings in use: saved by the user or adopted by a sync; open
    windows take them over, so nothing plans or prints with the old rules).
    """

    week_changed = Signal(str)
    row_selected = Signal(object)  # WeekRow | None
    settings_changed = Signal(object)  # Settings
    # The store's news, possibly from a worker thread (a sync adopting the office's settings):
    # Qt hands it to this window's thread.
    _store_changed = Signal(object)  # Settings

    def __init__(
        self,
        db: Database,
        settings: Settings | SettingsStore,
        ui_state: QSettings,
        clock: Callable[[], datetime],
        *,
        identity: Identity | None = None,
    ) -> None:
        super().__init__()
        store = settings if isinstance(settings, SettingsStore) else SettingsStore(settings)
        # What every operation gets (issue 19): the database, the one settings store (item 2),
        # the clock and who works — from the login (issue 14), else as the settings say.
        self.context = AppContext(
            db, store, clock, identity or Identity.from_settings(store.current)
        )
        self.ui_state = ui_state
        # Operations emit what they changed here; views refresh from it (issue 19).
        self.events = AppEvents(self)
        self._idle_minutes = store.current.section("app", AppSettings).idle_lock_minutes
        self._store_changed.connect(self._follow_store)
        unsubscribe = store.subscribe(lambda _old, new: self._store_changed.emit(new))
        self.destroyed.connect(lambda *_: unsubscribe())
        self.ops = OpRunner(lambda: self.context, self.events, self)
        self.override_dialog: OverrideDialog | None = None
        self.events.changed.connect(self.on_changes)
        self.setWindowTitle(self.tr("fieldkit – Aufsuchende Beratung"))

        self.model = WeekTableModel(self)
        self.proxy = WeekFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_actions()
        self._build_toolbar()
        self._build_central()
        announce_status(self.statusBar())
        self.statusBar().showMessage(self.tr("Bereit"))
        safety.prefer_folder(self.settings.section("app", AppSettings).export_dir)
        self.features = Features()  # what the features' installs gave back, by name
        install_features(self)
        self._apply_permissions()
        self._restore_state()
        self.reload_weeks()

    # --- the context (what the features read; kept as attributes for them) ---------------
    @property
    def db(self) -> Database:
        return self.context.db

    @property
    def settings(self) -> Settings:
        """The settings in use now (the store's current ones)."""
        return self.context.settings_store.current

    @settings.setter
    def settings(self, new: Settings) -> None:
        self.context.settings_store.use(new)

    @property
    def settings_store(self) -> SettingsStore:
        """The one owner of the settings (issue 19, item 2)."""
        return self.context.settings_store

    @property
    def identity(self) -> Identity:
        return self.context.identity

    @identity.setter
    def identity(self, who: Identity) -> None:
        self.context = self.context.as_identity(who)
        self._apply_permissions()

    def may_import(self) -> bool:
        """Whether who works here may import a flag list (an outreach account gets its
        customers by the sync: issue 14, "a field account sees only its own customers")."""
        return allowed(self.identity.account_role, FLAGGING)

    def _apply_permissions(self) -> None:
        """Offer no action the logged-in role is always refused (the services decide; this
        only keeps the refusal from being the first thing a click shows)."""
        self.action_import.setVisible(self.may_import())

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.context.clock

    # --- construction -------------------------------------------------------------------
    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&Datei"))
        self.action_import = QAction(self.tr("Vormerkliste &importieren …"), self)
        self.action_import.setShortcut(QKeySequence("Ctrl+I"))
        self.action_import.setStatusTip(self.tr("Vormerkliste (CSV/Excel) prüfen und importieren"))
        self.action_import.triggered.connect(self.open_import)
        file_menu.addAction(self.action_import)
        file_menu.addSeparator()
        self.action_settings = QAction(self.tr("&Einstellungen …"), self)
        self.action_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.action_settings.setStatusTip(
            self.tr("Sprache, Ordner und Druckvorgaben ändern (was die IT nicht festgelegt hat)")
        )
        self.action_settings.triggered.connect(self.open_settings)
        file_menu.addAction(self.action_settings)
        file_menu.addSeparator()
        self.action_quit = QAction(self.tr("&Beenden"), self)
        self.action_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.action_quit.triggered.connect(self.close)
        file_menu.addAction(self.action_quit)

        week_menu = menu.addMenu(self.tr("&Woche"))
        self.action_reload = QAction(self.tr("&Aktualisieren"), self)
        self.action_reload.setShortcut(QKeySequence.StandardKey.Refresh)
        # F5 reads weeks and rows anew: another window or a sync may have added a week.
        self.action_reload.triggered.connect(self.refresh_everything)
        week_menu.addAction(self.action_reload)
        self.action_override = QAction(self.tr("Sperre &aufheben …"), self)
        self.action_override.setStatusTip(
            self.tr("Gesperrten Kunden mit schriftlicher Begründung für die Planung freigeben")
        )
        self.action_override.setEnabled(False)
        self.action_override.triggered.connect(self.open_override)
        week_menu.addAction(self.action_override)
        self.week_menu = week_menu
        self.file_menu = file_menu
        # The capabilities (geocoding, planning, printing, field mode, sync, back office) add
        # their own menus and actions here; see fieldkit.ui.features.
        self.tools_menu = menu.addMenu(self.tr("&Extras"))

        help_menu = menu.addMenu(self.tr("&Hilfe"))
        self.action_policy = QAction(self.tr("&Richtlinie dieses Rechners …"), self)
        self.action_policy.setStatusTip(
            self.tr("Welche Einstellungen die IT auf diesem Rechner festgelegt hat")
        )
        self.action_policy.triggered.connect(self.show_policy)
        help_menu.addAction(self.action_policy)
        self.action_about = QAction(self.tr("Über &fieldkit"), self)
        self.action_about.triggered.connect(self.show_about)
        help_menu.addAction(self.action_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Werkzeugleiste"), self)
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("Woche:") + " "))
        self.week_combo = QComboBox(self)
        self.week_combo.setObjectName("week_combo")
        self.week_combo.setAccessibleName(self.tr("Besuchswoche"))
        self.week_combo.setMinimumContentsLength(10)
        self.week_combo.currentIndexChanged.connect(self.reload_week)
        bar.addWidget(self.week_combo)
        bar.addSeparator()
        bar.addAction(self.action_import)
        self.toolbar = bar

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Suchen: Name, Kundennummer, Ort, HB …"))
        self.search.setAccessibleName(self.tr("Suche"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filter)
        filters.addWidget(self.search, 3)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName(self.tr("Status-Filter"))
        self.status_filter.addItem(self.tr("Alle Status"), "")
        for status in ("eligible", "warning", "blocked"):
            self.status_filter.addItem(texts.status_label(status), status)
        self.status_filter.currentIndexChanged.connect(self._on_filter)
        filters.addWidget(self.status_filter, 1)
        layout.addLayout(filters)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setObjectName("week_table")
        self.table.setAccessibleName(self.tr("Vorgemerkte Kunden der Woche"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.splitter.addWidget(self.table)
        self.detail = DetailPanel(self)
        self.detail.setObjectName("detail_panel")
        self.splitter.addWidget(self.detail)
        # The table gets the room first: on a 1366 px laptop its columns up to "Gebiet" must
        # be in view beside the panel (issue 23); the panel wraps its lines.
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([960, 400])
        layout.addWidget(self.splitter, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        layout.addWidget(self.count_label)
        self.setCentralWidget(central)

    # --- state --------------------------------------------------------------------------
    def _restore_state(self) -> None:
        # Per screen: the office monitor's size does not come back on the laptop, and the
        # laptop's own size is there again when it is back on its own screen.
        screen.restore_geometry(self, self.ui_state, "main", 1280, 780)
        screen.restore_splitter(self.splitter, self.ui_state, "main")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember geometry and the week shown."""
        screen.save_geometry(self, self.ui_state, "main")
        screen.save_splitter(self.splitter, self.ui_state, "main")
        week = self.current_week()
        if week:
            self.ui_state.setValue("main/week", week)
        self.ui_state.sync()
        super().closeEvent(event)

    # --- data ---------------------------------------------------------------------------
    def current_week(self) -> str:
        """The selected visit week ('2026-W49') or ''."""
        data = self.week_combo.currentData()
        return str(data) if data else ""

    def reload_weeks(self) -> None:
        """Fill the week selector; select the remembered week, else the newest."""
        self._fill_weeks()
        self.reload_week()

    def _fill_weeks(self) -> bool:
        """Fill the week selector (keeping the week shown); True if another week is shown."""
        shown = self.current_week()
        with self.db.session() as session:
            weeks = week_service.list_weeks(session)
        wanted = shown or str(self.ui_state.value("main/week", "") or "")
        if wanted not in weeks:
            # Without a remembered week, show the coming visit week.
            wanted = str(IsoWeek.of(self.clock().date()).next())
        self.week_combo.blockSignals(True)
        self.week_combo.clear()
        for week in weeks:
            self.week_combo.addItem(texts.week_label(week), week)
        index = self.week_combo.findData(wanted) if wanted else -1
        self.week_combo.setCurrentIndex(index if index >= 0 else len(weeks) - 1)
        self.week_combo.blockSignals(False)
        return self.current_week() != shown

    def shown_weeks(self) -> list[str]:
        """The weeks the selector offers."""
        return [str(self.week_combo.itemData(i)) for i in range(self.week_combo.count())]

    def refresh_everything(self) -> None:
        """F5: every view reads anew, as after a change that cannot say what it touched."""
        self.events.changed.emit(Changes.all())

    def on_changes(self, changes: Changes) -> None:
        """An operation changed something: reload the week list only when a week is new (or
        the change cannot say), and the table only when it touches the week shown or the
        areas or staff changed (its area column names them)."""
        moved = False
        if changes.everything or changes.weeks - set(self.shown_weeks()):
            moved = self._fill_weeks()
        if moved or changes.touches_week(self.current_week()) or changes.areas or changes.staff:
            self.reload_week()

    def reload_week(self) -> None:
        """Reload the selected week's rows from the database."""
        week = self.current_week()
        rows = []
        sees_customers = allowed(self.identity.account_role, CUSTOMERS)
        if week and sees_customers:
            with self.db.session() as session:
                rows = week_service.week_rows(session, week, self.identity)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.detail.show_detail(None)
        self._update_count()
        if not sees_customers:
            # The administration sets up the office and its accounts; customers are not its
            # to see (the service refuses them), so its window shows none, and says why.
            self.statusBar().showMessage(
                self.tr("Kundendaten sind für dieses Konto nicht sichtbar (Rolle %1).").replace(
                    "%1", roles.label(self.identity.account_role, current_language())
                )
            )
        elif not week:
            self.statusBar().showMessage(
                self.tr("Noch keine vorgemerkten Kunden. Bitte eine Vormerkliste importieren.")
                if self.may_import()
                else self.tr("Noch keine vorgemerkten Kunden. Bitte synchronisieren.")
            )
        self.week_changed.emit(week)
        self.row_selected.emit(None)

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        blocked = sum(1 for r in range(total) if self.model.row_at(r).status == "blocked")
        self.count_label.setText(
            self.tr("%1 von %2 Kunden angezeigt, %3 gesperrt")
            .replace("%1", str(shown))
            .replace("%2", str(total))
            .replace("%3", str(blocked))
        )

    def _on_filter(self) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_status(str(self.status_filter.currentData() or ""))
        self._update_count()

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            self.action_override.setEnabled(False)
            self.detail.show_detail(None)
            self.row_selected.emit(None)
            return
        row = indexes[0].data(ROW_ROLE)
        self.action_override.setEnabled(row.status == "blocked" and not row.overridden)
        try:
            with self.db.session() as session:
                # The service checks the role and records the opening in the audit log.
                detail = week_service.customer_detail(session, row.flag_id, self.identity)
        except PermissionDenied as exc:
            detail = None
            self.statusBar().showMessage(exc.message(current_language()))
        self.detail.show_detail(detail)
        self.row_selected.emit(row)

    def selected_row(self) -> WeekRow | None:
        """The row selected in the table, if any."""
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, WeekRow) else None

    def open_import(self) -> None:
        """The import dialog; the import runs as an operation (the views learn its weeks)."""
        dialog = ImportDialog(self.db, self.settings, self, identity=self.identity, runner=self.ops)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.import_result is not None:
            self.after_import(dialog.import_result)

    def after_import(self, result: flaglist.ImportResult) -> None:
        """Show the first imported week and say what the import changed (the week list and
        the table were refreshed from the operation's Changes)."""
        weeks = sorted(result.by_week)
        if weeks and weeks[0] != self.current_week():
            index = self.week_combo.findData(weeks[0])
            if index < 0:  # imported without the runner: the list does not know it yet
                self._fill_weeks()
                index = self.week_combo.findData(weeks[0])
            if index >= 0:
                self.week_combo.setCurrentIndex(index)  # reloads the table
        self.statusBar().showMessage(
            self.tr("Importiert: %1 neu, %2 geändert, %3 unverändert")
            .replace("%1", str(result.created))
            .replace("%2", str(result.updated))
            .replace("%3", str(result.unchanged))
        )

    def open_override(self) -> OverrideDialog | None:
        """Release the selected blocked customer for planning, with a written reason."""
        row = self.selected_row()
        if row is None or row.status != "blocked":
            return None
        dialog = OverrideDialog(row, self)
        dialog.accepted.connect(lambda: self._override(dialog, row))
        self.override_dialog = dialog
        dialog.open()
        return dialog

    def _override(self, dialog: OverrideDialog, row: WeekRow) -> None:
        dialog.setEnabled(False)

        def failed(failure: Failure) -> None:
            dialog.setEnabled(True)
            if isinstance(failure.exc, StoreError):
                show_store_error(self, failure.exc)
            else:
                dialog.show_error(failure.sentence)
            if isinstance(failure.exc, flaglist.FlagListError):
                self.reload_week()  # another user may have changed it: show what is true now
            dialog.open()  # ask again, with the sentence shown

        def done(_value: object) -> None:
            dialog.deleteLater()
            self.override_dialog = None
            self.statusBar().showMessage(self.tr("Sperre aufgehoben und begründet."))

        self.ops.run(
            ops.override_block,
            row.flag_id,
            dialog.reason(),
            dialog.who(),
            on_done=done,
            on_failed=failed,
        )

    def show_policy(self) -> PolicyDialog:
        """The values the machine policy fixes, read-only (Hilfe → Richtlinie)."""
        dialog = PolicyDialog(self.settings.policy, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def open_settings(self) -> SettingsDialog:
        """Einstellungen …: saved values take effect at once (the idle lock too; the language at
        the next start)."""
        from fieldkit.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.settings_store.save, self)
        dialog.finished.connect(lambda _code: self._settings_saved(dialog))
        dialog.open()
        return dialog

    def _settings_saved(self, dialog: SettingsDialog) -> None:
        if dialog.saved is None:
            return
        # The store has saved them and told this window (``_follow_store``).
        self.statusBar().showMessage(self.tr("Einstellungen gespeichert."), 5000)

    def use_settings(self, settings: Settings) -> None:
        """Work with ``settings`` from now on (not written), and tell every open window."""
        self.settings_store.use(settings)

    def _follow_store(self, settings: Settings) -> None:
        """New settings in use (saved by the user, adopted by a sync): this window, the idle
        lock and every open window (``settings_changed``, ``events.settings_changed``)."""
        # ``self.settings`` reads the store, which has the new ones already.
        app = settings.section("app", AppSettings)
        safety.prefer_folder(app.export_dir)
        if app.idle_lock_minutes != self._idle_minutes:
            from fieldkit.ui.lock import apply_idle_minutes

            self._idle_minutes = app.idle_lock_minutes
            apply_idle_minutes(app.idle_lock_minutes)
        self.settings_changed.emit(settings)
        self.events.settings_changed.emit(settings)

    def show_about(self) -> None:
        """About box with version and the data attributions the licences require."""
        QMessageBox.about(
            self,
            self.tr("Über fieldkit"),
            self.tr("fieldkit %1 – Aufsuchende Beratung im Jobcenter.").replace("%1", __version__)
            + "\n\n"
            + attribution(current_language()),
        )
