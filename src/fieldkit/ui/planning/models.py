"""Item models of the planning view: one day's routes with their stops, the unplanned list.

Both models are read-only views of a :class:`fieldkit.services.planning.StoredPlan`. A drop
does not change the model: it asks for the move (``move_requested``); the view re-optimises
in the background, stores the result and then gives the models the new plan.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from fieldkit.services.planning import PlanRoute, PlanStop, UnplannedEntry, clock, window_text
from fieldkit.ui.i18n import current_language

MIME = "application/x-fieldkit-plan-item"
STOP_ROLE = Qt.ItemDataRole.UserRole + 1
ROUTE_ROLE = Qt.ItemDataRole.UserRole + 2
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
_ROUTE = 0  # internal id of a route row; a stop row carries its route's row + 1

#: One colour per worker (by order on the day), readable on white and on the map.
ROUTE_COLORS = ("#1f6feb", "#c2410c", "#047857", "#7c3aed", "#b91c1c", "#0e7490")


def hours(seconds: int) -> str:
    """'1:05 h'."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d} h"


def encode(kind: str, item: uuid.UUID) -> QMimeData:
    """Drag data: 'stop:<id>' for a planned stop, 'flag:<id>' for an unplanned customer."""
    mime = QMimeData()
    mime.setData(MIME, f"{kind}:{item}".encode())
    return mime


def decode(mime: QMimeData) -> tuple[str, uuid.UUID] | None:
    """The kind and id of dragged data, or None."""
    if not mime.hasFormat(MIME):
        return None
    kind, _, text = bytes(mime.data(MIME).data()).decode().partition(":")
    try:
        return kind, uuid.UUID(text)
    except ValueError:
        return None


