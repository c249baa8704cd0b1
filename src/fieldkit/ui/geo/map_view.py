"""An offline map: municipalities of the district, markers and lines, optional MBTiles.

Nothing is downloaded. The background is drawn from the shipped municipality centres
(GeoNames, the attribution is always shown); a raster MBTiles file the user has can be laid
underneath. When an OpenStreetMap extract is imported (``fieldkit import-osm``, issue 22)
its streets are drawn under the markers — main roads always, the smaller ones from town zoom
on — with its place names, route lines follow its roads, and the ODbL credit joins the
attribution.
The scene uses Web-Mercator coordinates (the tiles' own projection), so tiles,
markers and lines line up at every zoom. Markers ignore the view's scaling: they keep their
pixel size, only their position moves.
"""

from __future__ import annotations

import itertools
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from fieldkit.services import maps
from fieldkit.services.maps import (
    ROAD_CLASSES,
    Municipality,
    RoadGraph,
    attribution,
    load_municipalities,
    nice_scale_km,
    osm_attribution,
    place_labels,
)
from fieldkit.ui.i18n import current_language

#: Scene units of the whole world's width (Web Mercator "pixels" at zoom 12).
WORLD = 256.0 * 2**12
_EARTH_KM = 40075.016686
_MAX_LAT = 85.05112878
_ZOOM_STEP = 1.25
_MIN_PX_PER_UNIT = 0.02  # about all of Germany in a small window
_MAX_PX_PER_UNIT = 64.0  # Web-Mercator zoom 18
_CLICK_SLOP = 4  # pixels a press may move and still count as a click


@dataclass(frozen=True)
class MapMarker:
    """A point to show: a stop, the office, a customer, a warning …"""

    lat: float
    lon: float
    label: str = ""  # short text drawn in the marker, e.g. "3"
    kind: str = (
        "stop"  # "stop" | "current" | "done" | "skipped" | "office" | "customer" | "warning"
    )
    tooltip: str = ""
    key: object = None  # handed back by marker_clicked


@dataclass(frozen=True)
class MapLine:
    """A polyline, e.g. a route, in (lat, lon) points."""

    points: tuple[tuple[float, float], ...]  # (lat, lon)
    color: str = "#1f6feb"
    width: float = 3.0


@dataclass(frozen=True)
class MarkerStyle:
    """How one kind of marker looks: shape and colours, plus text for when there is no label."""

    shape: str  # circle | square | diamond | triangle | ring
    fill: str
    text: str  # drawn when the marker has no label of its own
    size: float = 22.0


#: Distinct shapes as well as colours, so the kinds are told apart without colour too.
MARKER_STYLES: dict[str, MarkerStyle] = {
    "stop": MarkerStyle("circle", "#1f6feb", ""),
    "current": MarkerStyle("ring", "#b45309", "▶", 28.0),
    "done": MarkerStyle("square", "#2e7d32", "✓"),
    "skipped": MarkerStyle("square", "#6b7280", "✕"),
    "office": MarkerStyle("square", "#b91c1c", "JC", 24.0),
    "customer": MarkerStyle("diamond", "#7c3aed", "", 26.0),
    "warning": MarkerStyle("triangle", "#facc15", "!", 26.0),
}


def mercator(lat: float, lon: float) -> QPointF:
    """Scene position of a WGS84 position."""
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * WORLD
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * WORLD
    return QPointF(x, y)


def inverse_mercator(point: QPointF) -> tuple[float, float]:
    """WGS84 (lat, lon) of a scene position."""
    lon = point.x() / WORLD * 360.0 - 180.0
    n = math.pi - 2 * math.pi * point.y() / WORLD
    lat = math.degrees(math.atan(math.sinh(n)))
    return lat, lon


