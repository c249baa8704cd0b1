"""Field mode figures: how long one autosave commit, loading the day and re-planning take.

    .venv/bin/python bench/field.py

Prints medians. The autosave commit is what every checkbox click and every debounced text
change costs (one SQLite transaction in WAL mode); it bounds how much a kill can lose.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_field_service import build_demo_day

from fieldkit.geo.settings import GeoSettings
from fieldkit.services import field
from fieldkit.store.db import open_database


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
            day = field.load_day(s, route_id)
        visit = field.start_visit(db, day.stops[0].stop_id, None, now)
        counter = iter(range(10**6))
        commit = median_ms(
            lambda: field.update_visit(db, visit.id, {"note": f"Notiz {next(counter)}"}), 200
        )
        compose = median_ms(lambda: field.compose_note(db, visit.id), 100)

        def load() -> None:
            with db.session() as s:
                field.load_day(s, route_id)

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


if __name__ == "__main__":
    main()
