"""Geo in the main window: geocoding the week, highlights, placing by hand, address files."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from fieldkit.services import areas, geocoding
from fieldkit.services.week import WeekRow
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Address, ManualPlacement, OutreachWorker
from fieldkit.ui.geo import GeoFeature
from fieldkit.ui.geo.area_editor import AreaEditor
from fieldkit.ui.geo.place_dialog import PlaceDialog
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.week_model import SORT_ROLE, WeekTableModel
from tests.factories import add_flagged


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "geo.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Neckarsulm")
    yield database
    database.dispose()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes never block: they are recorded as (kind, text)."""
    seen: list[tuple[str, str]] = []

    def record(kind: str) -> Any:
        def box(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
            seen.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    return seen


def make_window(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        db, Settings(), state, lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    qtbot.addWidget(window)
    window.show()
    return window


def geo(window: MainWindow) -> GeoFeature:
    feature = window.features.get_as("geo", GeoFeature)
    assert isinstance(feature, GeoFeature)
    return feature


def column(window: MainWindow, name: str) -> list[str]:
    col = WeekTableModel.COLUMNS.index(name)
    return [window.proxy.index(r, col).data() for r in range(window.proxy.rowCount())]


def test_geocode_week_from_the_action(qtbot: QtBot, db: Database, tmp_path: Path, messages):
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    assert column(window, "precision") == ["nicht verortet", "nicht verortet"]
    assert feature.action_geocode in window.week_menu.actions()
    assert feature.action_geocode in window.toolbar.actions()
    with qtbot.waitSignal(feature.finished, timeout=20000):
        feature.action_geocode.trigger()
        assert feature.progress is not None  # the progress dialog with its cancel button
        assert not feature.action_geocode.isEnabled()  # no second run meanwhile
    assert "Adressen geokodiert" in window.statusBar().currentMessage()
    assert all(p != "nicht verortet" for p in column(window, "precision"))
    assert feature.action_geocode.isEnabled()
    assert messages == []


def test_cancel_keeps_what_was_done(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages
):
    real = geocoding.geocode_week
    started = threading.Event()

    def slow(db: Database, week: str, settings: Settings, **kw: Any) -> Any:
        kw["progress"](0, 2)
        started.set()
        for _ in range(500):  # until the user cancels (at most 5 s)
            if kw["cancelled"]():
                break
            threading.Event().wait(0.01)
        return real(
            db,
            week,
            settings,
            progress=kw["progress"],
            cancelled=lambda: True,
            identity=kw["identity"],
        )

    monkeypatch.setattr(geocoding, "geocode_week", slow)
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    with qtbot.waitSignal(feature.finished, timeout=10000):
        feature.geocode_week()
        assert started.wait(5)
        qtbot.waitUntil(lambda: feature.progress is not None and feature.progress.maximum() == 2)
        assert feature.progress is not None
        # The user's button (QProgressDialog.cancel() would not emit ``canceled``).
        button = feature.progress.findChild(QPushButton)
        assert button is not None
        button.click()
        assert feature.job is not None
        assert feature.job.is_cancelled()
    assert "abgebrochen" in window.statusBar().currentMessage()
    assert messages == []


def test_geocode_error_is_one_german_sentence(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages
):
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(geocoding, "geocode_week", broken)
    window = make_window(qtbot, db, tmp_path)
    with qtbot.waitSignal(geo(window).finished, timeout=10000):
        geo(window).geocode_week()
    assert len(messages) == 1
    kind, text = messages[0]
    assert kind == "warning"
    assert "unerwarteten Fehler" in text
    assert "locked" not in text


def _row(precision: str, area: str, source: str = "") -> WeekRow:
    return WeekRow(
        uuid.uuid4(), "962D000009", "Test, Testa", "Lindenweg 3", "74172", "Neckarsulm",
        "eligible", (), "Frau Keller", "521", None, True, False, precision, "", area, source,
    )  # fmt: skip


def test_model_shows_a_hand_placement_as_by_hand(qtbot: QtBot):
    model = WeekTableModel()
    model.set_rows(
        [
            _row("house", "Nord", "manual"),
            _row("house", "Nord", "address_points"),
            _row("none", "Nord", ""),  # geocoding found nothing
            _row("municipality", "Nord", "gazetteer_municipality"),
        ]
    )
    prec = WeekTableModel.COLUMNS.index("precision")
    tip, deco, back = (
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
    )
    assert [model.index(r, prec).data() for r in range(4)] == [
        "von Hand", "Hausnummer", "nicht verortet", "Gemeinde",
    ]  # fmt: skip
    # By hand is fine (no colour, no icon) and says in its tooltip what it means.
    assert model.index(0, prec).data(deco) is None
    assert model.index(0, prec).data(back) is None
    assert "Von Hand" in model.index(0, prec).data(tip)
    assert model.index(1, prec).data(tip) is None
    # Not placed by geocoding is highlighted like never geocoded.
    assert model.index(2, prec).data(deco) is not None
    assert "nicht verortet" in model.index(2, prec).data(tip)
    # Sorting the column: worst first, the hand placement last.
    order = sorted(range(4), key=lambda r: model.index(r, prec).data(SORT_ROLE))
    assert order == [2, 3, 1, 0]


def test_model_highlights_coarse_places_and_missing_areas(qtbot: QtBot):
    model = WeekTableModel()
    model.set_rows(
        [_row("house", "Nord"), _row("municipality", "Nord"), _row("", ""), _row("street", "")]
    )
    prec = WeekTableModel.COLUMNS.index("precision")
    area = WeekTableModel.COLUMNS.index("area")
    tip, deco, back = (
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
    )
    texts = [model.index(r, prec).data() for r in range(4)]
    assert texts == ["Hausnummer", "Gemeinde", "nicht verortet", "Straße"]
    assert [model.index(r, area).data() for r in range(4)] == [
        "Nord", "Nord", "kein Gebiet", "kein Gebiet",
    ]  # fmt: skip
    # Fine rows: no colour, no icon, no tooltip.
    for role in (tip, deco, back):
        assert model.index(0, prec).data(role) is None
        assert model.index(0, area).data(role) is None
    # Coarse or missing: colour AND icon AND a tooltip saying why.
    for r in (1, 2):
        assert model.index(r, prec).data(back) is not None
        assert model.index(r, prec).data(deco) is not None
        assert "von Hand" in model.index(r, prec).data(tip) or "verorten" in model.index(
            r, prec
        ).data(tip)
    assert "Ortsmittelpunkt" in model.index(1, prec).data(tip)
    assert "nicht verortet" in model.index(2, prec).data(tip)
    assert model.index(3, prec).data(deco) is None
    for r in (2, 3):
        assert model.index(r, area).data(deco) is not None
        assert "keinem Gebiet" in model.index(r, area).data(tip)


def open_place(qtbot: QtBot, window: MainWindow) -> PlaceDialog:
    feature = geo(window)
    assert not feature.action_place.isEnabled()
    window.table.selectRow(0)
    assert feature.action_place.isEnabled()
    feature.action_place.trigger()
    dialog = feature.place_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def stored(db: Database) -> Address:
    with db.session() as session:
        address = session.query(Address).join(Address.customer).filter_by(nachname="Albers").one()
        session.expunge(address)
        return address


def test_place_by_clicking_the_map(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_place(qtbot, window)
    assert "Albers" in dialog.target.label
    assert not dialog.apply_button.isEnabled()
    assert not dialog.clear_button.isEnabled()
    pos = dialog.map.from_latlon(49.19, 9.22)
    qtbot.mouseClick(dialog.map.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert dialog.chosen is not None
    assert dialog.chosen[0] == pytest.approx(49.19, abs=0.01)
    assert dialog.chosen[1] == pytest.approx(9.22, abs=0.01)
    assert any(m.kind == "current" for m in dialog.map.markers())  # the marker shows the spot
    assert dialog.lat.value() == pytest.approx(dialog.chosen[0])
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    address = stored(db)
    assert address.geo_source == "manual"
    assert address.lat == pytest.approx(dialog.chosen[0])
    # The week was reloaded; a hand placement says so, not "Hausnummer".
    assert column(window, "precision")[0] == "von Hand"
    assert "gespeichert" in window.statusBar().currentMessage()

    # Again: the existing position is shown, and the placement can be removed.
    again = open_place(qtbot, window)
    assert again.target.manual
    assert again.clear_button.isEnabled()
    assert [m.kind for m in again.map.markers()] == ["customer"]
    qtbot.mouseClick(again.clear_button, Qt.MouseButton.LeftButton)
    assert stored(db).geo_source != "manual"
    assert column(window, "precision")[0] != "von Hand"
    with db.session() as session:
        assert session.query(ManualPlacement).count() == 0


def test_place_by_typed_coordinates(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_place(qtbot, window)
    dialog.text.setText("Hauptstraße 5")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen is None
    assert "keine Koordinaten" in dialog.message.text()
    assert not dialog.apply_button.isEnabled()
    dialog.text.setText("49,142 9,219")
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # shows the spot, does not store yet
    assert dialog.isVisible()
    assert dialog.chosen == pytest.approx((49.142, 9.219))
    assert "49,142000 9,219000" in dialog.message.text()
    # The second way: the two number fields (German decimal comma).
    dialog.lon.setValue(9.25)
    assert dialog.chosen == pytest.approx((49.142, 9.25))
    assert dialog.apply()
    assert stored(db).lon == pytest.approx(9.25)


def test_outside_germany_is_refused_in_german(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_place(qtbot, window)
    dialog.text.setText("48,85 2,35")  # Paris
    assert not dialog.take_text()
    assert "nicht in Deutschland" in dialog.message.text()
    dialog.chosen = (48.85, 2.35)  # as if clicked far outside the district
    assert not dialog.apply()
    assert "nicht in Deutschland" in dialog.message.text()
    assert stored(db).geo_source != "manual"


def test_swapped_typed_coordinates_are_turned_and_said(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_place(qtbot, window)
    dialog.text.setText("9,219; 49,142")
    assert dialog.take_text()
    assert dialog.chosen == pytest.approx((49.142, 9.219))
    assert "vertauscht" in dialog.message.text()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02\xff\xfe" * 200,
        b"name;alter\nAnna;12\n",
        b"street,housenumber,postcode,city,lat,lon\nA,1,74072,Heilbronn,49.1,,\n",
    ],
    ids=["empty", "binary", "wrong-format", "missing-lon"],
)
def test_hostile_address_files_give_one_sentence(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
    content: bytes,
):
    path = tmp_path / "adressen.csv"
    path.write_bytes(content)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "Adressdaten (*.csv)")
    )
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    assert feature.action_import in window.file_menu.actions()
    with qtbot.waitSignal(feature.finished, timeout=10000):
        feature.action_import.trigger()
    assert len(messages) == 1
    kind, text = messages[0]
    assert kind == "warning"
    assert "Traceback" not in text
    assert "Error" not in text
    assert text.count("\n") == 0
    assert text.endswith(".")
    assert window.statusBar().currentMessage() == text


def test_import_address_file(qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch, messages):
    path = tmp_path / "hauskoordinaten.csv"
    path.write_text(
        "street,housenumber,postcode,city,lat,lon\n"
        "Lindenweg,3,74172,Neckarsulm,49.1921,9.2245\n"
        "Lindenweg,5,74172,Neckarsulm,49.1923,9.2249\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    with qtbot.waitSignal(feature.finished, timeout=10000):
        feature.action_import.trigger()
    assert [k for k, _ in messages] == ["information"]
    assert "2" in messages[0][1]
    with qtbot.waitSignal(feature.finished, timeout=20000):
        feature.geocode_week()
    assert column(window, "precision") == ["Hausnummer", "Hausnummer"]


def test_cancelled_file_dialog_does_nothing(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: ("", ""))
    window = make_window(qtbot, db, tmp_path)
    assert geo(window).import_addresses() is None


def town_item(editor: AreaEditor, name: str) -> QListWidgetItem:
    found = [
        editor.town_list.item(i)
        for i in range(editor.town_list.count())
        if editor.town_list.item(i).text().split(" ")[0] == name
    ]
    assert len(found) == 1, name
    return found[0]


def open_areas(qtbot: QtBot, window: MainWindow) -> AreaEditor:
    feature = geo(window)
    assert feature.action_areas in window.tools_menu.actions()
    feature.action_areas.trigger()
    editor = feature.area_editor
    assert editor is not None
    qtbot.waitExposed(editor)
    return editor


def test_area_editor_saves_a_division(qtbot: QtBot, db: Database, tmp_path: Path):
    with db.session() as session:
        session.add(OutreachWorker(name="AB Probe"))
    window = make_window(qtbot, db, tmp_path)
    assert column(window, "area") == ["kein Gebiet", "kein Gebiet"]
    editor = open_areas(qtbot, window)
    assert editor.town_list.count() == 46
    assert editor.area_list.count() == 0
    assert not editor.detail.isEnabled()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.detail.isEnabled()
    editor.name_edit.clear()
    qtbot.keyClicks(editor.name_edit, "Nord")
    assert editor.area_list.item(0).text() == "Nord (0 Gemeinden)"
    assert "keinen Besuchstag" in editor.problems_label.text()
    editor.day_boxes[1].setChecked(True)
    editor.day_boxes[3].setChecked(True)
    editor.worker_combo.setCurrentIndex(editor.worker_combo.findText("AB Probe"))
    assert editor.worker_combo.itemText(0) == "(keine Festlegung)"
    town_item(editor, "Neckarsulm").setCheckState(Qt.CheckState.Checked)
    assert editor.area_list.item(0).text() == "Nord (1 Gemeinde)"
    # Not "stimmig" while 45 municipalities have no area: they are listed instead.
    assert "stimmig" not in editor.problems_label.text()
    assert "widersprechen sich nicht" in editor.problems_label.text()
    assert "Ohne Gebiet (45)" in editor.problems_label.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    with db.session() as session:
        (saved,) = areas.load_area_edits(session)
    assert saved.name == "Nord"
    assert saved.weekdays == (1, 3)
    assert saved.worker_id is not None
    assert [m[1] for m in saved.members] == [None]
    assert column(window, "area") == ["Nord", "Nord"]  # the week was reloaded

    # Reopened: the area is there, the town shows its owner to a second area.
    editor = open_areas(qtbot, window)
    assert editor.name_edit.text() == "Nord"
    assert editor.day_boxes[3].isChecked()
    assert editor.worker_combo.currentText() == "AB Probe"
    editor.add_area()
    assert "in „Nord“" in town_item(editor, "Neckarsulm").text()


def test_area_editor_validates_live_and_saves_nothing_when_unsound(
    qtbot: QtBot, db: Database, tmp_path: Path
):
    window = make_window(qtbot, db, tmp_path)
    editor = open_areas(qtbot, window)
    for name in ("Nord", "Süd"):
        editor.add_area()
        editor.name_edit.setText(name)
        editor._on_name(name)
        editor.day_boxes[2].setChecked(True)
        town_item(editor, "Neckarsulm").setCheckState(Qt.CheckState.Checked)
    assert "Neckarsulm ist in zwei Gebieten: „Nord“ und „Süd“." in editor.problems_label.text()
    # A split town: the postcodes of the part, checked as they are typed.
    editor.town_list.setCurrentItem(town_item(editor, "Neckarsulm"))
    qtbot.keyClicks(editor.postcode_edit, "7417")
    assert "„7417“ ist keine Postleitzahl" in editor.problems_label.text()
    assert not editor.save()
    assert "Nicht gespeichert" in editor.problems_label.text()
    assert editor.isVisible()
    with db.session() as session:
        assert areas.load_area_edits(session) == []
    # Removing the second area resolves the overlap.
    editor.remove_area()
    editor.town_list.setCurrentItem(town_item(editor, "Neckarsulm"))
    editor.postcode_edit.clear()
    editor._on_postcodes("")
    assert editor.area_list.count() == 1
    assert "zwei Gebieten" not in editor.problems_label.text()
    assert editor.save()


def test_area_problems_speak_the_ui_language(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from fieldkit.ui import i18n

    monkeypatch.setattr(i18n, "_current", "en")
    window = make_window(qtbot, db, tmp_path)
    editor = open_areas(qtbot, window)
    editor.add_area()
    editor.name_edit.setText("Nord")
    editor._on_name("Nord")
    # Live: the service's check, in English (the editor has no checks of its own any more).
    assert "⚠ Area “Nord” has no visiting day." in editor.problems_label.text()
    assert "⚠ Area “Nord” has no municipality." in editor.problems_label.text()
    editor.day_boxes[1].setChecked(True)
    town_item(editor, "Neckarsulm").setCheckState(Qt.CheckState.Checked)
    editor.town_list.setCurrentItem(town_item(editor, "Neckarsulm"))
    qtbot.keyClicks(editor.postcode_edit, "7417a")
    assert "“7417a” is not a postcode (5 digits)." in editor.problems_label.text()
    assert not editor.save()
    shown = editor.problems_label.text()
    assert "⚠ Area “Nord”, Neckarsulm: “7417a” is not a postcode (5 digits)." in shown
    assert "Gebiet" not in shown
    assert "Postleitzahl" not in shown
    with db.session() as session:
        assert areas.load_area_edits(session) == []
    monkeypatch.setattr(i18n, "_current", "de")
    editor.validate()
    assert "„7417a“ ist keine Postleitzahl (5 Ziffern)." in editor.problems_label.text()


def test_a_pasted_overlong_area_name_is_cut_to_what_the_database_holds(
    qtbot: QtBot, db: Database, tmp_path: Path
):
    window = make_window(qtbot, db, tmp_path)
    editor = open_areas(qtbot, window)
    editor.add_area()
    editor.name_edit.clear()
    editor.name_edit.insert("Ost" * 3334)
    assert len(editor.current().name) == areas.NAME_LIMIT  # type: ignore[union-attr]


def test_swap_offer_is_keyed_on_the_code_not_the_wording(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages
):
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    file = tmp_path / "daten.csv"
    # Worded without "vertauscht", but marked: the swap is offered.
    marked = geocoding.GeoServiceError(
        "Breite und Länge stehen falsch herum.", "Wrong way round.", geocoding.SWAPPED_LAT_LON
    )
    feature._import_failed(marked, file, swapped=False)
    assert len(asked) == 1
    assert messages == []
    # Mentions "vertauscht", but is another error: a plain warning, no offer.
    other = geocoding.GeoServiceError("Spalten vertauscht? Keine Koordinaten.", "No coordinates.")
    feature._import_failed(other, file, swapped=False)
    assert len(asked) == 1
    assert [k for k, _ in messages] == ["warning"]
    # Already read swapped: no second offer.
    feature._import_failed(marked, file, swapped=True)
    assert len(asked) == 1


def test_geocoding_notes_follow_the_ui_language(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import fieldkit.ui.geo as ui_geo
    from fieldkit.geo.notes import GeoNote, NoteCode

    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    summary = geocoding.GeocodeSummary(
        total=1,
        by_precision={"municipality": 1},
        attention=("962D000001",),
        cancelled=False,
        seconds=0.1,
        notes=(("962D000001", GeoNote.of(NoteCode.POSTCODE_UNKNOWN, plz="99999")),),
    )
    feature._geocoded(summary)
    assert "962D000001: Postleitzahl 99999 gibt es nicht." in feature.last_message
    monkeypatch.setattr(ui_geo, "current_language", lambda: "en")
    feature._geocoded(summary)
    assert "962D000001: postcode 99999 does not exist." in feature.last_message
    assert "Postleitzahl" not in feature.last_message


def test_swapped_columns_are_offered_the_swap(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages
):
    path = tmp_path / "vertauscht.csv"
    path.write_text(
        "street,housenumber,postcode,city,lat,lon\nLindenweg,3,74172,Neckarsulm,9.2245,49.1921\n",
        encoding="utf-8",
    )
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    with qtbot.waitSignal(feature.finished, timeout=10000):
        feature.import_addresses(str(path))
    assert len(asked) == 1
    assert "vertauscht" in asked[0]
    with qtbot.waitSignal(feature.finished, timeout=10000):
        pass  # the import again, with the columns swapped
    assert [k for k, _ in messages] == ["information"]
