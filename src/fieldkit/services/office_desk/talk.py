"""The desk talk: recording it, its Verbis-Vermerk, and reclassifying an appointment as a
Meldeversäumnis."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.week import to_berlin
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import _appointment
from fieldkit.services.office_desk.model import MELDEVERSAEUMNIS, _booking
from fieldkit.store.db import Database
from fieldkit.store.models_office import CaseworkerAppointment, DeskTalk, ReceptionAppointment


def record_talk(
    db: Database,
    appointment_id: uuid.UUID,
    worker: str,
    reasons_given: str,
    motivation: str,
    agreements: str,
    now: datetime,
    *,
    identity: Identity,
) -> uuid.UUID:
    """Record the desk talk (one per appointment; recording again replaces the texts)."""
    require(identity, permissions.DESK)
    if not worker.strip():
        raise OfficeError(
            "Bitte angeben, wer das Gespräch geführt hat.", "Please say who held the talk."
        )
    if not (reasons_given.strip() or motivation.strip() or agreements.strip()):
        raise OfficeError(
            "Bitte Gründe, Motivation oder Vereinbarungen eintragen.",
            "Please enter reasons, motivation or agreements.",
        )
    with db.session() as session:
        appointment = _appointment(session, appointment_id, identity)
        talk = session.scalars(
            select(DeskTalk).where(DeskTalk.appointment_id == appointment_id)
        ).first()
        if talk is None:
            talk = DeskTalk(appointment_id=appointment_id, talked_at=now.astimezone(UTC))
            session.add(talk)
        talk.customer_id = appointment.customer_id
        talk.worker = worker.strip()
        talk.reasons_given = reasons_given.strip()
        talk.motivation = motivation.strip()
        talk.agreements = agreements.strip()
        talk.talked_at = now.astimezone(UTC)
        appointment.state = "talked"
        session.flush()
        return talk.id


def talk_note(session: Session, appointment_id: uuid.UUID, *, identity: Identity) -> str:
    """The Verbis-Vermerk of the desk talk, ready to copy into VerBIS."""
    appointment = _appointment(session, appointment_id, identity)
    talk = session.scalars(
        select(DeskTalk).where(DeskTalk.appointment_id == appointment_id)
    ).first()
    if talk is None:
        return _callback_note(session, appointment)
    when = f"{to_berlin(talk.talked_at):%d.%m.%Y, %H:%M} Uhr"
    lines = [
        f"{when}: Gespräch in der Eingangszone wegen Meldeversäumnis "
        f"(Termin {to_berlin(appointment.starts_at):%d.%m.%Y}, AB {talk.worker}).",
    ]
    if talk.reasons_given:
        lines.append(f"Vom KD genannte Gründe: {talk.reasons_given}")
    if talk.motivation:
        lines.append(f"Motivation/Arbeitsbündnis: {talk.motivation}")
    if talk.agreements:
        lines.append(f"Vereinbarungen: {talk.agreements}")
    booking = session.scalars(
        select(CaseworkerAppointment).where(CaseworkerAppointment.appointment_id == appointment_id)
    ).first()
    if booking is not None:
        lines.append(_booking(session, booking).text_de() + ".")
    return "\n".join(lines)


def _callback_note(session: Session, appointment: ReceptionAppointment) -> str:
    """Without a desk talk: the Vermerk of the team's callback once its talk is recorded."""
    from fieldkit.services import office_callback

    view = office_callback.callback_for(session, appointment.id)
    if view is None or view.talked_at is None:
        return ""
    head = (
        f"Meldeversäumnis (Termin in der Eingangszone {to_berlin(appointment.starts_at):%d.%m.%Y}"
        "): keine AB verfügbar, Rückruf des Teams."
    )
    return "\n".join([head, *view.lines_de()])


def reclassify(
    db: Database,
    appointment_id: uuid.UUID,
    who: str,
    now: datetime,
    *,
    identity: Identity,
) -> None:
    """An appointment booked as something else turns out to be a Meldeversäumnis during the
    talk: it becomes one (who and when are kept)."""
    require(identity, permissions.DESK)
    if not who.strip():
        raise OfficeError("Bitte angeben, wer umstuft.", "Please say who reclassifies.")
    with db.session() as session:
        appointment = _appointment(session, appointment_id, identity)
        if appointment.kind == MELDEVERSAEUMNIS:
            raise OfficeError(
                "Der Termin ist schon als Meldeversäumnis gebucht.",
                "The appointment is a Meldeversäumnis already.",
            )
        appointment.kind = MELDEVERSAEUMNIS
        appointment.reclassified_at = now.astimezone(UTC)
        appointment.reclassified_by = who.strip()[:200]
