"""The central database trusts no laptop: group roles, grants, row-level security, change log.

``fieldkit central init`` (run by IT as the database owner, after the schema upgrade) calls
:func:`init_central` in one transaction; running it again (after an upgrade) replaces every
grant, policy, helper function and trigger it made, so the rules are always those of this
fieldkit. Qt-free and SQL only; one function per group of tables.

Who sees and writes what (issue 15, items 1 and 5):

* ``fieldkit_field`` (an outreach worker's account; login role = account name in lower case,
  mapped to its worker through ``account.worker_id``): reads its office, its own worker row,
  the area layout (no personal data) and the flags of the **current and next ISO week** whose
  address lies in one of its areas, with customer, address, invitations and phone calls.
  It INSERTs only final visits, notes, tasks of customers of its areas (flags of the last
  eight weeks up to next week) and audit rows of its own account; it never UPDATEs or
  DELETEs them. Back-office tables, accounts and the change log are closed to it.
* ``fieldkit_caseworker`` / ``fieldkit_teamlead``: the customers of their account's team and
  what hangs off them; the back-office tables; no DELETE of social data.
* ``fieldkit_admin``: everything, but the change log only to read.
* the owner (who ran ``central init``): everything (FORCE ROW LEVEL SECURITY binds it too).

Where a rule needs tables the caller may not read (its account, other workers' flags), a
``SECURITY DEFINER`` function owned by the owner answers it, with ``search_path`` pinned.
Inside such a function ``current_user`` is the owner, so the caller is ``session_user``: the
login role the laptop connected as (``SET ROLE`` does not change it).

Area matching mirrors ``geo.areas.areas_of_address`` in SQL as a superset: an address is in
an area when its postcode is listed for the area, or its town (folded, "Lauffen" = "Lauffen
am Neckar") is one of the area's municipalities, or it has no town and its postcode is one of
theirs. The municipality names and postcodes come from the shipped gazetteer, written into
``fieldkit_places()`` at each ``central init``. The sync's Python selection then narrows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import Connection, text

from fieldkit.domain import permissions
from fieldkit.store.models import Base
from fieldkit.sync.central_roles import GROUP_ROLES

FIELD, CASEWORKER, TEAMLEAD, ADMIN = (GROUP_ROLES[k] for k in GROUP_ROLES)
OFFICE_ROLES = (GROUP_ROLES["caseworker"], GROUP_ROLES["teamlead"])
ALL_ROLES = tuple(GROUP_ROLES.values())
CHANGE_LOG = "central_change_log"
# How far back a field account may still push visits, notes and tasks (weeks before this).
WRITE_WEEKS_BACK = 8

# Master data the field reads without personal data (layout, staff directory).
LAYOUT = ("area", "area_member", "worker_area", "caseworker", "branch", "team")
# Social data scoped by flag or customer.
BY_CUSTOMER = ("customer", "address", "flag", "invitation", "phone_call")
FIELD_WORK = ("visit", "case_note", "task")
FIELD_STATE = ("prep_check", "sync_stop_status", "manual_placement")
SYNC_BOOKS = (
    "sync_conflict",
    "sync_ticket",
    "sync_device",
    "sync_device_run",
    "sync_office_key",
)
# Office-side tables naming a customer: a caseworker sees their team's rows only.
TEAM_BY_CUSTOMER = (
    "benefits_message",
    "callback_talk",
    "caseworker_appointment",
    "counselling_review",
    "counselling_talk",
    "desk_talk",
    "reception_appointment",
)
TEAM_BY_FLAG = ("appointment_followup", "flag_release")
# The Eingangszone calendar (the Meldeversäumnis desk): the outreach workers run every
# appointment of it (DOMAIN.md; domain.permissions grants FIELD the DESK permission).
DESK_CALENDAR = ("reception_appointment", "desk_talk", "caseworker_appointment", "callback_talk")
# The account roles that may do the office's side of file sync and publish the office's
# documents (domain.permissions.SYNC_OFFICE), and their group roles; the admin already
# sees everything.
SYNC_OFFICE_ROLES = permissions.roles_with(permissions.SYNC_OFFICE)
SYNC_OFFICE_GROUPS = tuple(GROUP_ROLES[r] for r in SYNC_OFFICE_ROLES if GROUP_ROLES[r] != ADMIN)


def _q(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _run(conn: Connection, statements: Iterable[str]) -> None:
    for sql in statements:
        conn.execute(text(sql))


def may(conn: Connection, table: str, privilege: str) -> bool:
    """Whether the connected role holds ``privilege`` on ``table`` (always True off PostgreSQL)."""
    if conn.dialect.name != "postgresql":
        return True
    got = conn.scalar(
        text("SELECT has_table_privilege(current_user, :t, :p)"), {"t": table, "p": privilege}
    )
    return bool(got)


def may_read_column(conn: Connection, table: str, column: str) -> bool:
    """Whether the connected role may read ``table.column`` (always True off PostgreSQL)."""
    if conn.dialect.name != "postgresql":
        return True
    got = conn.scalar(
        text("SELECT has_column_privilege(current_user, :t, :c, 'SELECT')"),
        {"t": table, "c": column},
    )
    return bool(got)


# --------------------------------------------------------------------------- entry point


def init_central(conn: Connection, *, today: date | None = None) -> None:
    """Roles, grants, helper functions, policies and triggers (inside the caller's transaction).

    ``today`` fixes the date the policies take as today (tests); by default the server's.
    """
    if conn.dialect.name != "postgresql":
        raise ValueError("central init needs the central PostgreSQL database")
    owner = str(conn.scalar(text("SELECT current_user")))
    ensure_group_roles(conn)
    install_functions(conn, today)
    install_login_function(conn)
    tables = sorted(Base.metadata.tables)
    reset_grants(conn, tables)
    for name in tables:
        _run(conn, _rls_on(conn, name, owner))
    grant_layout(conn)
    grant_customers(conn)
    grant_field_work(conn)
    grant_sync_books(conn)
    grant_back_office(conn, tables)
    grant_accounts_and_audit(conn)
    grant_office_sync(conn)
    grant_desk(conn)
    grant_field_routes(conn)
    install_change_log(conn, tables)
    ensure_office_keys(conn)


def ensure_group_roles(conn: Connection) -> None:
    """The four group roles (NOLOGIN), made if missing; two inits at once do not clash."""
    for role in ALL_ROLES:
        conn.execute(
            text(
                "DO $$ BEGIN CREATE ROLE "
                + role
                + " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
                "END $$"
            )
        )


def reset_grants(conn: Connection, tables: Sequence[str]) -> None:
    """Take back every right of the groups (a re-run after an upgrade starts from nothing)."""
    roles = ", ".join(ALL_ROLES)
    schema = _q(conn, str(conn.scalar(text("SELECT current_schema()"))))
    statements = [f"GRANT USAGE ON SCHEMA {schema} TO {roles}"]
    statements += [f"REVOKE ALL ON {_q(conn, t)} FROM PUBLIC, {roles}" for t in tables]
    statements.append(f"GRANT SELECT ON alembic_version TO {roles}")
    _run(conn, statements)


def _rls_on(conn: Connection, table: str, owner: str) -> list[str]:
    """ENABLE + FORCE row-level security; drop our old policies; the owner and admin see all."""
    old = conn.scalars(
        text(
            "SELECT policyname FROM pg_policies WHERE tablename = :t "
            "AND schemaname = current_schema() AND policyname LIKE 'fk\\_%'"
        ),
        {"t": table},
    )
    t = _q(conn, table)
    # The table's owner and whoever runs init (IT may run it as another superuser): FORCE
    # binds the owner too, so it gets its own policy.
    table_owner = conn.scalar(
        text(
            "SELECT tableowner FROM pg_tables "
            "WHERE tablename = :t AND schemaname = current_schema()"
        ),
        {"t": table},
    )
    owners = ", ".join(_q(conn, o) for o in sorted({owner, str(table_owner or owner)}))
    out = [f"DROP POLICY {_q(conn, p)} ON {t}" for p in old]
    out += [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY fk_owner ON {t} TO {owners} USING (true) WITH CHECK (true)",
    ]
    if table == CHANGE_LOG:
        out.append(f"CREATE POLICY fk_admin ON {t} FOR SELECT TO {ADMIN} USING (true)")
        out.append(f"GRANT SELECT ON {t} TO {ADMIN}")
    else:
        out.append(f"CREATE POLICY fk_admin ON {t} TO {ADMIN} USING (true) WITH CHECK (true)")
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {ADMIN}")
    return out


def _policy(
    table: str,
    name: str,
    roles: Sequence[str],
    command: str,
    using: str | None = None,
    check: str | None = None,
) -> str:
    sql = f"CREATE POLICY fk_{name} ON {table} FOR {command} TO {', '.join(roles)}"
    if using is not None:
        sql += f" USING ({using})"
    if check is not None:
        sql += f" WITH CHECK ({check})"
    return sql


# --------------------------------------------------------------------------- table groups


def grant_layout(conn: Connection) -> None:
    """Office, workers, areas, staff: the field reads its own office, worker and the layout."""
    everyone = (FIELD, *OFFICE_ROLES)
    out = [f"GRANT SELECT ON {t} TO {', '.join(everyone)}" for t in LAYOUT]
    out += [_policy(t, "read", everyone, "SELECT", "true") for t in LAYOUT]
    # A flag list names caseworkers, and their teams, that the setup may not know yet.
    for t in ("caseworker", "team"):
        out += [f"GRANT INSERT, UPDATE ON {t} TO {', '.join(OFFICE_ROLES)}"]
        out += [_policy(t, "office_" + c.lower(), OFFICE_ROLES, c, *_uc(c)) for c in _IU]
    for t in ("office", "outreach_worker", "office_document"):
        out.append(f"GRANT SELECT ON {t} TO {', '.join(everyone)}")
        out.append(_policy(t, "office_read", OFFICE_ROLES, "SELECT", "true"))
    out.append(_policy("office", "field_read", (FIELD,), "SELECT", "id = fieldkit_my_office()"))
    out.append(
        _policy("outreach_worker", "field_read", (FIELD,), "SELECT", "id = fieldkit_my_worker()")
    )
    out.append(
        _policy(
            "office_document", "field_read", (FIELD,), "SELECT", "office_id = fieldkit_my_office()"
        )
    )
    # Who verified which rule set: a field laptop prints RFB letters only under a verified
    # one. The back office keeps writing it (grant_back_office).
    out.append(f"GRANT SELECT ON rule_set_verification TO {FIELD}")
    out.append(_policy("rule_set_verification", "field_read", (FIELD,), "SELECT", "true"))
    _run(conn, out)


_IU = ("INSERT", "UPDATE")


def _uc(command: str, expr: str = "true") -> tuple[str | None, str | None]:
    """(USING, WITH CHECK) of a policy for ``command`` with one condition."""
    if command == "INSERT":
        return None, expr
    if command in ("SELECT", "DELETE"):
        return expr, None
    return expr, expr


def grant_customers(conn: Connection) -> None:
    """Customers and what hangs off a flag: field by its areas' weeks, office by its team."""
    field_scope = {
        "customer": "id IN (SELECT fieldkit_field_customers(0))",
        "address": "customer_id IN (SELECT fieldkit_field_customers(0))",
        "flag": "id IN (SELECT fieldkit_field_flags(0))",
        "invitation": "flag_id IN (SELECT fieldkit_field_flags(0))",
        "phone_call": "flag_id IN (SELECT fieldkit_field_flags(0))",
    }
    team_scope = {
        "customer": "team = fieldkit_my_team()",
        "address": "customer_id IN (SELECT fieldkit_team_customers())",
        "flag": "customer_id IN (SELECT fieldkit_team_customers())",
        "invitation": "flag_id IN (SELECT fieldkit_team_flags())",
        "phone_call": "flag_id IN (SELECT fieldkit_team_flags())",
    }
    out: list[str] = []
    for t in BY_CUSTOMER:
        out.append(f"GRANT SELECT ON {t} TO {FIELD}")
        out.append(_policy(t, "field_read", (FIELD,), "SELECT", field_scope[t]))
        out.append(f"GRANT SELECT, INSERT, UPDATE ON {t} TO {', '.join(OFFICE_ROLES)}")
        for command in ("SELECT", *_IU):
            name = "team_" + command.lower()
            out.append(_policy(t, name, OFFICE_ROLES, command, *_uc(command, team_scope[t])))
    _run(conn, out)


def grant_field_work(conn: Connection) -> None:
    """Visits, notes, tasks: the field inserts (never changes) its own; the office reads its
    team's and may mark a task done or a note transferred. Laptop state: newer wins."""
    # Written as IN (SELECT …): PostgreSQL computes the set once per statement (a hashed
    # subplan), so a batch of 1000 rows costs one evaluation; a flag or customer central
    # does not have at all is left to the foreign key (reason unknown_reference).
    flags = f"flag_id IN (SELECT fieldkit_field_flags({WRITE_WEEKS_BACK}))"
    customers = f"customer_id IN (SELECT fieldkit_field_customers({WRITE_WEEKS_BACK}))"
    scope = {
        "visit": f"({flags} OR NOT fieldkit_flag_exists(flag_id))",
        "case_note": f"({customers} OR NOT fieldkit_customer_exists(customer_id))",
        "task": f"({customers} OR NOT fieldkit_customer_exists(customer_id))",
    }
    final = {
        "visit": " AND state = 'final' AND (worker_id IS NULL OR worker_id = fieldkit_my_worker())",
        "case_note": " AND state = 'final'",
        "task": "",
    }
    office = ", ".join(OFFICE_ROLES)
    out: list[str] = []
    for t in FIELD_WORK:
        out.append(f"GRANT SELECT, INSERT ON {t} TO {FIELD}")
        out.append(_policy(t, "field_read", (FIELD,), "SELECT", scope[t]))
        out.append(_policy(t, "field_insert", (FIELD,), "INSERT", None, scope[t] + final[t]))
        out.append(f"GRANT SELECT ON {t} TO {office}")
        team = "customer_id IN (SELECT fieldkit_team_customers())"
        out.append(_policy(t, "team_read", OFFICE_ROLES, "SELECT", team))
    # With the stamp every write carries (store.db: updated_at and the writing device):
    # without device_id a caseworker's "erledigt" in the inbox was "permission denied".
    out.append(f"GRANT UPDATE (done_at, updated_at, device_id) ON task TO {office}")
    out.append(f"GRANT UPDATE (transferred_at, updated_at, device_id) ON case_note TO {office}")
    for t in ("task", "case_note"):
        team = "customer_id IN (SELECT fieldkit_team_customers())"
        out.append(_policy(t, "team_update", OFFICE_ROLES, "UPDATE", team, team))
    for t in FIELD_STATE:
        flag_scope = "true" if t == "manual_placement" else scope["visit"]
        team_scope = (
            "true" if t == "manual_placement" else "flag_id IN (SELECT fieldkit_team_flags())"
        )
        out.append(f"GRANT SELECT, INSERT, UPDATE ON {t} TO {FIELD}, {office}")
        for command in ("SELECT", *_IU):
            out.append(
                _policy(t, "field_" + command.lower(), (FIELD,), command, *_uc(command, flag_scope))
            )
            out.append(
                _policy(
                    t, "team_" + command.lower(), OFFICE_ROLES, command, *_uc(command, team_scope)
                )
            )
    _run(conn, out)


def grant_sync_books(conn: Connection) -> None:
    """The sync's own records: the field files conflicts, draws pull numbers, enrols its own
    laptop and reads only the public halves of its office's keys."""
    office = ", ".join(OFFICE_ROLES)
    books = [t for t in SYNC_BOOKS if t != "sync_office_key"]
    out = [f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {office}" for t in books]
    out += [_policy(t, "office_all", OFFICE_ROLES, "ALL", "true", "true") for t in books]
    out += _office_key_grants()
    out += _field_sync_grants()
    _run(conn, out)


def _office_key_grants() -> list[str]:
    """Who of the office reads the office's keys: the private halves only the file sync's
    roles, the public halves everyone else."""
    out: list[str] = []
    # The office's private keys open push files and sign pull files: only the roles that do
    # the office's file sync hold them; a caseworker reads the public halves, like the field.
    holders = [g for g in OFFICE_ROLES if g in SYNC_OFFICE_GROUPS]
    others = [g for g in OFFICE_ROLES if g not in SYNC_OFFICE_GROUPS]
    if holders:
        out += [
            f"GRANT SELECT, INSERT ON sync_office_key TO {', '.join(holders)}",
            _policy("sync_office_key", "key_holders", tuple(holders), "ALL", "true", "true"),
        ]
    if others:
        out += [
            "GRANT SELECT (id, office_id, sign_public, box_public) ON sync_office_key TO "
            + ", ".join(others),
            _policy("sync_office_key", "office_public", tuple(others), "SELECT", "true"),
        ]
    return out


def _field_sync_grants() -> list[str]:
    """The field's part of the sync's records: its conflicts, pull numbers, own laptop, own
    sync runs and its office's public keys."""
    return [
        # ON CONFLICT (id) DO NOTHING must see the clashing row: its id, and nothing else.
        f"GRANT INSERT, SELECT (id) ON sync_conflict TO {FIELD}",
        _policy("sync_conflict", "field_insert", (FIELD,), "INSERT", None, "true"),
        _policy("sync_conflict", "field_ids", (FIELD,), "SELECT", "true"),
        # UPDATE only for the LOCK TABLE that serialises pull numbers; no policy lets it
        # change a row.
        f"GRANT SELECT, INSERT, UPDATE ON sync_ticket TO {FIELD}",
        _policy("sync_ticket", "field_read", (FIELD,), "SELECT", "true"),
        _policy(
            "sync_ticket",
            "field_insert",
            (FIELD,),
            "INSERT",
            None,
            "worker_id = fieldkit_my_worker()",
        ),
        f"GRANT SELECT, INSERT ON sync_device TO {FIELD}",
        _policy(
            "sync_device", "field_read", (FIELD,), "SELECT", "worker_id = fieldkit_my_worker()"
        ),
        _policy(
            "sync_device",
            "field_insert",
            (FIELD,),
            "INSERT",
            None,
            "worker_id = fieldkit_my_worker() AND NOT disabled",
        ),
        # Its own laptop's sync runs for the team lead's report (v0019): written, never read.
        f"GRANT INSERT ON sync_device_run TO {FIELD}",
        _policy(
            "sync_device_run",
            "field_insert",
            (FIELD,),
            "INSERT",
            None,
            "worker_id = fieldkit_my_worker()",
        ),
        f"GRANT SELECT (id, office_id, sign_public, box_public) ON sync_office_key TO {FIELD}",
        _policy(
            "sync_office_key", "field_read", (FIELD,), "SELECT", "office_id = fieldkit_my_office()"
        ),
    ]


def grant_back_office(conn: Connection, tables: Sequence[str]) -> None:
    """Every other table is the back office's: closed to the field, team-scoped where it
    names a customer or flag, open to caseworkers and team leads otherwise."""
    handled = {
        *LAYOUT,
        *BY_CUSTOMER,
        *FIELD_WORK,
        *FIELD_STATE,
        *SYNC_BOOKS,
        "office",
        "outreach_worker",
        "office_document",
        "account",
        "audit_log",
        CHANGE_LOG,
    }
    office = ", ".join(OFFICE_ROLES)
    out: list[str] = []
    for t in tables:
        if t in handled:
            continue
        if t in TEAM_BY_CUSTOMER:
            scope = "customer_id IN (SELECT fieldkit_team_customers())"
        elif t in TEAM_BY_FLAG:
            scope = "flag_id IN (SELECT fieldkit_team_flags())"
        else:
            scope = "true"
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_q(conn, t)} TO {office}")
        out.append(_policy(_q(conn, t), "office_all", OFFICE_ROLES, "ALL", scope, scope))
    _run(conn, out)


def grant_field_routes(conn: Connection) -> None:
    """The field reads its own worker's routes (a team lead may plan centrally). An
    outreach worker's window on the central database (the desk) reads them for the week's
    table; without a grant it stopped at its start with "permission denied for route_stop"."""
    mine = "worker_id = fieldkit_my_worker()"
    stops = "route_id IN (SELECT id FROM route WHERE worker_id = fieldkit_my_worker())"
    out = [f"GRANT SELECT ON route_plan, route, route_stop TO {FIELD}"]
    out.append(_policy("route_plan", "field_read", (FIELD,), "SELECT", "true"))
    out.append(_policy("route", "field_read", (FIELD,), "SELECT", mine))
    out.append(_policy("route_stop", "field_read", (FIELD,), "SELECT", stops))
    _run(conn, out)


def grant_accounts_and_audit(conn: Connection) -> None:
    """Accounts: each login reads its own row (password hashes of others stay closed).
    Audit rows: the field adds and reads its own account's; the office reads all."""
    own = "name_key = session_user"
    office = ", ".join(OFFICE_ROLES)
    mine = "account = '' OR lower(account) = session_user"
    _run(
        conn,
        [
            f"GRANT SELECT ON account TO {FIELD}, {office}",
            _policy("account", "own_read", (FIELD, *OFFICE_ROLES), "SELECT", own),
            f"GRANT SELECT, INSERT ON audit_log TO {FIELD}, {office}",
            _policy("audit_log", "field_read", (FIELD,), "SELECT", mine),
            _policy("audit_log", "field_insert", (FIELD,), "INSERT", None, mine),
            _policy("audit_log", "office_read", OFFICE_ROLES, "SELECT", "true"),
            _policy("audit_log", "office_insert", OFFICE_ROLES, "INSERT", None, mine),
        ],
    )


def grant_office_sync(conn: Connection) -> None:
    """The office's side of file sync for the roles holding SYNC_OFFICE (the team lead):
    importing a laptop's push file, writing a pull file, publishing the office's documents.

    A pull file is for one worker, whose customers belong to any team, and a push file
    carries that worker's visits; so for these jobs the team lead reads the office's
    **sync window** (the flags of the current and next ISO week with customer, address,
    invitations, phone calls; visits, notes, tasks, checks and stop states of flags from
    eight weeks back), inserts what a laptop may push (final records of that window, the
    laptop's audit rows), never UPDATEs or DELETEs a pushed record, and writes
    ``office_document``. Every policy also asks ``fieldkit_may_sync_office()`` (an active
    account whose role has the permission); the change log names the team lead's login.
    """
    if not SYNC_OFFICE_GROUPS:
        return
    groups = SYNC_OFFICE_GROUPS
    who = ", ".join(groups)
    may_ = "fieldkit_may_sync_office()"
    read = {
        "customer": "id IN (SELECT fieldkit_office_customers(0))",
        "address": "customer_id IN (SELECT fieldkit_office_customers(0))",
        "flag": "id IN (SELECT fieldkit_office_flags(0))",
        "invitation": "flag_id IN (SELECT fieldkit_office_flags(0))",
        "phone_call": "flag_id IN (SELECT fieldkit_office_flags(0))",
    }
    out = [_policy(t, "sync_read", groups, "SELECT", f"{may_} AND {read[t]}") for t in read]
    flags = f"flag_id IN (SELECT fieldkit_office_flags({WRITE_WEEKS_BACK}))"
    customers = f"customer_id IN (SELECT fieldkit_office_customers({WRITE_WEEKS_BACK}))"
    scope = {
        "visit": f"{may_} AND ({flags} OR NOT fieldkit_flag_exists(flag_id))",
        "case_note": f"{may_} AND ({customers} OR NOT fieldkit_customer_exists(customer_id))",
        "task": f"{may_} AND ({customers} OR NOT fieldkit_customer_exists(customer_id))",
    }
    final = {"visit": " AND state = 'final'", "case_note": " AND state = 'final'", "task": ""}
    for t in FIELD_WORK:
        out.append(f"GRANT INSERT ON {t} TO {who}")
        out.append(_policy(t, "sync_read", groups, "SELECT", scope[t]))
        out.append(_policy(t, "sync_insert", groups, "INSERT", None, scope[t] + final[t]))
    for t in ("prep_check", "sync_stop_status"):
        for command in ("SELECT", *_IU):
            out.append(
                _policy(
                    t, "sync_" + command.lower(), groups, command, *_uc(command, scope["visit"])
                )
            )
    # The laptop's audit rows name its field account; the change log names who imported them.
    out.append(_policy("audit_log", "sync_insert", groups, "INSERT", None, may_))
    out.append(f"GRANT INSERT, UPDATE ON office_document TO {who}")
    for command in _IU:
        out.append(
            _policy(
                "office_document", "sync_" + command.lower(), groups, command, *_uc(command, may_)
            )
        )
    _run(conn, out)


def grant_desk(conn: Connection) -> None:
    """The field works the whole Eingangszone calendar (``services.office_desk`` and
    ``office_callback``): it reads and writes the calendar's tables, reads the customers
    with an appointment in it (from eight weeks back; ``fieldkit_desk_customers()``) with
    their flags' suspensions and lift notes, the caseworkers' absences (to book the HB), and
    adds the lift note and the task for the HB of such a customer. Nothing else of the back
    office (inbox marks, deputy rules, other follow-ups, counselling) opens to it."""
    out: list[str] = []
    for t in DESK_CALENDAR:
        delete = ", DELETE" if t == "caseworker_appointment" else ""  # a moved booking
        out.append(f"GRANT SELECT, INSERT, UPDATE{delete} ON {t} TO {FIELD}")
        out.append(_policy(t, "desk_all", (FIELD,), "ALL", "true", "true"))
    desk = "customer_id IN (SELECT fieldkit_desk_customers())"
    desk_flags = "flag_id IN (SELECT f.id FROM flag f WHERE f." + desk + ")"
    out += [
        _policy("customer", "desk_read", (FIELD,), "SELECT", desk.replace("customer_id", "id")),
        _policy("flag", "desk_read", (FIELD,), "SELECT", desk),
        f"GRANT SELECT ON absence, appointment_followup TO {FIELD}",
        _policy("absence", "desk_read", (FIELD,), "SELECT", "true"),
        _policy("appointment_followup", "desk_read", (FIELD,), "SELECT", desk_flags),
        f"GRANT SELECT, INSERT ON benefits_message TO {FIELD}",
        _policy("benefits_message", "desk_read", (FIELD,), "SELECT", desk),
        _policy(
            "benefits_message",
            "desk_insert",
            (FIELD,),
            "INSERT",
            None,
            f"{desk} AND kind = 'lift_suspension'",
        ),
        _policy("task", "desk_insert", (FIELD,), "INSERT", None, desk),
        _policy("task", "desk_read", (FIELD,), "SELECT", desk),
        # Opening the central database as a Database (the desk's window) reads its device id.
        f"GRANT SELECT ON app_meta TO {FIELD}",
        _policy("app_meta", "desk_read", (FIELD,), "SELECT", "key = 'device_id'"),
    ]
    _run(conn, out)


# --------------------------------------------------------------------------- change log


def install_change_log(conn: Connection, tables: Sequence[str]) -> None:
    """Statement triggers on every table write who changed which row into the change log
    (one INSERT … SELECT per statement); the log itself refuses UPDATE and DELETE."""
    out: list[str] = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        out.append(
            f"""CREATE OR REPLACE FUNCTION fieldkit_log_{event.lower()}() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = {_schema(conn)}, pg_temp AS $$
            BEGIN
              INSERT INTO {CHANGE_LOG}
                (id, at, db_role, record_table, record_id, operation,
                 created_at, updated_at, device_id)
              SELECT gen_random_uuid(), clock_timestamp(), session_user, TG_TABLE_NAME,
                     r.id::text, '{event}', now(), now(), ''
              FROM changed r;
              RETURN NULL;
            END $$"""
        )
    for t in tables:
        if t == CHANGE_LOG:
            continue
        for event, rows in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            name = f"fk_log_{event.lower()}"
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {_q(conn, t)}")
            out.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {_q(conn, t)} "
                f"REFERENCING {rows} TABLE AS changed FOR EACH STATEMENT "
                f"EXECUTE FUNCTION fieldkit_log_{event.lower()}()"
            )
    out += [
        f"""CREATE OR REPLACE FUNCTION fieldkit_log_frozen() RETURNS trigger
        LANGUAGE plpgsql SET search_path = {_schema(conn)}, pg_temp AS $$
        BEGIN
          RAISE EXCEPTION 'the central change log cannot be changed' USING ERRCODE = '42501';
        END $$""",
        f"DROP TRIGGER IF EXISTS fk_frozen ON {CHANGE_LOG}",
        f"CREATE TRIGGER fk_frozen BEFORE UPDATE OR DELETE OR TRUNCATE ON {CHANGE_LOG} "
        "FOR EACH STATEMENT EXECUTE FUNCTION fieldkit_log_frozen()",
    ]
    for event in ("insert", "update", "delete"):
        out.append(f"REVOKE ALL ON FUNCTION fieldkit_log_{event}() FROM PUBLIC")
    _run(conn, out)


