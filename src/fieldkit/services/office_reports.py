"""Reports for team leads: per week, area and outreach worker, with XLSX and PDF export.

Counted per flag (one customer in one visit week): flagged, visited, met / not met,
invitations handed over / dropped into the mailbox, customer packages, whether the customer
then came to the appointment, and the suspensions proposed and decided. The database does the
counting (portable SQL: window functions, CASE, JSON paths), so SQLite and PostgreSQL give the
same figures and the report's memory does not grow with the number of visits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Label,
    ScalarSelect,
    Select,
    case,
    false,
    func,
    null,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from fieldkit.domain import permissions
from fieldkit.domain.model import Outcome, RecordState
from fieldkit.escaping import pdf_text, xlsx_row, xlsx_value
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.office import Identity, scope_customers
from fieldkit.store.db import Database
from fieldkit.store.models import (
    Address,
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
    require(identity, permissions.REPORTS)
    stmt = select(Flag.visit_week).join(Customer, Customer.id == Flag.customer_id).distinct()
    return sorted({str(w) for w in session.scalars(scope_customers(stmt, identity))})


def report(
    session: Session, identity: Identity, first_week: str = "", last_week: str = ""
) -> list[ReportRow]:
    """Figures per (week, area, worker), sorted; weeks limited to the range if given.

    The database counts (one GROUP BY over flags, their newest final visit, route stop and
    follow-up), and the result is read as a stream of groups: 200,000 visits never become
    200,000 objects (bench/office.py prints time and memory). Here only names are looked up
    and the area of an unplanned flag found, once per distinct postcode and town.
    """
    require(identity, permissions.REPORTS)
    areas = _AddressAreas(session)
    area_names = dict(session.execute(select(Area.id, Area.name)).all())
    workers = dict(session.execute(select(OutreachWorker.id, OutreachWorker.name)).all())
    groups: dict[tuple[str, str, str], ReportRow] = {}
    stmt = _counts(identity, first_week, last_week, with_address=areas.defined)
    for fact in session.execute(stmt).yield_per(2000):
        if fact.has_stop:
            area = area_names.get(fact.route_area_id, "") or NO_AREA
        else:
            area = areas.area(fact.plz, fact.ort)
        worker = workers.get(fact.visit_worker_id, "") or workers.get(fact.route_worker_id, "")
        key = (fact.week, area, worker or NO_WORKER)
        row = groups.setdefault(key, ReportRow(*key))
        for name, _title in METRICS:
            setattr(row, name, getattr(row, name) + int(getattr(fact, name) or 0))
    return [groups[k] for k in sorted(groups)]


def _counts(
    identity: Identity, first_week: str, last_week: str, *, with_address: bool
) -> Select[Any]:
    """One row per (week, route area and worker, visit worker, postcode, town) with counts.

    Postcode and town only ``with_address`` (when areas are defined: without any, no address
    lies in one, and 200,000 address lookups are saved).
    """
    # The week comes last: grouped by it first, SQLite would walk the flags through the
    # week index, one random row read each, instead of reading the table in order.
    columns: list[Label[Any]] = [
        Visit.worker_id.label("visit_worker_id"),
        RouteStop.id.is_not(None).label("has_stop"),
        Route.area_id.label("route_area_id"),
        Route.worker_id.label("route_worker_id"),
        Flag.visit_week.label("week"),
    ]
    if with_address:
        columns += [Address.plz.label("plz"), Address.ort.label("ort")]
    place: list[Label[Any]] = [] if with_address else [null().label("plz"), null().label("ort")]
    stmt = (
        select(*columns, *place, *_metrics())
        .select_from(Flag)
        .outerjoin(Visit, Visit.id == _newest_final_visit())
        .outerjoin(RouteStop, RouteStop.id == _latest_stop())
        .outerjoin(Route, Route.id == RouteStop.route_id)
        .outerjoin(AppointmentFollowUp, AppointmentFollowUp.flag_id == Flag.id)
        .where(Flag.withdrawn_at.is_(None))
        .group_by(*columns)
    )
    if with_address:
        stmt = stmt.outerjoin(Address, Address.customer_id == Flag.customer_id)
    if first_week:
        stmt = stmt.where(Flag.visit_week >= first_week)
    if last_week:
        stmt = stmt.where(Flag.visit_week <= last_week)
    if identity.role:  # only a restricted view needs the customer (for its caseworker)
        stmt = scope_customers(stmt.join(Customer, Customer.id == Flag.customer_id), identity)
    return stmt


def _metrics() -> list[Label[Any]]:
    """The counted columns, named as :data:`METRICS` (the visit is the newest final one)."""
    visited = Visit.id.is_not(None)
    met = visited & (Visit.outcome == Outcome.MET)
    not_met = visited & (Visit.outcome == Outcome.NOT_MET)
    follow = AppointmentFollowUp

    def count(condition: ColumnElement[bool], name: str) -> Label[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(name)

    def said(key: str) -> ColumnElement[bool]:  # a detail of the visit, yes unless said no
        return func.coalesce(Visit.details[key].as_boolean(), true()) == true()

    return [
        func.count().label("flagged"),
        count(visited, "visited"),
        count(met, "met"),
        count(not_met, "not_met"),
        count(met & said("handed_over"), "handed_over"),
        count(not_met & said("mailbox_invitation"), "dropped"),
        count(not_met & said("mailbox_package"), "packages"),
        count(visited & (follow.came == true()), "came"),
        count(visited & (follow.came == false()), "missed"),
        count(visited & (follow.proposal == "suspension"), "suspensions_proposed"),
        count(visited & (follow.decision == "suspend"), "suspended"),
    ]


def _newest_final_visit() -> ScalarSelect[Any]:
    """The id of the flag's newest final visit that no final correction supersedes (an
    index seek per flag: ix_visit_flag_newest, ix_visit_supersedes_id)."""
    visit, later = aliased(Visit), aliased(Visit)
    corrected = select(later.id).where(
        later.supersedes_id == visit.id, later.state == RecordState.FINAL
    )
    return (
        select(visit.id)
        .where(visit.flag_id == Flag.id, visit.state == RecordState.FINAL, ~corrected.exists())
        .order_by(visit.visited_at.desc(), visit.id.desc())
        .limit(1)
        .correlate(Flag)
        .scalar_subquery()
    )


def _latest_stop() -> ScalarSelect[Any]:
    """The id of the flag's latest route stop, if it was planned."""
    stop = aliased(RouteStop)
    return (
        select(stop.id)
        .where(stop.flag_id == Flag.id)
        .order_by(stop.created_at.desc(), stop.id.desc())
        .limit(1)
        .correlate(Flag)
        .scalar_subquery()
    )


