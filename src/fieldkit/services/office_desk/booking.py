"""Booking the follow-up talk (or the team's callback) from a reception appointment."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import to_berlin
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import _appointment, _customer_hb
from fieldkit.services.office_desk.model import FOLLOWUP, FOLLOWUP_MINUTES, Booking, _booking
from fieldkit.services.office_desk.presence import responsible_on
from fieldkit.services.office_desk.slots import _busy, _overlaps, free_slots
from fieldkit.store.db import Database
from fieldkit.store.models_office import CaseworkerAppointment


def book_followup(
    db: Database,
    appointment_id: uuid.UUID,
    booked_by: str,
    now: datetime,
    rules: RulesSettings,
    starts_at: datetime | None = None,
    place: str = "",
    *,
    identity: Identity,
) -> Booking:
    """Book the one-hour follow-up talk with the customer's caseworker - or the deputy when
    the caseworker is absent that day - at ``starts_at`` or the next free slot."""
    require(identity, permissions.DESK)
    with db.session() as session:
        appointment = _appointment(session, appointment_id, identity)
        customer, hb = _customer_hb(session, appointment)
        unreachable = appointment.hb_unreachable_at is not None
        if starts_at is None:
            slots = free_slots(session, hb, now, rules, count=1, unreachable=unreachable)
            if not slots:
                raise OfficeError(
                    "In den nächsten Wochen ist kein Termin frei.", "No free slot was found."
                )
            start, who, deputy = slots[0]
        else:
            start = to_berlin(starts_at)
            if start <= now:
                raise OfficeError(
                    "Der Folgetermin muss in der Zukunft liegen.", "The slot lies in the past."
                )
            who, deputy = responsible_on(session, hb, start.date(), unreachable)
            if any(_overlaps(start, b) for b in _busy(session, who.id, start.date())):
                raise OfficeError(
                    f"{who.name} hat um diese Zeit schon einen Termin.", "That slot is taken."
                )
        free_earlier_booking(session, appointment_id)
        booking = CaseworkerAppointment(
            kind=FOLLOWUP, customer_id=customer.id, appointment_id=appointment.id,
            team=hb.team, caseworker=who, hb_id=hb.id, by_deputy=deputy,
            starts_at=start.astimezone(UTC), minutes=FOLLOWUP_MINUTES, place=place.strip(),
            booked_by=booked_by.strip(),
        )  # fmt: skip
        session.add(booking)
        session.flush()
        return _booking(session, booking)


def free_earlier_booking(session: Session, appointment_id: uuid.UUID) -> None:
    """Booked again: the earlier booking of this reception appointment is dropped, so its
    slot is free again."""
    old = session.scalars(
        select(CaseworkerAppointment).where(CaseworkerAppointment.appointment_id == appointment_id)
    ).first()
    if old is not None:
        session.delete(old)
        session.flush()


def book_callback(
    db: Database,
    appointment_id: uuid.UUID,
    booked_by: str,
    now: datetime,
    *,
    identity: Identity,
) -> Booking:
    """No outreach worker free: the reception books a same-day callback slot in the team
    (see :func:`fieldkit.services.office_callback.book_callback`)."""
    from fieldkit.services import office_callback

    require(identity, permissions.DESK)
    return office_callback.book_callback(db, appointment_id, booked_by, now, identity=identity)


def mark_hb_unreachable(
    db: Database,
    appointment_id: uuid.UUID,
    who: str,
    now: datetime,
    *,
    identity: Identity,
) -> None:
    """The desk could not reach the HB by phone: from now on the deputy rule applies to this
    appointment's booking and tasks as for an absence."""
    require(identity, permissions.DESK)
    with db.session() as session:
        appointment = _appointment(session, appointment_id, identity)
        _customer_hb(session, appointment)
        appointment.hb_unreachable_at = now.astimezone(UTC)
        line = f"{to_berlin(now):%d.%m.%Y, %H:%M} Uhr: HB nicht erreicht ({who.strip()[:60]})."
        appointment.note = (appointment.note + "\n" + line).strip()


def booking_for(session: Session, appointment_id: uuid.UUID) -> Booking | None:
    """The follow-up or callback booked from a reception appointment, if any."""
    booking = session.scalars(
        select(CaseworkerAppointment).where(CaseworkerAppointment.appointment_id == appointment_id)
    ).first()
    return _booking(session, booking) if booking is not None else None
