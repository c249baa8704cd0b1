"""Features use the main window only through the typed host protocol (issue 19, item 1).

mypy checks statically that ``MainWindow`` is a ``FeatureHost`` (``install_features(self)``);
here the real window is checked at run time, member by member, and the feature packages are
checked never to attach themselves to the window (``setattr`` or an attribute assignment).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import get_type_hints
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, SignalInstance
from pytestqt.qtbot import QtBot

from fieldkit.services.database import open_database
from fieldkit.settings import Settings
from fieldkit.ui import host as host_module
from fieldkit.ui.features import FEATURES, install_features
from fieldkit.ui.host import FeatureHost, Features
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.planning import PlanningFeature
from fieldkit.ui.sync import SyncFeature
from tests import source_trees

UI = Path(__file__).resolve().parents[1] / "src" / "fieldkit" / "ui"
FEATURE_PACKAGES = [UI / name.rsplit(".", 1)[-1] for name, _roles in FEATURES]


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    db = open_database(str(tmp_path / "host.sqlite"))
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    clock = lambda: datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
    window = MainWindow(db, Settings(), state, clock)
    qtbot.addWidget(window)
    window.destroyed.connect(db.dispose)
    return window


def _protocol_members() -> dict[str, Callable[..., object] | property]:
    members = {
        name: value
        for name, value in vars(FeatureHost).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, property))
    }
    assert len(members) >= 20, sorted(members)  # the list is the contract: none may vanish
    return members


def test_the_real_main_window_is_a_feature_host(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    assert isinstance(window, FeatureHost)
    hints = vars(host_module)
    for name, member in _protocol_members().items():
        value = getattr(window, name)
        if isinstance(member, property):
            assert member.fget is not None
            expected = get_type_hints(member.fget, globalns=hints)["return"]
            if expected is SignalInstance:
                assert isinstance(value, SignalInstance), name
            elif isinstance(expected, type):
                assert isinstance(value, expected), (name, type(value))
            else:  # the clock: a callable giving a datetime
                assert callable(value), name
                assert isinstance(value(), datetime), name
        else:
            assert callable(value), name
            if inspect.ismethod(value):  # Python, not Qt's own (statusBar, window)
                wanted = list(inspect.signature(member).parameters)[1:]  # without self
                assert list(inspect.signature(value).parameters) == wanted, name
    assert window.window() is window, "dialogs are parented to the main window"


def test_a_plain_object_is_no_feature_host() -> None:
    class NotAWindow:
        db = None

    assert not isinstance(NotAWindow(), FeatureHost)


def test_the_installs_fill_the_typed_registry(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    assert sorted(window.features) == sorted(name.rsplit(".", 1)[-1] for name, _ in FEATURES)
    planning = window.features.get_as("planning", PlanningFeature)
    assert planning.window is window
    with pytest.raises(TypeError, match="PlanningFeature, not SyncFeature"):
        window.features.get_as("planning", SyncFeature)
    with pytest.raises(KeyError):
        window.features.get_as("nonexistent", object)
    with pytest.raises(ValueError, match="installed already"):
        install_features(window, role="field")  # installing twice is a programming error


def test_the_registry_refuses_a_second_feature_of_one_name() -> None:
    features = Features()
    features.register("sync", 1)
    with pytest.raises(ValueError, match="'sync' is installed already"):
        features.register("sync", 2)
    assert dict(features) == {"sync": 1}
    assert len(features) == 1


def _attachments(tree: ast.AST) -> list[int]:
    """Lines where a module sets an attribute on the window: ``setattr(window, …)`` or
    ``window.x = …`` / ``self.window.x = …`` / ``host.x = …``."""

    def is_window(node: ast.expr) -> bool:
        text = ast.unparse(node)
        return text in ("window", "host", "self.window", "self.host", "main", "main_window")

    lines = []
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr"
        if call and isinstance(node, ast.Call) and node.args and is_window(node.args[0]):
            lines.append(node.lineno)
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and is_window(target.value):
                lines.append(target.lineno)
    return sorted(lines)


def test_no_feature_attaches_itself_to_the_window() -> None:
    assert len(FEATURE_PACKAGES) == 8
    offenders = []
    for package in FEATURE_PACKAGES:
        for module in sorted(package.rglob("*.py")):
            source = module.read_text(encoding="utf-8")
            for line in _attachments(source_trees.tree(module)):
                offenders.append(f"{module.relative_to(UI)}:{line}")
            if "type: ignore[attr-defined]" in source or "noqa: B010" in source:
                offenders.append(f"{module.relative_to(UI)}: an ignore for an untyped attribute")
    assert offenders == []


def test_the_attachment_check_finds_what_it_looks_for() -> None:
    bad = "setattr(window, 'sync', f)\nwindow.geo = f\nself.window.x = 1\nhost.y: int = 2\n"
    assert _attachments(ast.parse(bad)) == [1, 2, 3, 4]
    good = "self.window = window\nwindow.toolbar.addAction(a)\nsetattr(record, 'k', v)\n"
    assert _attachments(ast.parse(good)) == []
