"""The app's capabilities, each in its own UI package, hooked into the main window.

Every package in ``FEATURES`` has ``install(host: FeatureHost)``: it adds its actions to the
window's menus and toolbar, its widgets to the status bar, and connects to the window's
signals, using only what :class:`fieldkit.ui.host.FeatureHost` lists. The main window knows
none of them by name, so each capability can grow on its own; what an install gives back is
kept in the window's ``features`` registry (:class:`fieldkit.ui.host.Features`).

Each feature names the roles it serves: the outreach worker's laptop ("field") gets the
field screens, the back office ("office") its own, the administration ("admin") the setup
and the accounts; a window without a role (tests, a developer's setup) gets them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from fieldkit.ui.host import FeatureHost, Features

Install = Callable[[FeatureHost], object]

FIELD = "field"
OFFICE = "office"
ADMIN = "admin"  # the administration's account (issue 14): the setup and the accounts
BOTH = frozenset({FIELD, OFFICE})

FEATURES: tuple[tuple[str, frozenset[str]], ...] = (
    ("fieldkit.ui.geo", frozenset({FIELD})),
    ("fieldkit.ui.planning", frozenset({FIELD})),
    # The administration gets only its Regelwerke (verifying a rule set is its permission).
    ("fieldkit.ui.printing", frozenset({FIELD, OFFICE, ADMIN})),
    ("fieldkit.ui.field", frozenset({FIELD})),
    ("fieldkit.ui.sync", BOTH),
    # The outreach worker on desk duty uses the Meldeversäumnis desk of this package too.
    ("fieldkit.ui.office", BOTH),
    # Einrichtung (issue 13): the team lead or the administration sets up the office.
    ("fieldkit.ui.setup", frozenset({OFFICE, ADMIN})),
    # Konten (issue 14): shown to the administration's account only (see its install).
    ("fieldkit.ui.accounts", frozenset({OFFICE, FIELD, ADMIN})),
)


def window_role(host: FeatureHost) -> str:
    """The role of who works ('field', 'office', 'admin', or '' for all features): from the
    login's identity, else from the window's settings."""
    identity = host.identity
    if identity.account:
        return str(identity.role)
    try:
        office = host.settings.section("office", object)
    except KeyError:  # settings without the office section
        return ""
    return str(getattr(office, "role", "") or "")


# The outreach worker's own laptop work: geocoding, planning and the day on the road write
# the laptop's routes and placements. In the central database a field login may write none
# of them (its window there is for the desk), so they are not offered there.
LAPTOP_ONLY = frozenset({"fieldkit.ui.geo", "fieldkit.ui.planning", "fieldkit.ui.field"})


def install_features(host: FeatureHost, role: str | None = None) -> Features:
    """Install the features of ``role`` (default: the window's) into ``host``; what each
    ``install`` gives back goes into ``host.features`` under the package's last name
    ('planning', 'sync' …), which is returned."""
    from fieldkit.services.sync import is_central

    role = window_role(host) if role is None else role
    central = is_central(host.db)
    for name, roles in FEATURES:
        if role and role not in roles:
            continue
        if central and role == FIELD and name in LAPTOP_ONLY:
            continue
        install = cast(Install, importlib.import_module(name).install)
        host.features.register(name.rsplit(".", 1)[-1], install(host))
    return host.features
