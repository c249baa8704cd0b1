"""PostgreSQL login roles for fieldkit accounts on the central database (issue 15, item 1).

Pre-agreed interface: the central-trust work fills it (``fieldkit central init``, row-level
security); ``fieldkit user add|passwd|disable --db CENTRAL`` and ``fieldkit enroll`` call it.
Each account is a login role of the same name in lower case, with the same password, member
of one group role per account role (field, caseworker, teamlead, admin).

Safety:

* Names and secrets reach the server only through ``psycopg.sql`` (``Identifier``,
  ``Literal``), never pasted into a statement.
* The password itself never reaches the server: the role gets a SCRAM-SHA-256 verifier
  computed here (RFC 5802/7677, as ``PQencryptPasswordConn`` does), so no statement log of
  the server holds a password.
* An existing role is only taken over when it is already one of fieldkit's (a member of a
  group role) and has no power of its own (superuser, CREATEROLE, CREATEDB, BYPASSRLS,
  replication): an account named like the database owner must not change the owner's
  password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stringprep
import unicodedata
from typing import Any

from sqlalchemy import Connection

from fieldkit.errors import BilingualError

# The group role of each account role on the central database (NOLOGIN; ``fieldkit central
# init`` creates them and grants them their rights; a login role is a member of one).
GROUP_ROLES = {
    "field": "fieldkit_field",
    "caseworker": "fieldkit_caseworker",
    "teamlead": "fieldkit_teamlead",
    "admin": "fieldkit_admin",
}
SCRAM_ITERATIONS = 4096  # PostgreSQL's default (scram_iterations)
MAX_ROLE_NAME = 63  # PostgreSQL's NAMEDATALEN - 1 (bytes)


class RoleError(BilingualError):
    """A login role cannot be made or changed; nothing was changed."""


def role_name(account: str) -> str:
    """The PostgreSQL role of ``account``: its name in lower case."""
    return account.strip().lower()


def group_role(account_role: str) -> str:
    """The group role of an account role (``field`` → ``fieldkit_field``)."""
    group = GROUP_ROLES.get(account_role)
    if group is None:
        raise RoleError(
            f"Die Rolle muss eine von {', '.join(GROUP_ROLES)} sein.",
            f"The role must be one of {', '.join(GROUP_ROLES)}.",
            code="bad_role",
        )
    return group


def ensure_login_role(conn: Connection, account: str, password: str, account_role: str) -> None:
    """Create or update ``account``'s login role with ``password``, in ``account_role``'s group."""
    name, group = _checked_name(account), group_role(account_role)
    cur = _cursor(conn)
    verifier = scram_verifier(password)
    if not _may_create_roles(cur):
        if _role(cur, name) is not None:
            _refuse_foreign(cur, name)
        _delegated(cur, name, verifier, group, login=True)
        return
    _ensure_group(cur, group)
    if _role(cur, name) is None:
        cur.execute(_sql("CREATE ROLE {} LOGIN PASSWORD {}", _ident(name), _lit(verifier)))
    else:
        _refuse_foreign(cur, name)
        cur.execute(_sql("ALTER ROLE {} LOGIN PASSWORD {}", _ident(name), _lit(verifier)))
    for other in GROUP_ROLES.values():
        if other != group and _member(cur, name, other):
            cur.execute(_sql("REVOKE {} FROM {}", _ident(other), _ident(name)))
    if not _member(cur, name, group):
        cur.execute(_sql("GRANT {} TO {}", _ident(group), _ident(name)))


def set_login_password(conn: Connection, account: str, password: str) -> None:
    """Give ``account``'s login role a new password."""
    name = _checked_name(account)
    cur = _cursor(conn)
    _refuse_foreign(cur, name)
    verifier = scram_verifier(password)
    cur.execute(_sql("ALTER ROLE {} PASSWORD {}", _ident(name), _lit(verifier)))


def disable_login_role(conn: Connection, account: str) -> None:
    """``account`` may no longer log in to the central database (NOLOGIN)."""
    name = _checked_name(account)
    cur = _cursor(conn)
    _refuse_foreign(cur, name)
    if not _may_create_roles(cur):
        _delegated(cur, name, None, None, login=False)
        return
    cur.execute(_sql("ALTER ROLE {} NOLOGIN", _ident(name)))


#: The administration's own login role may not create roles (CREATEROLE could change any
#: role of the server). ``fieldkit central init`` gives its group this one function instead,
#: owned by the database owner: it makes and changes only fieldkit's login roles
#: (``central_policies.install_login_function``).
SET_LOGIN = "fieldkit_set_login(text, text, text, boolean)"


def _may_create_roles(cur: Any) -> bool:
    """Whether the connected role makes login roles itself (the owner, IT) rather than
    through :data:`SET_LOGIN` (the administration's own login role)."""
    cur.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    row = cur.fetchone()
    return bool(row and row[0])


def _delegated(
    cur: Any, name: str, verifier: str | None, group: str | None, *, login: bool
) -> None:
    """The change through :data:`SET_LOGIN`; refused in one sentence without its right."""
    from psycopg import errors

    try:
        cur.execute("SELECT fieldkit_set_login(%s, %s, %s, %s)", (name, verifier, group, login))
    except (errors.InsufficientPrivilege, errors.UndefinedFunction) as exc:
        raise RoleError(
            "Anmelderollen der zentralen Datenbank legt nur die Administration an (oder die "
            "IT als Eigentümerin der Datenbank); nichts wurde geändert.",
            "Only the administration (or IT as the database's owner) makes login roles on "
            "the central database; nothing was changed.",
            code="no_right",
        ) from exc


