"""The desk's list of one day: each reception appointment with the talk, the booking and
the state of the suspension."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.week import BERLIN
from fieldkit.services.access import require
from fieldkit.services.office import Identity
from fieldkit.services.office_desk.lookup import _may_see
from fieldkit.services.office_desk.model import CALLBACK, MELDEVERSAEUMNIS, DeskRow, _booking
from fieldkit.services.office_desk.presence import absent_until
from fieldkit.services.office_followup import active_suspension
from fieldkit.store.models_office import (
    BenefitsMessage,
    CaseworkerAppointment,
    DeskTalk,
    ReceptionAppointment,
)


def _lift_sent(session: Session, customer_id: uuid.UUID, since: datetime) -> bool:
    """Was a note lifting the customer's suspension sent since ``since``?"""
    found = session.scalar(
        select(BenefitsMessage.id).where(
            BenefitsMessage.customer_id == customer_id,
            BenefitsMessage.kind == "lift_suspension",
            BenefitsMessage.sent_at >= since,
        )
    )
    return found is not None


def list_day(
    session: Session,
    day: date,
    only_meldeversaeumnis: bool = False,
    *,
    identity: Identity,
) -> list[DeskRow]:
    """The reception appointments of ``day`` (Berlin) in time order, with the desk's work."""
    require(identity, permissions.DESK)
    start = datetime.combine(day, time(0), tzinfo=BERLIN).astimezone(UTC)
    end = start + timedelta(days=1)
    stmt = (
        select(ReceptionAppointment)
        .where(ReceptionAppointment.starts_at >= start, ReceptionAppointment.starts_at < end)
        .order_by(ReceptionAppointment.starts_at)
    )
    if only_meldeversaeumnis:
        stmt = stmt.where(ReceptionAppointment.kind == MELDEVERSAEUMNIS)
    appointments = [a for a in session.scalars(stmt) if _may_see(session, identity, a)]
    ids = [a.id for a in appointments]
    talks = {
        t.appointment_id: t
        for t in session.scalars(select(DeskTalk).where(DeskTalk.appointment_id.in_(ids)))
    }
    bookings = {
        b.appointment_id: b
        for b in session.scalars(
            select(CaseworkerAppointment).where(CaseworkerAppointment.appointment_id.in_(ids))
        )
    }
    rows = []
    for a in appointments:
        customer = a.customer
        hb = customer.caseworker if customer else None
        talk = talks.get(a.id)
        booking = bookings.get(a.id)
        lift = customer is not None and _lift_sent(session, customer.id, start)
        rows.append(
            DeskRow(
                a.id, a.starts_at, a.kundennummer, a.name, a.kind, a.booked_by, a.note, a.state,
                customer is not None, hb.name if hb else "",
                customer.team if customer else "",
                _talk_summary(talk) if talk else "",
                (
                    _callback_summary(session, booking)
                    if booking is not None and booking.kind == CALLBACK
                    else _booking(session, booking).text_de() if booking else ""
                ),
                lift,
                absent_until(session, hb.id, day) if hb else None,
                customer is not None and active_suspension(session, customer.id) is not None,
                a.hb_unreachable_at is not None, a.reclassified_by,
            )
        )  # fmt: skip
    return rows


def _talk_summary(talk: DeskTalk) -> str:
    return " / ".join(
        part for part in (talk.reasons_given, talk.motivation, talk.agreements) if part
    )[:200]


def _callback_summary(session: Session, booking: CaseworkerAppointment) -> str:
    """The callback's slot, its talk's outcome and the HB appointment booked in it."""
    from fieldkit.services import office_callback

    view = office_callback.callback_view(session, booking)
    parts = [_booking(session, booking).text_de()]
    if view.outcome or view.discussed:
        parts.append("Ergebnis: " + (view.outcome or view.discussed))
    if view.appointment:
        parts.append(view.appointment)
    return "; ".join(parts)
