"""The team's same-day callback (Rückruf) after a Meldeversäumnis at the reception (issue 17).

When no outreach worker is free at the desk, the reception books a callback: a fifteen-minute
slot today with someone of the customer's team - the HB, or when absent or not reached the
deputies in the order of the deputy rule, then anyone else of the team who is there. The one
who calls back records the talk (what was discussed, the outcome, the next step) and books
the personal one-hour appointment with the HB (or the deputy), which points to the callback.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.services import office_desk as desk
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.store.db import Database
from fieldkit.store.models import Caseworker, Customer, Task
from fieldkit.store.models_office import (
    CallbackTalk,
    CaseworkerAppointment,
    ReceptionAppointment,
)

CALLBACK_MINUTES = 15
#: Callbacks start on the quarter hour; the last one at 15:45.
DAY_START, DAY_END = time(8), time(16)
#: The longest text a field of the talk form keeps.
TEXT_MAX = 4000


@dataclass(frozen=True)
class CallbackView:
    """A callback with its talk and the HB appointment booked in it (the history)."""

    id: uuid.UUID
    starts_at: datetime
    caller: str  # who of the team calls back
    team: str
    customer_name: str
    kundennummer: str
    worker: str = ""  # who recorded the talk
    discussed: str = ""
    outcome: str = ""
    next_step: str = ""
    talked_at: datetime | None = None
    appointment: str = ""  # "Folgetermin bei … am …", "" while none is booked

    def lines_de(self) -> list[str]:
        """The callback as lines of the history (German, like the Verbis-Vermerk)."""
        lines = [
            f"Rückruf am {to_berlin(self.starts_at):%d.%m.%Y, %H:%M} Uhr durch {self.caller} "
            f"(Team {self.team or '?'})."
        ]
        if self.talked_at is not None:
            lines.append(f"Gespräch erfasst von {self.worker}.")
        for label, text in (
            ("Besprochen", self.discussed),
            ("Ergebnis", self.outcome),
            ("Nächster Schritt", self.next_step),
        ):
            if text:
                lines.append(f"{label}: {text}")
        if self.appointment:
            lines.append(self.appointment + ".")
        return lines


def _candidates(
    session: Session, hb: Caseworker, day: datetime, unreachable: bool
) -> list[Caseworker]:
    """Who may call back, in order: the HB (unless absent or not reached), the deputies of
    the deputy rule, then everyone else of the team; only those present that day."""
    team = hb.team
    others = session.scalars(
        select(Caseworker).where(Caseworker.team == team).order_by(Caseworker.name)
    )
    order: list[Caseworker] = [] if unreachable else [hb]
    for person in [*desk.deputies_of(session, hb), *others]:
        if person.id != hb.id and person not in order:
            order.append(person)
    return [p for p in order if not desk.is_absent(session, p.id, day.date())]


def same_day_slot(
    session: Session, hb: Caseworker, now: datetime, unreachable: bool = False
) -> tuple[datetime, Caseworker]:
    """The first free quarter hour today after ``now`` with someone of ``hb``'s team."""
    local = to_berlin(now)
    minute = (local.minute // CALLBACK_MINUTES + 1) * CALLBACK_MINUTES
    first = local.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minute)
    first = max(first, datetime.combine(local.date(), DAY_START, tzinfo=BERLIN))
    last = datetime.combine(local.date(), DAY_END, tzinfo=BERLIN)
    for person in _candidates(session, hb, local, unreachable):
        busy = desk._busy(session, person.id, local.date())
        start = first
        while start + timedelta(minutes=CALLBACK_MINUTES) <= last:
            end = start + timedelta(minutes=CALLBACK_MINUTES)
            if not any(start < b + timedelta(minutes=m) and b < end for b, m in busy):
                return start, person
            start = end
    raise OfficeError(
        f"Heute ist in Team {hb.team or '?'} niemand mehr für einen Rückruf frei; bitte einen "
        "Folgetermin buchen.",
        f"Nobody of team {hb.team or '?'} is free for a callback today; please book an "
        "appointment instead.",
    )