def can_login(conn: Connection, account: str) -> bool | None:
    """Whether ``account``'s login role may log in (None: there is no such role)."""
    row = _role(_cursor(conn), _checked_name(account))
    return None if row is None else bool(row[1])


# -- SCRAM-SHA-256 ------------------------------------------------------------------------


def scram_verifier(password: str, *, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (``rolpassword``)."""
    if not isinstance(password, str) or not password or "\x00" in password:
        raise RoleError(
            "Das Passwort ist leer oder enthält ein Nullzeichen; nichts wurde geändert.",
            "The password is empty or contains NUL; nothing was changed.",
            code="bad_password",
        )
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", _saslprep(password), salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = base64.b64encode
    return (
        f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt).decode()}"
        f"${b64(stored_key).decode()}:{b64(server_key).decode()}"
    )


def verifier_matches(verifier: str, password: str) -> bool:
    """Whether a stored SCRAM-SHA-256 ``verifier`` belongs to ``password`` (tests, checks)."""
    try:
        head, keys = verifier.split("$", 2)[1:]
        _iterations, salt = head.split(":")
        expected = scram_verifier(password, salt=base64.b64decode(salt))
    except (ValueError, RoleError):
        return False
    return hmac.compare_digest(expected.split("$", 2)[2], keys)


def _saslprep(password: str) -> bytes:
    """RFC 4013 SASLprep as PostgreSQL applies it; a password it rejects is used as it is."""
    raw = password.encode("utf-8")
    if password.isascii():
        return raw
    mapped = "".join(
        " " if stringprep.in_table_c12(c) else c for c in password if not stringprep.in_table_b1(c)
    )
    text = unicodedata.normalize("NFKC", mapped)
    if not text or any(_prohibited(c) for c in text):
        return raw
    has_ral = any(stringprep.in_table_d1(c) for c in text)
    if has_ral and (
        any(stringprep.in_table_d2(c) for c in text)
        or not stringprep.in_table_d1(text[0])
        or not stringprep.in_table_d1(text[-1])
    ):
        return raw
    return text.encode("utf-8")


def _prohibited(c: str) -> bool:
    checks = (
        stringprep.in_table_c12,
        stringprep.in_table_c21_c22,
        stringprep.in_table_c3,
        stringprep.in_table_c4,
        stringprep.in_table_c5,
        stringprep.in_table_c6,
        stringprep.in_table_c7,
        stringprep.in_table_c8,
        stringprep.in_table_c9,
        stringprep.in_table_a1,
    )
    return any(check(c) for check in checks)


# -- statements ---------------------------------------------------------------------------


def _cursor(conn: Connection) -> Any:
    """A psycopg cursor in ``conn``'s transaction (the caller's unit of work)."""
    if conn.dialect.name != "postgresql":
        raise RoleError(
            "Anmelderollen gibt es nur auf der zentralen PostgreSQL-Datenbank.",
            "Login roles exist only on the central PostgreSQL database.",
            code="not_postgresql",
        )
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


def _sql(template: str, *parts: Any) -> Any:
    from psycopg import sql

    return sql.SQL(template).format(*parts)


def _ident(name: str) -> Any:
    from psycopg import sql

    return sql.Identifier(name)


def _lit(value: str) -> Any:
    from psycopg import sql

    return sql.Literal(value)


def _checked_name(account: object) -> str:
    name = role_name(account) if isinstance(account, str) else ""
    if (
        not name
        or len(name.encode("utf-8")) > MAX_ROLE_NAME
        or any(unicodedata.category(c)[0] == "C" for c in name)
        or name.startswith("pg_")
        or name in GROUP_ROLES.values()
    ):
        raise RoleError(
            f"„{name[:80]}“ kann kein Name einer Anmelderolle sein (1 bis {MAX_ROLE_NAME} "
            "Zeichen, nicht pg_… und keine Gruppenrolle); nichts wurde geändert.",
            f"'{name[:80]}' cannot name a login role (1 to {MAX_ROLE_NAME} characters, not "
            "pg_… and no group role); nothing was changed.",
            code="bad_name",
        )
    return name


def _role(cur: Any, name: str) -> tuple[Any, ...] | None:
    cur.execute(
        "SELECT rolname, rolcanlogin, rolsuper OR rolcreaterole OR rolcreatedb "
        "OR rolbypassrls OR rolreplication FROM pg_roles WHERE rolname = %s",
        (name,),
    )
    row = cur.fetchone()
    return tuple(row) if row is not None else None


def _member(cur: Any, name: str, group: str) -> bool:
    cur.execute(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = %s AND r.rolname = %s",
        (group, name),
    )
    return cur.fetchone() is not None


def _ensure_group(cur: Any, group: str) -> None:
    if _role(cur, group) is None:
        cur.execute(_sql("CREATE ROLE {} NOLOGIN", _ident(group)))


def _refuse_foreign(cur: Any, name: str) -> None:
    """One sentence unless ``name`` is a login role fieldkit made (member of a group role,
    without powers of its own)."""
    row = _role(cur, name)
    if row is None:
        raise RoleError(
            f"Auf der zentralen Datenbank gibt es keine Anmelderolle {name}; nichts wurde "
            "geändert.",
            f"The central database has no login role {name}; nothing was changed.",
            code="no_role",
        )
    ours = any(_member(cur, name, g) for g in GROUP_ROLES.values())
    if row[2] or not ours:
        raise RoleError(
            f"Die Rolle {name} der zentralen Datenbank gehört nicht zu fieldkit; sie wird "
            "nicht verändert (bitte einen anderen Kontonamen wählen).",
            f"The central database's role {name} is not one of fieldkit's; it is not changed "
            "(choose another account name).",
            code="foreign_role",
        )
