"""Office setup: how long ``fieldkit setup apply`` takes on a big but legal file, and how fast a
hostile 10 000-line file is refused.

    .venv/bin/python bench/setup.py [--caseworkers 500] [--workers 50] [--runs 3]

The legal file: an office, 20 branches, 100 teams, 500 caseworkers, 50 outreach workers
(each with an own start address and 3 areas) and 46 areas (one per municipality of the
district, weekdays Mo–Fr in turn). Printed (median of ``--runs``, seconds): reading and
checking the file (``parse_setup``), the first apply into an empty SQLite file, a second
apply of the same file (nothing changes), an apply that retires a tenth of the caseworkers,
``export``. The hostile files (10 000 lines each): every line an unknown key, every line a
caseworker naming an undefined team, and a 1 000-character team lead on every third line;
each must be refused (exit 1 from the real CLI, every problem on stderr) without a
traceback. A fourth, 2 500 areas that all list Flein on alternating weekdays, is about
10 000 lines too.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fieldkit.cli import main as cli
from fieldkit.domain.setup import SetupError, dump_setup
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.setup import apply_setup, current_setup
from fieldkit.store.db import open_database

DAYS = ("Mo", "Di", "Mi", "Do", "Fr")


def legal_file(caseworkers: int, workers: int) -> str:
    """A big setup file that ``apply`` accepts."""
    towns = sorted(m.name for m in Gazetteer.load().municipalities)
    out = [
        "[office]",
        'name = "Jobcenter Landkreis Heilbronn"',
        'street = "Musterweg 3"',
        'postcode = "74072"',
        'city = "Heilbronn"',
        'phone = "07131 000-0"',
        'state = "BW"',
        'flag_cutoff = "Do 16:00"',
    ]
    for b in range(20):
        out += ["", "[[branches]]", f'name = "Standort {b:02d}"', 'street = "Musterweg 3"']
        out += ['postcode = "74072"', 'city = "Heilbronn"']
    for t in range(100):
        out += ["", "[[teams]]", f'number = "{500 + t}"']
    for c in range(caseworkers):
        out += ["", "[[caseworkers]]", f'name = "Fachkraft {c:04d}"', f'team = "{500 + c % 100}"']
        out += [f'branch = "Standort {c % 20:02d}"', f'phone = "07131 000-{c:04d}"']
    for w in range(workers):
        areas = ", ".join(f'"Gebiet {towns[(w + k) % len(towns)]}"' for k in range(3))
        out += ["", "[[outreach_workers]]", f'name = "Außendienst {w:02d}"']
        out += ['days = ["Mo", "Di", "Mi", "Do", "Fr"]', 'start = "08:00"', 'end = "16:00"']
        out += [f'start_address = "Musterweg {w + 1}, 74072 Heilbronn"', f"areas = [{areas}]"]
    for i, town in enumerate(towns):
        out += ["", "[[areas]]", f'name = "Gebiet {town}"', f'weekdays = ["{DAYS[i % 5]}"]']
        out += [f'municipalities = ["{town}"]']
    return "\n".join(out) + "\n"


def hostile_files() -> dict[str, str]:
    """Three 10 000-line files that must be refused."""
    office = '[office]\nname = "X"\nstreet = "W 1"\npostcode = "74072"\ncity = "H"\nphone = "1"\n'
    office += 'state = "BW"\n'
    long_value = "x" * 1_000  # 3.3 MB in all: under the 4 MB limit, so every line is read
    return {
        "unknown_keys": office + "".join(f'key{i} = "v"\n' for i in range(10_000)),
        "undefined_teams": office
        + "".join(f'[[caseworkers]]\nname = "F {i}"\nteam = "T{i}"\n' for i in range(3_333)),
        "long_values": office
        + "".join(f'[[teams]]\nnumber = "{i}"\nlead = "{long_value}"\n' for i in range(3_333)),
        "town_in_many_areas": office
        + "".join(
            f'[[areas]]\nname = "G{i}"\nweekdays = ["{DAYS[i % 2]}"]\nmunicipalities = ["Flein"]\n'
            for i in range(2_500)
        ),
    }


def timed(action: Callable[[], object], runs: int) -> float:
    """Median seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_legal(folder: Path, caseworkers: int, workers: int, runs: int) -> dict[str, object]:
    text = legal_file(caseworkers, workers)
    setup = parse_setup(text)
    figures: dict[str, object] = {
        "lines": text.count("\n"),
        "bytes": len(text.encode()),
        "parse_and_check_s": timed(lambda: parse_setup(text), runs),
    }
    firsts, seconds, retires = [], [], []
    fewer = parse_setup(text)
    fewer.caseworkers = fewer.caseworkers[: len(fewer.caseworkers) * 9 // 10]
    for run in range(runs):
        db = open_database(str(folder / f"legal{run}.sqlite"))
        try:
            firsts.append(timed(lambda db=db: apply_setup(db, setup, identity=UNRESTRICTED), 1))  # type: ignore[misc]
            seconds.append(timed(lambda db=db: apply_setup(db, setup, identity=UNRESTRICTED), 1))  # type: ignore[misc]
            retires.append(timed(lambda db=db: apply_setup(db, fewer, identity=UNRESTRICTED), 1))  # type: ignore[misc]
            assert apply_setup(db, fewer, identity=UNRESTRICTED) == []
            export = timed(lambda db=db: dump_setup(current_setup(db)), 1)  # type: ignore[misc]
        finally:
            db.dispose()
    figures.update(
        first_apply_s=statistics.median(firsts),
        second_apply_nothing_changed_s=statistics.median(seconds),
        apply_retiring_a_tenth_s=statistics.median(retires),
        export_s=export,
    )
    return figures


def bench_hostile(folder: Path) -> dict[str, object]:
    figures: dict[str, object] = {}
    url = str(folder / "hostile.sqlite")
    for name, text in hostile_files().items():
        path = folder / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        try:
            parse_setup(text)
            problems = 0
        except SetupError as exc:
            problems = len(exc.problems)
        err = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli(["setup", "apply", str(path), "--db", url])
        seconds = time.perf_counter() - start
        assert code == 1, name
        assert "Traceback" not in err.getvalue(), name
        figures[name] = {
            "lines": text.count("\n"),
            "problems": problems,
            "stderr_lines": err.getvalue().count("\n"),
            "refused_s": round(seconds, 3),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--caseworkers", type=int, default=500)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        legal = bench_legal(folder, args.caseworkers, args.workers, args.runs)
        hostile = bench_hostile(folder)
    rounded = {k: round(v, 3) if isinstance(v, float) else v for k, v in legal.items()}
    print(json.dumps({"legal": rounded, "hostile": hostile}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