# --------------------------------------------------------------------------- functions


def _schema(conn: Connection) -> str:
    return _q(conn, str(conn.scalar(text("SELECT current_schema()"))))


def _definer(conn: Connection, signature: str, returns: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE sql STABLE "
        f"SECURITY DEFINER SET search_path = {_schema(conn)}, pg_temp AS $fk$ {body} $fk$"
    )


def install_functions(conn: Connection, today: date | None) -> None:
    """The helpers the policies call (who the caller is, which flags it may see)."""
    day = f"DATE '{today.isoformat()}'" if today is not None else "current_date"
    immutable = "LANGUAGE sql IMMUTABLE"
    out = [
        f"CREATE OR REPLACE FUNCTION fieldkit_today() RETURNS date LANGUAGE sql STABLE "
        f"AS $fk$ SELECT {day} $fk$",
        "CREATE OR REPLACE FUNCTION fieldkit_week(d date) RETURNS text "
        f"{immutable} AS $fk$ SELECT to_char(d, 'IYYY-\"W\"IW') $fk$",
        "CREATE OR REPLACE FUNCTION fieldkit_fold(t text) RETURNS text "
        f"{immutable} AS $fk$ SELECT btrim(regexp_replace(replace(replace(replace(replace("
        "lower(coalesce(t, '')), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'), "
        "'[^a-z0-9]+', ' ', 'g')) $fk$",
        "CREATE OR REPLACE FUNCTION fieldkit_same_town(a text, b text) RETURNS boolean "
        f"{immutable} AS $fk$ SELECT a <> '' AND b <> '' AND "
        "(a = b OR a LIKE b || ' %' OR b LIKE a || ' %') $fk$",
        _places(),
        *_account_functions(conn),
        *_field_functions(conn),
        *_team_functions(conn),
        *_office_sync_functions(conn),
    ]
    _run(conn, out)
    for fn in (
        "fieldkit_my_worker()",
        "fieldkit_my_office()",
        "fieldkit_my_team()",
        "fieldkit_field_flags(integer)",
        "fieldkit_field_customers(integer)",
        "fieldkit_flag_exists(uuid)",
        "fieldkit_customer_exists(uuid)",
        "fieldkit_team_customers()",
        "fieldkit_team_flags()",
        "fieldkit_may_sync_office()",
        "fieldkit_office_flags(integer)",
        "fieldkit_office_customers(integer)",
        "fieldkit_desk_customers()",
        "fieldkit_deputies(uuid)",
        "fieldkit_resolve_rejections(timestamptz)",
    ):
        conn.execute(text(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC"))
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn} TO {', '.join(ALL_ROLES)}"))


#: The fieldkit group roles as a PL/pgSQL array literal.
_GROUPS = "ARRAY[" + ", ".join(f"'{g}'" for g in ALL_ROLES) + "]"
#: The body of ``fieldkit_set_login`` (:func:`install_login_function`).
_SET_LOGIN_BODY = f"""
DECLARE
  is_admin boolean := pg_has_role(session_user, 'fieldkit_admin', 'MEMBER');
  found_role record;
  ours boolean;
  g text;
BEGIN
  IF p_verifier IS NOT NULL AND p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'not a SCRAM-SHA-256 verifier' USING ERRCODE = '22023';
  END IF;
  IF NOT is_admin THEN
    IF p_name <> session_user OR p_verifier IS NULL OR NOT p_login THEN
      RAISE EXCEPTION 'only the administration manages login roles' USING ERRCODE = '42501';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);
    RETURN;
  END IF;
  IF p_group IS NOT NULL AND NOT p_group = ANY ({_GROUPS}) THEN
    RAISE EXCEPTION 'not a fieldkit group role' USING ERRCODE = '22023';
  END IF;
  SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication AS powers
    INTO found_role FROM pg_roles WHERE rolname = p_name;
  IF NOT FOUND THEN
    IF p_verifier IS NULL OR p_group IS NULL OR left(p_name, 3) = 'pg_' THEN
      RAISE EXCEPTION 'no such login role' USING ERRCODE = '42704';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_name, p_verifier);
  ELSE
    SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles gr ON gr.oid = m.roleid
      JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = p_name AND gr.rolname = ANY ({_GROUPS}))
      INTO ours;
    IF found_role.powers OR NOT ours OR p_name = ANY ({_GROUPS}) THEN
      RAISE EXCEPTION 'role % is not one of fieldkit''s', p_name USING ERRCODE = '42501';
    END IF;
    IF p_verifier IS NULL THEN
      EXECUTE format('ALTER ROLE %I %s', p_name, CASE WHEN p_login THEN 'LOGIN' ELSE 'NOLOGIN' END);
    ELSE
      EXECUTE format('ALTER ROLE %I %s PASSWORD %L', p_name,
        CASE WHEN p_login THEN 'LOGIN' ELSE 'NOLOGIN' END, p_verifier);
    END IF;
  END IF;
  IF p_group IS NOT NULL THEN
    FOREACH g IN ARRAY {_GROUPS} LOOP
      IF g <> p_group AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles gr
          ON gr.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
          WHERE r.rolname = p_name AND gr.rolname = g) THEN
        EXECUTE format('REVOKE %I FROM %I', g, p_name);
      END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', p_group, p_name);
  END IF;
END"""


def install_login_function(conn: Connection) -> None:
    """``fieldkit_set_login(name, verifier, group, login)``: the administration makes and
    changes fieldkit's login roles through it (``central_roles``), with the owner's right,
    instead of holding CREATEROLE itself (which could change any role of the server).

    It only ever touches a role that is new or already fieldkit's (a member of a group role,
    without powers of its own), only grants one of the four groups, and takes only a
    SCRAM verifier (never a password). Anyone else may only set their own password.
    """
    signature = "fieldkit_set_login(p_name text, p_verifier text, p_group text, p_login boolean)"
    conn.execute(
        text(
            f"CREATE OR REPLACE FUNCTION {signature} RETURNS void LANGUAGE plpgsql "
            f"SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fk${_SET_LOGIN_BODY}$fk$"
        )
    )
    fn = "fieldkit_set_login(text, text, text, boolean)"
    conn.execute(text(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn} TO {', '.join(ALL_ROLES)}"))


def _places() -> str:
    """``fieldkit_places()``: (AGS, postcode, folded name) of the district's municipalities."""
    from fieldkit.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.shipped()
    rows: list[str] = []
    for m in gazetteer.municipalities:
        for plz in sorted(gazetteer.postcodes_of(m)):
            values = (m.ags, plz, m.key)
            rows.append("(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")")
    body = "SELECT * FROM (VALUES " + ", ".join(rows) + ") AS p(ags, plz, name_key)"
    return (
        "CREATE OR REPLACE FUNCTION fieldkit_places() RETURNS TABLE(ags text, plz text, "
        f"name_key text) LANGUAGE sql IMMUTABLE AS $fk$ {body} $fk$"
    )


def _account_functions(conn: Connection) -> list[str]:
    account = "FROM account WHERE name_key = session_user AND NOT disabled"
    return [
        _definer(
            conn, "fieldkit_my_worker()", "uuid", f"SELECT worker_id {account} AND role = 'field'"
        ),
        _definer(
            conn,
            "fieldkit_my_office()",
            "uuid",
            "SELECT office_id FROM outreach_worker WHERE id = fieldkit_my_worker()",
        ),
        _definer(
            conn,
            "fieldkit_my_team()",
            "text",
            f"SELECT team {account} AND role IN ('caseworker', 'teamlead') AND team <> ''",
        ),
    ]


_FIELD_FLAGS = """
WITH mine AS (
  SELECT a.id FROM area a WHERE a.worker_id = fieldkit_my_worker()
  UNION SELECT wa.area_id FROM worker_area wa WHERE wa.worker_id = fieldkit_my_worker()),
members AS (
  SELECT m.ags, coalesce(m.postcode, '') AS plz
  FROM area_member m JOIN mine ON mine.id = m.area_id),
towns AS (
  SELECT p.plz, p.name_key FROM fieldkit_places() p
  JOIN members m ON m.ags = p.ags AND m.plz = ''),
names AS (SELECT DISTINCT name_key FROM towns),
candidates AS (
  SELECT f.id, f.customer_id, ad.plz, fieldkit_fold(ad.ort) AS town
  FROM flag f JOIN address ad ON ad.customer_id = f.customer_id
  WHERE f.visit_week BETWEEN fieldkit_week(fieldkit_today() - 7 * weeks_back)
                         AND fieldkit_week(fieldkit_today() + 7)),
places AS (
  SELECT DISTINCT c.town FROM (SELECT DISTINCT town FROM candidates) c
  JOIN names n ON fieldkit_same_town(n.name_key, c.town))
SELECT DISTINCT c.{column} FROM candidates c
WHERE c.plz IN (SELECT plz FROM members WHERE plz <> '')
   OR c.town IN (SELECT town FROM places)
   OR (c.town = '' AND c.plz IN (SELECT plz FROM towns))
"""


def _field_functions(conn: Connection) -> list[str]:
    """A field account's flags: of its areas, from ``weeks_back`` weeks ago to next week."""
    return [
        _definer(
            conn,
            "fieldkit_field_flags(weeks_back integer)",
            "SETOF uuid",
            _FIELD_FLAGS.format(column="id"),
        ),
        _definer(
            conn,
            "fieldkit_field_customers(weeks_back integer)",
            "SETOF uuid",
            _FIELD_FLAGS.format(column="customer_id"),
        ),
        _definer(
            conn,
            "fieldkit_flag_exists(flag_ref uuid)",
            "boolean",
            "SELECT EXISTS (SELECT 1 FROM flag WHERE id = flag_ref)",
        ),
        _definer(
            conn,
            "fieldkit_customer_exists(customer_ref uuid)",
            "boolean",
            "SELECT EXISTS (SELECT 1 FROM customer WHERE id = customer_ref)",
        ),
    ]


def _team_functions(conn: Connection) -> list[str]:
    """A caseworker's or team lead's customers: those of their account's team. And the one
    central housekeeping step of a sync that a field role cannot run itself."""
    resolve = " ".join(
        f"UPDATE sync_conflict SET resolved_at = at_time, updated_at = at_time "
        f"WHERE kind = 'rejected_by_central' AND record_table = '{name}' "
        f"AND resolved_at IS NULL AND record_id IN (SELECT id FROM {there});"
        for name, there in (
            ("visit", "visit"),
            ("case_note", "case_note"),
            ("task", "task"),
            ("prep_check", "prep_check"),
            ("manual_placement", "manual_placement"),
            ("route_stop", "sync_stop_status"),
        )
    )
    return [
        _definer(
            conn,
            "fieldkit_team_customers()",
            "SETOF uuid",
            "SELECT id FROM customer WHERE team = fieldkit_my_team()",
        ),
        _definer(
            conn,
            "fieldkit_team_flags()",
            "SETOF uuid",
            "SELECT f.id FROM flag f JOIN customer c ON c.id = f.customer_id "
            "WHERE c.team = fieldkit_my_team()",
        ),
        _definer(conn, "fieldkit_resolve_rejections(at_time timestamptz)", "void", resolve).replace(
            "LANGUAGE sql STABLE", "LANGUAGE sql VOLATILE"
        ),
    ]


def _office_sync_functions(conn: Connection) -> list[str]:
    """Whether the caller may do the office's side of file sync, and the office's window."""
    roles = ", ".join("'" + r + "'" for r in SYNC_OFFICE_ROLES) or "NULL"
    window = (
        "SELECT f.{column} FROM flag f "
        "WHERE f.visit_week BETWEEN fieldkit_week(fieldkit_today() - 7 * weeks_back) "
        "AND fieldkit_week(fieldkit_today() + 7) AND fieldkit_may_sync_office()"
    )
    return [
        _definer(
            conn,
            "fieldkit_may_sync_office()",
            "boolean",
            "SELECT EXISTS (SELECT 1 FROM account WHERE name_key = session_user "
            f"AND NOT disabled AND role IN ({roles}))",
        ),
        _definer(
            conn,
            "fieldkit_desk_customers()",
            "SETOF uuid",
            "SELECT DISTINCT customer_id FROM reception_appointment WHERE customer_id IS NOT NULL "
            f"AND starts_at >= fieldkit_today() - {7 * WRITE_WEEKS_BACK}",
        ),
        _definer(
            conn,
            "fieldkit_deputies(cw uuid)",
            "TABLE(deputy_id uuid, team_wide boolean, rank integer, made timestamptz)",
            # For the field's desk: who deputises for an HB, in the rule's order, and nothing
            # else of the deputy rule (the table stays closed to the field).
            "SELECT r.deputy_id, r.caseworker_id IS NULL, r.rank, r.created_at "
            "FROM deputy_rule r JOIN caseworker c ON c.id = cw WHERE r.team = c.team "
            "AND (r.caseworker_id = cw OR r.caseworker_id IS NULL) "
            "AND fieldkit_my_worker() IS NOT NULL",
        ),
        _definer(
            conn,
            "fieldkit_office_flags(weeks_back integer)",
            "SETOF uuid",
            window.format(column="id"),
        ),
        _definer(
            conn,
            "fieldkit_office_customers(weeks_back integer)",
            "SETOF uuid",
            "SELECT DISTINCT customer_id FROM (" + window.format(column="customer_id") + ") w",
        ),
    ]


# --------------------------------------------------------------------------- keys


def ensure_office_keys(conn: Connection) -> None:
    """Every office gets its sync key pair here, as the owner: a field account reads only the
    public halves and can never make (and so know) an office's private keys."""
    from fieldkit.sync import keys

    now = datetime.now(UTC)
    for office_id in conn.scalars(text("SELECT id FROM office")):
        keys.office_key(conn, office_id, now)
