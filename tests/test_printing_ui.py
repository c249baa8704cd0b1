"""The print dialog and the template editor, driven like a user would, on a real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from fieldkit import paths
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import audit
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.printing import PrintDialog, PrintingFeature, TemplateEditor
from fieldkit.ui.printing import dialog as dialog_module
from tests.factories import add_flagged, verify_rule_sets
from tests.test_printing_letters import page_texts
from tests.test_printing_store import TUESDAY, WEDNESDAY, _office, _plan


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "ui-print.sqlite"))
    _office(database)
    add_flagged(database, "962D000002", "Öztürk & <b>Söhne</b>", "Flein")
    add_flagged(database, "962D000001", "O'Brien-Müller", "Eppingen")
    verify_rule_sets(database)
    yield database
    database.dispose()


def audited(db: Database, action: str) -> list[str]:
    """The details of the audit entries of ``action``, newest first."""
    with db.session() as session:
        found = audit.entries(session, UNRESTRICTED, audit.Filters(action=action))
        return [entry.detail for entry in found]


def make_window(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        db, Settings(), state, lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    qtbot.addWidget(window)
    return window


def feature(window: MainWindow) -> PrintingFeature:
    value = window.features.get_as("printing", PrintingFeature)
    assert isinstance(value, PrintingFeature)
    return value


def open_dialog(qtbot: QtBot, window: MainWindow) -> PrintDialog:
    dialog = feature(window).open_print()
    assert dialog is not None
    qtbot.addWidget(dialog)
    wait_ready(qtbot, dialog)
    return dialog


def wait_ready(qtbot: QtBot, dialog: PrintDialog) -> None:
    qtbot.waitUntil(lambda: dialog._job is None, timeout=20000)


def test_actions_are_in_week_menu_toolbar_and_tools(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    printing = feature(window)
    assert printing.action_print in window.week_menu.actions()
    assert printing.action_print in window.toolbar.actions()
    assert printing.action_templates in window.tools_menu.actions()
    assert printing.action_print.isEnabled()


def test_preview_of_the_week_without_plan(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)
    assert dialog.document.pageCount() > 0
    assert dialog.pdf_path is not None
    texts = page_texts(dialog.pdf_path.read_bytes())
    assert "Öztürk & <b>Söhne</b>" in " ".join(texts)
    info = dialog.info.text()
    assert "Seiten" in info
    assert "nach Kundennummer sortiert" in info
    assert dialog.print_button.isEnabled()
    assert not dialog.day_combo.isEnabled()  # no plan, no days
    dialog.set_selection("routes")
    wait_ready(qtbot, dialog)
    assert "keine gespeicherte Tourenplanung" in dialog.info.text()
    assert not dialog.print_button.isEnabled()
    dialog.close()


def test_day_and_worker_from_the_stored_plan(qtbot: QtBot, db: Database, tmp_path: Path):
    add_flagged(db, "962D000005", "Weber", "Ilsfeld")
    _plan(
        db,
        {
            (TUESDAY, "Anna Berger"): ["962D000002", "962D000001"],
            (WEDNESDAY, "Anna Berger"): ["962D000005"],
        },
    )
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)
    assert dialog.day_combo.isEnabled()
    assert dialog.day_combo.itemText(1) == "Dienstag, 01.12.2026"
    dialog.set_selection("routes", TUESDAY, "Anna Berger")
    wait_ready(qtbot, dialog)
    assert dialog.day_combo.currentText() == "Dienstag, 01.12.2026"
    assert "1 Tourenblätter" in dialog.info.text()
    assert "01.12.2026 Anna Berger" in dialog.info.text()
    dialog.set_selection("batch", TUESDAY, "Anna Berger")
    wait_ready(qtbot, dialog)
    assert dialog.print_result is not None
    items = dialog.print_result.items
    assert [i.kundennummer for i in items] == ["962D000002", "962D000001"]  # route order
    assert items[0].documents == ("invitation", "package")
    dialog.close()


def test_print_goes_through_the_print_dialog_to_the_printer(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "printed.pdf"
    shown: list[QPrinter] = []

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, parent: object) -> None:
            shown.append(printer)

        def setMinMax(self, low: int, high: int) -> None:
            assert low == 1

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    real_printer = dialog.make_printer

    def pdf_printer() -> QPrinter:
        printer = real_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)  # small images keep the test fast
        return printer

    monkeypatch.setattr(dialog_module, "QPrintDialog", FakePrintDialog)
    monkeypatch.setattr(dialog, "make_printer", pdf_printer)
    pages = dialog.document.pageCount()
    # The preview on screen is logged as a preview: nothing has been printed yet.
    assert audited(db, audit.PRINT) == []
    assert audited(db, audit.PREVIEW) == [f"Einladungen 2026-W49: preview-1.pdf, {pages} Seiten"]
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog._print_job is None, timeout=30000)
    assert shown
    assert shown[0].docName() == "fieldkit 2026-W49"
    assert f"{pages} Seiten an den Drucker gesendet" in dialog.info.text()
    # Printed: the pages that went out, to which printer (here a file: its name only).
    assert audited(db, audit.PRINT) == [
        f"Einladungen 2026-W49: Drucker printed.pdf, {pages} Seiten"
    ]
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == pages
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3  # A4, whole sheet
    assert abs(float(box.height) - 842) < 3
    dialog.close()


def test_save_as_pdf_copies_the_preview(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)
    target = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_button.click()
    assert dialog.pdf_path is not None
    assert (tmp_path / "saved.pdf").read_bytes() == dialog.pdf_path.read_bytes()
    # A copy left fieldkit: an export, named by the file's name only (not its folder).
    pages = dialog.document.pageCount()
    assert audited(db, audit.EXPORT) == [f"Einladungen 2026-W49: saved.pdf, {pages} Seiten"]
    assert audited(db, audit.PRINT) == []
    warned: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "no" / "such" / "x.pdf"), ""),
    )
    monkeypatch.setattr(
        dialog_module.QMessageBox, "warning", lambda _p, _t, text: warned.append(text)
    )
    dialog.save_button.click()
    assert warned
    assert warned[0].startswith("Die Datei konnte nicht gespeichert werden")
    assert len(audited(db, audit.EXPORT)) == 1  # nothing saved, nothing logged
    dialog.close()


def _editor(qtbot: QtBot, window: MainWindow) -> TemplateEditor:
    editor = feature(window).open_templates()
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.preview_path is not None, timeout=20000)
    return editor


def test_template_editor_validates_saves_and_resets(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    editor = _editor(qtbot, window)
    assert editor.template_key == "jobcenter-landkreis-heilbronn"
    assert editor.placeholders.count() >= 15
    editor.keys.setCurrentRow(0)
    assert editor.current_key() == "invitation.subject"
    editor.editor.setPlainText("Einladung für {nmae} & <b>Sie</b>")
    assert "Unbekannter Platzhalter: {nmae}" in editor.problem.text()
    assert not editor.save_button.isEnabled()
    assert editor.save() is False
    editor.editor.setPlainText("Einladung für {name} & <b>Sie</b> am {termin_datum}")
    assert editor.problem.text() == ""
    assert editor.save()
    saved = paths.config_dir() / "templates" / "jobcenter-landkreis-heilbronn.json"
    assert "invitation.subject" in saved.read_text(encoding="utf-8")
    # The debounced preview shows the edit, markup printed as text.
    first = editor.preview_path
    qtbot.waitUntil(lambda: editor.preview_path != first, timeout=20000)
    assert editor.preview_path is not None
    text = page_texts(editor.preview_path.read_bytes())[0]
    assert "& <b>Sie</b> am Donnerstag, 10. Dezember 2026" in text
    editor.reset_current()
    assert editor.editor.toPlainText() == editor.shipped["invitation.subject"][0]
    assert editor.save()
    assert not saved.exists()  # nothing differs from the defaults any more
    editor.close()


def test_edited_template_reaches_the_printed_letters(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    editor = _editor(qtbot, window)
    editor.keys.setCurrentRow(list(editor.texts).index("invitation.intro"))
    editor.editor.setPlainText("Ich möchte Sie kennenlernen, {name}.")
    assert editor.save()
    editor.close()
    dialog = open_dialog(qtbot, window)
    assert dialog.pdf_path is not None
    text = " ".join(page_texts(dialog.pdf_path.read_bytes()))
    assert "Ich möchte Sie kennenlernen, Testa O'Brien-Müller." in text
    dialog.close()


def cell(dialog: Any, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return str(item.text())


def test_rule_sets_dialog_records_a_verification(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QDate

    from fieldkit.services.rules import list_rule_sets
    from fieldkit.ui.printing import RulesDialog

    database = open_database(str(tmp_path / "rules.sqlite"))
    window = make_window(qtbot, database, tmp_path)
    action = window.findChild(QAction, "action_rules")
    assert action is not None
    assert action in window.tools_menu.actions()
    dialog = feature(window).open_rules()
    assert isinstance(dialog, RulesDialog)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert "Entwurf" in cell(dialog, 1, 3)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "auswählen" in dialog.message.text()
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "wer das Regelwerk geprüft hat" in dialog.message.text()
    qtbot.keyClicks(dialog.by, "Frau Recht")
    dialog.on.setDate(QDate(2026, 11, 30))
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "grundsicherung-2026-entwurf" in dialog.message.text()
    assert cell(dialog, 1, 4) == "Frau Recht"
    assert cell(dialog, 1, 5) == "30.11.2026"
    # Verified, the row says so once and nowhere "not verified" (the title carries no state).
    assert cell(dialog, 1, 3) == "geprüft"
    assert "nicht geprüft" not in " ".join(cell(dialog, 1, c) for c in range(6))
    (_, draft) = list_rule_sets(database, RulesSettings())
    assert draft.verification is not None
    assert (draft.verification.by, str(draft.verification.on)) == ("Frau Recht", "2026-11-30")
    database.dispose()


def test_a_saturday_appointment_prints_only_when_confirmed(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from datetime import UTC

    from fieldkit.store.models import Customer

    with db.session() as s:
        flag = s.query(Customer).filter_by(kundennummer="962D000002").one().flags[0]
        flag.appointment_at = datetime(2026, 12, 12, 8, 0, tzinfo=UTC)  # a Saturday
    window = make_window(qtbot, db, tmp_path)
    dialog = open_dialog(qtbot, window)
    assert "Nicht gedruckt: 962D000002: Termin 12.12.2026 ist ein Samstag." in dialog.info.text()
    assert dialog.pdf_path is not None
    assert "962D000002" not in " ".join(page_texts(dialog.pdf_path.read_bytes()))
    dialog.allow_box.setChecked(True)
    wait_ready(qtbot, dialog)
    assert "Nicht gedruckt" not in dialog.info.text()
    assert dialog.pdf_path is not None
    assert "962D000002" in " ".join(page_texts(dialog.pdf_path.read_bytes()))
    dialog.close()


def test_the_administration_verifies_a_rule_set_in_the_app_and_others_only_see_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Only the administration may record a verification, and until one is recorded no
    invitation with RFB is printed: a real office's administration must find *Regelwerke*
    in its window (it has no printing), the others see the state and whom to ask."""
    from fieldkit.services import accounts, login
    from fieldkit.services.accounts import NewAccount
    from fieldkit.services.rules import list_rule_sets
    from fieldkit.ui.printing import RulesDialog

    now = datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    database = open_database(str(tmp_path / "office.sqlite"))
    _office(database)
    password = "richtig-langes-passwort"
    with database.session() as session:
        accounts.add_account(session, NewAccount("chefin", "admin"), password, now)
        accounts.add_account(session, NewAccount("aussen", "field"), password, now)

    def window_of(name: str) -> MainWindow:
        who = login.login(database, name, password, now, Settings())
        state = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(database, who.to_settings(Settings()), state, lambda: now, identity=who)
        qtbot.addWidget(window)
        return window

    admin = window_of("chefin")
    printing = feature(admin)
    assert printing.action_rules in admin.tools_menu.actions()
    assert printing.action_print not in admin.toolbar.actions()  # it may not print
    assert printing.action_templates not in admin.tools_menu.actions()
    assert not printing.action_print.isEnabled()
    dialog = printing.open_rules()
    assert isinstance(dialog, RulesDialog)
    qtbot.addWidget(dialog)
    assert dialog.verify_button.isEnabled()
    dialog.table.selectRow(1)
    qtbot.keyClicks(dialog.by, "Frau Recht")
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, 1, 4) == "Frau Recht"
    assert list_rule_sets(database, RulesSettings())[1].verification is not None

    field = window_of("aussen")
    seen = feature(field).open_rules()
    assert isinstance(seen, RulesDialog)
    qtbot.addWidget(seen)
    assert feature(field).action_rules in field.tools_menu.actions()
    assert not seen.verify_button.isEnabled()
    assert "Administration" in seen.message.text()
    assert cell(seen, 1, 4) == "Frau Recht"
    database.dispose()
