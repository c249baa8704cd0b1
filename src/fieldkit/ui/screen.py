"""Window sizes that fit the screen they open on (issue 23: 1366×768 laptops, 125 % scaling)."""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

# What a window manager's title bar and frame add around a window's client area.
FRAME_WIDTH = 8
FRAME_HEIGHT = 38


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, shrunk to what the screen can show.

    The screen is the widget's own (its parent's for a dialog not yet shown), else the
    primary one; the frame the window manager draws is left room for.
    """
    parent = widget.parentWidget()
    screen = widget.screen() or (parent.screen() if parent is not None else None)
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry()
    widget.resize(
        max(1, min(width, room.width() - FRAME_WIDTH)),
        max(1, min(height, room.height() - FRAME_HEIGHT)),
    )


def screen_key(widget: QWidget) -> str:
    """A name for the screen ``widget`` is on, e.g. 'eDP-1_1366x768': sizes are remembered
    per screen, so the office monitor's window size does not come back on the laptop."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return "none"
    size = screen.geometry()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", screen.name() or "screen")[:40]
    return f"{name}_{size.width()}x{size.height()}"


def restore_geometry(
    widget: QWidget, state: QSettings, prefix: str, width: int, height: int
) -> None:
    """Restore ``widget``'s size as last saved on this screen, else ``width``×``height``;
    either shrunk to what the screen shows."""
    saved = state.value(f"{prefix}/{screen_key(widget)}/geometry")
    if isinstance(saved, QByteArray) and widget.restoreGeometry(saved):
        fit_to_screen(widget, widget.width(), widget.height())
    else:
        fit_to_screen(widget, width, height)


def save_geometry(widget: QWidget, state: QSettings, prefix: str) -> None:
    """Remember ``widget``'s size for the screen it is on."""
    state.setValue(f"{prefix}/{screen_key(widget)}/geometry", widget.saveGeometry())


def restore_splitter(splitter: QSplitter, state: QSettings, prefix: str) -> None:
    """Restore the splitter's division as last saved on this screen (else leave it)."""
    saved = state.value(f"{prefix}/{screen_key(splitter)}/splitter")
    if isinstance(saved, QByteArray):
        splitter.restoreState(saved)


def save_splitter(splitter: QSplitter, state: QSettings, prefix: str) -> None:
    """Remember the splitter's division for the screen it is on."""
    state.setValue(f"{prefix}/{screen_key(splitter)}/splitter", splitter.saveState())
