"""Print preview, printing and the letter templates (issue 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's actions and widgets to ``window``."""
