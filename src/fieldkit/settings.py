"""Settings: each declared once, with type, default and description.

Every layer declares its own frozen dataclass section (``domain.settings.RulesSettings``,
``geo.settings.GeoSettings`` …); :class:`Sections` names them all, once, and :class:`Settings`
composes them (``settings.geo`` is a ``GeoSettings`` for mypy too). Values are stored as JSON
in the platform's config folder; :class:`SettingsStore` is the one writer of that file and
tells its subscribers about every change (issue 19, item 2). Unknown keys are ignored and a
value of the wrong type falls back to its default, so a hand-edited file — broken, mistyped
or huge — can never stop the app from starting.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_type_hints

from fieldkit import paths, policy
from fieldkit.domain.settings import RulesSettings

# The sections other layers declare. Each of these modules imports only settings_fields (a
# test checks it), so this upward import makes no cycle; the layers contract in
# pyproject.toml ignores exactly these imports (docs/architecture.md says why).
from fieldkit.geo.settings import GeoSettings
from fieldkit.policy import Policy
from fieldkit.printing.settings import PrintSettings
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services.audit_settings import AuditSettings
from fieldkit.services.office_settings import OfficeSettings
from fieldkit.settings_fields import checked_values, describe, policy_only
from fieldkit.sync.settings import SyncSettings

# ``describe`` is declared in fieldkit.settings_fields (any layer may import that one); it
# stays importable from here for older code.
__all__ = [
    "SECTION_TYPES",
    "AppSettings",
    "Sections",
    "Settings",
    "SettingsStore",
    "describe",
    "machine_policy",
    "settings_file",
]

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


class Sections:
    """Every settings section, by name and class: the one place a section is declared.

    :class:`Settings` inherits these annotations, so ``settings.geo`` is a ``GeoSettings``
    for mypy; at run time the values come from ``Settings.__getattr__``.
    """

    app: AppSettings
    rules: RulesSettings
    geo: GeoSettings
    routing: RoutingSettings
    printing: PrintSettings
    sync: SyncSettings
    office: OfficeSettings
    audit: AuditSettings


#: Section name → its frozen dataclass, in the order of :class:`Sections`.
SECTION_TYPES: dict[str, type] = dict(get_type_hints(Sections))


class Settings(Sections):
    """All settings sections; immutable, ``replace`` returns a changed copy.

    The machine's policy (:mod:`fieldkit.policy`) is applied here, the one place every
    Settings passes: its values override the user's own (``settings.json``, changes, pulled
    office-wide settings) and :class:`SettingsStore` writes only the user's own values.
    """

    def __init__(
        self,
        sections: dict[str, Any] | None = None,
        *,
        policy: Policy | None = None,
        before_session: dict[str, dict[str, Any]] | None = None,
    ):
        types_ = SECTION_TYPES
        given = sections or {}
        self._own: dict[str, Any] = {name: given.get(name) or cls() for name, cls in types_.items()}
        self.policy = policy if policy is not None else machine_policy()
        self._sections: dict[str, Any] = self.policy.apply(self._own)
        # Values set for this session only (the login's identity, issue 14): section → name →
        # the value they replaced, which is what the store writes.
        self._before_session: dict[str, dict[str, Any]] = before_session or {}

    def for_session(self, section: str, **values: Any) -> Settings:
        """A copy with some values of one section set for this session only: they are used
        like any other, but the store keeps writing the values they replaced."""
        before = {name: dict(kept) for name, kept in self._before_session.items()}
        kept = before.setdefault(section, {})
        for name in values:
            kept.setdefault(name, getattr(self._own[section], name))
        new = dict(self._own)
        new[section] = dataclasses.replace(new[section], **values)
        return Settings(new, policy=self.policy, before_session=before)

    def locked(self, section: str, name: str) -> bool:
        """True when the machine policy fixes this setting (the app shows it read-only)."""
        return self.policy.locks(section, name)

    def section(self, name: str, cls: type[T]) -> T:
        """The section ``name``, checked to be of type ``cls``."""
        value = self._sections[name]
        if not isinstance(value, cls):
            raise TypeError(f"settings section {name} is not {cls.__name__}")
        return value

    if not TYPE_CHECKING:  # mypy knows the sections from :class:`Sections`, nothing more

        def __getattr__(self, name: str) -> Any:
            try:
                return self.__dict__["_sections"][name]
            except KeyError:
                raise AttributeError(name) from None

    def replace(self, section: str, **changes: Any) -> Settings:
        """A copy with some values of one section changed."""
        only = {f.name for f in dataclasses.fields(self._own[section]) if policy_only(f)}
        free = {k: v for k, v in changes.items() if not self.locked(section, k) and k not in only}
        new = dict(self._own)
        new[section] = dataclasses.replace(new[section], **free)
        before = {  # a value changed on purpose is no longer the session's
            name: {k: v for k, v in kept.items() if name != section or k not in free}
            for name, kept in self._before_session.items()
        }
        return Settings(new, policy=self.policy, before_session=before)

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
        types_ = SECTION_TYPES
        for name, raw in data.items():
            if name not in types_ or not isinstance(raw, dict):
                continue
            changes = checked_values(types_[name], raw, office_wide_only=True)
            changes = _only_tighter(types_[name], new[name], changes)
            if changes:
                new[name] = dataclasses.replace(new[name], **changes)
        return Settings(new, policy=self.policy, before_session=self._before_session)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Build from a dict, keeping defaults for missing, unknown or mistyped values."""
        sections: dict[str, Any] = {}
        for name, sec_cls in SECTION_TYPES.items():
            raw = data.get(name)
            sections[name] = _load_section(sec_cls, raw if isinstance(raw, dict) else {})
        return cls(sections)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings.json; a missing, broken, deeply nested or huge file gives the
        defaults (read-only: only :class:`SettingsStore` writes the file)."""
        path = path or settings_file()
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                log.warning("settings file larger than %d bytes, using defaults", MAX_FILE_BYTES)
                return cls()
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, RecursionError):
            log.warning("settings file unreadable, using defaults")
            return cls()
        return cls.from_dict(data if isinstance(data, dict) else {})

    def _file_values(self) -> dict[str, dict[str, Any]]:
        """What settings.json holds: the user's own values, without the session-only ones."""
        return {name: _saved(self._on_file(name, sec)) for name, sec in self._own.items()}

    def _on_file(self, name: str, section: Any) -> Any:
        """``section`` with the values set for this session put back to those they replaced."""
        kept = self._before_session.get(name)
        return dataclasses.replace(section, **kept) if kept else section


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
    return cls(**checked_values(cls, raw))


