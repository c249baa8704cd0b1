"""Batch printing: one PDF per day, every stop's letters in route order, ready for duplex."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from fieldkit.printing.fonts import REGULAR
from fieldkit.printing.layout import GREY, PAGE_W, Cancelled, Output, PdfBuilder
from fieldkit.printing.letters import add_invitation, add_package
from fieldkit.printing.model import BatchManifest, InvitationLetter, ManifestEntry
from fieldkit.printing.settings import PrintSettings

#: Called after each letter with (letters done, letters in total).
ProgressCallback = Callable[[int, int], None]
#: Asked before each letter; True stops the batch (raises :class:`Cancelled`).
CancelCheck = Callable[[], bool]

BLANK_NOTE = "Diese Seite bleibt absichtlich leer."


@contextlib.contextmanager
def atomic_output(out: Output) -> Iterator[Output]:
    """Write a path through a temporary file renamed at the end, so a cancelled or failed
    run never leaves a half PDF (and an existing file stays as it was)."""
    if isinstance(out, str | Path):
        path = Path(out)
        fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=".print-", suffix=".pdf")
        os.close(fd)
        try:
            yield tmp
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    else:
        yield out


def _blank_page(pdf: PdfBuilder, kundennummer: str) -> None:
    """The back of a letter's last sheet: nearly empty, but it still names the customer."""

    def draw(canv: Canvas, number: int, total_form: str) -> None:
        canv.setFont(REGULAR, 7)
        canv.setFillColor(GREY)
        canv.drawCentredString(PAGE_W / 2, 12 * mm, f"Kundennummer {kundennummer} – {BLANK_NOTE}")

    pdf.page(draw)


def render_day_batch(
    letters: Sequence[InvitationLetter],
    include_packages: bool,
    out: Output,
    *,
    include_invitations: bool = True,
    settings: PrintSettings | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> BatchManifest:
    """Write all letters of a day (in the given route order) into one PDF; returns its manifest.

    With ``settings.duplex`` every document (invitation, package) starts on an odd page, so
    a duplex printer never puts two customers' letters on one sheet; blank backs are part of
    the customer before. ``include_invitations=False`` prints only the packages.
    On cancel, :class:`Cancelled` is raised and a path target is left untouched.
    """
    settings = settings or PrintSettings()
    total = len(letters)
    entries: list[ManifestEntry] = []
    blanks = 0
    with atomic_output(out) as target:
        pdf = PdfBuilder(target, "Einladungen und Kunden-Pakete")
        for done, letter in enumerate(letters):
            if cancelled and cancelled():
                raise Cancelled
            number = letter.customer.kundennummer
            first = pdf.page_count + 1
            documents: list[str] = []
            parts: list[Callable[[PdfBuilder, InvitationLetter, PrintSettings], object]] = []
            if include_invitations:
                parts.append(add_invitation)
                documents.append("invitation")
            if include_packages:
                parts.append(add_package)
                documents.append("package")
            for add in parts:
                if settings.duplex and pdf.page_count % 2:
                    _blank_page(pdf, number)
                    blanks += 1
                add(pdf, letter, settings)
            if settings.duplex and pdf.page_count % 2:
                _blank_page(pdf, number)
                blanks += 1
            if pdf.page_count >= first:
                entries.append(ManifestEntry(number, tuple(documents), first, pdf.page_count))
            if progress:
                progress(done + 1, total)
        if pdf.page_count == 0:
            pdf.page(lambda canv, n, form: None)
            blanks += 1
        pdf.save()
    return BatchManifest(pdf.page_count, blanks, tuple(entries))
