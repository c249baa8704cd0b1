"""The central database trusts no laptop (issue 15, items 1 and 5), on the real PostgreSQL.

Each test connects *as* a role kind (field, caseworker, team lead, admin: login roles with
random names, dropped afterwards) to a central database that ran ``central init`` and tries
to read and write beyond its rights: refused. Its own work is allowed, and the triggers log
which account changed which row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from fieldkit.cli import main
from fieldkit.domain.permissions import ANYONE
from fieldkit.services.office import Identity
from fieldkit.sync import engine as eng
from fieldkit.sync import service
from fieldkit.sync.central_roles import GROUP_ROLES
from fieldkit.sync.errors import SyncError
from tests.test_sync_helpers import (
    ANNA,
    MURAT,
    NOW,
    add_login,
    as_worker,
    create_database,
    drop_database,
    drop_database_now,
    drop_logins,
    init_central,
    login_url,
    new_laptop,
    record_field_work,
)

TEAM = "521"


@pytest.fixture
def logins(central: str) -> Iterator[dict[str, str]]:
    """A caseworker and a team lead of team 521 and an admin, as login URLs."""
    names = {
        "caseworker": add_login(central, "caseworker", team=TEAM),
        "teamlead": add_login(central, "teamlead", team=TEAM),
        "admin": add_login(central, "admin"),
    }
    yield {kind: login_url(central, name) for kind, name in names.items()}
    drop_logins(list(names.values()))


def _ids(url: str, sql: str, **params: object) -> set[object]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(sa.text(sql), params))
    finally:
        engine.dispose()


def _refused(url: str, sql: str, **params: object) -> str:
    """Run ``sql`` as the login of ``url``; return PostgreSQL's refusal (fails if it passes)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn, pytest.raises(DBAPIError) as err:
            conn.execute(sa.text(sql), params)
        return str(err.value.orig)
    finally:
        engine.dispose()


def _rowcount(url: str, sql: str, **params: object) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            return int(conn.execute(sa.text(sql), params).rowcount)
    finally:
        engine.dispose()


def _pulled(central: str, worker: str) -> set[object]:
    """The customers the sync's own selection gives ``worker`` (computed as the owner)."""
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        row = eng.find_worker(conn, worker)
        assert row is not None
        data = eng.select_pull(conn, row, eng.pull_weeks(NOW.date()))
    engine.dispose()
    return {c["id"] for c in data["customer"]}


