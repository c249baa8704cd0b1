"""The benchmark scripts under bench/, loaded as modules for the tests (bench/ is no package).

``bench/_load.py`` is loaded here by its path, under the name the scripts import it by, so
each script, and each script that loads another, goes through its one loader.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_module(name: str) -> ModuleType:
    """``bench/NAME.py`` as a module (once per test process)."""
    loader = sys.modules.get("_load")
    if loader is None:
        spec = importlib.util.spec_from_file_location("_load", BENCH / "_load.py")
        assert spec is not None
        assert spec.loader is not None
        loader = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loader)
        sys.modules["_load"] = loader
    module: ModuleType = loader.bench_module(name)
    return module
