"""The Hamburg rules for offices that enable them (issue 17, point 4 of the issue): customer
situation, 'Kontakte fällig' per caseworker, end of the Mangelnde Mitwirkung period."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_hamburg as hh
from fieldkit.services.office import UNRESTRICTED, Identity, OfficeError
from fieldkit.settings import Settings, settings_file
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Customer, Flag, Invitation
from fieldkit.store.models_office import DeskTalk
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.contacts import ContactsWindow
from fieldkit.ui.office.followup import FollowUpWindow
from fieldkit.ui.office.reports import ReportWindow
from tests.factories import add_flagged
from tests.test_office_inbox import add_visit

HAMBURG = RulesSettings(hamburg_rules=True, federal_state="HH")
KELLER = Identity("office", "Frau Keller", "521")
TODAY = date(2026, 12, 14)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "hh.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen")
    add_flagged(database, "962D000003", "Maier", "Weinsberg", hb="Herr Brandt")
    yield database
    database.dispose()


def test_off_unless_the_office_enables_them(db: Database) -> None:
    with pytest.raises(OfficeError) as caught:
        hh.set_situation(db, RulesSettings(), "962D000001", "integrated", identity=UNRESTRICTED)
    assert "nicht eingeschaltet" in caught.value.message("de")
    with db.session() as session, pytest.raises(OfficeError):
        hh.contacts_due(session, KELLER, TODAY, RulesSettings())


@pytest.mark.parametrize("bad", ["alo", "x" * 5000, "'; DROP TABLE customer; --"])
def test_a_situation_must_be_one_of_the_concept(db: Database, bad: str) -> None:
    with pytest.raises(OfficeError):
        hh.set_situation(db, HAMBURG, "962D000001", bad, identity=UNRESTRICTED)
    with pytest.raises(OfficeError):
        hh.set_situation(db, HAMBURG, "000", "integrated", identity=UNRESTRICTED)


def test_contacts_due_per_caseworker_by_the_situations_rhythm(db: Database) -> None:
    hh.set_situation(
        db, HAMBURG, "962D000001", "u25_unemployed", identity=UNRESTRICTED
    )  # 12 a year: every 30 days
    hh.set_situation(db, HAMBURG, "962D000002", "integrated", identity=UNRESTRICTED)  # once a year
    hh.set_situation(
        db, HAMBURG, "962D000003", "ue25_activatable", identity=UNRESTRICTED
    )  # never contacted
    add_visit(db, "962D000001", "angetroffen")  # met on 01.12.2026
    add_visit(db, "962D000002", "angetroffen")
    with db.session() as session:
        assert [r.kundennummer for r in hh.contacts_due(session, KELLER, TODAY, HAMBURG)] == []
        everyone = hh.contacts_due(session, Identity(), TODAY, HAMBURG)
        assert [(r.caseworker, r.kundennummer, r.due) for r in everyone] == [
            ("Herr Brandt", "962D000003", TODAY)
        ]
        later = hh.contacts_due(session, KELLER, date(2027, 1, 5), HAMBURG)
    assert [(r.kundennummer, r.last_contact, r.due) for r in later] == [
        ("962D000001", date(2026, 12, 1), date(2026, 12, 31))
    ]
    assert later[0].rule == "mind. 12× jährlich"
    with db.session() as session:  # a desk talk is a contact too
        customer_id = session.scalars(
            select(Customer.id).where(Customer.kundennummer == "962D000001")
        ).one()
        session.add(DeskTalk(appointment_id=_appointment(db, session), customer_id=customer_id,
                             talked_at=datetime(2027, 1, 4, 9, tzinfo=UTC)))  # fmt: skip
    with db.session() as session:
        assert hh.contacts_due(session, KELLER, date(2027, 1, 5), HAMBURG) == []


def _appointment(db: Database, session: object) -> object:
    from fieldkit.services import office_desk as desk

    return desk.add_appointment(
        db, datetime(2027, 1, 4, 9, tzinfo=UTC), "962D000001", identity=UNRESTRICTED
    )


def test_the_mangelnde_mitwirkung_end_beside_the_appointment(db: Database) -> None:
    with db.session() as session:
        flag = session.scalars(
            select(Flag).join(Customer).where(Customer.kundennummer == "962D000001")
        ).one()
        # The factories: two missed invitations, the last on 12.10.2026; appointment 10.12.
        window = hh.mitwirkung_window(flag, HAMBURG)
        assert window is not None
        assert window.start == date(2026, 10, 12)
        assert window.end == date(2026, 11, 23)  # 30 working days (Hamburg holidays)
        assert window.appointment_beyond  # 10.12. lies after it: the warning
        flag.invitations.append(Invitation(seq=3, date=date(2026, 11, 2), attended=True))
        assert hh.mitwirkung_window(flag, HAMBURG) is None  # came since: no period
        with pytest.raises(OfficeError):
            hh.mitwirkung_window(flag, RulesSettings())


def test_cli_situation_and_contacts_due(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "hh.sqlite")
    assert main(["office-situation", "962D000003", "integrated", "--db", url]) != 0  # off
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(json.dumps({"rules": {"hamburg_rules": True}}), encoding="utf-8")
    assert main(["office-situation", "962D000003", "integrated", "--db", url]) == 0
    capsys.readouterr()
    assert main(["office-contacts-due", "--day", "2026-12-14", "--db", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split("\t")[:3] == ["Herr Brandt", "962D000003", "Integrierte"]
    assert main(["office-post", "Herr Brandt", "1.5", "--db", url]) != 0
    assert main(["office-post", "Herr Brandt", "0.75", "--db", url]) == 0
    assert main(["office-talk", "Herr Brandt", "962D000003", "2026-12-01", "--db", url]) == 0
    assert main(["office-talk", "Herr Brandt", "962D000003", "01.12.2026", "--db", url]) != 0
    assert main(["office-contacts-due", "--day", "2026-12-14", "--db", url]) == 0
    assert "962D000003" not in capsys.readouterr().out  # the talk was a contact


def _hamburg_settings() -> Settings:
    return Settings().replace("rules", hamburg_rules=True, federal_state="HH")


def test_contacts_window_and_its_menu_entry(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    hh.set_situation(db, HAMBURG, "962D000001", "u25_unemployed", identity=UNRESTRICTED)
    clock = lambda: datetime(2026, 12, 14, 9, tzinfo=UTC)  # noqa: E731
    window = ContactsWindow(db, _hamburg_settings(), clock, KELLER)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 1
    assert window.model.index(0, 5).data() == "nie"
    assert window.count_label.text() == "Fällig: 1"
    off = ContactsWindow(db, Settings(), clock, KELLER)
    qtbot.addWidget(off)
    assert off.model.rowCount() == 0
    assert "nicht eingeschaltet" in off.message.text()
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    plain = MainWindow(db, KELLER.to_settings(Settings()), state, clock)
    qtbot.addWidget(plain)
    assert not plain.features.get_as("office", OfficeFeature).action_contacts.isEnabled()
    main_window = MainWindow(db, KELLER.to_settings(_hamburg_settings()), state, clock)
    qtbot.addWidget(main_window)
    assert isinstance(
        main_window.features.get_as("office", OfficeFeature).open_contacts(), ContactsWindow
    )


def test_followup_window_shows_the_mitwirkung_end(qtbot: QtBot, db: Database) -> None:
    add_visit(db, "962D000001", "angetroffen")
    clock = lambda: datetime(2026, 12, 11, 9, tzinfo=UTC)  # noqa: E731
    window = FollowUpWindow(db, _hamburg_settings(), clock, KELLER)
    qtbot.addWidget(window)
    window.show()
    assert "Mangelnde Mitwirkung bis 23.11.2026" in window.heading.text()
    assert "der Termin liegt danach" in window.heading.text()
    plain = FollowUpWindow(db, Settings(), clock, KELLER)
    qtbot.addWidget(plain)
    assert "Mangelnde Mitwirkung" not in plain.heading.text()


def test_talks_per_full_time_post_and_presence_share(qtbot: QtBot, db: Database) -> None:
    with pytest.raises(OfficeError):
        hh.set_post(db, HAMBURG, "Frau Keller", 0, identity=UNRESTRICTED)
    with pytest.raises(OfficeError):
        hh.set_post(db, HAMBURG, "Niemand", 0.5, identity=UNRESTRICTED)
    hh.set_post(db, HAMBURG, "Frau Keller", 0.5, identity=UNRESTRICTED)
    monday = date(2026, 11, 30)  # 2026-W49
    for n, channel in enumerate(["in_person"] * 6 + ["video"] * 2 + ["phone"] * 2):
        hh.record_talk(db, HAMBURG, "Frau Keller", "962D000001", monday + timedelta(days=n % 5),
                       channel, TODAY, identity=UNRESTRICTED)  # fmt: skip
    with pytest.raises(OfficeError):  # wrong channel
        hh.record_talk(
            db, HAMBURG, "Frau Keller", "962D000001", monday, "fax", TODAY, identity=UNRESTRICTED
        )
    with pytest.raises(OfficeError):  # in the future
        hh.record_talk(
            db,
            HAMBURG,
            "Frau Keller",
            "962D000001",
            date(2027, 1, 1),
            "phone",
            TODAY,
            identity=UNRESTRICTED,
        )
    lead = Identity("office", "Frau Lead", "521", team_lead=True)
    with db.session() as session:
        rows = hh.talk_figures(session, lead, monday, monday + timedelta(days=6), HAMBURG)
    keller = next(r for r in rows if r.caseworker == "Frau Keller")
    assert (keller.talks, keller.in_presence, keller.fte, keller.weeks) == (10, 8, 0.5, 1)
    assert keller.per_post_and_week == 20.0  # 10 talks on half a post
    assert keller.presence_percent == 80  # video counts as presence, phone not
    assert {r.caseworker for r in rows} == {"Frau Keller", "Herr Brandt"}
    assert hh.team_summary(rows) == (10 / 1.5, 80)
    window = ReportWindow(db, _hamburg_settings(), lambda: datetime(2026, 12, 14, tzinfo=UTC),
                          lead)  # fmt: skip
    qtbot.addWidget(window)
    assert "je Vollzeitstelle und Woche: 6,7 (Ziel 20); in Präsenz: 80 % (Ziel 80 %)" in (
        window.summary.text()
    )