@pytest.fixture
def synced(central: str, tmp_path: Path) -> str:
    """Anna's laptop pulled and pushed five visits with notes and tasks; her login URL."""
    laptop = new_laptop(tmp_path / "anna.sqlite")
    anna = as_worker(central, ANNA)
    service.sync_network(laptop, anna, worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(laptop, visits=5, drafts=0)
    service.sync_network(laptop, anna, worker=ANNA, now=NOW, identity=ANYONE)
    laptop.dispose()
    return anna


# --------------------------------------------------------------------------- field


def test_a_field_account_sees_only_its_workers_customers(central: str) -> None:
    anna, murat = as_worker(central, ANNA), as_worker(central, MURAT)
    hers, his = _pulled(central, ANNA), _pulled(central, MURAT)
    assert hers
    assert his
    seen = _ids(anna, "SELECT id FROM customer")
    # Exactly what the sync would give her laptop; none of Murat's; not the whole office.
    assert seen == hers
    assert not seen & his
    assert len(seen) < len(_ids(central, "SELECT id FROM customer"))
    assert _ids(murat, "SELECT id FROM customer") == his
    # Asking for one of Murat's customers by id finds nothing, nor its address or flags.
    other = next(iter(his))
    assert _ids(anna, "SELECT id FROM customer WHERE id = :c", c=other) == set()
    assert _ids(anna, "SELECT id FROM address WHERE customer_id = :c", c=other) == set()
    assert _ids(anna, "SELECT id FROM flag WHERE customer_id = :c", c=other) == set()
    # Only her own worker row: claiming to be Murat finds nobody.
    assert _ids(anna, "SELECT name FROM outreach_worker") == {ANNA}


def test_a_field_account_sees_only_the_current_and_next_week(central: str) -> None:
    anna = as_worker(central, ANNA)
    flag, customer = next(iter(_rows_of(anna, "SELECT id, customer_id FROM flag")))
    # The back office moves one of her flags three weeks ahead: out of her sight, customer too.
    _rowcount(central, "UPDATE flag SET visit_week = '2026-W51' WHERE id = :f", f=flag)
    assert flag not in _ids(anna, "SELECT id FROM flag")
    assert customer not in _ids(anna, "SELECT id FROM customer")
    _rowcount(central, "UPDATE flag SET visit_week = '2026-W49' WHERE id = :f", f=flag)
    assert flag in _ids(anna, "SELECT id FROM flag")


def test_a_disabled_account_sees_nothing(central: str) -> None:
    anna = as_worker(central, ANNA)
    assert _ids(anna, "SELECT id FROM customer")
    role = sa.engine.make_url(anna).username
    _rowcount(central, "UPDATE account SET disabled = true WHERE name_key = :r", r=role)
    for table in ("customer", "flag", "address", "outreach_worker", "office"):
        assert _ids(anna, f"SELECT id FROM {table}") == set(), table


def _rows_of(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def test_a_laptop_naming_another_worker_gets_nothing(central: str, tmp_path: Path) -> None:
    laptop = new_laptop(tmp_path / "anna.sqlite")
    try:
        with pytest.raises(SyncError) as err:
            service.sync_network(
                laptop, as_worker(central, ANNA), worker=MURAT, now=NOW, identity=ANYONE
            )
        assert err.value.code == "worker"
    finally:
        laptop.dispose()


def test_a_field_account_cannot_change_or_delete_pushed_records(synced: str) -> None:
    visit = next(iter(_ids(synced, "SELECT id FROM visit")))
    for table in ("visit", "case_note", "task", "audit_log"):
        assert "permission denied" in _refused(synced, f"UPDATE {table} SET id = id")
        assert "permission denied" in _refused(synced, f"DELETE FROM {table}")
    assert "permission denied" in _refused(
        synced, "UPDATE visit SET note = 'geändert' WHERE id = :v", v=visit
    )
    # Master data is the back office's: no change, no new customer, no withdrawn flag.
    assert "permission denied" in _refused(synced, "UPDATE customer SET nachname = 'X'")
    assert "permission denied" in _refused(synced, "UPDATE flag SET withdrawn_at = now()")
    assert "permission denied" in _refused(synced, "DELETE FROM flag")


def test_a_field_account_writes_visits_only_for_its_own_customers(
    central: str, synced: str
) -> None:
    his = list(_pulled(central, MURAT))
    theirs = next(iter(_ids(central, "SELECT id FROM flag WHERE customer_id = ANY(:c)", c=his)))
    customer = next(iter(_ids(central, "SELECT customer_id FROM flag WHERE id = :f", f=theirs)))
    insert = (
        "INSERT INTO visit (id, flag_id, customer_id, visited_at, details, note, complex_case, "
        "benefits_hint, state, created_at, updated_at, device_id) VALUES (:id, :f, :c, now(), "
        "'{}', 'gefälscht', false, '', 'final', now(), now(), 'x')"
    )
    text = _refused(synced, insert, id=uuid.uuid4(), f=theirs, c=customer)
    assert "row-level security" in text
    note = (
        "INSERT INTO case_note (id, customer_id, text, state, created_at, updated_at, "
        "device_id) VALUES (:id, :c, 'gefälscht', 'final', now(), now(), 'x')"
    )
    assert "row-level security" in _refused(synced, note, id=uuid.uuid4(), c=customer)
    # The same for one of her own flags goes in (and a draft never does).
    mine = next(iter(_ids(synced, "SELECT id FROM flag")))
    own = next(iter(_ids(synced, "SELECT customer_id FROM flag WHERE id = :f", f=mine)))
    assert _rowcount(synced, insert, id=uuid.uuid4(), f=mine, c=own) == 1
    draft = insert.replace("'final'", "'draft'")
    assert "row-level security" in _refused(synced, draft, id=uuid.uuid4(), f=mine, c=own)


def test_back_office_tables_accounts_keys_and_the_change_log_are_closed_to_the_field(
    synced: str,
) -> None:
    # (The desk's calendar is open to the field: see the desk tests below.)
    for table in ("deputy_rule", "inbox_mark", "counselling_talk", "central_change_log"):
        assert "permission denied" in _refused(synced, f"SELECT * FROM {table}")
    assert "permission denied" in _refused(synced, "SELECT sign_private FROM sync_office_key")
    assert "permission denied" in _refused(synced, "SELECT detail FROM sync_conflict")
    # Other laptops' sync runs are the team lead's report, not the field's (v0019).
    assert "permission denied" in _refused(synced, "SELECT * FROM sync_device_run")
    # Her own account row only: no other account's password hash.
    assert len(_ids(synced, "SELECT name_key FROM account")) == 1
    # The public halves of her office's keys she may read (enrolment needs them).
    assert len(_ids(synced, "SELECT box_public FROM sync_office_key")) == 1


def test_hostile_input_in_a_field_query_changes_nothing(synced: str) -> None:
    # A value is a parameter, never SQL; a huge or odd name finds nobody.
    for name in ("' OR 1=1 --", "x" * 10_000, MURAT, "", "Anna Berger' --"):
        assert _ids(synced, "SELECT id FROM outreach_worker WHERE name = :n", n=name) == set()
    assert "permission denied" in _refused(synced, "TRUNCATE visit")
    assert "must be owner" in _refused(synced, "ALTER TABLE visit DISABLE ROW LEVEL SECURITY")


# --------------------------------------------------------------------------- office


def test_caseworkers_and_team_leads_see_their_teams_customers(
    central: str, logins: dict[str, str], synced: str
) -> None:
    team = _ids(central, "SELECT id FROM customer WHERE team = :t", t=TEAM)
    assert team
    assert len(team) < len(_ids(central, "SELECT id FROM customer"))
    # The team lead also does the office's file sync (SYNC_OFFICE), so it reads the office's
    # sync window too: the customers flagged for the current or next week, of any team.
    window = _ids(
        central,
        "SELECT customer_id FROM flag WHERE visit_week IN ('2026-W48', '2026-W49')",
    )
    assert window - team
    for kind in ("caseworker", "teamlead"):
        url = logins[kind]
        seen = team if kind == "caseworker" else team | window
        assert _ids(url, "SELECT id FROM customer") == seen
        if kind == "caseworker":
            assert _ids(url, "SELECT DISTINCT team FROM customer") == {TEAM}
        visits = _ids(url, "SELECT customer_id FROM visit")
        assert visits <= seen
        assert "permission denied" in _refused(url, "DELETE FROM customer")
        assert "permission denied" in _refused(url, "UPDATE visit SET note = 'x'")
        assert "permission denied" in _refused(url, "SELECT * FROM central_change_log")
        # Another team's customer cannot be changed: the update finds no row.
        assert _rowcount(url, "UPDATE customer SET telefon = '0' WHERE team <> :t", t=TEAM) == 0
    # The office's private keys: the team lead opens push files with them, a caseworker
    # reads only the public halves.
    assert "permission denied" in _refused(
        logins["caseworker"], "SELECT sign_private FROM sync_office_key"
    )
    assert "permission denied" in _refused(
        logins["caseworker"], "SELECT box_private FROM sync_office_key"
    )
    assert len(_ids(logins["caseworker"], "SELECT box_public FROM sync_office_key")) == 1
    assert len(_ids(logins["teamlead"], "SELECT sign_private FROM sync_office_key")) == 1


def test_admin_reads_the_change_log_and_nobody_changes_it(
    central: str, logins: dict[str, str], synced: str
) -> None:
    admin = logins["admin"]
    anna_role = sa.engine.make_url(synced).username
    visits = _ids(central, "SELECT id::text FROM visit")
    logged = _ids(
        admin,
        "SELECT record_id FROM central_change_log WHERE db_role = :r "
        "AND record_table = 'visit' AND operation = 'INSERT'",
        r=anna_role,
    )
    assert visits
    assert logged == visits
    # The admin has no right to; the owner's own change is stopped by the log's trigger.
    assert "permission denied" in _refused(admin, "DELETE FROM central_change_log")
    assert "permission denied" in _refused(admin, "UPDATE central_change_log SET db_role = 'x'")
    assert "cannot be changed" in _refused(central, "DELETE FROM central_change_log")
    assert "cannot be changed" in _refused(central, "UPDATE central_change_log SET db_role = 'x'")
    assert "permission denied" in _refused(
        admin, "INSERT INTO central_change_log SELECT * FROM central_change_log LIMIT 1"
    )


def test_the_change_log_holds_no_personal_data(central: str, synced: str) -> None:
    names = _ids(central, "SELECT nachname FROM customer") | _ids(
        central, "SELECT kundennummer FROM customer"
    )
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.text("SELECT * FROM central_change_log"))]
    engine.dispose()
    assert rows
    text = repr(rows)
    assert not [n for n in names if str(n) in text]
    assert "Notiz" not in text


