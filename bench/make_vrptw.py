"""A random VRPTW of the Gehring-Homberger R1 kind, written as a VRPLIB file (issue 20).

    python bench/make_vrptw.py --customers 1000 --seed 11 --out /tmp/GHLIKE-R1-1000-s11.vrp
    python bench/make_vrptw.py --customers 200 --seed 11 --out /tmp/GHLIKE-R1-200-s11.vrp

``bench/routing.py`` finds an instance's stored reference by the file's name
(``bench/instances/GHLIKE-R1-200-s11.best.json``), so name the file as above.

The published Gehring-Homberger instances are not in any package this project may install,
so the planner's tuning is checked on instances of the same shape that it was not tuned on:
customers uniform in a square (500 wide for 1,000 customers, 200 for fewer), the depot in
its centre, capacity 200 and demands 1-35, 10 units of service, three in four customers with
a narrow window (30-120 wide) somewhere in the horizon they can reach, the others open all
day. Deterministic per seed; the file is written to ``--out`` and nothing else is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np


def instance_text(customers: int, seed: int) -> str:
    """The VRPLIB text of one instance."""
    rng = np.random.default_rng(seed)
    side, horizon = (500, 1500) if customers >= 500 else (200, 1000)
    points = rng.uniform(0, side, size=(customers, 2)).round()
    depot = np.array([side // 2, side // 2])
    name = f"GHLIKE-R1-{customers}-s{seed}"
    lines = [
        f"NAME : {name}",
        "TYPE : CVRPTW",
        f"DIMENSION : {customers + 1}",
        f"VEHICLES : {customers // 4}",
        "CAPACITY : 200",
        "SERVICE_TIME : 10",
        "EDGE_WEIGHT_TYPE : EUC_2D",
        "NODE_COORD_SECTION",
        f"1 {depot[0]} {depot[1]}",
    ]
    lines += [f"{i + 2} {int(x)} {int(y)}" for i, (x, y) in enumerate(points)]
    lines += ["DEMAND_SECTION", "1 0"]
    lines += [f"{i + 2} {int(d)}" for i, d in enumerate(rng.integers(1, 36, size=customers))]
    lines += ["TIME_WINDOW_SECTION", f"1 0 {horizon}"]
    for i, point in enumerate(points):
        reach = int(np.ceil(np.hypot(*(point - depot))))
        latest = horizon - reach - 10
        if rng.random() < 0.75:
            centre, half = rng.uniform(reach, latest), rng.uniform(15, 60)
            lo, hi = max(reach, int(centre - half)), min(latest, int(centre + half))
        else:
            lo, hi = 0, latest
        lines.append(f"{i + 2} {lo} {hi}")
    lines += ["DEPOT_SECTION", "1", "-1", "EOF"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    args.out.write_text(instance_text(args.customers, args.seed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
