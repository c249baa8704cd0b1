"""Benchmark: read and judge a 10,000-row flag list as CSV and as XLSX.

Prints the median seconds of a few runs of ``check_file`` (the rules engine and reader only;
the database import comes on top). Run: ``.venv/bin/python bench/import_check.py [rows] [runs]``.
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

import openpyxl

from fieldkit.domain.settings import RulesSettings
from fieldkit.importing import check_file

HEADER = [
    "kundennummer", "nachname", "vorname", "geburtsdatum", "strasse", "hausnummer", "plz", "ort",
    "adresszusatz", "telefon", "hb", "team", "langzeitarbeitslos", "vorgemerkt_am",
    "einladung1_datum", "einladung1_rfb", "einladung1_erschienen",
    "einladung2_datum", "einladung2_rfb", "einladung2_erschienen",
    "anruf1", "anruf2", "sinnhaftigkeit", "termin", "termin_ort", "offene_mitwirkung", "hinweise",
]  # fmt: skip

# Invented, obviously synthetic names.
SURNAMES = ["Musterfrau", "Beispiel", "Probe", "Testmann", "Platzhalter", "Fiktiv", "Erdacht"]
FIRST = ["Anna", "Bert", "Cora", "Dario", "Ella", "Fynn", "Greta", "Hugo", "Ida", "Jan"]
STREETS = ["Musterweg", "Beispielstraße", "Probegasse", "Testallee", "Am Platzhalter"]
PLACES = [("74172", "Neckarsulm"), ("74906", "Bad Rappenau"), ("75031", "Eppingen")]


def synthetic_rows(n: int, seed: int = 7) -> list[list[str]]:
    """``n`` plausible rows; about one in ten has a gap in its chain."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        inv1 = date(2026, 9, 1) + timedelta(days=rnd.randrange(30))
        inv2 = inv1 + timedelta(days=21)
        call1 = datetime.combine(inv2 + timedelta(days=7), datetime.min.time()) + timedelta(hours=9)
        call2 = call1 + timedelta(days=rnd.choice([0, 2, 3]), hours=rnd.choice([1, 5]))
        flagged = datetime.combine(date(2026, 11, 23), time_of_day(8)) + timedelta(
            minutes=rnd.randrange(60 * 24 * 5)
        )
        plz, ort = rnd.choice(PLACES)
        rows.append([
            f"962D{i:06d}", rnd.choice(SURNAMES), rnd.choice(FIRST),
            f"{rnd.randrange(1, 28):02d}.{rnd.randrange(1, 13):02d}.{rnd.randrange(1960, 2006)}",
            rnd.choice(STREETS), str(rnd.randrange(1, 120)), plz, ort, "", "",
            "Frau Beispiel", "521", rnd.choice(["ja", "nein"]), f"{flagged:%d.%m.%Y %H:%M}",
            f"{inv1:%d.%m.%Y}", "nein", "nein", f"{inv2:%d.%m.%Y}", "ja", "nein",
            f"{call1:%d.%m.%Y %H:%M}", f"{call2:%d.%m.%Y %H:%M}",
            rnd.choice(["Kontakt aufbauen", ""]), "10.12.2026 09:00", "Jobcenter", "", "",
        ])  # fmt: skip
    return rows


def median_seconds(path: Path, runs: int) -> float:
    """Median wall time of ``check_file`` over ``runs`` runs."""
    rules = RulesSettings()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = check_file(path, rules)
        times.append(time.perf_counter() - start)
    assert len(report.rows) > 0
    return statistics.median(times)


def main() -> None:
    """Write the files, time them, print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rows = synthetic_rows(n)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "liste.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(HEADER)
            writer.writerows(rows)
        xlsx_path = Path(tmp) / "liste.xlsx"
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        wb.save(xlsx_path)
        report = check_file(csv_path, RulesSettings())
        print(f"rows: {n}, runs: {runs}, summary: {report.summary}")
        print(f"check_file CSV : median {median_seconds(csv_path, runs):.3f} s")
        print(f"check_file XLSX: median {median_seconds(xlsx_path, runs):.3f} s")


if __name__ == "__main__":
    main()
