"""The planning view of a week: days as columns with their routes, the map, the unplanned list.

Planning and every re-optimisation after a drag-and-drop run in a background :class:`Job`;
the stored plan is what the view shows, so it is there again after a restart.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.week import IsoWeek, to_berlin
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import planning
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.services.planning import PlanningError, PlanRoute, StoredPlan, clock
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.access import announce
from fieldkit.ui.events import AppEvents
from fieldkit.ui.geo.map_view import MapLine, MapMarker, MapView
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import OpRunner, user_sentence
from fieldkit.ui.planning.models import (
    ROUTE_COLORS,
    STOP_ROLE,
    DayRoutesModel,
    UnplannedModel,
    hours,
)
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.texts import week_label
from fieldkit.ui.workers import Job


def day_name(day: dt.date) -> str:
    """The German (translated) weekday name of ``day``."""
    return (
        QCoreApplication.translate("PlanningWindow", "Montag"),
        QCoreApplication.translate("PlanningWindow", "Dienstag"),
        QCoreApplication.translate("PlanningWindow", "Mittwoch"),
        QCoreApplication.translate("PlanningWindow", "Donnerstag"),
        QCoreApplication.translate("PlanningWindow", "Freitag"),
        QCoreApplication.translate("PlanningWindow", "Samstag"),
        QCoreApplication.translate("PlanningWindow", "Sonntag"),
    )[day.weekday()]


class DayColumn(QWidget):
    """One day: its title and a tree of its routes (workers) with their stops."""

    def __init__(self, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.title = QPushButton(self)
        self.title.setFlat(True)
        self.title.setCheckable(True)
        self.title.setStyleSheet("QPushButton { font-weight: bold; text-align: left; }")
        self.title.setToolTip(self.tr("Diesen Tag auf der Karte zeigen"))
        layout.addWidget(self.title)
        self.model = DayRoutesModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName(f"day_{day.isoformat()}")
        self.tree.setModel(self.model)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        # The arrival column fits its texts but never takes more than ARRIVAL_SHARE of the
        # width: at 1366×768 a "08:11, wartet bis 10:00" pushed "Ort – Kunde" out of sight,
        # cut without an ellipsis. Capped, both columns elide and the tooltip has it all.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.viewport().installEventFilter(self)
        layout.addWidget(self.tree, 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

    def show_routes(self, routes: list[PlanRoute], working: bool, holiday: str) -> None:
        """Fill the column with the day's routes."""
        label = f"{day_name(self.day)} {self.day:%d.%m.}"
        self.title.setText(label)
        self.tree.setAccessibleName(self.tr("Touren am %1").replace("%1", label))
        self.model.set_routes(routes)
        for row in range(len(routes)):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        self.fit_columns()
        stops = sum(len(r.stops) for r in routes)
        if not working:
            self.summary.setText(
                self.tr("Kein Arbeitstag: %1").replace("%1", holiday or self.tr("geschlossen"))
            )
        elif not routes:
            self.summary.setText(self.tr("Niemand arbeitet an diesem Tag."))
        else:
            lines = [
                self.tr("%1: %2 Besuche, %3–%4 Uhr, Fahrzeit %5")
                .replace("%1", r.worker)
                .replace("%2", str(len(r.stops)))
                .replace("%3", clock(r.start))
                .replace("%4", clock(r.end))
                .replace("%5", hours(r.driving))
                for r in routes
                if r.stops
            ]
            self.summary.setText("\n".join(lines) or self.tr("Noch keine Besuche."))
            self.summary.setAccessibleName(self.tr("%1 Besuche").replace("%1", str(stops)))

    #: The arrival column's largest share of the day column's width.
    ARRIVAL_SHARE = 0.45

    def fit_columns(self) -> None:
        """Give the arrival column what its texts need, at most ARRIVAL_SHARE of the width."""
        wanted = max(self.tree.sizeHintForColumn(0), self.tree.header().sectionSizeHint(0))
        room = self.tree.viewport().width()
        self.tree.setColumnWidth(0, max(1, min(wanted, int(room * self.ARRIVAL_SHARE))))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The tree's viewport gets its width after this column's layout ran: fit then.
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)


