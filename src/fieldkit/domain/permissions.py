"""What each kind of account may do (issue 14, item 3): pure data and one check, no Qt.

The services call ``services.permissions.require(identity, PERMISSION)`` at every entry point
that reads or changes personal data or the office setup; the widgets only mirror it. An
identity without an account role (a database without accounts: development and tests) is
unrestricted, as fieldkit was before accounts existed.

- field (Außendienst): its own worker's customers, visits, day plans, and the sync of them;
- caseworker (Sachbearbeitung): the team's customers, flagging, inbox, follow-up, desk;
- teamlead (Teamleitung): what a caseworker may, plus the team's and the office's figures,
  staff (absences, deputies) and the week's planning;
- admin (Administration): the office setup, rule-set verification, accounts, the audit log,
  enrolling and revoking laptops and the shared map data (address points, OpenStreetMap);
  no customer data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from fieldkit.domain import roles
from fieldkit.domain.roles import ADMIN, CASEWORKER, FIELD, TEAMLEAD
from fieldkit.errors import BilingualError

# Reading one customer's record (detail panel, field card) and the week's list.
CUSTOMERS = "customers"
# Recording on the road: stop status, preparation, visits, notes, re-planning the day.
VISITS = "visits"
# Planning the week's routes and moving stops.
PLANNING = "planning"
# Letters and route sheets for the week.
PRINTING = "printing"
# Placing customers' addresses on the map (geocoding the week, by hand).
GEOCODING = "geocoding"
# The laptop's sync with the central store.
SYNC = "sync"
# The office's side of file sync: reading laptops' push files, writing their pull files.
SYNC_OFFICE = "sync_office"
# Importing the weekly flag list, releasing blocked flags, the flagging form.
FLAGGING = "flagging"
# The back office's inbox (results of visits) and the benefits outbox.
INBOX = "inbox"
# Did the customer come? Attendance, decisions, hearings.
FOLLOWUP = "followup"
# The Meldeversäumnis desk: appointments, talks, bookings.
DESK = "desk"
# The team's and the office's figures and reports (PDF/XLSX).
REPORTS = "reports"
# Absences and deputies of a team.
STAFF = "staff"
# The office setup (branches, teams, areas, workers), shared map data.
SETUP = "setup"
# Verifying a dated rule set.
RULES = "rules"
# Managing accounts.
ACCOUNTS = "accounts"
# Enrolling a laptop (its accounts, its sync keys) and revoking one (issue 15).
DEVICES = "devices"
# Reading the audit log.
AUDIT = "audit"

LABELS: dict[str, tuple[str, str]] = {
    CUSTOMERS: ("Kundendaten einsehen", "viewing customer records"),
    VISITS: ("Besuche erfassen", "recording visits"),
    PLANNING: ("Touren planen", "planning routes"),
    PRINTING: ("Briefe und Tourenblätter drucken", "printing letters and route sheets"),
    GEOCODING: ("Adressen verorten", "placing addresses"),
    SYNC: ("Synchronisieren", "syncing"),
    SYNC_OFFICE: ("Übertragungsdateien der Laptops verarbeiten", "handling laptops' files"),
    FLAGGING: ("Kunden melden und Meldelisten einlesen", "flagging and flag-list import"),
    INBOX: ("Eingang und Postausgang bearbeiten", "working the inbox and outbox"),
    FOLLOWUP: ("Nachverfolgung bearbeiten", "working the follow-up"),
    DESK: ("Termine am Schalter bearbeiten", "working the desk"),
    REPORTS: ("Auswertungen sehen und exportieren", "viewing and exporting reports"),
    STAFF: ("Abwesenheiten und Vertretungen pflegen", "editing absences and deputies"),
    SETUP: ("Die Einrichtung ändern", "changing the office setup"),
    RULES: ("Regelwerke prüfen", "verifying rule sets"),
    ACCOUNTS: ("Konten verwalten", "managing accounts"),
    DEVICES: ("Laptops einrichten und sperren", "enrolling and revoking laptops"),
    AUDIT: ("Das Protokoll einsehen", "viewing the audit log"),
}

PERMISSIONS: tuple[str, ...] = tuple(LABELS)

_CASEWORK = frozenset({CUSTOMERS, PRINTING, GEOCODING, FLAGGING, INBOX, FOLLOWUP, DESK})

GRANTS: dict[str, frozenset[str]] = {
    # The outreach workers also run every appointment of the Eingangszone calendar (the
    # Meldeversäumnis desk; DOMAIN.md, "Missed appointments at the reception area").
    FIELD: frozenset({CUSTOMERS, VISITS, PLANNING, PRINTING, GEOCODING, SYNC, DESK}),
    CASEWORKER: _CASEWORK,
    TEAMLEAD: _CASEWORK | {REPORTS, STAFF, PLANNING, SYNC_OFFICE},
    ADMIN: frozenset({SETUP, RULES, ACCOUNTS, AUDIT, SYNC_OFFICE, DEVICES}),
}


def allowed(account_role: str, permission: str) -> bool:
    """May an account of ``account_role`` do ``permission``? "" (no accounts) may do all;
    an unknown role nothing."""
    if permission not in LABELS:
        raise ValueError(f"unknown permission {permission!r}")
    if not account_role:
        return True
    return permission in GRANTS.get(account_role, frozenset())


def label(permission: str, lang: str = "de") -> str:
    """The permission in the user's words."""
    de, en = LABELS.get(permission, (permission, permission))
    return en if lang.lower().startswith("en") else de


def roles_with(permission: str) -> tuple[str, ...]:
    """The account roles that have ``permission``, in the order of ``roles.ACCOUNT_ROLES``."""
    return tuple(role for role, grants in GRANTS.items() if permission in grants)


class Actor(Protocol):
    """Who acts: ``services.office.Identity`` is one (the sync layer knows only this much)."""

    @property
    def account(self) -> str: ...

    @property
    def account_role(self) -> str: ...


@dataclass(frozen=True)
class _Anyone:
    account: str = ""
    account_role: str = ""


# The actor of a database without accounts (development, tests): may do everything.
ANYONE: Actor = _Anyone()


class PermissionDenied(BilingualError):
    """The account's role may not do this; nothing was read or changed."""


def check(actor: Actor, permission: str) -> None:
    """Refuse unless ``actor``'s account role has ``permission`` ("" role: everything)."""
    if allowed(actor.account_role, permission):
        return
    role = actor.account_role
    raise PermissionDenied(
        f"Dafür fehlt Ihrer Rolle die Berechtigung: {label(permission, 'de')} "
        f"(Rolle {roles.label(role, 'de')}).",
        f"Your role lacks the permission for this: {label(permission, 'en')} "
        f"(role {roles.label(role, 'en')}).",
        code="permission",
    )
