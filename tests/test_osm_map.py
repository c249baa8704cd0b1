"""Streets of an imported OpenStreetMap extract on the map (issue 22), checked by content:
street colour where the streets are, paper where there is none, the ODbL credit."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from reportlab.graphics.shapes import PolyLine

from fieldkit.geo import osm, osmdata
from fieldkit.geo.gazetteer import GEONAMES_ATTRIBUTION
from fieldkit.geo.osm import OSM_ATTRIBUTION
from fieldkit.printing import GeoPoint, render_route_sheet
from fieldkit.printing.model import RouteDay
from fieldkit.printing.route_map import MAIN_ROAD, ROUTE, STREET, route_map_drawing
from fieldkit.printing.samples import sample_route_day
from fieldkit.services import osm as osm_service
from fieldkit.ui.geo.map_view import MapLine, MapMarker, MapView, mercator
from tests import osm_synth
from tests.osm_synth import latlon
from tests.test_printing_letters import page_texts

PAPER = QColor("#f3f1ea")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = osm_synth.river_town(tmp_path / "town.osm.pbf")
    extract = osm.read_extract(path, osm_service.district_box())
    root = tmp_path / "osm"
    osmdata.activate(osmdata.stage(extract, path.name, root))
    return root


def _view(qtbot: QtBot, folder: Path | None) -> MapView:
    view = MapView(osm_folder=folder)
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    qtbot.waitExposed(view)
    # Town zoom on the river town: all streets drawn.
    view.set_markers([MapMarker(*latlon(0, 0), "A"), MapMarker(*latlon(1000, 1000), "B")])
    view.fit()
    return view


def _near(image: QImage, p: QPoint, color: str, radius: int = 2) -> bool:
    want = QColor(color)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            got = image.pixelColor(p.x() + dx, p.y() + dy)
            if (
                abs(got.red() - want.red()) < 12
                and abs(got.green() - want.green()) < 12
                and abs(got.blue() - want.blue()) < 12
            ):
                return True
    return False


def test_streets_are_drawn_under_the_markers(qtbot: QtBot, folder: Path) -> None:
    view = _view(qtbot, folder)
    assert view.has_streets()
    image = view.grab().toImage()
    # The bridge (a primary road) in orange, Weststraße (residential) in white.
    bridge = view.from_latlon(*latlon(600, 1000))
    west = view.from_latlon(*latlon(0, 600))
    assert _near(image, bridge, "#f2a35e")
    assert _near(image, west, "#ffffff")
    # Between the streets lies paper (the river is no street).
    empty = view.from_latlon(*latlon(300, 400))
    assert image.pixelColor(empty) == PAPER
    assert "OpenStreetMap" in view.attribution_text()
    assert "ODbL" in view.attribution_text()


def test_district_zoom_shows_main_roads_only(qtbot: QtBot, folder: Path) -> None:
    view = _view(qtbot, folder)
    view.set_markers([])
    view.fit()  # the whole district: a few pixels per km
    image = view.grab().toImage()
    assert not _near(image, view.from_latlon(*latlon(0, 500)), "#ffffff", radius=0)


def test_without_an_extract_no_streets_and_no_osm_credit(qtbot: QtBot, tmp_path: Path) -> None:
    view = _view(qtbot, tmp_path / "none")
    assert not view.has_streets()
    image = view.grab().toImage()
    assert image.pixelColor(view.from_latlon(*latlon(600, 1000))) == PAPER
    assert "OpenStreetMap" not in view.attribution_text()


# --------------------------------------------------------------------------- printed map


def _town_day() -> RouteDay:
    day = sample_route_day(2)
    a, b = day.stops
    return replace(
        day,
        office=replace(day.office, location=GeoPoint(*latlon(500, 1200))),
        stops=(
            replace(a, location=GeoPoint(*latlon(0, 0))),
            replace(b, location=GeoPoint(*latlon(1000, 0))),
        ),
    )


def test_printed_route_map_draws_the_streets_and_credits_osm(folder: Path) -> None:
    drawing = route_map_drawing(_town_day(), 400, 250, osm_folder=folder)
    contents = drawing.getContents()
    strings = [getattr(node, "text", "") for node in contents]
    assert OSM_ATTRIBUTION in strings
    assert GEONAMES_ATTRIBUTION in strings
    streets = [n for n in contents if isinstance(n, PolyLine) and n.strokeColor == STREET]
    main = [n for n in contents if isinstance(n, PolyLine) and n.strokeColor == MAIN_ROAD]
    assert len(streets) >= 3  # Weststraße, Oststraße, Mühlgasse
    assert len(main) == 1  # the bridge
    # Every street point lies on the map, none spills onto the page.
    for line in streets + main:
        xs, ys = line.points[::2], line.points[1::2]
        assert 0 <= min(xs) <= max(xs) <= 400
        assert 0 <= min(ys) <= max(ys) <= 250
    # The bridge runs west-east: one y for all its points.
    assert len({round(y, 3) for y in main[0].points[1::2]}) == 1


def test_printed_route_map_without_an_extract(tmp_path: Path) -> None:
    drawing = route_map_drawing(_town_day(), 400, 250, osm_folder=tmp_path / "none")
    contents = drawing.getContents()
    assert OSM_ATTRIBUTION not in [getattr(node, "text", "") for node in contents]
    assert not [n for n in contents if isinstance(n, PolyLine) and n.strokeColor == STREET]


def test_route_sheet_pdf_with_streets(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(osmdata, "default_folder", lambda: folder)
    buf = io.BytesIO()
    render_route_sheet(_town_day(), buf)
    texts = page_texts(buf.getvalue())
    assert "OpenStreetMap" in texts[0]


def test_route_lines_follow_the_roads(qtbot: QtBot, folder: Path) -> None:
    view = _view(qtbot, folder)
    west, east = latlon(0, 0), latlon(1000, 0)
    view.set_lines([MapLine((west, east))])
    image = view.grab().toImage()
    # The line goes north over the bridge, not straight across the river.
    drawn = view._lines[0].path()
    top = view.mapFromScene(drawn.boundingRect().topLeft())
    assert top.y() <= view.from_latlon(*latlon(0, 1000)).y() + 1
    middle = view.from_latlon(*latlon(500, 0))
    assert image.pixelColor(middle) == PAPER
    # Without road data the same line is straight.
    plain = _view(qtbot, folder.parent / "none")
    plain.set_lines([MapLine((west, east))])
    assert plain._lines[0].path().elementCount() == 2


def test_street_names_appear_at_street_zoom(qtbot: QtBot, folder: Path) -> None:
    view = _view(qtbot, folder)
    view.grab()
    assert view.street_labels == []  # town zoom: too small for names
    view.zoom_by(3.0)
    view.centerOn(mercator(*latlon(500, 700)))
    view.grab()
    assert "Weststraße" in view.street_labels
    assert "Oststraße" in view.street_labels
    assert len(view.street_labels) == len(set(view.street_labels))  # each name once


def test_printed_route_follows_the_roads(folder: Path) -> None:
    drawing = route_map_drawing(_town_day(), 400, 250, osm_folder=folder)
    routes = [
        n for n in drawing.getContents() if isinstance(n, PolyLine) and n.strokeColor == ROUTE
    ]
    [route] = routes
    # Office north of the bridge → Weststraße 0/0 → over the bridge → Oststraße 1000/0 → back:
    # the line crosses the river only at the bridge's height, never at the stops' height.
    xs, ys = route.points[::2], route.points[1::2]
    west_x, east_x = min(xs), max(xs)
    low = min(ys)
    crossings = [
        (y0 + y1) / 2
        for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:], strict=False)
        if (x0 - (west_x + east_x) / 2) * (x1 - (west_x + east_x) / 2) < 0
    ]
    assert crossings
    assert all(y > low + 20 for y in crossings)
