"""The follow-up's and the inbox's saves are operations (issue 19, item 1): each reports
Changes(office=True) — they write the office's follow-up and inbox marks, never the flag, so
no week's table reloads — and a refused save says one German sentence and writes nothing.

The office is set up as a real one (tests/data/setup-office.toml); a customer of Frau
Keller's team was invited to an appointment handed over at a visit (the factories of the
follow-up tests), so the follow-up and the inbox have something to work on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.app.ops.office import FollowUpStep
from fieldkit.domain.changes import Changes
from fieldkit.services import office_followup as followup
from fieldkit.services import office_inbox as inbox
from fieldkit.services.office import Identity, OfficeError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.store.models_office import AppointmentFollowUp
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.followup import FollowUpWindow
from tests.factories import add_flagged, verify_rule_sets
from tests.test_app_ops import office_db
from tests.test_office_inbox import add_visit

KELLER = Identity("office", "Frau Keller", "521")
AFTER = datetime(2026, 12, 11, 10, tzinfo=UTC)  # the factories' appointment was 10.12.
OFFICE = Changes(office=True)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = office_db(tmp_path)
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_visit(database, "962D000001", "KD angetroffen.")
    verify_rule_sets(database)
    yield database
    database.dispose()


def context(db: Database) -> AppContext:
    return AppContext(db, SettingsStore(Settings()), lambda: AFTER, KELLER)


def the_row(db: Database) -> followup.FollowUpRow:
    with db.session() as session:
        rows = followup.list_followups(session, KELLER, AFTER)
    assert len(rows) == 1
    return rows[0]


def stored(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(AppointmentFollowUp)) or 0)


def test_attendance_and_decision_report_the_office_only(db: Database) -> None:
    ctx = context(db)
    row = the_row(db)
    missed = ops.record_attendance(ctx, row.flag_id, False, "Frau Keller")
    assert missed.value == followup.SUSPENSION
    assert missed.changes == OFFICE
    assert not missed.changes.touches_week("2026-W49")
    decided = ops.decide_suspension(ctx, row.flag_id, followup.SUSPEND, "", "Frau Keller")
    assert decided.changes == OFFICE
    with db.session() as session:
        assert session.scalars(select(AppointmentFollowUp.decision)).one() == "suspend"


def test_a_refused_decision_or_step_writes_nothing(db: Database) -> None:
    ctx = context(db)
    row = the_row(db)
    with pytest.raises(OfficeError):  # nothing proposed yet: nothing to decide
        ops.decide_suspension(ctx, row.flag_id, followup.SUSPEND, "", "Frau Keller")
    with pytest.raises(OfficeError):  # a step far in the future
        ops.record_followup_step(
            ctx, FollowUpStep(row.flag_id, "hearing", date(2099, 1, 1), "Frau Keller")
        )
    with pytest.raises(OfficeError):  # a flag that does not exist
        ops.record_attendance(ctx, uuid.uuid4(), True, "Frau Keller")
    assert stored(db) == 0


def test_an_inbox_item_marked_and_reopened_reports_the_office(db: Database) -> None:
    ctx = context(db)
    with db.session() as session:
        items = inbox.list_items(session, KELLER)
    assert items
    item = items[0]
    assert ops.mark_inbox_done(ctx, item.kind, item.ref_id, "Frau Keller").changes == OFFICE
    with db.session() as session:
        assert item.ref_id not in {i.ref_id for i in inbox.list_items(session, KELLER)}
    assert ops.reopen_inbox_item(ctx, item.kind, item.ref_id).changes == OFFICE
    with pytest.raises(OfficeError):
        ops.mark_inbox_done(ctx, "<script>", item.ref_id, "Frau Keller")


def test_the_followup_window_records_through_the_runner_and_refuses_in_german(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, KELLER.to_settings(Settings()), state, lambda: AFTER, identity=KELLER)
    qtbot.addWidget(window)
    seen: list[object] = []
    window.events.changed.connect(seen.append)
    table_reloads: list[str] = []
    window.week_changed.connect(table_reloads.append)
    screen = window.features.get_as("office", OfficeFeature).open_followup()
    assert isinstance(screen, FollowUpWindow)
    qtbot.addWidget(screen)
    screen.table.selectRow(0)
    screen.decide()  # no decision chosen: refused by the service
    assert screen.message.text() == "Bitte eine Entscheidung wählen."
    assert seen == []
    screen.record(False)
    assert screen.message.text() == "Erfasst: nicht erschienen."
    assert seen == [OFFICE]
    assert table_reloads == []
    assert stored(db) == 1
