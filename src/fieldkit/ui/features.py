"""The app's capabilities, each in its own UI package, hooked into the main window.

Every package in ``FEATURES`` has ``install(window)``: it adds its actions to the window's
menus and toolbar, its widgets to the status bar, and connects to the window's signals. The
main window knows none of them by name, so each capability can grow on its own.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow

FEATURES = (
    "fieldkit.ui.geo",
    "fieldkit.ui.planning",
    "fieldkit.ui.printing",
    "fieldkit.ui.field",
    "fieldkit.ui.sync",
    "fieldkit.ui.office",
)


def install_features(window: MainWindow) -> dict[str, Any]:
    """Install every feature into ``window``; returns what each ``install`` gave back."""
    installed: dict[str, Any] = {}
    for name in FEATURES:
        module = importlib.import_module(name)
        installed[name.rsplit(".", 1)[-1]] = module.install(window)
    return installed
