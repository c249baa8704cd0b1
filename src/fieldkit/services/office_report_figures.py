"""The report's figures beyond the visits (issue 17): the Meldeversäumnis desk, callbacks,
lift notes and the benefits outbox, and how many customers a team filter leaves out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from fieldkit.domain import permissions
from fieldkit.domain.week import BERLIN, IsoWeek
from fieldkit.services import office_outbox as outbox
from fieldkit.services.access import require
from fieldkit.services.office import Identity, scope_customers
from fieldkit.store.models import Customer
from fieldkit.store.models_office import (
    BenefitsMessage,
    CallbackTalk,
    CaseworkerAppointment,
    DeskTalk,
)


@dataclass(frozen=True)
class DeskFigures:
    """Counts within the report's weeks, for ``identity``'s customers."""

    desk_talks: int = 0
    callbacks: int = 0
    lift_notes: int = 0
    outbox_open: int = 0
    outbox_handed_over: int = 0
    callback_talks: int = 0
    callback_appointments: int = 0

    def lines_de(self) -> list[tuple[str, int]]:
        """(German label, count) for the exports."""
        return [
            ("Gespräche am Meldeversäumnis-Schalter", self.desk_talks),
            ("Rückrufe des Teams gebucht", self.callbacks),
            ("Rückrufgespräche erfasst", self.callback_talks),
            ("HB-Termine aus Rückrufen gebucht", self.callback_appointments),
            ("Aufhebungen der Zahlungseinstellung vorgemerkt", self.lift_notes),
            ("Postausgang Leistungsabteilung offen", self.outbox_open),
            ("Postausgang Leistungsabteilung übergeben", self.outbox_handed_over),
        ]


def _period(first_week: str, last_week: str) -> tuple[datetime, datetime]:
    """UTC bounds of the weeks (open ends when a week is not given or unreadable)."""
    start, end = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    try:
        if first_week:
            monday = IsoWeek.parse(first_week).monday()
            start = datetime.combine(monday, time(0), tzinfo=BERLIN).astimezone(UTC)
        if last_week:
            monday = IsoWeek.parse(last_week).monday() + timedelta(days=7)
            end = datetime.combine(monday, time(0), tzinfo=BERLIN).astimezone(UTC)
    except ValueError:
        pass
    return start, end


def desk_figures(
    session: Session, identity: Identity, first_week: str = "", last_week: str = ""
) -> DeskFigures:
    """Desk talks, callbacks, lift notes and outbox messages written in the weeks."""
    require(identity, permissions.REPORTS)
    start, end = _period(first_week, last_week)
    visible = scope_customers(select(Customer.id), identity)

    def count(
        owner: InstrumentedAttribute[Any],
        moment: InstrumentedAttribute[datetime],
        *where: ColumnElement[bool],
    ) -> int:
        stmt = select(func.count()).where(owner.in_(visible), moment >= start, moment < end, *where)
        return int(session.scalar(stmt) or 0)

    talk, booked, message = DeskTalk, CaseworkerAppointment, BenefitsMessage
    return DeskFigures(
        count(talk.customer_id, talk.talked_at),
        count(booked.customer_id, booked.starts_at, booked.kind == "callback"),
        count(message.customer_id, message.sent_at, message.kind == outbox.LIFT),
        count(message.customer_id, message.sent_at, message.handed_over_at.is_(None)),
        count(message.customer_id, message.sent_at, message.handed_over_at.is_not(None)),
        count(CallbackTalk.customer_id, CallbackTalk.talked_at),
        count(booked.customer_id, booked.starts_at, booked.callback_id.is_not(None)),
    )  # fmt: skip


def hidden_customers(session: Session, identity: Identity) -> int:
    """How many customers (imported ones of other teams too) ``identity``'s view leaves out."""
    require(identity, permissions.REPORTS)
    if not identity.role:
        return 0
    every = int(session.scalar(select(func.count()).select_from(Customer)) or 0)
    seen = scope_customers(select(func.count()).select_from(Customer), identity)
    return every - int(session.scalar(seen) or 0)


def filter_note_de(identity: Identity, hidden: int) -> str:
    """The German sentence for the exports ("" when nothing is left out)."""
    if hidden <= 0:
        return ""
    if identity.team_lead and identity.team:
        return (
            f"Gefiltert auf Team {identity.team}: {hidden} Kundinnen und Kunden anderer Teams "
            "(auch importierte) sind nicht enthalten."
        )
    return f"Nur eigene Kundinnen und Kunden: {hidden} weitere sind nicht enthalten."


__all__ = ["DeskFigures", "desk_figures", "filter_note_de", "hidden_customers"]
