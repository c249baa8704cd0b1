"""Synthetic back-office data on top of the demo week: visit results, deputies, absences,
reception appointments, a few follow-ups, an earlier case that went through every step of the
follow-up and a filled benefits outbox - for trying the back office and screenshots.

All names are invented; visit records are written as field mode writes them (a final visit,
its Verbis-Vermerk and a task for the caseworker).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain.rulesets import letter_rule_set_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, IsoWeek, to_berlin
from fieldkit.services import office_desk as desk
from fieldkit.services import office_outbox as outbox
from fieldkit.services.office import UNRESTRICTED, OfficeError
from fieldkit.store.db import Database
from fieldkit.store.models import CaseNote, Caseworker, Customer, Flag, OutreachWorker, Task, Visit
from fieldkit.store.models_office import AppointmentFollowUp

_HINTS = (
    "Kontoauszüge der letzten drei Monate fehlen, KD will sie hochladen.",
    "KD gibt an, seit Oktober ein Nebeneinkommen zu haben.",
    "Mietvertrag hat sich geändert (neue Miethöhe).",
)
_REASONS = ("Post nicht geöffnet", "Krank gewesen, keine AU", "Termin vergessen")


@dataclass(frozen=True)
class OfficeDemo:
    """What was written."""

    visits: int
    appointments: int


def write_office_demo(
    db: Database, now: datetime, seed: int = 7, rules: RulesSettings | None = None
) -> OfficeDemo:
    """Add results for the flags of weeks that have started by ``now``, deputy rules for each
    team, one absence, today's reception appointments with a team callback, and - where the
    office enables the Hamburg rules - situations, posts, talks and reviews."""
    rng = random.Random(seed)
    today = to_berlin(now).date()
    visits = 0
    with db.session() as session:
        workers = list(session.scalars(select(OutreachWorker)))
        flags = list(session.scalars(select(Flag).order_by(Flag.visit_week, Flag.id)))
        for flag in flags:
            week = IsoWeek.parse(flag.visit_week)
            if week.monday() > today or not flag.plannable:
                continue
            # Numbered by the visits written, not by all flags (whose order follows random
            # ids): every fifth visit carries a hint, so the outbox always has one.
            _write_visit(session, flag, visits, rng.random() < 0.55, workers, now)
            visits += 1
        teams: dict[str, list[str]] = {}
        for cw in session.scalars(select(Caseworker).order_by(Caseworker.name)):
            teams.setdefault(cw.team, []).append(cw.name)
    for team, names in teams.items():
        for rank, name in enumerate(reversed(names)):
            desk.add_deputy(db, team, name, rank, identity=UNRESTRICTED)
    with db.session() as session:
        # The desk demo shows the deputy rule: the first customer's caseworker is away and
        # has a teammate who stands in.
        absent = next((names[0] for names in teams.values() if len(names) > 1), "")
        own = select(Customer.kundennummer).join(Caseworker).where(Caseworker.name == absent)
        numbers = list(session.scalars(own.order_by(Customer.nachname)))[:2]
        others = select(Customer.kundennummer).order_by(Customer.nachname)
        numbers += [n for n in session.scalars(others) if n not in numbers][:3]
    if absent:
        desk.set_absence(
            db, absent, today, today + timedelta(days=14), "Urlaub", identity=UNRESTRICTED
        )
    appointments = 0
    for n, number in enumerate(numbers[:5]):
        starts = datetime.combine(today, time(8 + n, 30 if n % 2 else 0), tzinfo=BERLIN)
        desk.add_appointment(
            db, starts, number, booked_by=("LSB Kurz", "Service-Center", "Empfang")[n % 3],
            note=_REASONS[n % 3] if n % 2 == 0 else "",
            kind=desk.MELDEVERSAEUMNIS if n != 3 else "other",
            identity=UNRESTRICTED,
        )  # fmt: skip
        appointments += 1
    _earlier_case(db, now)
    outbox.collect_hints(db, now, identity=UNRESTRICTED)
    _callback(db, today)
    if rules is not None and rules.hamburg_rules:
        _hamburg(db, rules, today)
    return OfficeDemo(visits, appointments)


def _callback(db: Database, today: date) -> None:
    """No outreach worker at 9:40 for the third appointment: the team calls back at 9:45,
    records the talk and books the appointment with the HB."""
    from fieldkit.services import office_callback as callback

    with db.session() as session:
        rows = [
            r
            for r in desk.list_day(session, today, True, identity=UNRESTRICTED)
            if r.customer_known
        ]
    if len(rows) < 3:
        return
    at = datetime.combine(today, time(9, 40), tzinfo=BERLIN)
    try:
        booking = callback.book_callback(db, rows[2].id, "Empfang", at, identity=UNRESTRICTED)
        callback.record_callback_talk(
            db, booking.id, booking.caseworker or "Team",
            ("Einladung nicht erhalten, Briefkasten ohne Namen", "kommt zum Termin beim HB",
             "Kontoauszüge mitbringen; Namen am Briefkasten anbringen"),
            at + timedelta(minutes=20),
            identity=UNRESTRICTED,
        )  # fmt: skip
        callback.book_hb_appointment(
            db,
            booking.id,
            booking.caseworker,
            at + timedelta(minutes=25),
            RulesSettings(),
            identity=UNRESTRICTED,
        )
    except OfficeError:
        return  # nobody of the team free: the demo goes without a callback


def _hamburg(db: Database, rules: RulesSettings, today: date) -> None:
    """The Hamburg parts: a situation for each customer, half a post for one caseworker,
    three talks a working day for each in the last two weeks (every fourth by phone), and a
    review of every second customer three months ago."""
    from fieldkit.domain.hamburg import Situation
    from fieldkit.services import office_hamburg as hh
    from fieldkit.services import office_hamburg_review as review

    situations = list(Situation)
    with db.session() as session:
        numbers = list(session.scalars(select(Customer.kundennummer).order_by(Customer.nachname)))
        names = list(session.scalars(select(Caseworker.name).order_by(Caseworker.name)))
    for n, number in enumerate(numbers):
        hh.set_situation(
            db, rules, number, situations[n % len(situations)].value, identity=UNRESTRICTED
        )
        if n % 2:
            review.record_review(
                db,
                rules,
                number,
                today - timedelta(days=91),
                "Demo",
                "Bedarf besteht",
                today,
                identity=UNRESTRICTED,
            )
    for n, name in enumerate(names):
        hh.set_post(db, rules, name, 0.5 if n == 0 else 1.0, identity=UNRESTRICTED)
        for day_back in range(1, 15):
            day = today - timedelta(days=day_back)
            if day.weekday() >= 5 or not numbers:
                continue
            for k in range(3):
                channel = ("in_person", "video", "in_person", "phone")[(day_back + k) % 4]
                number = numbers[(day_back * 3 + k) % len(numbers)]
                hh.record_talk(db, rules, name, number, day, channel, today, identity=UNRESTRICTED)


def _write_visit(
    session: Session,
    flag: Flag,
    n: int,
    met: bool,
    workers: list[OutreachWorker],
    now: datetime,
) -> None:
    """One final visit of the demo as field mode writes it, with note, task and follow-up."""
    week = IsoWeek.parse(flag.visit_week)
    customer = session.get(Customer, flag.customer_id)
    assert customer is not None
    day = week.day(1 + n % 4)
    at = datetime.combine(day, time(9 + n % 6, 10 * (n % 5)), tzinfo=BERLIN)
    details = (
        {"handed_over": True, "legal_consequences": True, "relationship": True}
        if met
        else {"mailbox_invitation": True, "mailbox_package": True}
    )
    visit = Visit(
        flag_id=flag.id, customer_id=customer.id,
        worker_id=workers[n % len(workers)].id if workers else None,
        visited_at=at.astimezone(UTC), outcome="met" if met else "not_met",
        not_met_reason=None if met else "nobody_opened", details=details,
        complex_case=met and n % 7 == 0,
        benefits_hint=_HINTS[n % 3] if n % 5 == 0 else "", state="final",
    )  # fmt: skip
    session.add(visit)
    session.flush()
    stamp = f"{at:%d.%m.%Y}, {at:%H:%M} Uhr"
    outcome_de = "angetroffen" if met else "nicht angetroffen"
    text = (
        f"{stamp}: Aufsuchende Beratung, KD angetroffen. Einladung zum Termin "
        "persönlich übergeben, auf Rechtsfolgen hingewiesen. KD zeigt sich gesprächsbereit."
        if met
        else f"{stamp}: Aufsuchende Beratung, KD nicht angetroffen. Einladung und "
        "Kunden-Paket in den Briefkasten eingeworfen."
    )
    session.add(CaseNote(customer_id=customer.id, visit_id=visit.id, text=text, state="final"))
    session.add(
        Task(
            customer_id=customer.id, caseworker_id=customer.caseworker_id,
            visit_id=visit.id,
            title=f"Aufsuchende Beratung: {outcome_de}",
            text=text, due_date=day + timedelta(days=3),
        )
    )  # fmt: skip
    if flag.appointment_at is not None and flag.appointment_at < now and n % 3 == 0:
        session.add(
            AppointmentFollowUp(
                flag_id=flag.id, came=n % 2 == 0, recorded_at=now.astimezone(UTC),
                recorded_by="Demo", proposal="" if n % 2 == 0 else "suspension",
            )
        )  # fmt: skip


def _earlier_case(db: Database, now: datetime) -> None:
    """A case from four weeks ago that went the whole way: the invitation with RFB handed over,
    the appointment missed, suspension decided, hearing, no wichtiger Grund, Verfügung and
    notice - with its messages in the benefits outbox (one handed over, one open)."""
    today = to_berlin(now).date()
    week = IsoWeek.of(today - timedelta(days=28))
    visited = datetime.combine(week.day(2), time(10, 0), tzinfo=BERLIN)
    appointment = visited + timedelta(days=7, hours=-1)
    with db.session() as session:
        customer = session.scalars(
            select(Customer).where(Customer.caseworker_id.is_not(None)).order_by(Customer.nachname)
        ).first()
        if customer is None or session.scalar(
            select(Flag.id).where(Flag.customer_id == customer.id, Flag.visit_week == str(week))
        ):
            return
        current = session.scalars(select(Flag).where(Flag.customer_id == customer.id)).first()
        flag = Flag(
            customer_id=customer.id, visit_week=str(week), status="eligible",
            flagged_at=(visited - timedelta(days=7)).astimezone(UTC),
            appointment_at=appointment.astimezone(UTC), appointment_place="Jobcenter, Raum 1.05",
            bg_number=current.bg_number if current else "",
        )  # fmt: skip
        session.add(flag)
        session.flush()
        session.add(
            Visit(
                flag_id=flag.id, customer_id=customer.id, visited_at=visited.astimezone(UTC),
                outcome="met", details={"handed_over": True, "legal_consequences": True},
                state="final",
            )
        )  # fmt: skip
        _all_steps(session, flag, customer, appointment, now)


def _all_steps(
    session: Session, flag: Flag, customer: Customer, appointment: datetime, now: datetime
) -> None:
    day = appointment.date()
    caseworker = customer.caseworker.name if customer.caseworker else "HB"
    rule_set = letter_rule_set_on(day, RulesSettings()).name
    followup = AppointmentFollowUp(
        flag_id=flag.id, came=False, recorded_by=caseworker, proposal="suspension",
        recorded_at=(appointment + timedelta(days=1)).astimezone(UTC), decision="suspend",
        decided_by=caseworker, decided_at=(appointment + timedelta(days=1)).astimezone(UTC),
        rule_set=rule_set, proposal_reason="Einladung mit RFB persönlich übergeben.",
        hearing_on=day + timedelta(days=1), hearing_note="Anhörungsbogen versandt",
        good_reason="no", good_reason_on=day + timedelta(days=15),
        order_on=day + timedelta(days=16), notice_on=day + timedelta(days=16),
    )  # fmt: skip
    session.add(followup)
    session.flush()
    missed = f"{day:%d.%m.%Y}"
    decided = outbox.write_message(
        session, customer, outbox.SUSPENSION, "Vorläufige Zahlungseinstellung veranlassen",
        f"Meldeversäumnis am {missed}", "Die Integrationsfachkraft hat die vorläufige "
        "Zahlungseinstellung entschieden. Bitte umsetzen.", caseworker,
        appointment + timedelta(days=1), followup.id,
    )  # fmt: skip
    decided.handed_over_at = (appointment + timedelta(days=2)).astimezone(UTC)
    decided.handed_over_by = caseworker
    outbox.write_message(
        session, customer, outbox.SUSPENSION, "Minderung verfügt",
        f"Meldeversäumnis am {missed} ohne wichtigen Grund; Anhörung am "
        f"{followup.hearing_on:%d.%m.%Y}, Verfügung am {followup.order_on:%d.%m.%Y} "
        f"(Regelwerk {rule_set}).", "Bitte die Minderung nach § 32 SGB II umsetzen.",
        caseworker, min(now, appointment + timedelta(days=16)), followup.id,
    )  # fmt: skip
