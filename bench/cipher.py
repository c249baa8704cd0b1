"""What the encrypted laptop database costs (issue 14, item 2): encrypted against plain.

    FIELDKIT_TEST_PG=postgresql+psycopg://fieldkit@127.0.0.1:54329/postgres \\
        .venv/bin/python bench/cipher.py [--repeat 3] [--plan-seconds 2]

On the complete demo (``fieldkit demo --complete``: two weeks, geocoded, planned, visit
results), one plain copy and one made by ``fieldkit db encrypt``, it prints medians of:

- opening the database (``open_database`` with the migration check; for the encrypted one
  with the login: Argon2id unwrap of the key, then SQLCipher). Target: < 1 s beyond plain.
- sealed key slots: an account's slot material (Argon2id + X25519, at each password set),
  sealing the key to it (no Argon2id), opening a sealed entry, a wrong password counted in
  the key file (Argon2id + an atomic write).
- planning the demo week (``planning.plan_and_store``, a fixed solver time limit, so the
  difference is the database's part). Target: within 15 %.
- with ``FIELDKIT_TEST_PG``: pushing 10,000 final visits with a note and a task each to a
  central PostgreSQL database (as ``bench/sync.py``). Target: within 15 %. Also writing those
  30,000 records into the laptop database beforehand (where SQLCipher's cost shows most).

Two CPU cores shared with other work make the figures rough; run it on an idle machine for
numbers to quote.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sync import drop, make_visits, new_central

from fieldkit.domain.permissions import ANYONE
from fieldkit.domain.week import IsoWeek
from fieldkit.services import demo_setup, planning
from fieldkit.services.demo_world import write_demo_world
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store import cipher
from fieldkit.store.db import Database, open_database
from fieldkit.store.encrypt import encrypt_database
from fieldkit.sync import service

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ACCOUNT, PASSWORD = "bench", "bench passwort 1"


def median_s(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn()`` in seconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def copy_database(source: Path, target: Path) -> Path:
    """``source`` (and its key file, if any) as ``target``."""
    shutil.copyfile(source, target)
    if cipher.key_file(source).exists():
        shutil.copyfile(cipher.key_file(source), cipher.key_file(target))
    return target


def open_db(path: Path) -> Database:
    """Open as the app does: an encrypted file after the login (unwrap, then SQLCipher)."""
    return cipher.open_for(str(path), ACCOUNT, PASSWORD)


def demo_pair(folder: Path, plan_seconds: float) -> tuple[Path, Path]:
    """The complete demo as a plain file and as an encrypted copy of it."""
    plain = folder / "plain.sqlite"
    db = open_database(str(plain))
    write_demo_world(db, Settings(), NOW, count=40, plan_seconds=plan_seconds)
    db.dispose()
    encrypted = copy_database(plain, folder / "encrypted.sqlite")
    encrypt_database(encrypted, ACCOUNT, PASSWORD)
    return plain, encrypted


def bench_open(pair: tuple[Path, Path], runs: int) -> None:
    """Opening (with the login for the encrypted one); also the unwrap alone."""
    figures = [median_s(lambda p=p: open_db(p).dispose(), runs) for p in pair]  # type: ignore[misc]
    unwrap = median_s(lambda: cipher.unlock(pair[1], ACCOUNT, PASSWORD), runs)
    print(
        f"open the demo database     plain {figures[0]:6.3f} s   encrypted+login "
        f"{figures[1]:6.3f} s   beyond plain {figures[1] - figures[0]:+6.3f} s "
        f"(target < 1 s; the Argon2id unwrap alone {unwrap:.3f} s)"
    )


def bench_slots(encrypted: Path, runs: int) -> None:
    """Sealed key slots and the failure counter: computing an account's slot material (at
    each password set), sealing the key to it, opening a sealed entry, a counted failure."""
    key = cipher.unlock(encrypted, ACCOUNT, PASSWORD)
    material = cipher.slot_material(PASSWORD)
    make = median_s(lambda: cipher.slot_material(PASSWORD), runs)
    seal = median_s(lambda: cipher.add_sealed_account(encrypted, key, "feld", material), runs)
    opened = median_s(lambda: cipher.unlock(encrypted, "feld", PASSWORD), runs)

    def wrong() -> None:
        with contextlib.suppress(cipher.CipherError):
            cipher.unlock(encrypted, "feld", "falsch")
        cipher.add_sealed_account(encrypted, key, "feld", material)  # no lock builds up

    failed = median_s(wrong, runs) - seal
    print(
        f"sealed key slots           slot material {make:.3f} s   seal {seal * 1000:.1f} ms   "
        f"open a sealed entry {opened:.3f} s   a counted wrong password {failed:.3f} s"
    )


def bench_plan(pair: tuple[Path, Path], runs: int, seconds: float) -> None:
    """Planning the demo's next week, solver limited to ``seconds``."""
    next_week = str(IsoWeek.of(NOW.date()).next())
    figures = []
    for path in pair:
        db = open_db(path)
        try:
            settings = Settings()
            figures.append(
                median_s(
                    lambda db=db, s=settings: planning.plan_and_store(  # type: ignore[misc]
                        db, next_week, s, time_limit=seconds, identity=UNRESTRICTED
                    ),
                    runs,
                )
            )
        finally:
            db.dispose()
    _compare(f"plan {next_week} ({seconds:g} s solver)", figures)


