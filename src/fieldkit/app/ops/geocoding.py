"""Placing a week's customers on the map."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, NOTHING, Changes, OpResult
from fieldkit.services import geocoding, scope
from fieldkit.services import osm as osm_import
from fieldkit.services.geocoding import AddressImportSummary, GeocodeSummary
from fieldkit.services.osm import OsmImportSummary


def geocode_week(
    ctx: AppContext,
    week: str,
    *,
    online: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[GeocodeSummary]:
    """Geocode ``week``'s customers. Changes: that week, when any address was handled;
    ``audit`` (the run is logged)."""
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
    return OpResult(summary, changes | AUDITED)


def _address_changes(ctx: AppContext, address_id: uuid.UUID) -> Changes:
    weeks, flags = scope.flags_at_address(ctx.db, address_id)
    return Changes(weeks=weeks, flags=flags)


def place_by_hand(
    ctx: AppContext, address_id: uuid.UUID, lat: float, lon: float, who: str
) -> OpResult[None]:
    """Place an address by hand. Changes: the weeks and flags of the customer living there;
    ``audit`` (the placement is logged)."""
    geocoding.place_by_hand(ctx.db, address_id, lat, lon, who, identity=ctx.identity)
    return OpResult(None, _address_changes(ctx, address_id) | AUDITED)


def clear_placement(ctx: AppContext, address_id: uuid.UUID) -> OpResult[None]:
    """Forget an address's hand placement (placed again from the offline sources)."""
    geocoding.clear_placement(ctx.db, address_id, identity=ctx.identity)
    return OpResult(None, _address_changes(ctx, address_id))


# -- reference data: address points and OpenStreetMap extracts -------------------------------
# They replace the offline sources the geocoder reads, never a customer's placement: no
# week's rows change until the week is placed again, so they report nothing for the views.


def import_addresses(
    ctx: AppContext,
    path: Path,
    *,
    swap_lat_lon: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[AddressImportSummary]:
    """Import a file of house coordinates, all or nothing. Changes: none (reference data).

    ``cancelled`` is accepted for the runner's sake; the file is stored in one transaction."""
    del cancelled
    summary = geocoding.import_addresses(
        ctx.db, path, swap_lat_lon=swap_lat_lon, progress=progress, identity=ctx.identity
    )
    return OpResult(summary, NOTHING)


def import_osm(
    ctx: AppContext,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[OsmImportSummary]:
    """Import an OpenStreetMap extract, all or nothing (cancel: nothing changes). Changes:
    none (reference data: addresses, streets and the road graph)."""
    summary = osm_import.import_osm(
        ctx.db, path, progress=progress, cancelled=cancelled, identity=ctx.identity
    )
    return OpResult(summary, NOTHING)
