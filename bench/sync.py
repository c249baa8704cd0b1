"""Push speed to PostgreSQL: N final visits, each with a case note and a task.

    FIELDKIT_TEST_PG=postgresql+psycopg://fieldkit@127.0.0.1:54329/postgres \\
        .venv/bin/python bench/sync.py [--repeat 3]

(``./dev test`` starts that server; or pass ``--admin URL``.) For 1,000 and 10,000 visits it
prints the median push time and the number of statements sent to the central database
(counted with a SQLAlchemy ``before_cursor_execute`` listener): they grow with the number of
batches, not with the number of records. Target: 10,000 visits in under 10 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from fieldkit.domain.week import IsoWeek
from fieldkit.services import demo_setup
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.sync import engine as eng
from fieldkit.sync import service

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
    admin_url: str, template: str, laptop_template: Path, n: int, folder: Path
) -> tuple[float, int]:
    """Push ``n`` visits (+ notes, tasks) once; seconds and statements sent to central."""
    url = new_central(admin_url, template)
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
        drop(admin_url, url)
    return seconds, statements


def main() -> None:
    """Print medians for 1,000 and 10,000 visits."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin", default=os.environ.get("FIELDKIT_TEST_PG", ""))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.admin:
        raise SystemExit("Set FIELDKIT_TEST_PG or pass --admin URL (a PostgreSQL server).")
    seeded = new_central(args.admin)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            db = open_database(seeded)
            demo_setup.write_demo(db, Settings(), IsoWeek.of(NOW.date()), 40, 49)
            db.dispose()
            laptop = open_database(str(folder / "template.sqlite"))
            service.sync_network(laptop, seeded, worker="Anna Berger", now=NOW)
            with laptop.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            laptop.dispose()
            template = str(make_url(seeded).database)
            print("visits  records  median s  statements to central  (batch size 1000)")
            for n in (1_000, 10_000):
                times, counts = [], []
                for _ in range(args.repeat):
                    seconds, statements = run_once(
                        args.admin, template, folder / "template.sqlite", n, folder
                    )
                    times.append(seconds)
                    counts.append(statements)
                print(
                    f"{n:6,d}  {3 * n:7,d}  {statistics.median(times):8.2f}  "
                    f"{statistics.median(counts):21,.0f}"
                )
        finally:
            drop(args.admin, seeded)


if __name__ == "__main__":
    main()