def test_an_update_by_the_office_is_logged_with_its_account(
    central: str, logins: dict[str, str]
) -> None:
    url = logins["caseworker"]
    customer = next(iter(_ids(url, "SELECT id FROM customer")))
    assert _rowcount(url, "UPDATE customer SET telefon = '1' WHERE id = :c", c=customer) == 1
    role = sa.engine.make_url(url).username
    got = _ids(
        central,
        "SELECT operation FROM central_change_log WHERE db_role = :r AND record_id = :c",
        r=role,
        c=str(customer),
    )
    assert got == {"UPDATE"}


# --------------------------------------------------------------------------- init


@pytest.mark.slow  # migrates a new central database and runs central init on it twice (3-4 s)
def test_central_init_is_idempotent_and_the_cli_sets_up_a_new_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = create_database()
    try:
        assert main(["central", "init", "--db", url]) == 0
        assert "row-level security" in capsys.readouterr().out
        policies = _ids(url, "SELECT tablename || '.' || policyname FROM pg_policies")
        init_central(url, NOW.date() + timedelta(days=1))  # again: same policies, no error
        assert _ids(url, "SELECT tablename || '.' || policyname FROM pg_policies") == policies
        forced = _ids(
            url,
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relforcerowsecurity "
            "AND relnamespace = 'public'::regnamespace",
        )
        assert {"customer", "visit", "central_change_log", "account"} <= forced
        groups = _ids(url, "SELECT rolname FROM pg_roles WHERE NOT rolcanlogin")
        assert set(GROUP_ROLES.values()) <= groups
    finally:
        drop_database(url)


