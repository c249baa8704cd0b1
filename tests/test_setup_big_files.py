"""A big legal setup applies, and a 10 000-line hostile one is refused line by line, nothing
written (their timings are printed by bench/setup.py; tests never assert times)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.setup import apply_setup, is_empty_office
from fieldkit.store.db import open_database
from fieldkit.store.models import Caseworker
from tests.bench_scripts import bench_module

BENCH = bench_module("setup")  # bench/setup.py builds the files for the bench and the tests


@pytest.mark.parametrize("name", ["unknown_keys", "undefined_teams", "long_values"])
def test_a_hostile_10000_line_file_is_refused_with_every_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    text = BENCH.hostile_files()[name]
    assert text.count("\n") >= 10_000
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    url = str(tmp_path / "office.sqlite")
    assert main(["setup", "apply", str(path), "--db", url]) == 1
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if line.startswith(f"{path}:")]
    assert len(problems) >= 3_333
    assert "Traceback" not in err
    assert max(len(line) for line in err.splitlines()) < 400  # long values are cut
    lines = {int(line[len(str(path)) + 1 :].split(":", 1)[0]) for line in problems}
    assert max(lines) > 9_000  # the lines are the real ones, down to the end of the file
    db = open_database(url)
    try:
        assert is_empty_office(db)
    finally:
        db.dispose()


def test_a_big_legal_file_applies_and_reapplies_to_nothing(tmp_path: Path) -> None:
    setup = parse_setup(BENCH.legal_file(500, 50))
    db = open_database(str(tmp_path / "office.sqlite"))
    try:
        assert len(apply_setup(db, setup, identity=UNRESTRICTED)) == 1 + 20 + 100 + 500 + 50 + 46
        assert apply_setup(db, setup, identity=UNRESTRICTED) == []
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Caseworker)) == 500
    finally:
        db.dispose()
