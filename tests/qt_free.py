"""A pytest plugin: run the tests that do not need Qt with PySide6 made unimportable.

``./dev test-core`` runs ``pytest -p no:pytest-qt -p tests.qt_free``: every ``import PySide6``
(or shiboken6) raises ImportError from here on, the test modules that need Qt
(:mod:`tests.qt_modules`) are not collected, and tests marked ``gui`` are deselected. What
remains is the whole Qt-free core (domain, store, geo, routing, printing, sync, services, the
CLI) and its tests; if any of it loaded Qt, its tests fail here with that ImportError, while
the source checks (import-linter, tests/test_architecture.py) say where (issue 19, item 4).
This is the environment of a server or CI machine without Qt's libraries.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from tests.qt_modules import needs_qt

BLOCKED = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


class QtBlocker(importlib.abc.MetaPathFinder):
    """Refuses to find Qt bindings, as on a machine where they are not installed."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked: this test run has no Qt (tests/qt_free.py)")
        return None


def install() -> QtBlocker:
    """Block Qt for the rest of this process; refuses if Qt was imported already."""
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    if loaded:
        raise pytest.UsageError(f"Qt is loaded already ({loaded[0]}); use -p no:pytest-qt")
    blocker = QtBlocker()
    sys.meta_path.insert(0, blocker)
    return blocker


install()


def pytest_addoption(parser: pytest.Parser) -> None:
    # pytest-qt is off in this run (it needs Qt); its settings in pyproject.toml stay valid.
    parser.addini("qt_log_level_fail", "pytest-qt's setting (unused without Qt)")
    parser.addini("qt_log_ignore", "pytest-qt's setting (unused without Qt)", type="linelist")


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("pytest-qt"):
        raise pytest.UsageError("tests.qt_free runs without Qt: add -p no:pytest-qt")
    config.stash[_LEFT_OUT] = set()


_LEFT_OUT = pytest.StashKey[set[str]]()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Test modules that need Qt are not collected (they could not even be imported)."""
    if collection_path.suffix == ".py" and needs_qt(collection_path):
        config.stash[_LEFT_OUT].add(str(collection_path))
        return True
    return None


@pytest.hookimpl(trylast=True)  # after conftest.py has marked the gui tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gui = [item for item in items if item.get_closest_marker("gui") is not None]
    if gui:
        config.hook.pytest_deselected(items=gui)
        items[:] = [item for item in items if item.get_closest_marker("gui") is None]


def pytest_report_header(config: pytest.Config) -> str:
    return "Qt blocked (tests.qt_free): the tests that need Qt are left out"


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    left_out = config.stash.get(_LEFT_OUT, set()) or _needing_qt(config)
    terminalreporter.write_line(
        f"tests.qt_free: PySide6 blocked; {len(left_out)} test modules that need Qt left out"
    )


def _needing_qt(config: pytest.Config) -> set[str]:
    """The test modules under the run's paths that need Qt. Under xdist the workers collect
    and the controller's own count stays empty, so it is counted from the files here."""
    found: set[str] = set()
    for arg in config.args:
        path = Path(arg.split("::")[0])
        if not path.is_absolute():
            path = config.invocation_params.dir / path
        files = sorted(path.rglob("test_*.py")) if path.is_dir() else [path]
        found.update(str(f) for f in files if f.suffix == ".py" and needs_qt(f))
    return found
