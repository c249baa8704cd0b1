"""The English catalogue covers every UI string, with the same placeholders."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from tests import source_trees

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "fieldkit_en.ts"


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "packaging" / "translations.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_ui_package_has_an_english_catalogue() -> None:
    tool = _tool()
    parts = {tool.part_of(ts) for ts in tool.TS_FILES if ts.stem.endswith("_en")}
    packages = {p.parent.name for p in tool.UI.glob("*/__init__.py")}
    assert packages | {"fieldkit"} <= parts


def test_english_catalogues_are_complete_for_current_sources(tmp_path: Path) -> None:
    tool = _tool()
    found = []
    for ts in tool.TS_FILES:
        copy = tmp_path / ts.name
        shutil.copy(ts, copy)
        tool.update(copy, tool.part_of(ts))  # adds any string the UI uses but the catalogue lacks
        found += tool.problems(copy)
    assert found == []


def test_english_translation_loads_and_translates(qtbot: QtBot, tmp_path: Path) -> None:
    qm = tmp_path / "fieldkit_en.qm"
    lrelease = _tool().qt_tool("lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        assert QCoreApplication.translate("WeekTableModel", "Kundennummer") == "Customer number"
        assert QCoreApplication.translate("texts", "gesperrt") == "blocked"
        from datetime import date

        from fieldkit.ui.texts import week_label, weekday_long, weekday_short

        assert weekday_short(date(2026, 11, 23)) == "Mon"
        assert weekday_long(date(2026, 11, 29)) == "Sunday"
        assert week_label("2026-W49") == "Week 49/2026"
    finally:
        app.removeTranslator(translator)


def test_language_is_german_unless_set_or_the_system_is_english() -> None:
    from PySide6.QtCore import QLocale

    from fieldkit.ui.i18n import choose_language

    assert choose_language("", QLocale(QLocale.Language.C)) == "de"
    assert choose_language("", QLocale(QLocale.Language.German)) == "de"
    assert choose_language("", QLocale(QLocale.Language.English)) == "en"
    assert choose_language("en", QLocale(QLocale.Language.German)) == "en"
    assert choose_language("de", QLocale(QLocale.Language.English)) == "de"


def _untranslatable_calls() -> list[str]:
    """tr/translate calls lupdate cannot see: inside an f-string, or with a non-literal text."""
    import ast

    found: list[str] = []
    for path in sorted((ROOT / "src" / "fieldkit" / "ui").rglob("*.py")):
        walked = source_trees.nodes(path)
        inside_f = {
            id(sub) for node in walked if isinstance(node, ast.JoinedStr) for sub in ast.walk(node)
        }
        for node in walked:
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            texts = node.args[:1] if name == "tr" else node.args[:2] if name == "translate" else []
            if name not in ("tr", "translate") or not texts:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if id(node) in inside_f:
                found.append(f"{where} inside an f-string")
            elif not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts):
                found.append(f"{where} with a text that is not a literal")
    return found


def test_lupdate_can_see_every_translated_text() -> None:
    assert _untranslatable_calls() == []
