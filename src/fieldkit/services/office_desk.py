"""The Meldeversäumnis desk at the reception (Eingangszone).

The outreach worker on duty sees the reception calendar's "Meldeversäumnis" appointments,
records the talk (reasons given, motivation, agreements), books the one-hour follow-up
appointment with the customer's caseworker - or, when the caseworker is absent, with the
team's deputy per the deputy rule - and sends the note to lift the provisional suspension of
payments to the benefits department with a task for the caseworker. When no outreach worker
is free, the reception books a same-day callback by the team instead.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldkit.domain import permissions, roles
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.importing.judge import parse_datetime
from fieldkit.services import office_outbox as outbox
from fieldkit.services.access import not_visible, require
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.services.office_followup import active_suspension
from fieldkit.store.db import Database, EditConflict, WriteFailed
from fieldkit.store.models import Caseworker, Customer, Office, Task
from fieldkit.store.models_office import (
    Absence,
    BenefitsMessage,
    CaseworkerAppointment,
    DeputyRule,
    DeskTalk,
    ReceptionAppointment,
)

MELDEVERSAEUMNIS = "meldeversaeumnis"
FOLLOWUP, CALLBACK = "followup", "callback"
FOLLOWUP_MINUTES = 60
# Follow-up talks start on the hour within office hours (last start 15:00).
SLOT_HOURS = (8, 9, 10, 11, 13, 14, 15)
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


# ------------------------------------------------------------------------ the calendar


def add_appointment(
    db: Database,
    starts_at: datetime,
    kundennummer: str,
    name: str = "",
    booked_by: str = "",
    note: str = "",
    kind: str = MELDEVERSAEUMNIS,
    *,
    identity: Identity,
) -> uuid.UUID:
    """Enter one appointment of the reception calendar; the customer is linked if known."""
    require(identity, permissions.DESK)
    number = kundennummer.strip()
    if not number:
        raise OfficeError("Kundennummer fehlt.", "The customer number is missing.")
    with db.session() as session:
        appointment = _new_appointment(session, starts_at, number, name, booked_by, note, kind)
        session.flush()
        return appointment.id


def _new_appointment(
    session: Session,
    starts_at: datetime,
    number: str,
    name: str,
    booked_by: str,
    note: str,
    kind: str,
) -> ReceptionAppointment:
    customer = session.scalars(select(Customer).where(Customer.kundennummer == number)).first()
    appointment = ReceptionAppointment(
        starts_at=to_berlin(starts_at).astimezone(UTC),
        kundennummer=number,
        customer_id=customer.id if customer else None,
        name=name.strip() or (customer.display_name if customer else ""),
        kind=kind,
        booked_by=booked_by.strip(),
        note=note.strip(),
        state="open",
    )
    session.add(appointment)
    return appointment


_HEADER = {
    "datum": "datum", "uhrzeit": "uhrzeit", "zeit": "uhrzeit", "kundennummer": "kundennummer",
    "name": "name", "art": "art", "gebucht von": "gebucht_von", "gebucht_von": "gebucht_von",
    "notiz": "notiz", "bemerkung": "notiz",
}  # fmt: skip


def _csv_rows(path: Path) -> list[list[str]]:
    """The cells of a CSV file in UTF-8 (else Windows-1252), delimiter sniffed."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], ";,\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def import_calendar(
    db: Database,
    path: Path,
    *,
    identity: Identity,
) -> int:
    """Import the reception calendar's export (CSV: Datum;Uhrzeit;Kundennummer;Name;Art;
    Gebucht von;Notiz) in one transaction; returns the number of appointments added. An
    appointment already there (same time and Kundennummer) is not added twice."""
    require(identity, permissions.DESK)
    rows = _csv_rows(path)
    if not rows:
        raise OfficeError("Die Datei ist leer.", "The file is empty.")
    header = [_HEADER.get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    for needed in ("datum", "uhrzeit", "kundennummer"):
        if needed not in header:
            raise OfficeError(
                f"Spalte „{needed}“ fehlt in der Kopfzeile.",
                f"The header lacks the column {needed!r}.",
            )
    entries = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            moment = parse_datetime(f"{values['datum']} {values['uhrzeit']}")
        except ValueError as exc:
            raise OfficeError(
                f"Zeile {line}: Datum/Uhrzeit nicht lesbar.",
                f"Line {line}: date/time cannot be read.",
            ) from exc
        if not values.get("kundennummer"):
            raise OfficeError(
                f"Zeile {line}: Kundennummer fehlt.", f"Line {line}: customer number missing."
            )
        kind = MELDEVERSAEUMNIS if "melde" in values.get("art", "melde").lower() else "other"
        entries.append((moment, values, kind))
    added = 0
    with db.session() as session:
        existing = {
            (a.starts_at, a.kundennummer) for a in session.scalars(select(ReceptionAppointment))
        }
        for moment, values, kind in entries:
            key = (to_berlin(moment).astimezone(UTC), values["kundennummer"])
            if key in existing:
                continue
            existing.add(key)
            _new_appointment(
                session, moment, values["kundennummer"], values.get("name", ""),
                values.get("gebucht_von", ""), values.get("notiz", ""), kind,
            )  # fmt: skip
            added += 1
    return added


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


# ------------------------------------------------------------------------ the talk


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


# ------------------------------------------------------------------------ who is there


def is_absent(session: Session, caseworker_id: uuid.UUID, day: date) -> bool:
    """Whether the caseworker is recorded absent on ``day``."""
    return (
        session.scalar(
            select(Absence.id).where(
                Absence.caseworker_id == caseworker_id,
                Absence.first_day <= day,
                Absence.last_day >= day,
            )
        )
        is not None
    )


def absent_until(session: Session, caseworker_id: uuid.UUID, day: date) -> date | None:
    """The last day of the absence covering ``day`` (None when present)."""
    return session.scalar(
        select(Absence.last_day)
        .where(
            Absence.caseworker_id == caseworker_id,
            Absence.first_day <= day,
            Absence.last_day >= day,
        )
        .order_by(Absence.last_day.desc())
    )


def deputies_of(session: Session, caseworker: Caseworker) -> list[Caseworker]:
    """The deputies in the order of the deputy rule: the caseworker's own rules first, then
    the team's; the caseworker never deputises for themself."""
    order = _rule_order(session, caseworker)
    order.sort(key=lambda r: (r[1], r[2]))
    seen: set[uuid.UUID] = set()
    result = []
    for deputy_id, _team_wide, _rank in order:
        if deputy_id != caseworker.id and deputy_id not in seen:
            seen.add(deputy_id)
            deputy = session.get(Caseworker, deputy_id)
            if deputy is not None:
                result.append(deputy)
    return result


def _rule_order(session: Session, caseworker: Caseworker) -> list[tuple[uuid.UUID, bool, int]]:
    """(deputy, team-wide rule, rank) of the rules for ``caseworker``, by rank and age.

    On the central database a field login (the outreach workers run the desk) may not read
    the deputy rule itself; ``central init``'s ``fieldkit_deputies()`` tells it exactly this.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql" and not conn.scalar(
        sql_text("SELECT has_table_privilege(current_user, 'deputy_rule', 'SELECT')")
    ):
        rows = conn.execute(
            sql_text(
                "SELECT deputy_id, team_wide, rank FROM fieldkit_deputies(:cw) ORDER BY rank, made"
            ),
            {"cw": caseworker.id},
        )
        return [(r.deputy_id, bool(r.team_wide), int(r.rank)) for r in rows]
    rules = session.scalars(
        select(DeputyRule)
        .where(
            DeputyRule.team == caseworker.team,
            (DeputyRule.caseworker_id == caseworker.id) | DeputyRule.caseworker_id.is_(None),
        )
        .order_by(DeputyRule.rank, DeputyRule.created_at)
    )
    return [(r.deputy_id, r.caseworker_id is None, r.rank) for r in rules]


def responsible_on(
    session: Session, caseworker: Caseworker, day: date, unreachable: bool = False
) -> tuple[Caseworker, bool]:
    """Who holds a talk for ``caseworker``'s customer on ``day``: the caseworker, or when
    absent (or ``unreachable``: "HB nicht erreicht" counts like an absence) the first present
    deputy (True). No one present is an :class:`OfficeError`."""
    if not unreachable and not is_absent(session, caseworker.id, day):
        return caseworker, False
    for deputy in deputies_of(session, caseworker):
        if not is_absent(session, deputy.id, day):
            return deputy, True
    raise OfficeError(
        f"{caseworker.name} ist abwesend und kein Vertreter laut Vertretungsregelung von "
        f"Team {caseworker.team or '?'} ist da. Bitte einen Rückruf des Teams buchen.",
        f"{caseworker.name} is absent and no deputy of the team is present.",
    )


def free_slots(
    session: Session,
    caseworker: Caseworker,
    after: datetime,
    rules: RulesSettings,
    count: int = 6,
    unreachable: bool = False,
) -> list[tuple[datetime, Caseworker, bool]]:
    """The next free one-hour slots for a follow-up talk with ``caseworker`` (or, on days
    they are absent, their deputy), from the working day after ``after`` on."""
    calendar = WorkingDayCalendar.from_settings(rules)
    day = to_berlin(after).date()
    found: list[tuple[datetime, Caseworker, bool]] = []
    for _ in range(30):
        day = calendar.next_working_day(day)
        try:
            who, deputy = responsible_on(session, caseworker, day, unreachable)
        except OfficeError:
            continue
        busy = _busy(session, who.id, day)
        for hour in SLOT_HOURS:
            start = datetime.combine(day, time(hour), tzinfo=BERLIN)
            if not any(_overlaps(start, b) for b in busy):
                found.append((start, who, deputy))
                if len(found) >= count:
                    return found
    return found


def slots_for(
    session: Session,
    appointment_id: uuid.UUID,
    now: datetime,
    rules: RulesSettings,
    *,
    identity: Identity,
) -> list[tuple[datetime, Caseworker, bool]]:
    """Free follow-up slots for the customer of a reception appointment ([] if the customer
    or their caseworker is unknown); only for an appointment ``identity`` may work on."""
    require(identity, permissions.DESK)
    appointment = _appointment(session, appointment_id, identity)
    customer = appointment.customer
    if customer is None or customer.caseworker is None:
        return []
    unreachable = appointment.hb_unreachable_at is not None
    return free_slots(session, customer.caseworker, now, rules, unreachable=unreachable)


def _busy(session: Session, caseworker_id: uuid.UUID, day: date) -> list[tuple[datetime, int]]:
    start = datetime.combine(day, time(0), tzinfo=BERLIN).astimezone(UTC)
    rows = session.scalars(
        select(CaseworkerAppointment).where(
            CaseworkerAppointment.caseworker_id == caseworker_id,
            CaseworkerAppointment.starts_at >= start,
            CaseworkerAppointment.starts_at < start + timedelta(days=1),
        )
    )
    return [(r.starts_at, r.minutes) for r in rows]


def _overlaps(start: datetime, busy: tuple[datetime, int]) -> bool:
    other, minutes = busy
    end = start + timedelta(minutes=FOLLOWUP_MINUTES)
    return start < other + timedelta(minutes=minutes) and other < end


# ------------------------------------------------------------------------ booking


def _appointment(
    session: Session, appointment_id: uuid.UUID, identity: Identity
) -> ReceptionAppointment:
    """The appointment, if ``identity`` may work on it (see :func:`_may_see`)."""
    appointment = session.get(ReceptionAppointment, appointment_id)
    if appointment is None:
        raise OfficeError("Diesen Termin gibt es nicht mehr.", "The appointment no longer exists.")
    if not _may_see(session, identity, appointment):
        raise not_visible()
    return appointment


def _may_see(session: Session, identity: Identity, appointment: ReceptionAppointment) -> bool:
    """A caseworker's or team lead's desk shows its team's customers (issue 14); an
    appointment not linked to a known customer belongs to no team and is shown to every desk.
    An outreach worker runs every appointment of the Eingangszone calendar (DOMAIN.md), so a
    field account's desk shows them all."""
    if not identity.account_role or appointment.customer_id is None:
        return True
    if identity.account_role == roles.FIELD:
        return True
    mine = select(Customer.id).where(Customer.id == appointment.customer_id)
    return session.scalar(scope_customers(mine, identity)) is not None


def _customer_hb(
    session: Session, appointment: ReceptionAppointment
) -> tuple[Customer, Caseworker]:
    customer = appointment.customer
    if customer is None:
        raise OfficeError(
            f"Kundennummer {appointment.kundennummer} ist nicht bekannt; bitte den HB "
            "telefonisch klären.",
            "The customer is not known.",
        )
    if customer.caseworker is None:
        raise OfficeError(
            "Für diesen Kunden ist kein HB hinterlegt.", "The customer has no caseworker."
        )
    return customer, customer.caseworker


def _booking(session: Session, booking: CaseworkerAppointment) -> Booking:
    hb = session.get(Caseworker, booking.hb_id) if booking.hb_id else None
    return Booking(
        booking.id, booking.kind, booking.caseworker.name if booking.caseworker else "",
        hb.name if hb else "", booking.by_deputy, booking.starts_at, booking.minutes,
        booking.place, booking.team,
    )  # fmt: skip


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


# ------------------------------------------------------------------------ rules as data


#: The longest reason an absence keeps (the column's width).
REASON_MAX = 100

#: The longest team name a deputy rule keeps (the column's width).
TEAM_MAX = 20


def may_edit_deputies(identity: Identity, team: str) -> bool:
    """Whether ``identity`` may change ``team``'s deputy rule: the team lead of that team (and
    the unrestricted view of the CLI and tests); a caseworker only reads it."""
    if not identity.role:
        return True
    return identity.is_office and identity.team_lead and identity.team == team


def may_edit_absence(identity: Identity, caseworker: Caseworker) -> bool:
    """Whether ``identity`` may record or change ``caseworker``'s absences: a team lead for
    the team, a caseworker their own (and the unrestricted view everyone's)."""
    if not identity.role:
        return True
    if not identity.is_office:
        return False
    if identity.team_lead and identity.team:
        return caseworker.team == identity.team
    return caseworker.name == identity.caseworker


def set_absence(
    db: Database,
    caseworker: str,
    first_day: date,
    last_day: date,
    reason: str = "",
    *,
    identity: Identity,
    absence_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Record that ``caseworker`` is away from ``first_day`` to ``last_day`` (both inclusive),
    or with ``absence_id`` change that absence; one transaction, returns the absence's id.

    Refused with a German sentence: an empty or unknown name, an end before the start, a
    reason longer than :data:`REASON_MAX`, an overlap with another absence of the same
    caseworker, or an ``identity`` that may not edit this caseworker's absences.
    """
    require(identity, permissions.DESK)
    who = identity
    reason = " ".join(reason.split())
    if not caseworker.strip():
        raise OfficeError("Bitte die abwesende Kraft angeben.", "The caseworker is missing.")
    if last_day < first_day:
        raise OfficeError(
            "Der letzte Tag liegt vor dem ersten Tag der Abwesenheit.",
            "The absence ends before it starts.",
        )
    if len(reason) > REASON_MAX:
        raise OfficeError(
            f"Der Grund ist zu lang (höchstens {REASON_MAX} Zeichen).",
            f"The reason is too long (at most {REASON_MAX} characters).",
        )
    with db.session() as session:
        cw = caseworker_named(session, caseworker)
        absence = None
        if absence_id is not None:
            absence = session.get(Absence, absence_id)
            if absence is None:
                raise OfficeError(
                    "Diese Abwesenheit gibt es nicht mehr.", "The absence no longer exists."
                )
            old = session.get(Caseworker, absence.caseworker_id)
            if old is not None and not may_edit_absence(who, old):
                raise _not_allowed_absence(old.name)
        if not may_edit_absence(who, cw):
            raise _not_allowed_absence(cw.name)
        overlapping = select(Absence).where(
            Absence.caseworker_id == cw.id,
            Absence.first_day <= last_day,
            Absence.last_day >= first_day,
        )
        if absence_id is not None:
            overlapping = overlapping.where(Absence.id != absence_id)
        clash = session.scalars(overlapping.order_by(Absence.first_day)).first()
        if clash is not None:
            raise OfficeError(
                f"{cw.name} ist vom {clash.first_day:%d.%m.%Y} bis {clash.last_day:%d.%m.%Y} "
                "schon als abwesend eingetragen; die Zeiträume überschneiden sich.",
                f"{cw.name} already has an overlapping absence.",
            )
        if absence is None:
            absence = Absence(caseworker_id=cw.id)
            session.add(absence)
        absence.caseworker_id = cw.id
        absence.first_day = first_day
        absence.last_day = last_day
        absence.reason = reason
        session.flush()
        return absence.id


def _not_allowed_absence(name: str) -> OfficeError:
    return OfficeError(
        f"Sie dürfen die Abwesenheiten von {name} nicht ändern; das darf nur die Teamleitung.",
        f"You may not change the absences of {name}.",
    )


def add_deputy(
    db: Database,
    team: str,
    deputy: str,
    rank: int | None = None,
    for_caseworker: str = "",
    *,
    identity: Identity,
) -> uuid.UUID:
    """Add a line to the team's deputy rule (for one caseworker, or the whole team); one
    transaction, returns the rule's id. Without ``rank`` the deputy is asked last.

    Refused with a German sentence: an empty or unknown team, an empty or unknown name, a
    caseworker outside the team, a deputy for themself, a deputy already in that list, or an
    ``identity`` that is not the team lead.
    """
    require(identity, permissions.STAFF)
    team = team.strip()
    if not team:
        raise OfficeError("Bitte das Team angeben.", "The team is missing.")
    if len(team) > TEAM_MAX:
        raise OfficeError(
            f"Der Teamname ist zu lang (höchstens {TEAM_MAX} Zeichen).",
            f"The team name is too long (at most {TEAM_MAX} characters).",
        )
    if not deputy.strip():
        raise OfficeError("Bitte die Vertretung angeben.", "The deputy is missing.")
    if not may_edit_deputies(identity, team):
        raise OfficeError(
            "Die Vertretungsregelung des Teams kann nur die Teamleitung ändern.",
            "Only the team lead may change the team's deputy rule.",
        )
    for attempt in range(_RETRIES):
        try:
            return _add_deputy_once(db, team, deputy, rank, for_caseworker)
        except (IntegrityError, EditConflict, WriteFailed) as exc:
            # Another session added or renumbered a line of this rule at the same moment:
            # the unique lines and ranks (or the version column) refused ours; try again
            # on what is there now (a deputy added meanwhile is then "already in the rule").
            if attempt + 1 == _RETRIES or (isinstance(exc, WriteFailed) and exc.code != "locked"):
                raise busy_rule() from exc
    raise AssertionError("unreachable")  # pragma: no cover


_RETRIES = 5


def busy_rule() -> OfficeError:
    """The sentence for a deputy rule someone else changed at the same moment."""
    return OfficeError(
        "Nichts wurde gespeichert, weil die Vertretungsregelung gerade von jemand anderem "
        "geändert wird; bitte neu laden und noch einmal versuchen.",
        "Nothing was saved because someone else is changing the deputy rule just now; reload "
        "and try again.",
    )


def _add_deputy_once(
    db: Database, team: str, deputy: str, rank: int | None, for_caseworker: str
) -> uuid.UUID:
    with db.session() as session:
        known_team(session, team)
        dep = caseworker_named(session, deputy)
        owner = caseworker_named(session, for_caseworker) if for_caseworker.strip() else None
        if owner is not None and owner.team != team:
            # The desk reads a caseworker's own rule under their team only (deputies_of).
            raise OfficeError(
                f"{owner.name} gehört nicht zu Team {team}.",
                f"{owner.name} is not in team {team}.",
            )
        if owner is not None and owner.id == dep.id:
            raise OfficeError(
                f"{dep.name} kann sich nicht selbst vertreten.", "Nobody deputises for themself."
            )
        lines = deputy_rules(session, team, owner.id if owner else None)
        if any(line.deputy_id == dep.id for line in lines):
            raise OfficeError(
                f"{dep.name} steht schon in dieser Vertretungsregelung.",
                f"{dep.name} is already in this deputy rule.",
            )
        # Asked after every line with a rank up to ``rank`` (all of them without one); then
        # the rule is numbered 1..n, so no two lines share a rank.
        place = len(lines) if rank is None else sum(1 for line in lines if line.rank <= rank)
        rule = DeputyRule(team=team, caseworker_id=owner.id if owner else None, deputy_id=dep.id)
        lines.insert(place, rule)
        renumber_rule(session, lines)
        session.add(rule)
        session.flush()
        return rule.id


def renumber_rule(session: Session, lines: list[DeputyRule]) -> None:
    """Number the lines of one deputy rule 1..n in the given order.

    Ranks are unique within a rule, and a database checks that row by row: the lines first
    move out of the way (negative ranks), then take their places.
    """
    for offset, line in enumerate(lines, start=1):
        if line.rank != offset and line in session:
            line.rank = -offset
    session.flush()
    for offset, line in enumerate(lines, start=1):
        line.rank = offset


def deputy_rules(
    session: Session, team: str, caseworker_id: uuid.UUID | None = None
) -> list[DeputyRule]:
    """The lines of one deputy rule in the order they are asked: the team's (no
    ``caseworker_id``) or one caseworker's own."""
    owner = (
        DeputyRule.caseworker_id.is_(None)
        if caseworker_id is None
        else DeputyRule.caseworker_id == caseworker_id
    )
    return list(
        session.scalars(
            select(DeputyRule)
            .where(DeputyRule.team == team.strip(), owner)
            .order_by(DeputyRule.rank, DeputyRule.created_at)
        )
    )


def known_team(session: Session, team: str) -> str:
    """``team`` stripped when a caseworker belongs to it or it has a deputy rule; an
    OfficeError names an unknown one."""
    team = team.strip()
    for column in (Caseworker.team, DeputyRule.team):
        if team and session.scalar(select(column).where(column == team).limit(1)) is not None:
            return team
    raise OfficeError(f"„{team[:60]}“ ist kein bekanntes Team.", f"Unknown team {team[:60]!r}.")


def caseworker_named(session: Session, name: str) -> Caseworker:
    """The caseworker of that name; an OfficeError names an unknown one."""
    cw = session.scalars(select(Caseworker).where(Caseworker.name == name.strip())).first()
    if cw is None:
        raise OfficeError(
            f"„{name.strip()[:60]}“ ist keine bekannte Integrationsfachkraft.",
            f"Unknown caseworker {name.strip()[:60]!r}.",
        )
    return cw


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


def booking_for(session: Session, appointment_id: uuid.UUID) -> Booking | None:
    """The follow-up or callback booked from a reception appointment, if any."""
    booking = session.scalars(
        select(CaseworkerAppointment).where(CaseworkerAppointment.appointment_id == appointment_id)
    ).first()
    return _booking(session, booking) if booking is not None else None


__all__ = [
    "CALLBACK",
    "FOLLOWUP",
    "MELDEVERSAEUMNIS",
    "REASON_MAX",
    "TEAM_MAX",
    "Booking",
    "DeskRow",
    "SlipData",
    "absent_until",
    "add_appointment",
    "add_deputy",
    "book_callback",
    "book_followup",
    "booking_for",
    "deputies_of",
    "deputy_rules",
    "free_slots",
    "import_calendar",
    "is_absent",
    "known_team",
    "list_day",
    "mark_hb_unreachable",
    "may_edit_absence",
    "may_edit_deputies",
    "reclassify",
    "record_talk",
    "responsible_on",
    "send_lift_note",
    "set_absence",
    "slip_data",
    "slots_for",
    "talk_note",
]
