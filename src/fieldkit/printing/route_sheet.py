"""The route sheet (Tourenblatt): one day, one outreach worker, the map and every door."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from fieldkit.printing import formatting as fmt
from fieldkit.printing.batch import atomic_output
from fieldkit.printing.fonts import BOLD, REGULAR
from fieldkit.printing.layout import (
    BODY_LEFT,
    BODY_RIGHT,
    GREY,
    LIGHT,
    PAGE_W,
    Box,
    Cancelled,
    Output,
    PdfBuilder,
    draw_footer,
    ellipsize,
    styles,
    y_from_top,
)
from fieldkit.printing.model import RouteDay, RouteStop
from fieldkit.printing.route_map import route_map_drawing
from fieldkit.printing.settings import PrintSettings
from fieldkit.printing.templates import markup

WIDTH = PAGE_W - (BODY_LEFT + BODY_RIGHT) * mm

#: What the worker ticks at each door.
OUTCOME_BOXES = ("angetroffen", "nicht angetroffen", "Einladung übergeben", "Paket eingeworfen")


class TickBoxes(Flowable):
    """Empty squares with labels, one per line, to tick with a pen."""

    def __init__(self, labels: Sequence[str], size: float = 7.0) -> None:
        super().__init__()
        self.labels = tuple(labels)
        self.size = size
        self.line = size + 4.5

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fixed height: one line per box."""
        self.width = avail_width
        self.height = self.line * len(self.labels)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the squares and their labels."""
        canv = self.canv
        canv.setLineWidth(0.6)
        canv.setStrokeColor(black)
        for i, label in enumerate(self.labels):
            y = self.height - (i + 1) * self.line + 2
            canv.rect(0, y, self.size, self.size, stroke=1, fill=0)
            canv.setFont(REGULAR, 7)
            canv.drawString(self.size + 3, y + 1, ellipsize(label, REGULAR, 7, self.width - 12))


class MapFlowable(Flowable):
    """The route map as a flowable of fixed size."""

    def __init__(self, day: RouteDay, width: float, height: float) -> None:
        super().__init__()
        self.day = day
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The map keeps its size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the map at the flowable's origin."""
        from reportlab.graphics import renderPDF

        renderPDF.draw(route_map_drawing(self.day, self.width, self.height), self.canv, 0, 0)


def _customer_cell(stop: RouteStop) -> list[Flowable]:
    st = styles()
    c = stop.customer
    lines = [f"<b>{markup(c.name)}</b>", f"Kd.-Nr. {markup(c.kundennummer)}", markup(c.street)]
    if c.adresszusatz.strip():
        lines.append(f"<font color='#555555'>{markup(c.adresszusatz)}</font>")
    lines.append(markup(f"{c.postal_code} {c.city}"))
    return [Paragraph("<br/>".join(lines), st["cell"])]


def _notes_cell(stop: RouteStop) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = []
    if stop.hints.strip():
        parts.append(Paragraph(f"<b>Hinweis:</b> {markup(stop.hints)}", st["cell"]))
    if stop.appointment:
        a = stop.appointment
        place = markup(a.place.splitlines()[0] if a.place.strip() else "")
        when = f"{fmt.date_numeric(a.start.date())}, {fmt.time_of_day(a.start)}"
        if parts:
            parts.append(Spacer(1, 3))
        parts.append(Paragraph(f"<b>Termin übergeben:</b> {markup(when)}<br/>{place}", st["cell"]))
    n_open = len(stop.customer.open_mitwirkungsschreiben)
    if n_open:
        parts.append(Spacer(1, 3))
        parts.append(
            Paragraph(f"Offene Mitwirkungsschreiben: {n_open} (im Paket genannt)", st["cell"])
        )
    return parts or [Paragraph("", st["cell"])]


