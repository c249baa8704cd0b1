"""Every output escapes what it is given (issue 14, item 7): hostile names through the report
PDF, the report XLSX, the office slip and the field day card, checked in what each renders."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.escaping import pdf_text, safe_url, xlsx_value
from fieldkit.services import office_reports as reports
from fieldkit.services.field import PrepState, StopCard
from fieldkit.services.office import UNRESTRICTED
from fieldkit.ui.field.day import CustomerCard

FONT = "<font size=40>X</font>"
LINK = "<a href='http://x'>y</a>"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def _hostile_rows() -> list[reports.ReportRow]:
    return [
        reports.ReportRow("2026-W49", FONT, LINK, flagged=3, visited=2, met=1, not_met=1),
        reports.ReportRow("2026-W49", FORMULAS[0], FORMULAS[1], flagged=1),
        reports.ReportRow("2026-W50", FORMULAS[3], FORMULAS[2], flagged=1, visited=1),
    ]


def _pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_report_pdf_prints_hostile_names_as_text_without_links(tmp_path: Path) -> None:
    target = tmp_path / "bericht.pdf"
    reports.export_pdf(
        _hostile_rows(),
        target,
        title="<b>Titel</b> & <font size=40>T</font>",
        identity=UNRESTRICTED,
    )
    flat = "".join(_pdf_text(target).split())
    assert "".join(FONT.split()) in flat
    assert "".join(LINK.split()) in flat
    assert "<b>Titel</b>&<fontsize=40>T</font>" in flat
    for page in PdfReader(target).pages:
        assert "/Annots" not in page  # no live link from a crafted name


def test_report_xlsx_never_writes_a_formula(tmp_path: Path) -> None:
    target = tmp_path / "bericht.xlsx"
    reports.export_xlsx(_hostile_rows(), target, title="=1+1", identity=UNRESTRICTED)
    book = load_workbook(target)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells
    assert all(c.data_type != "f" for c in cells)
    values = {str(c.value) for c in cells if c.value is not None}
    assert "'=1+1" in values
    for text in (*FORMULAS[:4], FONT, LINK):
        assert (text if text[0] == "<" else "'" + text) in values


@pytest.mark.parametrize("text", FORMULAS)
def test_xlsx_value_defuses_each_formula_start(text: str) -> None:
    assert xlsx_value(text) == "'" + text
    assert xlsx_value("Müller-Lüdenscheidt") == "Müller-Lüdenscheidt"
    assert xlsx_value(-3) == -3  # numbers stay numbers
    assert xlsx_value("") == ""


def test_pdf_text_escapes_markup_and_non_strings() -> None:
    assert pdf_text(FONT) == "&lt;font size=40&gt;X&lt;/font&gt;"
    assert pdf_text(12) == "12"
    assert pdf_text("a & b") == "a &amp; b"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://u:geheim@db/x", "postgresql+psycopg://u:***@db/x"),
        ("postgresql://u:geheim@db:notaport/x", "postgresql://***@db:notaport/x"),
        ("sqlite:////tmp/a.sqlite", "sqlite:////tmp/a.sqlite"),
    ],
)
def test_safe_url_never_shows_the_password(url: str, shown: str) -> None:
    assert safe_url(url) == shown
    assert "geheim" not in safe_url(url)


def _stop(name: str) -> StopCard:
    return StopCard(
        stop_id=uuid.uuid4(), flag_id=uuid.uuid4(), customer_id=uuid.uuid4(), position=1,
        arrival_seconds=9 * 3600, service_seconds=600, status="open", name=name,
        kundennummer="<b>962D</b>", street=LINK, place="74072 Heilbronn", adresszusatz=FONT,
        lat=None, lon=None, appointment_at=None, appointment_place="", caseworker="=1",
        caseworker_phone="", hints="<img src='x'>", open_cooperation=(), prep=PrepState(),
        visit=None,
    )  # fmt: skip


@pytest.mark.parametrize("name", [FONT, LINK, "<b>Fett</b>"])
def test_day_card_shows_a_hostile_customer_name_as_plain_text(qtbot: QtBot, name: str) -> None:
    card = CustomerCard(lambda _flag, _changes: None)
    qtbot.addWidget(card)
    card.show_stop(_stop(name))
    assert card.title.textFormat() == Qt.TextFormat.PlainText
    assert card.title.text() == f"1. {name}"
    body = card.body.text()
    assert card.body.textFormat() == Qt.TextFormat.RichText
    for raw in (FONT, LINK, "<b>962D</b>", "<img src='x'>"):
        assert raw not in body
    assert "&lt;font size=40&gt;X&lt;/font&gt;" in body
    assert "&lt;img src=&#x27;x&#x27;&gt;" in body


def test_private_temp_folder_is_owner_only_and_emptied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit import paths

    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path / "data"))
    folder = paths.private_temp_dir()
    assert folder.parent == tmp_path / "data"
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    (folder / "left-by-a-crash.pdf").write_bytes(b"%PDF plaintext")
    (folder / "preview-dir").mkdir()
    (folder / "preview-dir" / "preview-1.pdf").write_bytes(b"%PDF")
    with paths.private_temp_session() as inside:
        assert list(inside.iterdir()) == []  # emptied at start
        (inside / "preview-2.pdf").write_bytes(b"%PDF")
    assert list(folder.iterdir()) == []  # and at exit
    folder.chmod(0o755)
    assert oct(paths.private_temp_dir().stat().st_mode & 0o777) == oct(0o700)


def test_print_preview_writes_only_into_the_private_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit import paths
    from fieldkit.ui.printing.preview import PdfPreviewDialog

    class Dialog(PdfPreviewDialog):
        def cancel(self) -> None:
            pass

    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path / "data"))
    dialog = Dialog(None, "fk-test-")
    qtbot.addWidget(dialog)
    dialog.make_view("preview")
    folder = Path(dialog._tmp.name)
    assert folder.parent == paths.private_temp_dir()
    dialog.done(0)
    assert not folder.exists()


def test_demo_never_prints_the_database_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import make_url

    from fieldkit.cli import main
    from tests.test_sync_helpers import create_database, drop_database

    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path / "config"))
    url = create_database()
    try:
        # The test server trusts every login, so any password opens it: a real secret here.
        secret = make_url(url).set(password="Geheim-4711").render_as_string(hide_password=False)
        code = main(["demo", "--week", "2026-W49", "--count", "5", "--db", secret])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "Geheim-4711" not in out + err
        assert "***" in out
    finally:
        drop_database(url)


def test_a_bad_central_address_is_reported_without_its_password() -> None:
    from fieldkit.sync.errors import SyncError
    from fieldkit.sync.service import open_central

    with pytest.raises(SyncError) as caught:
        open_central("postgresql://u:Geheim-4711@host:port-is-text/db")
    assert "Geheim-4711" not in str(caught.value)


def test_office_inbox_heading_and_messages_show_a_hostile_name_as_text(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from fieldkit.settings import Settings
    from fieldkit.store.db import open_database
    from fieldkit.ui.office.inbox import InboxWindow
    from tests.factories import add_flagged
    from tests.test_office_inbox import KELLER, NOW, add_visit

    db = open_database(str(tmp_path / "inbox.sqlite"))
    try:
        add_flagged(db, "962D000001", LINK, "Neckarsulm")
        add_visit(db, "962D000001", "01.12.2026 09:00 Uhr: KD angetroffen.")
        window = InboxWindow(db, Settings(), lambda: NOW, KELLER)
        qtbot.addWidget(window)
        window.show()
        window.table.selectRow(0)
        heading = window.heading.text()
        assert window.heading.textFormat() == Qt.TextFormat.RichText
        assert LINK not in heading
        assert "&lt;a href=&#x27;http://x&#x27;&gt;y&lt;/a&gt;" in heading
        qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
        assert window.message.textFormat() == Qt.TextFormat.PlainText
        assert LINK in window.message.text()  # named as typed, shown as plain text
        window.close()
    finally:
        db.dispose()


def test_visit_form_heading_shows_a_hostile_name_as_text(qtbot: QtBot, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from fieldkit.store.db import open_database
    from fieldkit.ui.field.visit_form import VisitForm

    db = open_database(str(tmp_path / "field.sqlite"))
    try:
        form = VisitForm(db, lambda: datetime(2026, 12, 1, 9, tzinfo=UTC), identity=UNRESTRICTED)
        qtbot.addWidget(form)
        form.show_stop(_stop(FONT))  # no visit yet: nothing is read from the database
        assert form.heading.textFormat() == Qt.TextFormat.PlainText
        assert form.heading.text() == f"Besuch bei {FONT}"
        form.close()
    finally:
        db.dispose()
