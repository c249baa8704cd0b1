"""The team's same-day callback (issue 17, point 3): a quarter hour today in the team, the
talk form, and the HB appointment booked in the callback and linked to it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_callback as cb
from fieldkit.services import office_desk as desk
from fieldkit.services.office import UNRESTRICTED, Identity, OfficeError
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker, Customer, Task
from fieldkit.store.models_office import CallbackTalk, CaseworkerAppointment
from fieldkit.ui.office.desk import DeskWindow
from tests.factories import add_flagged

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 10, 30, tzinfo=BERLIN)  # Monday
RULES = RulesSettings()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "callback.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")  # HB Frau Keller, team 521
    with database.session() as session:
        session.add(Caseworker(name="Frau Ohm", team="521"))
        session.add(Caseworker(name="Herr Brandt", team="521"))
    desk.add_deputy(database, "521", "Herr Brandt", rank=1, identity=UNRESTRICTED)
    desk.add_appointment(
        database, datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN), "962D000001", identity=UNRESTRICTED
    )
    yield database
    database.dispose()


def appointment_id(db: Database) -> uuid.UUID:
    with db.session() as session:
        return desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[0].id


def callback_id(db: Database) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(
            select(CaseworkerAppointment.id).where(CaseworkerAppointment.kind == desk.CALLBACK)
        ).one()


def test_the_callback_takes_the_next_quarter_hour_today_in_the_team(db: Database) -> None:
    first = appointment_id(db)
    booking = cb.book_callback(db, first, "Empfang", NOW, identity=UNRESTRICTED)
    assert (booking.caseworker, f"{booking.starts_at.astimezone(BERLIN):%d.%m. %H:%M}") == (
        "Frau Keller",
        "07.12. 10:45",
    )
    with db.session() as session:
        task = session.scalars(select(Task)).one()
        assert task.title == "Rückruf heute um 10:45 Uhr (Meldeversäumnis, Eingangszone)"
        assert task.due_date == date(2026, 12, 7)
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        assert task.caseworker_id == keller.id
        # Frau Keller is busy from 10:45 to 12:00 with two bookings: the next free quarter.
        hb = keller
        session.add_all(
            CaseworkerAppointment(
                kind=desk.FOLLOWUP,
                caseworker_id=hb.id,
                starts_at=datetime(2026, 12, 7, h, m, tzinfo=BERLIN),
                minutes=minutes,
            )
            for h, m, minutes in ((10, 45, 15), (11, 0, 60))
        )
        session.flush()
        start, who = cb.same_day_slot(session, hb, NOW)
        assert (who.name, f"{start:%H:%M}") == ("Frau Keller", "12:00")


def test_absent_hb_then_deputy_then_anyone_of_the_team_and_never_past_the_day(
    db: Database,
) -> None:
    desk.set_absence(
        db, "Frau Keller", date(2026, 12, 7), date(2026, 12, 7), "krank", identity=UNRESTRICTED
    )
    with db.session() as session:
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        assert cb.same_day_slot(session, keller, NOW)[1].name == "Herr Brandt"  # deputy rule
    desk.set_absence(
        db, "Herr Brandt", date(2026, 12, 7), date(2026, 12, 7), "Urlaub", identity=UNRESTRICTED
    )
    with db.session() as session:
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        assert cb.same_day_slot(session, keller, NOW)[1].name == "Frau Ohm"  # the team
        late = datetime(2026, 12, 7, 15, 50, tzinfo=BERLIN)
        with pytest.raises(OfficeError) as caught:
            cb.same_day_slot(session, keller, late)
    assert "niemand mehr für einen Rückruf frei" in caught.value.message("de")
    assert "Nobody of team 521" in caught.value.message("en")


def test_talk_form_and_hb_appointment_linked_to_the_callback(db: Database) -> None:
    first = appointment_id(db)
    cb.book_callback(db, first, "Empfang", NOW, identity=UNRESTRICTED)
    callback = callback_id(db)
    later = datetime(2026, 12, 7, 10, 50, tzinfo=BERLIN)
    for worker, texts in (
        ("  ", ("Gründe", "", "")),
        ("Frau Keller", ("", "  ", "Termin")),
        ("Frau Keller", ("x" * (cb.TEXT_MAX + 1), "", "")),
    ):
        with pytest.raises(OfficeError):
            cb.record_callback_talk(db, callback, worker, texts, later, identity=UNRESTRICTED)
    with pytest.raises(OfficeError):  # not a callback
        cb.record_callback_talk(db, first, "K", ("a", "b", "c"), later, identity=UNRESTRICTED)
    with db.session() as session:
        assert session.scalars(select(CallbackTalk)).all() == []  # nothing half-written
    hostile = "<b>Brief</b> nicht erhalten; DROP TABLE customer;"
    cb.record_callback_talk(
        db, callback, "Frau Keller", (hostile, "kommt zum Termin", "Kontoauszüge mitbringen"),
        later,
        identity=UNRESTRICTED,
    )  # fmt: skip
    booking = cb.book_hb_appointment(
        db, callback, "Frau Keller", later, RULES, identity=UNRESTRICTED
    )
    assert booking.text_de() == "Folgetermin bei Frau Keller am 08.12.2026, 08:00 Uhr"
    moved = cb.book_hb_appointment(
        db, callback, "Frau Keller", later, RULES,
        datetime(2026, 12, 9, 13, 0, tzinfo=BERLIN),
        identity=UNRESTRICTED,
    )  # fmt: skip
    assert moved.text_de() == "Folgetermin bei Frau Keller am 09.12.2026, 13:00 Uhr"
    with pytest.raises(OfficeError):  # in the past
        cb.book_hb_appointment(db, callback, "K", later, RULES, NOW, identity=UNRESTRICTED)
    with db.session() as session:
        booked = session.scalars(
            select(CaseworkerAppointment).where(CaseworkerAppointment.kind == desk.FOLLOWUP)
        ).one()  # moved, not doubled
        assert booked.callback_id == callback
        customer = session.scalars(select(Customer)).one()
        (view,) = cb.history(session, customer.id)
        row = desk.list_day(session, NOW.date(), identity=UNRESTRICTED)[0]
    assert view.discussed == hostile  # stored as written, escaped where shown
    assert view.lines_de() == [
        "Rückruf am 07.12.2026, 10:45 Uhr durch Frau Keller (Team 521).",
        "Gespräch erfasst von Frau Keller.",
        f"Besprochen: {hostile}",
        "Ergebnis: kommt zum Termin",
        "Nächster Schritt: Kontoauszüge mitbringen",
        "Folgetermin bei Frau Keller am 09.12.2026, 13:00 Uhr.",
    ]
    assert "Ergebnis: kommt zum Termin" in row.booking
    assert "Folgetermin bei Frau Keller am 09.12.2026, 13:00 Uhr" in row.booking


def test_desk_window_books_the_callback_records_its_talk_and_the_hb_appointment(
    qtbot: QtBot, db: Database
) -> None:
    clock = [NOW]
    window = DeskWindow(db, Settings(), lambda: clock[0], Identity("field"))
    qtbot.addWidget(window)
    window.show()
    window.table.selectRow(0)
    box = window.callback_box
    assert not box.isVisible()  # no callback yet
    qtbot.keyClicks(window.worker, "Empfang")
    qtbot.mouseClick(window.callback_button, Qt.MouseButton.LeftButton)
    assert window.message.text().startswith(
        "Rückruf durch Team 521 (Frau Keller) am 07.12.2026, 10:45 Uhr."
    )
    assert box.isVisible()
    assert "Rückruf am 07.12.2026, 10:45 Uhr durch Frau Keller" in box.history.text()
    clock[0] = datetime(2026, 12, 7, 10, 50, tzinfo=BERLIN)
    window.worker.setText("Frau Keller")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # empty form
    assert "Bitte eintragen, was besprochen wurde" in window.message.text()
    box.discussed.setPlainText("<i>Post</i> kam nicht an")
    box.outcome.setPlainText("kommt zum Termin")
    box.next_step.setPlainText("Kontoauszüge mitbringen")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "Rückrufgespräch gespeichert."
    assert "Besprochen: &lt;i&gt;Post&lt;/i&gt; kam nicht an" in box.history.text()
    assert box.slots.currentText().startswith("08.12.2026")
    qtbot.mouseClick(box.book_button, Qt.MouseButton.LeftButton)
    assert "Gebucht: Folgetermin bei Frau Keller am 08.12.2026, 08:00 Uhr" in (
        window.message.text()
    )
    assert "Folgetermin bei Frau Keller am 08.12.2026, 08:00 Uhr." in box.history.text()
    assert box.book_button.text() == "HB-Termin umbuchen"
    with db.session() as session:
        talk = session.scalars(select(CallbackTalk)).one()
        assert (talk.worker, talk.outcome) == ("Frau Keller", "kommt zum Termin")
        booked = session.scalars(
            select(CaseworkerAppointment).where(CaseworkerAppointment.callback_id.is_not(None))
        ).one()
        assert booked.kind == desk.FOLLOWUP


def test_the_callback_talk_is_the_vermerk_and_goes_with_the_lift_note(db: Database) -> None:
    from tests.factories import verify_rule_sets
    from tests.test_office_outbox import suspend

    verify_rule_sets(db)
    suspend(db, "962D000001")
    first = appointment_id(db)
    cb.book_callback(db, first, "Empfang", NOW, identity=UNRESTRICTED)
    with db.session() as session:
        assert desk.talk_note(session, first, identity=UNRESTRICTED) == ""  # nothing talked yet
    later = datetime(2026, 12, 7, 10, 50, tzinfo=BERLIN)
    cb.record_callback_talk(
        db,
        callback_id(db),
        "Frau Keller",
        ("Post kam nicht an", "kommt", ""),
        later,
        identity=UNRESTRICTED,
    )
    with db.session() as session:
        note = desk.talk_note(session, first, identity=UNRESTRICTED)
    assert note.splitlines()[:2] == [
        "Meldeversäumnis (Termin in der Eingangszone 07.12.2026): keine AB verfügbar, "
        "Rückruf des Teams.",
        "Rückruf am 07.12.2026, 10:45 Uhr durch Frau Keller (Team 521).",
    ]
    text = desk.send_lift_note(db, first, "Frau Keller", later, identity=UNRESTRICTED)
    assert "Rückruf durch das Team gebucht" in text
    with db.session() as session:
        task = session.scalars(
            select(Task).where(Task.title.like("Vorläufige Zahlungseinstellung%"))
        ).one()
    assert "Besprochen: Post kam nicht an" in task.text
