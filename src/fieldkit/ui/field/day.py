"""The day's stops as a list model, the customer card with its preparation checklist, the map."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services import field
from fieldkit.services.field import FieldDay, PrepState, StopCard
from fieldkit.ui.field import style
from fieldkit.ui.geo.map_view import MapLine, MapMarker, MapView
from fieldkit.ui.texts import weekday_short

Index = QModelIndex | QPersistentModelIndex
STOP_ROLE = Qt.ItemDataRole.UserRole + 1


def status_text(status: str) -> str:
    """A stop status in the users' words."""
    labels = {
        "planned": QCoreApplication.translate("FieldDay", "geplant"),
        "done": QCoreApplication.translate("FieldDay", "erledigt"),
        "skipped": QCoreApplication.translate("FieldDay", "übersprungen"),
        "later": QCoreApplication.translate("FieldDay", "später"),
    }
    return labels.get(status, status)


def when_text(value: datetime | None) -> str:
    """'Do 10.12.2026, 09:00 Uhr' in local time."""
    if value is None:
        return ""
    local = value.astimezone(field.BERLIN)
    return (
        QCoreApplication.translate("FieldDay", "%1 %2, %3 Uhr")
        .replace("%1", weekday_short(local))
        .replace("%2", local.strftime("%d.%m.%Y"))
        .replace("%3", local.strftime("%H:%M"))
    )


