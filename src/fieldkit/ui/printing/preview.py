"""A dialog that renders PDFs in the background and shows the latest one as a preview."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QWidget

from fieldkit.paths import private_temp_dir
from fieldkit.ui.printing.output import show_pdf
from fieldkit.ui.workers import Job


class PdfPreviewDialog(QDialog):
    """Background jobs write PDFs into the dialog's own temporary folder; the view shows them.

    Subclasses build the view with :meth:`make_view`, start previews with
    :meth:`start_preview`, handle ``_on_done(job, value)`` and ``_on_failed(job, exc)``, and
    say in :meth:`cancel` how their work stops. Closing the dialog in any way waits for every
    job and removes the files.
    """

    def __init__(self, parent: QWidget | None, tmp_prefix: str) -> None:
        super().__init__(parent)
        # Previews hold personal data: the profile's private folder, never the shared temp.
        self._tmp = tempfile.TemporaryDirectory(prefix=tmp_prefix, dir=private_temp_dir())
        self._counter = itertools.count(1)
        self._job: Job | None = None  # the preview wanted now: the last choice wins
        self._jobs: list[Job] = []  # every started job, kept alive until its thread ends

    def make_view(self, name: str) -> QPdfView:
        """The preview (named ``name``) showing ``self.document``, created here too."""
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName(name)
        self.view.setAccessibleName(self.tr("Vorschau"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # Fit-to-width with an on-demand scroll bar can oscillate for ever (bar shown → page
        # narrower → shorter → bar hidden → …) and freeze the window; keep the bar.
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setDocument(self.document)
        return self.view

    def start_preview(
        self, work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
    ) -> Job:
        """A job for ``work`` that becomes the wanted preview; the caller starts it."""
        job = Job(work, self)
        job.done.connect(lambda value, j=job: self._on_done(j, value))
        job.failed.connect(lambda exc, j=job: self._on_failed(j, exc))
        self._job = job
        self._jobs.append(job)
        return job

    def _on_done(self, job: Job, value: Any) -> None:
        raise NotImplementedError

    def _on_failed(self, job: Job, exc: object) -> None:
        raise NotImplementedError

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            job.wait()
            self._jobs.remove(job)

    def cancel(self) -> None:
        """Stop the running background work."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Cancel and wait for background work; remove the preview files."""
        self.cancel()
        for job in list(self._jobs):
            job.wait()
        self._jobs.clear()
        self._job = None  # a result arriving after the close is not shown
        self.document = show_pdf(self.view, self, None)
        self._tmp.cleanup()

    def done(self, result: int) -> None:
        """Closing the dialog (any way) ends its background work first."""
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends background work too."""
        self.shutdown()
        super().closeEvent(event)
