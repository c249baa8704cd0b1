"""Bench: 300 invitations with customer packages in one duplex batch PDF.

Run: .venv/bin/python bench/printing.py [--letters 300] [--repeat 3]
Prints two medians; the target is well under 10 s on the 2-core reference machine:

* core: the batch rendered from sample letters built in memory;
* store: a demo database with ``--letters`` flagged customers, read by
  ``services.printing.load_week_print`` and written by ``services.printing.render`` to a
  file (atomic), as the app and ``fieldkit print batch`` do. The database is built once,
  outside the timing.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from fieldkit.domain.week import IsoWeek
from fieldkit.printing import render_day_batch
from fieldkit.printing.samples import sample_letter
from fieldkit.services import printing as sp
from fieldkit.services.demo_setup import write_demo
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Flag

WEEK = IsoWeek.parse("2026-W49")


def _print_everyone(db: Database) -> None:
    """Release the demo's blocked customers and give everyone an appointment, so every
    flagged customer gets a letter (the bench measures printing, not the rules)."""
    with db.session() as session:
        for flag in session.scalars(select(Flag)):
            if flag.status == "blocked":
                flag.override_reason = "Bench"
            if flag.appointment_at is None:
                flag.appointment_at = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)


def bench_store(letters: int, repeat: int) -> None:
    """Build a demo database with ``letters`` flagged customers; time load + render."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "bench.sqlite"))
        write_demo(db, Settings(), WEEK, count=letters, seed=7)
        _print_everyone(db)
        loads: list[float] = []
        totals: list[float] = []
        pages = printed = 0
        for _ in range(repeat):
            start = time.perf_counter()
            selection = sp.load_week_print(
                db, str(WEEK), today=date(2026, 11, 30), identity=UNRESTRICTED
            )
            loaded = time.perf_counter()
            result = sp.render(selection, "batch", Path(tmp) / "batch.pdf", identity=UNRESTRICTED)
            end = time.perf_counter()
            loads.append(loaded - start)
            totals.append(end - start)
            pages, printed = result.page_count, len(selection.letters)
        db.dispose()
    print(
        f"store: demo list of {letters} rows, {printed} customers flagged for {WEEK} printed, "
        f"{pages} pages; median {statistics.median(totals):.2f} s "
        f"(of which reading the store {statistics.median(loads):.2f} s; "
        f"min {min(totals):.2f} s, max {max(totals):.2f} s, {repeat} runs)"
    )


def main() -> None:
    """Render the batch ``--repeat`` times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    letters = [sample_letter(i, with_rfb=i % 3 != 0) for i in range(args.letters)]
    times: list[float] = []
    size = pages = 0
    for _ in range(args.repeat):
        buf = io.BytesIO()
        start = time.perf_counter()
        manifest = render_day_batch(letters, include_packages=True, out=buf)
        times.append(time.perf_counter() - start)
        size, pages = len(buf.getvalue()), manifest.page_count
    print(
        f"core: {args.letters} invitations + packages: {pages} pages, {size / 1e6:.1f} MB; "
        f"median {statistics.median(times):.2f} s (min {min(times):.2f} s, "
        f"max {max(times):.2f} s, {args.repeat} runs)"
    )
    bench_store(args.letters, args.repeat)


if __name__ == "__main__":
    main()
