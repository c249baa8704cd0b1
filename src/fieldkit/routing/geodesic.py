"""Straight-line travel-time estimate: haversine distance × detour factor at a mean speed.

For tests, the benchmark and as a fallback; the app's real matrix comes from ``fieldkit.geo``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fieldkit.routing.problem import IntMatrix

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(coords: Sequence[tuple[float, float]]) -> np.ndarray:
    """Great-circle distances in metres between all (lat, lon) pairs."""
    arr = np.radians(np.asarray(coords, dtype=float).reshape(-1, 2))
    lat, lon = arr[:, 0][:, None], arr[:, 1][:, None]
    dlat = lat - lat.T
    dlon = lon - lon.T
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
    dist: np.ndarray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return dist


def travel_time_matrix(
    coords: Sequence[tuple[float, float]], *, detour: float = 1.3, speed_kmh: float = 50.0
) -> IntMatrix:
    """Travel times in whole seconds: distance × ``detour`` at ``speed_kmh``."""
    seconds = haversine_m(coords) * detour / (speed_kmh / 3.6)
    return np.rint(seconds).astype(np.int64)
