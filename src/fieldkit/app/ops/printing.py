"""Printing a week's letters, customer packages or route sheets (the print dialog's PDF).

A print is a write of its own: the audit log names who printed what for which week (kind,
week, file name and pages; never the content). So it is an operation like the others and
says ``Changes(audit=True)``, which the *Protokoll* window follows. The print dialog's
preview is logged as a preview; only pages sent to a printer are logged as printed
(:func:`record_printed`) and a copy saved as a PDF as an export (:func:`record_saved`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain import permissions
from fieldkit.domain.changes import AUDITED, OpResult
from fieldkit.services import audit, printing
from fieldkit.services.access import require


@dataclass(frozen=True)
class PrintedWeek:
    """The PDF written, what is in it and the selection it was made from."""

    path: Path
    result: printing.PrintResult
    selection: printing.WeekPrint


def print_week(
    ctx: AppContext,
    week: str,
    kind: str,
    out: Path,
    *,
    day: date | None = None,
    worker: str = "",
    allow: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    preview: bool = False,
) -> OpResult[PrintedWeek]:
    """Write ``kind`` (see :data:`fieldkit.services.printing.KINDS`) of ``week`` — one
    ``day``'s or ``worker``'s when given — as one PDF at ``out`` with the settings in use,
    and record the print in the audit log (``preview``: as the print dialog's preview, which
    nobody has printed yet). Changes: ``audit``.

    A refusal (``PermissionDenied``), nothing to print (``PrintingError``) or a cancel
    (``Cancelled``) raises before the audit entry: no PDF at ``out``, no entry."""
    settings = ctx.settings
    selection = printing.load_week_print(
        ctx.db,
        week,
        day=day,
        worker=worker,
        settings=settings.printing,
        rules=settings.rules,
        today=ctx.clock().date(),
        need_routes=kind == "routes",
        allow=allow,
        identity=ctx.identity,
    )
    result = printing.render(
        selection,
        kind,
        out,
        settings=settings.printing,
        progress=progress,
        cancelled=cancelled,
        db=ctx.db,
        identity=ctx.identity,
        action=audit.PREVIEW if preview else audit.PRINT,
    )
    return OpResult(PrintedWeek(Path(out), result, selection), AUDITED)


def record_printed(
    ctx: AppContext, week: str, kind: str, pages: int, printer: str
) -> OpResult[None]:
    """Name in the audit log that ``pages`` pages of a previewed PDF went to ``printer``."""
    return _record(ctx, audit.PRINT, week, kind, pages, f"Drucker {printer}")


def record_saved(ctx: AppContext, week: str, kind: str, pages: int, target: Path) -> OpResult[None]:
    """Name in the audit log that a previewed PDF was saved as ``target`` (its name only)."""
    return _record(ctx, audit.EXPORT, week, kind, pages, target.name)


def _record(
    ctx: AppContext, action: str, week: str, kind: str, pages: int, where: str
) -> OpResult[None]:
    require(ctx.identity, permissions.PRINTING)
    detail = printing.audit_detail(kind, week, where, pages)
    audit.record_now(ctx.db, ctx.identity, action, "pdf", week, detail)
    return OpResult(None, AUDITED)
