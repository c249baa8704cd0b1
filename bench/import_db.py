"""Benchmark: check and import a flag list of 10,000 rows into a fresh SQLite file.

    python bench/import_db.py [--rows 10000] [--runs 3]

Prints the median seconds of check, import and both, and a re-import of the same file
(which must change nothing). Target (issue 3): check + import well under 5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from fieldkit.services import demo, flaglist
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import open_database


def main() -> None:
    """Run the benchmark and print one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    checks, imports, reimports = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "big.csv"
        csv_path.write_text(demo.flag_list_csv(date(2026, 11, 30), args.rows, seed=7), "utf-8")
        for run in range(args.runs):
            db = open_database(str(Path(tmp) / f"run{run}.sqlite"))
            t0 = time.perf_counter()
            report = flaglist.check(csv_path, settings, identity=UNRESTRICTED)
            t1 = time.perf_counter()
            result = flaglist.import_report(db, report, identity=UNRESTRICTED)
            t2 = time.perf_counter()
            again = flaglist.import_report(
                db, flaglist.check(csv_path, settings, identity=UNRESTRICTED), identity=UNRESTRICTED
            )
            t3 = time.perf_counter()
            db.dispose()
            assert result.created == args.rows, result
            assert again.unchanged == args.rows, again
            checks.append(t1 - t0)
            imports.append(t2 - t1)
            reimports.append(t3 - t2)
    total = [c + i for c, i in zip(checks, imports, strict=True)]
    print(
        json.dumps(
            {
                "rows": args.rows,
                "runs": args.runs,
                "check_median_s": round(statistics.median(checks), 3),
                "import_median_s": round(statistics.median(imports), 3),
                "check_plus_import_median_s": round(statistics.median(total), 3),
                "reimport_unchanged_median_s": round(statistics.median(reimports), 3),
                "target_s": 5.0,
            }
        )
    )


if __name__ == "__main__":
    main()
