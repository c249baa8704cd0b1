"""Sending a finished PDF to a printer, and saving a copy of it.

The PDF is the document: the printer gets each page rendered by QtPdf at the printer's
resolution (at most :data:`MAX_DPI`), drawn onto the whole sheet, so the address still sits
in the envelope window. Qt allows painting on a QPrinter outside the GUI thread, so this
runs in a :class:`fieldkit.ui.workers.Job`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter

#: Higher resolutions only make the print job bigger, not the letters sharper.
MAX_DPI = 300


class PrintFailed(Exception):
    """The printer could not be started or the PDF could not be read."""


def print_pdf(
    pdf_path: str | Path,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print the pages of ``pdf_path`` (the printer's page range, if one was chosen); returns
    the number of pages sent."""
    doc = QPdfDocument()
    try:
        if doc.load(str(pdf_path)) != QPdfDocument.Error.None_ or doc.pageCount() == 0:
            raise PrintFailed(str(pdf_path))
        first, last = 0, doc.pageCount() - 1
        if printer.fromPage() > 0:
            first = min(printer.fromPage() - 1, last)
            last = max(first, min(printer.toPage() - 1, last)) if printer.toPage() > 0 else last
        # The letter's own margins are part of the PDF: draw on the whole sheet.
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed("printer")
        sent = 0
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            total = last - first + 1
            for index in range(first, last + 1):
                if cancelled and cancelled():
                    break
                if sent:
                    printer.newPage()
                sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
                points = doc.pagePointSize(index)
                scale = min(sheet.width() / points.width(), sheet.height() / points.height())
                target = QRectF(QPointF(0, 0), points * scale)
                image = doc.render(
                    index,
                    QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)),
                )
                painter.drawImage(target, image)
                sent += 1
                if progress:
                    progress(sent, total)
        finally:
            painter.end()
        return sent
    finally:
        doc.close()


def show_pdf(view: QPdfView, parent: QObject, path: str | Path | None) -> QPdfDocument:
    """Show ``path`` in ``view`` with a fresh document and return it (empty for None).

    The view renders pages on its own threads: the old document is detached from the view
    before it is closed, never closed or reloaded while the view may still be drawing it.
    """
    old = view.document()
    doc = QPdfDocument(parent)
    if path is not None:
        doc.load(str(path))
    view.setDocument(doc)
    if old is not None:
        old.close()
        old.deleteLater()
    return doc


def copy_pdf(source: str | Path, target: str | Path) -> None:
    """Copy a finished PDF to ``target`` through a temporary file (never a half copy)."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".print-", suffix=".pdf")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
