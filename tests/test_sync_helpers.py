"""Shared fixtures of the sync tests: a central PostgreSQL database and laptops (SQLite files).

The central database is created under a random name for every test and dropped afterwards, so
parallel runs and reruns never clash. Without ``FIELDKIT_TEST_PG`` (``./dev test`` sets it) the
PostgreSQL tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo
import psycopg.sql
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

from fieldkit.domain.week import IsoWeek
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import (
    CaseNote,
    Flag,
    ManualPlacement,
    PrepCheck,
    Route,
    RoutePlan,
    RouteStop,
    Task,
    Visit,
)
from fieldkit.sync import engine as eng
from fieldkit.sync.rows import content_hash

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # Tuesday of 2026-W48
WEEK = IsoWeek(2026, 48)
ANNA = "Anna Berger"
MURAT = "Murat Demir"


def pg_admin_url() -> str:
    """The test server's URL; skip without one, but fail under CI (the tests must run there)."""
    url = os.environ.get("FIELDKIT_TEST_PG", "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("FIELDKIT_TEST_PG is not set; CI must run the PostgreSQL sync tests.")
        pytest.skip("FIELDKIT_TEST_PG is not set (run ./dev test to start PostgreSQL)")
    return url


def _admin() -> sa.Engine:
    return sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")


def create_database(template: str | None = None) -> str:
    """A new database with a random name (optionally a copy of ``template``); its URL."""
    name = f"fk_sync_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    with admin.connect() as conn:
        extra = f" TEMPLATE {template}" if template else ""
        conn.execute(sa.text(f"CREATE DATABASE {name}{extra}"))
        # Commits to a test database do not wait for the WAL to reach the disk: the tests
        # never crash the server, and a crashed server would lose only the last commits,
        # never consistency (as SQLite's synchronous=OFF in tests/conftest.py). The server
        # keeps fsync for everything else; a copy does not inherit this, so each gets it.
        conn.execute(sa.text(f"ALTER DATABASE {name} SET synchronous_commit = off"))
    admin.dispose()
    return make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database of ``url`` soon, on a thread of its own (:class:`_LaterDrops`)."""
    LATER_DROPS.put(url)


# Taken when this module is imported: the drop thread runs beside later tests, and some of
# those replace ``psycopg.connect`` to prove that nothing connects (test_sync_transport).
_PG_CONNECT = psycopg.Connection.connect


def _admin_conninfo() -> str:
    admin = make_url(pg_admin_url())
    params = {
        "host": admin.host,
        "port": admin.port,
        "user": admin.username,
        "password": admin.password,
        "dbname": admin.database or "postgres",
    }
    return psycopg.conninfo.make_conninfo("", **{k: str(v) for k, v in params.items() if v})


def drop_database_now(url: str, conninfo: str = "") -> None:
    """Drop the database of ``url`` (connections still open are ended)."""
    name = make_url(url).database
    drop = psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    with _PG_CONNECT(conninfo or _admin_conninfo(), autocommit=True) as conn:
        conn.execute(drop.format(psycopg.sql.Identifier(str(name))))


def drop_role_now(name: str, conninfo: str = "") -> None:
    """Drop the login role ``name`` (psycopg's DependentObjectsStillExist while a database
    still grants it something)."""
    drop = psycopg.sql.SQL("DROP ROLE IF EXISTS {}")
    with _PG_CONNECT(conninfo or _admin_conninfo(), autocommit=True) as conn:
        conn.execute(drop.format(psycopg.sql.Identifier(name)))


class _LaterDrops:
    """Drops test databases and login roles on threads of their own while the next tests run.

    PostgreSQL 15 forces a checkpoint for every ``DROP DATABASE``: 2–4 s on a busy test
    server, which the test that merely finished with its copy used to wait for. Drops waiting
    at the same time share a checkpoint, so a few threads drop side by side (six copies of
    the central template: 0.5 s one after the other, 0.09 s at once). A login role
    can only go once no database grants it anything: one that cannot go yet is tried again
    after each later database drop and at :meth:`finish` (before, a test dropping its logins
    waited there for every queued database drop, up to 11 s). Everything still happens, and
    what fails is reported loudly by :meth:`finish`, only not on the tests' time.
    """

    def __init__(self) -> None:
        # (kind, database URL or role name, the server's admin conninfo, read when handed
        # over: a test may take FIELDKIT_TEST_PG away while the thread runs)
        self.queue: queue.Queue[tuple[str, str, str]] = queue.Queue()
        self.threads: list[threading.Thread] = []
        self.failed: list[str] = []
        self.deferred: list[tuple[str, str]] = []  # roles some database still names
        self.lock = threading.Lock()  # for deferred

    def put(self, url: str) -> None:
        self._put("database", url)

    def put_role(self, name: str) -> None:
        self._put("role", name)

    def _put(self, kind: str, what: str) -> None:
        if not self.threads:
            for i in range(DROP_THREADS):
                thread = threading.Thread(target=self._run, name=f"drop-{i}", daemon=True)
                thread.start()
                self.threads.append(thread)
        self.queue.put((kind, what, _admin_conninfo()))

    def _run(self) -> None:
        while True:
            kind, what, conninfo = self.queue.get()
            try:
                if kind == "database":
                    drop_database_now(what, conninfo)
                    self._retry_roles()
                else:
                    self._drop_role(what, conninfo)
            except Exception as exc:  # reported by finish(), not lost
                name = make_url(what).database if kind == "database" else what
                self.failed.append(f"{name}: {exc}")
            finally:
                self.queue.task_done()

    def _drop_role(self, name: str, conninfo: str) -> None:
        try:
            drop_role_now(name, conninfo)
        except psycopg.errors.DependentObjectsStillExist:
            with self.lock:
                self.deferred.append((name, conninfo))

    def _retry_roles(self) -> None:
        with self.lock:
            waiting, self.deferred = self.deferred, []
        for name, conninfo in waiting:
            self._drop_role(name, conninfo)

    def finish(self) -> None:
        """Wait until everything handed over is dropped; fail if something was not."""
        self.queue.join()  # the threads are idle now: the lists are this thread's
        for name, conninfo in self.deferred:
            try:
                drop_role_now(name, conninfo)
            except Exception as exc:
                self.failed.append(f"{name}: {exc}")
        self.deferred = []
        failed, self.failed = self.failed, []
        if failed:
            pytest.fail("test databases or roles left behind: " + "; ".join(failed))


#: Drop threads per test process.
DROP_THREADS = 4
LATER_DROPS = _LaterDrops()


def seed_central(url: str, count: int = 40) -> None:
    """Migrate and fill a central database with the demo week (two workers, five areas)."""
    from fieldkit.services import demo_setup

    db = open_database(url)
    try:
        demo_setup.write_demo(db, Settings(), WEEK, count, 49)
    finally:
        db.dispose()


def template_database() -> Iterator[str]:
    """A seeded central database (its name) to copy for each test; dropped afterwards.

    It ran ``central init`` (roles, row-level security, change log; "today" is NOW's day)
    and has one field account with a login role per worker (random names: roles are
    cluster-wide), so the tests sync as the worker's account (:func:`as_worker`).
    """
    url = create_database()
    seed_central(url)
    init_central(url)
    roles = [add_login(url, "field", worker=w) for w in (ANNA, MURAT)]
    yield str(make_url(url).database)
    drop_database(url)
    drop_logins(roles)  # they go after the copies and the template: those hold grants


def init_central(url: str, today: date | None = None) -> None:
    """Run ``central init`` on the database of ``url`` as its owner."""
    from fieldkit.sync.central_policies import init_central as init

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        init(conn, today=today or NOW.date())
    engine.dispose()


_TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def add_login(url: str, role: str, *, worker: str = "", team: str = "") -> str:
    """A fieldkit account with a PostgreSQL login role of the same (random) name in the group
    of ``role``; plain SQL until central_roles is implemented. Returns the role name."""
    from fieldkit.sync.central_roles import GROUP_ROLES

    name = f"fk_t_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        wid = conn.scalar(sa.text("SELECT id FROM outreach_worker WHERE name = :n"), {"n": worker})
        conn.execute(
            sa.text(f"CREATE ROLE {name} LOGIN PASSWORD 'test' IN ROLE {GROUP_ROLES[role]}")
        )
        conn.execute(
            eng.table("account").insert(),
            {
                "id": uuid.uuid4(),
                "name": name,
                "name_key": name,
                "full_name": "",
                "role": role,
                "team": team,
                "worker_id": wid,
                "caseworker": "",
                # The role's password, so a laptop that pulled this account can log in with it.
                "password_hash": _TEST_HASHER.hash("test"),
                "failed_logins": 0,
                "disabled": False,
                "created_at": NOW,
                "updated_at": NOW,
                "device_id": "",
            },
        )
    engine.dispose()
    return name


def drop_logins(names: list[str]) -> None:
    """Drop test login roles soon, once no database names them (:class:`_LaterDrops`)."""
    for name in names:
        LATER_DROPS.put_role(name)


def login_url(url: str, name: str) -> str:
    """``url`` logged in as the login role ``name``."""
    return make_url(url).set(username=name, password="test").render_as_string(hide_password=False)


def as_worker(url: str, worker: str) -> str:
    """``url`` logged in as the field account of ``worker`` (made by the template)."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        name = conn.scalar(
            sa.text(
                "SELECT a.name_key FROM account a JOIN outreach_worker w ON w.id = a.worker_id "
                "WHERE w.name = :w AND a.role = 'field' AND a.name_key LIKE 'fk\\_t\\_%' "
                "ORDER BY a.name_key LIMIT 1"
            ),
            {"w": worker},
        )
    engine.dispose()
    return login_url(url, str(name)) if name else url


def central_copy(template: str) -> Iterator[str]:
    """A test's own central database, a copy of ``template``; dropped afterwards."""
    url = create_database(template)
    yield url
    drop_database(url)


def new_laptop(path: Path) -> Database:
    """A fresh, migrated laptop database at ``path``."""
    return open_database(str(path))


def copy_laptop(src: Database, dest: Path) -> Database:
    """A copy of a laptop's database file (the source is closed first)."""
    source = Path(str(make_url(src.url).database))
    src.dispose()
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copy(str(source) + suffix, str(dest) + suffix)
    return open_database(str(dest))


def record_field_work(db: Database, visits: int = 12, drafts: int = 2) -> dict[str, int]:
    """Final visits with notes and tasks, a correction, drafts, a check, a placement, a stop."""
    made = {"visit": 0, "case_note": 0, "task": 0}
    with db.session() as session:
        flags = list(session.scalars(sa.select(Flag).order_by(Flag.id)))
        assert flags, "the laptop has no flags; pull first"
        plan = RoutePlan(visit_week=str(WEEK), planned_at=NOW)
        route = Route(plan=plan, day=WEEK.day(2))
        session.add(plan)
        first: Visit | None = None
        for i in range(visits):
            flag = flags[i % len(flags)]
            visit = Visit(
                flag_id=flag.id,
                customer_id=flag.customer_id,
                visited_at=NOW + timedelta(minutes=i),
                outcome="met" if i % 2 else "not_met",
                details={"n": i, "text": "Haustür, Übergabe"},
                note=f"Notiz {i}",
                state="final",
            )
            session.add(visit)
            session.flush()
            first = first or visit
            session.add(
                CaseNote(customer_id=flag.customer_id, visit_id=visit.id, text="V", state="final")
            )
            session.add(Task(customer_id=flag.customer_id, visit_id=visit.id, title=f"Aufgabe {i}"))
            made["visit"] += 1
            made["case_note"] += 1
            made["task"] += 1
        assert first is not None
        correction = Visit(
            flag_id=first.flag_id,
            customer_id=first.customer_id,
            visited_at=first.visited_at,
            outcome="met",
            note="Korrektur",
            state="final",
            supersedes_id=first.id,
        )
        session.add(correction)
        made["visit"] += 1
        for i in range(drafts):
            flag = flags[-1 - i]
            session.add(
                Visit(
                    flag_id=flag.id,
                    customer_id=flag.customer_id,
                    visited_at=NOW,
                    state="draft",
                )
            )
        session.add(PrepCheck(flag_id=flags[0].id, eakte_checked=True, checked_at=NOW))
        session.add(
            ManualPlacement(key=f"74072|heilbronn|weg|{uuid.uuid4().hex[:6]}", lat=49.1, lon=9.2)
        )
        session.add(
            RouteStop(route=route, flag_id=flags[1].id, seq=1, status="done", status_at=NOW)
        )
        session.add(RouteStop(route=route, flag_id=flags[2].id, seq=2))
    return made


# The data a sync must keep equal; the audit log is left out on purpose: every run, even a
# refused one, adds its own entry (issue 14; tests/test_audit.py checks those rows).
SNAPSHOT_TABLES = (
    *(s.table for s in eng.PUSH if s.mode != "stop_status" and s.table != "audit_log"),
    "sync_stop_status",
)


def snapshot(url_or_engine: Any, tables: tuple[str, ...] = SNAPSHOT_TABLES) -> dict[str, Any]:
    """Every row of ``tables`` by id with a hash of its content (bookkeeping columns ignored)."""
    engine = sa.create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    out: dict[str, Any] = {}
    skip = frozenset({"updated_at", "created_at"})
    with engine.connect() as conn:
        for name in tables:
            t = eng.table(name)
            out[name] = sorted(
                (str(r.id), content_hash(dict(r._mapping), skip))
                for r in conn.execute(sa.select(t))
            )
        t = eng.table("sync_conflict")
        out["sync_conflict"] = sorted(str(r.id) for r in conn.execute(sa.select(t.c.id)))
    if isinstance(url_or_engine, str):
        engine.dispose()
    return out


def confirmed_set(db: Database) -> set[tuple[str, str]]:
    """(table, id) of everything the laptop knows the central store has (audit entries left
    out: each run makes its own, see SNAPSHOT_TABLES)."""
    r = eng.table("sync_record")
    with db.engine.connect() as conn:
        rows = conn.execute(sa.select(r).where(r.c.record_table != "audit_log"))
        return {(row.record_table, str(row.record_id)) for row in rows}


def today() -> date:
    """The tests' today."""
    return NOW.date()


def test_pg_tests_fail_under_ci_without_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDKIT_TEST_PG", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run"):
        pg_admin_url()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        pg_admin_url()
