"""What a feature may use of the main window: the typed host protocol (issue 19, item 1).

Each capability (``ui/geo``, ``ui/planning`` … see :mod:`fieldkit.ui.features`) has an
``install(host: FeatureHost)``. :class:`FeatureHost` lists exactly what it may use: the menus,
the toolbar and the status bar to hook into, the database, settings, identity and clock to work
with, the signals to follow, and the few calls that change what the window shows. The main
window satisfies it (mypy checks that where ``install_features(self)`` is called; a test checks
it at run time with the real window). A feature never adds attributes to the window: what the
installs give back is kept in the window's :class:`Features` registry under the package's name.

Dialogs and actions take ``host.window()`` (the main window as a widget) as their parent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QSettings, SignalInstance
from PySide6.QtWidgets import QMenu, QStatusBar, QToolBar, QWidget

from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.services.week import WeekRow
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.events import AppEvents
from fieldkit.ui.ops import OpRunner

T = TypeVar("T")


class Features(Mapping[str, object]):
    """What each installed feature gave back, by its package's name ('planning', 'sync' …).

    ``features.get_as("sync", SyncFeature)`` is the typed way to reach one; a name is
    registered once (a second feature of the same name is a programming error).
    """

    def __init__(self) -> None:
        self._by_name: dict[str, object] = {}

    def register(self, name: str, feature: object) -> None:
        """Keep ``feature`` under ``name``."""
        if name in self._by_name:
            raise ValueError(f"feature {name!r} is installed already")
        self._by_name[name] = feature

    def get_as(self, name: str, kind: type[T]) -> T:
        """The feature ``name``, checked to be a ``kind`` (KeyError: not installed)."""
        feature = self._by_name[name]
        if not isinstance(feature, kind):
            raise TypeError(f"feature {name!r} is a {type(feature).__name__}, not {kind.__name__}")
        return feature

    def __getitem__(self, name: str) -> object:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)


@runtime_checkable
class FeatureHost(Protocol):
    """The main window as the features see it (read-only attributes; the window owns them)."""

    # What a feature works with.
    @property
    def db(self) -> Database: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def settings_store(self) -> SettingsStore: ...
    @property
    def ops(self) -> OpRunner: ...
    @property
    def identity(self) -> Identity: ...
    @property
    def clock(self) -> Callable[[], datetime]: ...
    @property
    def ui_state(self) -> QSettings: ...
    @property
    def events(self) -> AppEvents: ...
    @property
    def features(self) -> Features: ...

    # Where a feature hooks in.
    @property
    def file_menu(self) -> QMenu: ...
    @property
    def week_menu(self) -> QMenu: ...
    @property
    def tools_menu(self) -> QMenu: ...
    @property
    def toolbar(self) -> QToolBar: ...
    def statusBar(self) -> QStatusBar: ...
    def window(self) -> QWidget:
        """The main window as a widget: the parent of a feature's dialogs and actions."""
        ...

    # What a feature follows: the week shown (after the table was reloaded), the selected
    # row (WeekRow | None), the settings in use (saved by the user or adopted by a sync).
    @property
    def week_changed(self) -> SignalInstance: ...
    @property
    def row_selected(self) -> SignalInstance: ...
    @property
    def settings_changed(self) -> SignalInstance: ...

    # What a feature may ask or change.
    def current_week(self) -> str: ...
    def selected_row(self) -> WeekRow | None: ...
    def reload_week(self) -> None: ...
    def reload_weeks(self) -> None: ...
    def use_settings(self, settings: Settings) -> None: ...
