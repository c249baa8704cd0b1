"""The road graph of an OpenStreetMap extract and many-to-many travel times on it (issue 22).

**Preparation** (at import, :func:`build_graph`): the car-profile ways of
:mod:`fieldkit.geo.osm` are cut at junctions (nodes shared by two ways, and way ends); each
piece becomes one edge (both directions unless one-way) whose length is the sum of its
segments and whose time is length ÷ the way's speed. Only the junctions remain as graph
nodes, so the graph is several times smaller than the extract. Parallel pieces keep the
fastest. Stops are snapped only to junctions of the largest strongly connected part, so a
customer is never attached to a cut-off parking lot.

**Queries** (:meth:`RoadGraph.travel_matrix`): every stop goes to its nearest junction
(a KD-tree on metre coordinates); the way there is the straight line at
:data:`ACCESS_SPEED_KMH`. Between junctions, :func:`scipy.sparse.csgraph.dijkstra` from
each distinct junction. The edge weight carries time and length in one exact number:
``deciseconds × 2**20 + metres`` (integers well below 2**53), so the shortest time wins and
the length of *that* path comes along without a second search.

Chosen over igraph and pandana by measurement (see the commit that added scipy and
``bench/geo.py``). The prepared graph is one ``.npz`` file (no pickles).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fieldkit.geo.osm import RoadWay

#: Speed (km/h) on the straight line between a stop and its junction (drive-way, parking).
ACCESS_SPEED_KMH = 20.0
#: A stop farther than this from every junction is not on the road map (metres).
MAX_SNAP_M = 3000.0
#: Edge weight = deciseconds × _SHIFT + metres; a path stays below 1,048 km.
_SHIFT = float(2**20)
_EARTH_R = 6_371_008.8
_SOURCES_PER_CALL = 64


@dataclass(frozen=True)
class RoadMatrix:
    """Seconds and metres between stops (float, NaN where the road map has no answer)."""

    seconds: np.ndarray
    meters: np.ndarray
    unsnapped: int  # stops too far from every road


@dataclass(frozen=True)
class RoadGraph:
    """Junctions (lat, lon) and directed edges in CSR order with their combined weight."""

    lat: np.ndarray  # float64, per junction
    lon: np.ndarray
    indptr: np.ndarray  # int64, CSR rows
    indices: np.ndarray  # int32, target junction
    weight: np.ndarray  # float64, deciseconds × 2**20 + metres
    snappable: np.ndarray  # bool, junction in the largest strongly connected part

    @property
    def size(self) -> int:
        """Number of junctions."""
        return int(self.lat.size)

    @property
    def edges(self) -> int:
        """Number of directed edges."""
        return int(self.indices.size)

    def save(self, path: Path) -> None:
        """Write the graph as one ``.npz`` file."""
        with open(path, "wb") as fh:
            np.savez(
                fh,
                lat=self.lat,
                lon=self.lon,
                indptr=self.indptr,
                indices=self.indices,
                weight=self.weight,
                snappable=self.snappable,
            )

    @classmethod
    def load(cls, path: Path) -> RoadGraph:
        """Read a graph written by :meth:`save` (ValueError/OSError if it is not one)."""
        with np.load(path, allow_pickle=False) as data:
            graph = cls(
                lat=data["lat"],
                lon=data["lon"],
                indptr=data["indptr"],
                indices=data["indices"],
                weight=data["weight"],
                snappable=data["snappable"],
            )
        if graph.indptr.size != graph.size + 1 or graph.weight.size != graph.edges:
            raise ValueError("road graph file is inconsistent")
        return graph

    def csgraph(self) -> object:
        """The scipy CSR matrix of the edges."""
        from scipy.sparse import csr_matrix

        n = self.size
        return csr_matrix((self.weight, self.indices, self.indptr), shape=(n, n))

    def _snapper(self) -> tuple[object, np.ndarray, float]:
        """The KD-tree of the snappable junctions (built once per graph)."""
        cached = _TREES.get(id(self))
        if cached is None or cached[0] is not self:
            from scipy.spatial import cKDTree

            candidates = np.flatnonzero(self.snappable)
            ref = float(np.mean(self.lat[candidates])) if candidates.size else 0.0
            tree = cKDTree(_metres(self.lat[candidates], self.lon[candidates], ref))
            _TREES.clear()
            cached = _TREES[id(self)] = (self, tree, candidates, ref)
        return cached[1], cached[2], cached[3]

    def snap(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Nearest snappable junction per point and the straight distance to it (metres);
        junction -1 where none lies within :data:`MAX_SNAP_M`."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        tree, candidates, ref = self._snapper()
        if candidates.size == 0 or pts.shape[0] == 0:
            return np.full(pts.shape[0], -1), np.full(pts.shape[0], np.inf)
        dist, idx = tree.query(_metres(pts[:, 0], pts[:, 1], ref), k=1)  # type: ignore[attr-defined]
        nodes = np.where(dist <= MAX_SNAP_M, candidates[np.minimum(idx, candidates.size - 1)], -1)
        return nodes, np.asarray(dist, dtype=float)

    def travel_matrix(self, points: Sequence[tuple[float, float]]) -> RoadMatrix:
        """Driving seconds and metres between all ``points`` (lat, lon), NaN where the
        road map cannot answer (stop off the map, or no road connection)."""
        from scipy.sparse.csgraph import dijkstra

        n = len(points)
        nodes, access_m = self.snap(points)
        seconds = np.full((n, n), np.nan)
        meters = np.full((n, n), np.nan)
        ok = np.flatnonzero(nodes >= 0)
        if ok.size:
            unique, inverse = np.unique(nodes[ok], return_inverse=True)
            graph = self.csgraph()
            combined = np.empty((unique.size, unique.size))
            for start in range(0, unique.size, _SOURCES_PER_CALL):
                chunk = unique[start : start + _SOURCES_PER_CALL]
                found = dijkstra(graph, directed=True, indices=chunk)
                combined[start : start + chunk.size] = found[:, unique]
            between = combined[np.ix_(inverse, inverse)]
            reach = np.isfinite(between)
            safe = np.where(reach, between, 0.0)
            road_s = np.floor(safe / _SHIFT) / 10.0
            road_m = safe - np.floor(safe / _SHIFT) * _SHIFT
            acc = access_m[ok]
            acc_s = acc / (ACCESS_SPEED_KMH / 3.6)
            sub_s = acc_s[:, None] + road_s + acc_s[None, :]
            sub_m = acc[:, None] + road_m + acc[None, :]
            seconds[np.ix_(ok, ok)] = np.where(reach, sub_s, np.nan)
            meters[np.ix_(ok, ok)] = np.where(reach, sub_m, np.nan)
        np.fill_diagonal(seconds, 0.0)
        np.fill_diagonal(meters, 0.0)
        return RoadMatrix(seconds, meters, int(n - ok.size))

    def path(
        self, a: tuple[float, float], b: tuple[float, float], margin_m: float = 3000.0
    ) -> list[tuple[float, float]] | None:
        """The fastest way from ``a`` to ``b`` as junction positions (for drawing), searched
        in the box around both plus ``margin_m``; ``None`` if there is none in that box."""
        from scipy.sparse.csgraph import dijkstra

        nodes, _ = self.snap([a, b])
        if nodes[0] < 0 or nodes[1] < 0:
            return None
        dlat = margin_m / 111_320.0
        dlon = dlat / max(np.cos(np.radians((a[0] + b[0]) / 2)), 0.1)
        inside = (
            (self.lat >= min(a[0], b[0]) - dlat)
            & (self.lat <= max(a[0], b[0]) + dlat)
            & (self.lon >= min(a[1], b[1]) - dlon)
            & (self.lon <= max(a[1], b[1]) + dlon)
        )
        keep = np.flatnonzero(inside)
        local = np.full(self.size, -1)
        local[keep] = np.arange(keep.size)
        start, end = int(local[nodes[0]]), int(local[nodes[1]])
        if start < 0 or end < 0:
            return None
        sub = self.csgraph()[keep][:, keep]  # type: ignore[index]
        _, pred = dijkstra(sub, directed=True, indices=start, return_predecessors=True)
        chain = [end]
        while chain[-1] != start:
            step = int(pred[chain[-1]])
            if step < 0:
                return None
            chain.append(step)
        junctions = keep[np.asarray(chain[::-1])]
        return [a, *zip(self.lat[junctions].tolist(), self.lon[junctions].tolist(), strict=True), b]


_TREES: dict[int, tuple[RoadGraph, object, np.ndarray, float]] = {}


def _metres(lat: np.ndarray, lon: np.ndarray, ref_lat: float) -> np.ndarray:
    """Equirectangular metres around ``ref_lat``: exact enough for nearest-neighbour."""
    x = np.radians(lon) * np.cos(np.radians(ref_lat)) * _EARTH_R
    y = np.radians(lat) * _EARTH_R
    return np.column_stack([x, y])


def segment_lengths(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Haversine length (metres) of each segment of a polyline."""
    lat = np.radians(lats)
    lon = np.radians(lons)
    dlat = np.diff(lat)
    dlon = np.diff(lon)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    result: np.ndarray = 2 * _EARTH_R * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return result


