"""The import dialog, driven with qtbot against a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Flag
from fieldkit.ui.import_dialog import ImportDialog
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.override_dialog import OverrideDialog
from tests.conftest import SPEC_DATA

SAMPLE = SPEC_DATA / "sample-week.csv"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "imp.sqlite"))
    yield database
    database.dispose()


def make_dialog(qtbot: QtBot, db: Database, path: Path | None = None) -> ImportDialog:
    dialog = ImportDialog(
        db, Settings(), file_chooser=lambda _parent: str(path or ""), identity=UNRESTRICTED
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait_checked(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is not None and not dialog.job.is_running(), timeout=20000)
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=5000)


def flag_count(db: Database) -> int:
    with db.session() as session:
        return len(session.scalars(select(Flag)).all())


def test_choose_preview_and_import(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, SAMPLE)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    wait_checked(qtbot, dialog)
    assert dialog.preview.rowCount() == 6
    assert dialog.counts.text() == "3 planbar, 1 mit Hinweis, 2 gesperrt, 0 ungültig"
    statuses = [dialog.preview.index(r, 2).data() for r in range(6)]
    assert statuses == ["planbar", "planbar", "Hinweis", "gesperrt", "planbar", "gesperrt"]
    reasons = dialog.preview.index(3, 4).data()
    assert "selben Tag" in reasons  # plain German
    assert flag_count(db) == 0  # nothing written before confirmation
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.import_result is not None
    assert dialog.import_result.created == 6
    assert flag_count(db) == 6


def test_invalid_rows_block_import_until_skipping_is_chosen(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("02.07.2003", "31.02.2003")
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = make_dialog(qtbot, db)
    dialog.check_file(broken)
    wait_checked(qtbot, dialog)
    assert "1 ungültig" in dialog.counts.text()
    assert not dialog.import_button.isEnabled()
    assert "Zeile 3" in dialog.preview.index(1, 4).data()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    assert flag_count(db) == 5


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n" + bytes(300), b"a;b\n1;2\n"])
def test_bad_file_gets_one_german_sentence(
    qtbot: QtBot, db: Database, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    dialog = make_dialog(qtbot, db)
    dialog.check_file(path)
    wait_checked(qtbot, dialog)
    text = dialog.message.text()
    assert text.endswith(".")
    assert "Traceback" not in text
    assert any(word in text for word in ("Datei", "Spalte", "Vormerkliste"))
    assert not dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 0


def test_drop_a_file(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.dropEvent(event)
    wait_checked(qtbot, dialog)
    assert dialog.preview.rowCount() == 6


def test_override_blocked_customer_from_main_window(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, db)
    dialog.check_file(SAMPLE)
    wait_checked(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    clock = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    window = MainWindow(
        db, Settings(), QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        lambda: clock,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    window.status_filter.setCurrentIndex(window.status_filter.findData("blocked"))
    window.table.selectRow(0)
    assert window.action_override.isEnabled()
    # The dialog stays open (not modal to the event loop); the release runs as an operation.
    window.action_override.trigger()
    box = window.override_dialog
    assert isinstance(box, OverrideDialog)
    box.reason_edit.setPlainText("zu kurz")
    with qtbot.waitSignal(window.ops.failed, timeout=20000) as refused:
        box.accept()
    # The first, too short reason was refused with one sentence, shown in the dialog again.
    assert refused.args[0]
    assert box.error.text() == refused.args[0]
    qtbot.waitUntil(box.isVisible, timeout=5000)
    box.who_edit.setText("Frau Keller")
    box.reason_edit.setPlainText("Zweiter Anruf wurde telefonisch belegt")
    with qtbot.waitSignal(window.events.changed, timeout=20000) as changed:
        box.accept()
    row = next(
        window.model.row_at(r)
        for r in range(window.model.rowCount())
        if window.model.row_at(r).overridden
    )
    assert changed.args[0].flags == {row.flag_id}
    assert changed.args[0].weeks == {window.current_week()}
    with db.session() as session:
        overridden = [f for f in session.scalars(select(Flag)) if f.override_reason]
        assert len(overridden) == 1
        assert overridden[0].override_by == "Frau Keller"
        assert overridden[0].plannable
    assert "(freigegeben)" in window.proxy.index(0, 0).data() or any(
        "(freigegeben)" in window.model.index(r, 0).data() for r in range(window.model.rowCount())
    )


def test_preview_shows_the_2026_codes_in_both_languages(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0] + ";termin_art;regelbedarfsstufe;bg_nummer"
    first = lines[1] + ";Video;2;96203BG1"
    second = lines[2].replace("11.12.2026 10:30", "01.12.2026 10:30") + ";;;"
    path = tmp_path / "neu.csv"
    path.write_text("\n".join([header, first, second]) + "\n", encoding="utf-8")
    dialog = make_dialog(qtbot, db, path)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    wait_checked(qtbot, dialog)
    assert dialog.preview.rowCount() == 2
    assert "Termin per Video" in dialog.preview.index(0, 4).data()
    assert "Besuchswoche 2026-W49" in dialog.preview.index(1, 4).data()
    import fieldkit.ui.i18n as i18n

    monkeypatch.setattr(i18n, "_current", "en")
    assert "by video" in dialog.preview.index(0, 4).data()
    assert "inside the visit week 2026-W49" in dialog.preview.index(1, 4).data()
    # Wait for the job to end, not only for its rows: the database is closed after the test,
    # and closing it under the still running worker thread crashed the interpreter.
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert flag_count(db) == 2
