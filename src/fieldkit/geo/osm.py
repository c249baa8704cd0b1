"""Read an OpenStreetMap extract (``.osm.pbf`` or ``.osm`` XML) for the district (issue 22).

One pass with pyosmium (node locations kept for the ways) collects, inside a bounding box:

* **address points** — ``addr:housenumber`` with ``addr:street`` (or ``addr:place``),
  ``addr:postcode`` and ``addr:city`` on nodes and on closed ways (building outlines, at
  the mean of their corners); "3;5" gives two points;
* **streets** for drawing — every way of the car profile with its class and name — and the
  place names (``place=city/town/village/suburb/hamlet``);
* the **road ways** from which :mod:`fieldkit.geo.roads` builds the routing graph.

Nothing is downloaded and nothing is written here: the caller decides what to store. A file
that is not an extract, is broken, too large, or has nothing in the box raises
:class:`OsmFileError` with one German and one English sentence.

Data © OpenStreetMap contributors, ODbL 1.0 (:data:`OSM_ATTRIBUTION`), shown wherever the
data is shown or printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fieldkit.errors import BilingualError
from fieldkit.geo.addresspoints import AddressPoint
from fieldkit.geo.normalize import normalize_postcode

OSM_ATTRIBUTION = "Kartendaten: © OpenStreetMap-Mitwirkende, ODbL 1.0"
OSM_ATTRIBUTION_EN = "Map data: © OpenStreetMap contributors, ODbL 1.0"

#: Bigger files are refused before reading: a Regierungsbezirk is 150–300 MB, all of
#: Baden-Württemberg about 700 MB; a whole country is not meant for one district.
MAX_FILE_BYTES = 1024 * 1024 * 1024
SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz")

#: Highway classes of the car profile, in drawing order (most important first).
ROAD_CLASSES = (
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "living_street",
    "service",
    "motorway_link",
    "trunk_link",
    "primary_link",
    "secondary_link",
    "tertiary_link",
)
_CLASS_INDEX = {name: i for i, name in enumerate(ROAD_CLASSES)}
_PLACES = ("city", "town", "village", "suburb", "hamlet")
_NO_ACCESS = {"no", "private", "agricultural", "forestry", "delivery", "destination_no"}

Box = tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max


def attribution(lang: str = "de") -> str:
    """The ODbL attribution line in the user's language."""
    return OSM_ATTRIBUTION_EN if lang.lower().startswith("en") else OSM_ATTRIBUTION


class OsmFileError(BilingualError, ValueError):
    """An extract that cannot be imported (one German and one English sentence)."""

    STR_LANGUAGE = "de"


@dataclass
class RoadWay:
    """One way of the car profile: OSM node ids, their coordinates, class, speed, direction."""

    nodes: np.ndarray  # int64 OSM node ids
    lats: np.ndarray
    lons: np.ndarray
    road_class: int  # index into ROAD_CLASSES
    speed_kmh: float
    oneway: int  # 0 both ways, 1 forward only, -1 backward only
    name: str


@dataclass
class Extract:
    """What :func:`read_extract` found inside the box."""

    addresses: list[AddressPoint] = field(default_factory=list)
    roads: list[RoadWay] = field(default_factory=list)
    places: list[tuple[str, str, float, float]] = field(default_factory=list)  # kind, name, …


def cancelled_error() -> OsmFileError:
    """The error of an import the user cancelled (code ``cancelled``)."""
    return OsmFileError(
        "Import abgebrochen; nichts wurde geändert.",
        "Import cancelled; nothing was changed.",
        code="cancelled",
    )


