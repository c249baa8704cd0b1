"""The week table: a model over the week's rows and a proxy for sorting and filtering."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QPolygonF

from fieldkit.services.week import WeekRow
from fieldkit.ui import texts

Index = QModelIndex | QPersistentModelIndex

# Background tints and dark text colours chosen for a contrast ratio above 4.5:1 (BITV 2.0).
STATUS_COLORS = {
    "eligible": ("#e3f4e6", "#1b5e20"),
    "warning": ("#fff4d6", "#7a4f00"),
    "blocked": ("#fde2e1", "#8e1b15"),
    "invalid": ("#eeeeee", "#333333"),
}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ORDER = {"blocked": 0, "warning": 1, "eligible": 2}
# Worst first, so sorting by the column brings the customers to place by hand to the top.
PRECISION_ORDER = {"": 0, "municipality": 1, "postcode": 2, "street": 3, "house": 4, "manual": 5}
# Placed too coarsely to plan a route: the user should place these by hand.
WEAK_PRECISIONS = frozenset({"", "municipality"})


def warning_icon() -> QIcon:
    """A small amber triangle with "!": marks a cell that needs attention (not by colour alone)."""
    pix = QPixmap(14, 14)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#f59e0b"))
    painter.setPen(QColor(STATUS_COLORS["warning"][1]))
    painter.drawPolygon(QPolygonF([QPointF(7, 1), QPointF(13, 13), QPointF(1, 13)]))
    painter.setPen(QColor("#000000"))
    painter.drawLine(QPointF(7, 5), QPointF(7, 9))
    painter.drawPoint(QPointF(7, 11))
    painter.end()
    return QIcon(pix)


def status_icon(status: str) -> QIcon:
    """A small filled circle in the status colour."""
    pix = QPixmap(12, 12)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(STATUS_COLORS.get(status, ("#ccc", "#333"))[1]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pix)


class WeekTableModel(QAbstractTableModel):
    """Flagged customers of one week, one row each."""

    # Verortung and Gebiet right after the town: they are what needs attention before
    # planning, and must be in view without scrolling beside the detail panel.
    COLUMNS = ("status", "kundennummer", "name", "strasse", "plz", "ort", "precision", "area",
               "caseworker", "team", "appointment")  # fmt: skip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WeekRow] = []
        self._icons = {s: status_icon(s) for s in STATUS_COLORS}
        self._warning = warning_icon()

    def headers(self) -> list[str]:
        """Translated column titles."""
        return [
            QCoreApplication.translate("WeekTableModel", "Status"),
            QCoreApplication.translate("WeekTableModel", "Kundennummer"),
            QCoreApplication.translate("WeekTableModel", "Name"),
            QCoreApplication.translate("WeekTableModel", "Straße"),
            QCoreApplication.translate("WeekTableModel", "PLZ"),
            QCoreApplication.translate("WeekTableModel", "Ort"),
            QCoreApplication.translate("WeekTableModel", "Verortung"),
            QCoreApplication.translate("WeekTableModel", "Gebiet"),
            QCoreApplication.translate("WeekTableModel", "HB"),
            QCoreApplication.translate("WeekTableModel", "Team"),
            QCoreApplication.translate("WeekTableModel", "Termin"),
        ]

    def set_rows(self, rows: list[WeekRow]) -> None:
        """Replace all rows (a new week)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> WeekRow:
        """The data behind a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            if col == "status":
                return STATUS_ORDER.get(row.status, 9)
            if col == "appointment":
                return row.appointment_at.isoformat() if row.appointment_at else ""
            if col == "precision":
                return PRECISION_ORDER.get(row.placement, 9)
            return self._display(row, col).casefold()
        if role == ROW_ROLE:
            return row
        if col == "status":
            colors = STATUS_COLORS.get(row.status)
            if role == Qt.ItemDataRole.DecorationRole:
                return self._icons.get(row.status)
            if colors and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(colors[0]))
            if colors and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(colors[1]))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(texts.reason_messages(row.reasons))
        if col == "precision" and row.placement == "manual" and role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "WeekTableModel",
                "Von Hand auf der Karte gesetzt; diese Position gilt vor allen automatischen "
                "Quellen und bleibt für die Adresse gespeichert.",
            )
        problem = self.problem(row, col)
        if problem:
            if role == Qt.ItemDataRole.DecorationRole:
                return self._warning
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(STATUS_COLORS["warning"][0]))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(STATUS_COLORS["warning"][1]))
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem
        return None

    @staticmethod
    def problem(row: WeekRow, col: str) -> str:
        """Why the ``col`` cell of ``row`` is highlighted ('' when it is fine)."""
        if col == "precision" and row.placement in WEAK_PRECISIONS:
            if not row.placement:
                return QCoreApplication.translate(
                    "WeekTableModel",
                    "Die Adresse ist nicht verortet: ohne Position kann der Kunde nicht in "
                    "eine Tour. Bitte „Woche verorten“ oder „Von Hand verorten …“.",
                )
            return QCoreApplication.translate(
                "WeekTableModel",
                "Nur der Ortsmittelpunkt ist bekannt, nicht die Adresse. Bitte von Hand "
                "verorten (Woche → Von Hand verorten …).",
            )
        if col == "area" and not row.area:
            return QCoreApplication.translate(
                "WeekTableModel",
                "Die Adresse liegt in keinem Gebiet der Aufteilung des Landkreises. Bitte die "
                "Gebietsaufteilung ergänzen (Extras → Gebietsaufteilung …).",
            )
        return ""

    def _display(self, row: WeekRow, col: str) -> str:
        if col == "status":
            label = texts.status_label(row.status)
            if row.overridden:
                label += " " + QCoreApplication.translate("WeekTableModel", "(freigegeben)")
            return label
        if col == "appointment":
            return texts.fmt_datetime(row.appointment_at)
        if col == "precision":
            return texts.precision_label(row.placement)
        if col == "area":
            return row.area or QCoreApplication.translate("WeekTableModel", "kein Gebiet")
        value = getattr(row, col)
        return str(value)


class WeekFilterProxy(QSortFilterProxyModel):
    """Filters by a search text (name, number, place, caseworker) and a status."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        """Show rows containing ``text`` (case-insensitive) in any searchable column."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        """Show only rows of ``status`` ('' = all)."""
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, WeekTableModel)
        row = model.row_at(source_row)
        if self._status and row.status != self._status:
            return False
        if not self._text:
            return True
        haystack = " ".join(
            (
                row.kundennummer,
                row.name,
                row.strasse,
                row.plz,
                row.ort,
                row.caseworker,
                row.team,
                row.area,
            )
        ).casefold()
        return all(part in haystack for part in self._text.split())
