"""The appointment slip (Terminzettel) handed to the customer at the desk: one A5 page."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fieldkit.domain.week import to_berlin
from fieldkit.printing import formatting as fmt
from fieldkit.printing.fonts import REGULAR
from fieldkit.printing.layout import ACCENT, LIGHT, styles
from fieldkit.services.office_desk import SlipData


def render_slip(slip: SlipData, out: str | Path | BinaryIO) -> None:
    """Write the slip as PDF (embedded shipped font, German dates)."""
    st = styles()
    start = to_berlin(slip.starts_at)
    doc = SimpleDocTemplate(
        out if not isinstance(out, Path) else str(out),
        pagesize=A5,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title="Terminbestätigung",
        author=slip.office_name,
    )
    who = escape(slip.caseworker)
    if slip.by_deputy_for:
        who += "<br/>" + escape(f"(in Vertretung für {slip.by_deputy_for})")
    rows = [
        ["Datum", Paragraph(escape(fmt.date_long(start.date())), st["cellbold"])],
        [
            "Uhrzeit",
            Paragraph(
                escape(f"{fmt.time_of_day(start)}, etwa {slip.minutes} Minuten"), st["cellbold"]
            ),
        ],
        ["Gespräch mit", Paragraph(who, st["cellbold"])],
        ["Ort", Paragraph(escape(slip.place or slip.office_name), st["cell"])],
        ["Kundennummer", Paragraph(escape(slip.kundennummer), st["cell"])],
    ]
    table = Table(rows, colWidths=[32 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), REGULAR, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, "white"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story = [
        Paragraph(escape(slip.office_name), st["heading"]),
        *[Paragraph(escape(line), st["small"]) for line in slip.office_lines],
        HRFlowable(width="100%", color=ACCENT, thickness=1.2, spaceBefore=4, spaceAfter=10),
        Paragraph("Terminbestätigung", st["title"]),
        Paragraph(escape(f"für {slip.customer_name}"), st["subject"]),
        table,
        Spacer(1, 10),
        Paragraph(
            "Bitte bringen Sie diesen Zettel, Ihren Personalausweis und die besprochenen "
            "Unterlagen mit. Wenn Sie den Termin nicht wahrnehmen können, melden Sie sich "
            "bitte vorher telefonisch.",
            st["body"],
        ),
    ]
    doc.build(story)


__all__ = ["render_slip"]
