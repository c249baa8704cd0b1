"""Field mode: the day on the road and the visit record (issue 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's actions and widgets to ``window``."""
