"""The back office's last direct writes are operations (issue 19, item 1): deputies and
absences, the Hamburg records, the outbox's hand-over and exports, the report exports. Each
is driven through its real window opened from the main window: its Changes reach the other
open views (the desk, the Protokoll window), and a refusal says one sentence, emits nothing
and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.domain.changes import Changes
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Customer
from fieldkit.store.models_audit import AuditEntry
from fieldkit.store.models_office import Absence, BenefitsMessage, CounsellingReview
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.contacts import ContactsWindow
from fieldkit.ui.office.desk import DeskWindow
from fieldkit.ui.office.outbox import OutboxWindow
from fieldkit.ui.office.reports import ReportWindow
from fieldkit.ui.office.staff import StaffDialog
from fieldkit.ui.setup.audit_log import AuditLogWindow
from tests import test_office_outbox as outbox_tests
from tests import test_office_staff_dialog as staff_tests

OFFICE = Changes(office=True)
AUDITED = Changes(audit=True)


def open_main(qtbot: QtBot, db: Database, identity: Identity, settings: Settings, now: object,
              tmp_path: Path) -> tuple[MainWindow, OfficeFeature, list[object]]:  # fmt: skip
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, identity.to_settings(settings), state, lambda: now)  # type: ignore[arg-type, return-value]
    qtbot.addWidget(window)
    window.show()
    seen: list[object] = []
    window.events.changed.connect(seen.append)
    return window, window.features.get_as("office", OfficeFeature), seen


def protokoll(qtbot: QtBot, db: Database, window: MainWindow) -> AuditLogWindow:
    log = AuditLogWindow(db, UNRESTRICTED, events=window.events)
    qtbot.addWidget(log)
    log.days.setValue(0)  # every entry, whatever the test clock says
    log.reload()
    return log


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def one_sentence(text: str) -> None:
    assert text
    assert "\n" not in text
    assert "Traceback" not in text


# --- deputies and absences -----------------------------------------------------------------
@pytest.fixture
def staff_db(tmp_path: Path) -> Iterator[Database]:
    yield from staff_tests.db.__wrapped__(tmp_path)  # type: ignore[attr-defined]


def test_an_absence_reaches_the_open_desk_and_a_refusal_writes_nothing(
    qtbot: QtBot, staff_db: Database, tmp_path: Path
) -> None:
    db = staff_db
    window, office, seen = open_main(qtbot, db, staff_tests.LEAD, Settings(), staff_tests.NOW,
                                     tmp_path)  # fmt: skip
    desk = office.open_desk()
    assert isinstance(desk, DeskWindow)
    office.action_staff.trigger()
    dialog = office.windows["staff"]
    assert isinstance(dialog, StaffDialog)
    staff_tests.type_deputy(qtbot, dialog, "Herr Brandt")
    assert seen == [OFFICE]
    staff_tests.fill_absence(dialog, "Frau Keller", date(2026, 12, 7), date(2026, 12, 11), "Urlaub")
    click(qtbot, dialog.save_button)
    assert seen == [OFFICE, OFFICE]
    # The open desk reloaded from the Changes: its appointment shows the absence now.
    desk.table.selectRow(0)
    assert "abwesend bis 11.12.2026" in desk.heading.text()
    # Refused: the last day before the first. One sentence, nothing written, nothing emitted.
    absences = count(db, Absence)
    dialog.new_absence()
    staff_tests.fill_absence(dialog, "Frau Keller", date(2026, 12, 20), date(2026, 12, 18))
    click(qtbot, dialog.save_button)
    one_sentence(dialog.message.text())
    assert count(db, Absence) == absences
    assert seen == [OFFICE, OFFICE]
    window.close()


# --- the Hamburg records ---------------------------------------------------------------------
def test_hamburg_saves_are_operations_and_a_refused_review_writes_nothing(
    qtbot: QtBot, staff_db: Database, tmp_path: Path
) -> None:
    db = staff_db
    settings = Settings().replace("rules", hamburg_rules=True, federal_state="HH")
    window, office, seen = open_main(qtbot, db, staff_tests.LEAD, settings, staff_tests.NOW,
                                     tmp_path)  # fmt: skip
    contacts = office.open_contacts()
    assert isinstance(contacts, ContactsWindow)
    tab = contacts.situation_tab
    contacts.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    tab.combo.setCurrentIndex(tab.combo.findData("u25_unemployed"))
    click(qtbot, tab.save_button)
    assert seen == [OFFICE]
    with db.session() as session:
        assert session.scalars(select(Customer.situation)).all() == ["u25_unemployed"]
    # A review dated in the future is refused: one sentence, nothing emitted or written.
    review = contacts.review_tab
    contacts.tabs.setCurrentWidget(review)
    review.number.setText("962D000001")
    review.day.setDate(QDate(2027, 1, 4))
    review.note.setText("<b>'; DROP TABLE customer;--" + "x" * 50)
    click(qtbot, review.save_button)
    assert review.message.text() == "Das Datum liegt in der Zukunft."
    assert seen == [OFFICE]
    assert count(db, CounsellingReview) == 0
    window.close()


# --- the outbox ------------------------------------------------------------------------------
@pytest.fixture
def outbox_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "outbox.sqlite"))
    outbox_tests._setup(database)
    outbox_tests.suspend(database, "962D000001")
    yield database
    database.dispose()


def test_the_outbox_hands_over_and_exports_as_operations_the_protokoll_follows(
    qtbot: QtBot, outbox_db: Database, tmp_path: Path
) -> None:
    db = outbox_db
    window, office, seen = open_main(qtbot, db, outbox_tests.KELLER, Settings(),
                                     outbox_tests.LATER, tmp_path)  # fmt: skip
    log = protokoll(qtbot, db, window)
    outbox = office.open_outbox()
    assert isinstance(outbox, OutboxWindow)
    assert outbox.model.rowCount() == 1
    shown = log.model.rowCount()
    files = outbox.export_open(tmp_path / "pdfs")
    assert len(files) == 1
    assert seen == [AUDITED]
    assert log.model.rowCount() == shown + 1, "the open Protokoll window shows the export"
    # Into a file instead of a folder: one sentence, no file, no audit row, nothing emitted.
    (tmp_path / "afile").write_text("x")
    audits = count(db, AuditEntry)
    assert outbox.export_open(tmp_path / "afile") == []
    one_sentence(outbox.message.text())
    assert "kein Ordner" in outbox.message.text()
    assert count(db, AuditEntry) == audits
    assert seen == [AUDITED]
    click(qtbot, outbox.handover_button)
    assert seen == [AUDITED, OFFICE]
    with db.session() as session:
        assert all(m.handed_over_at is not None for m in session.scalars(select(BenefitsMessage)))
    window.close()


# --- the report exports ----------------------------------------------------------------------
def test_a_report_export_is_logged_where_the_protokoll_sees_it_and_a_failure_is_not(
    qtbot: QtBot, outbox_db: Database, tmp_path: Path
) -> None:
    db = outbox_db
    window, office, seen = open_main(qtbot, db, outbox_tests.KELLER, Settings(),
                                     outbox_tests.LATER, tmp_path)  # fmt: skip
    log = protokoll(qtbot, db, window)
    reports = office.open_reports()
    assert isinstance(reports, ReportWindow)
    shown = log.model.rowCount()
    assert reports.export("pdf", tmp_path / "bericht.pdf") == tmp_path / "bericht.pdf"
    assert seen == [AUDITED]
    assert log.model.rowCount() == shown + 1
    # A folder that does not exist: the sentence of the window, nothing logged or emitted.
    audits = count(db, AuditEntry)
    assert reports.export("xlsx", tmp_path / "missing" / "bericht.xlsx") is None
    assert reports.message.text() == "Der Bericht kann dort nicht gespeichert werden."
    assert count(db, AuditEntry) == audits
    assert not (tmp_path / "missing").exists()
    assert seen == [AUDITED]
    window.close()


def test_taking_in_hints_on_opening_the_outbox_is_an_operation_said_once(
    qtbot: QtBot, outbox_db: Database, tmp_path: Path
) -> None:
    db = outbox_db
    outbox_tests.add_visit(db, "962D000002", "KD angetroffen.", hint="Umzug angekündigt")
    window, office, seen = open_main(qtbot, db, outbox_tests.KELLER, Settings(),
                                     outbox_tests.LATER, tmp_path)  # fmt: skip
    messages = count(db, BenefitsMessage)
    outbox = office.open_outbox()
    assert isinstance(outbox, OutboxWindow)
    assert count(db, BenefitsMessage) == messages + 1
    assert seen == [OFFICE], "the hint taken in reaches the other back-office views"
    outbox.reload()  # nothing new: nothing written, nothing said
    assert count(db, BenefitsMessage) == messages + 1
    assert seen == [OFFICE]
    window.close()
