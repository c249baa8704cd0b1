"""The appointment slip for a booked follow-up talk."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import _appointment
from fieldkit.services.office_desk.model import FOLLOWUP
from fieldkit.store.models import Caseworker, Customer, Office
from fieldkit.store.models_office import CaseworkerAppointment


@dataclass(frozen=True)
class SlipData:
    """What the appointment slip shows."""

    customer_name: str
    kundennummer: str
    caseworker: str
    by_deputy_for: str
    starts_at: datetime
    minutes: int
    place: str
    office_name: str
    office_lines: tuple[str, ...]


def slip_data(
    session: Session,
    booking_id: uuid.UUID,
    *,
    identity: Identity,
) -> SlipData:
    """The content of the slip for a booked follow-up appointment."""
    require(identity, permissions.DESK)
    booking = session.get(CaseworkerAppointment, booking_id)
    if booking is None or booking.kind != FOLLOWUP:
        raise OfficeError("Kein Folgetermin gebucht.", "No follow-up appointment is booked.")
    if booking.appointment_id is not None:
        _appointment(session, booking.appointment_id, identity)  # not another team's slip
    customer = session.get(Customer, booking.customer_id) if booking.customer_id else None
    hb = session.get(Caseworker, booking.hb_id) if booking.hb_id else None
    office = session.scalars(select(Office).order_by(Office.created_at)).first()
    lines: Iterable[str] = ()
    if office is not None:
        lines = [
            part
            for part in (
                office.street,
                f"{office.postcode} {office.city}".strip(),
                f"Telefon {office.phone}" if office.phone else "",
            )
            if part
        ]
    return SlipData(
        customer.display_name if customer else "", customer.kundennummer if customer else "",
        booking.caseworker.name if booking.caseworker else "",
        hb.name if hb and booking.by_deputy else "", booking.starts_at, booking.minutes,
        booking.place, office.name if office else "Jobcenter", tuple(lines),
    )  # fmt: skip