def book_callback(
    db: Database,
    appointment_id: uuid.UUID,
    booked_by: str,
    now: datetime,
    *,
    identity: Identity,
) -> desk.Booking:
    """No outreach worker free: book a same-day callback slot in the team; the one who calls
    back gets a task for today."""
    require(identity, permissions.DESK)
    with db.session() as session:
        appointment = desk._appointment(session, appointment_id, identity)
        customer, hb = desk._customer_hb(session, appointment)
        unreachable = appointment.hb_unreachable_at is not None
        start, caller = same_day_slot(session, hb, now, unreachable)
        desk.free_earlier_booking(session, appointment_id)
        booking = CaseworkerAppointment(
            kind=desk.CALLBACK, customer_id=customer.id, appointment_id=appointment.id,
            team=hb.team or customer.team, caseworker=caller, hb_id=hb.id,
            by_deputy=caller.id != hb.id, starts_at=start.astimezone(UTC),
            minutes=CALLBACK_MINUTES, booked_by=booked_by.strip()[:200],
        )  # fmt: skip
        session.add(booking)
        session.add(
            Task(
                customer_id=customer.id, caseworker_id=caller.id,
                title=f"Rückruf heute um {start:%H:%M} Uhr (Meldeversäumnis, Eingangszone)",
                text=(
                    f"{customer.display_name} ({customer.kundennummer}) war wegen eines "
                    "Meldeversäumnisses in der Eingangszone; keine AB verfügbar. Bitte heute "
                    f"um {start:%H:%M} Uhr zurückrufen, das Gespräch erfassen und den "
                    "persönlichen Termin beim HB buchen."
                ),
                due_date=start.date(),
            )
        )  # fmt: skip
        appointment.state = "callback"
        session.flush()
        return desk._booking(session, booking)


def _callback(session: Session, callback_id: uuid.UUID) -> CaseworkerAppointment:
    callback = session.get(CaseworkerAppointment, callback_id)
    if callback is None or callback.kind != desk.CALLBACK:
        raise OfficeError("Diesen Rückruf gibt es nicht mehr.", "The callback no longer exists.")
    return callback


def book_hb_appointment(
    db: Database,
    callback_id: uuid.UUID,
    booked_by: str,
    now: datetime,
    rules: RulesSettings,
    starts_at: datetime | None = None,
    place: str = "",
    *,
    identity: Identity,
) -> desk.Booking:
    """During the callback: book the one-hour appointment with the HB (the deputy when the
    HB is absent or was not reached) at ``starts_at`` or the next free slot, linked to the
    callback; booking again moves it."""
    require(identity, permissions.DESK)
    with db.session() as session:
        callback = _callback(session, callback_id)
        hb = session.get(Caseworker, callback.hb_id) if callback.hb_id else None
        if hb is None or callback.customer_id is None:
            raise OfficeError("Für diesen Kunden ist kein HB hinterlegt.", "No caseworker.")
        reception = (
            session.get(ReceptionAppointment, callback.appointment_id)
            if callback.appointment_id
            else None
        )
        unreachable = reception is not None and reception.hb_unreachable_at is not None
        start, who, deputy = _hb_slot(session, hb, now, rules, starts_at, unreachable)
        for old in session.scalars(
            select(CaseworkerAppointment).where(CaseworkerAppointment.callback_id == callback.id)
        ):
            session.delete(old)  # moved: the earlier slot is free again
        session.flush()
        booking = CaseworkerAppointment(
            kind=desk.FOLLOWUP, customer_id=callback.customer_id, appointment_id=None,
            callback_id=callback.id, team=hb.team, caseworker=who, hb_id=hb.id,
            by_deputy=deputy, starts_at=start.astimezone(UTC), minutes=desk.FOLLOWUP_MINUTES,
            place=place.strip()[:200], booked_by=booked_by.strip()[:200],
        )  # fmt: skip
        session.add(booking)
        session.flush()
        return desk._booking(session, booking)


def _hb_slot(
    session: Session,
    hb: Caseworker,
    now: datetime,
    rules: RulesSettings,
    starts_at: datetime | None,
    unreachable: bool,
) -> tuple[datetime, Caseworker, bool]:
    if starts_at is None:
        slots = desk.free_slots(session, hb, now, rules, count=1, unreachable=unreachable)
        if not slots:
            raise OfficeError(
                "In den nächsten Wochen ist kein Termin frei.", "No free slot was found."
            )
        return slots[0]
    start = to_berlin(starts_at)
    if start <= now:
        raise OfficeError("Der Termin muss in der Zukunft liegen.", "The slot lies in the past.")
    who, deputy = desk.responsible_on(session, hb, start.date(), unreachable)
    if any(desk._overlaps(start, b) for b in desk._busy(session, who.id, start.date())):
        raise OfficeError(f"{who.name} hat um diese Zeit schon einen Termin.", "Slot taken.")
    return start, who, deputy


