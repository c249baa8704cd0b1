"""Back office: how long the inbox, the follow-up list and the report take on a big team.

    .venv/bin/python bench/office.py [flags]
    .venv/bin/python bench/office.py --report 200000

Writes N flagged customers (one team, 4 caseworkers) with a final visit, Vermerk and task
each into a temporary SQLite file, then prints the median of 5 runs for: a caseworker's
open inbox, a team lead's inbox, the follow-up list, and the report for all weeks.
With ``--report N`` it times ``fieldkit office-report`` over N visits and prints its peak
memory (issue 21: under 3 s and under 200 MB for 200,000).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from fieldkit.services import office_followup, office_inbox, office_reports
from fieldkit.services.office import Identity
from fieldkit.store.db import open_database
from fieldkit.store.models import Address, CaseNote, Caseworker, Customer, Flag, Task, Visit

NOW = datetime(2026, 12, 4, tzinfo=UTC)
COMMON = {"created_at": NOW, "updated_at": NOW, "device_id": "bench"}


def build(path: Path, n: int, chunk: int = 5000) -> None:
    """N customers with flag, final visit, Vermerk and task, written in bulk (in chunks, so
    200,000 do not need gigabytes here)."""
    db = open_database(str(path))
    cws = [{"id": uuid.uuid4(), "name": f"IFK {i}", "team": "521", **COMMON} for i in range(4)]
    with db.session() as session:
        session.execute(insert(Caseworker), cws)
    for start in range(0, n, chunk):
        rows = _rows(range(start, min(n, start + chunk)), cws)
        with db.session() as session:
            for model, values in rows.items():
                session.execute(insert(model), values)
    db.dispose()


def _rows(numbers: range, cws: list[dict[str, object]]) -> dict[type, list[dict[str, object]]]:
    now, common = NOW, COMMON
    rows: dict[type, list[dict[str, object]]] = {
        Customer: [], Address: [], Flag: [], Visit: [], CaseNote: [], Task: [],
    }  # fmt: skip
    for i in numbers:
        cid, fid, vid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        cw = cws[i % 4]["id"]
        week = f"2026-W{40 + i % 9:02d}"
        visited = datetime(2026, 10, 1, 9, tzinfo=UTC) + timedelta(hours=i)
        rows[Customer].append(
            {
                "id": cid,
                "kundennummer": f"962D{i:06d}",
                "nachname": f"N{i}",
                "vorname": "T",
                "geburtsdatum": date(1980, 1, 1),
                "telefon": "",
                "langzeitarbeitslos": False,
                "team": "521",
                "caseworker_id": cw,
                **common,
            }
        )
        rows[Address].append(
            {
                "id": uuid.uuid4(),
                "customer_id": cid,
                "strasse": "Weg",
                "hausnummer": "1",
                "plz": "74072",
                "ort": "Heilbronn",
                "adresszusatz": "",
                "geo_source": "",
                "geo_precision": "",
                **common,
            }
        )
        rows[Flag].append(
            {
                "id": fid,
                "customer_id": cid,
                "visit_week": week,
                "flagged_at": now,
                "status": "eligible",
                "reasons": [],
                "sinnhaftigkeit": "x",
                "appointment_place": "",
                "appointment_at": visited + timedelta(days=7),
                "open_cooperation": [],
                "hints": "",
                "override_reason": "",
                "override_by": "",
                "source_fingerprint": "",
                "window_start": "",
                "window_end": "",
                "priority": 0,
                **common,
            }
        )
        rows[Visit].append(
            {
                "id": vid,
                "flag_id": fid,
                "customer_id": cid,
                "visited_at": visited,
                "outcome": "met" if i % 2 else "not_met",
                "details": {},
                "note": "",
                "complex_case": i % 9 == 0,
                "benefits_hint": "Hinweis" if i % 7 == 0 else "",
                "state": "final",
                **common,
            }
        )
        rows[CaseNote].append(
            {
                "id": uuid.uuid4(),
                "customer_id": cid,
                "visit_id": vid,
                "text": "Vermerk " * 20,
                "state": "final",
                **common,
            }
        )
        rows[Task].append({"id": uuid.uuid4(), "customer_id": cid, "caseworker_id": cw,
            "visit_id": vid, "title": "Ergebnis", "text": "Text", **common})  # fmt: skip
    return rows


def median_ms(fn: object) -> float:
    """Median wall time of 5 calls in milliseconds."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report_figures(path: Path) -> dict[str, float]:
    """``fieldkit office-report`` as a user runs it (its own process: wall time, peak RSS),
    and the report alone in this process (peak of Python allocations by tracemalloc)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "fieldkit", "office-report", "--db", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_mb = usage.ru_maxrss / 1024  # Linux: KiB
    cpu = usage.ru_utime + usage.ru_stime  # the wall time on an idle machine
    db = open_database(str(path))
    try:
        tracemalloc.start()
        with db.session() as session:
            rows = office_reports.report(session, Identity())
        traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    finally:
        db.dispose()
    assert sum(r.visited for r in rows) > 0
    assert done.stdout.count("\n") > 1
    return {"seconds": seconds, "cpu": cpu, "rss_mb": rss_mb, "traced_mb": traced_mb}


def main_report(n: int) -> None:
    """``bench/office.py --report N``: the office report over N visits, against its target
    (under 3 s and under 200 MB for 200,000 visits)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        start = time.perf_counter()
        build(path, n)
        built = time.perf_counter() - start
        figures = report_figures(path)
    print(f"office-report over {n} flagged customers with final visits (SQLite, built in "
          f"{built:.0f} s):")  # fmt: skip
    print(f"  fieldkit office-report, whole command   {figures['seconds']:8.2f} s   (target < 3 s)")
    print(f"  of which CPU time of that process       {figures['cpu']:8.2f} s   "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    print(
        f"  peak memory of that process (RSS)       {figures['rss_mb']:8.1f} MB  (target < 200 MB)"
    )
    print(f"  report() alone, Python allocations peak {figures['traced_mb']:8.1f} MB")


def main() -> None:
    """Build, measure, print."""
    if len(sys.argv) > 2 and sys.argv[1] == "--report":
        main_report(int(sys.argv[2]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        build(path, n)
        db = open_database(str(path))
        keller = Identity("office", "IFK 0", "521")
        lead = Identity("office", "Lead", "521", team_lead=True)
        now = datetime(2026, 12, 20, tzinfo=UTC)

        def run(fn: object, identity: Identity) -> object:
            with db.session() as session:
                return fn(session, identity)  # type: ignore[operator]

        figures = {
            "inbox, caseworker (open)": median_ms(lambda: run(office_inbox.list_items, keller)),
            "inbox, team lead (open)": median_ms(lambda: run(office_inbox.list_items, lead)),
            "follow-ups, team lead": median_ms(
                lambda: run(lambda s, i: office_followup.list_followups(s, i, now), lead)
            ),
            "report, team lead, all weeks": median_ms(lambda: run(office_reports.report, lead)),
        }
        db.dispose()
    print(f"{n} flagged customers with final visits (SQLite), median of 5 runs:")
    for name, ms in figures.items():
        print(f"  {name:32s} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
