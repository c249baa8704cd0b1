"""The layers stay visible: nothing below ``fieldkit.ui`` may import Qt."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import fieldkit
from tests import source_trees

SRC = Path(fieldkit.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ("domain", "store", "geo", "routing", "printing", "sync", "importing", "services")
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in source_trees.nodes(path):
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


def _contract(contract_id: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == contract_id)


def _drawn_layers(text: str) -> list[str]:
    """The first column of the layer picture in docs/architecture.md, top to bottom."""
    marker = text.index("<!-- layers:")
    block = text[marker:].split("```", 2)[1]
    return [re.split(r"\s{2,}", line.strip())[0] for line in block.splitlines() if line.strip()]


def test_the_architecture_page_draws_the_layer_contract() -> None:
    layers = _contract("layers")["layers"]
    assert isinstance(layers, list)
    wanted = [
        " | ".join(n.strip().removeprefix("fieldkit.") for n in row.split("|")) for row in layers
    ]
    drawn = _drawn_layers((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    assert drawn == wanted


def test_every_package_and_top_module_has_its_layer() -> None:
    """A new package or top-level module must be placed in the contract, not left outside."""
    layers = _contract("layers")["layers"]
    assert isinstance(layers, list)
    placed = {n.strip() for row in layers for n in row.split("|")}
    present = {f"fieldkit.{p.stem}" for p in SRC.glob("*.py") if p.stem != "__init__"}
    present |= {f"fieldkit.{p.parent.name}" for p in SRC.glob("*/__init__.py")}
    present.discard("fieldkit.resources")
    assert sorted(present - placed) == []
