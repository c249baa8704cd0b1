"""The desk's words and read models: appointment kinds, the follow-up's length, a row of the
day's list and a booked follow-up or callback."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from fieldkit.domain.week import to_berlin
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import CaseworkerAppointment

MELDEVERSAEUMNIS = "meldeversaeumnis"
FOLLOWUP, CALLBACK = "followup", "callback"
FOLLOWUP_MINUTES = 60
KIND_LABELS = {MELDEVERSAEUMNIS: "Meldeversäumnis", "other": "sonstiger Termin"}


@dataclass(frozen=True)
class DeskRow:
    """One reception appointment and what the desk did with it."""

    id: uuid.UUID
    starts_at: datetime
    kundennummer: str
    name: str
    kind: str
    booked_by: str
    note: str
    state: str  # open / talked / callback
    customer_known: bool
    caseworker: str
    team: str
    talk: str  # a short summary of the recorded talk, "" if none
    booking: str  # "Folgetermin bei … am …", "" if none
    lift_sent: bool
    hb_absent_until: date | None = None
    suspended: bool = False  # a provisional suspension is decided and not lifted yet
    hb_unreachable: bool = False  # the HB was not reached: the deputy rule applies
    reclassified_by: str = ""  # reclassified as Meldeversäumnis during the talk by …


@dataclass(frozen=True)
class Booking:
    """A booked follow-up appointment (or callback)."""

    id: uuid.UUID
    kind: str
    caseworker: str
    hb: str
    by_deputy: bool
    starts_at: datetime
    minutes: int
    place: str
    team: str

    def text_de(self) -> str:
        """'Folgetermin bei Herr Brandt (Vertretung für Frau Keller) am 07.12.2026, 09:00 Uhr'."""
        when = f"{to_berlin(self.starts_at):%d.%m.%Y, %H:%M} Uhr"
        if self.kind == CALLBACK:
            caller = f" ({self.caseworker})" if self.caseworker else ""
            return f"Rückruf durch Team {self.team}{caller} am {when}"
        who = self.caseworker + (f" (Vertretung für {self.hb})" if self.by_deputy else "")
        return f"Folgetermin bei {who} am {when}"


def _booking(session: Session, booking: CaseworkerAppointment) -> Booking:
    hb = session.get(Caseworker, booking.hb_id) if booking.hb_id else None
    return Booking(
        booking.id, booking.kind, booking.caseworker.name if booking.caseworker else "",
        hb.name if hb else "", booking.by_deputy, booking.starts_at, booking.minutes,
        booking.place, booking.team,
    )  # fmt: skip
