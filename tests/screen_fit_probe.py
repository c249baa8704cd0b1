"""Run by tests/test_ui_fit.py in a child pytest whose offscreen screen is a small laptop.

Not collected on its own (the name does not start with ``test_``): the test session's
offscreen screen is 800×800, the child's comes from tests/data/screen-*.json.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.store.db import Database
from fieldkit.ui.screen import FRAME_HEIGHT, FRAME_WIDTH
from tests.ui_windows import demo_database, every_window, main_window, select_blocked

# Room a window manager's title bar and frame take outside the client area (the offscreen
# platform draws none); the same allowance as fieldkit.ui.screen.
FRAME = QPoint(FRAME_WIDTH, FRAME_HEIGHT)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from demo_database(tmp_path_factory.mktemp("demo"))


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """True inside a scroll area's viewport: lying beyond the window there is scrolling."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return True
        parent = area
    return False


def _own(window: QWidget) -> list[QWidget]:
    """The window's visible widgets (not those of the dialogs it owns)."""
    return [
        w
        for w in window.findChildren(QWidget)
        if w.window() is window and w.isVisibleTo(window) and w.width() > 0
    ]


def _outside(window: QWidget) -> list[str]:
    """Visible children that lie (partly) outside the window's own rectangle."""
    inner = window.rect()
    found = []
    for child in _own(window):
        if _scrolled(child, window):
            continue
        top_left = child.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, child.size())
        if not inner.contains(rect):
            found.append(f"{type(child).__name__}#{child.objectName()} {rect} outside {inner}")
    return found


def _elided(window: QWidget) -> list[str]:
    """Plain one-line labels cut off without a tooltip that carries the whole text."""
    found = []
    for label in [w for w in _own(window) if isinstance(w, QLabel)]:
        text = label.text()
        if label.buddy() is not None:
            text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        if not text or label.wordWrap() or "\n" in text:
            continue
        rich = label.textFormat() == Qt.TextFormat.RichText or ("<" in text and ">" in text)
        if rich or not label.pixmap().isNull():
            continue
        needed = label.fontMetrics().horizontalAdvance(text)
        room = label.contentsRect().width() - 2 * label.margin() - 2 * label.indent()
        if needed > room + 1 and text not in label.toolTip() and not _scrolled(label, window):
            found.append(f"QLabel#{label.objectName()} {text[:60]!r} ({needed} > {room} px)")
    return found


def test_every_window_fits_the_screen(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    expected = os.environ.get("FIELDKIT_FIT_SCREEN", "")
    assert f"{screen.width()}x{screen.height()}" == expected
    window = main_window(qtbot, demo, tmp_path)
    select_blocked(window)
    problems = []
    for name, widget in every_window(qtbot, window, tmp_path):
        qtbot.wait(20)
        outer = widget.size()  # the client area; FRAME is the window manager's share
        too_wide = outer.width() + FRAME.x() > screen.width()
        if too_wide or outer.height() + FRAME.y() > screen.height():
            problems.append(f"{name}: {outer.width()}×{outer.height()} larger than {expected}")
        problems += [f"{name}: {p}" for p in _outside(widget)]
        problems += [f"{name}: {p}" for p in _elided(widget)]
    assert problems == [], "\n".join(problems)
