"""Importing a flag list and releasing a blocked flag."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, Changes, OpResult
from fieldkit.services import flaglist, scope
from fieldkit.services.flaglist import CheckReport


def import_flag_list(
    ctx: AppContext,
    report: CheckReport,
    *,
    source: str = "",
    skip_invalid: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[flaglist.ImportResult]:
    """Write a checked flag list (one transaction). Changes: the weeks it has rows for;
    ``audit`` (the import is logged, even when nothing was new).

    ``cancelled`` is accepted for the runner's sake; an import is not cut off half-way."""
    del cancelled
    result = flaglist.import_report(
        ctx.db,
        report,
        source=source,
        skip_invalid=skip_invalid,
        progress=progress,
        identity=ctx.identity,
    )
    written = result.created + result.updated
    weeks = frozenset(week for week, n in result.by_week.items() if n) if written else frozenset()
    return OpResult(result, Changes(weeks=weeks) | AUDITED)


def override_block(ctx: AppContext, flag_id: uuid.UUID, reason: str, by: str) -> OpResult[None]:
    """Release a blocked flag for planning, with a written reason. Changes: that flag, its week."""
    flaglist.override_block(ctx.db, flag_id, reason, by, ctx.clock(), identity=ctx.identity)
    place = scope.of_flag(ctx.db, flag_id)
    return OpResult(None, Changes(weeks=_weeks(place.week), flags=frozenset({flag_id})))


def _weeks(*weeks: str) -> frozenset[str]:
    return frozenset(w for w in weeks if w)
