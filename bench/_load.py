"""Load a benchmark script beside this file as a module (bench/ is no package).

Run as ``python bench/NAME.py``, a script finds this file as ``_load`` (its folder is first on
``sys.path``). The tests load it once by its path under the same name
(``tests/bench_scripts.py``), so the scripts' own ``from _load import bench_module`` finds it
there too.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def bench_module(name: str) -> ModuleType:
    """``bench/NAME.py`` as the module ``bench_NAME``, loaded once per process."""
    key = f"bench_{name}"
    loaded = sys.modules.get(key)
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(key, HERE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses and pickling look their module up here
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[key]
        raise
    return module
