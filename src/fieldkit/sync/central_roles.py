"""PostgreSQL login roles for fieldkit accounts on the central database (issue 15, item 1).

Pre-agreed interface: the central-trust work fills it (``fieldkit central init``, row-level
security); ``fieldkit user add|passwd|disable --db CENTRAL`` and ``fieldkit enroll`` call it.
Each account is a login role of the same name in lower case, with the same password, member
of one group role per account role (field, caseworker, teamlead, admin).
"""

from __future__ import annotations

from sqlalchemy import Connection

# The group role of each account role on the central database (NOLOGIN; ``fieldkit central
# init`` creates them and grants them their rights; a login role is a member of one).
GROUP_ROLES = {
    "field": "fieldkit_field",
    "caseworker": "fieldkit_caseworker",
    "teamlead": "fieldkit_teamlead",
    "admin": "fieldkit_admin",
}


def role_name(account: str) -> str:
    """The PostgreSQL role of ``account``: its name in lower case."""
    return account.strip().lower()


def ensure_login_role(conn: Connection, account: str, password: str, account_role: str) -> None:
    """Create or update ``account``'s login role with ``password``, in ``account_role``'s group."""
    raise NotImplementedError


def set_login_password(conn: Connection, account: str, password: str) -> None:
    """Give ``account``'s login role a new password."""
    raise NotImplementedError


def disable_login_role(conn: Connection, account: str) -> None:
    """``account`` may no longer log in to the central database (NOLOGIN)."""
    raise NotImplementedError