def build_graph(ways: Sequence[RoadWay]) -> RoadGraph:
    """The junction graph of ``ways`` (see the module text)."""
    if not ways:
        empty = np.zeros(0)
        return RoadGraph(
            empty, empty, np.zeros(1, np.int64), np.zeros(0, np.int32), empty, np.zeros(0, bool)
        )
    all_ids = np.concatenate([w.nodes for w in ways])
    _, inverse, counts = np.unique(all_ids, return_inverse=True, return_counts=True)
    is_junction = counts[inverse] > 1  # shared by two ways (or twice by one)
    sizes = np.asarray([w.nodes.size for w in ways])
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    is_junction[offsets[:-1]] = True  # way ends
    is_junction[offsets[1:] - 1] = True
    coords: dict[int, tuple[float, float]] = {}
    src: list[int] = []
    dst: list[int] = []
    wgt: list[float] = []
    for i, way in enumerate(ways):
        cuts = np.flatnonzero(is_junction[offsets[i] : offsets[i + 1]])
        _cut_way(way, cuts, coords, src, dst, wgt)
    return _assemble(coords, src, dst, wgt)


def _cut_way(
    way: RoadWay,
    cuts: np.ndarray,
    coords: dict[int, tuple[float, float]],
    src: list[int],
    dst: list[int],
    wgt: list[float],
) -> None:
    """Append the way's pieces between junctions as edges (OSM ids) to src/dst/wgt."""
    cum = np.concatenate([[0.0], np.cumsum(segment_lengths(way.lats, way.lons))])
    speed_ms = way.speed_kmh / 3.6
    for a, b in itertools.pairwise(cuts):
        u, v = int(way.nodes[a]), int(way.nodes[b])
        if u == v:
            continue
        coords[u] = (float(way.lats[a]), float(way.lons[a]))
        coords[v] = (float(way.lats[b]), float(way.lons[b]))
        length = float(cum[b] - cum[a])
        weight = round(length / speed_ms * 10.0) * _SHIFT + round(length)
        if way.oneway >= 0:
            src.append(u)
            dst.append(v)
            wgt.append(weight)
        if way.oneway <= 0:
            src.append(v)
            dst.append(u)
            wgt.append(weight)