class _AddressAreas:
    """The area of an unplanned flag's address by the one rule (``services.areas.load_division``:
    a postcode member first, never a namesake town, retired areas take nobody; a town in two
    areas names both); remembered per postcode and town."""

    def __init__(self, session: Session) -> None:
        from fieldkit.services.areas import load_division

        self.division = load_division(session)
        self.known: dict[tuple[str | None, str | None], str] = {}
        self.defined = self.division.defined

    def area(self, plz: str | None, ort: str | None) -> str:
        """The area's name, or :data:`NO_AREA`."""
        key = (plz, ort)
        if key not in self.known:
            self.known[key] = self._find(plz, ort)
        return self.known[key]

    def _find(self, plz: str | None, ort: str | None) -> str:
        if plz is None or not self.defined:
            return NO_AREA
        from fieldkit.geo.normalize import Address as GeoAddress
        from fieldkit.services.areas import AREA_JOIN

        names = self.division.names_of(GeoAddress(street="", postcode=plz, city=ort or ""))
        return AREA_JOIN.join(names) if names else NO_AREA


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


def _xlsx_week_chart(book: Any, sheet: Any, weeks: list[ReportRow]) -> None:
    """A sheet of met/not met per week and a stacked bar chart of it below the report."""
    from openpyxl.chart import BarChart, Reference

    if not weeks:
        return
    data = book.create_sheet("Wochen")
    data.append(["KW", "angetroffen", "nicht angetroffen"])
    for w in weeks:
        data.append(xlsx_row([_label(w), w.met, w.not_met]))
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Besuche je Woche"
    chart.add_data(Reference(data, min_col=2, max_col=3, min_row=1, max_row=len(weeks) + 1),
                   titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(data, min_col=1, min_row=2, max_row=len(weeks) + 1))
    sheet.add_chart(chart, f"A{sheet.max_row + 3}")


