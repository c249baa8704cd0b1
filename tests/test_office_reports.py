"""Reports: figures per week, area and worker; charts in the window; XLSX and PDF exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services import office_followup as followup
from fieldkit.services import office_reports as reports
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import (
    Area,
    Flag,
    OutreachWorker,
    Route,
    RoutePlan,
    RouteStop,
    Visit,
)
from fieldkit.ui.office.reports import ReportWindow
from tests.factories import add_flagged, verify_rule_sets
from tests.test_office_inbox import add_visit

LEAD = Identity("office", "Frau Lead", "521", team_lead=True)
AFTER = datetime(2026, 12, 11, 10, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "reports.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen")
    add_flagged(database, "962D000003", "Maier", "Weinsberg", hb="Herr Brandt")
    add_flagged(database, "962D000004", "Older", "Flein", week="2026-W48")
    add_visit(database, "962D000001", "angetroffen")
    dropped = add_visit(database, "962D000002", "nicht angetroffen", outcome="not_met")
    with database.session() as session:  # the mailbox drop after checking the name
        visit = session.get(Visit, dropped)
        assert visit is not None
        visit.details = {"mailbox_invitation": True, "mailbox_package": True,
                         "mailbox_name_checked": True}  # fmt: skip
    add_visit(database, "962D000004", "angetroffen")
    verify_rule_sets(database)  # a suspension is proposed only under a verified rule set
    with database.session() as session:
        worker = OutreachWorker(name="AB Wolf")
        area = Area(name="Unterland")
        flag = session.scalars(select(Flag).where(Flag.visit_week == "2026-W49")).first()
        assert flag is not None
        plan = RoutePlan(visit_week="2026-W49", planned_at=AFTER)
        route = Route(plan=plan, day=date(2026, 12, 1), worker=worker, area=area)
        route.stops = [RouteStop(flag_id=flag.id, seq=1)]
        session.add(plan)
    with database.session() as session:
        rows = followup.list_followups(session, LEAD, AFTER)
    followup.record_attendance(database, LEAD, rows[0].flag_id, False, "Frau Lead", AFTER)
    yield database
    database.dispose()


def test_figures_per_week_and_in_total(db: Database) -> None:
    with db.session() as session:
        rows = reports.report(session, LEAD)
        assert reports.week_range(session, LEAD) == ["2026-W48", "2026-W49"]
    weeks = reports.group(rows, "week")
    assert [(w.week, w.flagged, w.visited, w.met, w.not_met) for w in weeks] == [
        ("2026-W48", 1, 1, 1, 0),
        ("2026-W49", 3, 2, 1, 1),
    ]
    total = reports.group(rows, "total")[0]
    assert (total.handed_over, total.dropped, total.packages) == (2, 1, 1)
    assert (total.missed, total.suspensions_proposed) == (1, 1)
    areas = {r.area for r in rows}
    assert "Unterland" in areas
    assert reports.NO_AREA in areas
    assert reports.rate(1, 2) == "50 %"


def test_caseworker_counts_only_own_customers(db: Database) -> None:
    with db.session() as session:
        rows = reports.report(session, Identity("office", "Herr Brandt", "521"))
    assert sum(r.flagged for r in rows) == 1


def test_report_window_and_exports(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    window = ReportWindow(db, Settings(), lambda: AFTER, LEAD)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 3  # two weeks and the total line
    assert window.model.index(2, 0).data() == "gesamt"
    assert "4 vorgemerkt, 3 besucht, davon 2 angetroffen (67 %)" in window.summary.text()
    assert len(window.visits_chart.chart().series()) == 1
    window.by.setCurrentIndex(window.by.findData("area"))
    assert {window.model.index(r, 0).data() for r in range(2)} == {"Unterland", "ohne Gebiet"}
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Gebiet"
    assert window.table.isColumnHidden(1)
    xlsx = window.export("xlsx", tmp_path / "bericht.xlsx")
    assert xlsx is not None
    sheet = load_workbook(xlsx)["Bericht"]
    assert sheet["A2"].value == "KW"
    assert any(row[0].value == "gesamt" for row in sheet.iter_rows())
    pdf = window.export("pdf", tmp_path / "bericht.pdf")
    assert pdf is not None
    text = PdfReader(pdf).pages[0].extract_text()
    assert "gesamt" in text
    assert "Besuche und Folgen je Woche" in text


@pytest.mark.parametrize(
    ("top", "expected"),
    [(0, (1, 1)), (1, (1, 1)), (5, (5, 1)), (7, (8, 2)), (11, (15, 5)), (37, (40, 10)),
     (999, (1000, 200))],
)  # fmt: skip
def test_axes_have_whole_nice_ticks(top: int, expected: tuple[int, int]) -> None:
    highest, step = reports.nice_axis(top)
    assert (highest, step) == expected
    assert highest >= top
    assert highest // step <= 5


def test_the_pdf_axis_reads_whole_numbers_and_the_legend_stays_inside(tmp_path: Path) -> None:
    weeks = [reports.ReportRow("2026-W48", "", "", met=7, not_met=3, came=2),
             reports.ReportRow("2026-W49", "", "", met=4, not_met=1)]  # fmt: skip
    drawing = reports.chart_drawing(weeks, 760)
    assert drawing is not None
    x0, y0, x1, y1 = drawing.getBounds()
    assert x0 >= 0
    assert y0 >= 0
    assert x1 <= 760  # the legend no longer runs off the page
    assert y1 <= drawing.height
    from reportlab.graphics import renderPDF

    renderPDF.drawToFile(drawing, str(tmp_path / "chart.pdf"))
    chart_text = PdfReader(tmp_path / "chart.pdf").pages[0].extract_text()
    numbers = [line for line in chart_text.splitlines() if line.strip().isdigit()]
    assert numbers == ["0", "2", "4", "6", "8"]  # the y-axis: a bar of 7 sits between 6 and 8
    assert "Zahlungseinstellung vorgeschlagen" in chart_text  # the whole legend is drawn
    path = tmp_path / "axis.pdf"
    reports.export_pdf(
        weeks,
        path,
        "Achsen",
        "Gefiltert auf Team 521: 2 …",
        [("Rückrufe", 3)],
        identity=UNRESTRICTED,
    )
    text = PdfReader(path).pages[0].extract_text()
    assert "Besuche und Folgen je Woche" in text
    assert "Gefiltert auf Team 521" in text
    assert "Rückrufe: 3" in text


def test_no_empty_chart_but_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    assert reports.chart_drawing([reports.ReportRow("2026-W49", "", "", flagged=3)], 700) is None
    reports.export_pdf(
        [reports.ReportRow("2026-W49", "", "", flagged=3)], path, "Leer", identity=UNRESTRICTED
    )
    text = PdfReader(path).pages[0].extract_text()
    assert reports.NO_CHART.split(";")[0] in text
    assert "Besuche und Folgen je Woche" not in text


def test_desk_outbox_figures_and_the_team_note(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    from fieldkit.domain.settings import RulesSettings
    from fieldkit.services import office_callback as callback
    from fieldkit.services import office_desk as desk
    from fieldkit.services.office_report_figures import desk_figures, hidden_customers
    from fieldkit.store.models import Caseworker, Customer

    with db.session() as session:  # an imported customer of another team
        other = Caseworker(name="Herr Ost", team="530")
        born = date(1990, 1, 1)
        session.add(Customer(kundennummer="962D000099", nachname="Fremd", vorname="Testa",
                             geburtsdatum=born, team="530", caseworker=other))  # fmt: skip
    at_desk = datetime(2026, 12, 3, 10, tzinfo=UTC)  # in the report's last week, 2026-W49
    appointment = desk.add_appointment(db, at_desk, "962D000001", identity=UNRESTRICTED)
    desk.record_talk(
        db, appointment, "AB Wolf", "krank gewesen", "", "", at_desk, identity=UNRESTRICTED
    )
    booked = desk.book_callback(db, appointment, "Empfang", at_desk, identity=UNRESTRICTED)
    later = at_desk + timedelta(minutes=30)
    callback.record_callback_talk(
        db, booked.id, "Frau Keller", ("Post", "kommt", ""), later, identity=UNRESTRICTED
    )
    callback.book_hb_appointment(
        db, booked.id, "Frau Keller", later, RulesSettings(), identity=UNRESTRICTED
    )
    with db.session() as session:
        figures = desk_figures(session, LEAD, "2026-W49", "2026-W49")
        assert (figures.callback_talks, figures.callback_appointments) == (1, 1)
        assert desk_figures(session, LEAD, "2026-W50", "").callback_talks == 0
        assert desk_figures(session, LEAD, "2026-W50", "").desk_talks == 0
        assert desk_figures(session, LEAD, "", "2026-W48").callbacks == 0
        assert hidden_customers(session, LEAD) == 1
        assert hidden_customers(session, Identity()) == 0
    assert (figures.desk_talks, figures.callbacks, figures.lift_notes) == (1, 1, 0)
    window = ReportWindow(db, Settings(), lambda: AFTER, LEAD)
    qtbot.addWidget(window)
    window.show()
    assert "Gefiltert auf Team 521: 1 Kunden anderer Teams" in window.summary.text()
    assert "Eingangszone: 1 Gespräche, 1 Rückrufe" in window.summary.text()
    assert "Rückrufgespräche: 1, HB-Termine aus Rückrufen: 1." in window.summary.text()
    window.first.setCurrentIndex(0)
    window.last.setCurrentIndex(0)  # 2026-W48: nothing after the visit
    assert not window.followup_chart.isVisible()
    assert "nichts zu zeigen" in window.followup_empty.text()
    axis = window.visits_chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert isinstance(axis, QValueAxis)
    assert (axis.min(), axis.max(), axis.tickCount()) == (0, 1, 2)
    pdf = window.export("pdf", tmp_path / "team.pdf")
    assert pdf is not None
    assert "Gefiltert auf Team 521" in PdfReader(pdf).pages[0].extract_text()
    xlsx = window.export("xlsx", tmp_path / "team.xlsx")
    assert xlsx is not None
    assert load_workbook(xlsx)["Eingangszone"]["B2"].value == 0  # W48: no desk talks yet
