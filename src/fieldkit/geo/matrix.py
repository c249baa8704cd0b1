"""Distance and travel-time matrices for a set of points.

Default: straight-line distance × detour factor at an average speed (``GeoSettings``). The
straight line is the haversine angle times the WGS84 ellipsoid's radius of curvature at the
pair's mean latitude in the pair's direction (Euler's formula), vectorised with numpy. Plain
haversine on the mean sphere is off by up to 0.3 % at 49° N; this correction brings the
deviation from geopy's exact ``geodesic`` to below 0.001 % (measured 4 ppm for pairs across
Germany, checked in ``tests/test_geo_matrix.py``) at 7 ms for 300 × 300 points, where geopy's
``geodesic`` would need seconds.

With an imported OpenStreetMap extract (``fieldkit import-osm``, issue 22) the times come
from its road graph (:mod:`fieldkit.geo.roads`), multiplied by ``road_time_factor``; the
result's ``source`` is ``"osm"`` and its note says so (:attr:`NoteCode.ROAD_NETWORK`), so the
plan tells which times it used. Stops off the road map get the estimate for their pairs
(:attr:`NoteCode.ROAD_GAPS`).

Optional: a road-routing server (OSRM ``/table`` or Valhalla ``/sources_to_targets``) at a
configured address, off by default. If it fails the geodesic estimate is used and the
result says so in a :class:`~fieldkit.geo.notes.GeoNote` (``note``), which the planner
passes on to whoever shows the plan. Results are cached by coordinates
rounded to 5 decimals (about 1 m).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.geo.roads import RoadGraph
from fieldkit.geo.settings import GeoSettings

log = logging.getLogger(__name__)

EARTH_RADIUS_M = 6_371_008.8
Point = tuple[float, float]  # (lat, lon)


@dataclass(frozen=True)
class TravelMatrix:
    """Square matrices in point order: ``seconds`` and ``meters`` (int64), and their source."""

    seconds: np.ndarray
    meters: np.ndarray
    source: str  # "geodesic", "osm", "osrm" or "valhalla"
    note: GeoNote | None = None  # road network used, or what went wrong with the server


def haversine_matrix(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """N×N great-circle distances on the mean-radius sphere in metres (float64)."""
    lat = np.radians(np.asarray(lats, dtype=float))
    lon = np.radians(np.asarray(lons, dtype=float))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    result: np.ndarray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return result


_WGS84_A = 6_378_137.0
_WGS84_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)


def geodesic_matrix(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """N×N ellipsoidal distances in metres (float64), within a few ppm of geopy's geodesic."""
    lat = np.radians(np.asarray(lats, dtype=float))
    lon = np.radians(np.asarray(lons, dtype=float))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    angle = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    mid = (lat[:, None] + lat[None, :]) / 2
    w = 1 - _WGS84_E2 * np.sin(mid) ** 2
    prime = _WGS84_A / np.sqrt(w)  # N: radius of curvature east-west
    meridian = _WGS84_A * (1 - _WGS84_E2) / w**1.5  # M: radius of curvature north-south
    east = dlon * np.cos(mid)
    d2 = east**2 + dlat**2
    zero = d2 == 0
    safe = np.where(zero, 1.0, d2)
    east_share = np.where(zero, 0.5, east**2 / safe)  # sin² of the azimuth
    north_share = np.where(zero, 0.5, dlat**2 / safe)  # cos² of the azimuth
    radius = meridian * prime / (prime * north_share + meridian * east_share)
    result: np.ndarray = angle * radius
    return result


def geodesic_travel_matrix(points: Sequence[Point], settings: GeoSettings) -> TravelMatrix:
    """Straight line × detour factor at the average speed, as integer seconds and metres."""
    arr = np.asarray(points, dtype=float).reshape(-1, 2)
    road = geodesic_matrix(arr[:, 0], arr[:, 1]) * settings.detour_factor
    speed_ms = settings.average_speed_kmh / 3.6
    seconds = np.rint(road / speed_ms).astype(np.int64)
    return TravelMatrix(seconds, np.rint(road).astype(np.int64), "geodesic")


