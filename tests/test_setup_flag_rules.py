"""The recorded office's federal state and flag cutoff (office setup) decide the flag-list
check of ``fieldkit check``, ``fieldkit import`` and the import dialog; without an office the
settings do (the fallback).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek, flag_deadline, flag_deadline_text
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.setup import apply_setup, recorded_rules
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Flag
from fieldkit.ui.import_dialog import ImportDialog
from tests.conftest import SPEC_DATA

SETUP = Path(__file__).resolve().parent / "data" / "setup-office.toml"
SAMPLE = SPEC_DATA / "sample-week.csv"
#: Corpus Christi 2027 is Thursday 27 May: a public holiday in BW, a working day in HH.
CORPUS_CHRISTI = "27.05.2027 10:00"
#: Wednesday 25 November 2026, 13:00: after a "Mi 12:00" cutoff, before "Do 16:00".
WEDNESDAY_1300 = "25.11.2026 13:00"


def _flag_list(tmp_path: Path, flagged_at: str) -> Path:
    """The contract's sample list, first row only, flagged at ``flagged_at``."""
    header, first = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    cells = first.split(";")
    cells[header.split(";").index("vorgemerkt_am")] = flagged_at
    path = tmp_path / "flags.csv"
    path.write_text(header + "\n" + ";".join(cells) + "\n", encoding="utf-8")
    return path


def _office_db(tmp_path: Path, *replacements: tuple[str, str]) -> str:
    text = SETUP.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    tmp_path.mkdir(exist_ok=True)
    url = str(tmp_path / "office.sqlite")
    db = open_database(url)
    try:
        apply_setup(db, parse_setup(text), identity=UNRESTRICTED)
    finally:
        db.dispose()
    return url


def _checked_week(capsys: pytest.CaptureFixture[str], flags: Path, *db: str) -> str:
    assert main(["check", str(flags), "--json", *db]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    (row,) = report["rows"]
    return str(row["visit_week"])


def test_the_offices_state_decides_whether_a_thursday_is_a_holiday(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    flags = _flag_list(tmp_path, CORPUS_CHRISTI)
    # BW (the setup's state): the deadline was Wednesday, so Thursday 10:00 is late.
    bw = _office_db(tmp_path / "bw", ('state = "BW"', 'state = "BW"'))
    assert _checked_week(capsys, flags, "--db", bw) == "2027-W23"
    # HH: Thursday is a working day, 10:00 is in time for the next week.
    hh = _office_db(tmp_path / "hh", ('state = "BW"', 'state = "HH"'))
    assert _checked_week(capsys, flags, "--db", hh) == "2027-W22"
    # The settings say BW but the office says HH: the office wins, also for the import.
    assert main(["import", str(flags), "--db", hh]) == 0
    capsys.readouterr()
    db = open_database(hh)
    try:
        with db.session() as session:
            assert [f.visit_week for f in session.scalars(select(Flag))] == ["2027-W22"]
    finally:
        db.dispose()


def test_a_wednesday_noon_cutoff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    flags = _flag_list(tmp_path, WEDNESDAY_1300)
    # Without an office (a database that does not exist yet): the settings, Thursday 16:00.
    missing = tmp_path / "none.sqlite"
    assert _checked_week(capsys, flags, "--db", str(missing)) == "2026-W49"
    assert not missing.exists()  # checking does not create a database
    url = _office_db(tmp_path, ('flag_cutoff = "Do 16:00"', 'flag_cutoff = "Mi 12:00"'))
    assert _checked_week(capsys, flags, "--db", url) == "2026-W50"
    early = _flag_list(tmp_path, "25.11.2026 11:59")
    assert _checked_week(capsys, early, "--db", url) == "2026-W49"


def test_recorded_rules_fall_back_to_the_settings(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "empty.sqlite"))
    try:
        settings = Settings().replace("rules", federal_state="BY", office_hours_end="15:00")
        assert recorded_rules(db, settings) == settings.section("rules", RulesSettings)
        apply_setup(
            db,
            parse_setup(SETUP.read_text(encoding="utf-8").replace("Do 16:00", "Mi 12:00")),
            identity=UNRESTRICTED,
        )
        rules = recorded_rules(db, settings)
    finally:
        db.dispose()
    assert (rules.federal_state, rules.flag_deadline_weekday, rules.office_hours_end) == (
        "BW",
        3,
        "12:00",
    )
    week = IsoWeek(2026, 49)
    assert flag_deadline(week, rules).isoformat() == "2026-11-25T12:00:00+01:00"
    assert "Mittwoch 25.11., 12:00 Uhr" in flag_deadline_text(week, rules)
    # A broken weekday setting falls back to Thursday.
    broken = RulesSettings(flag_deadline_weekday=9)
    assert flag_deadline(week, broken).isoformat() == "2026-11-26T16:00:00+01:00"


def test_the_import_dialog_judges_by_the_office(qtbot: QtBot, tmp_path: Path) -> None:
    url = _office_db(tmp_path, ('flag_cutoff = "Do 16:00"', 'flag_cutoff = "Mi 12:00"'))
    flags = _flag_list(tmp_path, WEDNESDAY_1300)
    db: Database = open_database(url)
    try:
        dialog = ImportDialog(
            db, Settings(), file_chooser=lambda _parent: str(flags), identity=UNRESTRICTED
        )
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.check_file(flags)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
        assert dialog.report is not None
        assert [str(r.visit_week) for r in dialog.report.rows] == ["2026-W50"]
        assert dialog.preview.index(0, 3).data() is not None
        assert "50" in str(dialog.preview.index(0, 3).data())
    finally:
        dialog.close()
        db.dispose()
