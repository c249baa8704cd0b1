"""Saving the division of the district into areas (the area editor's "Speichern")."""

from __future__ import annotations

from collections.abc import Sequence

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.services import areas as area_service
from fieldkit.services.areas import AreaEdit


def save_areas(ctx: AppContext, edits: Sequence[AreaEdit]) -> OpResult[None]:
    """Replace all areas by ``edits`` (one transaction; ``AreaError`` when unsound, nothing
    written). Changes: ``areas`` when the stored division is not the same as before."""
    before = _stored(ctx)
    area_service.save_areas(ctx.db, edits)
    return OpResult(None, Changes(areas=True) if _stored(ctx) != before else NOTHING)


def _stored(ctx: AppContext) -> list[AreaEdit]:
    with ctx.db.session() as session:
        return area_service.load_area_edits(session)
