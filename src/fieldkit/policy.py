"""The machine's policy: settings the IT department fixes for every user of a computer.

A TOML file in the platform's site config folder (``/etc/xdg/fieldkit/policy.toml`` or
``/etc/fieldkit/policy.toml`` on Linux, ``%ProgramData%\\fieldkit\\policy.toml`` on Windows;
``FIELDKIT_POLICY`` names another path, for tests and special installs). It has the sections
and names of ``settings.json``; every value it gives overrides the user's own and cannot be
changed in the app, by a command line option that would store it, or by office-wide settings
pulled at a sync. fieldkit only reads it.

A broken policy fails closed: a file that cannot be read, is over 64 kB, is no valid TOML,
names a setting fieldkit does not know or gives a value of the wrong type raises
:class:`PolicyError`, and the app and every command refuse to start with that one sentence.
A typing error in a restriction (``alowed_roles``) must not quietly lift it. See docs/install.md.

``office.allowed_roles`` names account roles (field, caseworker, teamlead, admin); the older
"office" is still understood and means caseworker and team lead (:func:`account_roles`,
:func:`allows`).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from fieldkit.domain.roles import ACCOUNT_ROLES, ADMIN, CASEWORKER, FIELD, TEAMLEAD
from fieldkit.errors import BilingualError, UserError
from fieldkit.settings_fields import valid_values

POLICY_ENV = "FIELDKIT_POLICY"
FILE_NAME = "policy.toml"
#: A real policy is a few dozen lines; a file far beyond that is refused before it is parsed
#: (a 1-MB file took ~1 s to parse, on every start and every command).
MAX_BYTES = 64 * 1024

# ``office.allowed_roles`` names account roles (fieldkit.domain.roles: field, caseworker,
# teamlead, admin). Policies written before the accounts (issue 14) name "office"
# (Innendienst), which means caseworker and team lead; both kinds are understood.
OFFICE = "office"
LEGACY_ROLES: dict[str, tuple[str, ...]] = {OFFICE: (CASEWORKER, TEAMLEAD)}
POLICY_ROLES: tuple[str, ...] = (*ACCOUNT_ROLES, OFFICE)


class PolicyError(BilingualError, UserError):
    """The machine policy file is broken: nothing starts until IT repairs it (one sentence)."""


def candidates() -> list[Path]:
    """Where a policy file is looked for, in order (the first that exists is used)."""
    override = os.environ.get(POLICY_ENV)
    if override:
        return [Path(override)]
    site = Path(platformdirs.site_config_dir("fieldkit", appauthor=False)) / FILE_NAME
    if sys.platform.startswith(("win", "darwin")):
        return [site]
    return [site, Path("/etc/fieldkit") / FILE_NAME]


def policy_file() -> Path | None:
    """The policy file of this machine, or None when there is none."""
    return next((p for p in candidates() if p.is_file()), None)


@dataclass(frozen=True)
class Policy:
    """The values a policy file fixes: section → setting name → value."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None

    def locks(self, section: str, name: str) -> bool:
        """True when the policy fixes this setting."""
        return name in self.values.get(section, {})

    def locked(self) -> list[tuple[str, str]]:
        """All fixed settings as (section, name), sorted."""
        return sorted((s, n) for s, names in self.values.items() for n in names)

    def apply(self, sections: dict[str, Any]) -> dict[str, Any]:
        """``sections`` with the policy's values put over them, and the role rule applied."""
        out = dict(sections)
        for name, values in self.values.items():
            if name in out:
                out[name] = dataclasses.replace(out[name], **values)
        return _restrict_role(out)


