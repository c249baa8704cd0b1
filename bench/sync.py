"""Push speed to PostgreSQL: N final visits, each with a case note and a task.

    FIELDKIT_TEST_PG=postgresql+psycopg://fieldkit@127.0.0.1:54329/postgres \\
        .venv/bin/python bench/sync.py [--repeat 3]

(``./dev test`` starts that server; or pass ``--admin URL``.) For 1,000 and 10,000 visits it
prints the median push time and the number of statements sent to the central database
(counted with a SQLAlchemy ``before_cursor_execute`` listener): they grow with the number of
batches, not with the number of records. Target: 10,000 visits in under 10 s.

Then the offline transfer (issue 15): the 10,000-visit push file (export on the laptop +
import centrally) and the pull file of a 300-customer week (export centrally + import on the
laptop), each sealed (encrypted + signed) beside the same pipeline with sealing replaced by
plain zlib (``--files-only`` skips the network figures). Target: sealed within 50 % of plain.

Then the central database's row-level security (issue 15): on a copy that ran ``central
init``, the 10,000-visit push and the network sync of a fresh laptop (the pull of a
300-customer week) as Anna's field login role, beside the same as the owner (``--rls-only``
runs only this). Target: through RLS within 50 % of the owner's time.

``--tls`` (issue 15) runs the same on a throw-away cluster with ``ssl = on`` on 127.0.0.1
(``bench/tls_server.py``: initdb, a self-signed certificate made at bench time): the owner
without TLS beside Anna's field login through RLS **and** ``sslmode=verify-full``. Never in
the tests' path. Needs the PostgreSQL server programs (``initdb``, ``pg_ctl``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from fieldkit.domain.permissions import ANYONE
from fieldkit.domain.week import IsoWeek
from fieldkit.services import demo_setup
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.sync import engine as eng
from fieldkit.sync import sealing, service

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _admin(url: str) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")


def new_central(admin_url: str, template: str | None = None) -> str:
    """A new database (optionally copied from ``template``); its URL."""
    name = f"fk_bench_{uuid.uuid4().hex[:10]}"
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.execute(
            sa.text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        )
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop(admin_url: str, url: str) -> None:
    """Drop the database of ``url``."""
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)"))
    admin.dispose()


def make_visits(db: Database, n: int) -> None:
    """``n`` final visits with a note and a task each, written in one go (Core)."""
    with db.engine.begin() as conn:
        flags = list(
            conn.execute(sa.select(eng.table("flag").c.id, eng.table("flag").c.customer_id))
        )
        visits: list[dict[str, Any]] = []
        notes: list[dict[str, Any]] = []
        tasks: list[dict[str, Any]] = []
        for i in range(n):
            flag_id, customer_id = flags[i % len(flags)]
            stamp = NOW + timedelta(seconds=i)
            common = {"created_at": stamp, "updated_at": stamp, "device_id": db.device_id}
            vid = uuid.uuid4()
            visits.append(
                {
                    "id": vid,
                    "flag_id": flag_id,
                    "customer_id": customer_id,
                    "worker_id": None,
                    "visited_at": stamp,
                    "outcome": "met" if i % 2 else "not_met",
                    "not_met_reason": None,
                    "details": {"door": "opened", "n": i},
                    "note": "Einladung persönlich übergeben, Arbeitsbündnis angesprochen.",
                    "complex_case": False,
                    "benefits_hint": "",
                    "state": "final",
                    "supersedes_id": None,
                    "route_stop_id": None,
                    **common,
                }
            )
            notes.append(
                {
                    "id": uuid.uuid4(),
                    "customer_id": customer_id,
                    "visit_id": vid,
                    "text": "Vermerk: Kunde angetroffen, Termin übergeben.",
                    "state": "final",
                    "supersedes_id": None,
                    "transferred_at": None,
                    **common,
                }
            )
            tasks.append(
                {
                    "id": uuid.uuid4(),
                    "customer_id": customer_id,
                    "caseworker_id": None,
                    "visit_id": vid,
                    "title": "Rückmeldung Hausbesuch",
                    "text": "Bitte Termin im Blick behalten.",
                    "due_date": None,
                    "done_at": None,
                    **common,
                }
            )
        conn.execute(eng.table("visit").insert(), visits)
        conn.execute(eng.table("case_note").insert(), notes)
        conn.execute(eng.table("task").insert(), tasks)


def run_once(
    admin_url: str,
    template: str,
    laptop_template: Path,
    n: int,
    folder: Path,
    login: str = "",
    secure: Callable[[str], str] | None = None,
) -> tuple[float, int]:
    """Push ``n`` visits (+ notes, tasks) once; seconds and statements sent to central.
    ``login``: connect as that login role (row-level security) instead of the owner;
    ``secure``: how that login's URL asks for TLS (``--tls``)."""
    made = new_central(admin_url, template)
    url = _as(made, login, secure)
    path = folder / f"laptop-{uuid.uuid4().hex[:6]}.sqlite"
    path.write_bytes(laptop_template.read_bytes())
    db = open_database(str(path))
    make_visits(db, n)
    central = sa.create_engine(url)
    statements = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    sa.event.listen(central, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        report = service.push(db.engine, central, now=NOW, batch_size=1000)
        seconds = time.perf_counter() - started
        assert report.pushed["visit"] == n, report.pushed
        assert report.pushed["case_note"] == n
        assert report.pushed["task"] == n
    finally:
        central.dispose()
        db.dispose()
        drop(admin_url, made)
    return seconds, statements


def _as(url: str, login: str, secure: Callable[[str], str] | None = None) -> str:
    if not login:
        return url
    url = make_url(url).set(username=login, password="bench").render_as_string(False)
    return secure(url) if secure is not None else url


def rls_template(admin_url: str, seeded: str) -> tuple[str, str]:
    """A copy of ``seeded`` that ran ``central init``, with a field login role for Anna
    (random name: roles are cluster-wide). Returns (database URL, role name)."""
    from fieldkit.sync.central_policies import init_central
    from fieldkit.sync.central_roles import GROUP_ROLES

    url = new_central(admin_url, str(make_url(seeded).database))
    role = f"fk_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        init_central(conn, today=NOW.date())
        conn.execute(
            sa.text(f"CREATE ROLE {role} LOGIN PASSWORD 'bench' IN ROLE {GROUP_ROLES['field']}")
        )
        worker = conn.scalar(sa.text("SELECT id FROM outreach_worker WHERE name = 'Anna Berger'"))
        conn.execute(
            eng.table("account").insert(),
            {
                "id": uuid.uuid4(),
                "name": role,
                "name_key": role,
                "full_name": "",
                "role": "field",
                "team": "",
                "worker_id": worker,
                "caseworker": "",
                "password_hash": "-",
                "failed_logins": 0,
                "disabled": False,
                "created_at": NOW,
                "updated_at": NOW,
                "device_id": "",
            },
        )
    engine.dispose()
    return url, role


def pull_once(
    admin_url: str,
    template: str,
    folder: Path,
    login: str,
    secure: Callable[[str], str] | None = None,
) -> tuple[float, int]:
    """A fresh laptop's first network sync for Anna (the week's pull): seconds, customers."""
    made = new_central(admin_url, template)
    db = open_database(str(folder / f"fresh-{uuid.uuid4().hex[:6]}.sqlite"))
    try:
        started = time.perf_counter()
        report = service.sync_network(
            db, _as(made, login, secure), worker="Anna Berger", now=NOW, identity=ANYONE
        )
        seconds = time.perf_counter() - started
    finally:
        db.dispose()
        drop(admin_url, made)
    return seconds, report.pulled.get("customer", 0)


def rls(
    admin_url: str,
    seeded: str,
    laptop: Path,
    folder: Path,
    repeat: int,
    secure: Callable[[str], str] | None = None,
) -> None:
    """Print push and pull medians as the owner and through row-level security (and
    ``secure``: the field login through verified TLS)."""
    url, role = rls_template(admin_url, seeded)
    template = str(make_url(url).database)
    got: dict[str, list[tuple[float, float, int]]] = {"": [], role: []}
    try:
        if secure is not None:
            print(f"field login's connection: {_tls_of(_as(url, role, secure))}")
        for _ in range(repeat):
            for login in ("", role):  # interleaved, so load drifts hit both alike
                push_s, _n = run_once(admin_url, template, laptop, 10_000, folder, login, secure)
                pull_s, customers = pull_once(admin_url, template, folder, login, secure)
                got[login].append((push_s, pull_s, customers))
    finally:
        drop(admin_url, url)
        admin = _admin(admin_url)
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
    customers = got[role][0][2]
    assert customers == got[""][0][2], "RLS must pull what the owner's selection pulls"
    head = "field+TLS s" if secure is not None else "field s"
    print(f"\ncentral RLS         owner s  {head}  field/owner")
    for i, label in ((0, "push 10,000 visits"), (1, f"pull {customers} customers")):
        owner = statistics.median(r[i] for r in got[""])
        field = statistics.median(r[i] for r in got[role])
        print(f"{label:18s}  {owner:7.2f}  {field:7.2f}  {field / owner:11.2f}")


def _tls_of(url: str) -> str:
    """What the server says of this connection's TLS (proof the figures went through it)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.text("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).one()
    finally:
        engine.dispose()
    return f"TLS {row.version} {row.cipher}" if row.ssl else "no TLS"


@contextlib.contextmanager
def plain_sealing() -> Iterator[None]:
    """Sealing replaced by zlib alone (no keys, no AES, no signature): the baseline."""
    seal, unseal = sealing.seal, sealing.unseal

    def plain_seal(kind: str, data: bytes, sealer: Any) -> tuple[dict[str, Any], bytes]:
        ids = {
            "signer": sealing.key_id(sealing.public_hex(sealer.sign)),
            "recipient": sealing.key_id(sealer.recipient),
        }
        head = {"format": sealing.FORMAT, "version": sealing.VERSION, "kind": kind}
        return {**head, **ids}, zlib.compress(data, 6)  # same key lookup on reading

    def plain_unseal(_m: Any, data: bytes, _o: Any, _n: str, _limit: int) -> bytes:
        return zlib.decompress(data)

    sealing.seal, sealing.unseal = plain_seal, plain_unseal  # type: ignore[assignment]
    try:
        yield
    finally:
        sealing.seal, sealing.unseal = seal, unseal


def files_once(
    admin_url: str, template: str, laptop_template: Path, folder: Path, *, sealed: bool
) -> tuple[float, float, int]:
    """10,000 visits through a push file, then a pull file: seconds of each, pulled rows."""
    url = new_central(admin_url, template)
    path = folder / f"laptop-{uuid.uuid4().hex[:6]}.sqlite"
    path.write_bytes(laptop_template.read_bytes())
    db = open_database(str(path))
    make_visits(db, 10_000)
    push, pull = folder / "push.zip", folder / "pull.zip"
    worker = "Anna Berger"
    try:
        with contextlib.nullcontext() if sealed else plain_sealing():
            started = time.perf_counter()
            service.export_push(db, push, now=NOW, identity=ANYONE)
            report = service.import_push(url, push, now=NOW, identity=ANYONE)
            push_s = time.perf_counter() - started
            assert report.pushed["visit"] == 10_000, report.pushed
            started = time.perf_counter()
            service.export_pull(
                url, pull, worker=worker, device=db.device_id, now=NOW, identity=ANYONE
            )
            pulled = service.import_pull(db, pull, now=NOW, identity=ANYONE)
            pull_s = time.perf_counter() - started
    finally:
        db.dispose()
        drop(admin_url, url)
    return push_s, pull_s, pulled.pulled.get("customer", 0)


def files(admin_url: str, template: str, laptop: Path, folder: Path, repeat: int) -> None:
    """Print the file transfer medians, sealed beside plain."""
    print("\nfile transfer       plain s  sealed s  sealed/plain")
    got: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
    for _ in range(repeat):
        for sealed in (False, True):  # interleaved, so load drifts hit both alike
            got[sealed].append(files_once(admin_url, template, laptop, folder, sealed=sealed))
    customers = got[True][0][2]
    for i, label in ((0, "push 10,000 visits"), (1, f"pull {customers} customers")):
        plain = statistics.median(r[i] for r in got[False])
        sealed_s = statistics.median(r[i] for r in got[True])
        print(f"{label:18s}  {plain:7.2f}  {sealed_s:8.2f}  {sealed_s / plain:12.2f}")


def main() -> None:
    """Print medians for 1,000 and 10,000 visits, then the file transfer."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin", default=os.environ.get("FIELDKIT_TEST_PG", ""))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files-only", action="store_true")
    parser.add_argument("--rls-only", action="store_true")
    parser.add_argument("--tls", action="store_true", help="RLS through verified TLS (own cluster)")
    # The demo gives Anna about 62 % of the customers: 480 makes her week about 300.
    parser.add_argument("--customers", type=int, default=480)
    args = parser.parse_args()
    if args.tls:
        from tls_server import tls_server  # type: ignore[import-not-found]  # bench/ folder

        with tls_server() as server:
            print(f"throw-away cluster with ssl = on: {make_url(server.plain_url).port}")
            bench(server.plain_url, args, secure=server.tls)
        return
    if not args.admin:
        raise SystemExit("Set FIELDKIT_TEST_PG or pass --admin URL (a PostgreSQL server).")
    bench(args.admin, args)


