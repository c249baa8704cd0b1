"""Field mode figures: how long one autosave commit, loading the day and re-planning take.

    .venv/bin/python bench/field.py

Prints medians. The autosave commit is what every checkbox click and every debounced text
change costs (one SQLite transaction in WAL mode); it bounds how much a kill can lose.

Then the cost of ``synchronous=FULL`` (the laptop's setting since issue 21: a finished visit
survives a power loss) against ``NORMAL``: the visit form's autosave commit, finishing a
visit, and — with ``FIELDKIT_TEST_PG`` set — a whole network sync (pull of the demo week,
then a push of 1,000 visits with notes and tasks).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_field_service import build_demo_day

from fieldkit.domain.permissions import ANYONE
from fieldkit.geo.settings import GeoSettings
from fieldkit.services import field
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database, open_database


def median_ms(fn: object, runs: int) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    """Build a demo day in a temporary database and time the field operations."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "bench.sqlite"))
        route_id = build_demo_day(db, 10)
        now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        with db.session() as s:
            day = field.load_day(s, route_id, identity=UNRESTRICTED)
        visit = field.start_visit(db, day.stops[0].stop_id, None, now, identity=UNRESTRICTED)
        counter = iter(range(10**6))
        commit = median_ms(
            lambda: field.update_visit(
                db, visit.id, {"note": f"Notiz {next(counter)}"}, identity=UNRESTRICTED
            ),
            200,
        )
        compose = median_ms(lambda: field.compose_note(db, visit.id, identity=UNRESTRICTED), 100)

        def load() -> None:
            with db.session() as s:
                field.load_day(s, route_id, identity=UNRESTRICTED)

        loading = median_ms(load, 50)

        def replan() -> None:
            with db.session() as s:
                data = field.replan_input(s, route_id, now)
            field.compute_replan(data, GeoSettings())

        replanning = median_ms(replan, 5)
        db.dispose()
    print(f"autosave commit (one field change): {commit:.2f} ms median of 200")
    print(f"Verbis-Vermerk proposal:            {compose:.2f} ms median of 100")
    print(f"load the day (10 stops, cards):     {loading:.2f} ms median of 50")
    print(f"re-plan 9 remaining stops:          {replanning:.0f} ms median of 5")


@contextmanager
def synchronous(db: Database, mode: str) -> Iterator[None]:
    """New connections of ``db`` run with ``PRAGMA synchronous=mode`` (after fieldkit's own)."""

    def apply(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA synchronous={mode}")

    db.engine.dispose()
    event.listen(db.engine, "connect", apply)
    try:
        with db.engine.connect() as conn:
            got = conn.execute(text("PRAGMA synchronous")).scalar()
        assert got == {"NORMAL": 1, "FULL": 2}[mode], got
        yield
    finally:
        event.remove(db.engine, "connect", apply)
        db.engine.dispose()


def form_costs(mode: str) -> tuple[float, float]:
    """Median autosave commit and finishing a visit, in ms, under ``mode``."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "bench.sqlite"))
        route_id = build_demo_day(db, 10)
        now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        with db.session() as s:
            stops = [
                stop.stop_id for stop in field.load_day(s, route_id, identity=UNRESTRICTED).stops
            ]
        with synchronous(db, mode):
            visit = field.start_visit(db, stops[0], None, now, identity=UNRESTRICTED)
            counter = iter(range(10**6))
            commit = median_ms(
                lambda: field.update_visit(
                    db, visit.id, {"note": f"Notiz {next(counter)}"}, identity=UNRESTRICTED
                ),
                200,
            )
            finishing = []
            for stop in stops[1:]:
                v = field.start_visit(db, stop, None, now, identity=UNRESTRICTED)
                field.update_visit(
                    db,
                    v.id,
                    {"outcome": "not_met", "not_met_reason": "nobody_opened"},
                    identity=UNRESTRICTED,
                )
                t0 = time.perf_counter()
                field.finish_visit(db, v.id, now, identity=UNRESTRICTED)
                finishing.append((time.perf_counter() - t0) * 1000)
        db.dispose()
    return commit, statistics.median(finishing)


def sync_seconds(mode: str, admin: str, folder: Path) -> float:
    """One network sync (pull, then a push of 1,000 visits) of a fresh laptop under ``mode``."""
    from bench.sync import drop, make_visits, new_central

    from fieldkit.domain.week import IsoWeek
    from fieldkit.services import demo_setup
    from fieldkit.settings import Settings
    from fieldkit.sync import service

    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    url = new_central(admin)
    try:
        central = open_database(url)
        demo_setup.write_demo(central, Settings(), IsoWeek.of(now.date()), 40, 49)
        central.dispose()
        folder.mkdir(exist_ok=True)
        laptop = open_database(str(folder / f"laptop-{mode}.sqlite"))
        with synchronous(laptop, mode):
            t0 = time.perf_counter()
            service.sync_network(laptop, url, worker="Anna Berger", now=now, identity=ANYONE)
            make_visits(laptop, 1000)
            service.sync_network(laptop, url, worker="Anna Berger", now=now, identity=ANYONE)
            seconds = time.perf_counter() - t0
        laptop.dispose()
    finally:
        drop(admin, url)
    return seconds


def main_synchronous() -> None:
    """Print what synchronous=FULL costs against NORMAL."""
    print("synchronous=FULL (now) against NORMAL (before issue 21), medians of 3 runs:")
    runs: dict[str, list[tuple[float, float]]] = {"NORMAL": [], "FULL": []}
    for _ in range(3):  # alternating, so a busy moment of the machine hits both
        for mode in runs:
            runs[mode].append(form_costs(mode))
    for i, what in enumerate(("visit form autosave commit", "finishing a visit")):
        normal = statistics.median(r[i] for r in runs["NORMAL"])
        full = statistics.median(r[i] for r in runs["FULL"])
        print(
            f"  {what:28s} NORMAL {normal:7.2f} ms   FULL {full:7.2f} ms   "
            f"({full - normal:+.2f} ms)"
        )
    admin = os.environ.get("FIELDKIT_TEST_PG", "")
    if not admin:
        print("  network sync: skipped (set FIELDKIT_TEST_PG to a PostgreSQL server)")
        return
    times: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(3):
            for mode in times:
                times[mode].append(sync_seconds(mode, admin, Path(tmp) / f"{run}"))
    normal, full = statistics.median(times["NORMAL"]), statistics.median(times["FULL"])
    what = "sync: pull + push 1,000"
    print(f"  {what:28s} NORMAL {normal:7.2f} s    FULL {full:7.2f} s    ({full - normal:+.2f} s)")


if __name__ == "__main__":
    main()
    main_synchronous()
