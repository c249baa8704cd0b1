"""The flagging form: live judgement in plain German, the Thursday deadline, one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.domain.escalation import Invitation
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_flagging as flagging
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Customer, Flag, PhoneCall
from fieldkit.store.models import Invitation as InvitationRecord
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.flagging import FlaggingDialog

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY_EARLY = datetime(2026, 12, 3, 15, 59, tzinfo=BERLIN)  # KW 49: flag for KW 50
THURSDAY_LATE = datetime(2026, 12, 3, 16, 1, tzinfo=BERLIN)  # after the cutoff: KW 51


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "office.sqlite"))
    yield database
    database.dispose()


def complete_form(**changes: object) -> flagging.FlagForm:
    values: dict[str, object] = {
        "kundennummer": "962D555001", "nachname": "Probst", "vorname": "Lina",
        "geburtsdatum": date(1988, 4, 2), "strasse": "Ulmenweg", "hausnummer": "4", "plz": "74074",
        "ort": "Heilbronn", "hb": "Frau Keller", "team": "521",
        "einladung1": Invitation(date(2026, 10, 5), False, False),
        "einladung2": Invitation(date(2026, 10, 26), True, False),
        "anruf1": datetime(2026, 11, 2, 9, 10, tzinfo=BERLIN),
        "anruf2": datetime(2026, 11, 4, 14, 30, tzinfo=BERLIN),
        "sinnhaftigkeit": "Telefonisch nicht erreichbar, Kontakt zum Arbeitsbündnis fehlt",
        "termin": datetime(2026, 12, 15, 9, 0, tzinfo=BERLIN), "termin_ort": "Raum 1.05",
        "offene_mitwirkung": ("Kontoauszüge",),
    }  # fmt: skip
    values.update(changes)
    return flagging.FlagForm(**values)  # type: ignore[arg-type]


def test_complete_chain_is_eligible_for_next_week() -> None:
    verdict = flagging.judge(complete_form(), THURSDAY_EARLY, RulesSettings())
    assert verdict.status.value == "eligible"
    assert verdict.lines == []
    assert str(verdict.week) == "2026-W50"
    assert not verdict.late
    assert verdict.deadline_text.startswith("für KW 50 noch bis Donnerstag 03.12., 16:00")


def test_plain_german_lines_for_missing_and_same_day_calls() -> None:
    rules = RulesSettings()
    missing = flagging.judge(complete_form(anruf2=None), THURSDAY_EARLY, rules)
    assert "Zweiter Anruf fehlt" in missing.lines
    assert missing.status.value == "blocked"
    same_day = flagging.judge(
        complete_form(anruf2=datetime(2026, 11, 2, 15, 0, tzinfo=BERLIN)), THURSDAY_EARLY, rules
    )
    assert "Anrufe am selben Tag" in same_day.lines


def test_late_thursday_flag_goes_to_the_week_after() -> None:
    verdict = flagging.judge(complete_form(), THURSDAY_LATE, RulesSettings())
    assert str(verdict.week) == "2026-W51"
    assert verdict.late
    assert "KW 51" in verdict.week_text()


def test_incomplete_master_data_is_not_saved(db: Database) -> None:
    form = complete_form(plz="7407", nachname="")
    assert "Nachname fehlt." in form.problems()
    with pytest.raises(flagging.OfficeError):
        flagging.save(db, form, THURSDAY_EARLY, RulesSettings(), identity=UNRESTRICTED)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0


def test_saved_flag_has_the_same_records_as_an_imported_row(db: Database) -> None:
    done = flagging.save(
        db, complete_form(), THURSDAY_EARLY, RulesSettings(), identity=UNRESTRICTED
    )
    assert (str(done.week), done.status.value, done.outcome) == ("2026-W50", "eligible", "created")
    with db.session() as session:
        flag = session.scalars(select(Flag)).one()
        assert flag.customer.kundennummer == "962D555001"
        assert flag.customer.caseworker is not None
        assert flag.customer.caseworker.name == "Frau Keller"
        assert flag.customer.address is not None
        assert flag.customer.address.plz == "74074"
        assert flag.open_cooperation == ["Kontoauszüge"]
        assert session.scalar(select(func.count()).select_from(InvitationRecord)) == 2
        assert session.scalar(select(func.count()).select_from(PhoneCall)) == 2
    again = flagging.save(
        db, complete_form(), THURSDAY_EARLY, RulesSettings(), identity=UNRESTRICTED
    )
    assert again.outcome == "unchanged"


def _type(qtbot: QtBot, dialog: FlaggingDialog, name: str, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.clear()
    qtbot.keyClicks(edit, text)


def fill(qtbot: QtBot, dialog: FlaggingDialog) -> None:
    for name, text in (
        ("kundennummer", "962D555002"), ("nachname", "Brenner"), ("vorname", "Ida"),
        ("geburtsdatum", "02.04.1988"), ("strasse", "Ulmenweg"), ("hausnummer", "4"),
        ("plz", "74074"), ("ort", "Heilbronn"), ("einladung1_datum", "05.10.2026"),
        ("einladung2_datum", "26.10.2026"), ("anruf1", "02.11.2026 09:10"),
        ("termin", "15.12.2026 09:00"),
    ):  # fmt: skip
        _type(qtbot, dialog, name, text)
    qtbot.keyClicks(dialog.sinnhaftigkeit, "Kein Kontakt trotz Einladungen")


def make_dialog(qtbot: QtBot, db: Database, now: datetime) -> FlaggingDialog:
    dialog = FlaggingDialog(
        db, Settings(), lambda: now, Identity("office", "Frau Keller", "521"), None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_form_judges_live_and_saves(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, THURSDAY_EARLY)
    fill(qtbot, dialog)
    assert "Zweiter Anruf fehlt" in dialog.lines_label.text()
    assert dialog.status_label.text() == "gesperrt"
    _type(qtbot, dialog, "anruf2", "02.11.2026 15:00")
    assert "Anrufe am selben Tag" in dialog.lines_label.text()
    _type(qtbot, dialog, "anruf2", "04.11.2026 14:30")
    assert dialog.status_label.text() == "planbar"
    assert "für KW 50 noch bis Donnerstag" in dialog.deadline_label.text()
    assert dialog.hb.text() == "Frau Keller"
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "KW 50/2026" in dialog.message.text()
    with db.session() as session:
        assert session.scalars(select(Flag.visit_week)).all() == ["2026-W50"]


def test_late_thursday_flag_in_the_form(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, THURSDAY_LATE)
    fill(qtbot, dialog)
    _type(qtbot, dialog, "anruf2", "04.11.2026 14:30")
    assert "Nach Fristende" in dialog.deadline_label.text()
    assert "KW 51/2026" in dialog.deadline_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        assert session.scalars(select(Flag.visit_week)).all() == ["2026-W51"]


def test_unreadable_date_blocks_saving(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, THURSDAY_EARLY)
    fill(qtbot, dialog)
    _type(qtbot, dialog, "anruf2", "30.02.2026 9")
    assert "kein gültiges Datum" in dialog.lines_label.text()
    assert not dialog.save_button.isEnabled()


def test_roles_decide_the_features(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    def window_for(identity: Identity) -> MainWindow:
        state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        settings = identity.to_settings(Settings())
        window = MainWindow(db, settings, state, lambda: THURSDAY_EARLY)
        qtbot.addWidget(window)
        return window

    office = window_for(Identity("office", "Frau Keller", "521"))
    assert "office" in office.features
    assert "planning" not in office.features
    assert office.features.get_as("office", OfficeFeature).action_flag.isEnabled()
    assert "Frau Keller" in office.features.get_as("office", OfficeFeature).who.text()
    assert (
        office.features.get_as("office", OfficeFeature).open_label.text() == "Posteingang: 0 offen"
    )
    field = window_for(Identity("field"))
    assert "planning" in field.features
    assert not field.features.get_as("office", OfficeFeature).action_flag.isEnabled()
    assert field.features.get_as("office", OfficeFeature).action_desk.isEnabled()


def test_role_dialog_asks_for_a_name_in_the_back_office(qtbot: QtBot) -> None:
    from fieldkit.ui.office.role_dialog import RoleDialog

    dialog = RoleDialog([("Frau Keller", "521"), ("Herr Brandt", "523")])
    qtbot.addWidget(dialog)
    dialog.name_combo.setCurrentText("Herr Brandt")
    assert dialog.team_edit.text() == "523"
    dialog.name_combo.setCurrentText("")
    dialog._accept()
    assert dialog.error.text() == "Bitte Ihren Namen angeben."
    dialog.field_button.setChecked(True)
    assert dialog.identity() == Identity("field")
    dialog.office_button.setChecked(True)
    dialog.name_combo.setCurrentText("Frau Keller")
    dialog.lead_check.setChecked(True)
    chosen = dialog.identity()
    assert chosen == Identity("office", "Frau Keller", "521", team_lead=True)
    stored = chosen.to_settings(Settings())
    assert Identity.from_settings(stored) == chosen


def test_the_contract_codes_speak_the_users_language() -> None:
    from fieldkit.domain.appointment import AppointmentKind

    form = complete_form(
        termin_art=AppointmentKind.VIDEO,
        termin=datetime(2026, 12, 12, 10, 0, tzinfo=BERLIN),  # a Saturday in the visit week
        anruf2=datetime(2026, 11, 4, 19, 30, tzinfo=BERLIN),
    )
    english = flagging.judge(form, THURSDAY_EARLY, RulesSettings(), lang="en")
    assert english.status.value == "warning"
    text = "\n".join(english.lines)
    assert "by video" in text
    assert "falls on a Saturday" in text
    assert "inside the visit week 2026-W50" in text
    assert "Call 04.11.2026 19:30 outside 07:00–19:00" in text
    german = "\n".join(flagging.judge(form, THURSDAY_EARLY, RulesSettings()).lines)
    assert "Termin per Video" in german
    assert "Samstag" in german
    # A call planned for tomorrow: the chain is not complete yet.
    future = complete_form(anruf2=datetime(2026, 12, 4, 9, 0, tzinfo=BERLIN))
    assert flagging.judge(future, THURSDAY_EARLY, RulesSettings()).status.value == "blocked"


def test_the_form_refuses_a_broken_bg_number_and_stores_a_good_one(db: Database) -> None:
    from fieldkit.domain.appointment import AppointmentKind
    from fieldkit.services.office import OfficeError

    with pytest.raises(OfficeError) as bad_bg:
        flagging.save(
            db,
            complete_form(bg_nummer="<b>&"),
            THURSDAY_EARLY,
            RulesSettings(),
            identity=UNRESTRICTED,
        )
    assert "BG-Nummer" in bad_bg.value.message("de")
    with pytest.raises(OfficeError) as bad_rbs:
        flagging.save(
            db,
            complete_form(regelbedarfsstufe=9),
            THURSDAY_EARLY,
            RulesSettings(),
            identity=UNRESTRICTED,
        )
    assert "Regelbedarfsstufe" in bad_rbs.value.message("de")
    form = complete_form(
        termin_art=AppointmentKind.PHONE, regelbedarfsstufe=3, bg_nummer="96203BG0012345"
    )
    done = flagging.save(db, form, THURSDAY_EARLY, RulesSettings(), identity=UNRESTRICTED)
    assert done.status.value == "warning"
    with db.session() as session:
        flag = session.scalars(select(Flag)).one()
        assert (flag.appointment_kind, flag.standard_need_level, flag.bg_number) == (
            "phone", 3, "96203BG0012345",
        )  # fmt: skip


def test_the_dialog_has_the_new_fields(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, THURSDAY_EARLY)
    fill(qtbot, dialog)
    _type(qtbot, dialog, "anruf2", "04.11.2026 14:30")
    assert dialog.status_label.text() == "planbar"
    dialog.termin_art.setCurrentIndex(1)  # telefonisch
    assert dialog.status_label.text() == "Hinweis"
    assert "Termin per Telefon" in dialog.lines_label.text()
    dialog.regelbedarfsstufe.setValue(2)
    _type(qtbot, dialog, "bg_nummer", "96203BG7")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        flag = session.scalars(select(Flag)).one()
        assert (flag.appointment_kind, flag.standard_need_level, flag.bg_number) == (
            "phone", 2, "96203BG7",
        )  # fmt: skip


def test_a_known_customer_brings_the_letter_facts_of_the_last_flag(
    qtbot: QtBot, db: Database
) -> None:
    form = complete_form(regelbedarfsstufe=3, bg_nummer="96203BG0012345")
    flagging.save(db, form, THURSDAY_EARLY, RulesSettings(), identity=UNRESTRICTED)
    with db.session() as session:
        known = flagging.known_customer(session, " 962D555001 ", identity=UNRESTRICTED)
    assert known is not None
    assert (known.regelbedarfsstufe, known.bg_nummer) == (3, "96203BG0012345")
    dialog = make_dialog(qtbot, db, THURSDAY_LATE)
    _type(qtbot, dialog, "kundennummer", "962D555001")
    dialog.prefill()
    assert dialog.regelbedarfsstufe.value() == 3
    assert dialog.bg_nummer.text() == "96203BG0012345"
    assert dialog.nachname.text() == "Probst"


def test_an_impossible_birth_date_is_named_once(qtbot: QtBot, db: Database) -> None:
    dialog = make_dialog(qtbot, db, THURSDAY_EARLY)
    fill(qtbot, dialog)
    _type(qtbot, dialog, "geburtsdatum", "31.02.2026")
    text = dialog.lines_label.text()
    assert "„31.02.2026“ ist kein gültiges Datum" in text
    assert "Geburtsdatum fehlt" not in text
    assert not dialog.save_button.isEnabled()
    _type(qtbot, dialog, "geburtsdatum", "")
    assert "Geburtsdatum fehlt" in dialog.lines_label.text()
