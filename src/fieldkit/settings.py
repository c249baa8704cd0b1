"""Settings: each declared once, with type, default and description.

Every layer declares its own frozen dataclass section (``domain.settings.RulesSettings``,
``geo.settings.GeoSettings`` …); :class:`Settings` composes them. Values are stored as JSON
in the platform's config folder. Unknown keys are ignored and a value of the wrong type falls
back to its default, so a hand-edited file can never stop the app from starting.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fieldkit import paths, policy
from fieldkit.domain.settings import RulesSettings
from fieldkit.policy import Policy
from fieldkit.settings_fields import describe

# ``describe`` is declared in fieldkit.settings_fields (any layer may import that one); it
# stays importable from here for older code.
__all__ = ["AppSettings", "Settings", "describe", "machine_policy", "settings_file", "valid_values"]

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class AppSettings:
    """Settings of the application shell."""

    language: str = field(
        default="",
        metadata=describe("UI language: 'de', 'en', or '' (German unless the system is English)."),
    )
    export_dir: str = field(
        default="",
        metadata=describe(
            "Folder where the file dialogs for exports and saved PDFs start; '' = the "
            "documents folder. Never the database's own folder (fieldkit.ui.safety)."
        ),
    )
    device_name: str = field(
        default="", metadata=describe("Name of this device shown in sync logs; '' = host name.")
    )
    idle_lock_minutes: int = field(
        default=10,
        metadata=describe(
            "Minutes without keyboard or mouse input after which every window of the app hides "
            "its content and asks for the password again (issue 14, item 5); 0 = never, at "
            "most 480. An office-wide value pulled at a sync may shorten it, never lengthen it.",
            office_wide=True,
            minimum=0,
            maximum=480,
            tighten_only=True,
        ),
    )


def _section_types() -> dict[str, type]:
    sections: dict[str, type] = {"app": AppSettings, "rules": RulesSettings}
    for name, module, cls in (
        ("geo", "fieldkit.geo.settings", "GeoSettings"),
        ("routing", "fieldkit.routing.settings", "RoutingSettings"),
        ("printing", "fieldkit.printing.settings", "PrintSettings"),
        ("sync", "fieldkit.sync.settings", "SyncSettings"),
        ("office", "fieldkit.services.office_settings", "OfficeSettings"),
        ("audit", "fieldkit.services.audit_settings", "AuditSettings"),
    ):
        try:
            mod = __import__(module, fromlist=[cls])
        except ModuleNotFoundError:
            continue
        sections[name] = getattr(mod, cls)
    return sections


class Settings:
    """All settings sections; immutable, ``replace`` returns a changed copy.

    The machine's policy (:mod:`fieldkit.policy`) is applied here, the one place every
    Settings passes: its values override the user's own (``settings.json``, changes, pulled
    office-wide settings) and :meth:`save` writes only the user's own values.
    """

    def __init__(self, sections: dict[str, Any] | None = None, *, policy: Policy | None = None):
        types_ = _section_types()
        given = sections or {}
        self._own: dict[str, Any] = {name: given.get(name) or cls() for name, cls in types_.items()}
        self.policy = policy if policy is not None else machine_policy()
        self._sections: dict[str, Any] = self.policy.apply(self._own)

    def locked(self, section: str, name: str) -> bool:
        """True when the machine policy fixes this setting (the app shows it read-only)."""
        return self.policy.locks(section, name)

    def section(self, name: str, cls: type[T]) -> T:
        """The section ``name``, checked to be of type ``cls``."""
        value = self._sections[name]
        if not isinstance(value, cls):
            raise TypeError(f"settings section {name} is not {cls.__name__}")
        return value

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_sections"][name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, section: str, **changes: Any) -> Settings:
        """A copy with some values of one section changed."""
        only = {f.name for f in dataclasses.fields(self._own[section]) if _policy_only(f)}
        free = {k: v for k, v in changes.items() if not self.locked(section, k) and k not in only}
        new = dict(self._own)
        new[section] = dataclasses.replace(new[section], **free)
        return Settings(new, policy=self.policy)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Plain JSON-able dict of all values."""
        return {name: dataclasses.asdict(sec) for name, sec in self._sections.items()}

    def office_wide(self) -> dict[str, dict[str, Any]]:
        """The values of the office-wide settings, section → name → value (JSON-able)."""
        out: dict[str, dict[str, Any]] = {}
        for name, sec in self._sections.items():
            values = {
                f.name: _plain(getattr(sec, f.name))
                for f in dataclasses.fields(sec)
                if f.metadata.get("office_wide")
            }
            if values:
                out[name] = values
        return out

    def with_office_wide(self, data: object) -> Settings:
        """A copy taking the office-wide values from ``data`` (as :meth:`office_wide` gives).

        Settings that are not office-wide, unknown names and values of the wrong type in
        ``data`` are ignored: a published document can change policy, never this laptop's
        own connection, role or folders.
        """
        if not isinstance(data, dict):
            return self
        new = dict(self._own)
        types_ = _section_types()
        for name, raw in data.items():
            if name not in types_ or not isinstance(raw, dict):
                continue
            changes = _valid_values(types_[name], raw, office_wide_only=True)
            changes = _only_tighter(types_[name], new[name], changes)
            if changes:
                new[name] = dataclasses.replace(new[name], **changes)
        return Settings(new, policy=self.policy)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Build from a dict, keeping defaults for missing, unknown or mistyped values."""
        sections: dict[str, Any] = {}
        for name, sec_cls in _section_types().items():
            raw = data.get(name)
            sections[name] = _load_section(sec_cls, raw if isinstance(raw, dict) else {})
        return cls(sections)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings.json; a missing or broken file gives the defaults."""
        path = path or settings_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            log.warning("settings file unreadable, using defaults")
            return cls()
        return cls.from_dict(data if isinstance(data, dict) else {})

    def save(self, path: Path | None = None) -> None:
        """Write settings.json atomically (temp file + rename)."""
        path = path or settings_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            own = {name: _saved(sec) for name, sec in self._own.items()}
            json.dump(own, fh, ensure_ascii=False, indent=2, default=str)
        os.replace(tmp, path)