class StopListModel(QAbstractListModel):
    """The stops of the day in their current order; the current stop is highlighted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stops: tuple[StopCard, ...] = ()
        self._current: uuid.UUID | None = None

    def set_day(self, day: FieldDay | None) -> None:
        """Show the stops of ``day``."""
        self.beginResetModel()
        self._stops = day.stops if day else ()
        current = day.current if day else None
        self._current = current.stop_id if current else None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of stops."""
        return 0 if parent.isValid() else len(self._stops)

    def stop_at(self, row: int) -> StopCard:
        """The stop in ``row``."""
        return self._stops[row]

    def row_of(self, stop_id: uuid.UUID | None) -> int:
        """The row of a stop, -1 if not shown."""
        return next((i for i, s in enumerate(self._stops) if s.stop_id == stop_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Two lines per stop: number, time, name; address and status."""
        if not index.isValid():
            return None
        stop = self._stops[index.row()]
        current = stop.stop_id == self._current
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "▶ " if current else ""
            return (
                f"{mark}{stop.position}.  {field.clock_text(stop.arrival_seconds)}  {stop.name}\n"
                f"{stop.place} · {self._status(stop, current)}"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                self.tr("Halt %1, %2 Uhr, %3, %4, %5")
                .replace("%1", str(stop.position))
                .replace("%2", field.clock_text(stop.arrival_seconds))
                .replace("%3", stop.name)
                .replace("%4", stop.place)
                .replace("%5", self._status(stop, current))
            )
        if role == Qt.ItemDataRole.BackgroundRole and current:
            return QBrush(QColor(style.colours().current_bg))
        if role == Qt.ItemDataRole.ForegroundRole:
            # Set with the background: the theme's text colour may be light (dark theme).
            if stop.status == "done":
                return QBrush(QColor(style.colours().done))
            if stop.status == "skipped":
                return QBrush(QColor(style.colours().muted))
            return QBrush(QColor(style.colours().text)) if current else None
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont(style.field_font())
            font.setBold(True)
            return font
        if role == STOP_ROLE:
            return stop
        return None

    def _status(self, stop: StopCard, current: bool) -> str:
        text = status_text(stop.status)
        if stop.status == "done":
            text = "✓ " + text
        if current:
            now = self.tr("jetzt dran")
            text = now if stop.status == "planned" else now + " · " + text
        return text


class CustomerCard(QWidget):
    """Name, address with Adresszusatz, appointment, caseworker, hints, open letters, prep."""

    def __init__(
        self,
        save_prep: Callable[[uuid.UUID, dict[str, Any]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save_prep = save_prep
        self._flag_id: uuid.UUID | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(self)
        self.title.setObjectName("card_title")
        self.title.setFont(style.heading_font())
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a customer name is never markup
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.title.setAccessibleName(self.tr("Kunde"))
        layout.addWidget(self.title)
        self.body = QLabel(self)
        self.body.setObjectName("card_body")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.body.setAccessibleName(self.tr("Angaben zum Kunden"))
        layout.addWidget(self.body)

        self.prep_box = QGroupBox(self.tr("Vorbereitung vor der Abfahrt"), self)
        prep = QVBoxLayout(self.prep_box)
        self.eakte = QCheckBox(self.tr("E-Akte auf offene Mitwirkungsschreiben geprüft"), self)
        self.eakte.setObjectName("prep_eakte")
        self.lsb_needed = QCheckBox(self.tr("Kontakt mit der Leistungssachbearbeitung (LSB) nötig"))
        self.lsb_needed.setObjectName("prep_lsb_needed")
        self.lsb_contacted = QCheckBox(self.tr("LSB kontaktiert"), self)
        self.lsb_contacted.setObjectName("prep_lsb_contacted")
        self.prep_note = QLineEdit(self)
        self.prep_note.setObjectName("prep_note")
        self.prep_note.setPlaceholderText(
            self.tr("Notiz zur Vorbereitung, z. B. Absprache mit LSB")
        )
        for box in (self.eakte, self.lsb_needed, self.lsb_contacted):
            box.setAccessibleName(box.text())
            box.toggled.connect(self._prep_toggled)
            prep.addWidget(box)
        self.prep_note.setAccessibleName(self.tr("Notiz zur Vorbereitung"))
        prep.addWidget(self.prep_note)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(300)
        self._note_timer.timeout.connect(self.flush)
        self.prep_note.textEdited.connect(lambda _t: self._note_timer.start())
        self.prep_note.editingFinished.connect(self.flush)
        layout.addWidget(self.prep_box)
        layout.addStretch(1)
        self.show_stop(None)

    def show_stop(self, stop: StopCard | None) -> None:
        """Show one stop's customer (or a hint when none is selected)."""
        self.flush()
        self._loading = True
        self._flag_id = stop.flag_id if stop else None
        self.prep_box.setVisible(stop is not None)
        if stop is None:
            self.title.setText(self.tr("Kein Halt ausgewählt"))
            self.body.setText("")
        else:
            self.title.setText(f"{stop.position}. {stop.name}")
            self.body.setText(self._html(stop))
            self._set_prep(stop.prep)
        self._loading = False

    def _set_prep(self, prep: PrepState) -> None:
        self.eakte.setChecked(prep.eakte_checked)
        self.lsb_needed.setChecked(prep.lsb_needed)
        self.lsb_contacted.setChecked(prep.lsb_contacted)
        self.prep_note.setText(prep.note)
        self.lsb_contacted.setEnabled(prep.lsb_needed)

    def _html(self, s: StopCard) -> str:
        muted = style.colours().muted

        def row(label: str, value: str) -> str:
            return (
                f"<tr><td style='padding:3px 14px 3px 0; color:{muted}'>{escape(label)}</td>"
                f"<td style='padding:3px 0'>{value}</td></tr>"
            )

        address = escape(s.street) + "<br>" + escape(s.place)
        if s.adresszusatz.strip():
            address += "<br><b>" + escape(s.adresszusatz) + "</b>"
        appointment = escape(when_text(s.appointment_at)) or escape(self.tr("kein Termin"))
        if s.appointment_place.strip():
            appointment += "<br>" + escape(s.appointment_place)
        caseworker = escape(s.caseworker) or "–"
        if s.caseworker_phone.strip():
            caseworker += " · " + escape(self.tr("Tel.")) + " " + escape(s.caseworker_phone)
        letters = (
            f"<b style='color:{style.colours().error}'>{escape(', '.join(s.open_cooperation))}</b>"
            if s.open_cooperation
            else escape(self.tr("keine"))
        )
        rows = [
            row(self.tr("Anschrift"), address),
            row(self.tr("Kundennummer"), escape(s.kundennummer)),
            row(self.tr("Einladung zum Termin"), appointment),
            row(self.tr("Hauptbetreuer/in"), caseworker),
            row(self.tr("Hinweise"), escape(s.hints) or "–"),
            row(self.tr("Offene Mitwirkungsschreiben"), letters),
            row(
                self.tr("Geplante Ankunft"),
                escape(self.tr("%1 Uhr").replace("%1", field.clock_text(s.arrival_seconds)))
                + " · "
                + escape(status_text(s.status)),
            ),
        ]
        return "<table>" + "".join(rows) + "</table>"

    def _prep_toggled(self, _checked: bool) -> None:
        self.lsb_contacted.setEnabled(self.lsb_needed.isChecked())
        if self._loading or self._flag_id is None:
            return
        self._save_prep(
            self._flag_id,
            {
                "eakte_checked": self.eakte.isChecked(),
                "lsb_needed": self.lsb_needed.isChecked(),
                "lsb_contacted": self.lsb_contacted.isChecked(),
            },
        )

    def flush(self) -> None:
        """Commit the typed preparation note now."""
        if not self._note_timer.isActive() and not self.prep_note.isModified():
            return
        self._note_timer.stop()
        self.prep_note.setModified(False)
        if self._flag_id is not None and not self._loading:
            self._save_prep(self._flag_id, {"note": self.prep_note.text()})


def day_map(parent: QWidget, mbtiles: Path | None) -> MapView:
    """The offline map of the day."""
    view = MapView(parent, mbtiles=mbtiles)
    view.setObjectName("field_map")
    view.setAccessibleName(QCoreApplication.translate("FieldDay", "Karte der Tagestour"))
    return view


def show_day_on_map(view: MapView, day: FieldDay | None, fit: bool = True) -> None:
    """Numbered stops, the office and the route line through the stops in order."""
    markers: list[MapMarker] = []
    points: list[tuple[float, float]] = []
    office = None
    if day is not None and day.office_lat is not None and day.office_lon is not None:
        office = (day.office_lat, day.office_lon)
        markers.append(MapMarker(*office, kind="office", tooltip=day.office_name))
        points.append(office)
    current = day.current if day else None
    for stop in day.stops if day else ():
        if stop.lat is None or stop.lon is None:
            continue
        kind = {"done": "done", "skipped": "skipped"}.get(stop.status, "stop")
        if current is not None and stop.stop_id == current.stop_id:
            kind = "current"
        markers.append(
            MapMarker(
                stop.lat,
                stop.lon,
                label=str(stop.position),
                kind=kind,
                tooltip=f"{stop.position}. {stop.name} – {stop.address}",
                key=stop.stop_id,
            )
        )
        points.append((stop.lat, stop.lon))
    if office is not None and len(points) > 1:
        points.append(office)
    view.set_markers(markers)
    view.set_lines([MapLine(tuple(points))] if len(points) > 1 else [])
    if fit:
        view.fit()
