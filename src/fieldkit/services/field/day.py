"""The day of an outreach worker: the stored routes to choose from and one route's stop cards."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions
from fieldkit.domain.model import NotMetReason, Outcome
from fieldkit.services import audit
from fieldkit.services.access import own_route, require, require_own_route
from fieldkit.services.field.model import (
    DayChoice,
    FieldDay,
    FieldError,
    PrepState,
    StopCard,
    VisitState,
)
from fieldkit.services.office import Identity
from fieldkit.store.models import (
    CaseNote,
    Customer,
    Flag,
    Office,
    OutreachWorker,
    PrepCheck,
    Route,
    RouteStop,
    Visit,
)


def field_days(session: Session, identity: Identity) -> list[DayChoice]:
    """Every stored route (date, worker) with its number of stops, by date and worker; for a
    field account only its own worker's."""
    require(identity, permissions.VISITS)
    routes = session.scalars(
        select(Route).options(selectinload(Route.worker), selectinload(Route.stops))
    ).all()
    choices = [
        DayChoice(r.id, r.day, r.worker_id, r.worker.name if r.worker else "", len(r.stops))
        for r in routes
        if r.stops and own_route(identity, r)
    ]
    return sorted(choices, key=lambda c: (c.day, c.worker_name))


def _visit_state(visit: Visit, note: CaseNote | None) -> VisitState:
    details = dict(visit.details or {})
    return VisitState(
        id=visit.id,
        flag_id=visit.flag_id,
        route_stop_id=visit.route_stop_id,
        state=visit.state,
        visited_at=visit.visited_at,
        outcome=Outcome(visit.outcome) if visit.outcome else None,
        not_met_reason=NotMetReason(visit.not_met_reason) if visit.not_met_reason else None,
        details=details,
        note=visit.note,
        complex_case=visit.complex_case,
        benefits_hint=visit.benefits_hint,
        supersedes_id=visit.supersedes_id,
        created_at=visit.created_at,
        case_note=note.text if note is not None else None,
        note_edited=bool(details.get("note_edited")) and note is not None,
    )


def _visits_by_flag(session: Session, flag_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    if not flag_ids:
        return {}
    visits = session.scalars(
        select(Visit).where(Visit.flag_id.in_(flag_ids)).order_by(Visit.created_at)
    ).all()
    notes = {
        n.visit_id: n
        for n in session.scalars(
            select(CaseNote).where(CaseNote.visit_id.in_([v.id for v in visits]))
        )
    }
    found: dict[uuid.UUID, list[Any]] = {}
    for v in visits:
        found.setdefault(v.flag_id, []).append(_visit_state(v, notes.get(v.id)))
    return found


def _current_visit(history: Sequence[VisitState]) -> VisitState | None:
    drafts = [v for v in history if not v.final]
    if drafts:
        return drafts[-1]
    return history[-1] if history else None


def _card(
    stop: RouteStop, position: int, prep: PrepCheck | None, history: list[VisitState]
) -> StopCard:
    flag = stop.flag
    customer = flag.customer
    address = customer.address
    caseworker = customer.caseworker
    return StopCard(
        stop_id=stop.id,
        flag_id=flag.id,
        customer_id=customer.id,
        position=position,
        arrival_seconds=stop.arrival_seconds,
        service_seconds=stop.service_seconds,
        status=stop.status,
        name=customer.display_name,
        kundennummer=customer.kundennummer,
        street=f"{address.strasse} {address.hausnummer}".strip() if address else "",
        place=f"{address.plz} {address.ort}".strip() if address else "",
        adresszusatz=address.adresszusatz if address else "",
        lat=address.lat if address else None,
        lon=address.lon if address else None,
        appointment_at=flag.appointment_at,
        appointment_place=flag.appointment_place,
        caseworker=caseworker.name if caseworker else "",
        caseworker_phone=caseworker.phone if caseworker else "",
        hints=flag.hints,
        open_cooperation=tuple(str(x) for x in (flag.open_cooperation or []) if str(x).strip()),
        prep=(
            PrepState(p.eakte_checked, p.lsb_needed, p.lsb_contacted, p.note, p.checked_at)
            if (p := prep) is not None
            else PrepState()
        ),
        visit=_current_visit(history),
        history=tuple(history),
    )


def _route(session: Session, route_id: uuid.UUID) -> Route:
    route = session.scalar(
        select(Route)
        .where(Route.id == route_id)
        .options(
            selectinload(Route.worker).selectinload(OutreachWorker.office),
            selectinload(Route.stops)
            .selectinload(RouteStop.flag)
            .selectinload(Flag.customer)
            .options(selectinload(Customer.address), selectinload(Customer.caseworker)),
        )
    )
    if route is None:
        raise FieldError(
            "Diese Tour gibt es nicht mehr; bitte den Tag neu wählen.",
            "This route no longer exists; please choose the day again.",
        )
    return route


def load_day(
    session: Session,
    route_id: uuid.UUID,
    *,
    identity: Identity,
) -> FieldDay:
    """The route ``route_id`` with all stop cards in their current order."""
    require(identity, permissions.VISITS)
    route = _route(session, route_id)
    require_own_route(identity, route)
    audit.record(session, identity, audit.OPEN, "route", route_id, "Tageskarten")
    stops = sorted(route.stops, key=lambda s: s.seq)
    flag_ids = [s.flag_id for s in stops]
    preps = {
        p.flag_id: p
        for p in session.scalars(select(PrepCheck).where(PrepCheck.flag_id.in_(flag_ids)))
    }
    visits = _visits_by_flag(session, flag_ids)
    office: Office | None = route.worker.office if route.worker else None
    if office is None:
        office = session.scalar(select(Office).order_by(Office.created_at))
    cards = tuple(
        _card(s, i + 1, preps.get(s.flag_id), visits.get(s.flag_id, []))
        for i, s in enumerate(stops)
    )
    return FieldDay(
        route_id=route.id,
        day=route.day,
        worker_id=route.worker_id,
        worker_name=route.worker.name if route.worker else "",
        office_name=office.name if office else "",
        office_lat=office.lat if office else None,
        office_lon=office.lon if office else None,
        start_seconds=route.start_seconds,
        end_seconds=route.end_seconds,
        stops=cards,
    )


def find_route(session: Session, day: date, worker_id: uuid.UUID | None) -> uuid.UUID | None:
    """The id of the route of ``worker_id`` on ``day`` (None if there is none)."""
    query = select(Route.id).where(Route.day == day)
    if worker_id is not None:
        query = query.where(Route.worker_id == worker_id)
    return session.scalar(query.order_by(Route.created_at))
