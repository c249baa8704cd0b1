"""Printing is an operation (issue 19, item 1): a print says ``Changes(audit=True)``, the
*Protokoll* window follows it while open, and a refused or failed print writes no audit row
and no PDF and says one sentence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain import roles
from fieldkit.domain.changes import AUDITED, Changes
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.errors import FieldkitError
from fieldkit.printing.layout import Cancelled
from fieldkit.services import audit
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.services.printing import PrintingError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database, open_database
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.printing import PrintingFeature
from fieldkit.ui.setup import SetupFeature
from tests.factories import add_flagged, verify_rule_sets
from tests.test_printing_store import _office

W49 = "2026-W49"
NOW = datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
ADMIN = Identity(account="verwaltung", account_role=roles.ADMIN)  # may not print


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "print-op.sqlite"))
    _office(database)
    add_flagged(database, "962D000002", "Öztürk & <b>Söhne</b>", "Flein")
    add_flagged(database, "962D000001", "O'Brien-Müller", "Eppingen")
    verify_rule_sets(database)
    yield database
    database.dispose()


def context(db: Database, identity: Identity = UNRESTRICTED) -> AppContext:
    return AppContext(db, SettingsStore(Settings()), lambda: NOW, identity)


def prints(db: Database, action: str = audit.PRINT) -> int:
    with db.session() as session:
        return audit.count(session, [action])


def test_a_print_writes_its_pdf_and_says_it_added_an_audit_entry(
    db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "einladungen.pdf"
    done = ops.print_week(context(db), W49, "invitations", out)
    assert done.changes == AUDITED
    assert done.changes == Changes(audit=True)
    assert not done.changes.touches_week(W49)
    assert done.value.path == out
    assert out.read_bytes().startswith(b"%PDF")
    assert done.value.result.page_count > 0
    assert prints(db) == 1
    with db.session() as session:
        (entry,) = audit.entries(session, UNRESTRICTED, audit.Filters(action=audit.PRINT))
        assert entry.object_id == W49
        assert "einladungen.pdf" in entry.detail
        assert "Öztürk" not in entry.detail
        assert "O'Brien" not in entry.detail


@pytest.mark.parametrize(
    ("identity", "kind", "week", "error"),
    [
        (ADMIN, "invitations", W49, PermissionDenied),  # refused: the role may not print
        (UNRESTRICTED, "routes", W49, PrintingError),  # no stored plan: no route sheets
        (UNRESTRICTED, "invitations", "2026-W01", PrintingError),  # nobody flagged that week
        (UNRESTRICTED, "<script>", W49, PrintingError),  # hostile kind
        (UNRESTRICTED, "invitations", "x" * 100_000, PrintingError),  # huge week label
    ],
)
def test_a_refused_or_failed_print_writes_no_pdf_and_no_audit_row(
    db: Database, tmp_path: Path, identity: Identity, kind: str, week: str, error: type
) -> None:
    out = tmp_path / "nicht.pdf"
    with pytest.raises(error) as caught:
        ops.print_week(context(db, identity), week, kind, out)
    assert isinstance(caught.value, FieldkitError)
    sentence = caught.value.message("de")
    assert sentence
    assert "\n" not in sentence
    assert "Traceback" not in sentence
    assert not out.exists()
    assert prints(db) == 0


def test_a_cancelled_print_leaves_no_half_file_and_no_audit_row(
    db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "abgebrochen.pdf"
    with pytest.raises(Cancelled):
        ops.print_week(context(db), W49, "batch", out, cancelled=lambda: True)
    assert not out.exists()
    assert list(tmp_path.glob("*.pdf")) == []
    assert prints(db) == 0


def test_the_open_audit_window_shows_a_print_without_reopening(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, Settings(), state, lambda: NOW)
    qtbot.addWidget(window)
    log = window.features.get_as("setup", SetupFeature).open_audit_log()
    before = log.model.rowCount()
    assert "gedruckt" not in [log.model.index(r, 3).data() for r in range(before)]
    seen: list[Changes] = []
    window.events.changed.connect(seen.append)

    dialog = window.features.get_as("printing", PrintingFeature).open_print()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._job is None, timeout=20000)
    assert dialog.pdf_path is not None
    assert "Seiten" in dialog.info.text()
    assert seen == [AUDITED], "the print went through the window's op runner"
    assert log.isVisible()
    assert log.model.rowCount() == before + 1, "the same window, read again"
    assert log.model.index(0, 3).data() == "Druckvorschau"  # newest first; nothing printed yet
    assert log.model.index(0, 5).data() == W49

    # Route sheets without a stored plan: refused with one sentence; no row, no emit.
    dialog.set_selection("routes")
    qtbot.waitUntil(lambda: dialog._job is None, timeout=20000)
    text = dialog.info.text()
    assert "keine gespeicherte Tourenplanung" in text
    assert "\n" not in text
    assert "Traceback" not in text
    assert not dialog.print_button.isEnabled()
    assert seen == [AUDITED]
    assert log.model.rowCount() == before + 1
    assert prints(db, audit.PREVIEW) == 1
    assert prints(db) == 0  # a preview is not a print
    dialog.close()

    # The printing feature's other write, a rule set's verification: the same runner.
    rules = window.features.get_as("printing", PrintingFeature).open_rules()
    qtbot.addWidget(rules)
    rules.table.selectRow(0)
    qtbot.mouseClick(rules.verify_button, Qt.MouseButton.LeftButton)  # nobody named
    assert rules.message.text() == "Bitte angeben, wer das Regelwerk geprüft hat."
    assert log.model.rowCount() == before + 1
    qtbot.keyClicks(rules.by, "Frau Recht")
    qtbot.mouseClick(rules.verify_button, Qt.MouseButton.LeftButton)
    assert "als geprüft eingetragen" in rules.message.text()
    assert seen == [AUDITED, AUDITED]
    assert log.model.rowCount() == before + 2
    assert log.model.index(0, 3).data() == "Regelwerk geprüft"
    rules.close()
    log.close()
