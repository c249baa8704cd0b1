"""Where a record belongs: the week, flag and route of a stop, a visit or a flag (issue 19).

The application layer's operations (:mod:`fieldkit.app.ops`) use these reads to say in their
:class:`~fieldkit.domain.changes.Changes` exactly which week a change touched, so a window
showing another week does not reload. Plain reads; they check no role (they return ids and
week labels only, no personal data) and are never shown to the user.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from fieldkit.services.database import Database
from fieldkit.store.models import Address, Customer, Flag, Route, RoutePlan, RouteStop, Visit


@dataclass(frozen=True)
class Place:
    """The week and the flag (and, for a stop, the route) a record belongs to."""

    week: str
    flag_id: uuid.UUID | None = None
    route_id: uuid.UUID | None = None
    stop_id: uuid.UUID | None = None


NOWHERE = Place("")


def of_flag(db: Database, flag_id: uuid.UUID) -> Place:
    """The week of a flag (``NOWHERE`` when it does not exist)."""
    with db.session() as session:
        week = session.scalar(select(Flag.visit_week).where(Flag.id == flag_id))
    return Place(week, flag_id) if week else NOWHERE


def of_stop(db: Database, stop_id: uuid.UUID) -> Place:
    """The week, flag and route of a route stop."""
    stmt = (
        select(RoutePlan.visit_week, RouteStop.flag_id, RouteStop.route_id)
        .join(Route, Route.id == RouteStop.route_id)
        .join(RoutePlan, RoutePlan.id == Route.plan_id)
        .where(RouteStop.id == stop_id)
    )
    with db.session() as session:
        row = session.execute(stmt).first()
    return Place(row[0], row[1], row[2], stop_id) if row else NOWHERE


def of_route(db: Database, route_id: uuid.UUID) -> Place:
    """The week of a route."""
    stmt = (
        select(RoutePlan.visit_week)
        .join(Route, Route.plan_id == RoutePlan.id)
        .where(Route.id == route_id)
    )
    with db.session() as session:
        week = session.scalar(stmt)
    return Place(week, None, route_id) if week else NOWHERE


def of_visit(db: Database, visit_id: uuid.UUID) -> Place:
    """The week, flag and (if it was on a route) route stop of a visit."""
    stmt = (
        select(Flag.visit_week, Visit.flag_id, Visit.route_stop_id)
        .join(Flag, Flag.id == Visit.flag_id)
        .where(Visit.id == visit_id)
    )
    with db.session() as session:
        row = session.execute(stmt).first()
    if row is None:
        return NOWHERE
    place = of_stop(db, row[2]) if row[2] is not None else NOWHERE
    return Place(row[0], row[1], place.route_id, row[2])


def weeks(db: Database) -> frozenset[str]:
    """Every visit week that has flags."""
    with db.session() as session:
        return frozenset(session.scalars(select(Flag.visit_week).distinct()))


def flag_of(db: Database, kundennummer: str, week: str) -> uuid.UUID | None:
    """The id of a customer's flag for ``week`` (None when there is none)."""
    stmt = (
        select(Flag.id)
        .join(Customer, Customer.id == Flag.customer_id)
        .where(Customer.kundennummer == kundennummer, Flag.visit_week == week)
    )
    with db.session() as session:
        return session.scalar(stmt)


def flags_at_address(
    db: Database, address_id: uuid.UUID
) -> tuple[frozenset[str], frozenset[uuid.UUID]]:
    """The weeks and flags of the customer living at an address."""
    stmt = (
        select(Flag.visit_week, Flag.id)
        .join(Address, Address.customer_id == Flag.customer_id)
        .where(Address.id == address_id)
    )
    with db.session() as session:
        rows = session.execute(stmt).all()
    return frozenset(r[0] for r in rows), frozenset(r[1] for r in rows)