def bench(admin: str, args: argparse.Namespace, secure: Callable[[str], str] | None = None) -> None:
    """Seed a central database and a laptop, then run what ``args`` asks for."""
    seeded = new_central(admin)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            db = open_database(seeded)
            demo_setup.write_demo(db, Settings(), IsoWeek.of(NOW.date()), args.customers, 49)
            db.dispose()
            laptop = open_database(str(folder / "template.sqlite"))
            service.sync_network(laptop, seeded, worker="Anna Berger", now=NOW, identity=ANYONE)
            with laptop.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            laptop.dispose()
            template = str(make_url(seeded).database)
            laptop_file = folder / "template.sqlite"
            if args.files_only:
                files(admin, template, laptop_file, folder, args.repeat)
                return
            if args.rls_only or secure is not None:
                rls(admin, seeded, laptop_file, folder, args.repeat, secure)
                return
            print("visits  records  median s  statements to central  (batch size 1000)")
            for n in (1_000, 10_000):
                times, counts = [], []
                for _ in range(args.repeat):
                    seconds, statements = run_once(admin, template, laptop_file, n, folder)
                    times.append(seconds)
                    counts.append(statements)
                print(
                    f"{n:6,d}  {3 * n:7,d}  {statistics.median(times):8.2f}  "
                    f"{statistics.median(counts):21,.0f}"
                )
            files(admin, template, laptop_file, folder, args.repeat)
            rls(admin, seeded, laptop_file, folder, args.repeat)
        finally:
            drop(admin, seeded)


if __name__ == "__main__":
    main()