def account_roles(allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The account roles an ``allowed_roles`` value lets work here, old codes expanded
    ("office" → caseworker, teamlead), in the order of ACCOUNT_ROLES; empty: all of them."""
    if not allowed:
        return ACCOUNT_ROLES
    wanted = {role for code in allowed for role in LEGACY_ROLES.get(code, (code,))}
    return tuple(role for role in ACCOUNT_ROLES if role in wanted)


def allows(allowed: tuple[str, ...], role: str) -> bool:
    """May ``role`` work on this machine? ``role`` is an account role, or the start dialog's
    "office" (Innendienst), allowed when caseworkers, team leads or admins are."""
    if not allowed:
        return True
    permitted = account_roles(allowed)
    if role == OFFICE:
        return any(r in permitted for r in (CASEWORKER, TEAMLEAD, ADMIN))
    return role in permitted


def _restrict_role(sections: dict[str, Any]) -> dict[str, Any]:
    """A role the machine does not allow is replaced: by the only allowed one, or by asking."""
    office = sections.get("office")
    allowed = tuple(getattr(office, "allowed_roles", ()) or ())
    if office is None or not allowed or allows(allowed, office.role):
        return sections
    choices = [r for r in (FIELD, OFFICE) if allows(allowed, r)]  # the start dialog's
    role = choices[0] if len(choices) == 1 else ""
    return {**sections, "office": dataclasses.replace(office, role=role)}


def shown_value(name: str, value: Any) -> Any:
    """A locked value as IT may see it: database addresses without their password, lists
    as lists."""
    if name.endswith("url") and isinstance(value, str) and "://" in value:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            return make_url(value).render_as_string(hide_password=True)
        except ArgumentError:
            return value.split("://", 1)[0] + "://…"
    return list(value) if isinstance(value, tuple) else value


def load(path: Path | None, section_types: dict[str, type]) -> Policy:
    """Read and check the policy file at ``path`` (None: no policy)."""
    if path is None:
        return Policy()
    try:
        raw_bytes = _read(path)
        data = tomllib.loads(raw_bytes.decode("utf-8"))
    except FileNotFoundError:
        return Policy()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _broken(path, _first_line(exc), _first_line(exc)) from exc
    values: dict[str, dict[str, Any]] = {}
    for section, raw in data.items():
        cls = section_types.get(section)
        if cls is None or not isinstance(raw, dict):
            raise _broken(
                path, f"unbekannter Abschnitt [{section}]", f"unknown section [{section}]"
            )
        values[section] = _section_values(path, section, cls, raw)
    return Policy(values, path)


def _read(path: Path) -> bytes:
    with path.open("rb") as file:
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // 1024
        raise _broken(
            path,
            f"größer als {limit} kB; eine Richtlinie hat wenige Zeilen",
            f"larger than {limit} kB; a policy has a few lines",
        )
    return raw


def _section_values(path: Path, section: str, cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(cls)}
    for name in raw:
        if name not in known:
            raise _broken(
                path,
                f"unbekannte Einstellung {section}.{name}",
                f"unknown setting {section}.{name}",
            )
    good = valid_values(cls, raw)
    for name in raw:
        if name not in good:
            raise _broken(
                path,
                f"falscher Typ für {section}.{name}",
                f"wrong type for {section}.{name}",
            )
    if section == "office" and "allowed_roles" in good:
        _check_roles(path, good["allowed_roles"])
    return good


def _check_roles(path: Path, roles: tuple[Any, ...]) -> None:
    wrong = [r for r in roles if r not in POLICY_ROLES]
    if wrong or not roles:
        names = ", ".join(ACCOUNT_ROLES)
        raise _broken(
            path,
            f"office.allowed_roles muss aus {names} (oder dem früheren {OFFICE}) wählen",
            f"office.allowed_roles must name some of {names} (or the former {OFFICE})",
        )


def _broken(path: Path, why_de: str, why_en: str) -> PolicyError:
    return PolicyError(
        f"Die Richtlinie dieses Rechners ({path}) ist fehlerhaft ({why_de}); fieldkit startet "
        "erst, wenn die IT sie berichtigt hat.",
        f"This computer's policy file ({path}) is broken ({why_en}); fieldkit will not start "
        "until IT has corrected it.",
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
