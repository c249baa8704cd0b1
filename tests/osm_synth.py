"""Small synthetic OpenStreetMap extracts for the tests, written with osmium (no internet).

``river_town``: a town near Heilbronn on a local metre grid (x east, y north from
(ORIGIN_LAT, ORIGIN_LON)). A river runs north-south at x = 500 m; the only bridge is the
Brückenstraße at y = 1000 m (primary, maxspeed 50). Weststraße (x = 0) and Oststraße
(x = 1000) run from y = 0 to y = 1000 (residential, no maxspeed: 30 km/h), with a node every
100 m. So from (0, 0) to (1000, 0) the road is 3000 m, 120 s + 72 s + 120 s = 312 s, while
the straight line is 1000 m. Addresses carry letters, a range and a "3;5" list, on nodes
and on a building outline.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import osmium
from osmium.osm.mutable import Node, Way

ORIGIN_LAT = 49.14
ORIGIN_LON = 9.22
_R = 6_371_008.8
POSTCODE = "74072"
CITY = "Heilbronn"


def latlon(x: float, y: float) -> tuple[float, float]:
    """Local metres → (lat, lon) on the sphere the road lengths are measured on."""
    lat = ORIGIN_LAT + math.degrees(y / _R)
    lon = ORIGIN_LON + math.degrees(x / (_R * math.cos(math.radians(ORIGIN_LAT))))
    return lat, lon


class Builder:
    """Collects nodes and ways, then writes them sorted (nodes first) with osmium."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.ways: list[Way] = []
        self._next_node = 1
        self._next_way = 1

    def node(self, x: float, y: float, tags: dict[str, str] | None = None) -> int:
        lat, lon = latlon(x, y)
        nid = self._next_node
        self._next_node += 1
        self.nodes.append(Node(id=nid, location=(lon, lat), tags=tags or {}))
        return nid

    def node_at(self, lat: float, lon: float, tags: dict[str, str] | None = None) -> int:
        nid = self._next_node
        self._next_node += 1
        self.nodes.append(Node(id=nid, location=(lon, lat), tags=tags or {}))
        return nid

    def way(self, nodes: list[int], tags: dict[str, str]) -> int:
        wid = self._next_way
        self._next_way += 1
        self.ways.append(Way(id=wid, nodes=nodes, tags=tags))
        return wid

    def line(self, points: Iterable[tuple[float, float]], tags: dict[str, str]) -> list[int]:
        ids = [self.node(x, y) for x, y in points]
        self.way(ids, tags)
        return ids

    def write(self, path: Path) -> Path:
        if path.exists():
            path.unlink()
        with osmium.SimpleWriter(str(path)) as writer:
            for n in self.nodes:
                writer.add_node(n)
            for w in self.ways:
                writer.add_way(w)
        return path


def address(street: str, number: str, **extra: str) -> dict[str, str]:
    tags = {
        "addr:street": street,
        "addr:housenumber": number,
        "addr:postcode": POSTCODE,
        "addr:city": CITY,
    }
    tags.update(extra)
    return tags


def river_town(path: Path, *, with_addresses: bool = True) -> Path:
    """Write the river town (see the module text) to ``path`` (.osm.pbf or .osm)."""
    b = Builder()
    west = [b.node(0, 100.0 * i) for i in range(11)]
    east = [b.node(1000, 100.0 * i) for i in range(11)]
    b.way(west, {"highway": "residential", "name": "Weststraße"})
    b.way(east, {"highway": "residential", "name": "Oststraße"})
    bridge = [west[-1], *(b.node(100.0 * i, 1000) for i in range(1, 10)), east[-1]]
    b.way(bridge, {"highway": "primary", "name": "Brückenstraße", "maxspeed": "50"})
    b.line([(500, -500), (500, 1500)], {"waterway": "river", "name": "Neckar"})
    # A one-way lane from Weststraße (0, 500) to (0, 300) via x = -200.
    lane = [west[5], b.node(-200, 500), b.node(-200, 300), west[3]]
    b.way(lane, {"highway": "service", "oneway": "yes", "name": "Mühlgasse"})
    b.node(300, 1200, {"place": "suburb", "name": "Brückenviertel"})
    if with_addresses:
        add_addresses(b)
    return b.write(path)


def add_addresses(b: Builder) -> None:
    b.node(-15, 0, address("Weststraße", "1"))
    b.node(-15, 100, address("Weststraße", "3a"))
    b.node(-15, 200, address("Weststraße", "12-14"))
    b.node(-15, 300, address("Weststraße", "20;22"))
    b.node(1015, 0, address("Oststraße", "2"))
    b.node(500, 1015, address("Brückenstraße", "7"))
    # A building outline with its address: the point is the mean of its corners.
    corners = [b.node(1020, 480), b.node(1040, 480), b.node(1040, 520), b.node(1020, 520)]
    b.way([*corners, corners[0]], {"building": "house", **address("Oststraße", "9")})


def write_nodes(path: Path, nodes: list[dict[str, Any]]) -> Path:
    """A file of lone nodes (x, y, tags) — e.g. a 'foreign' extract."""
    b = Builder()
    for n in nodes:
        b.node(n["x"], n["y"], n.get("tags"))
    return b.write(path)
