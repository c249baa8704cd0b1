"""One E-Akte-ready PDF per benefits message (issue 17): A4, German, who/what/why/when."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fieldkit.domain import permissions
from fieldkit.domain.week import to_berlin
from fieldkit.escaping import pdf_text
from fieldkit.printing.fonts import REGULAR
from fieldkit.printing.layout import ACCENT, LIGHT, styles
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_outbox import ALL, OPEN, OutboxRow, list_messages
from fieldkit.store.db import Database


def render_message(row: OutboxRow, out: str | Path | BinaryIO, office_name: str = "") -> None:
    """Write one message as PDF (embedded shipped font, German dates)."""
    st = styles()
    doc = SimpleDocTemplate(
        out if not isinstance(out, Path) else str(out),
        pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
        bottomMargin=18 * mm, title=f"Mitteilung an die Leistungsabteilung {row.short_id}",
        author=office_name or "Jobcenter",
    )  # fmt: skip
    written = f"{to_berlin(row.written_at):%d.%m.%Y, %H:%M} Uhr"
    cells = [
        ("Kunde/Kundin", f"{row.customer_name} ({row.kundennummer})"),
        ("BG-Nummer", row.bg_number or "nicht angegeben"),
        ("Was", row.subject),
        ("Warum", row.reason or "–"),
        ("Von", row.written_by or "–"),
        ("Erstellt am", written),
        ("Status", row.state_label),
    ]
    table = Table(
        [[label, Paragraph(pdf_text(value), st["cell"])] for label, value in cells],
        colWidths=[34 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), REGULAR, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, "white"),
            ]
        )
    )
    story = [
        Paragraph(pdf_text(office_name or "Jobcenter"), st["heading"]),
        HRFlowable(width="100%", color=ACCENT, thickness=1.2, spaceBefore=4, spaceAfter=10),
        Paragraph("Mitteilung an die Leistungsabteilung (E-Akte)", st["title"]),
        Paragraph(pdf_text(f"{row.kind_label} – Postausgang Nr. {row.short_id}"), st["subject"]),
        table,
        Spacer(1, 10),
        *[Paragraph(pdf_text(part), st["body"]) for part in row.text.split("\n") if part.strip()],
    ]
    doc.build(story)


def file_name(row: OutboxRow) -> str:
    """'2026-12-07_962D000001_suspension_1a2b3c4d.pdf': no names in file names."""
    safe = "".join(c for c in row.kundennummer if c.isalnum())[:20] or "ohne"
    return f"{to_berlin(row.written_at):%Y-%m-%d}_{safe}_{row.kind}_{row.short_id}.pdf"


def export(
    db: Database, identity: Identity, folder: Path, only_open: bool = True, office_name: str = ""
) -> list[Path]:
    """Write one PDF per message (open ones, or all) into ``folder``; returns the files.
    Written to a temporary name first, so a failure leaves no half-written PDF behind."""
    require(identity, permissions.INBOX)
    if folder.exists() and not folder.is_dir():
        raise OfficeError(f"„{folder.name}“ ist kein Ordner.", f"{folder.name!r} is not a folder.")
    with db.session() as session:
        rows = list_messages(session, identity, OPEN if only_open else ALL)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for row in rows:
            target = folder / file_name(row)
            partial = target.with_suffix(".part")
            render_message(row, partial, office_name)
            partial.replace(target)
            written.append(target)
            audit.record_now(db, identity, audit.EXPORT, "pdf", row.id, f"Nachricht: {target.name}")
    except OSError as exc:
        raise OfficeError(
            f"Der Ordner „{folder.name}“ ist nicht beschreibbar.",
            f"Cannot write into {folder.name!r}: {exc.strerror}.",
        ) from exc
    return written


__all__ = ["export", "file_name", "render_message"]
