"""The Qt-free test run (``./dev test-core``): Qt is really blocked, the core still imports,
and the test modules that need Qt are told apart from the source (issue 19, item 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.qt_modules import needs_qt, qt_modules, qt_tests

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    # In a child process: the blocker stays for the whole process, and this one runs GUI tests.
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_qt_cannot_be_imported_under_the_blocker() -> None:
    result = _run(
        "import tests.qt_free\n"
        "for name in ('PySide6', 'PySide6.QtCore', 'shiboken6'):\n"
        "    try:\n"
        "        __import__(name)\n"
        "    except ImportError as exc:\n"
        "        print('blocked', name, 'no Qt' in str(exc))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "blocked PySide6 True",
        "blocked PySide6.QtCore True",
        "blocked shiboken6 True",
    ]


def test_the_core_and_the_cli_import_without_qt() -> None:
    src = ROOT / "src" / "fieldkit"
    core = [
        ".".join(p.relative_to(src.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted(src.rglob("*.py"))
        if "ui" not in p.relative_to(src).parts[:1] and "migrations" not in p.parts
    ]
    core.remove("fieldkit.__main__")  # runs the app when imported
    assert "fieldkit.cli" in core
    assert "fieldkit.services.database" in core
    result = _run(
        "import importlib, tests.qt_free\n"
        f"for m in {core!r}: importlib.import_module(m)\n"
        "print('imported', len(" + repr(core) + "))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"imported {len(core)}"


def test_the_ui_does_not_import_under_the_blocker() -> None:
    result = _run("import tests.qt_free\nimport fieldkit.ui.main_window\n")
    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert "no Qt" in result.stderr


def test_modules_that_need_qt_are_found_through_helpers(tmp_path: Path) -> None:
    files = {
        "test_window.py": "from PySide6.QtWidgets import QLabel\n",
        "helpers_ui.py": "import fieldkit.ui.texts as texts\n",
        "test_via_helper.py": "from tests.helpers_ui import texts\n",
        "test_via_via.py": "import tests.test_via_helper\n",
        "test_core.py": "import fieldkit.services.week\n\ndef test_a():\n    assert 'PySide6'\n",
        "test_mixed.py": (
            "import fieldkit.domain.week\n\n"
            "def test_core():\n    pass\n\n"
            "def test_gui():\n    from fieldkit.ui import texts\n\n"
            "class TestBoth:\n    def test_x(self):\n        import pytestqt\n"
        ),
        "test_hostile.py": "x = '\\x00 import PySide6'\n# import PySide6\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = {p.name for p in qt_modules(tmp_path)}
    assert found == {"test_window.py", "helpers_ui.py", "test_via_helper.py", "test_via_via.py"}
    assert not needs_qt(tmp_path / "test_mixed.py")
    assert qt_tests(tmp_path / "test_mixed.py") == {"test_gui", "TestBoth"}
    assert qt_tests(tmp_path / "test_core.py") == frozenset()


def test_this_suites_gui_modules_are_found() -> None:
    names = {p.name for p in qt_modules()}
    assert {"test_main_window.py", "ui_windows.py", "test_settings_dialog.py"} <= names
    assert "test_qt_free.py" not in names
    assert "test_store.py" not in names