def check_file(path: Path) -> int:
    """The file's size, or :class:`OsmFileError` for a missing, foreign or huge file."""
    name = path.name
    if not name.lower().endswith(SUFFIXES):
        raise OsmFileError(
            f"{name} ist kein OpenStreetMap-Auszug (erwartet: .osm.pbf oder .osm). "
            "Nichts wurde importiert.",
            f"{name} is not an OpenStreetMap extract (expected .osm.pbf or .osm). "
            "Nothing was imported.",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise OsmFileError(
            f"Die Datei {name} kann nicht gelesen werden ({exc.strerror}).",
            f"The file {name} cannot be read ({exc.strerror}).",
        ) from exc
    if size > MAX_FILE_BYTES:
        raise OsmFileError(
            f"Die Datei {name} ist zu groß (über 1 GB); bitte den Auszug des "
            "Regierungsbezirks nehmen. Nichts wurde importiert.",
            f"The file {name} is too large (over 1 GB); please use the extract of the "
            "Regierungsbezirk. Nothing was imported.",
        )
    return size


def read_extract(
    path: Path,
    box: Box,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Extract:
    """Read ``path`` and keep what lies in ``box``; :class:`OsmFileError` if it cannot."""
    import osmium

    path = Path(path)
    check_file(path)
    reader = _Reader(box)
    try:
        processor = (
            osmium.FileProcessor(str(path))
            .with_locations()
            .with_filter(osmium.filter.KeyFilter("highway", "addr:housenumber", "place"))
        )
        for count, obj in enumerate(processor):
            if count % 20_000 == 0 and cancelled is not None and cancelled():
                raise cancelled_error()
            reader.take(obj)
    except OsmFileError:
        raise
    except Exception as exc:  # libosmium's errors (RuntimeError, InvalidLocationError, …)
        raise OsmFileError(
            f"Die Datei {path.name} ist beschädigt oder kein OpenStreetMap-Auszug. "
            "Nichts wurde importiert.",
            f"The file {path.name} is corrupt or not an OpenStreetMap extract. "
            "Nothing was imported.",
        ) from exc
    extract = reader.extract
    if not extract.addresses and not extract.roads:
        raise OsmFileError(
            f"Der Auszug {path.name} enthält keine Straßen und Adressen im Landkreis; "
            "vermutlich ein Auszug einer anderen Gegend. Nichts wurde importiert.",
            f"The extract {path.name} holds no roads or addresses in the district; "
            "probably an extract of another region. Nothing was imported.",
        )
    return extract


class _Reader:
    """Collects what lies in the box from the objects pyosmium hands over."""

    def __init__(self, box: Box) -> None:
        self.box = box
        self.extract = Extract()

    def inside(self, lat: float, lon: float) -> bool:
        lat_min, lat_max, lon_min, lon_max = self.box
        return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max

    def take(self, obj: Any) -> None:
        if obj.is_node():
            self._node(obj)
        elif obj.is_way():
            self._way(obj)

    def _node(self, node: Any) -> None:
        loc = node.location
        if not loc.valid():
            return
        lat, lon = loc.lat, loc.lon
        if not self.inside(lat, lon):
            return
        tags = node.tags
        if "addr:housenumber" in tags:
            self._addresses(tags, lat, lon)
        place = tags.get("place")
        if place in _PLACES and tags.get("name"):
            self.extract.places.append((place, tags["name"], lat, lon))

    def _way(self, way: Any) -> None:
        tags = way.tags
        # Nodes cut off at the extract's edge have no location: the way keeps the rest.
        coords = [(n.ref, n.location.lat, n.location.lon) for n in way.nodes if n.location.valid()]
        if len(coords) < 2 or not any(self.inside(la, lo) for _, la, lo in coords):
            return
        if "addr:housenumber" in tags and coords[0][0] == coords[-1][0]:
            ring = coords[:-1]
            lat = sum(c[1] for c in ring) / len(ring)
            lon = sum(c[2] for c in ring) / len(ring)
            self._addresses(tags, lat, lon)
        road = _road_way(tags, coords)
        if road is not None:
            self.extract.roads.append(road)

    def _addresses(self, tags: Any, lat: float, lon: float) -> None:
        get = tags.get
        street = (get("addr:street") or get("addr:place") or "").strip()
        if not street:
            return
        postcode = normalize_postcode(get("addr:postcode") or "")
        city = (get("addr:city") or "").strip()
        for number in get("addr:housenumber").replace(",", ";").split(";"):
            if number.strip():
                self.extract.addresses.append(
                    AddressPoint(street, number.strip()[:20], postcode, city, lat, lon)
                )


#: Typical driving speeds (km/h) per class where no ``maxspeed`` is tagged.
DEFAULT_SPEEDS = {
    "motorway": 115.0,
    "trunk": 90.0,
    "primary": 70.0,
    "secondary": 60.0,
    "tertiary": 50.0,
    "unclassified": 45.0,
    "residential": 30.0,
    "living_street": 7.0,
    "service": 15.0,
    "motorway_link": 60.0,
    "trunk_link": 50.0,
    "primary_link": 45.0,
    "secondary_link": 40.0,
    "tertiary_link": 35.0,
}
_ZONE_SPEEDS = {"urban": 50.0, "rural": 100.0, "motorway": 120.0, "living_street": 7.0}


def parse_maxspeed(text: str | None) -> float | None:
    """km/h from ``maxspeed`` ("50", "30 mph", "DE:urban", "walk"); ``None`` if unusable."""
    if not text:
        return None
    text = text.strip().lower().split(";")[0]
    if text in ("walk", "walking"):
        return 7.0
    if ":" in text:
        return _ZONE_SPEEDS.get(text.split(":", 1)[1])
    try:
        value = float(text[:-3].strip()) * 1.609344 if text.endswith("mph") else float(text)
    except ValueError:
        return None
    return value if 3.0 <= value <= 200.0 else None


def _road_way(tags: Any, coords: list[tuple[int, float, float]]) -> RoadWay | None:
    get = tags.get
    highway = get("highway")
    if highway not in _CLASS_INDEX:
        return None
    closed = get("motor_vehicle", get("access", "yes")) in _NO_ACCESS
    if get("area") == "yes" or (closed and get("motorcar") not in ("yes", "designated")):
        return None
    speed = parse_maxspeed(get("maxspeed")) or DEFAULT_SPEEDS[highway]
    if highway in ("service", "living_street"):
        speed = min(speed, DEFAULT_SPEEDS[highway])
    oneway_tag = (get("oneway") or "").lower()
    if oneway_tag in ("yes", "true", "1"):
        oneway = 1
    elif oneway_tag == "-1":
        oneway = -1
    elif oneway_tag == "no":
        oneway = 0
    else:
        implied = highway in ("motorway", "motorway_link") or get("junction") == "roundabout"
        oneway = 1 if implied else 0
    arr = np.asarray([(c[1], c[2]) for c in coords], dtype=float)
    return RoadWay(
        nodes=np.asarray([c[0] for c in coords], dtype=np.int64),
        lats=arr[:, 0],
        lons=arr[:, 1],
        road_class=_CLASS_INDEX[highway],
        speed_kmh=speed,
        oneway=oneway,
        name=(get("name") or get("ref") or "")[:100],
    )
