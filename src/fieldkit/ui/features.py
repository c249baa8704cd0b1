"""The app's capabilities, each in its own UI package, hooked into the main window.

Every package in ``FEATURES`` has ``install(window)``: it adds its actions to the window's
menus and toolbar, its widgets to the status bar, and connects to the window's signals. The
main window knows none of them by name, so each capability can grow on its own.

Each feature names the roles it serves: the outreach worker's laptop ("field") gets the
field screens, the back office ("office") its own, the administration ("admin") the setup
and the accounts; a window without a role (tests, a developer's setup) gets them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow

FIELD = "field"
OFFICE = "office"
ADMIN = "admin"  # the administration's account (issue 14): the setup and the accounts
BOTH = frozenset({FIELD, OFFICE})

FEATURES: tuple[tuple[str, frozenset[str]], ...] = (
    ("fieldkit.ui.geo", frozenset({FIELD})),
    ("fieldkit.ui.planning", frozenset({FIELD})),
    ("fieldkit.ui.printing", BOTH),
    ("fieldkit.ui.field", frozenset({FIELD})),
    ("fieldkit.ui.sync", BOTH),
    # The outreach worker on desk duty uses the Meldeversäumnis desk of this package too.
    ("fieldkit.ui.office", BOTH),
    # Einrichtung (issue 13): the team lead or the administration sets up the office.
    ("fieldkit.ui.setup", frozenset({OFFICE, ADMIN})),
    # Konten (issue 14): shown to the administration's account only (see its install).
    ("fieldkit.ui.accounts", frozenset({OFFICE, FIELD, ADMIN})),
)


def window_role(window: MainWindow) -> str:
    """The role of who works ('field', 'office', 'admin', or '' for all features): from the
    login's identity, else from the window's settings."""
    identity = getattr(window, "identity", None)
    if identity is not None and identity.account:
        return str(identity.role)
    try:
        office = window.settings.section("office", object)
    except KeyError:  # settings without the office section
        return ""
    return str(getattr(office, "role", "") or "")


def install_features(window: MainWindow, role: str | None = None) -> dict[str, Any]:
    """Install the features of ``role`` (default: the window's) into ``window``; returns
    what each ``install`` gave back."""
    role = window_role(window) if role is None else role
    installed: dict[str, Any] = {}
    for name, roles in FEATURES:
        if role and role not in roles:
            continue
        module = importlib.import_module(name)
        installed[name.rsplit(".", 1)[-1]] = module.install(window)
    return installed