def _assemble(
    coords: dict[int, tuple[float, float]],
    src: list[int],
    dst: list[int],
    wgt: list[float],
) -> RoadGraph:
    from scipy.sparse.csgraph import connected_components

    used = np.asarray(sorted(coords), dtype=np.int64)
    lat = np.asarray([coords[int(i)][0] for i in used])
    lon = np.asarray([coords[int(i)][1] for i in used])
    u = np.searchsorted(used, np.asarray(src, dtype=np.int64))
    v = np.searchsorted(used, np.asarray(dst, dtype=np.int64))
    w = np.asarray(wgt, dtype=float)
    # Parallel pieces between the same junctions: keep the fastest (CSR would add them up).
    order = np.lexsort((w, v, u))
    u, v, w = u[order], v[order], w[order]
    first = np.ones(u.size, bool)
    first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    u, v, w = u[first], v[first], w[first]
    n = used.size
    indptr = np.zeros(n + 1, np.int64)
    np.add.at(indptr, u + 1, 1)
    indptr = np.cumsum(indptr)
    graph = RoadGraph(lat, lon, indptr, v.astype(np.int32), w, np.ones(n, bool))
    if n:
        _, labels = connected_components(graph.csgraph(), directed=True, connection="strong")
        biggest = np.bincount(labels).argmax()
        graph = RoadGraph(lat, lon, indptr, v.astype(np.int32), w, labels == biggest)
    return graph