def test_central_init_refuses_a_database_that_is_not_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for url in (str(tmp_path / "laptop.sqlite"), "", "not a url", "postgresql+psycopg://"):
        args = ["central", "init", "--db", url] if url else ["central", "init"]
        code = main(args)
        err = capsys.readouterr().err
        assert code == 1
        assert "Traceback" not in err
        assert err.count("\n") == 1


def test_the_login_url_names_the_account_in_lower_case() -> None:
    url = service.as_account("postgresql+psycopg://fieldkit@db.example/fk", "Anna.Berger", "p@ss")
    parsed = sa.engine.make_url(url)
    assert (parsed.username, parsed.password, parsed.host) == ("anna.berger", "p@ss", "db.example")
    assert service.as_account("sqlite:///x.sqlite", "anna", "p") == "sqlite:///x.sqlite"
    assert service.as_account("postgresql://h/db", "   ", "p") == "postgresql://h/db"
    assert service.as_account("::nonsense::", "anna", "p") == "::nonsense::"


def test_the_app_keeps_the_central_login_in_memory_only() -> None:
    from fieldkit.ui import central_login

    url = "postgresql+psycopg://fieldkit@db.example/fk"
    try:
        assert central_login.central_url(url) == url  # nobody logged in
        central_login.remember("Anna.Berger", "geheim")
        parsed = sa.engine.make_url(central_login.central_url(url))
        assert (parsed.username, parsed.password) == ("anna.berger", "geheim")
        # What the settings remember never holds the password.
        assert "geheim" not in service.url_without_password(central_login.central_url(url))
        central_login.remember("", "x")  # a database without accounts: no login to pass
        assert central_login.central_url(url) == url
    finally:
        central_login.forget()
    assert central_login.central_url(url) == url