#: A settings file larger than this is not read (it holds a few kilobytes; defaults instead).
MAX_FILE_BYTES = 1_000_000

_policy_cache: dict[tuple[str, int, int], Policy] = {}


def machine_policy() -> Policy:
    """This machine's policy (read again when the file changes); raises PolicyError if broken."""
    path = policy.policy_file()
    if path is None:
        return Policy()
    try:
        stat = path.stat()
    except OSError:
        return policy.load(path, SECTION_TYPES)  # says why in one sentence
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _policy_cache:
        _policy_cache.clear()
        _policy_cache[key] = policy.load(path, SECTION_TYPES)
    return _policy_cache[key]


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


def settings_file() -> Path:
    """Path of settings.json in the config folder."""
    return paths.config_dir() / "settings.json"


class SettingsStore:
    """The owner of the settings in use and the only writer of ``settings.json`` (issue 19).

    ``current`` are the settings in use; :meth:`save` writes the user's own values atomically
    (temp file + rename; values for this session only are not written) and then tells every
    subscriber ``(old, new)``; :meth:`use` changes the settings in use without writing (values
    for this session only); :meth:`subscribe` returns a function that unsubscribes.
    Subscribers are called in the thread that saved (a sync adopts in a worker thread); the
    UI hands them on to its own thread with a Qt signal (``ui.main_window``).
    """

    def __init__(self, settings: Settings | None = None, path: Path | None = None) -> None:
        self._current = settings if settings is not None else Settings()
        self.path = path
        self._lock = threading.Lock()
        self._listeners: list[Callable[[Settings, Settings], None]] = []

    @classmethod
    def open(cls, path: Path | None = None) -> SettingsStore:
        """A store on settings.json (or ``path``); a broken policy raises PolicyError."""
        return cls(Settings.load(path), path)

    @property
    def current(self) -> Settings:
        return self._current

    @property
    def file(self) -> Path:
        """The file this store writes (settings.json in the config folder by default)."""
        return self.path or settings_file()

    def save(self, new: Settings, *, keep_copy: bool = False) -> None:
        """Write ``new`` and use it; on an OSError nothing changed (file and settings in use).

        ``keep_copy`` first copies the file as it was to ``settings.json.bak`` (an adopted
        sync replaces values the user may have edited by hand)."""
        with self._lock:  # one write at a time; subscribers are told outside the lock
            path = self.file
            path.parent.mkdir(parents=True, exist_ok=True)
            if keep_copy and path.exists():
                shutil.copyfile(path, path.with_name(path.name + ".bak"))
            _write_atomically(path, new._file_values())
            old, self._current = self._current, new
        self._tell(old, new)

    def use(self, new: Settings) -> None:
        """Use ``new`` from now on without writing it, and tell every subscriber."""
        with self._lock:
            old, self._current = self._current, new
        self._tell(old, new)

    def _tell(self, old: Settings, new: Settings) -> None:
        for listener in list(self._listeners):
            listener(old, new)

    def subscribe(self, listener: Callable[[Settings, Settings], None]) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe


def _write_atomically(path: Path, values: dict[str, dict[str, Any]]) -> None:
    """``values`` as JSON in ``path``: a temp file beside it, then renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(values, fh, ensure_ascii=False, indent=2, default=str)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
