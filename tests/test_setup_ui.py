"""The Einrichtung window and the first-start wizard (issue 13), driven on real widgets and a
real SQLite file: good, empty, overlong, markup and control-character input on every page, the
retiring of what is removed, setup files in and out, and the whole first week from a fresh
database (wizard → flag list → plan → invitations as PDF)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QWidget, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.domain import setup as domain_setup
from fieldkit.domain.week import BERLIN, IsoWeek
from fieldkit.geo.setup_areas import check_areas, parse_setup
from fieldkit.services import accounts, flaglist, geocoding, planning
from fieldkit.services import printing as print_service
from fieldkit.services import setup as setup_service
from fieldkit.services.demo_setup import write_demo
from fieldkit.services.office import FIELD, OFFICE, UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area, Office, OutreachWorker
from fieldkit.ui.app import first_start
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.setup import SetupFeature
from fieldkit.ui.setup.pages import AreasPage, OfficePage, RecordsPage
from fieldkit.ui.setup.window import SetupWindow
from fieldkit.ui.setup.wizard import SetupWizard, StepPage, needs_setup, run_first_start
from tests.factories import add_flagged, verify_rule_sets
from tests.snapshots import built_once, opened_copy

DATA = Path(__file__).parent / "data"
SETUP_FILE = DATA / "setup-office.toml"
SAMPLE_WEEK = DATA / "spec" / "sample-week.csv"
BAD_VALUES = {
    "empty": "",
    "overlong": "x" * 10_000,
    "markup": "<b>Jobcenter</b><script>alert(1)</script>",
    "control": "Jobcenter\x00\x07Test",
}


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "setup.sqlite"))
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def office_file(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office of tests/data/setup-office.toml, set up once per module (tests/snapshots.py)."""
    return built_once(
        migrated_template,
        tmp_path_factory.mktemp("office"),
        lambda db: setup_service.apply_setup(
            db, parse_setup(SETUP_FILE.read_bytes(), SETUP_FILE.name), identity=UNRESTRICTED
        ),
    )


@pytest.fixture
def office_db(office_file: Path, tmp_path: Path) -> Iterator[Database]:
    """This test's own copy of the set-up office."""
    yield from opened_copy(office_file, tmp_path / "setup.sqlite")


def open_window(qtbot: QtBot, db: Database) -> SetupWindow:
    window = SetupWindow(db, identity=UNRESTRICTED)
    qtbot.addWidget(window)
    window.show()
    return window