class TravelTimeService:
    """Travel-time matrices from the configured source, with a small in-memory cache.

    ``osm_folder`` is where an imported extract's road graph lives (default: the data
    folder's ``osm``); without one the straight-line estimate is used.
    """

    def __init__(
        self, settings: GeoSettings, cache_size: int = 32, osm_folder: Path | None = None
    ) -> None:
        self.settings = settings
        self._cache: OrderedDict[tuple[object, ...], TravelMatrix] = OrderedDict()
        self._cache_size = cache_size
        self._osm_folder = osm_folder

    def matrix(self, points: Sequence[Point]) -> TravelMatrix:
        """The travel-time matrix for ``points`` (lat, lon)."""
        from fieldkit.geo.osmdata import load_roads

        s = self.settings
        use_server = s.routing_server_enabled and bool(s.routing_server_url.strip())
        roads = load_roads(self._osm_folder)
        key: tuple[object, ...] = (
            tuple((round(lat, 5), round(lon, 5)) for lat, lon in points),
            s.detour_factor,
            s.average_speed_kmh,
            s.road_time_factor,
            id(roads),
            s.routing_server_kind if use_server else "",
            s.routing_server_url if use_server else "",
        )
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        result = self._compute(points, use_server, roads)
        # A server's fallback is not cached: the server may be back next time.
        if result.note is None or result.note.code not in _RETRY:
            self._cache[key] = result
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return result

    def _compute(
        self, points: Sequence[Point], use_server: bool, roads: RoadGraph | None
    ) -> TravelMatrix:
        estimate = geodesic_travel_matrix(points, self.settings)
        if len(points) < 2:
            return estimate
        if roads is not None:
            estimate = road_travel_matrix(points, roads, self.settings, estimate)
        if not use_server:
            return estimate
        kind = self.settings.routing_server_kind.strip().lower()
        try:
            if kind == "valhalla":
                seconds, meters = _valhalla(points, self.settings)
            else:
                kind = "osrm"
                seconds, meters = _osrm(points, self.settings)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # The type only: a message may carry the request URL (coordinates of homes).
            log.warning("routing server failed: %s", type(exc).__name__)
            return TravelMatrix(
                estimate.seconds,
                estimate.meters,
                estimate.source,
                GeoNote.of(NoteCode.ROUTER_FAILED),
            )
        # Pairs the router could not connect (null) get the estimate.
        missing = np.isnan(seconds)
        seconds = np.where(missing, estimate.seconds, seconds)
        meters = np.where(np.isnan(meters), estimate.meters, meters)
        note = (
            GeoNote.of(NoteCode.ROUTER_GAPS, count=str(int(missing.sum())))
            if missing.any()
            else None
        )
        return TravelMatrix(
            np.rint(seconds).astype(np.int64), np.rint(meters).astype(np.int64), kind, note
        )


_RETRY = (NoteCode.ROUTER_FAILED, NoteCode.ROUTER_GAPS)


def road_travel_matrix(
    points: Sequence[Point],
    roads: RoadGraph,
    settings: GeoSettings,
    estimate: TravelMatrix | None = None,
) -> TravelMatrix:
    """Times on the road graph × ``road_time_factor``; pairs it cannot answer (a stop off
    the map, no connection) keep the straight-line estimate and the note counts them."""
    if estimate is None:
        estimate = geodesic_travel_matrix(points, settings)
    found = roads.travel_matrix(points)
    missing = np.isnan(found.seconds)
    seconds = np.where(missing, estimate.seconds, found.seconds * settings.road_time_factor)
    meters = np.where(missing, estimate.meters, found.meters)
    gaps = int(missing.sum())
    note = (
        GeoNote.of(NoteCode.ROAD_GAPS, count=str(gaps))
        if gaps
        else GeoNote.of(NoteCode.ROAD_NETWORK)
    )
    return TravelMatrix(
        np.rint(seconds).astype(np.int64), np.rint(meters).astype(np.int64), "osm", note
    )


def _fetch_json(url: str, timeout: float, body: bytes | None = None) -> object:
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError("routing server address must start with http:// or https://")
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json", "User-Agent": "fieldkit"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def _matrix(rows: object, n: int, scale: float = 1.0) -> np.ndarray:
    if not isinstance(rows, list) or len(rows) != n:
        raise ValueError("routing server answered with a matrix of the wrong size")
    out = np.full((n, n), np.nan)
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != n:
            raise ValueError("routing server answered with a matrix of the wrong size")
        for j, value in enumerate(row):
            if value is not None:
                out[i, j] = float(value) * scale
    return out


def _osrm(points: Sequence[Point], settings: GeoSettings) -> tuple[np.ndarray, np.ndarray]:
    coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
    base = settings.routing_server_url.rstrip("/")
    data = _fetch_json(
        f"{base}/table/v1/driving/{coords}?annotations=duration,distance",
        settings.routing_timeout_seconds,
    )
    if not isinstance(data, dict) or data.get("code") != "Ok":
        raise ValueError(f"OSRM answered {data.get('code') if isinstance(data, dict) else '?'}")
    n = len(points)
    seconds = _matrix(data["durations"], n)
    meters = _matrix(data["distances"], n) if "distances" in data else np.full((n, n), np.nan)
    return seconds, meters


def _valhalla(points: Sequence[Point], settings: GeoSettings) -> tuple[np.ndarray, np.ndarray]:
    locations = [{"lat": lat, "lon": lon} for lat, lon in points]
    body = json.dumps(
        {"sources": locations, "targets": locations, "costing": "auto", "units": "kilometers"}
    ).encode()
    base = settings.routing_server_url.rstrip("/")
    data = _fetch_json(f"{base}/sources_to_targets", settings.routing_timeout_seconds, body)
    if not isinstance(data, dict):
        raise ValueError("Valhalla answered no object")
    rows = data["sources_to_targets"]
    n = len(points)
    times = [[cell.get("time") for cell in row] for row in rows]
    dists = [[cell.get("distance") for cell in row] for row in rows]
    return _matrix(times, n), _matrix(dists, n, scale=1000.0)
