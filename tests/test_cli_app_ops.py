"""The command line writes through the application layer (issue 19, item 1).

An office is set up from an empty database with the CLI alone (setup apply, import, rules
verify, geocode, plan), then the same week's route sheets are printed once by ``fieldkit
print`` and once by the app's print dialog: both are the operation ``app.ops.print_week``, so
they write the same audit entry (who, device, action, week, file name and pages).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from fieldkit.cli import main
from fieldkit.commands import now
from fieldkit.services import audit
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.printing import PrintingFeature
from tests.conftest import SPEC_DATA

SETUP = Path(__file__).resolve().parent / "data" / "setup-office.toml"
FLAGS = SPEC_DATA / "sample-week.csv"
WEEK = "2026-W49"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def office_from_empty(capsys: pytest.CaptureFixture[str], file: Path) -> list[str]:
    """A planned week in a new database, written by the CLI only; its ``--db`` arguments."""
    db = ["--db", str(file)]
    assert not file.exists()
    code, out, err = run(capsys, "setup", "apply", str(SETUP), *db)
    assert code == 0, err
    assert "Setup applied" in out
    assert run(capsys, "import", str(FLAGS), *db)[0] == 0
    code, out, _ = run(capsys, "rules", "list", "--json", *db)
    assert code == 0
    for rule_set in json.loads(out):
        assert run(capsys, "rules", "verify", rule_set["name"], "--by", "Frau Keller", *db)[0] == 0
    assert run(capsys, "geocode", "--week", WEEK, *db)[0] == 0
    code, out, err = run(capsys, "plan", "--week", WEEK, "--steps", "300", "--json", *db)
    assert code == 0, err
    assert json.loads(out)["planned"] > 0
    return db


def print_entries(db: Database, action: str = audit.PRINT) -> list[dict[str, str]]:
    """The print (or preview) entries of the log, oldest first, without their time."""
    with db.session() as session:
        found = audit.entries(session, UNRESTRICTED, audit.Filters(action=action))
        rows = [audit.as_dict(entry) for entry in reversed(found)]
    for row in rows:
        del row["at"]
    return rows


def actions(db: Database) -> list[str]:
    with db.session() as session:
        return [e.action for e in reversed(audit.entries(session, UNRESTRICTED))]


def test_the_cli_and_the_print_dialog_name_the_same_pdf_in_the_audit_log(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "office.sqlite"
    args = office_from_empty(capsys, file)
    db = open_database(str(file))
    try:
        # The CLI's writes were logged as the app's operations log them.
        written = actions(db)
        for action in (audit.SETUP, audit.IMPORT, audit.GEOCODE, audit.PLAN):
            assert action in written, (action, written)
        assert print_entries(db) == []

        # The app: the main window on this database, its print dialog, route sheets.
        state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(db, Settings.load(), state, now)
        qtbot.addWidget(window)
        window.week_combo.setCurrentIndex(window.week_combo.findData(WEEK))
        assert window.current_week() == WEEK
        dialog = window.features.get_as("printing", PrintingFeature).open_print()
        assert dialog is not None
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog._job is None, timeout=30000)
        dialog.set_selection("routes")
        qtbot.waitUntil(lambda: dialog._job is None, timeout=30000)
        assert dialog.pdf_path is not None
        # The dialog's PDF is a preview until it goes to a printer (test_printing_ui).
        assert print_entries(db) == []
        previews = print_entries(db, audit.PREVIEW)
        (by_app,) = [e for e in previews if e["detail"].startswith("Routenblätter ")]
        name = dialog.pdf_path.name
        dialog.close()

        # The CLI: the same kind and week into a file of the same name elsewhere.
        out = tmp_path / "cli"
        out.mkdir()
        code, stdout, err = run(
            capsys, "print", "routes", "--week", WEEK, "-o", str(out / name), *args
        )
        assert code == 0, err
        assert f"written: {out / name}" in stdout
        assert (out / name).read_bytes().startswith(b"%PDF")
        (by_cli,) = print_entries(db)
        assert by_cli["action"] == audit.PRINT
        assert by_app["action"] == audit.PREVIEW
        assert {**by_cli, "action": ""} == {**by_app, "action": ""}  # who, what, week, pages
        assert by_cli["object_id"] == WEEK
        assert by_cli["detail"].startswith(f"Routenblätter {WEEK}: {name}, ")
        assert "Seiten" in by_cli["detail"]
        assert "Berger" not in by_cli["detail"]  # no worker's name in the log
    finally:
        db.dispose()


def test_a_refused_cli_print_writes_no_audit_entry_and_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "office.sqlite"
    args = office_from_empty(capsys, file)
    target = tmp_path / "nichts.pdf"
    # A week without flags: nothing to print, one sentence, no entry, no file.
    code, _, err = run(capsys, "print", "routes", "--week", "2031-W02", "-o", str(target), *args)
    assert code == 1
    assert "Traceback" not in err
    assert err.startswith("fieldkit: ")
    assert err.count("\n") == 1
    assert not target.exists()
    db = open_database(str(file))
    try:
        assert print_entries(db) == []
    finally:
        db.dispose()