class PlanningWindow(QMainWindow):
    """The week's routes: plan, look at them on the map, move stops by drag and drop."""

    plan_loaded = Signal(object)  # StoredPlan | None, after every (re)load
    job_failed = Signal(str)  # the German (UI-language) sentence shown

    def __init__(
        self,
        db: Database,
        settings: Settings,
        week: str,
        parent: QWidget | None = None,
        *,
        identity: Identity,
        events: AppEvents | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("planning_window")
        self.db = db
        # The main window's login: planning and every drag and drop name it (issue 14).
        self.identity = identity
        self.settings = settings
        self.week = week
        # Planning and moves run as operations (issue 19): they tell the other views which
        # week changed, and this window refreshes when another operation changes its week.
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.runner = OpRunner(self._context, events, self)
        if events is not None:
            events.changed.connect(self.on_changes)
        self.plan: StoredPlan | None = None
        self.job: Job | None = None
        self.selected_day: dt.date | None = None
        self._elapsed = QElapsedTimer()
        self._limit = 1.0
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._advance)
        self._build()
        fit_to_screen(self, 1400, 900)
        self.set_week(week)
        planning.prestart_search()  # the search's helper processes load while the user looks

    # --- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.plan_button = QPushButton(self.tr("Woche planen"), self)
        self.plan_button.setObjectName("plan_button")
        self.plan_button.setToolTip(
            self.tr(
                "Alle planbaren Kunden der Woche auf Tage und Fachkräfte verteilen und die "
                "Reihenfolge berechnen. Schon erledigte Besuche bleiben, wo sie sind."
            )
        )
        self.plan_button.clicked.connect(self.start_planning)
        bar.addWidget(self.plan_button)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("plan_progress")
        self.progress.setAccessibleName(self.tr("Fortschritt der Planung"))
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        bar.addWidget(self.progress)
        self.cancel_button = QPushButton(self.tr("Abbrechen (besten Plan behalten)"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        bar.addWidget(self.cancel_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("plan_summary")
        self.summary.setWordWrap(True)
        # Starting to plan must not move the days and the map (issue 20): a new layout
        # repaints the whole window, the map's 1,000 markers included, while the search
        # thread competes for the interpreter. So the progress bar and the cancel button
        # keep their place when hidden, and the summary has room for three lines.
        for widget in (self.progress, self.cancel_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.summary.setMinimumHeight(3 * self.summary.fontMetrics().lineSpacing())
        bar.addWidget(self.summary, 1)
        outer.addLayout(bar)
        self.message = QLabel(self)
        self.message.setObjectName("plan_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")
        self.message.hide()
        outer.addWidget(self.message)
        self.hint = QLabel(
            self.tr(
                "Besuche mit der Maus auf eine andere Stelle, einen anderen Tag oder eine andere "
                "Fachkraft ziehen: Die Wahl wird festgehalten („fest“), der Rest neu berechnet. "
                "Ein Klick auf den Tag zeigt ihn auf der Karte."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #4b5563;")
        outer.addWidget(self.hint)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.days_widget = QWidget(split)
        self.days_layout = QHBoxLayout(self.days_widget)
        self.days_layout.setContentsMargins(0, 0, 0, 0)
        self.columns: dict[dt.date, DayColumn] = {}
        split.addWidget(self.days_widget)

        bottom = QSplitter(Qt.Orientation.Horizontal, split)
        map_box = QWidget(bottom)
        map_layout = QVBoxLayout(map_box)
        map_layout.setContentsMargins(0, 0, 0, 0)
        self.map_title = QLabel(map_box)
        self.map_title.setStyleSheet("font-weight: bold;")
        map_layout.addWidget(self.map_title)
        self.map = MapView(map_box)
        self.map.setObjectName("plan_map")
        self.map.setAccessibleName(self.tr("Karte der Touren"))
        self.map.marker_clicked.connect(self._on_marker)
        map_layout.addWidget(self.map, 1)
        bottom.addWidget(map_box)
        unplanned_box = QWidget(bottom)
        un_layout = QVBoxLayout(unplanned_box)
        un_layout.setContentsMargins(0, 0, 0, 0)
        self.unplanned_title = QLabel(unplanned_box)
        self.unplanned_title.setStyleSheet("font-weight: bold;")
        un_layout.addWidget(self.unplanned_title)
        self.unplanned_model = UnplannedModel(self)
        self.unplanned_view = QTableView(unplanned_box)
        self.unplanned_view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.unplanned_view.setObjectName("unplanned_view")
        self.unplanned_view.setAccessibleName(self.tr("Nicht eingeplante Kunden"))
        self.unplanned_view.setModel(self.unplanned_model)
        self.unplanned_view.setDragEnabled(True)
        self.unplanned_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.unplanned_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unplanned_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unplanned_view.verticalHeader().setVisible(False)
        self.unplanned_view.setWordWrap(True)
        self.unplanned_view.horizontalHeader().setStretchLastSection(True)
        un_layout.addWidget(self.unplanned_view, 1)
        bottom.addWidget(unplanned_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([820, 560])
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([470, 330])
        outer.addWidget(split, 1)
        self.setCentralWidget(central)

    # --- showing ----------------------------------------------------------------------------
    def set_week(self, week: str) -> None:
        """Show the stored plan of ``week`` (the columns are its working days)."""
        self.week = week
        label = week_label(week) if week else ""
        self.setWindowTitle(self.tr("Touren planen – %1").replace("%1", label))
        self.reload()

    def _routing(self) -> RoutingSettings:
        return self.settings.section("routing", RoutingSettings)

    def reload(self) -> None:
        """Read the stored plan and show it."""
        plan = None
        if self.week:
            with self.db.session() as session:
                plan = planning.plan_for(
                    session, self.week, self._routing(), identity=self.identity
                )
        self.show_plan(plan)

    def show_plan(self, plan: StoredPlan | None) -> None:
        """Fill columns, map and unplanned list from ``plan``."""
        self.plan = plan
        days = plan.days() if plan is not None else []
        if not days and self.week:
            monday = IsoWeek.parse(self.week).monday()
            days = [monday + dt.timedelta(days=k) for k in range(5)]
        if list(self.columns) != days:
            for column in self.columns.values():
                self.days_layout.removeWidget(column)
                column.deleteLater()
            self.columns = {}
            for day in days:
                column = DayColumn(day, self.days_widget)
                column.model.move_requested.connect(self._on_move)
                column.title.clicked.connect(lambda _=False, d=day: self.select_day(d))
                column.tree.clicked.connect(lambda _i, d=day: self.select_day(d))
                self.days_layout.addWidget(column, 1)
                self.columns[day] = column
        for day, column in self.columns.items():
            routes = plan.routes_on(day) if plan is not None else []
            column.show_routes(routes, True, "")
        entries = list(plan.unplanned) if plan is not None else []
        self.unplanned_model.set_entries(entries)
        self.unplanned_view.resizeColumnsToContents()
        self.unplanned_title.setText(
            self.tr("Nicht eingeplant (%1) – zum Einplanen auf eine Tour ziehen").replace(
                "%1", str(len(entries))
            )
        )
        self._show_summary()
        if self.selected_day not in self.columns:
            self.selected_day = next(
                (d for d in self.columns if plan and any(r.stops for r in plan.routes_on(d))),
                next(iter(self.columns), None),
            )
        if self.selected_day is not None:
            self.select_day(self.selected_day)
        self.plan_loaded.emit(plan)

    def _show_summary(self) -> None:
        plan = self.plan
        if plan is None:
            self.summary.setText(
                self.tr("Für diese Woche gibt es noch keinen Plan. „Woche planen“ berechnet ihn.")
            )
            return
        total = plan.planned + len(plan.unplanned)
        local = to_berlin(plan.planned_at)  # the office's time, as every other time shown
        self.summary.setText(
            self.tr("%1 von %2 Kunden eingeplant · Fahrzeit gesamt %3 · geplant am %4 um %5 Uhr")
            .replace("%1", str(plan.planned))
            .replace("%2", str(total))
            .replace("%3", hours(plan.driving))
            .replace("%4", f"{local:%d.%m.%Y}")
            .replace("%5", f"{local:%H:%M}")
        )

    def select_day(self, day: dt.date) -> None:
        """Show this day's routes on the map."""
        self.selected_day = day
        for d, column in self.columns.items():
            column.title.setChecked(d == day)
        routes = self.plan.routes_on(day) if self.plan is not None else []
        markers: list[MapMarker] = []
        lines: list[MapLine] = []
        offices: set[tuple[float, float]] = set()
        for n, route in enumerate(routes):
            color = ROUTE_COLORS[n % len(ROUTE_COLORS)]
            if route.office_lat is None or route.office_lon is None:
                continue
            office = (route.office_lat, route.office_lon)
            if office not in offices:
                offices.add(office)
                markers.append(MapMarker(*office, kind="office", tooltip=route.office))
            points = [office]
            for k, stop in enumerate(route.stops):
                if stop.lat is None or stop.lon is None:
                    continue
                points.append((stop.lat, stop.lon))
                kind = "done" if stop.status == "done" else "stop"
                markers.append(
                    MapMarker(
                        stop.lat,
                        stop.lon,
                        label=str(k + 1),
                        kind=kind,
                        tooltip=f"{k + 1}. {clock(stop.arrival)} {stop.name} – {route.worker}",
                        key=stop.id,
                    )
                )
            points.append(office)
            if len(points) > 2:
                lines.append(MapLine(tuple(points), color=color))
        self.map.set_lines(lines)
        self.map.set_markers(markers)
        self.map.fit()
        label = f"{day_name(day)} {day:%d.%m.%Y}"
        legend = ", ".join(
            f'<span style="color:{ROUTE_COLORS[n % len(ROUTE_COLORS)]}">■</span> {r.worker}'
            for n, r in enumerate(routes)
            if r.stops
        )
        self.map_title.setText(
            self.tr("Karte: %1").replace("%1", label) + (f"   {legend}" if legend else "")
        )

    def _on_marker(self, key: object) -> None:
        if not isinstance(key, uuid.UUID):
            return
        for column in self.columns.values():
            index = column.model.stop_index(key)
            if index.isValid():
                column.tree.setCurrentIndex(index)
                column.tree.scrollTo(index)
                return

    # --- background work --------------------------------------------------------------------
    def _context(self) -> AppContext:
        """What the operations get: this window's settings (they follow the main window's)."""
        return AppContext(self.db, SettingsStore(self.settings), self._clock, self.identity)

    def on_changes(self, changes: Changes) -> None:
        """Another operation changed the week shown, the areas or the staff: show what is
        stored now. This window's own results are shown when they arrive (while busy,
        nothing is reloaded)."""
        concerned = changes.touches_week(self.week) or changes.areas or changes.staff
        if self.week and concerned and not self.is_busy():
            self.reload()

    def is_busy(self) -> bool:
        """True while planning or re-optimising runs."""
        return self.job is not None

    def _run(
        self,
        op: Callable[..., OpResult[StoredPlan]],
        *args: Any,
        limit: float,
        text: str,
        cancellable: bool,
    ) -> None:
        self.message.hide()
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        if cancellable and self.plan_button.hasFocus():
            # The disabled plan button hands the focus on: to "Abbrechen", not to the next
            # widget in the chain (the map, whose repaint would compete with the search).
            self.cancel_button.setFocus()
        self._set_busy(True)
        self.summary.setText(text)
        self._limit = max(limit, 0.1)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self._elapsed.start()
        self._tick.start()
        progress = self._ignore_progress if cancellable else None
        self.job = self.runner.run(
            op,
            *args,
            on_done=self._on_done,
            on_failed=lambda failure: self._on_failed(failure.exc),
            progress=progress,
        )

    @staticmethod
    def _ignore_progress(_done: int, _total: int) -> None:
        """The bar follows the time limit (``_advance``); the op gets progress and cancel."""

    def start_planning(self) -> None:
        """Plan the whole week in the background (replaces the earlier routes)."""
        if self.is_busy() or not self.week:
            return
        limit = self._routing().time_limit_seconds
        self._run(
            ops.plan_week,
            self.week,
            limit=limit,
            text=self.tr("Die Woche wird geplant … (höchstens %1 s)").replace("%1", f"{limit:.0f}"),
            cancellable=True,
        )

    def cancel(self) -> None:
        """Stop planning; the best plan found so far is stored and shown."""
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText(self.tr("Wird beendet, der beste Plan bisher wird gespeichert …"))

    def _on_move(self, kind: str, item: uuid.UUID, route_id: uuid.UUID, position: int) -> None:
        if self.is_busy() or self.plan is None:
            return
        text = self.tr("Die Wahl wird festgehalten, die Touren werden neu berechnet …")
        limit = planning.MOVE_TIME_LIMIT
        if kind == "stop":
            self._run(
                ops.move_stop, item, route_id, position, limit=limit, text=text, cancellable=False
            )
        else:
            self._run(
                ops.place_unplanned,
                self.week,
                item,
                route_id,
                position,
                limit=limit,
                text=text,
                cancellable=False,
            )

    def _advance(self) -> None:
        share = self._elapsed.elapsed() / (self._limit * 1000)
        self.progress.setValue(min(990, round(share * 1000)))

    def _set_busy(self, busy: bool) -> None:
        self.plan_button.setEnabled(not busy)
        for column in self.columns.values():
            column.model.busy = busy
        self.unplanned_view.setDragEnabled(not busy)

    def _finish(self) -> None:
        self._tick.stop()
        self.progress.hide()
        self.cancel_button.hide()
        self.job = None  # the runner waited for it and releases it
        self._set_busy(False)

    def _on_done(self, result: object) -> None:
        self._finish()
        if isinstance(result, StoredPlan):
            self.show_plan(result)
            if result.cancelled:
                self.summary.setText(
                    self.summary.text() + " " + self.tr("(abgebrochen: bester Plan bis dahin)")
                )
            notes = [note.text(current_language()) for note in result.notes]
            if notes:
                self.summary.setText("\n".join([self.summary.text(), *notes]))
        else:
            self.reload()

    def _on_failed(self, error: object) -> None:
        self._finish()
        if isinstance(error, (PlanningError, PermissionDenied)):
            text = error.message(current_language())
        else:
            text = self.tr("Die Planung ist fehlgeschlagen: %1").replace("%1", user_sentence(error))
        self.reload()
        self.message.setText(text)
        self.message.show()
        announce(self.message, text)
        self.job_failed.emit(text)

    def selected_stop(self) -> planning.PlanStop | None:
        """The stop selected in a day column, if any."""
        for column in self.columns.values():
            index: QModelIndex = column.tree.currentIndex()
            stop = index.data(STOP_ROLE) if index.isValid() else None
            if isinstance(stop, planning.PlanStop):
                return stop
        return None

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing while planning: stop the search (the best plan so far is stored)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)