def make_main(qtbot: QtBot, db: Database, tmp_path: Path, settings: Settings) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        db, settings, state, lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    qtbot.addWidget(window)
    return window


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace the text as a user would (typed; long or odd text pasted in one edit)."""
    edit.selectAll()
    edit.del_()
    if text.isprintable() and len(text) < 100:
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)  # what a paste does; emits textEdited like typing


def fill_office(qtbot: QtBot, page: OfficePage) -> None:
    for key, value in (
        ("name", "Jobcenter Teststadt"),
        ("street", "Musterweg 3"),
        ("postcode", "74072"),
        ("city", "Heilbronn"),
        ("phone", "07131 000-0"),
    ):
        field = page.fields[key]
        assert isinstance(field, QLineEdit)
        type_into(qtbot, field, value)


def office_rows(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Office.name)))


def check_all_towns(page: AreasPage) -> None:
    towns = page.editor.town_list
    for row in range(towns.count()):
        towns.item(row).setCheckState(Qt.CheckState.Checked)


# -- the menu ---------------------------------------------------------------------------------


def test_einrichtung_is_in_the_back_office_menu_only(
    qtbot: QtBot, office_db: Database, tmp_path: Path
):
    office = Identity(OFFICE, "Frau Keller", "521", True).to_settings(Settings())
    window = make_main(qtbot, office_db, tmp_path, office)
    feature = window.features.get_as("setup", SetupFeature)
    assert isinstance(feature, SetupFeature)
    assert feature.action in window.tools_menu.actions()
    dialog = feature.open_setup("areas")
    qtbot.addWidget(dialog)
    assert dialog.stack.currentWidget() is dialog.page("areas")
    assert dialog.nav.item(0).text() == "Dienststelle"
    field = make_main(qtbot, office_db, tmp_path, Identity(FIELD).to_settings(Settings()))
    assert "setup" not in field.features


# -- the pages --------------------------------------------------------------------------------


def test_office_page_records_the_sender(qtbot: QtBot, empty_db: Database):
    window = open_window(qtbot, empty_db)
    page = window.page("office")
    assert isinstance(page, OfficePage)
    # An empty office: every required field is named, on the page and on the field.
    assert {p.where[2] for p in window.problems if p.where[0] == "office"} >= {"name", "city"}
    assert page.fields["name"].property("problem")
    assert "⚠" in window.problems_label.text()
    fill_office(qtbot, page)
    page.state_combo.setCurrentIndex(page.state_combo.findData("BY"))
    page.letterhead.setPlainText("Kreisverwaltung\nAußenstelle Süd")
    assert window.validate() == []
    assert page.fields["name"].property("problem") == ""
    assert window.apply()
    stored = setup_service.current_setup(empty_db)
    assert stored.office is not None
    assert stored.office.name == "Jobcenter Teststadt"
    assert stored.office.state == "BY"
    assert "übernommen" in window.notes_label.text()


@pytest.mark.parametrize("kind", list(BAD_VALUES))
@pytest.mark.parametrize("key", ["name", "street", "postcode", "phone", "opening_hours"])
def test_office_page_refuses_bad_input(qtbot: QtBot, empty_db: Database, kind: str, key: str):
    if kind == "empty" and key == "opening_hours":
        pytest.skip("opening hours are optional")
    window = open_window(qtbot, empty_db)
    page = window.page("office")
    assert isinstance(page, OfficePage)
    fill_office(qtbot, page)
    field = page.fields[key]
    assert isinstance(field, QLineEdit)
    type_into(qtbot, field, BAD_VALUES[kind])
    problems = [p for p in window.problems if p.where[2] == key]
    assert problems, f"{key}={kind!r} was accepted"
    sentence = problems[0].text("de")
    assert sentence.endswith(".")
    assert "Traceback" not in sentence
    # The field by its label, never by the setup file's key ("„name“ ist leer").
    assert page.labels[key] in sentence
    assert f"„{key}“" not in sentence
    assert len(sentence) < 300
    assert sentence in window.problems_label.text()
    assert field.property("problem") == sentence  # the field is marked
    assert not window.apply()
    assert "nichts gespeichert" in window.notes_label.text()
    assert office_rows(empty_db) == []


RECORD_FIELDS = [
    ("teams", "number"),
    ("branches", "name"),
    ("branches", "street"),
    ("caseworkers", "name"),
    ("caseworkers", "phone"),
    ("outreach_workers", "name"),
    ("outreach_workers", "start"),
    ("outreach_workers", "start_address"),
]


@pytest.mark.parametrize("kind", list(BAD_VALUES))
@pytest.mark.parametrize(("table", "key"), RECORD_FIELDS)
def test_record_pages_refuse_bad_input(
    qtbot: QtBot, office_db: Database, table: str, key: str, kind: str
):
    if kind == "empty" and key in ("phone", "start_address"):
        pytest.skip("optional")
    before = setup_service.current_setup(office_db)
    window = open_window(qtbot, office_db)
    assert window.validate() == []
    page = window.page(table)
    assert isinstance(page, RecordsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    editor = page.editors[table]
    editor.select(0)
    field = editor.widgets[key]
    assert isinstance(field, QLineEdit)
    type_into(qtbot, field, BAD_VALUES[kind])
    problems = [p for p in window.problems if p.where[0] == table and p.where[1] == 0]
    assert problems, f"{table}.{key}={kind!r} was accepted"
    assert problems[0].text("de") in window.problems_label.text()
    label = next(spec.label for spec in editor.specs if spec.key == key)
    assert label in problems[0].text("de")  # the field's label, not the file's key
    assert f"„{key}“" not in problems[0].text("de")
    assert editor.list.item(0).toolTip()  # the entry is marked in the list
    assert any(w.property("problem") for w in editor.widgets.values())
    assert not window.apply()
    assert setup_service.current_setup(office_db) == before


def test_a_new_worker_is_applied_with_days_hours_and_break(qtbot: QtBot, office_db: Database):
    window = open_window(qtbot, office_db)
    page = window.page("outreach_workers")
    assert isinstance(page, RecordsPage)
    editor = page.editors["outreach_workers"]
    count = len(editor.records)
    editor.add_button.click()
    name = editor.widgets["name"]
    assert isinstance(name, QLineEdit)
    type_into(qtbot, name, "CD Probe")
    days = editor.widgets["days"]
    days.boxes["Fr"].setChecked(False)  # type: ignore[attr-defined]
    start = editor.widgets["start"]
    assert isinstance(start, QLineEdit)
    type_into(qtbot, start, "25:00")
    assert any(p.where == ("outreach_workers", count, "start") for p in window.problems)
    assert start.property("problem")
    type_into(qtbot, start, "07:30")
    editor.widgets["break_minutes"].setValue(45)  # type: ignore[attr-defined]
    assert window.validate() == []
    assert window.apply()
    stored = {w.name: w for w in setup_service.current_setup(office_db).outreach_workers}
    assert stored["CD Probe"].days == ["Mo", "Di", "Mi", "Do"]
    assert stored["CD Probe"].start == "07:30"
    assert stored["CD Probe"].break_minutes == 45


def test_removing_a_worker_retires_it_and_says_so(qtbot: QtBot, office_db: Database):
    window = open_window(qtbot, office_db)
    page = window.page("outreach_workers")
    assert isinstance(page, RecordsPage)
    editor = page.editors["outreach_workers"]
    name = editor.records[0].name
    # Areas may name the worker; take it out of the list and apply.
    editor.select(0)
    editor.remove_button.click()
    assert f"„{name}“ wird beim Übernehmen stillgelegt" in window.notes_label.text()
    assert window.apply(), window.problems
    with office_db.session() as session:
        worker = session.scalars(select(OutreachWorker).where(OutreachWorker.name == name)).one()
        assert worker.active is False  # retired, not deleted


def test_area_page_lists_towns_without_area_instead_of_stimmig(qtbot: QtBot, empty_db: Database):
    window = open_window(qtbot, empty_db)
    page = window.page("areas")
    assert isinstance(page, AreasPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.editor.add_button.click()
    page.editor.day_boxes[1].setChecked(True)
    page.editor.town_list.item(0).setCheckState(Qt.CheckState.Checked)
    text = page.editor.problems_label.text()
    assert "stimmig" not in text
    assert "Ohne Gebiet (45)" in text
    assert len(page.free_towns()) == 45
    check_all_towns(page)
    assert "Ohne Gebiet" not in page.editor.problems_label.text()
    # A hostile area name is refused with a sentence on the page.
    page.editor.name_edit.setText("")
    page.editor.name_edit.insert("<i>Nord</i>")
    assert any(p.where[:2] == ("areas", 0) for p in window.problems)
    assert "spitzen Klammern" in page.editor.problems_label.text()


def test_live_area_problems_follow_every_area_edit_between_other_keystrokes(
    qtbot: QtBot, office_db: Database
):
    """The window's area check is remembered while the areas stay the same (most keystrokes
    are elsewhere); what it shows is still exactly the full check's verdict after each edit."""
    window = open_window(qtbot, office_db)
    page = window.page("areas")
    assert isinstance(page, AreasPage)
    office = window.page("office")
    assert isinstance(office, OfficePage)
    name = office.fields["name"]
    assert isinstance(name, QLineEdit)

    def full_check() -> list[tuple[str, tuple[str, int | None, str | None]]]:
        problems = domain_setup.validate_setup(window.setup, check_areas)
        return [(p.code, p.where) for p in problems]  # the window names fields by label

    assert window.problems == []
    window.nav.setCurrentRow(window.pages.index(page))
    page.editor.area_list.setCurrentRow(1)
    days = [box for box in page.editor.day_boxes.values() if box.isChecked()]
    assert days
    for box in days:  # an area without a weekday
        box.setChecked(False)
    refused = [(p.code, p.where) for p in window.problems]
    assert refused, "an area without a weekday is refused"
    assert refused == full_check()
    type_into(qtbot, name, "Jobcenter Nord")  # keystrokes elsewhere: the areas unchanged
    assert [(p.code, p.where) for p in window.problems] == full_check() == refused
    for box in days:
        box.setChecked(True)
    assert window.problems == []
    assert full_check() == []
    type_into(qtbot, name, "")  # an empty sender: its own problem, no stale area one
    assert [(p.code, p.where) for p in window.problems] == full_check()
    assert [p.where[0] for p in window.problems] == ["office"]


