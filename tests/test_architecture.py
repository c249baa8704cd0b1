"""The layers stay visible: nothing below ``fieldkit.ui`` may import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import fieldkit

SRC = Path(fieldkit.__file__).resolve().parent
QT_FREE = ("domain", "store", "geo", "routing", "printing", "sync", "importing", "services")
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_import_in_core_packages_source() -> None:
    offenders = []
    for package in QT_FREE:
        for path in sorted((SRC / package).rglob("*.py")):
            bad = {n for n in _imports(path) if n.split(".")[0] in QT_MODULES}
            bad |= {n for n in _imports(path) if n.startswith("fieldkit.ui")}
            if bad:
                offenders.append(f"{path.relative_to(SRC)}: {sorted(bad)}")
    assert offenders == []


def test_core_packages_import_without_loading_qt() -> None:
    modules = []
    for package in QT_FREE:
        for path in sorted((SRC / package).rglob("*.py")):
            rel = path.relative_to(SRC.parent).with_suffix("")
            parts = rel.parts
            if "migrations" in parts:
                continue  # run by Alembic, not importable as plain modules
            modules.append(".".join(p for p in parts if p != "__init__"))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
