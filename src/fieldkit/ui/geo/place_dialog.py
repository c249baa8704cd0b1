"""Placing one customer's address by hand: click the map or type the coordinates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.services import geocoding
from fieldkit.services.database import Database, utcnow
from fieldkit.services.office import Identity
from fieldkit.services.week import WeekRow
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui import texts
from fieldkit.ui.events import AppEvents
from fieldkit.ui.geo.map_view import MapMarker, MapView
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.screen import fit_to_screen


@dataclass(frozen=True)
class PlaceTarget:
    """The address to place: its id, a one-line description and where it lies now."""

    address_id: uuid.UUID
    label: str
    precision: str
    lat: float | None
    lon: float | None
    manual: bool = False  # placed by hand before


def target_of(db: Database, row: WeekRow) -> PlaceTarget | None:
    """The address behind a week row (``None`` when the customer has no address)."""
    with db.session() as session:
        address = geocoding.address_of_flag(session, row.flag_id)
        if address is None:
            return None
        return PlaceTarget(
            address.id,
            f"{row.name} – {address.strasse} {address.hausnummer}, {address.plz} {address.ort}",
            address.geo_precision,
            address.lat,
            address.lon,
            address.geo_source == "manual",
        )


def fmt_coord(value: float) -> str:
    """A coordinate with six decimals and a German decimal comma."""
    return f"{value:.6f}".replace(".", ",")


class PlaceDialog(QDialog):
    """Shows the map with the address's current position; the user picks a new one.

    "Übernehmen" stores the chosen spot as a manual placement (it wins over every automatic
    source and is remembered for the address), "Platzierung entfernen" drops it again.
    ``changed`` is emitted after either succeeded.
    """

    changed = Signal()

    def __init__(
        self,
        db: Database,
        target: PlaceTarget,
        who: str,
        parent: QWidget | None = None,
        *,
        identity: Identity,
        events: AppEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity  # the main window's login: the service checks it (issue 14)
        # Storing a spot is an operation (issue 19): the views of the customer's weeks reload.
        self.runner = OpRunner(
            lambda: AppContext(db, SettingsStore(Settings()), utcnow, self.identity),
            events,
            self,
        )
        self.target = target
        self.who = who
        self.chosen: tuple[float, float] | None = None
        self.setWindowTitle(self.tr("Von Hand verorten"))
        fit_to_screen(self, 820, 640)
        layout = QVBoxLayout(self)

        now = texts.precision_label("manual" if target.manual else target.precision)
        if target.lat is not None and target.lon is not None:
            now += f" ({fmt_coord(target.lat)} {fmt_coord(target.lon)})"
        head = QLabel(
            f"<b>{escape(target.label)}</b><br>"
            + escape(self.tr("Bisher: %1").replace("%1", now))
            + "<br>"
            + escape(
                self.tr(
                    "Auf die Karte klicken, wo die Adresse liegt (Mausrad zoomt, Ziehen "
                    "verschiebt), oder die Koordinaten eingeben."
                )
            )
        )
        head.setWordWrap(True)
        layout.addWidget(head)

        self.map = MapView(self)
        self.map.setObjectName("place_map")
        self.map.clicked.connect(self._on_map_click)
        layout.addWidget(self.map, 1)
        # Shapes differ as well as colours, so the legend also works without colour.
        legend = QLabel(
            "<span style='color:#7c3aed'>◆</span> "
            + escape(self.tr("bisherige Position"))
            + " &nbsp; <span style='color:#b45309'>◉</span> "
            + escape(self.tr("neue Position"))
            + " &nbsp; <span style='color:#6b6b6b'>•</span> "
            + escape(self.tr("Gemeindemitte"))
        )
        legend.setObjectName("place_legend")
        layout.addWidget(legend)

        form = QFormLayout()
        row = QHBoxLayout()
        self.text = QLineEdit(self)
        self.text.setObjectName("coordinates_text")
        self.text.setPlaceholderText(self.tr("z. B. 49,142 9,219"))
        self.text.setAccessibleName(self.tr("Koordinaten als Text"))
        self.text.installEventFilter(self)
        row.addWidget(self.text, 1)
        self.show_button = QPushButton(self.tr("Auf der Karte zeigen"), self)
        self.show_button.setObjectName("show_text")
        self.show_button.clicked.connect(self.take_text)
        row.addWidget(self.show_button)
        form.addRow(self.tr("Koordinaten (Breite Länge):"), row)

        spins = QHBoxLayout()
        german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
        self.lat = QDoubleSpinBox(self)
        self.lon = QDoubleSpinBox(self)
        for spin, low, high, name in (
            (self.lat, 47.0, 55.1, self.tr("Geografische Breite")),
            (self.lon, 5.8, 15.1, self.tr("Geografische Länge")),
        ):
            spin.setLocale(german)
            spin.setDecimals(6)
            spin.setRange(low, high)
            spin.setSingleStep(0.0005)
            spin.setAccessibleName(name)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._on_spin)
        self.lat.setObjectName("lat_spin")
        self.lon.setObjectName("lon_spin")
        spins.addWidget(QLabel(self.tr("Breite:")))
        spins.addWidget(self.lat)
        spins.addSpacing(12)
        spins.addWidget(QLabel(self.tr("Länge:")))
        spins.addWidget(self.lon)
        spins.addStretch(1)
        form.addRow(self.tr("oder einzeln (WGS84, Grad):"), spins)
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setObjectName("place_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("Platzierung &entfernen"), self)
        self.clear_button.setObjectName("clear_placement")
        self.clear_button.setToolTip(
            self.tr("Die von Hand gesetzte Position löschen; die Adresse wird neu verortet.")
        )
        self.clear_button.setEnabled(target.manual)
        self.clear_button.clicked.connect(self.clear)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        self.apply_button = QPushButton(self.tr("Ü&bernehmen"), self)
        self.apply_button.setObjectName("apply_placement")
        self.apply_button.setDefault(True)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        buttons.addWidget(self.apply_button)
        cancel = QPushButton(self.tr("Abbrechen"), self)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)

        if target.lat is not None and target.lon is not None:
            self._set_spins(target.lat, target.lon)
        else:
            self._set_spins(49.142, 9.219)  # Heilbronn, the district's centre
        self._show_markers()
        if target.lat is not None:
            self.map.fit()

    # -- choosing ------------------------------------------------------------------------

    def _set_spins(self, lat: float, lon: float) -> None:
        for spin, value in ((self.lat, lat), (self.lon, lon)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def choose(self, lat: float, lon: float) -> None:
        """Take ``lat``/``lon`` as the new spot (not yet stored)."""
        self.chosen = (lat, lon)
        self._set_spins(lat, lon)
        self.apply_button.setEnabled(True)
        self._say(
            self.tr("Neue Position: %1 %2 – mit „Übernehmen“ speichern.")
            .replace("%1", fmt_coord(lat))
            .replace("%2", fmt_coord(lon))
        )
        self._show_markers()
        if not self.map.viewport().rect().contains(self.map.from_latlon(lat, lon)):
            # Typed far away: show the old and the new spot together.
            self.map.fit()

    def _on_map_click(self, lat: float, lon: float) -> None:
        self.choose(lat, lon)

    def _on_spin(self) -> None:
        self.choose(self.lat.value(), self.lon.value())

    def take_text(self) -> bool:
        """Read the text field ("49,142 9,219", "49.142, 9.219" …); False with a message."""
        try:
            lat, lon, swapped = geocoding.parse_coordinates_checked(self.text.text())
        except geocoding.GeoServiceError as exc:
            self._say(exc.message(current_language()), error=True)
            return False
        self.choose(lat, lon)
        if swapped:
            self._say(
                self.tr(
                    "Breite und Länge waren vertauscht; übernommen als %1 %2 – mit „Übernehmen“ "
                    "speichern."
                )
                .replace("%1", fmt_coord(lat))
                .replace("%2", fmt_coord(lon))
            )
        return True

    def _show_markers(self) -> None:
        markers = []
        t = self.target
        if t.lat is not None and t.lon is not None:
            markers.append(
                MapMarker(
                    t.lat,
                    t.lon,
                    kind="customer",
                    tooltip=self.tr("Bisherige Position (%1)").replace(
                        "%1", texts.precision_label(t.precision)
                    ),
                )
            )
        if self.chosen is not None:
            markers.append(
                MapMarker(
                    self.chosen[0], self.chosen[1], kind="current", tooltip=self.tr("Neue Position")
                )
            )
        self.map.set_markers(markers)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#8e1b15; font-weight:bold" if error else "")

    # -- storing -------------------------------------------------------------------------

    def _no(self, failure: Failure) -> None:
        self._say(failure.sentence, error=True)

    def apply(self) -> bool:
        """Store the chosen spot; False (with the reason shown) when it is refused."""
        if self.chosen is None:
            self._say(self.tr("Bitte zuerst eine Position wählen."), error=True)
            return False
        lat, lon = self.chosen
        address = self.target.address_id
        if (
            self.runner.call(ops.place_by_hand, address, lat, lon, self.who, on_failed=self._no)
            is None
        ):
            return False
        self.changed.emit()
        self.accept()
        return True

    def clear(self) -> bool:
        """Drop the manual placement of the address."""
        if (
            self.runner.call(ops.clear_placement, self.target.address_id, on_failed=self._no)
            is None
        ):
            return False
        self.changed.emit()
        self.accept()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the text field shows the spot; it must not also store it (default button)."""
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.take_text()
            return True
        return super().eventFilter(watched, event)
