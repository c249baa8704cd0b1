"""Reports: figures per week, area and worker; charts in the window; XLSX and PDF exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services import office_followup as followup
from fieldkit.services import office_reports as reports
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area, Flag, OutreachWorker, Route, RoutePlan, RouteStop
from fieldkit.ui.office.reports import ReportWindow
from tests.factories import add_flagged
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
    add_visit(database, "962D000002", "nicht angetroffen", outcome="not_met")
    add_visit(database, "962D000004", "angetroffen")
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
