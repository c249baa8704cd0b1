"""The benefits outbox (issue 17): hints, suspension decisions and lift notes become one
E-Akte-ready message each, open until handed over; listed, printed, exported, counted."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.services import office_desk as desk
from fieldkit.services import office_followup as followup
from fieldkit.services import office_outbox as outbox
from fieldkit.services.office import UNRESTRICTED, Identity, OfficeError
from fieldkit.services.office_outbox_pdf import export, render_message
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Flag, Task
from fieldkit.store.models_office import BenefitsMessage
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.outbox import OutboxWindow
from tests.factories import add_flagged, verify_rule_sets
from tests.test_office_inbox import add_visit

KELLER = Identity("office", "Frau Keller", "521")
OTHER_TEAM = Identity("office", "Herr Ost", "530")
AFTER = datetime(2026, 12, 11, 10, tzinfo=UTC)  # the factories' appointments are on 10.12.
LATER = datetime(2026, 12, 14, 9, tzinfo=UTC)


def _setup(database: Database) -> None:
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen")
    with database.session() as session:
        for flag in session.scalars(select(Flag)):
            flag.bg_number = "96201BG" + flag.customer.kundennummer[-4:]
    verify_rule_sets(database)  # the invitations carry an RFB under a verified rule set


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "outbox.sqlite"))
    _setup(database)
    yield database
    database.dispose()


def suspend(db: Database, kundennummer: str, hint: str = "") -> uuid.UUID:
    """A visit that handed the invitation over, the missed appointment, a suspension."""
    add_visit(db, kundennummer, "KD angetroffen.", hint=hint)
    with db.session() as session:
        rows = followup.list_followups(session, KELLER, AFTER)
    flag_id = next(r.flag_id for r in rows if r.kundennummer == kundennummer)
    followup.record_attendance(db, KELLER, flag_id, False, "Frau Keller", AFTER)
    followup.decide(db, KELLER, flag_id, followup.SUSPEND, "", "Frau Keller", AFTER)
    return flag_id


def test_each_team_collects_only_its_own_customers_hints(db: Database) -> None:
    # A team lead's login on the central database reads other teams' visits too (the file
    # sync's window) but may write outbox messages only for its team: one other team's hint
    # made the whole outbox window fail there ("Der Vorgang ist fehlgeschlagen").
    add_visit(db, "962D000001", "KD angetroffen.", hint="Neue Arbeitsstelle ab 1.1.")
    assert outbox.collect_hints(db, AFTER, identity=OTHER_TEAM) == 0
    with db.session() as session:
        assert session.scalars(select(BenefitsMessage)).all() == []
    assert outbox.collect_hints(db, AFTER, identity=KELLER) == 1


def test_hint_from_a_visit_becomes_one_message_once(db: Database) -> None:
    visit_id = add_visit(db, "962D000001", "KD angetroffen.", hint="Neue Arbeitsstelle ab 1.1.")
    with db.session() as session:
        task = session.scalars(select(Task).where(Task.visit_id == visit_id)).one()
        task.text += "\nEin Hinweis der Aufsuchenden Beratung ist " + outbox.PENDING + "."
    assert outbox.collect_hints(db, AFTER, identity=UNRESTRICTED) == 1
    assert outbox.collect_hints(db, AFTER, identity=UNRESTRICTED) == 0  # listing again adds nothing
    with db.session() as session:
        (row,) = outbox.list_messages(session, KELLER)
        assert outbox.list_messages(session, OTHER_TEAM) == []
    assert (row.kind, row.kundennummer, row.bg_number) == (outbox.HINT, "962D000001", "96201BG0001")
    assert row.text == "Neue Arbeitsstelle ab 1.1."
    assert row.state_label == "offen"
    assert "Hausbesuch am 01.12.2026" in row.reason
    outbox.hand_over(db, KELLER, [row.id], "  Frau   Keller ", LATER)
    with db.session() as session:
        (row,) = outbox.list_messages(session, KELLER, outbox.DONE)
        task = session.scalars(select(Task).where(Task.visit_id == visit_id)).one()
    assert row.state_label == "übergeben am 14.12.2026 von Frau Keller"
    assert outbox.PENDING not in task.text
    assert "wurde am 14.12.2026 von Frau Keller an die Leistungsabteilung übergeben" in task.text


def test_suspension_decision_goes_to_the_outbox_and_a_change_follows_it(db: Database) -> None:
    flag_id = suspend(db, "962D000001")
    with db.session() as session:
        (row,) = outbox.list_messages(session, KELLER)
    assert row.kind == outbox.SUSPENSION
    assert "10.12.2026" in row.reason
    assert row.subject == "Vorläufige Zahlungseinstellung veranlassen"
    # Changed while still open: the open message is replaced, nothing is left to hand over.
    followup.decide(db, KELLER, flag_id, followup.NO_SUSPENSION, "Krank, AU liegt vor",
                    "Frau Keller", AFTER)  # fmt: skip
    with db.session() as session:
        assert outbox.list_messages(session, KELLER) == []
    followup.decide(db, KELLER, flag_id, followup.SUSPEND, "", "Frau Keller", AFTER)
    with db.session() as session:
        (row,) = outbox.list_messages(session, KELLER)
    outbox.hand_over(db, KELLER, [row.id], "Frau Keller", LATER)
    # Changed after the hand-over: the benefits department must hear of it.
    followup.decide(db, KELLER, flag_id, followup.NO_SUSPENSION, "AU nachgereicht",
                    "Frau Keller", LATER)  # fmt: skip
    with db.session() as session:
        rows = outbox.list_messages(session, KELLER)
    assert [r.is_open for r in rows] == [False, True]
    assert "AU nachgereicht" in rows[1].reason
    assert "entfällt" in rows[1].text


def test_lift_note_only_where_a_suspension_exists(db: Database) -> None:
    desk.add_appointment(db, LATER, "962D000001", identity=UNRESTRICTED)
    with db.session() as session:
        (appointment,) = desk.list_day(session, LATER.date(), identity=UNRESTRICTED)
    desk.record_talk(
        db, appointment.id, "AB Wolf", "Brief verlegt", "", "", LATER, identity=UNRESTRICTED
    )
    with pytest.raises(OfficeError) as caught:
        desk.send_lift_note(db, appointment.id, "AB Wolf", LATER, identity=UNRESTRICTED)
    assert "keine vorläufige Zahlungseinstellung" in caught.value.message("de")
    with db.session() as session:
        assert session.scalars(select(BenefitsMessage)).first() is None
    suspend(db, "962D000001")
    desk.send_lift_note(db, appointment.id, "AB Wolf", LATER, identity=UNRESTRICTED)
    with pytest.raises(OfficeError):  # lifted once: nothing left to lift
        desk.send_lift_note(db, appointment.id, "AB Wolf", LATER, identity=UNRESTRICTED)
    with db.session() as session:
        lift = next(r for r in outbox.list_messages(session, KELLER) if r.kind == outbox.LIFT)
        task = session.scalars(select(Task).where(Task.title.contains("Aufhebung"))).one()
    assert outbox.pending_sentence(lift.id) in task.text
    outbox.hand_over(db, KELLER, [lift.id], "AB Wolf", LATER)
    with db.session() as session:
        task = session.scalars(select(Task).where(Task.title.contains("Aufhebung"))).one()
    assert outbox.PENDING not in task.text
    assert "von AB Wolf an die Leistungs" in task.text


def test_lift_note_after_the_callback_path(db: Database) -> None:
    suspend(db, "962D000002")
    desk.add_appointment(db, LATER, "962D000002", identity=UNRESTRICTED)
    with db.session() as session:
        (appointment,) = desk.list_day(session, LATER.date(), identity=UNRESTRICTED)
    desk.book_callback(db, appointment.id, "Empfang", LATER, identity=UNRESTRICTED)
    text = desk.send_lift_note(db, appointment.id, "Empfang", LATER, identity=UNRESTRICTED)
    assert "Rückruf durch das Team gebucht" in text
    with db.session() as session:
        kinds = sorted(r.kind for r in outbox.list_messages(session, KELLER))
    assert kinds == [outbox.LIFT, outbox.SUSPENSION]


@pytest.mark.parametrize("who", ["", "   ", "X" * 5000])
def test_hand_over_refuses_bad_input_and_changes_nothing(db: Database, who: str) -> None:
    suspend(db, "962D000001")
    with db.session() as session:
        (row,) = outbox.list_messages(session, KELLER)
    with pytest.raises(OfficeError):
        outbox.hand_over(db, KELLER, [row.id], who, LATER)
    with pytest.raises(OfficeError):
        outbox.hand_over(db, KELLER, [], "Frau Keller", LATER)
    with pytest.raises(OfficeError):  # another team's message, together with an own one
        outbox.hand_over(db, OTHER_TEAM, [row.id], "Herr Ost", LATER)
    with pytest.raises(OfficeError):  # an unknown id spoils the batch
        outbox.hand_over(db, KELLER, [row.id, uuid.uuid4()], "Frau Keller", LATER)
    with db.session() as session:
        assert outbox.list_messages(session, KELLER)[0].is_open
    outbox.hand_over(db, KELLER, [row.id], "Frau Keller", LATER)
    with pytest.raises(OfficeError) as caught:
        outbox.hand_over(db, KELLER, [row.id], "Frau Keller", LATER)
    assert "schon übergeben am 14.12.2026" in caught.value.message("de")


def test_counts_per_kind(db: Database) -> None:
    suspend(db, "962D000001", hint="Umzug angekündigt")
    suspend(db, "962D000002")
    outbox.collect_hints(db, AFTER, identity=UNRESTRICTED)
    with db.session() as session:
        first = outbox.list_messages(session, KELLER)[0]
    outbox.hand_over(db, KELLER, [first.id], "Frau Keller", LATER)
    with db.session() as session:
        counted = outbox.counts(session, KELLER)
    assert sum(o for o, _ in counted.values()) == 2
    assert sum(h for _, h in counted.values()) == 1
    assert counted[outbox.HINT][0] + counted[outbox.HINT][1] == 1


def test_one_pdf_per_message_with_the_facts(db: Database, tmp_path: Path) -> None:
    suspend(db, "962D000001", hint="Nebenjob <b>400 €</b> & mehr")
    outbox.collect_hints(db, AFTER, identity=UNRESTRICTED)
    files = export(db, KELLER, tmp_path / "out")
    assert len(files) == 2
    assert all(f.suffix == ".pdf" for f in files)
    assert not list((tmp_path / "out").glob("*.part"))
    assert all("Zander" not in f.name for f in files)  # no names in file names
    texts = {f.name: PdfReader(f).pages[0].extract_text() for f in files}
    hint = next(t for n, t in texts.items() if "_hint_" in n)
    for expected in ("Mitteilung an die Leistungsabteilung", "Zander, Testa (962D000001)",
                     "96201BG0001", "Nebenjob <b>400 €</b> & mehr", "Status", "offen"):  # fmt: skip
        assert expected in hint
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OfficeError):
        export(db, KELLER, tmp_path / "afile")
    with db.session() as session:
        row = outbox.list_messages(session, KELLER)[0]
    outbox.hand_over(db, KELLER, [row.id], "Frau Keller", LATER)
    with db.session() as session:
        row = outbox.message_row(session, KELLER, row.id)
    render_message(row, tmp_path / "one.pdf")
    assert "übergeben am 14.12.2026 von Frau Keller" in (
        PdfReader(tmp_path / "one.pdf").pages[0].extract_text()
    )
    assert len(export(db, KELLER, tmp_path / "open-only")) == 1


def test_cli_list_export_handover(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.sqlite"
    database = open_database(str(path))
    _setup(database)
    suspend(database, "962D000001", hint="Umzug angekündigt")
    database.dispose()
    assert main(["office-outbox", "list", "--json", "--db", str(path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {m["art"] for m in listed} == {"hint", "suspension"}
    assert {m["bg_nummer"] for m in listed} == {"96201BG0001"}
    assert main(["office-outbox", "export", str(tmp_path / "pdf"), "--db", str(path)]) == 0
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 2
    capsys.readouterr()
    number = listed[0]["nummer"]
    assert (
        main(["office-outbox", "handover", number, "--by", "Frau Keller", "--db", str(path)]) == 0
    )
    assert main(["office-outbox", "handover", "00000000", "--by", "X", "--db", str(path)]) != 0
    assert main(["office-outbox", "handover", number, "--by", "X", "--db", str(path)]) != 0
    capsys.readouterr()
    assert main(["office-outbox", "list", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert number not in out
    assert len(out.strip().splitlines()) == 2  # header + the open one


def test_outbox_window_lists_hands_over_prints_and_exports(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    suspend(db, "962D000001", hint="Umzug angekündigt")  # the hint is taken in on opening
    window = OutboxWindow(db, Settings(), lambda: LATER, KELLER)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 2
    assert window.count_label.text() == "Offen: 2 · übergeben: 0"
    first = window.selected()
    assert first is not None
    assert window.handover_button.isEnabled()
    assert "96201BG0001" in window.heading.text()
    pdf = window.print_selected(tmp_path / "one.pdf")
    assert pdf is not None
    assert first.short_id in PdfReader(pdf).pages[0].extract_text()
    qtbot.mouseClick(window.handover_button, Qt.MouseButton.LeftButton)
    assert f"Nr. {first.short_id} übergeben" in window.message.text()
    assert window.model.rowCount() == 1  # the open view
    assert window.count_label.text() == "Offen: 1 · übergeben: 1"
    window.show_combo.setCurrentIndex(window.show_combo.findData(outbox.DONE))
    assert window.model.rowCount() == 1
    assert window.model.index(0, 6).data() == "übergeben am 14.12.2026 von Frau Keller"
    assert not window.handover_button.isEnabled()
    assert len(window.export_open(tmp_path / "pdfs")) == 1
    (tmp_path / "afile").write_text("x")
    assert window.export_open(tmp_path / "afile") == []
    assert "kein Ordner" in window.message.text()


def test_the_office_menu_opens_the_outbox(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, KELLER.to_settings(Settings()), state, lambda: LATER)
    qtbot.addWidget(window)
    feature = window.features.get_as("office", OfficeFeature)
    assert feature.action_outbox.isEnabled()
    opened = feature.open_outbox()
    assert isinstance(opened, OutboxWindow)
    assert opened.isVisible()
    field = MainWindow(db, Identity("field").to_settings(Settings()), state, lambda: LATER)
    qtbot.addWidget(field)
    assert not field.features.get_as("office", OfficeFeature).action_outbox.isEnabled()
