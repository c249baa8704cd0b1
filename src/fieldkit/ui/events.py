"""One events object per main window: operations emit what they changed (issue 19, item 1)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """``changed`` carries a :class:`fieldkit.domain.changes.Changes` after an operation;
    ``settings_changed`` the new :class:`fieldkit.settings.Settings` in use."""

    changed = Signal(object)  # Changes
    settings_changed = Signal(object)  # Settings
