"""Geo store benchmark: importing 200,000 address points into SQLite, geocoding 10,000 flags.

The same synthetic data as ``bench/geo.py`` (fixed seed), but through the database services:
``import_addresses`` (read + check + one transaction) and ``geocode_week`` (index from the
stored points, DB cache, writing every address back in batches). Each repeat uses a fresh
SQLite file. Target from issue 4: geocoding the week < 5 s.
Run: ``.venv/bin/python bench/geo_db.py`` — prints one JSON object.
"""

from __future__ import annotations

import csv
import json
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from _load import bench_module
from fieldkit.geo.normalize import Address as GeoAddress
from fieldkit.services import geocoding
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Address, Customer, Flag

REPEATS = 3
WEEK = "2026-W49"


def _bench_geo() -> Any:
    # Reuse the data generator of bench/geo.py so both benchmarks measure the same input.
    return bench_module("geo")


def write_csv(path: Path, points: list[Any]) -> None:
    """The points as an OpenStreetMap-style CSV."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["street", "housenumber", "postcode", "city", "lat", "lon"])
        writer.writerows(
            (p.street, p.housenumber, p.postcode, p.city, f"{p.lat:.7f}", f"{p.lon:.7f}")
            for p in points
        )


def add_flags(db: Database, queries: list[GeoAddress]) -> None:
    """One flagged customer per query address, written in bulk."""
    now = datetime.now(UTC)
    customers, addresses, flags = [], [], []
    for i, q in enumerate(queries):
        cid = uuid.uuid4()
        common = {"created_at": now, "updated_at": now, "device_id": db.device_id}
        customers.append(
            {
                "id": cid,
                "kundennummer": f"900B{i:06d}",
                "nachname": "Bench",
                "vorname": "Testa",
                "geburtsdatum": date(1980, 1, 1),
                **common,
            }
        )
        addresses.append(
            {
                "id": uuid.uuid4(),
                "customer_id": cid,
                "strasse": q.street,
                "hausnummer": q.housenumber,
                "plz": q.postcode,
                "ort": q.city,
                **common,
            }
        )
        flags.append(
            {
                "id": uuid.uuid4(),
                "customer_id": cid,
                "visit_week": WEEK,
                "flagged_at": now,
                "status": "eligible",
                "reasons": [],
                "open_cooperation": [],
                **common,
            }
        )
    with db.session() as session:
        session.execute(insert(Customer), customers)
        session.execute(insert(Address), addresses)
        session.execute(insert(Flag), flags)


def main() -> None:
    """Run the benchmark and print the figures as JSON."""
    geo = _bench_geo()
    rng = random.Random(geo.SEED)
    gaz = geocoding.gazetteer()
    points = geo.make_points(gaz, rng)
    queries = geo.make_queries(points, gaz, rng)
    import_times: list[float] = []
    geocode_times: list[float] = []
    rerun_times: list[float] = []
    summary = None
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "adressen.csv"
        write_csv(csv_path, points)
        for run in range(REPEATS):
            db = open_database(str(Path(tmp) / f"bench{run}.sqlite"))
            try:
                add_flags(db, queries)
                start = time.perf_counter()
                imported = geocoding.import_addresses(db, csv_path, identity=UNRESTRICTED)
                import_times.append(time.perf_counter() - start)
                assert imported.points == len(points)
                start = time.perf_counter()
                summary = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
                geocode_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
                rerun_times.append(time.perf_counter() - start)
            finally:
                db.dispose()
    assert summary is not None
    print(
        json.dumps(
            {
                "address_points": len(points),
                "flagged_addresses": len(queries),
                "import_median_s": round(statistics.median(import_times), 3),
                "geocode_week_median_s": round(statistics.median(geocode_times), 3),
                "geocode_week_rerun_median_s": round(statistics.median(rerun_times), 3),
                "geocode_target_s": 5.0,
                "by_precision": summary.by_precision,
                "runs": {
                    "import_s": [round(t, 3) for t in import_times],
                    "geocode_s": [round(t, 3) for t in geocode_times],
                    "rerun_s": [round(t, 3) for t in rerun_times],
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
