"""Streets of an imported OpenStreetMap extract on the map (issue 22), checked by content:
street colour where the streets are, paper where there is none, the ODbL credit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from fieldkit.geo import osm, osmdata
from fieldkit.services import osm as osm_service
from fieldkit.ui.geo.map_view import MapMarker, MapView
from tests import osm_synth
from tests.osm_synth import latlon

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
