"""The Meldeversäumnis desk: talk, follow-up with the HB or the deputy, slip, lift note."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_desk as desk
from fieldkit.services.office import UNRESTRICTED, Identity, OfficeError
from fieldkit.services.office_outbox import LIFT
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker, Task
from fieldkit.store.models_office import BenefitsMessage, CaseworkerAppointment
from fieldkit.ui.office.desk import DeskWindow
from tests.factories import add_flagged, verify_rule_sets
from tests.test_office_outbox import suspend

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 10, 30, tzinfo=BERLIN)  # Monday
RULES = RulesSettings()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "desk.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")  # HB Frau Keller, team 521
    add_flagged(database, "962D000002", "Albers", "Eppingen", hb="Herr Brandt")
    with database.session() as session:
        session.add(Caseworker(name="Frau Ohm", team="521"))
    verify_rule_sets(database)  # a suspension needs an RFB under a verified rule set
    desk.add_deputy(database, "521", "Herr Brandt", rank=1, identity=UNRESTRICTED)
    desk.add_deputy(database, "521", "Frau Ohm", rank=2, identity=UNRESTRICTED)
    desk.add_appointment(database, datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN), "962D000001",
                         booked_by="LSB Meier", note="kein Geld erhalten",
                         identity=UNRESTRICTED)  # fmt: skip
    desk.add_appointment(
        database, datetime(2026, 12, 7, 11, 0, tzinfo=BERLIN), "962D000002", identity=UNRESTRICTED
    )
    yield database
    database.dispose()


def test_deputy_rule_and_absences(db: Database) -> None:
    with db.session() as session:
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        assert [d.name for d in desk.deputies_of(session, keller)] == ["Herr Brandt", "Frau Ohm"]
    desk.set_absence(
        db, "Frau Keller", date(2026, 12, 7), date(2026, 12, 18), "Urlaub", identity=UNRESTRICTED
    )
    desk.set_absence(
        db,
        "Herr Brandt",
        date(2026, 12, 8),
        date(2026, 12, 8),
        "Fortbildung",
        identity=UNRESTRICTED,
    )
    with db.session() as session:
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        who, deputy = desk.responsible_on(session, keller, date(2026, 12, 8))
        assert (who.name, deputy) == ("Frau Ohm", True)
        who, deputy = desk.responsible_on(session, keller, date(2026, 12, 9))
        assert (who.name, deputy) == ("Herr Brandt", True)
        who, deputy = desk.responsible_on(session, keller, date(2026, 12, 21))
        assert (who.name, deputy) == ("Frau Keller", False)
    desk.set_absence(db, "Frau Ohm", date(2026, 12, 8), date(2026, 12, 8), identity=UNRESTRICTED)
    with db.session() as session:
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        with pytest.raises(OfficeError) as caught:
            desk.responsible_on(session, keller, date(2026, 12, 8))
        assert "Rückruf des Teams" in caught.value.message("de")


def test_booking_takes_the_next_free_hour_and_never_double_books(db: Database) -> None:
    with db.session() as session:
        first, _second = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)
    one = desk.book_followup(db, first.id, "AB Wolf", NOW, RULES, identity=UNRESTRICTED)
    assert (one.caseworker, one.by_deputy, one.minutes) == ("Frau Keller", False, 60)
    assert one.starts_at == datetime(2026, 12, 8, 8, 0, tzinfo=BERLIN)
    with pytest.raises(OfficeError) as caught:
        desk.book_followup(
            db,
            first.id,
            "AB Wolf",
            NOW,
            RULES,
            datetime(2026, 12, 8, 8, 30, tzinfo=BERLIN),
            identity=UNRESTRICTED,
        )
    assert "schon einen Termin" in caught.value.message("de")
    with db.session() as session:
        assert session.scalars(select(CaseworkerAppointment)).one().id == one.id


def test_talk_lift_note_and_task(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        first = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[0]
    with pytest.raises(OfficeError):
        desk.send_lift_note(db, first.id, "AB Wolf", NOW, identity=UNRESTRICTED)
    desk.record_talk(db, first.id, "AB Wolf", "Brief nicht erhalten", "will mitarbeiten",
                     "Unterlagen bis Freitag", NOW, identity=UNRESTRICTED)  # fmt: skip
    booking = desk.book_followup(db, first.id, "AB Wolf", NOW, RULES, identity=UNRESTRICTED)
    with pytest.raises(OfficeError):  # no suspension was decided: nothing to lift
        desk.send_lift_note(db, first.id, "AB Wolf", NOW, identity=UNRESTRICTED)
    suspend(db, "962D000001")
    text = desk.send_lift_note(db, first.id, "AB Wolf", NOW, identity=UNRESTRICTED)
    assert "vorläufige Zahlungseinstellung" in text
    with db.session() as session:
        lift = session.scalars(select(BenefitsMessage).where(BenefitsMessage.kind == LIFT)).one()
        assert lift.sent_by == "AB Wolf"
        task = session.scalars(select(Task).where(Task.visit_id.is_(None))).one()
        assert task.caseworker_id is not None
        assert "Unterlagen bis Freitag" in task.text
        note = desk.talk_note(session, first.id, identity=UNRESTRICTED)
        slip = desk.slip_data(session, booking.id, identity=UNRESTRICTED)
    assert "Vom KD genannte Gründe: Brief nicht erhalten" in note
    from fieldkit.services.office_slip import render_slip

    render_slip(slip, tmp_path / "slip.pdf")
    page = PdfReader(tmp_path / "slip.pdf").pages[0].extract_text()
    assert "Terminbestätigung" in page
    assert "Frau Keller" in page


def test_callback_when_no_outreach_worker_is_free(db: Database) -> None:
    with db.session() as session:
        second = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[1]
    booking = desk.book_callback(db, second.id, "Empfang", NOW, identity=UNRESTRICTED)
    assert booking.kind == desk.CALLBACK
    # A quarter hour today with the HB of the team (Herr Brandt for this customer).
    assert booking.text_de() == "Rückruf durch Team 521 (Herr Brandt) am 07.12.2026, 10:45 Uhr"
    with db.session() as session:
        assert desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[1].state == "callback"
        assert "Rückruf heute" in session.scalars(select(Task)).one().title


def test_import_calendar_csv(db: Database, tmp_path: Path) -> None:
    csv_file = tmp_path / "kalender.csv"
    csv_file.write_text(
        "Datum;Uhrzeit;Kundennummer;Name;Art;Gebucht von\n"
        "08.12.2026;09:30;962D000001;Zander, Testa;Meldeversäumnis;LSB Kurz\n"
        "08.12.2026;10:00;962D999999;Unbekannt, Max;Beratung;Service-Center\n",
        encoding="cp1252",
    )
    assert desk.import_calendar(db, csv_file, identity=UNRESTRICTED) == 2
    assert desk.import_calendar(db, csv_file, identity=UNRESTRICTED) == 0
    with db.session() as session:
        rows = desk.list_day(
            session, date(2026, 12, 8), only_meldeversaeumnis=True, identity=UNRESTRICTED
        )
    assert [(r.name, r.customer_known, r.caseworker) for r in rows] == [
        ("Zander, Testa", True, "Frau Keller")
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("Datum;Uhrzeit;Kundennummer\n31.13.2026;09:00;962D000001\n", encoding="utf-8")
    with pytest.raises(OfficeError) as caught:
        desk.import_calendar(db, bad, identity=UNRESTRICTED)
    assert "Zeile 2" in caught.value.message("de")


def test_desk_window_books_the_deputy_when_the_caseworker_is_absent(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    desk.set_absence(
        db, "Frau Keller", date(2026, 12, 7), date(2026, 12, 11), "krank", identity=UNRESTRICTED
    )
    suspend(db, "962D000001")
    window = DeskWindow(db, Settings(), lambda: NOW, Identity("field"))
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 2
    window.table.selectRow(0)
    assert "Frau Keller" in window.heading.text()
    qtbot.keyClicks(window.worker, "AB Wolf")
    qtbot.keyClicks(window.reasons, "Einladung nicht verstanden")
    window.agreements.setPlainText("Kontoauszüge nachreichen")  # keyClicks: ASCII only
    qtbot.mouseClick(window.talk_button, Qt.MouseButton.LeftButton)
    assert "Gespräch gespeichert" in window.message.text()
    assert "Herr Brandt (Vertretung, HB abwesend)" in window.slots.currentText()
    qtbot.mouseClick(window.book_button, Qt.MouseButton.LeftButton)
    assert "Herr Brandt (Vertretung für Frau Keller)" in window.booking_label.text()
    slip = window.print_slip(tmp_path / "zettel.pdf")
    assert slip is not None
    assert "in Vertretung für Frau Keller" in PdfReader(slip).pages[0].extract_text()
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert "Einladung nicht verstanden" in QGuiApplication.clipboard().text()
    qtbot.mouseClick(window.lift_button, Qt.MouseButton.LeftButton)
    assert "zur Weitergabe an die Leistungsabteilung vorgemerkt" in window.message.text()
    state = window.model.index(0, 5).data()
    assert state == "Gespräch erfasst, Folgetermin gebucht, Aufhebung im Postausgang"
    assert not window.lift_button.isEnabled()  # lifted: nothing left to lift
    with db.session() as session:
        booked = session.scalars(select(CaseworkerAppointment)).one()
        assert booked.by_deputy
        assert booked.caseworker is not None
        assert booked.caseworker.name == "Herr Brandt"


def test_hb_not_reached_routes_to_the_deputy_like_an_absence(db: Database) -> None:
    with db.session() as session:
        first = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[0]
        assert (
            desk.slots_for(session, first.id, NOW, RULES, identity=UNRESTRICTED)[0][1].name
            == "Frau Keller"
        )
    with pytest.raises(OfficeError):  # unknown appointment
        desk.mark_hb_unreachable(db, uuid.uuid4(), "AB Wolf", NOW, identity=UNRESTRICTED)
    desk.mark_hb_unreachable(db, first.id, "AB Wolf", NOW, identity=UNRESTRICTED)
    with db.session() as session:
        row = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[0]
        slots = desk.slots_for(session, first.id, NOW, RULES, identity=UNRESTRICTED)
    assert row.hb_unreachable
    assert "HB nicht erreicht (AB Wolf)" in row.note
    assert {(who.name, deputy) for _, who, deputy in slots} == {("Herr Brandt", True)}
    booking = desk.book_followup(db, first.id, "AB Wolf", NOW, RULES, identity=UNRESTRICTED)
    assert (booking.caseworker, booking.by_deputy) == ("Herr Brandt", True)
    # The callback's task goes to the deputy of the day, not to the HB out of reach.
    desk.book_callback(db, first.id, "Empfang", NOW, identity=UNRESTRICTED)
    with db.session() as session:
        task = session.scalars(select(Task)).one()
        brandt = session.scalars(select(Caseworker).where(Caseworker.name == "Herr Brandt")).one()
        assert task.caseworker_id == brandt.id


def test_the_callback_task_goes_to_the_deputy_when_the_hb_is_absent(db: Database) -> None:
    desk.set_absence(
        db, "Frau Keller", date(2026, 12, 7), date(2026, 12, 7), "krank", identity=UNRESTRICTED
    )
    desk.set_absence(
        db, "Herr Brandt", date(2026, 12, 7), date(2026, 12, 7), "Urlaub", identity=UNRESTRICTED
    )
    with db.session() as session:
        first = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[0]
    desk.book_callback(db, first.id, "Empfang", NOW, identity=UNRESTRICTED)
    with db.session() as session:
        task = session.scalars(select(Task)).one()
        ohm = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Ohm")).one()
        assert task.caseworker_id == ohm.id


def test_any_appointment_can_be_reclassified_during_the_talk(db: Database) -> None:
    other = desk.add_appointment(
        db,
        datetime(2026, 12, 7, 12, 0, tzinfo=BERLIN),
        "962D000001",
        kind="other",
        identity=UNRESTRICTED,
    )
    with db.session() as session:
        assert other not in {
            r.id for r in desk.list_day(session, NOW.date(), True, identity=UNRESTRICTED)
        }
    with pytest.raises(OfficeError):
        desk.reclassify(db, other, "  ", NOW, identity=UNRESTRICTED)
    desk.reclassify(db, other, "AB Wolf", NOW, identity=UNRESTRICTED)
    with pytest.raises(OfficeError) as caught:  # once is enough
        desk.reclassify(db, other, "AB Wolf", NOW, identity=UNRESTRICTED)
    assert "schon als Meldeversäumnis" in caught.value.message("de")
    with db.session() as session:
        row = next(
            r
            for r in desk.list_day(session, NOW.date(), True, identity=UNRESTRICTED)
            if r.id == other
        )
    assert (row.kind, row.reclassified_by) == (desk.MELDEVERSAEUMNIS, "AB Wolf")


def test_desk_window_reclassifies_and_marks_the_hb_unreachable(qtbot: QtBot, db: Database) -> None:
    desk.add_appointment(
        db,
        datetime(2026, 12, 7, 8, 0, tzinfo=BERLIN),
        "962D000002",
        kind="other",
        identity=UNRESTRICTED,
    )
    window = DeskWindow(db, Settings(), lambda: NOW, Identity("field"))
    qtbot.addWidget(window)
    window.show()
    window.only_mv.setChecked(False)
    window.table.selectRow(0)
    assert window.model.index(0, 4).data() == "sonstiger Termin"
    assert not window.lift_button.isEnabled()  # no suspension: nothing to lift
    qtbot.keyClicks(window.worker, "AB Wolf")
    qtbot.mouseClick(window.reclassify_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "Als Meldeversäumnis umgestuft."
    assert window.model.index(0, 4).data() == "Meldeversäumnis (umgestuft)"
    assert not window.reclassify_button.isEnabled()
    qtbot.mouseClick(window.unreachable_button, Qt.MouseButton.LeftButton)
    assert "Vertretung" in window.message.text()
    assert "nicht erreicht" in window.heading.text()
    assert "(Vertretung, HB nicht erreicht)" in window.slots.currentText()
