"""The kinds of account (issue 14): who may do what is decided by the account's role.

The role comes from the person's account at login, never from a tick box. The German
labels are the users' words; the codes are what the CLI (``--role``) and the database use.
"""

from __future__ import annotations

FIELD = "field"  # Außendienst: an outreach worker, sees only their own worker's customers
CASEWORKER = "caseworker"  # Sachbearbeitung: integration/benefits caseworker, their team
TEAMLEAD = "teamlead"  # Teamleitung: the team's customers and the office's figures
ADMIN = "admin"  # Administration: the office setup and the accounts

ACCOUNT_ROLES: tuple[str, ...] = (FIELD, CASEWORKER, TEAMLEAD, ADMIN)

LABELS: dict[str, tuple[str, str]] = {
    FIELD: ("Außendienst", "Outreach"),
    CASEWORKER: ("Sachbearbeitung", "Caseworker"),
    TEAMLEAD: ("Teamleitung", "Team lead"),
    ADMIN: ("Administration", "Administration"),
}


def label(role: str, lang: str = "de") -> str:
    """The role's name for people ("Außendienst"); the code itself when unknown."""
    de, en = LABELS.get(role, (role, role))
    return en if lang.lower().startswith("en") else de
