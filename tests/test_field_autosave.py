"""Never lose data: field mode killed mid-entry keeps everything committed, and reloads it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import open_database
from fieldkit.store.models import Visit
from fieldkit.ui.field import FieldWindow
from tests.test_field_service import build_day

CHILD = textwrap.dedent(
    """
    import sys, uuid
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from fieldkit.services.office import UNRESTRICTED
    from fieldkit.settings import Settings
    from fieldkit.store.db import open_database
    from fieldkit.ui.field import FieldWindow

    app = QApplication([])
    db = open_database(sys.argv[1])
    clock = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    window = FieldWindow(db, Settings(), clock, uuid.UUID(sys.argv[2]), identity=UNRESTRICTED)
    window.show()
    window.open_visit()
    form = window.form
    QTest.keyClick(form.begin_button, Qt.Key.Key_Space)
    QTest.keyClick(form.met, Qt.Key.Key_Space)
    QTest.keyClick(form.checks["legal_consequences"], Qt.Key.Key_Space)
    note = form.texts["note"]
    note.setFocus()
    for char in "KD wirkt motiviert":
        QTest.keyClicks(note, char)
        QTest.qWait(15)
    QTest.qWait(600)  # longer than the 300 ms debounce: this much is surely committed
    print("COMMITTED", flush=True)
    while True:  # still typing when the process is killed
        QTest.keyClicks(note, "x")
        QTest.qWait(25)
    """
)


@pytest.mark.slow
def test_sigkill_mid_entry_loses_nothing_committed(qtbot: QtBot, tmp_path: Path):
    path = tmp_path / "kill.sqlite"
    db = open_database(str(path))
    route_id = build_day(db)
    db.dispose()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), str(route_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "COMMITTED", "the child did not get to the form"
        time.sleep(0.4)  # mid-entry: the child keeps typing
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    db = open_database(str(path))
    try:
        with db.session() as session:
            visit = session.scalars(select(Visit)).one()
            assert visit.state == "draft"
            assert visit.outcome == "met"
            assert visit.details["legal_consequences"] is True
            assert visit.note.startswith("KD wirkt motiviert")
            stored_note = visit.note
        # On the next start the form is as it was.
        clock = lambda: datetime(2026, 12, 1, 9, 45, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
        window = FieldWindow(db, Settings(), clock, route_id, identity=UNRESTRICTED)
        qtbot.addWidget(window)
        window.show()
        form = window.form
        assert form.met.isChecked()
        assert form.checks["legal_consequences"].isChecked()
        assert form.note_edit.toPlainText() == stored_note
        assert form.when.dateTime().time().hour() == 9
        assert form.when.dateTime().time().minute() == 30, "the visit keeps its first time"
        window.close()
    finally:
        db.dispose()