def export_xlsx(
    rows: Sequence[ReportRow],
    path: Path,
    title: str = "Bericht",
    note: str = "",
    extras: Sequence[tuple[str, int]] = (),
    talks: Sequence[Sequence[str | int | float]] = (),
    *,
    identity: Identity,
    db: Database | None = None,
) -> None:
    """Write the rows and a total line as an Excel sheet (with a bar chart of met/not met),
    the note on a team filter, the desk and outbox figures and (Hamburg rules) the talks per
    full-time post on sheets of their own."""
    require(identity, permissions.REPORTS)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bericht"
    sheet.append([xlsx_value(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    header = ["KW", "Gebiet", "AB", *[t for _, t in METRICS], "Anteil angetroffen"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            xlsx_row([row.week, row.area, row.worker, *row.values(), rate(row.met, row.visited)])
        )
    total = group(rows, "total")
    if total:
        t = total[0]
        sheet.append(["gesamt", "", "", *t.values(), rate(t.met, t.visited)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for column, width in zip("ABC", (10, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width
    if note:
        sheet.append([])
        sheet.append([note])
    _xlsx_extras(book, extras, talks)
    _xlsx_week_chart(book, sheet, group(rows, "week"))
    book.save(path)
    if db is not None:
        audit.record_now(db, identity, audit.EXPORT, "xlsx", "", f"Bericht: {path.name}")


def nice_axis(top: int, max_intervals: int = 5) -> tuple[int, int]:
    """(axis maximum, tick step) for counts up to ``top``: whole numbers on steps of 1, 2, 5,
    10, 20, 50 …, at most ``max_intervals`` intervals, so a bar of 7 never sits on a
    label reading 6.3 (issue 17)."""
    top = max(int(top), 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            intervals = -(-top // step)  # ceiling division
            if intervals <= max_intervals:
                return intervals * step, step
        magnitude *= 10


#: The four series of the PDF's chart: (attribute, legend text, colour).
PDF_SERIES = (
    ("met", "angetroffen", "#2e7d32"),
    ("not_met", "nicht angetroffen", "#c62828"),
    ("came", "zum Termin erschienen", "#1565c0"),
    ("suspensions_proposed", "Zahlungseinstellung vorgeschlagen", "#ef6c00"),
)
NO_CHART = "Für diesen Zeitraum gibt es keine Besuche; deshalb kein Diagramm."


def chart_drawing(weeks: Sequence[ReportRow], width: float) -> Any | None:
    """The PDF's bar chart per week, ``width`` wide with the legend below it inside the
    drawing; None when every bar would be zero (the PDF says so in a sentence instead)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from fieldkit.printing.fonts import BOLD, REGULAR

    data = [[int(getattr(w, attr)) for w in weeks] for attr, _, _ in PDF_SERIES]
    if not any(any(series) for series in data):
        return None
    drawing = Drawing(width, 215)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 55, width - 60, 130
    chart.data = data
    chart.categoryAxis.categoryNames = [_label(w) for w in weeks]
    chart.categoryAxis.labels.fontName = REGULAR
    top, step = nice_axis(max(max(series) for series in data))
    axis = chart.valueAxis
    axis.labels.fontName = REGULAR
    axis.valueMin, axis.valueMax, axis.valueStep = 0, top, step
    axis.labelTextFormat = "%d"
    legend = Legend()
    legend.x, legend.y = 40, 18
    legend.fontName, legend.fontSize = REGULAR, 8
    legend.columnMaximum = 1  # one entry per column: the legend runs along the bottom
    legend.deltax = (width - 60) / len(PDF_SERIES)
    legend.dxTextSpace = 4
    pairs = []
    for n, (_attr, name, color) in enumerate(PDF_SERIES):
        chart.bars[n].fillColor = colors.HexColor(color)
        pairs.append((colors.HexColor(color), name))
    legend.colorNamePairs = pairs
    drawing.add(chart)
    drawing.add(legend)
    drawing.add(String(40, 200, "Besuche und Folgen je Woche", fontName=BOLD, fontSize=10))
    return drawing


def _xlsx_extras(
    book: Any, extras: Sequence[tuple[str, int]], talks: Sequence[Sequence[str | int | float]]
) -> None:
    """The sheets 'Eingangszone' (desk and outbox figures) and 'Beratungsgespräche' (talks
    per full-time post: header, one line per caseworker, the team line), when given."""
    from openpyxl.styles import Font

    if extras:
        desk = book.create_sheet("Eingangszone")
        desk.append(["Eingangszone und Postausgang", "Anzahl"])
        for label, value in extras:
            desk.append([label, value])
        desk.column_dimensions["A"].width = 48
    if not talks:
        return
    sheet = book.create_sheet("Beratungsgespräche")
    for row in talks:
        sheet.append(xlsx_row(list(row)))
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24


def export_pdf(
    rows: Sequence[ReportRow],
    path: Path,
    title: str = "Bericht",
    note: str = "",
    extras: Sequence[tuple[str, int]] = (),
    talks: Sequence[Sequence[str | int | float]] = (),
    *,
    identity: Identity,
    db: Database | None = None,
) -> None:
    """Write a landscape PDF: a bar chart per week (or a sentence when there is nothing to
    chart), the note on a team filter, the table with a total line and the desk and outbox
    figures."""
    require(identity, permissions.REPORTS)
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    st = styles_for_reports()
    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=title,
    )  # fmt: skip
    story: list[Any] = [Paragraph(pdf_text(title), st["title"])]
    if note:
        story.append(Paragraph(pdf_text(note), st["body"]))
    drawing = chart_drawing(group(rows, "week"), doc.width)
    story += [drawing if drawing is not None else Paragraph(NO_CHART, st["body"]), Spacer(1, 8)]
    story.append(_pdf_table(rows, st))
    if extras:
        story += [Spacer(1, 8), Paragraph("Eingangszone und Postausgang", st["cellbold"])]
        story += [Paragraph(pdf_text(f"{label}: {value}"), st["cell"]) for label, value in extras]
    if talks:
        story += [Spacer(1, 8), Paragraph("Beratungsgespräche (Hamburger Regeln)", st["cellbold"])]
        story.append(_pdf_talks(talks, st))
    doc.build(story)
    if db is not None:
        audit.record_now(db, identity, audit.EXPORT, "pdf", "", f"Bericht: {path.name}")


def _pdf_talks(talks: Sequence[Sequence[str | int | float]], st: Any) -> Any:
    """The talk figures as a table; numbers with a decimal comma."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    def text(value: str | int | float) -> str:
        return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)

    data = [
        [Paragraph(pdf_text(text(v)), st["cellbold" if n in (0, len(talks) - 1) else "cell"])
         for v in row]
        for n, row in enumerate(talks)
    ]  # fmt: skip
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#888888")]))
    return table


def styles_for_reports() -> Any:
    """The shared paragraph styles (imported late: ReportLab is only needed for exports)."""
    from fieldkit.printing.layout import styles

    return styles()


def _pdf_table(rows: Sequence[ReportRow], st: Any) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    from fieldkit.printing.fonts import REGULAR
    from fieldkit.printing.layout import ACCENT, LIGHT

    header = ["KW", "Gebiet", "AB", *[t for _, t in METRICS]]
    cell = st["cell"]
    data: list[list[Any]] = [[Paragraph(pdf_text(h), st["cellbold"]) for h in header]]
    for row in rows:
        data.append([_label(ReportRow(row.week, "", "")), row.area, row.worker, *row.values()])
    total = group(rows, "total")
    if total:
        data.append(["gesamt", "", "", *total[0].values()])
    widths = [20 * mm, 28 * mm, 26 * mm] + [18.5 * mm] * len(METRICS)
    table = Table(
        [[c if isinstance(c, Paragraph) else Paragraph(pdf_text(str(c)), cell) for c in r]
         for r in data],
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
    return table
