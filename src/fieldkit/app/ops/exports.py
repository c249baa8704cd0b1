"""The back office's outbox and its report exports (issue 19, item 1).

Taking in the visits' hints and handing messages over change the outbox (``office``). The
exports write files and log each file in the audit log, so they say ``audit``: an open
*Protokoll* window shows the entries. Printing one message to a PDF logs nothing and stays a
plain file write in the window.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, NOTHING, Changes, OpResult
from fieldkit.services import office_outbox as outbox
from fieldkit.services import office_outbox_pdf as outbox_pdf
from fieldkit.services import office_reports as reports

#: The document kinds of :func:`export_report`.
REPORT_KINDS = ("xlsx", "pdf")


def collect_hints(ctx: AppContext) -> OpResult[int]:
    """Take the visits' new hints into the outbox (the window does it on each reload); how
    many. Changes: ``office`` when any was taken in, else nothing (so no view reloads)."""
    taken = outbox.collect_hints(ctx.db, ctx.clock(), identity=ctx.identity)
    return OpResult(taken, Changes(office=True) if taken else NOTHING)


def hand_over(ctx: AppContext, message_ids: list[uuid.UUID], who: str) -> OpResult[int]:
    """Record that messages went to the benefits department; how many. Changes: ``office``
    when any was handed over."""
    count = outbox.hand_over(ctx.db, ctx.identity, message_ids, who, ctx.clock())
    return OpResult(count, Changes(office=True) if count else NOTHING)


def export_outbox(ctx: AppContext, folder: Path, *, only_open: bool = True) -> OpResult[list[Path]]:
    """One PDF per open message (every message without ``only_open``: ``fieldkit
    office-outbox export --all``) into ``folder``; the files. Changes: ``audit`` when any was
    written (each file is logged)."""
    files = outbox_pdf.export(ctx.db, ctx.identity, folder, only_open=only_open)
    return OpResult(files, AUDITED if files else NOTHING)


def export_report(
    ctx: AppContext,
    kind: str,
    rows: Sequence[reports.ReportRow],
    path: Path,
    title: str,
    note: str,
    extras: Sequence[tuple[str, int]],
    talks: Sequence[Sequence[str | int | float]],
) -> OpResult[Path]:
    """Write the report as ``kind`` ("xlsx" or "pdf") to ``path``. Changes: ``audit`` (the
    export is logged)."""
    if kind not in REPORT_KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    write = reports.export_xlsx if kind == "xlsx" else reports.export_pdf
    write(rows, path, title, note, extras, talks, identity=ctx.identity, db=ctx.db)
    return OpResult(path, AUDITED)
