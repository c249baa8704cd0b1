"""PyInstaller runtime hook of the bundle: scipy without its linear algebra (issue 18).

fieldkit uses four things of scipy, all in fieldkit.geo.roads: ``scipy.sparse.csr_matrix``,
``scipy.sparse.csgraph.dijkstra`` / ``connected_components`` and ``scipy.spatial.cKDTree``.
None of them needs BLAS/LAPACK, but importing them the usual way pulls in ``scipy.linalg``,
``scipy.special`` and ``scipy.sparse.linalg`` and with them scipy's own OpenBLAS (30 MB in
``scipy.libs``), which would put the Linux bundle over its 300 MB limit. The spec leaves
those parts out; this hook, run before fieldkit starts, makes the four imports work without
them:

- ``scipy.spatial`` is a package object whose only name is ``cKDTree`` (from the compiled
  ``scipy.spatial._ckdtree``); its ``__init__`` (Delaunay, distance, rotations …) is not run.
- ``scipy.sparse.linalg`` is a stand-in: ``scipy.sparse.csgraph`` imports ``LinearOperator``
  from it at load time (for its Laplacian) but fieldkit never calls that. Every name of the
  stand-in is a class that raises ImportError when used, so nothing fails quietly.

The bundle's smoke test (packaging/bundle.py) imports an OpenStreetMap extract and plans on
its road graph, and tests/test_bundle_hooks.py runs fieldkit.geo.roads under this hook with
``scipy.linalg`` and ``scipy.special`` made unimportable.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from pathlib import Path

STAND_INS = ("scipy.sparse.linalg",)
LEAN_SPATIAL = "scipy.spatial"


class _NotInBundle:
    """What a stand-in module's names are: usable as a base class, failing when used."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise ImportError(f"{type(self).__module__}.{type(self).__name__} is not in this bundle")


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> type:
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (_NotInBundle,), {"__module__": self.__name__})


class _LeanSpatial(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name in ("cKDTree", "KDTree"):
            from scipy.spatial._ckdtree import cKDTree

            return cKDTree
        raise AttributeError(f"scipy.spatial.{name} is not in this bundle")


def _spatial_folder() -> str:
    base = getattr(sys, "_MEIPASS", None)
    if base is not None:
        return str(Path(base) / "scipy" / "spatial")
    import scipy  # outside a bundle (the test): the installed scipy

    return str(Path(scipy.__file__).parent / "spatial")


class LeanScipyFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers the imports of the stand-ins and of the lean ``scipy.spatial``."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == LEAN_SPATIAL or any(
            fullname == s or fullname.startswith(s + ".") for s in STAND_INS
        ):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        if spec.name == LEAN_SPATIAL:
            module: types.ModuleType = _LeanSpatial(spec.name)
            module.__path__ = [_spatial_folder()]
        else:
            module = _StandIn(spec.name)
            module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the module object is complete."""


def install() -> None:
    """Put the finder first (once)."""
    if not any(isinstance(f, LeanScipyFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, LeanScipyFinder())


install()