def route_sheet_story(day: RouteDay, settings: PrintSettings) -> list[Flowable]:
    """Heading, map and the table of stops."""
    st = styles()
    facts = [fmt.date_long(day.day), f"Außendienst: {day.worker}"]
    if day.area:
        facts.append(f"Gebiet: {day.area}")
    facts.append(f"{len(day.stops)} Stopps")
    if day.departure:
        facts.append(f"Abfahrt {fmt.time_of_day(day.departure)}")
    if day.return_at:
        facts.append(f"Rückkehr ca. {fmt.time_of_day(day.return_at)}")
    story: list[Flowable] = [
        Paragraph("Tourenblatt", st["title"]),
        Paragraph(markup(" · ".join(facts)), st["body"]),
        Spacer(1, 4),
    ]
    if settings.route_map:
        story += [MapFlowable(day, WIDTH, 95 * mm), Spacer(1, 8)]
    head = [
        Paragraph(h, st["cellbold"])
        for h in ("Nr.", "Ankunft", "Kunde, Adresse", "Hinweise, Termin", "Erledigt")
    ]
    rows: list[list[object]] = [head]
    for number, stop in enumerate(day.stops, start=1):
        rows.append(
            [
                Paragraph(f"<b>{number}</b>", st["cell"]),
                Paragraph(markup(fmt.clock(stop.arrival)), st["cell"]),
                _customer_cell(stop),
                _notes_cell(stop),
                TickBoxes(OUTCOME_BOXES),
            ]
        )
    widths = [9 * mm, 14 * mm, 55 * mm, 54 * mm, WIDTH - 132 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GREY),
                ("BOX", (0, 0), (-1, -1), 0.6, GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.append(table)
    if not day.stops:
        story.append(Paragraph("Für diesen Tag sind keine Stopps geplant.", st["body"]))
    return story


def add_route_sheet(pdf: PdfBuilder, day: RouteDay, settings: PrintSettings) -> tuple[int, int]:
    """Append one day's route sheet to ``pdf``; returns its (first, last) page."""
    label = f"Tourenblatt {fmt.date_numeric(day.day)} – {day.worker}"

    def deco(canv: Canvas, number: int, total_form: str) -> Box:
        canv.setFont(BOLD, 7)
        draw_footer(canv, label, day.office.name, number, total_form)
        top = y_from_top(15)
        return Box(BODY_LEFT * mm, 21 * mm, WIDTH, top - 21 * mm)

    return pdf.flow(route_sheet_story(day, settings), deco)


def render_route_sheet(
    day: RouteDay | Sequence[RouteDay], out: Output, settings: PrintSettings | None = None
) -> int:
    """Write the route sheet of one day (or several, each on a new front page); page count."""
    settings = settings or PrintSettings()
    days = [day] if isinstance(day, RouteDay) else list(day)
    pdf = PdfBuilder(out, "Tourenblatt")
    for item in days:
        if settings.duplex and pdf.page_count % 2:
            pdf.page(lambda canv, n, form: None)
        add_route_sheet(pdf, item, settings)
    if not days:
        pdf.page(lambda canv, n, form: None)
    pdf.save()
    return pdf.page_count


def render_route_batch(
    days: Sequence[RouteDay],
    out: Output,
    settings: PrintSettings | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, list[tuple[int, int]]]:
    """Route sheets of several days into one PDF, written atomically to a path.

    Returns the page count and each day's (first, last) page; every day starts on a front
    page when ``settings.duplex``. A cancel raises :class:`Cancelled` and writes nothing.
    """
    settings = settings or PrintSettings()
    ranges: list[tuple[int, int]] = []
    with atomic_output(out) as target:
        pdf = PdfBuilder(target, "Tourenblätter")
        for done, item in enumerate(days):
            if cancelled and cancelled():
                raise Cancelled
            if settings.duplex and pdf.page_count % 2:
                pdf.page(lambda canv, n, form: None)
            ranges.append(add_route_sheet(pdf, item, settings))
            if progress:
                progress(done + 1, len(days))
        if not days:
            pdf.page(lambda canv, n, form: None)
        pdf.save()
    return pdf.page_count, ranges
