"""Placing a week's customers on the map."""

from __future__ import annotations

from collections.abc import Callable

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.services import geocoding
from fieldkit.services.geocoding import GeocodeSummary


def geocode_week(
    ctx: AppContext,
    week: str,
    *,
    online: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[GeocodeSummary]:
    """Geocode ``week``'s customers. Changes: that week, when any address was handled."""
    summary = geocoding.geocode_week(
        ctx.db,
        week,
        ctx.settings,
        online=online,
        progress=progress,
        cancelled=cancelled,
        identity=ctx.identity,
    )
    changes = Changes(weeks=frozenset({week})) if summary.done else NOTHING
    return OpResult(summary, changes)
