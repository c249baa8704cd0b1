"""The dialog "Vertretung und Abwesenheiten", driven as a team lead and as a caseworker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_desk as desk
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import Absence, CaseworkerAppointment, DeputyRule
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.desk import DeskWindow
from fieldkit.ui.office.staff import PAST, StaffDialog
from tests.factories import add_flagged

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 10, 30, tzinfo=BERLIN)  # Monday
LEAD = Identity("office", "Frau Lang", "521", team_lead=True)
KELLER = Identity("office", "Frau Keller", "521")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "staff.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")  # HB Frau Keller, team 521
    with database.session() as session:
        for name in ("Herr Brandt", "Frau Ohm", "Frau Lang"):
            session.add(Caseworker(name=name, team="521"))
    desk.add_appointment(
        database, datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN), "962D000001", identity=UNRESTRICTED
    )
    yield database
    database.dispose()


def make_dialog(qtbot: QtBot, db: Database, identity: Identity) -> StaffDialog:
    dialog = StaffDialog(db, Settings(), lambda: NOW, identity)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_deputy(qtbot: QtBot, dialog: StaffDialog, name: str) -> None:
    dialog.deputy_name.setCurrentIndex(-1)
    dialog.deputy_name.clearEditText()
    if name:
        qtbot.keyClicks(dialog.deputy_name, name)
    click(qtbot, dialog.add_button)


def deputies(dialog: StaffDialog) -> list[str]:
    return [line.deputy for line in dialog.deputy_model.rows]


def fill_absence(dialog: StaffDialog, name: str, first: date, last: date, reason: str = "") -> None:
    dialog.absent_name.setCurrentText(name)
    dialog.first_day.setDate(QDate(first.year, first.month, first.day))
    dialog.last_day.setDate(QDate(last.year, last.month, last.day))
    dialog.reason.setText(reason)


def test_team_lead_keeps_the_deputy_rule_in_order(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, LEAD)
    assert dialog.add_button.isVisible()
    assert not dialog.read_only.isVisible()
    assert dialog.first_day.displayFormat() == "dd.MM.yyyy"
    assert dialog.first_day.calendarPopup()
    for name in ("Herr Brandt", "Frau Ohm", "Frau Lang"):
        type_deputy(qtbot, dialog, name)
    assert deputies(dialog) == ["Herr Brandt", "Frau Ohm", "Frau Lang"]
    dialog.deputy_table.selectRow(2)
    click(qtbot, dialog.up_button)
    assert deputies(dialog) == ["Herr Brandt", "Frau Lang", "Frau Ohm"]
    assert dialog.selected_deputy() is not None
    dialog.deputy_table.selectRow(0)
    assert not dialog.up_button.isEnabled()
    click(qtbot, dialog.remove_button)
    assert deputies(dialog) == ["Frau Lang", "Frau Ohm"]
    assert "entfernt" in dialog.message.text()
    # Hostile and wrong input: each refused with a sentence, nothing stored.
    for name, sentence in (
        ("", "Bitte die Vertretung angeben."),
        ("   ", "Bitte die Vertretung angeben."),
        ("Herr Niemand", "„Herr Niemand“ ist keine bekannte Integrationsfachkraft."),
        ("Frau Ohm", "Frau Ohm steht schon in dieser Vertretungsregelung."),
    ):
        type_deputy(qtbot, dialog, name)
        assert dialog.message.text() == sentence
    # Frau Keller's own rule: she cannot stand in for herself.
    dialog.owner_box.setCurrentIndex(dialog.owner_box.findData("Frau Keller"))
    assert deputies(dialog) == []
    type_deputy(qtbot, dialog, "Frau Keller")
    assert dialog.message.text() == "Frau Keller kann sich nicht selbst vertreten."
    type_deputy(qtbot, dialog, "Herr Brandt")
    assert "1. Herr Brandt, 2. Frau Lang, 3. Frau Ohm" in dialog.order_label.text()
    with db.session() as session:
        assert len(session.scalars(select(DeputyRule)).all()) == 3


def test_absences_add_edit_delete_and_validation(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, db, LEAD)
    desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED)
    dialog.reload()
    assert dialog.absent_name.isEnabled()
    fill_absence(dialog, "Frau Keller", date(2026, 12, 11), date(2026, 12, 9), "Urlaub")
    click(qtbot, dialog.save_button)
    assert dialog.message.text() == "Der letzte Tag liegt vor dem ersten Tag der Abwesenheit."
    fill_absence(dialog, "", date(2026, 12, 9), date(2026, 12, 11))
    click(qtbot, dialog.save_button)
    assert dialog.message.text() == "Bitte die abwesende Kraft angeben."
    fill_absence(dialog, "<b>Niemand</b>", date(2026, 12, 9), date(2026, 12, 11))
    click(qtbot, dialog.save_button)
    assert "ist keine bekannte Integrationsfachkraft" in dialog.message.text()
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    fill_absence(dialog, "Frau Keller", date(2026, 12, 9), date(2026, 12, 11), "U" * 20_000)
    assert len(dialog.reason.text()) == desk.REASON_MAX  # the field keeps what fits
    click(qtbot, dialog.save_button)
    assert "Folgetermine am 09.12.2026 übernimmt Herr Brandt" in dialog.message.text()
    assert dialog.absence_model.rowCount() == 1
    saved = dialog.selected_absence()
    assert saved is not None
    assert (saved.first_day, saved.last_day) == (date(2026, 12, 9), date(2026, 12, 11))
    # Overlap with her own absence is refused; editing the same absence is not.
    click(qtbot, dialog.new_button)
    fill_absence(dialog, "Frau Keller", date(2026, 12, 11), date(2026, 12, 14), "Fortbildung")
    click(qtbot, dialog.save_button)
    assert "überschneiden sich" in dialog.message.text()
    dialog.absence_table.selectRow(0)
    assert dialog.save_button.text() == "Änderung speichern"
    dialog.last_day.setDate(QDate(2026, 12, 18))
    dialog.reason.setText("Urlaub")
    click(qtbot, dialog.save_button)
    with db.session() as session:
        stored = session.scalars(select(Absence)).one()
        assert (stored.last_day, stored.reason) == (date(2026, 12, 18), "Urlaub")
    # A past absence: shown greyed once "nur aktuelle und künftige" is off.
    click(qtbot, dialog.new_button)
    fill_absence(dialog, "Herr Brandt", date(2026, 11, 2), date(2026, 11, 6), "Urlaub")
    click(qtbot, dialog.save_button)
    assert not dialog.only_current.isChecked()
    rows = [(r.caseworker, r.first_day) for r in dialog.absence_model.rows]
    assert rows == [("Herr Brandt", date(2026, 11, 2)), ("Frau Keller", date(2026, 12, 9))]
    colour = dialog.absence_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(colour, QBrush)
    assert colour.color().name() == PAST
    assert dialog.absence_model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert dialog.absence_model.index(1, 1).data() == "09.12.2026"
    dialog.only_current.setChecked(True)
    assert [r.caseworker for r in dialog.absence_model.rows] == ["Frau Keller"]
    # Delete asks first; "no" keeps it.
    dialog.absence_table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm", lambda _text: False)
    click(qtbot, dialog.delete_button)
    assert dialog.absence_model.rowCount() == 1
    monkeypatch.setattr(dialog, "confirm", lambda _text: True)
    click(qtbot, dialog.delete_button)
    assert dialog.absence_model.rowCount() == 0
    assert dialog.message.text() == "Abwesenheit gelöscht."


def test_caseworker_reads_the_rule_and_records_only_her_own_absence(
    qtbot: QtBot, db: Database
) -> None:
    desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED)
    desk.set_absence(
        db, "Herr Brandt", date(2026, 12, 7), date(2026, 12, 8), "Urlaub", identity=UNRESTRICTED
    )
    dialog = make_dialog(qtbot, db, KELLER)
    assert deputies(dialog) == ["Herr Brandt"]
    assert dialog.deputy_model.index(0, 2).data() == "abwesend bis 08.12.2026"
    assert not dialog.add_button.isVisible()
    assert not dialog.remove_button.isVisible()
    assert dialog.read_only.isVisible()
    assert dialog.absence_model.rowCount() == 0  # not her colleague's absence
    assert not dialog.absent_name.isEnabled()
    assert dialog.absent_name.currentText() == "Frau Keller"
    fill_absence(dialog, "Frau Keller", date(2026, 12, 8), date(2026, 12, 8), "Arzttermin")
    click(qtbot, dialog.save_button)
    # Herr Brandt is away too that day: the dialog warns that nobody stands in.
    assert "niemand aus der Vertretungsregelung da" in dialog.message.text()
    assert [r.caseworker for r in dialog.absence_model.rows] == ["Frau Keller"]


def test_absence_recorded_in_the_dialog_sends_the_desk_booking_to_the_deputy(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    settings = LEAD.to_settings(Settings())
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings, state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    office = window.features.get_as("office", OfficeFeature)
    assert office.action_staff in office.menu.actions()
    assert office.action_staff.text() == "&Vertretung und Abwesenheiten …"
    office.action_staff.trigger()
    dialog = office.windows["staff"]
    assert isinstance(dialog, StaffDialog)
    type_deputy(qtbot, dialog, "Frau Ohm")
    type_deputy(qtbot, dialog, "Herr Brandt")
    dialog.deputy_table.selectRow(1)
    click(qtbot, dialog.up_button)
    assert deputies(dialog) == ["Herr Brandt", "Frau Ohm"]
    fill_absence(dialog, "Frau Keller", date(2026, 12, 7), date(2026, 12, 11), "Urlaub")
    click(qtbot, dialog.save_button)
    assert "übernimmt Herr Brandt" in dialog.message.text()
    # The desk, opened on the reception's laptop against the same database.
    desk_window = DeskWindow(db, Settings(), lambda: NOW, Identity("field"))
    qtbot.addWidget(desk_window)
    desk_window.show()
    desk_window.table.selectRow(0)
    assert "abwesend bis 11.12.2026" in desk_window.heading.text()
    assert "Herr Brandt (Vertretung, HB abwesend)" in desk_window.slots.currentText()
    qtbot.keyClicks(desk_window.worker, "AB Wolf")
    click(qtbot, desk_window.book_button)
    with db.session() as session:
        booked = session.scalars(select(CaseworkerAppointment)).one()
        assert booked.by_deputy
        assert booked.caseworker is not None
        assert booked.caseworker.name == "Herr Brandt"
    # Brandt away too: the desk books the next in the rule.
    click(qtbot, dialog.new_button)
    fill_absence(dialog, "Herr Brandt", date(2026, 12, 7), date(2026, 12, 11), "Fortbildung")
    click(qtbot, dialog.save_button)
    assert "übernimmt Frau Ohm" in dialog.message.text()
    row = desk_window.selected()
    assert row is not None
    again = desk.book_followup(db, row.id, "AB Wolf", NOW, RulesSettings(), identity=UNRESTRICTED)
    assert (again.caseworker, again.by_deputy) == ("Frau Ohm", True)
