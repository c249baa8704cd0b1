"""Roles enforced in the services (issue 14, item 3): the one refusal and who sees whom.

Every service entry point that reads or changes personal data or the office setup calls
``require(identity, permission)`` first; the permissions per account role are data in
:mod:`fieldkit.domain.permissions`. Which customers an identity sees is
:func:`fieldkit.services.office.scope_customers` for queries and :func:`may_see_flag` for
one record: a field account its worker's routes, visits and areas, a caseworker or team lead
their team, the administration none.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions, roles
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services.office import Identity, scope_customers
from fieldkit.store.models import Area, Customer, Flag, OutreachWorker, Route
from fieldkit.store.models_setup import WorkerArea


def require(identity: Identity, permission: str) -> None:
    """Refuse (:class:`PermissionDenied`) unless ``identity``'s account role has
    ``permission``; an identity without an account role may do everything."""
    permissions.check(identity, permission)


def not_visible() -> PermissionDenied:
    """The refusal for a record outside the identity's customers."""
    return PermissionDenied(
        "Dieser Kunde gehört nicht zu Ihren Kunden; der Datensatz wurde nicht geöffnet.",
        "This customer is not one of yours; the record was not opened.",
        code="scope",
    )


def worker_area_names(session: Session, worker: str) -> set[str]:
    """The names of the areas the outreach worker named ``worker`` covers."""
    if not worker.strip():
        return set()
    ids = select(OutreachWorker.id).where(OutreachWorker.name == worker.strip())
    direct = select(Area.name).where(Area.worker_id.in_(ids))
    via_setup = (
        select(Area.name)
        .join(WorkerArea, WorkerArea.area_id == Area.id)
        .where(WorkerArea.worker_id.in_(ids))
    )
    return set(session.scalars(direct)) | set(session.scalars(via_setup))


def may_see_flag(session: Session, identity: Identity, flag_id: uuid.UUID) -> bool:
    """May ``identity`` open the record of flag ``flag_id``'s customer?"""
    if not identity.account_role:
        return True
    stmt = scope_customers(select(Flag.id).join(Customer).where(Flag.id == flag_id), identity)
    if session.scalar(stmt) is not None:
        return True
    if identity.account_role != roles.FIELD:
        return False
    from fieldkit.services.areas import area_sets_by_flag

    flag = session.get(Flag, flag_id)
    if flag is None:
        return False
    names = area_sets_by_flag(session, flag.visit_week, flag_ids=[flag_id]).get(flag_id, ())
    return bool(set(names) & worker_area_names(session, identity.worker))


def require_flag(session: Session, identity: Identity, flag_id: uuid.UUID) -> None:
    """Refuse unless ``identity`` may read customers and this flag's customer is theirs."""
    require(identity, permissions.CUSTOMERS)
    if not may_see_flag(session, identity, flag_id):
        raise not_visible()


def own_route(identity: Identity, route: Route) -> bool:
    """A field account's own worker's route (every route for the other roles)."""
    if identity.account_role != roles.FIELD:
        return True
    return route.worker is not None and route.worker.name == identity.worker.strip()


def require_own_route(identity: Identity, route: Route) -> None:
    """Refuse a field account a route of another outreach worker."""
    if not own_route(identity, route):
        raise PermissionDenied(
            "Diese Tour gehört einer anderen Außendienstkraft; sie wurde nicht geöffnet.",
            "This route belongs to another outreach worker; it was not opened.",
            code="scope",
        )


__all__ = [
    "PermissionDenied",
    "may_see_flag",
    "not_visible",
    "own_route",
    "require",
    "require_flag",
    "require_own_route",
    "worker_area_names",
]
