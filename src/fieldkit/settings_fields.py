"""How a setting is declared: :func:`describe` gives a dataclass field its description,
scope and limits.

Every layer declares its own settings section (``domain.settings.RulesSettings``,
``geo.settings.GeoSettings`` …) with these fields; :mod:`fieldkit.settings` composes the
sections. This module imports nothing of fieldkit, so any layer can declare settings without
importing the composition above it (that made ``settings`` and ``domain.settings`` import
each other). Moved from ``fieldkit/settings.py``.
"""

from __future__ import annotations

from typing import Any


def describe(
    description: str,
    *,
    office_wide: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
    tighten_only: bool = False,
    policy_only: bool = False,
    session_only: bool = False,
) -> dict[str, Any]:
    """Field metadata carrying a setting's description.

    ``office_wide`` settings are the office's policy (deadlines, working day, letters, data
    minimisation): the back office publishes them to the central database and every laptop
    takes them at its sync, replacing its own value. The others belong to one installation.
    ``minimum``: a smaller value from any file (settings.json, policy, a pulled document) is
    raised to it, a larger one lowered to ``maximum`` (a huge number of days must not keep a
    lost laptop open for ever, nor overflow a date). ``tighten_only``: a pulled office-wide
    value is taken only when it is stricter than this laptop's (smaller; 0 means "never",
    the loosest; issue 14, item 5). ``policy_only``: only the machine policy may set it (e.g.
    allowing a plain connection to a test server); a value in settings.json, a change in the
    app or a pulled document is ignored. ``session_only``: set in memory for this session
    (who logged in, issue 14), never read from a file nor written to settings.json.
    """
    return {
        "description": description,
        "office_wide": office_wide,
        "minimum": minimum,
        "maximum": maximum,
        "tighten_only": tighten_only,
        "policy_only": policy_only,
        "session_only": session_only,
    }
