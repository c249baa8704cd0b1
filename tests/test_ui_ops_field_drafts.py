"""The visit form's autosaved draft, the prep checklist and the begin of a visit are
operations on the field window's runner (issue 19, item 1): their Changes reach the open
views (the Protokoll window follows ``audit``), a refusal is one sentence and writes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.domain.changes import Changes
from fieldkit.domain.model import RecordState
from fieldkit.services import planning
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database
from fieldkit.store.models import CaseNote, PrepCheck, Visit
from fieldkit.store.models_audit import AuditEntry
from fieldkit.ui.field.window import FieldWindow
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.setup.audit_log import AuditLogWindow
from tests.test_app_ops import NOW
from tests.test_ui_ops import QUICK, W49, counter, db, planned_office  # noqa: F401 (fixtures)


def open_field(qtbot: QtBot, database: Database, tmp_path: Path) -> tuple[MainWindow, FieldWindow]:
    from fieldkit.ui.field import FieldMode

    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue("main/week", W49)
    window = MainWindow(database, QUICK, state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    with database.session() as session:
        stored = planning.load_plan(session, W49)
    assert stored is not None
    route = next(r for r in stored.routes if r.stops)
    field_window = window.features.get_as("field", FieldMode).open_route(route.id, maximized=False)
    assert isinstance(field_window, FieldWindow)
    qtbot.addWidget(field_window)
    return window, field_window


def type_into(box: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(box, QLineEdit):
        box.setText(text)
    else:
        box.setPlainText(text)


def visit_audit_rows(database: Database) -> int:
    """The audit rows about visits (opening the day cards logs a read of its own)."""
    stmt = select(func.count()).select_from(AuditEntry).where(AuditEntry.object_kind == "visit")
    with database.session() as session:
        return int(session.scalar(stmt) or 0)


def protokoll(qtbot: QtBot, database: Database, window: MainWindow) -> AuditLogWindow:
    log = AuditLogWindow(database, UNRESTRICTED, events=window.events)
    qtbot.addWidget(log)
    log.days.setValue(0)  # all entries, whatever the test clock says
    log.reload()
    return log


def test_begin_logs_once_and_the_open_protokoll_window_follows(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    window, field_window = open_field(qtbot, db, tmp_path)
    log = protokoll(qtbot, db, window)
    shown = log.model.rowCount()
    seen = counter(window.events.changed)
    field_window.form.begin()
    assert field_window.form.visit is not None
    assert len(seen) == 1
    assert isinstance(seen[0], Changes)
    assert seen[0].audit
    assert log.model.rowCount() == shown + 1, "the Protokoll window shows the new draft's entry"
    before = visit_audit_rows(db)
    # Taking up the same draft again writes no audit row, so it says no audit change.
    field_window.form.begin()
    assert visit_audit_rows(db) == before
    assert len(seen) == 2
    assert isinstance(seen[1], Changes)
    assert not seen[1].audit
    assert seen[1].visits == {field_window.form.visit.id}
    field_window.close()


def test_typed_text_is_saved_as_an_operation_on_the_visit_alone(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    window, field_window = open_field(qtbot, db, tmp_path)
    form = field_window.form
    form.begin()
    assert form.visit is not None
    visit_id = form.visit.id
    seen = counter(window.events.changed)
    reloads = counter(window.week_changed)
    type_into(form.texts["note"], "Briefkasten beschriftet, niemand öffnet.")
    form.preview.setPlainText("Eigener Vermerk " + "ä" * 5000)  # huge, non-ASCII
    form.flush()
    assert seen == [Changes(visits=frozenset({visit_id}))]
    assert reloads == [], "a draft reloads no other view"
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        assert visit.note == "Briefkasten beschriftet, niemand öffnet."
        note = session.scalar(select(CaseNote).where(CaseNote.visit_id == visit_id))
        assert note is not None
        assert note.text.endswith("ä" * 5000)
    field_window.close()


def test_a_refused_draft_says_one_sentence_and_writes_nothing(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    window, field_window = open_field(qtbot, db, tmp_path)
    form = field_window.form
    form.begin()
    assert form.visit is not None
    visit_id = form.visit.id
    # Another device finished the visit meanwhile: the draft may not overwrite it.
    with db.session() as session:
        stored = session.get(Visit, visit_id)
        assert stored is not None
        stored.state = RecordState.FINAL
    seen = counter(window.events.changed)
    type_into(form.texts["note"], "<script>x</script>'; DROP TABLE visit;--")
    form.flush()
    assert seen == []
    sentence = form.problems.text()
    assert sentence.startswith("Ein abgeschlossener Besuch wird nicht überschrieben")
    assert "\n" not in sentence
    assert "Traceback" not in sentence
    with db.session() as session:
        stored = session.get(Visit, visit_id)
        assert stored is not None
        assert not stored.note
    field_window.close()


def test_the_prep_checklist_is_an_operation_and_a_refusal_writes_nothing(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    window, field_window = open_field(qtbot, db, tmp_path)
    stop = field_window.selected_stop()
    assert stop is not None
    seen = counter(window.events.changed)
    field_window.card.eakte.setChecked(True)  # the card's own checkbox
    field_window.card.prep_note.setText("geprüft")
    field_window.card.prep_note.setModified(True)
    field_window.card.flush()
    assert seen == [Changes(flags=frozenset({stop.flag_id}))] * 2
    assert field_window.saved_label.text().startswith("Gespeichert")
    with db.session() as session:
        prep = session.scalar(select(PrepCheck).where(PrepCheck.flag_id == stop.flag_id))
        assert prep is not None
        assert prep.eakte_checked
        assert prep.note == "geprüft"
    # A wrong field is refused as a whole: one sentence, nothing changed, no Changes.
    field_window._save_prep(stop.flag_id, {"note": "neu", "password": "x"})
    assert len(seen) == 2
    assert field_window.message.text()
    assert "\n" not in field_window.message.text()
    with db.session() as session:
        prep = session.scalar(select(PrepCheck).where(PrepCheck.flag_id == stop.flag_id))
        assert prep is not None
        assert prep.note == "geprüft"
    field_window.close()