@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_area_names_refuse_bad_input(qtbot: QtBot, office_db: Database, kind: str):
    before = setup_service.current_setup(office_db)
    window = open_window(qtbot, office_db)
    page = window.page("areas")
    assert isinstance(page, AreasPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.editor.area_list.setCurrentRow(0)
    page.editor.name_edit.selectAll()
    page.editor.name_edit.del_()
    page.editor.name_edit.insert(BAD_VALUES[kind][: page.editor.name_edit.maxLength()])
    if kind == "overlong":
        # The field takes at most its limit; a longer name cannot even be typed.
        assert len(page.editor.name_edit.text()) == page.editor.name_edit.maxLength()
        page.setup.areas[0].name = BAD_VALUES[kind]
        window.validate()
    problems = [p for p in window.problems if p.where[:2] == ("areas", 0)]
    assert problems, f"area name {kind!r} was accepted"
    assert problems[0].text("de") in page.editor.problems_label.text()
    assert "stimmig" not in page.editor.problems_label.text()
    assert not window.apply()
    assert setup_service.current_setup(office_db) == before


def test_removing_an_area_retires_it_and_says_so(qtbot: QtBot, office_db: Database):
    window = open_window(qtbot, office_db)
    page = window.page("areas")
    assert isinstance(page, AreasPage)
    name = page.setup.areas[-1].name
    for worker in window.setup.outreach_workers:  # nobody may still cover it
        worker.areas = [a for a in worker.areas if a != name]
    page.editor.area_list.setCurrentRow(len(page.setup.areas) - 1)
    page.editor.remove_button.click()
    assert f"Das Gebiet „{name}“ wird beim Übernehmen stillgelegt" in window.notes_label.text()
    assert window.apply(), window.problems
    with office_db.session() as session:
        area = session.scalars(select(Area).where(Area.name == name)).one()
        assert area.active is False  # retired, not deleted
    assert name not in [a.name for a in setup_service.current_setup(office_db).areas]


# -- setup files ------------------------------------------------------------------------------


def test_import_and_export_round_trip(qtbot: QtBot, empty_db: Database, tmp_path: Path):
    window = open_window(qtbot, empty_db)
    assert window.import_file(str(SETUP_FILE))
    assert office_rows(empty_db) == []  # only "Übernehmen" writes
    assert window.validate() == []
    assert window.apply()
    out = tmp_path / "export.toml"
    assert window.export_file(str(out))
    again = parse_setup(out.read_bytes(), out.name)
    assert again.office == setup_service.current_setup(empty_db).office
    assert (
        setup_service.apply_setup(empty_db, again, identity=UNRESTRICTED) == []
    )  # the export changes nothing


def test_import_of_a_bom_and_windows_line_ends_file(qtbot: QtBot, empty_db: Database, tmp_path):
    file = tmp_path / "windows.toml"
    file.write_bytes(b"\xef\xbb\xbf" + SETUP_FILE.read_bytes().replace(b"\n", b"\r\n"))
    window = open_window(qtbot, empty_db)
    assert window.import_file(str(file)), window.notes_label.text()


@pytest.mark.parametrize(
    "content",
    [
        b"this is [not toml",
        b"\xff\xfe\x00n\x00o",
        b"[office]\nname = 3\n",
        b'[office]\nname = "x"\nunknown_key = 1\n',
        b"",
    ],
    ids=["not-toml", "not-utf8", "wrong-type", "unknown-key", "empty"],
)
def test_a_broken_setup_file_gives_one_sentence(
    qtbot: QtBot, empty_db: Database, tmp_path: Path, content: bytes
):
    file = tmp_path / "broken.toml"
    file.write_bytes(content)
    window = open_window(qtbot, empty_db)
    before = window.setup
    assert not window.import_file(str(file))
    text = window.notes_label.text()
    assert text
    assert "\n" not in text
    assert "Traceback" not in text
    assert window.setup is before  # nothing taken over
    assert office_rows(empty_db) == []


def test_a_huge_file_is_refused_before_it_is_read(qtbot: QtBot, empty_db: Database, tmp_path):
    file = tmp_path / "huge.toml"
    with file.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # 50 MB (sparse)
    window = open_window(qtbot, empty_db)
    assert not window.import_file(str(file))
    assert "keine Einrichtungsdatei" in window.notes_label.text()
    assert not window.import_file(str(tmp_path / "missing.toml"))
    assert "lässt sich nicht öffnen" in window.notes_label.text()


# -- first start ------------------------------------------------------------------------------


ADMIN_PW = "verwaltung-2026"


def fill_account(wizard: SetupWizard, again: str = ADMIN_PW) -> None:
    """The first page's administration account (issue 14)."""
    box = wizard.start.account
    assert box is not None
    box.name.setText("verwaltung")
    box.password.setText(ADMIN_PW)
    box.again.setText(again)


def run_wizard(qtbot: QtBot, db: Database) -> SetupWizard:
    wizard = SetupWizard(db, identity=UNRESTRICTED)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.start  # no account yet: refused
    assert "Benutzername" in wizard.start.error.text()
    fill_account(wizard, again="anders-als-vorher")
    wizard.next()
    assert wizard.start.error.text() == "Die beiden Passwörter sind verschieden."
    fill_account(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.office_step
    wizard.next()
    assert wizard.currentPage() is wizard.office_step  # empty office: refused
    assert "⚠ Dienststelle: „Name der Dienststelle“ ist leer." in wizard.office_step.error.text()
    assert "„name“" not in wizard.office_step.error.text()  # never the setup file's key
    fill_office(qtbot, wizard.office_page)
    wizard.next()
    assert wizard.currentPage() is wizard.branches_step  # where customers are invited to
    branches = wizard.branches_page.editors["branches"]
    branches.add_button.click()
    wizard.next()
    assert wizard.currentPage() is wizard.branches_step  # a branch without its address: refused
    assert "Straße und Hausnummer" in wizard.branches_step.error.text()
    for key, text in (("street", "Musterweg 3"), ("postcode", "74072"), ("city", "Heilbronn")):
        widget = branches.widgets[key]
        assert isinstance(widget, QLineEdit)
        type_into(qtbot, widget, text)
    wizard.next()
    assert wizard.currentPage() is wizard.areas_step  # the areas first: workers get theirs
    areas = wizard.areas_page
    areas.editor.add_button.click()
    areas.editor.name_edit.setText("")
    qtbot.keyClicks(areas.editor.name_edit, "Landkreis")
    for day in range(1, 6):
        areas.editor.day_boxes[day].setChecked(True)
    check_all_towns(areas)
    wizard.next()
    assert wizard.currentPage() is wizard.workers_step
    assert wizard.last_step is wizard.workers_step
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    finish.click()
    assert "mindestens eine Fachkraft" in wizard.workers_step.error.text()
    editor = wizard.workers_page.editors["outreach_workers"]
    editor.add_button.click()
    name = editor.widgets["name"]
    assert isinstance(name, QLineEdit)
    type_into(qtbot, name, "AB Probe")
    finish.click()  # a worker without an area would have no customers: refused
    assert wizard.result() != QWizard.DialogCode.Accepted
    assert "mindestens ein Gebiet" in wizard.workers_step.error.text()
    assert "AB Probe" in wizard.workers_step.error.text()
    assert needs_setup(db)  # nothing written
    given = editor.widgets["areas"]
    assert isinstance(given, QListWidget)
    assert not given.isHidden()
    assert [given.item(i).text() for i in range(given.count())] == ["Landkreis"]
    given.item(0).setCheckState(Qt.CheckState.Checked)
    return wizard


def test_the_wizards_branches_may_stay_empty(qtbot: QtBot, empty_db: Database) -> None:
    """An office with no branch recorded yet goes on to the areas (places are then printed
    as the flag list writes them, with a warning); nothing is written before the end."""
    wizard = SetupWizard(empty_db, identity=UNRESTRICTED)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_account(wizard)
    wizard.next()
    fill_office(qtbot, wizard.office_page)
    wizard.next()
    assert wizard.currentPage() is wizard.branches_step
    assert wizard.branches_step.title() == "Standorte"
    assert "Terminort" in wizard.branches_step.subTitle()
    wizard.next()
    assert wizard.currentPage() is wizard.areas_step
    assert wizard.branches_step.error.text() == ""
    assert wizard.setup.branches == []
    assert needs_setup(empty_db)


def test_wizard_on_an_empty_database_leads_to_the_main_window(
    qtbot: QtBot, empty_db: Database, tmp_path: Path
):
    assert needs_setup(empty_db)
    wizard = run_wizard(qtbot, empty_db)
    assert isinstance(wizard.last_step, StepPage)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted, wizard.last_step.error.text()
    assert not needs_setup(empty_db)
    assert run_first_start(
        empty_db, identity=UNRESTRICTED
    )  # no wizard any more: straight to the main window
    with empty_db.session() as session:  # the first account: the administration's
        me = accounts.authenticate(session, "Verwaltung", ADMIN_PW, datetime.now(BERLIN))
    assert me.account_role == "admin"
    setup = setup_service.current_setup(empty_db)
    assert [w.name for w in setup.outreach_workers] == ["AB Probe"]
    assert [a.name for a in setup.areas] == ["Landkreis"]
    assert [(b.name, b.street, b.postcode, b.city) for b in setup.branches] == [
        ("Standort 1", "Musterweg 3", "74072", "Heilbronn")
    ]
    window = make_main(qtbot, empty_db, tmp_path, Settings())
    window.show()
    assert window.isVisible()


def test_wizard_imports_a_setup_file_or_says_why_not(qtbot: QtBot, empty_db: Database, tmp_path):
    wizard = SetupWizard(empty_db, identity=UNRESTRICTED)
    qtbot.addWidget(wizard)
    wizard.show()
    broken = tmp_path / "broken.toml"
    broken.write_text("[office\n", encoding="utf-8")
    assert not wizard.import_file(str(SETUP_FILE))  # the administration's account first
    assert needs_setup(empty_db)
    fill_account(wizard)
    assert not wizard.import_file(str(broken))
    assert wizard.start.error.text()
    assert needs_setup(empty_db)
    with empty_db.session() as session:
        assert not accounts.has_accounts(session)  # nothing half-written
    assert wizard.import_file(str(SETUP_FILE))
    with empty_db.session() as session:
        assert [a.name for a in accounts.list_accounts(session)] == ["verwaltung"]
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert not needs_setup(empty_db)


def test_blocking_messages_say_where_to_set_up(empty_db: Database):
    add_flagged(empty_db, "962D000001", "Probe", "Neckarsulm")
    with pytest.raises(planning.PlanningError) as planned:
        planning.plan_and_store(empty_db, "2026-W49", Settings(), identity=UNRESTRICTED)
    assert "Extras → Einrichtung → Außendienst" in planned.value.message("de")
    assert "Tools → Setup → Outreach" in planned.value.message("en")
    selection = None
    with pytest.raises(print_service.PrintingError) as printed:
        selection = print_service.load_week_print(empty_db, "2026-W49", identity=UNRESTRICTED)
    assert selection is None
    assert "Einrichtung → Dienststelle" in printed.value.message("de")


@pytest.mark.slow
def test_the_first_week_from_a_fresh_database(qtbot: QtBot, empty_db: Database, tmp_path: Path):
    """Issue 13, point 6 (GUI): wizard → flag list → plan → invitations as a PDF."""
    wizard = run_wizard(qtbot, empty_db)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted, wizard.last_step.error.text()
    settings = Settings()
    window = make_main(qtbot, empty_db, tmp_path, settings)
    report = flaglist.check(SAMPLE_WEEK, settings, identity=UNRESTRICTED)
    flaglist.import_report(empty_db, report, source=SAMPLE_WEEK.name, identity=UNRESTRICTED)
    window.reload_weeks()
    assert window.current_week() == "2026-W49"
    geocoding.geocode_week(empty_db, "2026-W49", settings, identity=UNRESTRICTED)
    plan = planning.plan_and_store(
        empty_db, "2026-W49", settings, time_limit=1, identity=UNRESTRICTED
    )
    assert plan.routes
    assert {route.worker for route in plan.routes} == {"AB Probe"}
    verify_rule_sets(empty_db)  # the team lead verifies the rule sets (Extras → Regelwerke)
    planned = sum(len(route.stops) for route in plan.routes)
    assert planned >= 1
    selection = print_service.load_week_print(empty_db, "2026-W49", identity=UNRESTRICTED)
    out = tmp_path / "einladungen.pdf"
    result = print_service.render(selection, "invitations", out, identity=UNRESTRICTED)
    assert result.items
    assert all(item.documents == ("invitation",) for item in result.items)
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == result.page_count
    first = reader.pages[0].extract_text()
    # The sender is the office recorded in the wizard, not the demo's.
    assert "Jobcenter Teststadt" in first
    assert "Musterweg 3" in first
    assert result.items[0].kundennummer.startswith("962D1")


def test_the_demo_database_opens_without_the_wizard(qtbot: QtBot, empty_db: Database):
    write_demo(empty_db, Settings(), IsoWeek.parse("2026-W49"), count=5, seed=49)
    assert not needs_setup(empty_db)
    modal: list[QWidget] = []

    def close_any() -> None:  # a wizard shown by mistake is closed and noted, not waited for
        widget = QApplication.activeModalWidget()
        if widget is not None:
            modal.append(widget)
            widget.close()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(close_any)
    timer.start(0)
    try:
        assert first_start(empty_db)
    finally:
        timer.stop()
    assert modal == []  # the main window comes straight away


def test_the_app_shows_the_wizard_on_an_empty_database(qtbot: QtBot, empty_db: Database):
    shown: list[QWidget] = []

    def cancel() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, SetupWizard)
        shown.append(wizard)
        wizard.reject()

    QTimer.singleShot(0, cancel)
    assert not first_start(empty_db)  # cancelled: the app ends instead of a failing window
    assert len(shown) == 1
    assert needs_setup(empty_db)


def test_the_logo_is_previewed_and_a_broken_one_refused(
    qtbot: QtBot, office_db: Database, tmp_path: Path
):
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1b5e20"))
    assert image.save(str(logo))
    window = open_window(qtbot, office_db)
    page = window.page("office")
    assert isinstance(page, OfficePage)
    type_into(qtbot, page.logo_edit, str(logo))
    assert not page.preview.pixmap().isNull()
    assert window.validate() == []
    broken = tmp_path / "logo-broken.png"
    broken.write_bytes(b"not an image")
    type_into(qtbot, page.logo_edit, str(broken))
    assert page.preview.pixmap().isNull()
    assert page.logo_edit.property("problem") == (
        "Die Logodatei lässt sich nicht als Bild (PNG oder JPG) lesen."
    )
    assert not window.apply()


def test_renaming_an_area_or_team_renames_what_refers_to_it(qtbot: QtBot, office_db: Database):
    window = open_window(qtbot, office_db)
    areas = window.page("areas")
    assert isinstance(areas, AreasPage)
    old = areas.setup.areas[0].name
    covering = [w.name for w in window.setup.outreach_workers if old in w.areas]
    assert covering
    areas.editor.area_list.setCurrentRow(0)
    areas.editor.name_edit.selectAll()
    qtbot.keyClicks(areas.editor.name_edit, "Nordkreis")
    staff = window.page("teams")
    assert isinstance(staff, RecordsPage)
    teams = staff.editors["teams"]
    teams.select(0)
    old_team = teams.records[0].number
    number = teams.widgets["number"]
    assert isinstance(number, QLineEdit)
    type_into(qtbot, number, "599")
    assert window.validate() == []
    assert window.apply()
    stored = setup_service.current_setup(office_db)
    workers = {w.name: w for w in stored.outreach_workers}
    assert all("Nordkreis" in workers[name].areas for name in covering)
    assert old_team not in {c.team for c in stored.caseworkers}
    assert "599" in {c.team for c in stored.caseworkers}


def test_later_goes_on_without_setup_and_a_field_laptop_skips_the_wizard(
    qtbot: QtBot, empty_db: Database
):
    wizard = SetupWizard(empty_db, identity=UNRESTRICTED)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start.later_button.click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.skipped
    assert needs_setup(empty_db)  # nothing written
    field = Identity(FIELD).to_settings(Settings())
    assert first_start(empty_db, field)  # the laptop's setup comes with its first sync


def test_a_new_office_is_encrypted_with_the_account_the_wizard_made(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Issue 14, item 2: the wizard's administration account encrypts the new database."""
    from fieldkit.store import cipher
    from fieldkit.ui.app import encrypt_new_office

    path = tmp_path / "neu.sqlite"
    db = open_database(str(path))
    wizard = run_wizard(qtbot, db)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted, wizard.last_step.error.text()
    assert wizard.made == ("verwaltung", ADMIN_PW)
    assert path.read_bytes().startswith(b"SQLite format 3")  # plain until encrypted
    reopened, me = encrypt_new_office(db, str(path), Settings(), *wizard.made)
    try:
        assert not path.read_bytes().startswith(b"SQLite format 3")
        assert b"AB Probe" not in path.read_bytes()
        assert cipher.accounts(path) == ["verwaltung"]
        assert (me.account, me.account_role) == ("verwaltung", "admin")
        setup = setup_service.current_setup(reopened)
        assert [w.name for w in setup.outreach_workers] == ["AB Probe"]
    finally:
        reopened.dispose()
    with pytest.raises(cipher.CipherError):
        cipher.unlock(path, "verwaltung", "falsch-falsch-1")
