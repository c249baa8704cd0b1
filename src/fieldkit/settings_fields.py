"""How a setting is declared: :func:`describe` gives a dataclass field its description,
scope and limits.

Every layer declares its own settings section (``domain.settings.RulesSettings``,
``geo.settings.GeoSettings`` …) with these fields; :mod:`fieldkit.settings` composes the
sections. This module imports nothing of fieldkit, so any layer can declare settings without
importing the composition above it (that made ``settings`` and ``domain.settings`` import
each other). :func:`checked_values` keeps only values of the declared type, within the limits;
the machine policy (:mod:`fieldkit.policy`) and the settings file both use it. Moved from
``fieldkit/settings.py`` (the policy and the settings imported each other for it).
"""

from __future__ import annotations

import dataclasses
import logging
import types
import typing
from math import isfinite
from typing import Any

log = logging.getLogger(__name__)


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


def valid_values(cls: type[Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The values of the machine policy in ``raw`` that are fields of ``cls`` with the right
    type (lists as tuples); only here may ``policy_only`` settings be set."""
    return checked_values(cls, raw, from_policy=True)


def policy_only(f: dataclasses.Field[Any]) -> bool:
    return bool(f.metadata.get("policy_only"))


def checked_values(
    cls: type[Any],
    raw: dict[str, Any],
    *,
    office_wide_only: bool = False,
    from_policy: bool = False,
) -> dict[str, Any]:
    """The values in ``raw`` that are fields of ``cls`` with the right type (lists as tuples)."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in raw or (office_wide_only and not f.metadata.get("office_wide")):
            continue
        if f.metadata.get("session_only"):
            continue  # who is logged in never comes from a file
        if policy_only(f) and not from_policy:
            if raw[f.name] != f.default:  # settings.json holds the default of every setting
                log.warning(
                    "setting %s.%s is for the machine policy only, ignored", cls.__name__, f.name
                )
            continue
        value = raw[f.name]
        if _matches(value, hints[f.name]):
            if typing.get_origin(hints[f.name]) is tuple:
                value = tuple(value)
            values[f.name] = _at_least_minimum(cls, f, value)
        else:
            log.warning("setting %s.%s has the wrong type, ignored", cls.__name__, f.name)
    return values


def _at_least_minimum(cls: type[Any], f: dataclasses.Field[Any], value: Any) -> Any:
    """``value`` raised to the field's ``minimum`` (a file must never set, e.g., a negative
    number of days that would delete this week's data) and lowered to its ``maximum``."""
    minimum, maximum = f.metadata.get("minimum"), f.metadata.get("maximum")
    if not isinstance(value, int | float):
        return value
    if minimum is not None and value < minimum:
        log.warning("setting %s.%s below %s, raised to it", cls.__name__, f.name, minimum)
        return minimum
    if maximum is not None and value > maximum:
        log.warning("setting %s.%s above %s, lowered to it", cls.__name__, f.name, maximum)
        return maximum
    return value


def _matches(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:  # JSON's NaN and Infinity are no setting's value (a search time, a speed)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return isinstance(value, int) or isfinite(value)  # an int is finite, however long
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple):
        return isinstance(value, list | tuple)
    if origin is dict:
        return isinstance(value, dict)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True
