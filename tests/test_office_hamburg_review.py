"""The Hamburg rules at work (issue 17): the six-monthly review, the situation, posts and talks
entered in the UI, and the talks per full-time post and the presence share in the exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_hamburg as hh
from fieldkit.services import office_hamburg_review as review
from fieldkit.services import office_reports as reports
from fieldkit.services.office import UNRESTRICTED, Identity, OfficeError
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Customer
from fieldkit.store.models_office import CaseworkerPost, CounsellingReview, CounsellingTalk
from fieldkit.ui.office.contacts import ContactsWindow
from fieldkit.ui.office.flagging import FlaggingDialog
from fieldkit.ui.office.reports import ReportWindow
from tests.factories import add_flagged

HAMBURG = RulesSettings(hamburg_rules=True, federal_state="HH")
KELLER = Identity("office", "Frau Keller", "521")
LEAD = Identity("office", "Frau Lead", "521", team_lead=True)
TODAY = date(2026, 12, 14)
NOW = datetime(2026, 12, 14, 10, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "review.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen")
    add_flagged(database, "962D000003", "Maier", "Weinsberg", hb="Herr Brandt")
    with database.session() as session:  # first recorded in June: the review falls due now
        session.execute(update(Customer).values(created_at=datetime(2026, 6, 1, 9, tzinfo=UTC)))
    yield database
    database.dispose()


def hamburg_settings() -> Settings:
    return Settings().replace("rules", hamburg_rules=True, federal_state="HH")


def test_the_six_monthly_review_is_due_and_recorded(db: Database) -> None:
    hh.set_situation(db, HAMBURG, "962D000001", "u25_unemployed", identity=UNRESTRICTED)
    hh.set_situation(db, HAMBURG, "962D000003", "integrated", identity=UNRESTRICTED)
    with db.session() as session:
        with pytest.raises(OfficeError):
            review.reviews_due(session, KELLER, TODAY, RulesSettings())  # off
        rows = review.reviews_due(session, Identity(), TODAY, HAMBURG)
    assert [(r.caseworker, r.kundennummer, r.due, r.overdue) for r in rows] == [
        ("Frau Keller", "962D000001", date(2026, 12, 1), True),
        ("Herr Brandt", "962D000003", date(2026, 12, 1), True),
    ]
    assert rows[0].situation == "Aktivierbare U25 „alo“"
    for number, day, who, note in (
        ("000", TODAY, "Frau Keller", ""),  # unknown customer
        ("962D000001", TODAY + timedelta(days=1), "Frau Keller", ""),  # future
        ("962D000001", TODAY, "  ", ""),  # who?
        ("962D000001", TODAY, "Frau Keller", "x" * (review.NOTE_MAX + 1)),  # huge
    ):
        with pytest.raises(OfficeError):
            review.record_review(db, HAMBURG, number, day, who, note, TODAY, identity=UNRESTRICTED)
    with db.session() as session:
        assert session.scalars(select(CounsellingReview)).all() == []
    due = review.record_review(
        db,
        HAMBURG,
        " 962D000001 ",
        date(2026, 12, 10),
        "Frau Keller",
        "Bedarf besteht",
        TODAY,
        identity=UNRESTRICTED,
    )
    assert due == date(2027, 6, 10)
    with db.session() as session:
        mine = review.reviews_due(session, KELLER, TODAY, HAMBURG)
        assert mine == []  # reviewed; Herr Brandt's customer is not hers
        later = review.reviews_due(session, KELLER, date(2027, 5, 20), HAMBURG)
    assert [(r.kundennummer, r.last_review, r.due, r.overdue) for r in later] == [
        ("962D000001", date(2026, 12, 10), date(2027, 6, 10), False)
    ]


def test_situations_and_caseworkers_follow_the_view(db: Database) -> None:
    hh.set_situation(db, HAMBURG, "962D000002", "p10_parents", identity=UNRESTRICTED)
    with db.session() as session:
        mine = review.situations(session, KELLER, HAMBURG)
        team = review.situations(session, LEAD, HAMBURG)
        assert review.caseworker_names(session, KELLER) == ["Frau Keller"]
        assert review.caseworker_names(session, LEAD) == ["Frau Keller", "Herr Brandt"]
    assert [(r.kundennummer, r.situation) for r in mine] == [
        ("962D000002", "p10_parents"),
        ("962D000001", ""),
    ]
    assert len(team) == 3


def _talks(db: Database) -> None:
    hh.set_post(db, HAMBURG, "Frau Keller", 0.5, identity=UNRESTRICTED)
    monday = date(2026, 11, 30)  # 2026-W49
    for n, channel in enumerate(["in_person"] * 6 + ["video"] * 2 + ["phone"] * 2):
        hh.record_talk(db, HAMBURG, "Frau Keller", "962D000001", monday + timedelta(days=n % 5),
                       channel, TODAY, identity=UNRESTRICTED)  # fmt: skip
    hh.record_talk(
        db, HAMBURG, "Herr Brandt", "962D000003", monday, "phone", TODAY, identity=UNRESTRICTED
    )


def test_the_talk_figures_are_a_table_in_both_exports(db: Database, tmp_path: Path) -> None:
    _talks(db)
    monday = date(2026, 11, 30)
    with db.session() as session:
        figures = hh.talk_figures(session, LEAD, monday, monday + timedelta(days=6), HAMBURG)
    table = review.talk_table_de(figures)
    assert table[0] == review.TALK_HEADER_DE
    assert table[1:] == [
        ("Frau Keller", 0.5, 1, 10, 20.0, 8, "80 %"),
        ("Herr Brandt", 1.0, 1, 1, 1.0, 0, "0 %"),
        ("gesamt", 1.5, 1, 11, 7.3, 8, "73 %"),
    ]
    assert review.talk_table_de([]) == []
    rows = [reports.ReportRow("2026-W49", "", "", flagged=3, visited=2, met=1, not_met=1)]
    reports.export_xlsx(rows, tmp_path / "r.xlsx", "Bericht", talks=table, identity=UNRESTRICTED)
    sheet = load_workbook(tmp_path / "r.xlsx")["Beratungsgespräche"]
    values = [[c.value for c in line] for line in sheet.iter_rows()]
    assert values[0][4] == "je Vollzeitstelle und Woche (Ziel 20)"
    assert values[1] == ["Frau Keller", 0.5, 1, 10, 20, 8, "80 %"]
    assert values[3][0] == "gesamt"
    reports.export_pdf(rows, tmp_path / "r.pdf", "Bericht", talks=table, identity=UNRESTRICTED)
    pages = PdfReader(tmp_path / "r.pdf").pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # cells wrap
    assert "Beratungsgespräche (Hamburger Regeln)" in text
    assert "Anteil Präsenz (Ziel 80 %)" in text
    assert "7,3" in text
    assert "73 %" in text


def test_the_report_window_exports_the_talk_figures(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    _talks(db)
    window = ReportWindow(db, hamburg_settings(), lambda: NOW, LEAD)
    qtbot.addWidget(window)
    path = window.export("pdf", tmp_path / "team.pdf")
    assert path is not None
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Beratungsgespräche (Hamburger Regeln)" in text
    assert "Frau Keller" in text
    xlsx = window.export("xlsx", tmp_path / "team.xlsx")
    assert xlsx is not None
    assert "Beratungsgespräche" in load_workbook(xlsx).sheetnames
    plain = ReportWindow(db, Settings(), lambda: NOW, LEAD)
    qtbot.addWidget(plain)
    other = plain.export("xlsx", tmp_path / "plain.xlsx")
    assert other is not None
    assert "Beratungsgespräche" not in load_workbook(other).sheetnames


def test_the_hamburg_window_takes_situation_review_posts_and_talks(
    qtbot: QtBot, db: Database
) -> None:
    window = ContactsWindow(db, hamburg_settings(), lambda: NOW, LEAD)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.count() == 4
    # The situation: choose a customer and a group of the concept.
    tab = window.situation_tab
    window.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 3
    assert tab.model.index(0, 3).data() == "unbekannt"
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)  # nothing chosen
    assert tab.message.text() == "Bitte einen Kunden wählen."
    tab.table.selectRow(1)
    number = tab.model.index(1, 2).data()
    tab.combo.setCurrentIndex(tab.combo.findData("u25_unemployed"))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == "Situation gespeichert: Aktivierbare U25 „alo“"
    with db.session() as session:
        customer = session.scalars(select(Customer).where(Customer.kundennummer == number)).one()
        assert customer.situation == "u25_unemployed"
    # The review of that customer is due (first recorded in June): record it.
    rtab = window.review_tab
    window.tabs.setCurrentWidget(rtab)
    assert rtab.model.rowCount() == 1
    assert "(überfällig)" in rtab.model.index(0, 5).data()
    rtab.table.selectRow(0)
    assert rtab.number.text() == number
    rtab.day.setDate(QDate(2026, 12, 15))  # tomorrow
    qtbot.mouseClick(rtab.save_button, Qt.MouseButton.LeftButton)
    assert rtab.message.text() == "Das Datum liegt in der Zukunft."
    rtab.day.setDate(QDate(2026, 12, 14))
    qtbot.keyClicks(rtab.note, "Bedarf besteht")
    qtbot.mouseClick(rtab.save_button, Qt.MouseButton.LeftButton)
    assert rtab.message.text() == "Überprüfung gespeichert; die nächste ist am 14.06.2027 fällig."
    assert rtab.model.rowCount() == 0
    # Posts and talks.
    ptab = window.posts_tab
    window.tabs.setCurrentWidget(ptab)
    assert [ptab.post_worker.itemText(i) for i in range(ptab.post_worker.count())] == [
        "Frau Keller",
        "Herr Brandt",
    ]
    ptab.fte.setValue(0.5)
    qtbot.mouseClick(ptab.findChild(type(rtab.save_button), "post_save"), Qt.MouseButton.LeftButton)
    assert ptab.message.text() == "Stellenanteil gespeichert: Frau Keller – 0,50"
    ptab.talk_worker.setCurrentText("Herr Brandt")
    qtbot.keyClicks(ptab.talk_number, "962D000003")
    ptab.channel.setCurrentIndex(ptab.channel.findData("video"))
    talk_button = ptab.findChild(type(rtab.save_button), "talk_save")
    qtbot.mouseClick(talk_button, Qt.MouseButton.LeftButton)
    assert ptab.message.text() == "Gespräch erfasst."
    ptab.talk_day.setDate(QDate(2027, 1, 1))
    qtbot.mouseClick(talk_button, Qt.MouseButton.LeftButton)
    assert ptab.message.text() == "Das Datum liegt in der Zukunft."
    with db.session() as session:
        assert [p.fte for p in session.scalars(select(CaseworkerPost))] == [0.5]
        (talk,) = session.scalars(select(CounsellingTalk))
        assert (talk.channel, talk.held_on) == ("video", TODAY)


def test_the_flagging_form_shows_the_mitwirkung_end_beside_the_appointment(
    qtbot: QtBot, db: Database
) -> None:
    from tests.test_office_flagging import THURSDAY_EARLY, _type, fill

    assert hh.mitwirkung_period([(date(2026, 10, 5), False)], None, HAMBURG) is None  # one miss
    period = hh.mitwirkung_period(
        [(date(2026, 10, 5), False), (date(2026, 10, 26), False)], date(2026, 12, 15), HAMBURG
    )
    assert period is not None
    assert period.start == date(2026, 10, 26)
    assert period.appointment_beyond
    dialog = FlaggingDialog(db, hamburg_settings(), lambda: THURSDAY_EARLY, KELLER, None)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog)  # two invitations missed, the appointment on 15.12.2026
    end = f"{period.end:%d.%m.%Y}"
    assert dialog.mitwirkung_end.isVisible()
    assert dialog.mitwirkung_end.text() == (
        f"Mangelnde Mitwirkung bis {end} – Achtung: der Termin liegt danach."
    )
    _type(qtbot, dialog, "termin", f"{period.end - timedelta(days=1):%d.%m.%Y} 09:00")
    assert dialog.mitwirkung_end.text() == f"Mangelnde Mitwirkung bis {end}"
    dialog.inv_came[1].setChecked(True)  # came to the second: no period
    dialog.update_verdict()
    assert not dialog.mitwirkung_end.isVisible()
    plain = FlaggingDialog(db, Settings(), lambda: THURSDAY_EARLY, KELLER, None)
    qtbot.addWidget(plain)
    plain.show()
    fill(qtbot, plain)
    assert not plain.mitwirkung_end.isVisible()  # an office without the Hamburg rules


def test_cli_reviews_and_the_report_with_talks(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from fieldkit.cli import main
    from fieldkit.settings import settings_file

    url = str(tmp_path / "review.sqlite")
    assert main(["office-reviews-due", "--db", url]) != 0  # off
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(json.dumps({"rules": {"hamburg_rules": True}}), encoding="utf-8")
    hh.set_situation(db, HAMBURG, "962D000003", "integrated", identity=UNRESTRICTED)
    capsys.readouterr()
    assert main(["office-reviews-due", "--day", "2026-12-14", "--db", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split("\t") == ["Herr Brandt", "962D000003", "Integrierte", "-", "2026-12-01"]
    with pytest.raises(SystemExit):  # argparse: --by is required
        main(["office-review", "962D000003", "2026-12-10", "--db", url])
    assert main(["office-review", "962D000003", "10.12.2026", "--by", "K", "--db", url]) != 0
    assert main(["office-review", "962D000003", "2026-11-30", "--by", "K", "--db", url]) == 0
    assert "due on 2027-05-30" in capsys.readouterr().out
    _talks(db)
    xlsx = tmp_path / "report.xlsx"
    args = ["office-report", "--from", "2026-W49", "--to", "2026-W49", "--xlsx", str(xlsx)]
    assert main([*args, "--db", url]) == 0
    assert "gesamt\t1.5\t1\t11\t7.3\t8\t73 %" in capsys.readouterr().out
    assert load_workbook(xlsx)["Beratungsgespräche"]["A4"].value == "gesamt"
    assert main(["office-report", "--from", "W49", "--db", url]) != 0  # one clear sentence
