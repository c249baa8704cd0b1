"""Readers for public benchmark instances: TSPLIB, CVRPLIB (VRPLIB and plain) and Solomon VRPTW.

Costs follow each instance's published convention: TSPLIB/CVRPLIB EUC_2D is the nearest
integer of the Euclidean distance; Solomon distances are truncated to one decimal, kept as
integers ×10 (so RC208's 776.1 is 7761).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fieldkit.routing.problem import IntMatrix, RoutingProblem, Stop, Vehicle

# Published optima / best known costs, in the instance's own unit (see bench/instances/README.md).
KNOWN_OPTIMA: dict[str, float] = {
    "berlin52": 7542,
    "kroA100": 21282,
    "ch150": 6528,
    "a280": 2579,
    "E-n22-k4": 375,
    "E-n23-k3": 569,
    "P-n101-k4": 681,
    "RC208": 776.1,
}


@dataclass(frozen=True)
class Instance:
    """A benchmark instance: node 0 is the depot (TSP: the first city)."""

    name: str
    kind: str  # "tsp", "cvrp" or "vrptw"
    coords: np.ndarray
    matrix: IntMatrix  # integer costs in ``scale`` units per instance unit
    scale: int = 1
    vehicles: int = 1
    capacity: int | None = None
    demands: tuple[int, ...] = ()
    windows: tuple[tuple[int, int], ...] = ()  # already × scale
    service: int = 0  # already × scale
    optimum: float | None = None

    def to_problem(self) -> RoutingProblem:
        """The instance as a generic problem: every stop mandatory, as in the literature."""
        n = len(self.coords)
        stops = []
        for i in range(1, n):
            stops.append(
                Stop(
                    node=i,
                    service=self.service,
                    window=self.windows[i] if self.windows else None,
                    demand=self.demands[i] if self.demands else 0,
                    mandatory=True,
                )
            )
        if self.kind == "tsp":
            stops = [Stop(node=i, mandatory=True) for i in range(1, n)]
        horizon = self.windows[0][1] if self.windows else None
        vehicle = Vehicle(
            start=0,
            end=0,
            shift_start=self.windows[0][0] if self.windows else 0,
            shift_end=horizon,
            capacity=self.capacity,
        )
        return RoutingProblem(self.matrix, stops, [vehicle] * self.vehicles)


def euclid(coords: np.ndarray) -> np.ndarray:
    """All Euclidean distances between the rows of ``coords``."""
    diff = coords[:, None, :] - coords[None, :, :]
    dist: np.ndarray = np.sqrt((diff**2).sum(axis=2))
    return dist


def nint(dist: np.ndarray) -> IntMatrix:
    """TSPLIB's nint rounding (half up, distances are non-negative)."""
    return np.floor(dist + 0.5).astype(np.int64)


def load_instance(path: str | Path) -> Instance:
    """Read a .tsp, VRPLIB .vrp/.txt, plain CVRP .txt or Solomon-style .vrp file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    name = path.stem
    if "NODE_COORD_SECTION" not in text:
        return _plain_cvrp(name, text)
    header, sections = _vrplib(text)
    coords = np.array(
        [sections["NODE_COORD_SECTION"][k] for k in sorted(sections["NODE_COORD_SECTION"])],
        dtype=float,
    )
    optimum = KNOWN_OPTIMA.get(name)
    if optimum is None:
        found = re.search(r"Optimal value:\s*([\d.]+)", header.get("COMMENT", ""))
        optimum = float(found.group(1)) if found else None
    kind = header.get("TYPE", "TSP").upper()
    if kind == "TSP":
        return Instance(name, "tsp", coords, nint(euclid(coords)), optimum=optimum)
    demands = tuple(
        int(sections["DEMAND_SECTION"][k][0]) for k in sorted(sections["DEMAND_SECTION"])
    )
    capacity = int(float(header["CAPACITY"]))
    if "TIME_WINDOW_SECTION" in sections:
        scale = 10
        tw = sections["TIME_WINDOW_SECTION"]
        windows = tuple((int(tw[k][0] * scale), int(tw[k][1] * scale)) for k in sorted(tw))
        matrix = np.floor(euclid(coords) * scale + 1e-9).astype(np.int64)
        service = int(float(header.get("SERVICE_TIME", 0)) * scale)
        vehicles = int(header.get("VEHICLES", len(coords)))
        return Instance(
            name,
            "vrptw",
            coords,
            matrix,
            scale,
            vehicles,
            capacity,
            demands,
            windows,
            service,
            optimum,
        )
    found = re.search(r"-k(\d+)", name)
    vehicles = int(header.get("VEHICLES", found.group(1) if found else len(coords)))
    return Instance(
        name, "cvrp", coords, nint(euclid(coords)), 1, vehicles, capacity, demands, optimum=optimum
    )


def _vrplib(text: str) -> tuple[dict[str, str], dict[str, dict[int, list[float]]]]:
    header: dict[str, str] = {}
    sections: dict[str, dict[int, list[float]]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = line
            sections[current] = {}
            continue
        if ":" in line and not line[0].isdigit() and line[0] != "-":
            key, _, value = line.partition(":")
            header[key.strip().upper()] = value.strip()
            current = None
            continue
        if current is None or current == "DEPOT_SECTION":
            continue
        values = line.split()
        sections[current][int(values[0])] = [float(v) for v in values[1:]]
    return header, sections


def _plain_cvrp(name: str, text: str) -> Instance:
    numbers = text.split()
    n, k, capacity = int(numbers[0]), int(numbers[1]), int(numbers[2])
    rows = np.array(numbers[3 : 3 + 3 * n], dtype=float).reshape(n, 3)
    coords = rows[:, 1:3]
    demands = tuple(int(d) for d in rows[:, 0])
    return Instance(
        name,
        "cvrp",
        coords,
        nint(euclid(coords)),
        1,
        k,
        capacity,
        demands,
        optimum=KNOWN_OPTIMA.get(name),
    )
