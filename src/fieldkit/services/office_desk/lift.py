"""The follow-up to the talk: the note lifting the provisional suspension of payments and
the caseworker's task."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.week import to_berlin
from fieldkit.services import office_outbox as outbox
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import _appointment, _customer_hb
from fieldkit.services.office_desk.model import _booking
from fieldkit.services.office_desk.presence import responsible_on
from fieldkit.services.office_desk.talk import talk_note
from fieldkit.services.office_followup import active_suspension
from fieldkit.store.db import Database
from fieldkit.store.models import Caseworker, Task
from fieldkit.store.models_office import CaseworkerAppointment, ReceptionAppointment


def _task_recipient(
    session: Session, appointment: ReceptionAppointment, hb: Caseworker, now: datetime
) -> Caseworker:
    """Who gets today's task: the HB, or when absent or not reached the deputy of the day
    (the HB when nobody of the deputy rule is there either)."""
    unreachable = appointment.hb_unreachable_at is not None
    try:
        return responsible_on(session, hb, to_berlin(now).date(), unreachable)[0]
    except OfficeError:
        return hb


def send_lift_note(
    db: Database,
    appointment_id: uuid.UUID,
    who: str,
    now: datetime,
    *,
    identity: Identity,
) -> str:
    """Put the note to lift the provisional suspension into the benefits outbox and give the
    caseworker a task; returns the note's text. Only where a suspension was decided (and not
    lifted yet), after the desk talk or the team's callback."""
    require(identity, permissions.DESK)
    with db.session() as session:
        appointment = _appointment(session, appointment_id, identity)
        customer, hb = _customer_hb(session, appointment)
        if appointment.state not in ("talked", "callback"):
            raise OfficeError(
                "Bitte zuerst das Gespräch erfassen.", "Please record the talk first."
            )
        suspension = active_suspension(session, customer.id)
        if suspension is None:
            raise OfficeError(
                "Für diesen Kunden ist keine vorläufige Zahlungseinstellung entschieden; es "
                "gibt nichts aufzuheben.",
                "No provisional suspension was decided for this customer; nothing to lift.",
            )
        booking = session.scalars(
            select(CaseworkerAppointment).where(
                CaseworkerAppointment.appointment_id == appointment_id
            )
        ).first()
        day = to_berlin(now)
        path = "in der Eingangszone erschienen" + (
            "; Rückruf durch das Team gebucht" if appointment.state == "callback" else ""
        )
        text = (
            f"{customer.display_name} ({customer.kundennummer}) ist am {day:%d.%m.%Y} {path}; "
            "das Meldeversäumnis wurde besprochen. Bitte die vorläufige Zahlungseinstellung "
            "aufheben."
        )
        if booking is not None:
            text += " " + _booking(session, booking).text_de() + "."
        message = outbox.write_message(
            session, customer, outbox.LIFT, "Vorläufige Zahlungseinstellung aufheben",
            "Kunde hat sich nach dem Meldeversäumnis gemeldet "
            f"(Eingangszone, {day:%d.%m.%Y}).", text, who, now, suspension.id,
        )  # fmt: skip
        session.add(
            Task(
                customer_id=customer.id,
                caseworker_id=_task_recipient(session, appointment, hb, now).id,
                title="Vorläufige Zahlungseinstellung: Aufhebung vorgemerkt",
                text=text + "\n" + outbox.pending_sentence(message.id) + "\n\n"
                + talk_note(session, appointment_id, identity=identity),
                due_date=day.date(),
            )
        )  # fmt: skip
        return text
