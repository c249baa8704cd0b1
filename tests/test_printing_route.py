"""Route sheet and its map: projection arithmetic, label placement, the rendered sheet."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.geo.gazetteer import GEONAMES_ATTRIBUTION, load_municipalities
from fieldkit.printing import GeoPoint, render_route_sheet
from fieldkit.printing.route_map import (
    district_towns,
    fit_projection,
    nice_scale_km,
    place_labels,
    route_map_drawing,
)
from fieldkit.printing.samples import sample_route_day
from fieldkit.printing.settings import PrintSettings
from tests.test_printing_letters import HOSTILE_NAMES, page_texts

points_in_district = st.lists(
    st.builds(
        GeoPoint,
        st.floats(min_value=48.9, max_value=49.4),
        st.floats(min_value=8.8, max_value=9.6),
    ),
    min_size=1,
    max_size=30,
)


@given(points_in_district)
def test_projection_keeps_every_point_inside(points):
    proj = fit_projection(points, 400, 250, margin=20)
    for p in points:
        x, y = proj.project(p.lat, p.lon)
        assert proj.inside(x, y, margin=19.99)


def test_projection_orientation_and_aspect():
    a, b = GeoPoint(49.0, 9.0), GeoPoint(49.2, 9.3)
    proj = fit_projection([a, b], 300, 300)
    ax, ay = proj.project(a.lat, a.lon)
    bx, by = proj.project(b.lat, b.lon)
    assert bx > ax
    assert by > ay  # north is up
    down = fit_projection([a, b], 300, 300, y_down=True)
    assert down.project(b.lat, b.lon)[1] < down.project(a.lat, a.lon)[1]
    # Equal distances on the ground are equal on paper (about 11.1 km north, 7.3 km east).
    km_north = (proj.project(49.1, 9.0)[1] - proj.project(49.0, 9.0)[1]) / proj.units_per_km()
    km_east = (proj.project(49.0, 9.1)[0] - proj.project(49.0, 9.0)[0]) / proj.units_per_km()
    assert abs(km_north - 11.13) < 0.05
    assert abs(km_east - 7.30) < 0.05


def test_single_point_gets_a_sensible_scale():
    proj = fit_projection([GeoPoint(49.1, 9.2)], 200, 100)
    assert proj.project(49.1, 9.2) == (100, 50)
    assert proj.units_per_km() < 100


def test_labels_avoid_markers_and_each_other():
    occupied = [(95.0, 45.0, 105.0, 55.0)]
    anchors = [("Abstatt", 108.0, 50.0), ("Beilstein", 110.0, 52.0), ("Cleebronn", 300.0, 5.0)]
    placed = place_labels(anchors, lambda t: 6.0 * len(t), 8, occupied, 320, 200)
    boxes = [(x, y, x + 6.0 * len(t), y + 8) for t, x, y in placed]

    def overlaps(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    assert {t for t, _, _ in placed} >= {"Abstatt", "Cleebronn"}
    for i, a in enumerate(boxes):
        assert not overlaps(a, occupied[0])
        for b in boxes[i + 1 :]:
            assert not overlaps(a, b)
        assert a[0] >= 0
        assert a[2] <= 320


def test_scale_bar_lengths():
    assert nice_scale_km(10, 100) == 10
    assert nice_scale_km(10, 49) == 2


def test_map_uses_geo_gazetteer_towns():
    towns = district_towns()
    assert list(towns) == load_municipalities()
    assert any(t.name == "Löwenstein" for t in towns)


def test_map_drawing_names_its_sources():
    drawing = route_map_drawing(sample_route_day(5), 400, 250)
    strings = [getattr(node, "text", "") for node in drawing.getContents()]
    assert GEONAMES_ATTRIBUTION in strings


def test_route_sheet_lists_every_stop_in_order():
    day = sample_route_day(12)
    stops = list(day.stops)
    stops[3] = replace(
        stops[3],
        customer=replace(stops[3].customer, name=HOSTILE_NAMES[1]),
        hints="Hund <bellt> & beißt nicht",
    )
    day = replace(day, stops=tuple(stops))
    buf = io.BytesIO()
    pages = render_route_sheet(day, buf)
    texts = page_texts(buf.getvalue())
    assert pages == len(texts) >= 2
    joined = " ".join(texts)
    for label in ("angetroffen", "nicht angetroffen", "Einladung übergeben", "Paket eingeworfen"):
        assert label in joined
    assert "Hund <bellt> & beißt nicht" in joined
    assert "".join(HOSTILE_NAMES[1].split()) in "".join(joined.split())
    positions = [joined.index(s.customer.kundennummer) for s in day.stops]
    assert positions == sorted(positions)
    assert "Donnerstag, 3. Dezember 2026" in texts[0]
    assert "GeoNames" in texts[0]
    assert "Seite 1 von" in texts[0]


def test_several_days_each_start_on_a_front_page():
    days = [sample_route_day(12), replace(sample_route_day(3), worker="Robin Rad")]
    buf = io.BytesIO()
    render_route_sheet(days, buf, PrintSettings(route_map=False))
    texts = page_texts(buf.getvalue())
    starts = [i + 1 for i, t in enumerate(texts) if "Tourenblatt" in t and "Seite 1 von" in t]
    assert len(starts) == 2
    assert all(s % 2 == 1 for s in starts)
    assert len(pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages) == len(texts)