def bench_sync(admin: str, folder: Path, runs: int, n: int = 10_000) -> None:
    """Push ``n`` visits (+ notes, tasks) from a plain and from an encrypted laptop."""
    seeded = new_central(admin)
    try:
        db = open_database(seeded)
        demo_setup.write_demo(db, Settings(), IsoWeek.of(NOW.date()), 40, 49)
        db.dispose()
        laptop = folder / "laptop.sqlite"
        db = open_database(str(laptop))
        service.sync_network(db, seeded, worker="Anna Berger", now=NOW, identity=ANYONE)
        db.dispose()
        encrypted = copy_database(laptop, folder / "laptop-encrypted.sqlite")
        encrypt_database(encrypted, ACCOUNT, PASSWORD)
        template = str(make_url(seeded).database)
        runs_of: tuple[list[tuple[float, float]], ...] = ([], [])
        for _ in range(runs):  # interleaved, so a busy minute of the machine hits both alike
            for laptop_file, times in zip((laptop, encrypted), runs_of, strict=True):
                times.append(push_once(admin, template, laptop_file, n, folder))
    finally:
        drop(admin, seeded)
    _compare(f"write {n:,d} visits locally", [statistics.median(r[0] for r in x) for x in runs_of])
    _compare(f"push {n:,d} visits", [statistics.median(r[1] for r in x) for x in runs_of])


def push_once(admin: str, template: str, laptop: Path, n: int, folder: Path) -> tuple[float, float]:
    """Write ``n`` fresh visits into a copy of ``laptop``, push them into a fresh central
    copy; the seconds of both."""
    url = new_central(admin, template)
    path = copy_database(laptop, folder / f"run-{uuid.uuid4().hex[:6]}.sqlite")
    db = open_db(path)
    started = time.perf_counter()
    make_visits(db, n)
    written = time.perf_counter() - started
    central = sa.create_engine(url)
    try:
        started = time.perf_counter()
        report = service.push(db.engine, central, now=NOW, batch_size=1000)
        seconds = time.perf_counter() - started
        assert report.pushed["visit"] == n, report.pushed
    finally:
        central.dispose()
        db.dispose()
        drop(admin, url)
    return written, seconds


def _compare(what: str, figures: list[float]) -> None:
    """One line: both medians and the difference in per cent."""
    plain, encrypted = figures
    print(
        f"{what:26s} plain {plain:6.3f} s   encrypted       {encrypted:6.3f} s   "
        f"{(encrypted / plain - 1) * 100:+6.1f} % (target within 15 %)"
    )


def main() -> None:
    """Print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin", default=os.environ.get("FIELDKIT_TEST_PG", ""))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plan-seconds", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pair = demo_pair(folder, args.plan_seconds)
        bench_open(pair, max(5, args.repeat))
        bench_slots(pair[1], max(5, args.repeat))
        bench_plan(pair, args.repeat, args.plan_seconds)
        if args.admin:
            bench_sync(args.admin, folder, args.repeat)
        else:
            print("push: skipped (set FIELDKIT_TEST_PG or pass --admin URL)")


if __name__ == "__main__":
    main()
