"""Reports for team leads: per week, area and outreach worker, with XLSX and PDF export.

Counted per flag (one customer in one visit week): flagged, visited, met / not met,
invitations handed over / dropped into the mailbox, customer packages, whether the customer
then came to the appointment, and the suspensions proposed and decided. The queries stay
portable (plain selects, counted in Python), so SQLite and PostgreSQL give the same figures.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain.model import Outcome, RecordState
from fieldkit.services.office import Identity, scope_customers
from fieldkit.store.models import (
    Area,
    Customer,
    Flag,
    OutreachWorker,
    Route,
    RouteStop,
    Visit,
)
from fieldkit.store.models_office import AppointmentFollowUp

NO_AREA = "ohne Gebiet"
NO_WORKER = "ohne AB"

# (attribute, German column title) in the order tables, charts and exports show them.
METRICS: tuple[tuple[str, str], ...] = (
    ("flagged", "vorgemerkt"),
    ("visited", "besucht"),
    ("met", "angetroffen"),
    ("not_met", "nicht angetroffen"),
    ("handed_over", "Einladung übergeben"),
    ("dropped", "Einladung eingeworfen"),
    ("packages", "Kunden-Pakete"),
    ("came", "zum Termin erschienen"),
    ("missed", "nicht erschienen"),
    ("suspensions_proposed", "Zahlungseinstellung vorgeschlagen"),
    ("suspended", "Zahlungseinstellung veranlasst"),
)


@dataclass
class ReportRow:
    """The figures of one group (a week, an area, a worker, or a combination)."""

    week: str
    area: str
    worker: str
    flagged: int = 0
    visited: int = 0
    met: int = 0
    not_met: int = 0
    handed_over: int = 0
    dropped: int = 0
    packages: int = 0
    came: int = 0
    missed: int = 0
    suspensions_proposed: int = 0
    suspended: int = 0

    def values(self) -> list[int]:
        """The metrics in the order of :data:`METRICS`."""
        return [int(getattr(self, name)) for name, _ in METRICS]

    def add(self, other: ReportRow) -> None:
        """Add another row's figures to this one."""
        for f in fields(self):
            if f.type in ("int", int):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def week_range(session: Session, identity: Identity) -> list[str]:
    """The visit weeks with flags that ``identity`` may see, oldest first."""
    stmt = select(Flag.visit_week).join(Customer, Customer.id == Flag.customer_id).distinct()
    return sorted({str(w) for w in session.scalars(scope_customers(stmt, identity))})


def report(
    session: Session, identity: Identity, first_week: str = "", last_week: str = ""
) -> list[ReportRow]:
    """Figures per (week, area, worker), sorted; weeks limited to the range if given."""
    stmt = (
        select(Flag)
        .join(Customer, Customer.id == Flag.customer_id)
        .where(Flag.withdrawn_at.is_(None))
        .options(selectinload(Flag.customer).selectinload(Customer.address))
    )
    if first_week:
        stmt = stmt.where(Flag.visit_week >= first_week)
    if last_week:
        stmt = stmt.where(Flag.visit_week <= last_week)
    flags = list(session.scalars(scope_customers(stmt, identity)))
    ids = [f.id for f in flags]
    visits = _newest_final_visits(session, ids)
    stops = _route_facts(session, ids)
    by_address = _address_areas(session, [f for f in flags if f.id not in stops])
    workers = {w.id: w.name for w in session.scalars(select(OutreachWorker))}
    followups = {
        f.flag_id: f
        for chunk in _chunks(ids)
        for f in session.scalars(
            select(AppointmentFollowUp).where(AppointmentFollowUp.flag_id.in_(chunk))
        )
    }
    groups: dict[tuple[str, str, str], ReportRow] = {}
    for flag in flags:
        visit = visits.get(flag.id)
        area, route_worker = stops.get(flag.id, (by_address.get(flag.id, NO_AREA), ""))
        worker = (
            workers.get(visit.worker_id, "") if visit and visit.worker_id else ""
        ) or route_worker
        key = (flag.visit_week, area, worker or NO_WORKER)
        row = groups.setdefault(key, ReportRow(*key))
        row.flagged += 1
        if visit is None:
            continue
        details = visit.details or {}
        row.visited += 1
        if visit.outcome == Outcome.MET:
            row.met += 1
            row.handed_over += bool(details.get("handed_over", True))
        elif visit.outcome == Outcome.NOT_MET:
            row.not_met += 1
            row.dropped += bool(details.get("mailbox_invitation", True))
            row.packages += bool(details.get("mailbox_package", True))
        followup = followups.get(flag.id)
        if followup is not None:
            row.came += followup.came is True
            row.missed += followup.came is False
            row.suspensions_proposed += followup.proposal == "suspension"
            row.suspended += followup.decision == "suspend"
    return [groups[k] for k in sorted(groups)]