@pytest.mark.slow  # a new central database migrated and seeded by its owner (3-8 s)
def test_a_non_superuser_owner_sets_up_and_still_works_under_forced_security(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """IT's real case: the owner is no superuser, so FORCE ROW LEVEL SECURITY binds it too."""
    from fieldkit.services import demo_setup
    from fieldkit.settings import Settings
    from fieldkit.store.db import open_database
    from tests.test_sync_helpers import WEEK, pg_admin_url

    owner = f"fk_t_owner_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD 'test'"))
    url = create_database()
    name = sa.engine.make_url(url).database
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"ALTER DATABASE {name} OWNER TO {owner}"))
        as_owner = login_url(url, owner)
        assert main(["central", "init", "--db", as_owner]) == 0, capsys.readouterr().err
        db = open_database(as_owner)
        try:
            demo_setup.write_demo(db, Settings(), WEEK, 12, 49)
        finally:
            db.dispose()
        assert len(_ids(as_owner, "SELECT id FROM customer")) == 12
        assert _ids(as_owner, "SELECT DISTINCT db_role FROM central_change_log") == {owner}
        assert "cannot be changed" in _refused(as_owner, "DELETE FROM central_change_log")
    finally:
        drop_database_now(url)  # before its owner's role can go
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()


# --------------------------------------------------------------------------- the desk


def _desk_day(central: str) -> tuple[list[uuid.UUID], set[object]]:
    """Three reception appointments on NOW's day (as the back office books them): two of
    customers outside Anna's week, one of an unknown number; their ids and customer ids."""
    from fieldkit.services import office_desk
    from fieldkit.store.db import open_database

    anna = _pulled(central, ANNA)
    others = sorted(
        str(n)
        for n in _ids(
            central, "SELECT kundennummer FROM customer WHERE id <> ALL(:a)", a=list(anna)
        )
    )
    db = open_database(central)
    try:
        made = [
            office_desk.add_appointment(
                db, NOW + timedelta(hours=i), number, "", "Eingangszone", identity=_office()
            )
            for i, number in enumerate([*others[:2], "999X000000"])
        ]
    finally:
        db.dispose()
    customers = _ids(
        central, "SELECT customer_id FROM reception_appointment WHERE customer_id IS NOT NULL"
    )
    assert len(customers) == 2
    assert not customers & anna
    return made, customers


def _office() -> Identity:
    return Identity(role="caseworker")


def _field(url: str) -> Identity:
    name = str(sa.engine.make_url(url).username)
    return Identity(role="field", account=name, account_role="field", worker=ANNA)


def test_a_field_login_runs_the_whole_desk_calendar(central: str) -> None:
    from fieldkit.services import office_desk
    from fieldkit.store.db import open_database

    made, customers = _desk_day(central)
    anna = as_worker(central, ANNA)
    db = open_database(anna)
    try:
        with db.session() as session:
            rows = office_desk.list_day(session, NOW.date(), identity=_field(anna))
        # The whole calendar, linked to its customers (their HB and team shown), though
        # none of them is one of her week's customers.
        assert [r.id for r in rows] == made
        assert sum(1 for r in rows if r.team) == 2
        talk = office_desk.record_talk(
            db, made[0], "Anna", "Krank", "motiviert", "Termin beim HB", NOW, identity=_field(anna)
        )
    finally:
        db.dispose()
    assert _ids(central, "SELECT id FROM desk_talk") == {talk}
    assert _ids(central, "SELECT state FROM reception_appointment WHERE id = :a", a=made[0]) == {
        "talked"
    }
    # The calendar's customers she now reads; still not the other customers of the office.
    seen = _ids(anna, "SELECT id FROM customer")
    assert customers <= seen
    assert seen == _pulled(central, ANNA) | customers