class DayRoutesModel(QAbstractItemModel):
    """The routes of one day (workers) as parents, their stops in visiting order as children.

    Emits ``move_requested(kind, id, route_id, position)`` when a stop (kind "stop") or an
    unplanned customer (kind "flag") is dropped onto a route or between its stops.
    """

    move_requested = Signal(str, object, object, int)

    COLUMNS = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._routes: list[PlanRoute] = []
        self.busy = False

    def set_routes(self, routes: list[PlanRoute]) -> None:
        """Show these routes (one per worker of the day)."""
        self.beginResetModel()
        self._routes = list(routes)
        self.endResetModel()

    def routes(self) -> list[PlanRoute]:
        """The routes shown."""
        return list(self._routes)

    def route_index(self, route_id: uuid.UUID) -> QModelIndex:
        """The parent row of a route (invalid if not on this day)."""
        for row, route in enumerate(self._routes):
            if route.id == route_id:
                return self.index(row, 0)
        return QModelIndex()

    def stop_index(self, stop_id: uuid.UUID) -> QModelIndex:
        """The row of a stop (invalid if not on this day)."""
        for row, route in enumerate(self._routes):
            for k, stop in enumerate(route.stops):
                if stop.id == stop_id:
                    return self.index(k, 0, self.index(row, 0))
        return QModelIndex()

    # --- structure ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Route rows at the top, stop rows below their route."""
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return (
                self.createIndex(row, column, _ROUTE) if row < len(self._routes) else QModelIndex()
            )
        if parent.internalId() != _ROUTE:
            return QModelIndex()
        route = self._routes[parent.row()]
        if row >= len(route.stops):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A stop's parent is its route."""
        if not index.isValid() or index.internalId() == _ROUTE:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _ROUTE)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Routes at the top, stops under a route."""
        if not parent.isValid():
            return len(self._routes)
        if parent.internalId() == _ROUTE and parent.column() == 0:
            return len(self._routes[parent.row()].stops)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Arrival; place and customer."""
        return self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Ankunft"), self.tr("Ort – Kunde"))[section]

    def _route_of(self, index: Index) -> PlanRoute:
        if index.internalId() == _ROUTE:
            return self._routes[index.row()]
        return self._routes[int(index.internalId()) - 1]

    def _stop_of(self, index: Index) -> PlanStop | None:
        if not index.isValid() or index.internalId() == _ROUTE:
            return None
        return self._route_of(index).stops[index.row()]

    # --- data -----------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, tooltips, fonts and the plain objects behind a row."""
        if not index.isValid():
            return None
        route = self._route_of(index)
        stop = self._stop_of(index)
        if stop is None:
            return self._route_data(route, index.column(), role, index.row())
        return self._stop_data(stop, index.row(), index.column(), role)

    def _route_data(self, route: PlanRoute, column: int, role: int, row: int) -> Any:
        # The route's row spans all columns in the view (setFirstColumnSpanned).
        if role == ROUTE_ROLE:
            return route
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            if not route.stops:
                return self.tr("%1 – frei (hierher ziehen)").replace("%1", route.worker)
            return (
                self.tr("%1 – zurück %2")
                .replace("%1", route.worker)
                .replace("%2", clock(route.end))
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            text = (
                self.tr("%1: Arbeitszeit %2, davon Fahrzeit %3")
                .replace("%1", route.worker)
                .replace("%2", hours(route.working))
                .replace("%3", hours(route.driving))
            )
            if route.break_start is not None:
                text += "\n" + self.tr("Pause ab %1").replace("%1", clock(route.break_start))
            return text
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(ROUTE_COLORS[row % len(ROUTE_COLORS)]))
        return None

    def _window(self, stop: PlanStop) -> str:
        """The stop's time window in the UI's language ('ab 10:00' / 'from 10:00')."""
        after, before = self.tr("ab %1"), self.tr("bis %1")
        return window_text(stop.window_from, stop.window_to, after, before) or stop.window

    def _arrival(self, stop: PlanStop) -> str:
        """'08:08' or, when the customer's window opens later, '08:08, wartet bis 10:00'."""
        if stop.start > stop.arrival:
            return (
                self.tr("%1, wartet bis %2")
                .replace("%1", clock(stop.arrival))
                .replace("%2", clock(stop.start))
            )
        return clock(stop.arrival)

    def _stop_data(self, stop: PlanStop, row: int, column: int, role: int) -> Any:
        if role == STOP_ROLE:
            return stop
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{row + 1}.  {self._arrival(stop)}"
            marks = []
            if stop.window:
                marks.append(self._window(stop))
            if stop.pinned:
                marks.append(self.tr("fest"))
            if stop.status == "done" or stop.visited:
                marks.append(self.tr("erledigt"))
            prefix = " · ".join(marks)
            text = f"{_place(stop.address)} – {stop.name}"
            return f"[{prefix}] {text}" if prefix else text
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"{stop.name} ({stop.kundennummer})",
                stop.address,
                self.tr("Ankunft %1, Besuch %2 Min.")
                .replace("%1", self._arrival(stop))
                .replace("%2", str(round(stop.service / 60))),
            ]
            if stop.window:
                lines.append(self.tr("Zeitfenster: %1").replace("%1", self._window(stop)))
            if stop.priority > 0:
                lines.append(self.tr("Vorrang (z. B. U25)"))
            if stop.pinned:
                lines.append(self.tr("Von Hand festgelegt"))
            if stop.fixed:
                lines.append(self.tr("Schon besucht oder unterwegs markiert: bleibt, wo er ist"))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and stop.fixed:
            return QBrush(QColor("#6b7280"))
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 1:
            return f"{row + 1}. {stop.name}, {clock(stop.arrival)}"
        return None

    # --- drag and drop --------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        """Stops can be dragged (unless they already happened); routes and stops take drops."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        stop = self._stop_of(index)
        if stop is None:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        if stop.fixed or self.busy:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        """Moves only."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Moves only."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """The one drag format of the planning view."""
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """The dragged stop."""
        for index in indexes:
            stop = self._stop_of(index)
            if stop is not None:
                return encode("stop", stop.id)
        return QMimeData()

    def target(self, row: int, parent: Index) -> tuple[PlanRoute, int] | None:
        """The route and position a drop at ``row`` under ``parent`` means."""
        if not parent.isValid():
            if 0 <= row < len(self._routes):
                route = self._routes[row]
                return route, len(route.stops)
            return None
        stop = self._stop_of(parent)
        route = self._route_of(parent)
        if stop is not None:
            return route, parent.row()  # dropped onto a stop: goes before it
        return route, len(route.stops) if row < 0 else row

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Only planning items, only onto a route of this day, never while re-planning."""
        return not self.busy and decode(data) is not None and self.target(row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask for the move; the plan comes back re-optimised."""
        item = decode(data)
        where = self.target(row, parent)
        if self.busy or item is None or where is None or action == Qt.DropAction.IgnoreAction:
            return False
        route, position = where
        kind, item_id = item
        if kind == "stop":
            for k, stop in enumerate(route.stops):
                if stop.id == item_id and k < position:
                    position -= 1  # counted without the stop itself, as the service does
                    break
        self.move_requested.emit(kind, item_id, route.id, position)
        return True


def _place(address: str) -> str:
    """'Lindenweg 3, 74172 Neckarsulm' → 'Neckarsulm'."""
    tail = address.rpartition(", ")[2]
    return tail.partition(" ")[2] or tail


class UnplannedModel(QAbstractTableModel):
    """The customers of the week in no route, with the reason; rows can be dragged to a route."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UnplannedEntry] = []

    def set_entries(self, entries: list[UnplannedEntry]) -> None:
        """Show these entries."""
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per customer."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Customer, place, reason."""
        return 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Kunde"), self.tr("Ort"), self.tr("Grund"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, place and the reason in the UI's language."""
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return (entry.name, _place(entry.address), entry.text(current_language()))[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.name} ({entry.kundennummer})\n{entry.address}\n" + entry.text(
                current_language()
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows can be dragged onto a route (except blocked customers)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._rows[index.row()].reason in ("blocked", "no_coordinates"):
            return base
        return base | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        """Moves only."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """The one drag format of the planning view."""
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """The dragged customer."""
        for index in indexes:
            if index.isValid():
                return encode("flag", self._rows[index.row()].flag_id)
        return QMimeData()
