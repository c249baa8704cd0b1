"""The status and order of a route's stops: done, skipped, moved to later (re-timed)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.geo.matrix import geodesic_travel_matrix
from fieldkit.geo.settings import GeoSettings
from fieldkit.services.access import require, require_own_route
from fieldkit.services.field.day import _route
from fieldkit.services.field.model import OPEN, STATUSES, FieldError
from fieldkit.services.office import Identity
from fieldkit.store.db import Database
from fieldkit.store.models import Route, RouteStop


def _stop(session: Session, stop_id: uuid.UUID) -> RouteStop:
    stop = session.get(RouteStop, stop_id)
    if stop is None:
        raise FieldError(
            "Dieser Halt gehört nicht mehr zur Tour; bitte den Tag neu laden.",
            "This stop is no longer part of the route; please reload the day.",
        )
    return stop


def set_stop_status(
    db: Database,
    stop_id: uuid.UUID,
    status: str,
    now: datetime,
    *,
    identity: Identity,
) -> None:
    """Mark a stop planned/done/skipped (one transaction)."""
    require(identity, permissions.VISITS)
    if status not in STATUSES:
        raise ValueError(status)
    with db.session() as session:
        stop = _stop(session, stop_id)
        require_own_route(identity, stop.route)
        stop.status = status
        stop.status_at = now


def _points(stops: Sequence[RouteStop]) -> list[tuple[float, float] | None]:
    points: list[tuple[float, float] | None] = []
    for s in stops:
        address = s.flag.customer.address
        if address is not None and address.lat is not None and address.lon is not None:
            points.append((address.lat, address.lon))
        else:
            points.append(None)
    return points


def _retime(stops: Sequence[RouteStop], start: int, geo: GeoSettings) -> None:
    """Arrival times along ``stops`` from ``start``: travel estimates plus service times."""
    points = _points(stops)
    known = [p for p in points if p is not None]
    matrix = geodesic_travel_matrix(known, geo).seconds if len(known) > 1 else None
    index = {}
    k = 0
    for i, p in enumerate(points):
        if p is not None:
            index[i] = k
            k += 1
    clock = start
    previous: int | None = None
    for i, stop in enumerate(stops):
        if previous is not None and matrix is not None and i in index and previous in index:
            clock += int(matrix[index[previous], index[i]])
        stop.arrival_seconds = clock
        clock += stop.service_seconds
        if i in index:
            previous = i


def _reorder(route: Route, open_order: Sequence[RouteStop]) -> None:
    """Closed stops first in their order, then the open ones in ``open_order``."""
    closed = [s for s in sorted(route.stops, key=lambda s: s.seq) if s.status not in OPEN]
    for seq, stop in enumerate([*closed, *open_order]):
        stop.seq = seq


def move_later(
    db: Database,
    stop_id: uuid.UUID,
    now: datetime,
    geo: GeoSettings | None = None,
    *,
    identity: Identity,
) -> None:
    """Put a stop behind all remaining open stops and re-time the rest of the day."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        stop = _stop(session, stop_id)
        route = _route(session, stop.route_id)
        require_own_route(identity, route)
        open_stops = [s for s in sorted(route.stops, key=lambda s: s.seq) if s.status in OPEN]
        start = min((s.arrival_seconds for s in open_stops), default=stop.arrival_seconds)
        order = [s for s in open_stops if s.id != stop.id] + [stop]
        stop.status = "later"
        stop.status_at = now
        _reorder(route, order)
        _retime(order, start, geo or GeoSettings())
