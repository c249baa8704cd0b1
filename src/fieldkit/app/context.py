"""The application context handed to every operation (issue 19, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore


@dataclass(frozen=True)
class AppContext:
    """Database, settings store, clock and the logged-in identity."""

    db: Database
    settings_store: SettingsStore
    clock: Callable[[], datetime]
    identity: Identity

    @property
    def settings(self) -> Settings:
        """The settings in use now (the store's current ones)."""
        return self.settings_store.current

    def as_identity(self, identity: Identity) -> AppContext:
        return replace(self, identity=identity)