def _saved(section: Any) -> dict[str, Any]:
    """A section's values for settings.json: all but the session-only ones (the login)."""
    values = dataclasses.asdict(section)
    for f in dataclasses.fields(section):
        if f.metadata.get("session_only"):
            values.pop(f.name, None)
    return values


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _load_section(cls: type[T], raw: dict[str, Any]) -> T:
    return cls(**_valid_values(cls, raw))


def valid_values(cls: type[Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The values of the machine policy in ``raw`` that are fields of ``cls`` with the right
    type (lists as tuples); only here may ``policy_only`` settings be set."""
    return _valid_values(cls, raw, from_policy=True)


def _policy_only(f: dataclasses.Field[Any]) -> bool:
    return bool(f.metadata.get("policy_only"))


_policy_cache: dict[tuple[str, int, int], Policy] = {}


def machine_policy() -> Policy:
    """This machine's policy (read again when the file changes); raises PolicyError if broken."""
    path = policy.policy_file()
    if path is None:
        return Policy()
    try:
        stat = path.stat()
    except OSError:
        return policy.load(path, _section_types())  # says why in one sentence
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _policy_cache:
        _policy_cache.clear()
        _policy_cache[key] = policy.load(path, _section_types())
    return _policy_cache[key]


def _valid_values(
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
        if _policy_only(f) and not from_policy:
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


def _stricter(new: Any, old: Any) -> bool:
    """Whether threshold ``new`` is at least as strict as ``old`` (smaller; 0 = never)."""
    if old == 0:
        return True
    return bool(new != 0 and new <= old)


def _only_tighter(cls: type[Any], current: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` without pulled values that would loosen a ``tighten_only`` threshold."""
    out = dict(changes)
    for f in dataclasses.fields(cls):
        loosens = f.name in out and not _stricter(out[f.name], getattr(current, f.name))
        if loosens and f.metadata.get("tighten_only"):
            log.warning("pulled %s.%s would loosen it, ignored", cls.__name__, f.name)
            del out[f.name]
    return out


def _matches(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple):
        return isinstance(value, list | tuple)
    if origin is dict:
        return isinstance(value, dict)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def settings_file() -> Path:
    """Path of settings.json in the config folder."""
    return paths.config_dir() / "settings.json"