def mercator_arrays(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`mercator` for arrays (scene x, y)."""
    lat = np.clip(np.asarray(lat, dtype=float), -_MAX_LAT, _MAX_LAT)
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0 * WORLD
    s = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)) * WORLD
    return x, y


#: Street groups, drawn from the least to the most important: (classes, colour, casing
#: colour, width in px, least px per km at which the group is drawn).
_STREET_GROUPS: tuple[tuple[frozenset[str], str, str, float, float], ...] = (
    (
        frozenset({"unclassified", "residential", "living_street", "service"}),
        "#ffffff",
        "#bdb8ab",
        2.0,
        25.0,
    ),
    (
        frozenset({"secondary", "tertiary", "secondary_link", "tertiary_link"}),
        "#f7e08a",
        "#c9b25a",
        2.6,
        3.0,
    ),
    (
        frozenset({"motorway", "trunk", "primary", "motorway_link", "trunk_link", "primary_link"}),
        "#f2a35e",
        "#c07a3c",
        3.2,
        0.0,
    ),
)
_CELL = 64.0  # scene units of one bucket of street paths (~1.6 km here)
#: From this many pixels per km on, street names are written on the map.
STREET_NAMES_FROM = 120.0


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _StreetLayer:
    """The extract's streets as scene paths, bucketed into cells so a frame draws only the
    visible ones; a group's paths are built the first time its zoom level is reached."""

    def __init__(self, streets: maps.Streets) -> None:
        self.streets = streets
        x, y = mercator_arrays(streets.coords[:, 0], streets.coords[:, 1])
        self._x, self._y = x, y
        self._built: dict[int, list[tuple[QRectF, QPainterPath]]] = {}
        names = [ROAD_CLASSES[int(c)] for c in streets.road_class]
        self._ways = {
            g: [i for i, name in enumerate(names) if name in group[0]]
            for g, group in enumerate(_STREET_GROUPS)
        }
        # One anchor per named way: its middle point.
        self.street_names: list[tuple[str, float, float]] = []
        for i, name in enumerate(streets.names.tolist()):
            if name:
                mid = (int(streets.offsets[i]) + int(streets.offsets[i + 1])) // 2
                self.street_names.append((str(name), float(x[mid]), float(y[mid])))
        px, py = mercator_arrays(streets.place_lat, streets.place_lon)
        self.places = [
            (str(name), float(a), float(b))
            for name, a, b in zip(streets.place_name, px, py, strict=True)
        ]

    def paths(self, group: int) -> list[tuple[QRectF, QPainterPath]]:
        if group not in self._built:
            cells: dict[tuple[int, int], QPainterPath] = {}
            offsets = self.streets.offsets
            for i in self._ways[group]:
                a, b = int(offsets[i]), int(offsets[i + 1])
                if b - a < 2:
                    continue
                xs, ys = self._x[a:b].tolist(), self._y[a:b].tolist()
                key = (int(xs[0] // _CELL), int(ys[0] // _CELL))
                path = cells.setdefault(key, QPainterPath())
                path.moveTo(xs[0], ys[0])
                for px, py in zip(xs[1:], ys[1:], strict=True):
                    path.lineTo(px, py)
            # A lone straight street has a box of no width: give every box a little room.
            self._built[group] = [
                (p.boundingRect().adjusted(-1, -1, 1, 1), p) for p in cells.values()
            ]
        return self._built[group]

    def draw(self, painter: QPainter, rect: QRectF, px_per_km: float) -> None:
        """Casings first, then fills, group by group; only cells that meet ``rect``."""
        for g, (_, fill, casing, width, min_px) in enumerate(_STREET_GROUPS):
            if px_per_km < min_px:
                continue
            visible = [p for box, p in self.paths(g) if box.intersects(rect)]
            for color, w in ((casing, width + 1.5), (fill, width)):
                pen = QPen(QColor(color), w)
                pen.setCosmetic(True)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for path in visible:
                    painter.drawPath(path)


class _MarkerItem(QGraphicsItem):
    """One marker, drawn in pixels (it ignores the view's zoom)."""

    def __init__(self, marker: MapMarker) -> None:
        super().__init__()
        self.marker = marker
        self.style = MARKER_STYLES.get(marker.kind, MARKER_STYLES["stop"])
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPos(mercator(marker.lat, marker.lon))
        self.setZValue(10 if marker.kind == "current" else 5)
        if marker.tooltip:
            self.setToolTip(marker.tooltip)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        half = self.style.size / 2 + 2
        return QRectF(-half, -half, 2 * half, 2 * half)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        style = self.style
        half = style.size / 2
        fill = QColor(style.fill)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("white"), 2))
        painter.setBrush(QBrush(fill))
        if style.shape == "square":
            painter.drawRoundedRect(QRectF(-half, -half, 2 * half, 2 * half), 3, 3)
        elif style.shape == "diamond":
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(0, -half), QPointF(half, 0), QPointF(0, half), QPointF(-half, 0)]
                )
            )
        elif style.shape == "triangle":
            painter.setPen(QPen(QColor("#1f2937"), 1.5))
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(0, -half), QPointF(half, half * 0.8), QPointF(-half, half * 0.8)]
                )
            )
        elif style.shape == "ring":
            painter.setPen(QPen(fill, 3))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawEllipse(QPointF(0, 0), half, half)
            painter.setPen(QPen(QColor("white"), 1))
            painter.setBrush(QBrush(fill))
            painter.drawEllipse(QPointF(0, 0), half - 5, half - 5)
        else:
            painter.drawEllipse(QPointF(0, 0), half, half)
        text = self.marker.label or style.text
        if text:
            font = QFont(painter.font())
            font.setBold(True)
            font.setPixelSize(11 if len(text) < 3 else 9)
            painter.setFont(font)
            dark_text = style.shape == "triangle"
            painter.setPen(QColor("#111827") if dark_text else QColor("white"))
            box = QRectF(-half, -half + (4 if dark_text else 0), 2 * half, 2 * half)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class MapView(QGraphicsView):
    """The offline map (zoom with the wheel or +/-, pan by dragging)."""

    clicked = Signal(float, float)  # lat, lon of a click on the map (not on a marker)
    marker_clicked = Signal(object)  # the marker's key
    #: A German sentence when an MBTiles file cannot be shown (the map carries on without it).
    mbtiles_error = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        mbtiles: Path | None = None,
        osm_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._scene.setSceneRect(QRectF(0, 0, WORLD, WORLD))
        self.setScene(self._scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Labels, scale bar and attribution are laid out per frame in pixels; a blitted
        # scroll would smear them.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.setAccessibleName(self.tr("Karte"))
        self._towns: list[Municipality] = load_municipalities()
        # Scene positions of the towns, projected once (each frame maps them with numpy
        # instead of one Qt call per town: see drawBackground).
        self._town_xy = np.column_stack(
            mercator_arrays(
                np.array([t.lat for t in self._towns], dtype=float),
                np.array([t.lon for t in self._towns], dtype=float),
            )
        ).reshape(-1, 2)
        self._markers: list[_MarkerItem] = []
        self._marker_xy = np.zeros((0, 2))
        self._marker_half = np.zeros(0)
        self._lines: list[QGraphicsPathItem] = []
        self._press: QPoint | None = None
        self._mbtiles: Path | None = None
        self._mbtiles_zooms: list[int] = []
        self._mbtiles_attribution = ""
        self._tiles: dict[tuple[int, int, int], QPixmap | None] = {}
        self.mbtiles_message = ""
        self._user_moved = False  # until then a resize re-fits the map
        self._fitted: QRectF | None = None
        self._streets: _StreetLayer | None = None
        self._osm_folder = osm_folder
        #: The street names written in the last frame (for tests and accessibility).
        self.street_labels: list[str] = []
        self._legs: dict[tuple[int, tuple[float, float], tuple[float, float]], list[Any]] = {}
        self._describe()
        self.set_streets(maps.load_streets(osm_folder))
        self.set_mbtiles(mbtiles)
        self.fit()

    # -- content ---------------------------------------------------------------------------

    def set_markers(self, markers: Sequence[MapMarker]) -> None:
        """Replace all markers."""
        for item in self._markers:
            self._scene.removeItem(item)
        self._markers = [_MarkerItem(m) for m in markers]
        for item in self._markers:
            self._scene.addItem(item)
        self._marker_xy = np.array(
            [(item.pos().x(), item.pos().y()) for item in self._markers], float
        ).reshape(-1, 2)
        self._marker_half = np.array([item.style.size / 2 + 2 for item in self._markers], float)
        self._describe()
        self.viewport().update()

    def markers(self) -> list[MapMarker]:
        """The markers shown now."""
        return [item.marker for item in self._markers]

    def set_lines(self, lines: Sequence[MapLine]) -> None:
        """Replace all lines."""
        for item in self._lines:
            self._scene.removeItem(item)
        self._lines = []
        roads = maps.load_roads(self._osm_folder) if self._streets is not None else None
        for line in lines:
            if len(line.points) < 2:
                continue
            points = self._along_roads(line.points, roads) if roads is not None else line.points
            path = QPainterPath(mercator(*points[0]))
            for lat, lon in points[1:]:
                path.lineTo(mercator(lat, lon))
            item = QGraphicsPathItem(path)
            pen = QPen(QColor(line.color), line.width)
            pen.setCosmetic(True)  # width in pixels, whatever the zoom
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            item.setPen(pen)
            item.setZValue(1)
            self._scene.addItem(item)
            self._lines.append(item)
        self.viewport().update()

    def _along_roads(
        self, points: Sequence[tuple[float, float]], roads: RoadGraph
    ) -> list[tuple[float, float]]:
        """The line's points with each leg following the roads (a straight leg where the
        road map has no way); legs are remembered, so a redraw costs nothing."""
        out: list[tuple[float, float]] = [points[0]]
        for a, b in itertools.pairwise(points):
            key = (id(roads), a, b)
            leg = self._legs.get(key)
            if leg is None:
                leg = roads.path(a, b) or [a, b]
                if len(self._legs) > 5000:
                    self._legs.clear()
                self._legs[key] = leg
            out += leg[1:]
        return out

    def set_streets(self, streets: maps.Streets | None) -> None:
        """Draw these streets (of an imported extract) under the markers; ``None``: none."""
        self._streets = _StreetLayer(streets) if streets is not None and len(streets) else None
        self.viewport().update()

    def has_streets(self) -> bool:
        """Are streets of an OpenStreetMap extract drawn?"""
        return self._streets is not None

    def fit(self) -> None:
        """Show all markers and lines; the whole district when there are none."""
        points = [item.pos() for item in self._markers]
        for line in self._lines:
            rect = line.path().boundingRect()
            points += [rect.topLeft(), rect.bottomRight()]
        if not points:
            points = [mercator(t.lat, t.lon) for t in self._towns]
        xs = [p.x() for p in points]
        ys = [p.y() for p in points]
        rect = QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))
        # At least about 6 km across: a single marker then still shows a neighbouring
        # municipality or two for orientation.
        min_span = WORLD / _EARTH_KM * 6 / math.cos(math.radians(49.1))
        if rect.width() < min_span:
            rect.adjust(-(min_span - rect.width()) / 2, 0, (min_span - rect.width()) / 2, 0)
        if rect.height() < min_span:
            rect.adjust(0, -(min_span - rect.height()) / 2, 0, (min_span - rect.height()) / 2)
        # Room for the markers' own size and the place names at the edge.
        margin_w = rect.width() * 0.08
        margin_h = rect.height() * 0.08
        rect.adjust(-margin_w, -margin_h, margin_w, margin_h)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._clamp_zoom()
        self._fitted = rect
        self._user_moved = False
        self.viewport().update()

    # -- coordinates -------------------------------------------------------------------------

    def to_latlon(self, pos: QPoint) -> tuple[float, float]:
        """The position under a view pixel."""
        return inverse_mercator(self.mapToScene(pos))

    def from_latlon(self, lat: float, lon: float) -> QPoint:
        """The view pixel of a position."""
        return self.mapFromScene(mercator(lat, lon))

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, within sensible limits."""
        current = self.transform().m11()
        target = max(_MIN_PX_PER_UNIT, min(_MAX_PX_PER_UNIT, current * factor))
        self._user_moved = True
        if target != current:
            self.scale(target / current, target / current)
            self.viewport().update()

    def _clamp_zoom(self) -> None:
        current = self.transform().m11()
        target = max(_MIN_PX_PER_UNIT, min(_MAX_PX_PER_UNIT, current))
        if current > 0 and target != current:
            self.scale(target / current, target / current)

    # -- MBTiles -----------------------------------------------------------------------------

    def set_mbtiles(self, path: Path | None) -> None:
        """Lay a raster MBTiles file under the map, or none.

        A file that cannot be used leaves the map without tiles and emits
        :attr:`mbtiles_error` with a German sentence (also kept in ``mbtiles_message``).
        """
        self._mbtiles = None
        self._mbtiles_zooms = []
        self._mbtiles_attribution = ""
        self._tiles.clear()
        self.mbtiles_message = ""
        if path is not None:
            try:
                zooms, attribution = check_mbtiles(path)
            except MbtilesProblem as problem:
                self.mbtiles_message = str(problem)
                self.mbtiles_error.emit(self.mbtiles_message)
            else:
                self._mbtiles = path
                self._mbtiles_zooms = zooms
                self._mbtiles_attribution = attribution
        self.viewport().update()

    def has_mbtiles(self) -> bool:
        """True while an MBTiles background is shown."""
        return self._mbtiles is not None

    def _tile_zoom(self) -> int:
        px_per_unit = self.transform().m11()
        ideal = math.log2(max(WORLD * px_per_unit / 256.0, 1e-9))
        return min(self._mbtiles_zooms, key=lambda z: (abs(z - ideal), -z))

    def _draw_tiles(self, painter: QPainter, rect: QRectF) -> None:
        if self._mbtiles is None:
            return
        z = self._tile_zoom()
        n = 2**z
        size = WORLD / n
        x0 = max(0, int(rect.left() // size))
        x1 = min(n - 1, int(rect.right() // size))
        y0 = max(0, int(rect.top() // size))
        y1 = min(n - 1, int(rect.bottom() // size))
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 400:  # far zoomed out: not worth it
            return
        wanted = [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
        missing = [t for t in wanted if t not in self._tiles]
        if missing:
            self._load_tiles(missing)
        for key in wanted:
            pixmap = self._tiles.get(key)
            if pixmap is not None:
                _, x, y = key
                painter.drawPixmap(QRectF(x * size, y * size, size, size), pixmap, pixmap.rect())

    def _load_tiles(self, keys: list[tuple[int, int, int]]) -> None:
        assert self._mbtiles is not None
        for key in keys:
            self._tiles[key] = None
        try:
            con = _open_readonly(self._mbtiles)
            try:
                for z, x, y in keys:
                    row = con.execute(
                        "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? "
                        "AND tile_row=?",
                        (z, x, 2**z - 1 - y),  # MBTiles rows count from the south (TMS)
                    ).fetchone()
                    if row is None or not isinstance(row[0], bytes):
                        continue
                    image = QImage.fromData(row[0])
                    if not image.isNull():
                        self._tiles[(z, x, y)] = QPixmap.fromImage(image)
            finally:
                con.close()
        except sqlite3.Error:
            self.set_mbtiles(None)
            self.mbtiles_message = self.tr(
                "Die Kartendatei kann nicht mehr gelesen werden; die Karte zeigt nur die Gemeinden."
            )
            self.mbtiles_error.emit(self.mbtiles_message)
        if len(self._tiles) > 2000:  # keep memory bounded on long sessions
            for old in list(self._tiles)[:1000]:
                del self._tiles[old]

    # -- drawing -----------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Paper, tiles, then the municipalities with non-overlapping names."""
        rect = QRectF(rect)
        painter.fillRect(rect, QColor("#f3f1ea"))
        self._draw_tiles(painter, rect)
        if self._streets is not None:
            self._streets.draw(painter, rect, self._px_per_km())
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        w, h = self.viewport().width(), self.viewport().height()
        occupied = self._marker_boxes(w, h)
        occupied.append((0, h - 34, 130, h))  # scale bar
        credit = self._attribution_lines(metrics, w)
        widest = max(metrics.horizontalAdvance(line) for line in credit)
        occupied.append((w - 10 - widest, h - 18 * len(credit), w, h))
        anchors: list[tuple[str, float, float]] = []
        dot = QColor("#6b6b6b")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dot)
        px, py = self._to_viewport(self._town_xy)
        near = (px >= -20) & (px <= w + 20) & (py >= -20) & (py <= h + 20)
        for k in np.flatnonzero(near):
            x, y = float(px[k]), float(py[k])
            painter.drawEllipse(QPointF(x, y), 2.5, 2.5)
            anchors.append((self._towns[k].name, x, y))
        if self._streets is not None and self._px_per_km() >= 8:
            known = {a[0] for a in anchors}
            for name, sx, sy in self._streets.places:
                p = self.mapFromScene(QPointF(sx, sy))
                if name not in known and 0 <= p.x() <= w and 0 <= p.y() <= h:
                    anchors.append((name, float(p.x()), float(p.y())))
        painter.setPen(QColor("#4b4b4b"))
        self.street_labels = []
        for text, x, y in place_labels(
            anchors, metrics.horizontalAdvance, metrics.height(), occupied, w, h
        ):
            painter.drawText(QPointF(x, y + metrics.ascent()), text)
            occupied.append((x, y, x + metrics.horizontalAdvance(text), y + metrics.height()))
        if self._streets is not None and self._px_per_km() >= STREET_NAMES_FROM:
            self._draw_street_names(painter, occupied, w, h)
        painter.restore()

    def _to_viewport(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Viewport pixels of scene points (the view only scales and moves, never turns),
        rounded as ``mapFromScene`` rounds them."""
        t = self.viewportTransform()
        px = np.floor(xy[:, 0] * t.m11() + t.dx() + 0.5)
        py = np.floor(xy[:, 1] * t.m22() + t.dy() + 0.5)
        return px, py

    def _marker_boxes(self, w: int, h: int) -> list[tuple[float, float, float, float]]:
        """The pixel boxes of the markers in view, which place names must not cover."""
        if not self._markers:
            return []
        half = self._marker_half
        px, py = self._to_viewport(self._marker_xy)
        seen = (px + half >= 0) & (px - half <= w) & (py + half >= 0) & (py - half <= h)
        return [
            (px[k] - half[k], py[k] - half[k], px[k] + half[k], py[k] + half[k])
            for k in np.flatnonzero(seen)
        ]

    def _draw_street_names(
        self,
        painter: QPainter,
        occupied: list[tuple[float, float, float, float]],
        w: int,
        h: int,
    ) -> None:
        """Street names centred on their street's middle, once each, where there is room."""
        assert self._streets is not None
        font = QFont(self.font())
        font.setPixelSize(10)
        font.setItalic(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        painter.setPen(QColor("#5d5a52"))
        seen: set[str] = set()
        for name, sx, sy in self._streets.street_names:
            if name in seen:
                continue
            p = self.mapFromScene(QPointF(sx, sy))
            tw, th = metrics.horizontalAdvance(name), metrics.height()
            box = (p.x() - tw / 2, p.y() - th / 2, p.x() + tw / 2, p.y() + th / 2)
            if box[0] < 2 or box[1] < 2 or box[2] > w - 2 or box[3] > h - 2:
                continue
            if any(_overlap(box, other) for other in occupied):
                continue
            occupied.append(box)
            seen.add(name)
            self.street_labels.append(name)
            painter.drawText(QPointF(box[0], box[1] + metrics.ascent()), name)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Scale bar bottom left, attribution bottom right (in pixels)."""
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        w, h = self.viewport().width(), self.viewport().height()
        px_per_km = self._px_per_km()
        km = nice_scale_km(px_per_km, 110)
        bar = km * px_per_km
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRect(QRectF(4, h - 32, bar + 16, 28))
        painter.setPen(QPen(QColor("black"), 1.5))
        y = h - 10
        painter.drawLine(QPointF(12, y), QPointF(12 + bar, y))
        painter.drawLine(QPointF(12, y - 4), QPointF(12, y + 3))
        painter.drawLine(QPointF(12 + bar, y - 4), QPointF(12 + bar, y + 3))
        label = f"{km:g} km".replace(".", ",")
        painter.drawText(QPointF(12 + bar / 2 - metrics.horizontalAdvance(label) / 2, y - 6), label)
        lines = self._attribution_lines(metrics, w)
        line_h = metrics.height()
        for i, text in enumerate(reversed(lines)):
            tw = metrics.horizontalAdvance(text)
            bottom = h - i * (line_h + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(QRectF(w - tw - 10, bottom - line_h - 4, tw + 10, line_h + 4))
            painter.setPen(QColor("#333333"))
            painter.drawText(QPointF(w - tw - 5, bottom - 4 - metrics.descent()), text)
        painter.restore()

    def _attribution_lines(self, metrics: QFontMetricsF, width: int) -> list[str]:
        """The credit in one line, or one line per source when it does not fit beside the
        scale bar."""
        text = self.attribution_text()
        if metrics.horizontalAdvance(text) <= width - 140:
            return [text]
        return text.split(" · ")

    def _px_per_km(self) -> float:
        """Screen pixels per kilometre at the view's centre."""
        w, h = self.viewport().width(), self.viewport().height()
        lat, _ = self.to_latlon(QPoint(w // 2, h // 2))
        units_per_km = WORLD / (_EARTH_KM * max(math.cos(math.radians(lat)), 0.01))
        return float(units_per_km * self.transform().m11())

    def attribution_text(self) -> str:
        """The data credit drawn in the corner, in the UI language."""
        credit = attribution(current_language(), postcodes=False)
        if self._streets is not None:
            credit = f"{osm_attribution(current_language())} · {credit}"
        if self._mbtiles_attribution:
            return f"{self._mbtiles_attribution} · {credit}"
        return credit

    def _describe(self) -> None:
        self.setAccessibleDescription(
            self.tr("Karte des Landkreises mit %1 Markierungen").replace(
                "%1", str(len(self._markers))
            )
        )

    # -- input -------------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom around the mouse pointer."""
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(_ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ and - zoom around the centre."""
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            anchor = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_by(_ZOOM_STEP if key != Qt.Key.Key_Minus else 1 / _ZOOM_STEP)
            self.setTransformationAnchor(anchor)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press on a marker picks it; elsewhere it may become a click or a drag."""
        if event.button() == Qt.MouseButton.LeftButton:
            item = self.itemAt(event.position().toPoint())
            if isinstance(item, _MarkerItem):
                self.marker_clicked.emit(item.marker.key)
                event.accept()
                return
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A release close to the press is a click on the map."""
        press, self._press = self._press, None
        super().mouseReleaseEvent(event)
        event.accept()
        if press is not None and event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            if (pos - press).manhattanLength() <= _CLICK_SLOP:
                lat, lon = self.to_latlon(pos)
                self.clicked.emit(lat, lon)
            else:
                self._user_moved = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Until the user zoomed or panned, keep the fitted part of the map in view."""
        super().resizeEvent(event)
        if not self._user_moved and self._fitted is not None:
            self.fitInView(self._fitted, Qt.AspectRatioMode.KeepAspectRatio)
            self._clamp_zoom()
        self.viewport().update()


class MbtilesProblem(Exception):
    """An MBTiles file that cannot be shown (one sentence in the UI language)."""


def check_mbtiles(path: Path) -> tuple[list[int], str]:
    """The zoom levels and attribution of a raster MBTiles file; a file that cannot be
    shown raises :class:`MbtilesProblem` with one sentence in the UI language."""
    if not path.is_file():
        raise MbtilesProblem(
            QCoreApplication.translate(
                "MapView", "Die Kartendatei „%1“ wurde nicht gefunden."
            ).replace("%1", path.name)
        )
    try:
        con = _open_readonly(path)
        try:
            tables = {
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            }
            if "tiles" not in tables:
                raise MbtilesProblem(
                    QCoreApplication.translate(
                        "MapView",
                        "„%1“ ist keine MBTiles-Kartendatei (die Tabelle der Kacheln fehlt).",
                    ).replace("%1", path.name)
                )
            meta: dict[str, str] = {}
            if "metadata" in tables:
                meta = {str(k): str(v) for k, v in con.execute("SELECT name, value FROM metadata")}
            fmt = meta.get("format", "png").lower()
            if fmt not in ("png", "jpg", "jpeg", "webp"):
                raise MbtilesProblem(
                    QCoreApplication.translate(
                        "MapView",
                        "„%1“ enthält Vektorkacheln (%2); angezeigt werden nur Rasterkacheln "
                        "(PNG, JPEG, WebP).",
                    )
                    .replace("%1", path.name)
                    .replace("%2", fmt)
                )
            zooms = sorted(
                int(r[0])
                for r in con.execute("SELECT DISTINCT zoom_level FROM tiles")
                if isinstance(r[0], int) and 0 <= r[0] <= 22
            )
        finally:
            con.close()
    except sqlite3.Error:
        raise MbtilesProblem(
            QCoreApplication.translate(
                "MapView", "„%1“ ist beschädigt oder keine MBTiles-Kartendatei."
            ).replace("%1", path.name)
        ) from None
    if not zooms:
        raise MbtilesProblem(
            QCoreApplication.translate(
                "MapView", "Die Kartendatei „%1“ enthält keine Kacheln."
            ).replace("%1", path.name)
        )
    return zooms, meta.get("attribution", "").strip()


def _open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
