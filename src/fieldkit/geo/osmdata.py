"""Where the imported OpenStreetMap data lives: the road graph and the streets (issue 22).

Layout in the data folder (``fieldkit.paths.data_dir() / "osm"`` unless a folder is passed)::

    osm/current.json           {"folder": "<stamp>", "file": …, "imported_at": …}
    osm/<stamp>/roads.npz      the prepared road graph (fieldkit.geo.roads.RoadGraph)
    osm/<stamp>/streets.npz    street polylines, classes, names and place names

A new import is written to a fresh ``<stamp>`` folder (:func:`stage`) and becomes the current
one by replacing ``current.json`` in one ``os.replace`` (:func:`activate`), after the address
points are committed; readers therefore see the old data or the new, never a mix of files.
The address points themselves live in the database like every other address file.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from fieldkit.geo.osm import Extract
from fieldkit.geo.roads import RoadGraph, build_graph

_POINTER = "current.json"
_lock = threading.Lock()
_graphs: dict[Path, tuple[float, RoadGraph | None]] = {}
_streets: dict[Path, tuple[float, Streets | None]] = {}


def default_folder() -> Path:
    """``osm`` in the user data folder."""
    from fieldkit.paths import data_dir

    return data_dir() / "osm"


@dataclass(frozen=True)
class Streets:
    """Polylines to draw: ``coords`` (lat, lon) float32 rows, way ``offsets`` into them,
    ``road_class`` per way (index into ROAD_CLASSES), ``names``; and the place names."""

    coords: np.ndarray
    offsets: np.ndarray
    road_class: np.ndarray
    names: np.ndarray
    place_kind: np.ndarray
    place_name: np.ndarray
    place_lat: np.ndarray
    place_lon: np.ndarray

    def __len__(self) -> int:
        return int(self.offsets.size - 1)

    def line(self, i: int) -> np.ndarray:
        """The (lat, lon) rows of way ``i``."""
        return self.coords[self.offsets[i] : self.offsets[i + 1]]


@dataclass(frozen=True)
class Staged:
    """A written but not yet current import."""

    folder: Path
    root: Path
    junctions: int
    streets: int


def stage(extract: Extract, file_name: str, root: Path | None = None) -> Staged:
    """Write graph and streets of ``extract`` into a new folder under ``root``."""
    root = root or default_folder()
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    folder = root / stamp
    folder.mkdir()
    try:
        graph = build_graph(extract.roads)
        graph.save(folder / "roads.npz")
        _save_streets(extract, folder / "streets.npz")
        info = {"folder": stamp, "file": file_name, "imported_at": datetime.now(UTC).isoformat()}
        (folder / "info.json").write_text(json.dumps(info), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Staged(folder, root, graph.size, len(extract.roads))


def activate(staged: Staged) -> None:
    """Make ``staged`` the current data and remove older folders."""
    pointer = staged.root / _POINTER
    tmp = staged.root / (_POINTER + ".tmp")
    tmp.write_text((staged.folder / "info.json").read_text(encoding="utf-8"), encoding="utf-8")
    os.replace(tmp, pointer)
    for child in staged.root.iterdir():
        if child.is_dir() and child != staged.folder:
            shutil.rmtree(child, ignore_errors=True)


def discard(staged: Staged) -> None:
    """Remove a staged import that did not become current."""
    shutil.rmtree(staged.folder, ignore_errors=True)


def current_info(root: Path | None = None) -> dict[str, str] | None:
    """What ``current.json`` says, or ``None`` when no extract is imported (or it is broken)."""
    pointer = (root or default_folder()) / _POINTER
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("folder"), str):
        return None
    return {str(k): str(v) for k, v in data.items()}


def _current_folder(root: Path | None) -> Path | None:
    info = current_info(root)
    if info is None or "/" in info["folder"] or "\\" in info["folder"]:
        return None
    folder = (root or default_folder()) / info["folder"]
    return folder if folder.is_dir() else None


def load_roads(root: Path | None = None) -> RoadGraph | None:
    """The current road graph (kept in memory until a newer import), or ``None``."""
    folder = _current_folder(root)
    if folder is None:
        return None
    path = folder / "roads.npz"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    with _lock:
        cached = _graphs.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            graph: RoadGraph | None = RoadGraph.load(path)
        except (OSError, ValueError, KeyError):
            graph = None
        _graphs.clear()
        _graphs[path] = (stamp, graph)
    return graph


def load_streets(root: Path | None = None) -> Streets | None:
    """The current streets and place names (kept in memory until a newer import), or
    ``None``."""
    folder = _current_folder(root)
    if folder is None:
        return None
    path = folder / "streets.npz"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    with _lock:
        cached = _streets.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    try:
        with np.load(path, allow_pickle=False) as data:
            streets: Streets | None = Streets(**{name: data[name] for name in data.files})
    except (OSError, ValueError, KeyError, TypeError):
        streets = None
    with _lock:
        _streets.clear()
        _streets[path] = (stamp, streets)
    return streets


def _save_streets(extract: Extract, path: Path) -> None:
    roads = extract.roads
    sizes = np.asarray([r.lats.size for r in roads], dtype=np.int64)
    coords = (
        np.column_stack(
            [np.concatenate([r.lats for r in roads]), np.concatenate([r.lons for r in roads])]
        ).astype(np.float32)
        if roads
        else np.zeros((0, 2), np.float32)
    )
    places = extract.places
    with open(path, "wb") as fh:
        np.savez(
            fh,
            coords=coords,
            offsets=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            road_class=np.asarray([r.road_class for r in roads], dtype=np.int8),
            names=np.asarray([r.name for r in roads], dtype=str),
            place_kind=np.asarray([p[0] for p in places], dtype=str),
            place_name=np.asarray([p[1] for p in places], dtype=str),
            place_lat=np.asarray([p[2] for p in places], dtype=float),
            place_lon=np.asarray([p[3] for p in places], dtype=float),
        )
