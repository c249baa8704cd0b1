"""The field mode window: the day's stops, the customer card with the map, the visit form."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.geo.settings import GeoSettings
from fieldkit.services import field
from fieldkit.services.database import Database
from fieldkit.services.field import FieldDay, FieldError, ReplanResult, StopCard
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.access import announce
from fieldkit.ui.events import AppEvents
from fieldkit.ui.field import style
from fieldkit.ui.field.day import (
    CustomerCard,
    StopListModel,
    day_map,
    show_day_on_map,
)
from fieldkit.ui.field.visit_form import VisitForm
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import OpRunner
from fieldkit.ui.texts import weekday_short
from fieldkit.ui.workers import Job


def mbtiles_path(settings: Settings) -> Path | None:
    """The district's MBTiles file (``geo.mbtiles_path``), if one is set and is a file.

    A path the system cannot even look up (too long, a NUL byte, no home folder for ``~``)
    is no file: the map goes on without tiles."""
    value = settings.geo.mbtiles_path.strip()
    if not value:
        return None
    try:
        path = Path(value).expanduser()
        return path if path.is_file() else None
    except (OSError, ValueError, RuntimeError):
        return None


class FieldWindow(QMainWindow):
    """Field mode for one worker's route of one day."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Callable[[], datetime],
        route_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        identity: Identity,
        events: AppEvents | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db = db
        self.settings = settings
        self.clock = clock
        self.route_id = route_id
        # The logged-in account this window was opened with: every service call names it,
        # so a field account is refused another worker's route (issue 14).
        self.identity = identity
        # What the day records runs as operations (issue 19): they tell the other views
        # which visit, route and week changed; this window reloads when another operation
        # changed its route (a re-plan of the week in the planning window, a sync).
        self.runner = OpRunner(self._context, events, self)
        if events is not None:
            events.changed.connect(self.on_changes)
        self.day: FieldDay | None = None
        self.replan_job: Job | None = None
        self.setObjectName("field_window")
        self.setWindowTitle(self.tr("Außendienst"))
        self.setAccessibleName(self.tr("Außendienst"))
        style.apply(self)
        self._build()
        self.reload(select_current=True)
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting from the main window must not lose the last typed words either.
            app.aboutToQuit.connect(self.flush)

    # --- construction -------------------------------------------------------------------

    def use_settings(self, settings: Settings) -> None:
        """Go on with ``settings`` (the main window's ``settings_changed``); new map tiles
        are laid under the open map at once."""
        tiles = mbtiles_path(settings)
        changed = tiles != mbtiles_path(self.settings)
        self.settings = settings
        if changed:
            self.map.set_mbtiles(tiles)

    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        header = QHBoxLayout()
        self.title = QLabel(central)
        self.title.setObjectName("field_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # it shows the worker's name
        self.title.setFont(style.heading_font(1.3))
        header.addWidget(self.title, 1)
        self.saved_label = QLabel(central)
        self.saved_label.setObjectName("muted")
        self.saved_label.setAccessibleName(self.tr("Speicherstand"))
        header.addWidget(self.saved_label)
        layout.addLayout(header)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self.splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        stops_label = QLabel(self.tr("&Halte des Tages"), left)
        left_layout.addWidget(stops_label)
        self.model = StopListModel(self)
        self.stop_list = QListView(left)
        self.stop_list.setObjectName("stop_list")
        self.stop_list.setAccessibleName(self.tr("Halte des Tages in geplanter Reihenfolge"))
        self.stop_list.setModel(self.model)
        self.stop_list.setWordWrap(True)
        self.stop_list.setUniformItemSizes(False)
        self.stop_list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        stops_label.setBuddy(self.stop_list)
        self.stop_list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.stop_list.activated.connect(lambda _i: self.open_visit())
        left_layout.addWidget(self.stop_list, 1)
        buttons = QGridLayout()
        self.skip_button = self._button(self.tr("Über&springen"), self.tr("Halt überspringen"))
        self.later_button = self._button(self.tr("Spä&ter"), self.tr("Halt auf später schieben"))
        self.done_button = self._button(
            self.tr("&Erledigt"), self.tr("Halt als erledigt markieren")
        )
        self.replan_button = self._button(
            self.tr("Ab hier &neu planen"), self.tr("Restliche Halte ab hier neu planen")
        )
        self.skip_button.clicked.connect(lambda: self.set_status("skipped"))
        self.later_button.clicked.connect(self.move_later)
        self.done_button.clicked.connect(lambda: self.set_status("done"))
        self.replan_button.clicked.connect(self.replan)
        buttons.addWidget(self.skip_button, 0, 0)
        buttons.addWidget(self.later_button, 0, 1)
        buttons.addWidget(self.done_button, 1, 0)
        buttons.addWidget(self.replan_button, 1, 1)
        left_layout.addLayout(buttons)
        replan_row = QHBoxLayout()
        self.progress = QProgressBar(left)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Neuplanung läuft"))
        self.progress.setVisible(False)
        replan_row.addWidget(self.progress, 1)
        self.cancel_button = self._button(self.tr("Abbrechen"), self.tr("Neuplanung abbrechen"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_replan)
        replan_row.addWidget(self.cancel_button)
        left_layout.addLayout(replan_row)
        self.message = QLabel(left)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages name customers
        self.message.setObjectName("field_message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Meldung"))
        left_layout.addWidget(self.message)
        self.splitter.addWidget(left)

        self.tabs = QTabWidget(self.splitter)
        self.tabs.setObjectName("field_tabs")
        self.tabs.setAccessibleName(self.tr("Kunde und Besuch"))
        day_page = QSplitter(Qt.Orientation.Horizontal, self.tabs)
        day_page.setChildrenCollapsible(False)
        card_side = QWidget(day_page)
        card_layout = QVBoxLayout(card_side)
        card_layout.setContentsMargins(0, 0, 0, 0)
        self.card = CustomerCard(self._save_prep, card_side)
        card_layout.addWidget(self.card, 1)
        self.visit_button = self._button(self.tr("&Besuch erfassen"), self.tr("Besuch erfassen"))
        self.visit_button.setObjectName("primary")
        self.visit_button.clicked.connect(self.open_visit)
        card_layout.addWidget(self.visit_button)
        day_page.addWidget(card_side)
        self.map = day_map(day_page, mbtiles_path(self.settings))
        self.map.marker_clicked.connect(self._on_marker)
        day_page.addWidget(self.map)
        day_page.setSizes([420, 480])
        self.tabs.addTab(day_page, self.tr("Kunde und Karte"))
        self.form = VisitForm(
            self.db, self.clock, self.tabs, identity=self.identity, runner=self.runner
        )
        self.form.setObjectName("visit_form")
        self.form.finished.connect(self._visit_finished)
        self.form.reload_requested.connect(lambda: self.reload(select_current=False))
        self.form.saved.connect(self._saved)
        self.tabs.addTab(self.form, self.tr("Besuch erfassen"))
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([360, 1000])
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        for keys, slot in (
            ("Ctrl+1", lambda: self._show_tab(0)),
            ("Ctrl+2", lambda: self._show_tab(1)),
            ("Ctrl+L", lambda: self.stop_list.setFocus(Qt.FocusReason.ShortcutFocusReason)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setAutoDefault(True)  # Enter presses the focused button, as Space does
        return button

    # --- data ---------------------------------------------------------------------------
    def _context(self) -> AppContext:
        return AppContext(self.db, SettingsStore(self.settings), self.clock, self.identity)

    def on_changes(self, changes: Changes) -> None:
        """Reload when another operation changed this route (this window's own operations
        reload it themselves, with the stop they want selected)."""
        if self.runner.is_busy() or self.runner.calling or self.replan_job is not None:
            return
        if changes.everything or self.route_id in changes.routes:
            self.reload()

    def _call(self, op: Callable[..., OpResult[Any]], *args: Any) -> bool:
        """Run a short operation of the day; a refusal is said in the message line."""
        result = self.runner.call(op, *args, on_failed=lambda f: self._say(f.sentence))
        return result is not None

    def reload(self, select_current: bool = False) -> None:
        """Read the day again; keep the selected stop unless the current one is wanted."""
        keep = self.selected_stop()
        with self.db.session() as session:
            try:
                self.day = field.load_day(session, self.route_id, identity=self.identity)
            except (FieldError, PermissionDenied) as exc:
                self.day = None
                self._say(exc.message(current_language()))
        day = self.day
        if day is not None:
            weekday = weekday_short(day.day)
            self.title.setText(
                self.tr("Außendienst · %1 %2 · %3")
                .replace("%1", weekday)
                .replace("%2", day.day.strftime("%d.%m.%Y"))
                .replace("%3", day.worker_name)
            )
        self.model.set_day(day)
        wanted = None
        if not select_current and keep is not None:
            wanted = keep.stop_id
        elif day is not None and day.current is not None:
            wanted = day.current.stop_id
        row = self.model.row_of(wanted)
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.stop_list.selectionModel().setCurrentIndex(
                self.model.index(row),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        self._show_selected()
        show_day_on_map(self.map, day)
        self._update_buttons()

    def selected_stop(self) -> StopCard | None:
        """The stop selected in the list."""
        index = self.stop_list.currentIndex() if hasattr(self, "stop_list") else QModelIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.stop_at(index.row())

    def _on_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_selected()
        self._update_buttons()

    def _show_selected(self) -> None:
        stop = self.selected_stop()
        self.card.show_stop(stop)
        self.form.show_stop(stop, self.day.worker_id if self.day else None)

    def _update_buttons(self) -> None:
        stop = self.selected_stop()
        is_open = stop is not None and stop.is_open
        busy = self.replan_job is not None
        self.skip_button.setEnabled(is_open and not busy)
        self.later_button.setEnabled(is_open and not busy)
        self.done_button.setEnabled(is_open and not busy)
        self.visit_button.setEnabled(stop is not None)
        has_rest = self.day is not None and sum(1 for s in self.day.stops if s.is_open) > 1
        self.replan_button.setEnabled(has_rest and not busy)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        announce(self.message, text)  # "Neu geplant …" is heard, not only seen

    def _saved(self) -> None:
        self.saved_label.setText(
            self.tr("Gespeichert %1 Uhr").replace(
                "%1", self.clock().astimezone(field.BERLIN).strftime("%H:%M")
            )
        )

    # --- actions ------------------------------------------------------------------------
    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        target: QWidget = self.card.eakte
        if index == 1:
            stop = self.selected_stop()
            visit = stop.visit if stop else None
            if visit is None:
                target = self.form.begin_button
            elif visit.final:
                target = self.form.preview
            else:
                target = self.form.met if not self.form.not_met.isChecked() else self.form.not_met
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_visit(self) -> None:
        """Show the visit form of the selected stop."""
        self._show_tab(1)

    def _save_prep(self, flag_id: uuid.UUID, changes: dict[str, Any]) -> None:
        # An operation (issue 19): a refusal is one sentence here; the card keeps its state.
        if self._call(ops.save_prep, flag_id, changes):
            self._saved()

    def set_status(self, status: str) -> None:
        """Mark the selected stop skipped or done; the next open stop becomes current."""
        stop = self.selected_stop()
        if stop is None:
            return
        self.form.flush()
        if not self._call(ops.set_stop_status, stop.stop_id, status):
            return
        self._say(
            (
                self.tr("%1 übersprungen.") if status == "skipped" else self.tr("%1 erledigt.")
            ).replace("%1", stop.name)
        )
        self.reload(select_current=True)
        self.stop_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_later(self) -> None:
        """Put the selected stop behind the remaining ones."""
        stop = self.selected_stop()
        if stop is None:
            return
        self.form.flush()
        if not self._call(ops.move_later, stop.stop_id):
            return
        self._say(self.tr("%1 ans Ende der Tour geschoben.").replace("%1", stop.name))
        self.reload(select_current=True)
        self.stop_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_marker(self, key: object) -> None:
        row = self.model.row_of(key if isinstance(key, uuid.UUID) else None)
        if row >= 0:
            self.stop_list.setCurrentIndex(self.model.index(row))

    def _visit_finished(self, _result: field.FinishResult) -> None:
        stop = self.selected_stop()
        self._say(
            self.tr("Besuch bei %1 abgeschlossen; Vermerk und Aufgabe gespeichert.").replace(
                "%1", stop.name if stop else ""
            )
        )
        self._saved()
        self.reload(select_current=True)
        self.tabs.setCurrentIndex(0)
        self.stop_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def replan(self) -> None:
        """Re-plan the remaining stops from the current one, in the background."""
        if self.replan_job is not None:
            return
        self.form.flush()
        with self.db.session() as session:
            data = field.replan_input(session, self.route_id, self.clock())
        geo = self.settings.section("geo", GeoSettings)
        routing = getattr(self.settings, "routing", None)

        def work(_progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            return field.compute_replan(data, geo, routing, cancelled)

        job = Job(work, self)
        job.done.connect(self._replan_done)
        job.failed.connect(self._replan_failed)
        self.replan_job = job
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self._say(self.tr("Die restlichen Halte werden neu geplant …"))
        self._update_buttons()
        job.start()

    def cancel_replan(self) -> None:
        """Stop re-planning; the order stays as it was."""
        if self.replan_job is not None:
            self.replan_job.cancel()

    def _end_job(self) -> bool:
        job, self.replan_job = self.replan_job, None
        cancelled = job.is_cancelled() if job else False
        if job is not None:
            job.wait()
            job.deleteLater()
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        return cancelled

    def _replan_done(self, result: object) -> None:
        cancelled = self._end_job()
        if cancelled or not isinstance(result, ReplanResult):
            self._say(self.tr("Neuplanung abgebrochen; die Reihenfolge bleibt."))
            self._update_buttons()
            return
        if not self._call(ops.apply_replan, result):
            self._update_buttons()
            return
        text = self.tr("Neu geplant: %1 Halte ab dem aktuellen.").replace(
            "%1", str(len(result.order))
        )
        if result.unplanned:
            text += " " + self.tr("%1 passen heute nicht mehr und stehen am Ende.").replace(
                "%1", str(len(result.unplanned))
            )
        self._say(text)
        self.reload(select_current=True)

    def _replan_failed(self, _exc: object) -> None:
        self._end_job()
        self._say(self.tr("Die Neuplanung ist fehlgeschlagen; die Reihenfolge bleibt."))
        self._update_buttons()

    def flush(self) -> None:
        """Commit everything typed but not yet written."""
        self.form.flush()
        self.card.flush()

    def event(self, event: QEvent) -> bool:
        """Follow a change of the system font (text scales with the user's setting)."""
        if event.type() == QEvent.Type.ApplicationFontChange:
            self.setFont(style.field_font())
            self.title.setFont(style.heading_font(1.3))
            self.card.title.setFont(style.heading_font())
            self.form.heading.setFont(style.heading_font(1.2))
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Commit what was typed; wait for a running re-plan."""
        self.flush()
        if self.replan_job is not None:
            self.replan_job.cancel()
            self.replan_job.wait()
        super().closeEvent(event)