def _chunks(ids: Sequence[uuid.UUID], size: int = 500) -> Iterable[Sequence[uuid.UUID]]:
    # IN lists stay below SQLite's parameter limit.
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _newest_final_visits(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Visit]:
    visits: list[Visit] = []
    for chunk in _chunks(ids):
        visits += session.scalars(
            select(Visit).where(Visit.flag_id.in_(chunk), Visit.state == RecordState.FINAL)
        )
    superseded = {v.supersedes_id for v in visits if v.supersedes_id is not None}
    newest: dict[uuid.UUID, Visit] = {}
    for visit in visits:
        if visit.id in superseded:
            continue
        kept = newest.get(visit.flag_id)
        if kept is None or visit.visited_at > kept.visited_at:
            newest[visit.flag_id] = visit
    return newest


def _route_facts(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """(area name, worker name) of each flag's route stop, where it was planned."""
    facts: dict[uuid.UUID, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(RouteStop.flag_id, Area.name, OutreachWorker.name)
            .join(Route, Route.id == RouteStop.route_id)
            .outerjoin(Area, Area.id == Route.area_id)
            .outerjoin(OutreachWorker, OutreachWorker.id == Route.worker_id)
            .where(RouteStop.flag_id.in_(chunk))
        )
        for flag_id, area, worker in rows:
            facts[flag_id] = (area or NO_AREA, worker or "")
    return facts


def _address_areas(session: Session, flags: Sequence[Flag]) -> dict[uuid.UUID, str]:
    """The area of each unplanned flag's address, by the same rule as the week list
    (``geo.areas.areas_of_address``); a town in two areas names both."""
    from fieldkit.geo import areas as geo_areas
    from fieldkit.services.areas import AREA_JOIN, geo_address, geo_areas_of
    from fieldkit.services.geocoding import gazetteer

    areas = list(session.scalars(select(Area).options(selectinload(Area.members))))
    if not areas or not flags:
        return {}
    names = {str(a.id): a.name for a in areas}
    geo_list = geo_areas_of(areas)
    index = geo_areas.AreaIndex.of(geo_list)
    gaz = gazetteer()
    found: dict[uuid.UUID, str] = {}
    for flag in flags:
        address = flag.customer.address
        if address is None:
            continue
        hits = geo_areas.areas_of_address(geo_address(address), geo_list, gaz, index)
        if hits:
            found[flag.id] = AREA_JOIN.join(names[a.name] for a in hits)
    return found


def group(rows: Iterable[ReportRow], by: str) -> list[ReportRow]:
    """Sum the rows by "week", "area", "worker" or "total"."""
    result: dict[str, ReportRow] = {}
    for row in rows:
        key = "" if by == "total" else str(getattr(row, by))
        target = result.get(key)
        if target is None:
            target = ReportRow(
                row.week if by == "week" else "",
                row.area if by == "area" else "",
                row.worker if by == "worker" else "",
            )
            result[key] = target
        target.add(row)
    return [result[k] for k in sorted(result)]


def rate(part: int, whole: int) -> str:
    """'75 %' (German), or '–' without a base."""
    return f"{round(100 * part / whole)} %" if whole else "–"


# ------------------------------------------------------------------------ exports


def _label(row: ReportRow) -> str:
    parts = []
    if row.week:
        year, _, num = row.week.partition("-W")
        parts.append(f"KW {int(num)}/{year}" if num.isdigit() else row.week)
    parts += [p for p in (row.area, row.worker) if p]
    return " · ".join(parts) or "gesamt"


def export_xlsx(rows: Sequence[ReportRow], path: Path, title: str = "Bericht") -> None:
    """Write the rows and a total line as an Excel sheet (with a bar chart of met/not met)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bericht"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    header = ["KW", "Gebiet", "AB", *[t for _, t in METRICS], "Anteil angetroffen"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.week, row.area, row.worker, *row.values(), rate(row.met, row.visited)])
    total = group(rows, "total")
    if total:
        t = total[0]
        sheet.append(["gesamt", "", "", *t.values(), rate(t.met, t.visited)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for column, width in zip("ABC", (10, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width
    weeks = group(rows, "week")
    if weeks:
        data = book.create_sheet("Wochen")
        data.append(["KW", "angetroffen", "nicht angetroffen"])
        for w in weeks:
            data.append([_label(w), w.met, w.not_met])
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = "Besuche je Woche"
        chart.add_data(Reference(data, min_col=2, max_col=3, min_row=1, max_row=len(weeks) + 1),
                       titles_from_data=True)  # fmt: skip
        chart.set_categories(Reference(data, min_col=1, min_row=2, max_row=len(weeks) + 1))
        sheet.add_chart(chart, f"A{sheet.max_row + 3}")
    book.save(path)


def export_pdf(rows: Sequence[ReportRow], path: Path, title: str = "Bericht") -> None:
    """Write a landscape PDF: a bar chart per week and the table with a total line."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from fieldkit.printing.fonts import BOLD, REGULAR
    from fieldkit.printing.layout import ACCENT, LIGHT, styles

    st = styles()
    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=title,
    )  # fmt: skip
    story: list[Any] = [Paragraph(title, st["title"])]
    weeks = group(rows, "week")
    if weeks:
        drawing = Drawing(760, 190)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 25, 560, 150
        chart.data = [
            [w.met for w in weeks],
            [w.not_met for w in weeks],
            [w.came for w in weeks],
            [w.suspensions_proposed for w in weeks],
        ]
        chart.categoryAxis.categoryNames = [_label(w) for w in weeks]
        chart.categoryAxis.labels.fontName = REGULAR
        chart.valueAxis.labels.fontName = REGULAR
        chart.valueAxis.valueMin = 0
        palette = (colors.HexColor("#2e7d32"), colors.HexColor("#c62828"),
                   colors.HexColor("#1565c0"), colors.HexColor("#ef6c00"))  # fmt: skip
        names = ("angetroffen", "nicht angetroffen", "zum Termin erschienen",
                 "Zahlungseinstellung vorgeschlagen")  # fmt: skip
        for n, color in enumerate(palette):
            chart.bars[n].fillColor = color
        drawing.add(chart)
        legend = Legend()
        legend.x, legend.y = 620, 160
        legend.fontName = REGULAR
        legend.colorNamePairs = list(zip(palette, names, strict=True))
        drawing.add(legend)
        drawing.add(String(40, 180, "Besuche und Folgen je Woche", fontName=BOLD, fontSize=10))
        story += [drawing, Spacer(1, 8)]
    header = ["KW", "Gebiet", "AB", *[t for _, t in METRICS]]
    cell = st["cell"]
    data: list[list[Any]] = [[Paragraph(h, st["cellbold"]) for h in header]]
    for row in rows:
        data.append([_label(ReportRow(row.week, "", "")), row.area, row.worker, *row.values()])
    total = group(rows, "total")
    if total:
        data.append(["gesamt", "", "", *total[0].values()])
    widths = [20 * mm, 28 * mm, 26 * mm] + [18.5 * mm] * len(METRICS)
    table = Table(
        [[c if isinstance(c, Paragraph) else Paragraph(str(c), cell) for c in r] for r in data],
        colWidths=widths, repeatRows=1,
    )  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
            ]
        )
    )
    story.append(table)
    doc.build(story)
