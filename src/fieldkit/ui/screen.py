"""Window sizes that fit the screen they open on (issue 23: 1366×768 laptops, 125 % scaling)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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
