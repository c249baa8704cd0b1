"""Printing a week's letters, customer packages or route sheets (the print dialog's PDF).

A print is a write of its own: the audit log names who printed what for which week (kind,
week, file name and pages; never the content). So it is an operation like the others and
says ``Changes(audit=True)``, which the *Protokoll* window follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, OpResult
from fieldkit.services import printing


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
) -> OpResult[PrintedWeek]:
    """Write ``kind`` (see :data:`fieldkit.services.printing.KINDS`) of ``week`` — one
    ``day``'s or ``worker``'s when given — as one PDF at ``out`` with the settings in use,
    and record the print in the audit log. Changes: ``audit``.

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
    )
    return OpResult(PrintedWeek(Path(out), result, selection), AUDITED)
