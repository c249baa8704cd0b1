"""Who uses this installation: the role and, in the back office, the caseworker identity.

Composed into :class:`fieldkit.settings.Settings` as the section ``office``. An administrator
may assign the role in settings.json; while ``role`` is empty the app asks at start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe

FIELD = "field"  # Außendienst: the outreach worker's laptop
OFFICE = "office"  # Innendienst: caseworker (IFK/HB) or team lead
ROLES = (FIELD, OFFICE)


@dataclass(frozen=True)
class OfficeSettings:
    """Role and identity of the person using this installation."""

    role: str = field(
        default="",
        metadata=describe(
            "'field' (Außendienst), 'office' (Innendienst) or '' to ask at every start."
        ),
    )
    caseworker: str = field(
        default="",
        metadata=describe("In the back office: the caseworker's name as in the flag lists."),
    )
    team: str = field(default="", metadata=describe("In the back office: the team, e.g. '521'."))
    team_lead: bool = field(
        default=False,
        metadata=describe("In the back office: a team lead sees the whole team's customers."),
    )
    # Who logged in (issue 14): set by the login for this session only, never read from or
    # written to a file, so a service given the settings' identity checks the account's role.
    account: str = field(
        default="", metadata=describe("The logged-in account (session only).", session_only=True)
    )
    account_role: str = field(
        default="",
        metadata=describe("The logged-in account's role (session only).", session_only=True),
    )
    worker: str = field(
        default="",
        metadata=describe("A field account's outreach worker (session only).", session_only=True),
    )
    allowed_roles: tuple[str, ...] = field(
        default=(),
        metadata=describe(
            "Account roles that may work on this computer ('field', 'caseworker', 'teamlead', "
            "'admin'; the former 'office' means caseworker and teamlead); empty = all. Meant "
            "for the machine policy: a field laptop allows only 'field'."
        ),
    )
