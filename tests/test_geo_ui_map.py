"""The offline map widget: projection, markers, clicks, zoom, MBTiles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from fieldkit.geo.gazetteer import load_municipalities
from fieldkit.ui.geo.map_view import MapLine, MapMarker, MapView, mercator


@pytest.fixture
def view(qtbot: QtBot) -> MapView:
    widget = MapView()
    qtbot.addWidget(widget)
    widget.resize(600, 450)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _png(color: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes
    return bytes(data.data())


def _mbtiles(path: Path, *, fmt: str = "png", zooms: tuple[int, ...] = (8, 10)) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
        "tile_data BLOB)"
    )
    con.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("format", fmt), ("attribution", "Testkacheln")],
    )
    here = mercator(49.14, 9.22)
    for z in zooms:
        # Heilbronn's tile in XYZ numbering, stored with a TMS row.
        size = 256.0 * 2**12 / 2**z
        x, y = int(here.x() // size), int(here.y() // size)
        con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2**z - 1 - y, _png("red")))
    con.commit()
    con.close()
    return path


def test_latlon_round_trip(view: MapView) -> None:
    point = view.from_latlon(49.14, 9.22)
    lat, lon = view.to_latlon(point)
    assert lat == pytest.approx(49.14, abs=0.01)
    assert lon == pytest.approx(9.22, abs=0.01)
    # North is up, east is right.
    north = view.from_latlon(49.3, 9.22)
    east = view.from_latlon(49.14, 9.4)
    assert north.y() < point.y()
    assert east.x() > point.x()


def test_fit_shows_the_district_and_then_all_markers(view: MapView) -> None:
    rect = view.viewport().rect()
    for town in load_municipalities():
        assert rect.contains(view.from_latlon(town.lat, town.lon)), town.name
    markers = [MapMarker(49.15, 9.2, "1"), MapMarker(49.16, 9.22, "2", kind="done")]
    view.set_markers(markers)
    view.set_lines([MapLine(((49.15, 9.2), (49.16, 9.22)))])
    view.fit()
    for marker in markers:
        assert rect.contains(view.from_latlon(marker.lat, marker.lon))
    assert view.markers() == markers
    # Zoomed in far more than the whole district: the two points are far apart on screen.
    a, b = (view.from_latlon(m.lat, m.lon) for m in markers)
    assert (a - b).manhattanLength() > 100


def test_click_on_map_and_on_marker(view: MapView, qtbot: QtBot) -> None:
    view.set_markers([MapMarker(49.14, 9.22, "3", key="kunde-3", tooltip="Kunde 3")])
    view.fit()
    with qtbot.waitSignal(view.marker_clicked) as hit:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.from_latlon(49.14, 9.22)
        )
    assert hit.args == ["kunde-3"]
    spot = view.from_latlon(49.14, 9.22) + QPoint(120, 60)
    with qtbot.waitSignal(view.clicked) as click:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    lat, lon = click.args
    expected = view.to_latlon(spot)
    assert lat == pytest.approx(expected[0], abs=1e-6)
    assert lon == pytest.approx(expected[1], abs=1e-6)


def test_zoom_keeps_marker_pixel_size(view: MapView, qtbot: QtBot) -> None:
    view.set_markers([MapMarker(49.14, 9.22, "1")])
    item = view.scene().items()[0]

    def on_screen() -> float:
        return item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect()).width()

    before = on_screen()
    scale = view.transform().m11()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform().m11() > scale
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.transform().m11() < scale
    # Ignoring transformations: the marker's on-screen box is the same at every zoom.
    assert on_screen() == pytest.approx(before)


def test_every_kind_paints(view: MapView) -> None:
    kinds = ("stop", "current", "done", "skipped", "office", "customer", "warning", "odd")
    view.set_markers([MapMarker(49.1 + i * 0.02, 9.2, str(i), kind=k) for i, k in enumerate(kinds)])
    view.fit()
    image = view.grab().toImage()
    assert not image.isNull()
    assert "8" in view.accessibleDescription()
    assert view.accessibleName() == "Karte"


def test_mbtiles_background(view: MapView, tmp_path: Path) -> None:
    path = _mbtiles(tmp_path / "karte.mbtiles")
    errors: list[str] = []
    view.mbtiles_error.connect(errors.append)
    view.set_mbtiles(path)
    assert errors == []
    assert view.has_mbtiles()
    view.set_markers([MapMarker(49.14, 9.22)])
    view.fit()
    image = view.grab().toImage()
    corner = image.pixelColor(QPoint(view.from_latlon(49.14, 9.22) + QPoint(40, -40)))
    assert corner.red() > 200  # the red test tile is drawn
    assert corner.green() < 60
    view.set_mbtiles(None)
    assert not view.has_mbtiles()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("missing", "nicht gefunden"),
        ("garbage", "beschädigt"),
        ("no_tiles_table", "keine MBTiles"),
        ("vector", "Vektorkacheln"),
        ("empty", "keine Kacheln"),
    ],
)
def test_broken_mbtiles_give_a_german_message(
    view: MapView, tmp_path: Path, content: str, needle: str
) -> None:
    path = tmp_path / "karte.mbtiles"
    if content == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    elif content == "no_tiles_table":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE other (x)")
        con.commit()
        con.close()
    elif content == "vector":
        _mbtiles(path, fmt="pbf")
    elif content == "empty":
        _mbtiles(path, zooms=())
    errors: list[str] = []
    view.mbtiles_error.connect(errors.append)
    view.set_mbtiles(path)
    assert len(errors) == 1
    assert needle in errors[0]
    assert not view.has_mbtiles()
    view.grab()  # still draws


def test_drag_pans_without_click(view: MapView, qtbot: QtBot) -> None:
    clicks: list[tuple[float, float]] = []
    view.clicked.connect(lambda lat, lon: clicks.append((lat, lon)))
    before = view.to_latlon(QPoint(300, 220))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 220))
    qtbot.mouseMove(view.viewport(), QPoint(360, 260))
    qtbot.mouseMove(view.viewport(), QPoint(400, 300))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert clicks == []
    assert view.to_latlon(QPoint(300, 220)) != before


def test_the_data_credit_speaks_the_ui_language(
    view: MapView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.ui import i18n

    assert view.attribution_text().startswith("Gemeindemittelpunkte: GeoNames")
    monkeypatch.setattr(i18n, "_current", "en")
    assert view.attribution_text().startswith("Municipality centres: GeoNames")
    assert "CC BY 4.0" in view.attribution_text()
