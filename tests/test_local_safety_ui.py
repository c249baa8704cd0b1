"""The app's own windows keep its database safe (issue 21, items 1 and 11).

- No file dialog starts in the database's folder (a dialog lists and sniffs the files there,
  and opening and closing the database file drops SQLite's process-wide locks).
- A refused write in the visit form is a message box saying that nothing was saved; what was
  typed stays in the form and is saved on the next try.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit import paths
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Visit
from fieldkit.ui import safety
from fieldkit.ui.field import FieldWindow
from fieldkit.ui.office.reports import ReportWindow
from tests import source_trees
from tests.test_field_service import build_day
from tests.test_local_safety import read_only
from tests.test_office_reports import AFTER, LEAD

UI = Path(__file__).resolve().parents[1] / "src" / "fieldkit" / "ui"


@pytest.fixture
def data_db() -> Iterator[Database]:
    """The database where the app keeps it: in the data folder."""
    database = open_database(str(paths.data_dir() / "fieldkit.sqlite"))
    yield database
    database.dispose()


def test_no_window_calls_a_file_dialog_except_through_the_safe_helpers() -> None:
    offenders = []
    for module in sorted(UI.rglob("*.py")):
        if module.name == "safety.py":
            continue
        for node in source_trees.nodes(module):
            if isinstance(node, ast.Name | ast.Attribute) and "QFileDialog" in ast.unparse(node):
                offenders.append(f"{module.relative_to(UI)}:{node.lineno}")
    assert offenders == []


def test_dialog_folder_is_never_the_database_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    for db_folder, expected in (
        (tmp_path / "data", documents),  # the usual case
        (documents, home),  # someone keeps the database in Documents
        (home, documents),  # or in the home folder itself
    ):
        db_folder.mkdir(exist_ok=True)
        db = open_database(str(db_folder / "fieldkit.sqlite"))
        try:
            folder = safety.dialog_folder(db)
            assert folder != db_folder.resolve()
            assert folder == expected.resolve()
            start = Path(safety.start_path(db, "/etc/../x/Bericht.pdf"))
            assert start == expected.resolve() / "Bericht.pdf", "only the name is suggested"
        finally:
            db.dispose()
    shutil.rmtree(documents)  # no documents folder, the database in home: its parent, not home
    db = open_database(str(home / "fieldkit.sqlite"))
    try:
        assert safety.dialog_folder(db) == home.resolve().parent
    finally:
        db.dispose()


def test_report_export_dialog_does_not_open_in_the_data_folder(
    qtbot: QtBot, data_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def dialog(_parent: Any, _title: str, start: str, _pattern: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""  # cancelled: what a user does after the dialog sniffed the folder

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    window = ReportWindow(data_db, Settings(), lambda: AFTER, LEAD)
    qtbot.addWidget(window)
    assert window.export("pdf") is None
    assert len(asked) == 1
    start = Path(asked[0])
    assert start.name == "Bericht_Aufsuchende_Beratung.pdf"
    assert start.parent.resolve() != paths.data_dir().resolve()
    window.close()


def test_visit_form_says_nothing_was_saved_and_keeps_the_text(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(str(tmp_path / "field.sqlite"))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    try:
        route_id = build_day(db)
        clock = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
        window = FieldWindow(db, Settings(), clock, route_id, identity=UNRESTRICTED)
        qtbot.addWidget(window)
        window.show()
        window.open_visit()
        form = window.form
        form.begin()
        form.met.setChecked(True)
        form.flush()
        with read_only(db.engine):
            form.note_edit.setPlainText("KD wirkt motiviert")
            form.flush()
            assert len(said) == 1
            assert said[0].startswith("Nichts wurde gespeichert")
            assert form.isVisible(), "the form stays open"
            assert "Nichts wurde gespeichert" in form.problems.text()
        with db.session() as session:
            assert (session.scalars(select(Visit)).one().note or "") == ""
        form.flush()  # writable again: the next try saves what was typed
        with db.session() as session:
            assert session.scalars(select(Visit)).one().note == "KD wirkt motiviert"
        assert len(said) == 1
        window.close()
    finally:
        db.dispose()
