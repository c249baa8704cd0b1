"""The bundle's lean scipy (packaging/rthook_scipy_lean.py) carries fieldkit's road graph.

The Linux bundle leaves out scipy's linear algebra, special functions and OpenBLAS (issue 18).
Here, in a fresh interpreter, those parts are made unimportable, the bundle's runtime hook is
installed, and fieldkit.geo.roads builds the river town's road graph and answers the travel
time over the bridge (312 s, as in tests/test_osm.py) — the bundle's smoke test does the same
through ``import-osm`` and ``plan`` in the built bundle.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import importlib.abc, runpy, sys

    GONE = ("scipy.linalg", "scipy.special", "scipy.spatial._qhull", "scipy.optimize")

    class Gone(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if any(name == g or name.startswith(g + ".") for g in GONE):
                raise ImportError(name + " is left out of the bundle")
            return None

    sys.meta_path.insert(0, Gone())
    runpy.run_path(sys.argv[1])  # the runtime hook, as PyInstaller runs it

    from fieldkit.geo import osm
    from fieldkit.geo.roads import build_graph
    from tests.osm_synth import ORIGIN_LAT, ORIGIN_LON, latlon, river_town

    town = river_town(__import__("pathlib").Path(sys.argv[2]) / "town.osm")
    # A box of ±0.1° around the town (it spans 2 km): fieldkit.services.osm's district box
    # would import the services (about 0.85 CPU-s) to say the same here.
    box = (ORIGIN_LAT - 0.1, ORIGIN_LAT + 0.1, ORIGIN_LON - 0.1, ORIGIN_LON + 0.1)
    graph = build_graph(osm.read_extract(town, box).roads)
    m = graph.travel_matrix([latlon(0, 0), latlon(1000, 0)])
    print("seconds", int(round(m.seconds[0, 1])), int(round(m.seconds[1, 0])))
    print("loaded", sorted(n for n in GONE if n in sys.modules))
    from scipy.sparse.linalg import LinearOperator
    try:
        LinearOperator()
    except ImportError as exc:
        print("stand-in:", exc)
    """
)


def _run(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "packaging" / "rthook_scipy_lean.py"),
         str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_road_graph_works_without_scipy_linear_algebra(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert "seconds 312 312" in lines
    assert "loaded []" in lines
    assert any(line.startswith("stand-in:") and "not in this bundle" in line for line in lines), (
        lines
    )


def test_without_the_hook_the_left_out_parts_are_missed(tmp_path: Path) -> None:
    """The check above can fail: without the hook, scipy's own imports need what is gone."""
    empty = tmp_path / "no_hook.py"
    empty.write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(empty), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "is left out of the bundle" in done.stderr
