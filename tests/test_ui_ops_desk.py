"""The desk's decisions are operations (issue 19, item 1): each reports Changes(office=True)
(the back office's own records; no week of the main table), a refused decision says one
German sentence and writes nothing, and the open views refresh only when concerned.

A database set up as a real office (tests/data/setup-office.toml) with the shared sample
list imported for 2026-W49; the customer at the desk is one of that list (HB Frau Keller).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes
from fieldkit.services import flaglist
from fieldkit.services import office_desk as desk_service
from fieldkit.services.office import UNRESTRICTED, OfficeError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.store.models_office import CaseworkerAppointment, DeskTalk, ReceptionAppointment
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.desk import DeskWindow
from tests.test_app_ops import NOW, W49, flag_list, office_db

CUSTOMER = "962D100001"  # of the sample list; HB Frau Keller, team 521
OFFICE = Changes(office=True)
MV = desk_service.MELDEVERSAEUMNIS


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = office_db(tmp_path)
    report = flaglist.check(flag_list(tmp_path), Settings(), identity=UNRESTRICTED)
    ops.import_flag_list(context(database), report)
    yield database
    database.dispose()


def context(db: Database) -> AppContext:
    return AppContext(db, SettingsStore(Settings()), lambda: NOW, UNRESTRICTED)


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def counter(signal: object) -> list[object]:
    seen: list[object] = []
    signal.connect(seen.append)  # type: ignore[attr-defined]
    return seen


# -- the operations, without Qt ---------------------------------------------------------------


def test_each_desk_decision_reports_the_office_records_only(db: Database) -> None:
    ctx = context(db)
    added = ops.add_appointment(ctx, NOW + timedelta(hours=1), CUSTOMER, "", "LSB", MV)
    assert isinstance(added.value, uuid.UUID)
    assert added.changes == OFFICE
    assert not added.changes.touches_week(W49), "the week's rows did not change"
    talk = ops.record_talk(ctx, added.value, "AB Probe", "krank", "", "")
    assert talk.changes == OFFICE
    assert count(db, DeskTalk) == 1
    other = ops.add_appointment(ctx, NOW + timedelta(hours=2), CUSTOMER, "", "LSB", "other")
    assert ops.reclassify(ctx, other.value, "AB Probe").changes == OFFICE
    assert ops.mark_hb_unreachable(ctx, added.value, "AB Probe").changes == OFFICE
    # Nobody of the team is free for a callback today: refused, no booking written.
    with pytest.raises(OfficeError):
        ops.book_callback(ctx, added.value, "AB Probe")
    assert count(db, CaseworkerAppointment) == 0


def test_a_calendar_without_appointments_changes_nothing(db: Database, tmp_path: Path) -> None:
    empty = tmp_path / "kalender.csv"
    empty.write_text("Datum;Uhrzeit;Kundennummer;Name;Gebucht von\n", encoding="utf-8")
    done = ops.import_calendar(context(db), empty)
    assert done.value == 0
    assert done.changes == NOTHING


@pytest.mark.parametrize("number", ["", "   ", "\t"])
def test_an_appointment_without_a_number_is_refused_and_nothing_written(
    db: Database, number: str
) -> None:
    with pytest.raises(OfficeError) as refused:
        ops.add_appointment(context(db), NOW, number, "", "", MV)
    assert refused.value.message("de") == "Kundennummer fehlt."
    assert count(db, ReceptionAppointment) == 0


# -- the desk window on the main window -------------------------------------------------------


def main_window(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue("main/week", W49)
    window = MainWindow(db, Settings(), state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    assert window.current_week() == W49
    return window


def open_desk(qtbot: QtBot, db: Database, window: MainWindow) -> DeskWindow:
    ops.add_appointment(context(db), NOW + timedelta(hours=1), CUSTOMER, "", "LSB", MV)
    desk = window.features.get_as("office", OfficeFeature).open_desk()
    assert isinstance(desk, DeskWindow)
    qtbot.addWidget(desk)
    desk.table.selectRow(0)
    assert desk.selected() is not None
    return desk


def test_a_talk_saved_at_the_desk_tells_the_office_not_the_week_table(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    desk = open_desk(qtbot, db, window)
    table_reloads = counter(window.week_changed)
    seen = counter(window.events.changed)
    qtbot.keyClicks(desk.worker, "AB Probe")
    desk.reasons.setPlainText("Termin vergessen")
    qtbot.mouseClick(desk.talk_button, Qt.MouseButton.LeftButton)
    assert desk.message.text().startswith("Gespräch gespeichert.")
    assert seen == [OFFICE]
    assert table_reloads == [], "the week's rows did not change: the table is not reloaded"
    assert count(db, DeskTalk) == 1
    desk.close()


def test_a_refused_talk_says_one_german_sentence_and_writes_nothing(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    desk = open_desk(qtbot, db, window)
    seen = counter(window.events.changed)
    qtbot.keyClicks(desk.worker, "AB Probe")
    desk.reasons.setPlainText("   ")  # nothing but blanks: no reasons, no agreements
    qtbot.mouseClick(desk.talk_button, Qt.MouseButton.LeftButton)
    assert desk.message.text() == "Bitte Gründe, Motivation oder Vereinbarungen eintragen."
    assert seen == []
    assert count(db, DeskTalk) == 0
    assert window.ops.box is None, "the desk shows the refusal itself"
    desk.close()
