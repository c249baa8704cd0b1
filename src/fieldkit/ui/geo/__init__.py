"""Geocoding the week, placing customers by hand, and the areas of the district (issue 4)."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from fieldkit.app import ops
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services import geocoding
from fieldkit.services import osm as osm_import
from fieldkit.ui.i18n import current_language
from fieldkit.ui.safety import open_file_name
from fieldkit.ui.workers import Job

if TYPE_CHECKING:
    from fieldkit.services.week import WeekRow
    from fieldkit.ui.geo.area_editor import AreaEditor
    from fieldkit.ui.geo.place_dialog import PlaceDialog
    from fieldkit.ui.host import FeatureHost

log = logging.getLogger(__name__)


#: Starts an operation on the window's runner: (progress, done, failed) -> its job.
Starter = Callable[
    [Callable[[int, int], None], Callable[[object], None], Callable[[object], None]], Job
]


class GeoFeature(QObject):
    """The geo actions of the main window and the background jobs they start.

    ``finished`` is emitted once a geocoding or import job has been handled (also after an
    error or a cancel); tests and the other parts can wait for it.
    """

    finished = Signal()

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.last_message = ""
        self.place_dialog: PlaceDialog | None = None
        self.area_editor: AreaEditor | None = None

        self.action_geocode = QAction(self.tr("Woche &verorten"), window.window())
        self.action_geocode.setObjectName("action_geocode_week")
        self.action_geocode.setStatusTip(
            self.tr("Die Adressen der Woche auf der Karte verorten (offline, im Hintergrund)")
        )
        self.action_geocode.triggered.connect(self.geocode_week)
        self.action_place = QAction(self.tr("Von &Hand verorten …"), window.window())
        self.action_place.setObjectName("action_place_by_hand")
        self.action_place.setStatusTip(
            self.tr(
                "Die Adresse des gewählten Kunden auf der Karte setzen oder Koordinaten eingeben"
            )
        )
        self.action_place.setEnabled(False)
        self.action_place.triggered.connect(self.open_place_dialog)
        window.week_menu.addSeparator()
        window.week_menu.addAction(self.action_geocode)
        window.week_menu.addAction(self.action_place)
        window.toolbar.addAction(self.action_geocode)

        self.action_import = QAction(self.tr("A&dressdaten importieren …"), window.window())
        self.action_import.setObjectName("action_import_addresses")
        self.action_import.setStatusTip(
            self.tr("Hauskoordinaten (OpenStreetMap-CSV oder HK-DE) für die Verortung einlesen")
        )
        self.action_import.triggered.connect(self.import_addresses)
        self.action_import_osm = QAction(
            self.tr("&OpenStreetMap-Auszug importieren …"), window.window()
        )
        self.action_import_osm.setObjectName("action_import_osm")
        self.action_import_osm.setStatusTip(
            self.tr(
                "Hausadressen, Straßen und Straßennetz aus einer OpenStreetMap-Datei (.osm.pbf) "
                "einlesen"
            )
        )
        self.action_import_osm.triggered.connect(self.import_osm)
        actions = window.file_menu.actions()
        # Next to the other import, before "Beenden".
        for action in (self.action_import, self.action_import_osm):
            if len(actions) > 1:
                window.file_menu.insertAction(actions[1], action)
            else:
                window.file_menu.addAction(action)

        self.action_areas = QAction(self.tr("&Gebietsaufteilung …"), window.window())
        self.action_areas.setObjectName("action_edit_areas")
        self.action_areas.setStatusTip(
            self.tr("Die Gebiete des Landkreises mit Gemeinden, Besuchstagen und Fachkraft")
        )
        self.action_areas.triggered.connect(self.open_area_editor)
        window.tools_menu.addAction(self.action_areas)

        window.week_changed.connect(self._on_week)
        window.row_selected.connect(self._on_row)
        self._on_week(window.current_week())

    # -- state -------------------------------------------------------------------------------

    def _on_week(self, week: str) -> None:
        self.action_geocode.setEnabled(bool(week) and not self.is_busy())

    def _on_row(self, row: WeekRow | None) -> None:
        self.action_place.setEnabled(row is not None)

    def is_busy(self) -> bool:
        """True while a geocoding or import job runs (until its result was handled)."""
        return self.progress is not None

    def _say(self, text: str) -> None:
        self.last_message = text
        self.window.statusBar().showMessage(text)

    def _warn(self, title: str, text: str) -> None:
        self._say(text)
        QMessageBox.warning(self.window.window(), title, text)

    # -- background jobs ---------------------------------------------------------------------

    def _run(
        self,
        label: str,
        fn: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
        *,
        start: Starter | None = None,
    ) -> Job | None:
        """Run ``fn`` in a job, or the operation that ``start(progress, done, failed)`` hands
        to the window's runner (issue 19), with a progress dialog."""
        if self.is_busy():
            self._say(self.tr("Bitte warten: eine Verortung oder ein Import läuft noch."))
            return None
        dialog = QProgressDialog(label, self.tr("Abbrechen"), 0, 0, self.window.window())
        dialog.setWindowTitle(self.tr("Verortung"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        def finish() -> None:
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()
            self.progress = None
            self.action_geocode.setEnabled(bool(self.window.current_week()))
            self.action_import.setEnabled(True)
            self.action_import_osm.setEnabled(True)

        def done(result: object) -> None:
            finish()
            on_done(result)
            self.finished.emit()

        def failed(exc: object) -> None:
            finish()
            on_failed(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
            self.finished.emit()

        self.progress = dialog
        self.action_geocode.setEnabled(False)
        self.action_import.setEnabled(False)
        self.action_import_osm.setEnabled(False)
        if start is None:
            job = Job(fn, self)
            job.progress.connect(progress)
            job.done.connect(done)
            job.failed.connect(failed)
            job.start()
        else:
            job = start(progress, done, failed)
        dialog.canceled.connect(job.cancel)
        dialog.canceled.connect(
            lambda: dialog.setLabelText(self.tr("Wird abgebrochen; Erledigtes bleibt erhalten …"))
        )
        self.job = job
        return job

    def _starter(self, op: Callable[..., Any], *args: Any, **kwargs: Any) -> Starter:
        """Start ``op`` on the window's runner (issue 19), with this feature's progress and
        its own handling of a failure (the exception, not the runner's sentence)."""

        def start(
            progress: Callable[[int, int], None],
            done: Callable[[object], None],
            failed: Callable[[object], None],
        ) -> Job:
            return self.window.ops.run(
                op,
                *args,
                progress=progress,
                on_done=done,
                on_failed=lambda failure: failed(failure.exc),
                **kwargs,
            )

        return start

    # -- geocoding the week -----------------------------------------------------------------

    def geocode_week(self) -> Job | None:
        """Place the week's addresses in the background, as an operation: the views showing
        the week reload from its Changes."""
        week = self.window.current_week()
        if not week:
            return None
        online = self.window.settings.geo.online_enabled
        return self._run(
            self.tr("Die Adressen der Woche werden verortet …"),
            _no_work,
            self._geocoded,
            self._geocode_failed,
            start=self._starter(ops.geocode_week, week, online=online),
        )

    def _geocoded(self, summary: object) -> None:
        if isinstance(summary, geocoding.GeocodeSummary):
            self._say(summary.text(current_language()))

    def _geocode_failed(self, exc: Exception) -> None:
        self.window.reload_week()  # whatever was placed before the error is kept
        if isinstance(exc, (geocoding.GeoServiceError, PermissionDenied)):
            text = exc.message(current_language())
        else:
            log.error("geocoding the week failed: %s", type(exc).__name__)
            text = self.tr(
                "Die Verortung ist an einem unerwarteten Fehler gescheitert; bereits verortete "
                "Adressen bleiben erhalten."
            )
        self._warn(self.tr("Verortung"), text)

    # -- address files ----------------------------------------------------------------------

    def import_addresses(
        self, path: str | None = None, *, swap_lat_lon: bool = False
    ) -> Job | None:
        """Ask for a house-coordinates file and import it in the background."""
        if not path:
            path = open_file_name(
                self.window.window(),
                self.window.db,
                self.tr("Adressdaten importieren"),
                self.tr("Adressdaten (*.csv *.txt);;Alle Dateien (*)"),
            )
        if not path:
            return None
        file = Path(path)
        return self._run(
            self.tr("„%1“ wird eingelesen …").replace("%1", file.name),
            _no_work,
            self._imported,
            lambda exc: self._import_failed(exc, file, swap_lat_lon),
            start=self._starter(ops.import_addresses, file, swap_lat_lon=swap_lat_lon),
        )

    def _imported(self, summary: object) -> None:
        if isinstance(summary, geocoding.AddressImportSummary):
            text = summary.text(current_language())
            self._say(text)
            QMessageBox.information(self.window.window(), self.tr("Adressdaten importiert"), text)

    def _import_failed(self, exc: Exception, file: Path, swapped: bool) -> None:
        title = self.tr("Adressdaten importieren")
        if isinstance(exc, PermissionDenied):
            self._warn(title, exc.message(current_language()))
            return
        if not isinstance(exc, geocoding.GeoServiceError):
            log.error("address import failed: %s", type(exc).__name__)
            text = self.tr("Die Datei konnte nicht eingelesen werden; es wurde nichts gespeichert.")
            self._warn(title, text)
            return
        text = exc.message(current_language())
        # The service marks an error of swapped latitude and longitude; offer the swap then.
        if not swapped and exc.code == geocoding.SWAPPED_LAT_LON:
            self._say(text)
            answer = QMessageBox.question(
                self.window.window(),
                title,
                text + "\n\n" + self.tr("Mit getauschter Breite und Länge importieren?"),
            )
            if answer == QMessageBox.StandardButton.Yes:
                # Started after this job's end was handled, so the new job is not refused.
                QTimer.singleShot(0, lambda: self.import_addresses(str(file), swap_lat_lon=True))
            return
        self._warn(title, text)

    # -- OpenStreetMap extract (issue 22) ---------------------------------------------------

    def import_osm(self, path: str | None = None) -> Job | None:
        """Ask for an OpenStreetMap extract and import it in the background (cancel: nothing
        changes)."""
        if not path:
            path = open_file_name(
                self.window.window(),
                self.window.db,
                self.tr("OpenStreetMap-Auszug importieren"),
                self.tr("OpenStreetMap-Auszüge (*.osm.pbf *.pbf *.osm);;Alle Dateien (*)"),
            )
        if not path:
            return None
        file = Path(path)
        return self._run(
            self.tr("„%1“ wird eingelesen (einige Minuten) …").replace("%1", file.name),
            _no_work,
            self._osm_imported,
            self._osm_failed,
            start=self._starter(ops.import_osm, file),
        )

    def _osm_imported(self, summary: object) -> None:
        if isinstance(summary, osm_import.OsmImportSummary):
            text = summary.text(current_language())
            self._say(text)
            QMessageBox.information(
                self.window.window(), self.tr("OpenStreetMap-Auszug importiert"), text
            )

    def _osm_failed(self, exc: Exception) -> None:
        title = self.tr("OpenStreetMap-Auszug importieren")
        if isinstance(exc, PermissionDenied):
            self._warn(title, exc.message(current_language()))
            return
        if isinstance(exc, geocoding.GeoServiceError):
            text = exc.message(current_language())
            if exc.code == "cancelled":
                self._say(text)
                return
        else:
            log.error("OpenStreetMap import failed: %s", type(exc).__name__)
            text = self.tr("Der Auszug konnte nicht eingelesen werden; es wurde nichts geändert.")
        self._warn(title, text)

    # -- by hand -----------------------------------------------------------------------------

    def who(self) -> str:
        """Who places by hand (kept with the placement)."""
        name = self.window.identity.caseworker
        if name:
            return name
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no user name in containers without a passwd entry
            return ""

    def open_place_dialog(self) -> PlaceDialog | None:
        """The map dialog for the selected customer (non-blocking)."""
        from fieldkit.ui.geo.place_dialog import PlaceDialog, target_of

        row = self.window.selected_row()
        if row is None:
            return None
        target = target_of(self.window.db, row)
        if target is None:
            self._say(self.tr("Der Kunde hat keine Adresse, die verortet werden könnte."))
            return None
        dialog = PlaceDialog(
            self.window.db,
            target,
            self.who(),
            self.window.window(),
            identity=self.window.identity,
            events=self.window.events,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._placed)
        self.place_dialog = dialog
        dialog.open()
        return dialog

    def _placed(self) -> None:
        # The table of the customer's week reloads from the placement's Changes.
        self._say(self.tr("Die Position wurde gespeichert."))

    # -- areas -------------------------------------------------------------------------------

    def open_area_editor(self) -> AreaEditor:
        """The area editor (non-blocking)."""
        from fieldkit.ui.geo.area_editor import AreaEditor

        editor = AreaEditor(self.window.db, self.window.window(), runner=self.window.ops)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._areas_saved)
        self.area_editor = editor
        editor.open()
        return editor

    def _areas_saved(self) -> None:
        # The views that show areas refresh from the save's Changes (areas=True).
        self._say(self.tr("Die Gebietsaufteilung wurde gespeichert."))


def _no_work(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> None:
    """The job function of a run that an operation does instead (``start``)."""


def install(host: FeatureHost) -> GeoFeature:
    """Add the geo actions to the week, file and tools menus and the toolbar."""
    return GeoFeature(host)