def test_the_desk_opens_nothing_else_of_the_back_office_to_the_field(central: str) -> None:
    _desk_day(central)
    anna = as_worker(central, ANNA)
    for table in (
        "inbox_mark",
        "deputy_rule",
        "counselling_talk",
        "flag_release",
        "caseworker_post",
    ):
        assert "permission denied" in _refused(anna, f"SELECT * FROM {table}")
    # She writes the calendar, but no lift note of another kind, no customer, no flag.
    assert "permission denied" in _refused(anna, "UPDATE customer SET telefon = '0'")
    assert "permission denied" in _refused(anna, "DELETE FROM reception_appointment")
    assert "permission denied" in _refused(anna, "DELETE FROM desk_talk")
    hostile = (
        "INSERT INTO benefits_message (id, customer_id, kind, text, sent_at, sent_by, subject, "
        "reason, bg_number, created_at, updated_at, device_id) SELECT :id, customer_id, "
        "'suspension', 'x', now(), '', '', '', '', now(), now(), '' FROM reception_appointment "
        "WHERE customer_id IS NOT NULL LIMIT 1"
    )
    assert "row-level security" in _refused(anna, hostile, id=uuid.uuid4())
    # Of the central database's own settings she reads its device id only.
    assert _ids(anna, "SELECT key FROM app_meta") == {"device_id"}


def test_a_field_login_books_the_follow_up_with_the_deputy_without_reading_the_rule(
    central: str,
) -> None:
    from fieldkit.domain.settings import RulesSettings
    from fieldkit.services import office_desk
    from fieldkit.store.db import open_database
    from fieldkit.store.models import Caseworker, Customer
    from fieldkit.store.models_office import Absence, DeputyRule

    made, _customers = _desk_day(central)
    owner = open_database(central)
    try:
        with owner.session() as session:
            appointment = session.get(office_desk.ReceptionAppointment, made[0])
            assert appointment is not None
            customer = session.get(Customer, appointment.customer_id)
            assert customer is not None
            assert customer.caseworker_id is not None
            hb = session.get(Caseworker, customer.caseworker_id)
            assert hb is not None
            deputy = Caseworker(name="Vertretung Test", team=hb.team)
            session.add(deputy)
            session.flush()
            session.add(DeputyRule(team=hb.team, deputy_id=deputy.id, rank=1))
            away = NOW.date()
            session.add(Absence(caseworker_id=hb.id, first_day=away, last_day=away + timedelta(60)))
            hb_name, deputy_name = hb.name, deputy.name
    finally:
        owner.dispose()
    anna = as_worker(central, ANNA)
    assert "permission denied" in _refused(anna, "SELECT * FROM deputy_rule")
    db = open_database(anna)
    try:
        booking = office_desk.book_followup(
            db, made[0], "Anna", NOW, RulesSettings(), identity=_field(anna)
        )
    finally:
        db.dispose()
    assert booking.by_deputy
    assert (booking.caseworker, booking.hb) == (deputy_name, hb_name)
    assert _ids(central, "SELECT caseworker_id FROM caseworker_appointment") == {
        next(iter(_ids(central, "SELECT id FROM caseworker WHERE name = :n", n=deputy_name)))
    }


def test_a_field_window_on_the_central_database_opens_and_sees_only_its_routes(
    central: str,
) -> None:
    # An outreach worker on desk duty works in the central database: the week's table reads
    # the worker's routes, which a field login could not read at all (the app stopped at its
    # start with "permission denied for table route_stop"). Its own routes only.
    from fieldkit.domain.week import IsoWeek
    from fieldkit.services import week as week_service
    from fieldkit.store.db import open_database
    from fieldkit.store.models import OutreachWorker, Route, RoutePlan

    week = str(IsoWeek.of(NOW.date()))
    owner = open_database(central)
    try:
        with owner.session() as session:
            workers = {w.name: w.id for w in session.scalars(sa.select(OutreachWorker))}
            plan = RoutePlan(visit_week=week, planned_at=NOW)
            plan.routes = [Route(day=NOW.date(), worker_id=workers[w]) for w in (ANNA, MURAT)]
            session.add(plan)
    finally:
        owner.dispose()
    anna = as_worker(central, ANNA)
    assert _ids(anna, "SELECT worker_id FROM route") == {workers[ANNA]}
    assert _ids(anna, "SELECT count(*) FROM route_stop") == {0}
    name = sa.engine.make_url(anna).username
    who = Identity(role="field", account=str(name), account_role="field", worker=ANNA)
    db = open_database(anna)
    try:
        with db.session() as session:
            rows = week_service.week_rows(session, week, who)
    finally:
        db.dispose()
    assert rows  # her areas' customers of this week