def record_callback_talk(
    db: Database,
    callback_id: uuid.UUID,
    worker: str,
    texts: tuple[str, str, str],
    now: datetime,
    *,
    identity: Identity,
) -> uuid.UUID:
    """Store the callback's talk form: ``texts`` = (discussed, outcome, next step). Recording
    again replaces the texts; the callback counts as held from then on."""
    require(identity, permissions.DESK)
    discussed, outcome, next_step = (t.strip() for t in texts)
    if not worker.strip():
        raise OfficeError("Bitte angeben, wer zurückgerufen hat.", "Please say who called back.")
    if not (discussed or outcome):
        raise OfficeError(
            "Bitte eintragen, was besprochen wurde oder was das Ergebnis ist.",
            "Please enter what was discussed or the outcome.",
        )
    if max(len(discussed), len(outcome), len(next_step)) > TEXT_MAX:
        raise OfficeError(
            f"Ein Feld ist zu lang (höchstens {TEXT_MAX} Zeichen).",
            f"A field is too long (at most {TEXT_MAX} characters).",
        )
    with db.session() as session:
        callback = _callback(session, callback_id)
        talk = session.scalars(
            select(CallbackTalk).where(CallbackTalk.callback_id == callback.id)
        ).first()
        if talk is None:
            talk = CallbackTalk(callback_id=callback.id, talked_at=now.astimezone(UTC))
            session.add(talk)
        talk.customer_id = callback.customer_id
        talk.worker = worker.strip()[:200]
        talk.discussed, talk.outcome, talk.next_step = discussed, outcome, next_step
        talk.talked_at = now.astimezone(UTC)
        callback.done_at = now.astimezone(UTC)
        session.flush()
        return talk.id


def callback_view(session: Session, callback: CaseworkerAppointment) -> CallbackView:
    """One callback with its talk and its booked HB appointment."""
    customer = session.get(Customer, callback.customer_id) if callback.customer_id else None
    talk = session.scalars(
        select(CallbackTalk).where(CallbackTalk.callback_id == callback.id)
    ).first()
    booked = session.scalars(
        select(CaseworkerAppointment).where(CaseworkerAppointment.callback_id == callback.id)
    ).first()
    return CallbackView(
        callback.id, callback.starts_at, callback.caseworker.name if callback.caseworker else "",
        callback.team, customer.display_name if customer else "",
        customer.kundennummer if customer else "",
        talk.worker if talk else "", talk.discussed if talk else "",
        talk.outcome if talk else "", talk.next_step if talk else "",
        talk.talked_at if talk else None,
        desk._booking(session, booked).text_de() if booked else "",
    )  # fmt: skip


def callback_for(session: Session, appointment_id: uuid.UUID) -> CallbackView | None:
    """The callback booked from a reception appointment, if any."""
    callback = session.scalars(
        select(CaseworkerAppointment).where(
            CaseworkerAppointment.appointment_id == appointment_id,
            CaseworkerAppointment.kind == desk.CALLBACK,
        )
    ).first()
    return callback_view(session, callback) if callback is not None else None


def history(session: Session, customer_id: uuid.UUID) -> list[CallbackView]:
    """A customer's callbacks, newest first, each with its talk and HB appointment."""
    callbacks = session.scalars(
        select(CaseworkerAppointment)
        .where(
            CaseworkerAppointment.customer_id == customer_id,
            CaseworkerAppointment.kind == desk.CALLBACK,
        )
        .order_by(CaseworkerAppointment.starts_at.desc())
    )
    return [callback_view(session, c) for c in callbacks]


__all__ = [
    "CALLBACK_MINUTES",
    "TEXT_MAX",
    "CallbackView",
    "book_callback",
    "book_hb_appointment",
    "callback_for",
    "callback_view",
    "history",
    "record_callback_talk",
    "same_day_slot",
]
