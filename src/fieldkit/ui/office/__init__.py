"""Back office: flagging, results inbox, follow-ups, Meldeversäumnis desk (issue 9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's actions and widgets to ``window``."""
