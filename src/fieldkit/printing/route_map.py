"""The map of a day's route, drawn from coordinates only (no tiles, nothing downloaded).

With an imported OpenStreetMap extract (issue 22) its streets are drawn under the route —
main roads always, all streets when the map shows a town — and the ODbL credit is printed.

Projection and placement are pure functions (points → page coordinates) so the app's map
view can do the same arithmetic; only :func:`route_map_drawing` knows ReportLab.
A local equirectangular projection (longitude scaled by cos(latitude)) is exact enough for
the few tens of kilometres of one district.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib.colors import Color, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldkit.geo import osmdata
from fieldkit.geo.gazetteer import GEONAMES_ATTRIBUTION, Municipality, load_municipalities
from fieldkit.geo.osm import OSM_ATTRIBUTION, ROAD_CLASSES
from fieldkit.printing.fonts import BOLD, REGULAR, register_fonts
from fieldkit.printing.model import GeoPoint, RouteDay

KM_PER_DEGREE_LAT = 111.32

ROUTE = Color(0.05, 0.33, 0.65)
OFFICE = Color(0.75, 0.2, 0.1)
PLACE = Color(0.45, 0.45, 0.45)
PAPER = Color(0.97, 0.97, 0.95)
STREET = Color(0.72, 0.70, 0.66)
MAIN_ROAD = Color(0.93, 0.64, 0.37)
_MAIN = frozenset(ROAD_CLASSES.index(c) for c in ROAD_CLASSES[:5] + ROAD_CLASSES[9:])
#: Below this many drawing units per km only the main roads are drawn.
MINOR_STREETS_FROM = 25.0


def street_lines(
    streets: osmdata.Streets, proj: MapProjection, minor: bool
) -> list[tuple[bool, list[float]]]:
    """(main road?, flat x/y list) per visible run of a street inside the map."""
    x, y = _project_arrays(proj, streets.coords[:, 0], streets.coords[:, 1])
    inside = (x >= 1) & (x <= proj.width - 1) & (y >= 1) & (y <= proj.height - 1)
    lines: list[tuple[bool, list[float]]] = []
    for i in range(len(streets)):
        main = int(streets.road_class[i]) in _MAIN
        if not (main or minor):
            continue
        a, b = int(streets.offsets[i]), int(streets.offsets[i + 1])
        flags = inside[a:b]
        if not flags.any():
            continue
        # Runs of consecutive points inside the map, each its own polyline.
        edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start >= 2:
                xy = np.column_stack([x[a + start : a + end], y[a + start : a + end]])
                lines.append((main, xy.ravel().tolist()))
    return lines


def along_roads(
    points: Sequence[tuple[float, float]],
    road_path: Callable[
        [tuple[float, float], tuple[float, float]], list[tuple[float, float]] | None
    ],
) -> list[tuple[float, float]]:
    """The points with each leg replaced by its road path (straight where there is none)."""
    out = list(points[:1])
    for a, b in itertools.pairwise(points):
        out += (road_path(a, b) or [a, b])[1:]
    return out


def _project_arrays(
    proj: MapProjection, lat: np.ndarray, lon: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    x = proj.width / 2 + (lon - proj.centre_lon) * proj.lon_factor * proj.units_per_degree
    dy = (lat - proj.centre_lat) * proj.units_per_degree
    y = proj.height / 2 - dy if proj.y_down else proj.height / 2 + dy
    return x, y


@lru_cache(maxsize=1)
def district_towns() -> tuple[Municipality, ...]:
    """The district's municipality centres (geo's gazetteer), read once per process."""
    return tuple(load_municipalities())


@dataclass(frozen=True)
class MapProjection:
    """Maps WGS84 to a rectangle of ``width`` × ``height`` (origin bottom-left unless y_down)."""

    centre_lat: float
    centre_lon: float
    units_per_degree: float  # along a meridian
    width: float
    height: float
    y_down: bool = False

    @property
    def lon_factor(self) -> float:
        """Shrinking of a degree of longitude at the centre latitude."""
        return math.cos(math.radians(self.centre_lat))

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """Page coordinates of a position."""
        x = self.width / 2 + (lon - self.centre_lon) * self.lon_factor * self.units_per_degree
        dy = (lat - self.centre_lat) * self.units_per_degree
        y = self.height / 2 - dy if self.y_down else self.height / 2 + dy
        return x, y

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        """Whether a projected point lies in the rectangle (shrunk by ``margin``)."""
        return margin <= x <= self.width - margin and margin <= y <= self.height - margin

    def units_per_km(self) -> float:
        """Drawing units per kilometre (for a scale bar)."""
        return self.units_per_degree / KM_PER_DEGREE_LAT


def fit_projection(
    points: Sequence[GeoPoint],
    width: float,
    height: float,
    margin: float = 24.0,
    min_span_km: float = 4.0,
    y_down: bool = False,
) -> MapProjection:
    """The projection that shows all ``points`` inside the rectangle with ``margin`` to spare.

    A single point (or none) still gets a sensible scale: at least ``min_span_km`` across.
    """
    if not points:
        points = [GeoPoint(49.14, 9.22)]  # Heilbronn, so an empty day still draws
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    centre_lat = (min(lats) + max(lats)) / 2
    centre_lon = (min(lons) + max(lons)) / 2
    lon_factor = math.cos(math.radians(centre_lat))
    span_lat = max(max(lats) - min(lats), min_span_km / KM_PER_DEGREE_LAT)
    span_lon = max((max(lons) - min(lons)) * lon_factor, min_span_km / KM_PER_DEGREE_LAT)
    usable_w = max(width - 2 * margin, 1.0)
    usable_h = max(height - 2 * margin, 1.0)
    scale = min(usable_w / span_lon, usable_h / span_lat)
    return MapProjection(centre_lat, centre_lon, scale, width, height, y_down)


Rect4 = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Rect4, b: Rect4) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    anchors: Sequence[tuple[str, float, float]],
    text_width: Callable[[str], float],
    text_height: float,
    occupied: Sequence[Rect4],
    width: float,
    height: float,
    gap: float = 3.0,
) -> list[tuple[str, float, float]]:
    """Greedy label placement: right of the anchor, else left, else above; else left out.

    Returns (text, x, y) of the lower-left corner of each label that found room without
    covering a marker, another label or the rectangle's edge.
    """
    taken = list(occupied)
    placed: list[tuple[str, float, float]] = []
    for text, ax, ay in anchors:
        w = text_width(text)
        for x, y in (
            (ax + gap, ay - text_height / 3),
            (ax - gap - w, ay - text_height / 3),
            (ax - w / 2, ay + gap),
            (ax - w / 2, ay - gap - text_height),
        ):
            box = (x, y, x + w, y + text_height)
            inside = box[0] >= 2 and box[1] >= 2 and box[2] <= width - 2 and box[3] <= height - 2
            if inside and not any(_overlaps(box, t) for t in taken):
                taken.append(box)
                placed.append((text, x, y))
                break
    return placed


def nice_scale_km(units_per_km: float, max_units: float) -> float:
    """The longest of 1, 2, 5, 10, 20 … km whose bar fits in ``max_units``."""
    best = 0.5
    for km in (0.5, 1, 2, 5, 10, 20, 50, 100):
        if km * units_per_km <= max_units:
            best = km
    return best


def route_map_drawing(
    day: RouteDay,
    width: float,
    height: float,
    municipalities: Sequence[Municipality] | None = None,
    osm_folder: Path | None = None,
) -> Drawing:
    """A ReportLab drawing of the day: streets (of an imported extract), place names, route
    line, office, numbered stops; ``osm_folder`` as in :func:`fieldkit.geo.osmdata.load_streets`."""
    register_fonts()
    towns = district_towns() if municipalities is None else municipalities
    office = day.office.location
    located = [(n, s.location) for n, s in enumerate(day.stops, start=1) if s.location]
    points = [loc for _, loc in located] + ([office] if office else [])
    proj = fit_projection(points, width, height)
    d = Drawing(width, height)
    d.initialFontName = REGULAR  # the renderer would otherwise start with Helvetica
    d.add(Rect(0, 0, width, height, fillColor=PAPER, strokeColor=PLACE, strokeWidth=0.5))
    streets = osmdata.load_streets(osm_folder)
    if streets is not None:
        minor = proj.units_per_km() >= MINOR_STREETS_FROM
        for main, line in sorted(street_lines(streets, proj, minor), key=lambda t: t[0]):
            d.add(
                PolyLine(
                    line,
                    strokeColor=MAIN_ROAD if main else STREET,
                    strokeWidth=1.4 if main else 0.7,
                    strokeLineJoin=1,
                    strokeLineCap=1,
                )
            )

    stops_xy = [proj.project(loc.lat, loc.lon) for _, loc in located]
    office_xy = proj.project(office.lat, office.lon) if office else None
    per_km = proj.units_per_km()
    km = nice_scale_km(per_km, width / 4)
    bar = km * per_km
    attribution_w = stringWidth(GEONAMES_ATTRIBUTION, REGULAR, 5.5)
    # Markers, scale bar and attribution are never covered by a place name.
    occupied: list[Rect4] = [(x - 8, y - 8, x + 8, y + 8) for x, y in stops_xy]
    if office_xy:
        occupied.append((office_xy[0] - 7, office_xy[1] - 7, office_xy[0] + 7, office_xy[1] + 7))
    occupied.append((0, 0, 16 + bar, 24))
    occupied.append((width - 6 - attribution_w, 0, width, 18 if streets is not None else 11))
    towns_xy = []
    labels = Group()
    for town in towns:
        x, y = proj.project(town.lat, town.lon)
        # A town dot must not sit on the scale bar or in the attribution text.
        if proj.inside(x, y, margin=4) and not any(
            _overlaps((x - 1.5, y - 1.5, x + 1.5, y + 1.5), box) for box in occupied[-2:]
        ):
            labels.add(Circle(x, y, 1.2, fillColor=PLACE, strokeColor=None))
            towns_xy.append((town.name, x, y))
    for text, x, y in place_labels(
        towns_xy, lambda t: stringWidth(t, REGULAR, 6.5), 6.5, occupied, width, height
    ):
        labels.add(String(x, y + 1, text, fontName=REGULAR, fontSize=6.5, fillColor=PLACE))
    d.add(labels)

    stops = [(loc.lat, loc.lon) for _, loc in located]
    if office:
        stops = [(office.lat, office.lon), *stops]
        if located:
            stops.append((office.lat, office.lon))
    roads = osmdata.load_roads(osm_folder) if streets is not None else None
    if roads is not None:
        stops = along_roads(stops, roads.path)
    path: list[float] = []
    for lat, lon in stops:
        path += proj.project(lat, lon)
    if len(path) >= 4:
        d.add(PolyLine(path, strokeColor=ROUTE, strokeWidth=1.6, strokeLineJoin=1))

    if office:
        x, y = proj.project(office.lat, office.lon)
        d.add(Rect(x - 6, y - 6, 12, 12, fillColor=OFFICE, strokeColor=white, strokeWidth=1))
        d.add(
            String(
                x, y - 2.6, "JC", fontName=BOLD, fontSize=6.5, fillColor=white, textAnchor="middle"
            )
        )
    for number, loc in located:
        x, y = proj.project(loc.lat, loc.lon)
        d.add(Circle(x, y, 7, fillColor=ROUTE, strokeColor=white, strokeWidth=1))
        size = 7.5 if number < 10 else 6.5
        d.add(
            String(
                x,
                y - size * 0.36,
                str(number),
                fontName=BOLD,
                fontSize=size,
                fillColor=white,
                textAnchor="middle",
            )
        )

    d.add(Line(8, 10, 8 + bar, 10, strokeColor=Color(0, 0, 0), strokeWidth=1.2))
    for x in (8, 8 + bar):
        d.add(Line(x, 7, x, 13, strokeColor=Color(0, 0, 0), strokeWidth=1))
    label = f"{km:g} km".replace(".", ",")
    d.add(String(8 + bar / 2, 14, label, fontName=REGULAR, fontSize=6.5, textAnchor="middle"))
    d.add(
        String(
            width - 4,
            4,
            GEONAMES_ATTRIBUTION,
            fontName=REGULAR,
            fontSize=5.5,
            fillColor=PLACE,
            textAnchor="end",
        )
    )
    if streets is not None:
        d.add(
            String(
                width - 4,
                11,
                OSM_ATTRIBUTION,
                fontName=REGULAR,
                fontSize=5.5,
                fillColor=PLACE,
                textAnchor="end",
            )
        )
    return d
