"""The Hamburg concept at work, for offices that enable it (setting ``rules.hamburg_rules``).

A customer's situation (the concept's groups, :class:`fieldkit.domain.hamburg.Situation`)
decides the minimum contacts per year; the *Kontakte fällig* list shows per caseworker whose
last contact (a visit that met the customer, a desk talk, a held appointment) is older than
that rhythm allows. The end of a *Mangelnde Mitwirkung* period (≤ 30 working days) is shown
beside the outreach appointment, with a warning when the appointment lies beyond it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.domain import hamburg, permissions
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.model import Outcome, RecordState
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.services.office_desk import caseworker_named
from fieldkit.store.db import Database
from fieldkit.store.models import Caseworker, Customer, Flag, Visit
from fieldkit.store.models_office import (
    CaseworkerAppointment,
    CaseworkerPost,
    CounsellingTalk,
    DeskTalk,
)


@dataclass(frozen=True)
class ContactDue:
    """A customer whose next contact is due by the situation's rhythm."""

    caseworker: str
    customer_name: str
    kundennummer: str
    situation: str  # the concept's German name
    rule: str  # 'mind. 12× jährlich'
    last_contact: date | None
    due: date


@dataclass(frozen=True)
class MitwirkungWindow:
    """The Mangelnde Mitwirkung period of a flag and whether its appointment lies within."""

    start: date
    end: date
    appointment_beyond: bool


def _enabled(rules: RulesSettings) -> None:
    if not rules.hamburg_rules:
        raise OfficeError(
            "Die Hamburger Regeln sind für dieses Jobcenter nicht eingeschaltet "
            "(Einstellung rules.hamburg_rules).",
            "The Hamburg rules are not enabled for this office (setting rules.hamburg_rules).",
        )


def set_situation(
    db: Database,
    rules: RulesSettings,
    kundennummer: str,
    situation: str,
    *,
    identity: Identity,
) -> None:
    """Record the customer's situation ('' clears it); an unknown value names the known."""
    require(identity, permissions.DESK)
    _enabled(rules)
    known = {s.value for s in hamburg.Situation}
    if situation and situation not in known:
        raise OfficeError(
            f"Unbekannte Situation „{situation[:40]}“ (bekannt: {', '.join(sorted(known))}).",
            f"Unknown situation {situation[:40]!r}.",
        )
    with db.session() as session:
        customer_numbered(session, kundennummer).situation = situation


def _last_contacts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """The newest contact per customer: met at a visit, a desk talk, a held appointment or a
    recorded counselling talk."""
    found: dict[uuid.UUID, datetime] = {}
    queries = (
        select(Visit.customer_id, func.max(Visit.visited_at))
        .where(Visit.outcome == Outcome.MET, Visit.state == RecordState.FINAL)
        .group_by(Visit.customer_id),
        select(DeskTalk.customer_id, func.max(DeskTalk.talked_at)).group_by(DeskTalk.customer_id),
        select(CaseworkerAppointment.customer_id, func.max(CaseworkerAppointment.done_at))
        .where(CaseworkerAppointment.done_at.is_not(None))
        .group_by(CaseworkerAppointment.customer_id),
    )
    for query in queries:
        for customer_id, moment in session.execute(query):
            if customer_id in ids and moment is not None:
                found[customer_id] = max(found.get(customer_id, moment), moment)
    talks = select(CounsellingTalk.customer_id, func.max(CounsellingTalk.held_on)).group_by(
        CounsellingTalk.customer_id
    )
    for customer_id, day in session.execute(talks):
        if customer_id in ids and day is not None:
            moment = datetime.combine(day, time(12), tzinfo=BERLIN)
            found[customer_id] = max(found.get(customer_id, moment), moment)
    return found


def contacts_due(
    session: Session, identity: Identity, today: date, rules: RulesSettings
) -> list[ContactDue]:
    """Per caseworker (then by due date), the customers with a situation whose next contact
    is due by ``today``; a customer never contacted is due at once."""
    require(identity, permissions.FOLLOWUP)
    _enabled(rules)
    stmt = select(Customer).where(Customer.situation != "")
    customers = list(session.scalars(scope_customers(stmt, identity)))
    last = _last_contacts(session, [c.id for c in customers])
    names: dict[uuid.UUID, str] = {}
    for cid, name in session.execute(select(Caseworker.id, Caseworker.name)):
        names[cid] = name
    rows = []
    for customer in customers:
        situation = hamburg.Situation(customer.situation)
        rule = hamburg.contact_rule(situation, today)
        seen = to_berlin(last[customer.id]).date() if customer.id in last else None
        due = seen + timedelta(days=365 // max(rule.per_year, 1)) if seen else today
        if due <= today:
            rows.append(
                ContactDue(
                    names.get(customer.caseworker_id, "") if customer.caseworker_id else "",
                    customer.display_name, customer.kundennummer, situation.label_de,
                    rule.text_de, seen, due,
                )
            )  # fmt: skip
    rows.sort(key=lambda r: (r.caseworker, r.due, r.customer_name))
    return rows


def mitwirkung_window(flag: Flag, rules: RulesSettings) -> MitwirkungWindow | None:
    """The Mangelnde Mitwirkung period that starts with the last of the written invitations
    missed in a row (None when fewer than the concept's two were missed), and whether the
    outreach appointment lies beyond its end."""
    appointment = to_berlin(flag.appointment_at).date() if flag.appointment_at else None
    invitations = [(i.date, i.attended is True) for i in flag.invitations]
    return mitwirkung_period(invitations, appointment, rules)


def mitwirkung_window_of(
    session: Session, flag_id: uuid.UUID, rules: RulesSettings
) -> MitwirkungWindow | None:
    """:func:`mitwirkung_window` of the flag ``flag_id`` (None also when there is none)."""
    flag = session.get(Flag, flag_id)
    return mitwirkung_window(flag, rules) if flag is not None else None


def mitwirkung_period(
    invitations: list[tuple[date, bool]], appointment: date | None, rules: RulesSettings
) -> MitwirkungWindow | None:
    """The same for invitations given as (date, came) - e.g. while the flagging form is
    filled in - and the outreach appointment's day."""
    _enabled(rules)
    missed = 0
    start: date | None = None
    for day, came in sorted(invitations):
        if came:
            missed, start = 0, None
        else:
            missed, start = missed + 1, day
    if start is None or not hamburg.mangelnde_mitwirkung_applies(missed, start):
        return None
    end = hamburg.mangelnde_mitwirkung_end(start, WorkingDayCalendar.from_settings(rules))
    return MitwirkungWindow(start, end, appointment is not None and appointment > end)


TALK_CHANNELS = ("in_person", "video", "phone")
#: The concept's targets: qualified talks per full-time post and week, share in presence.
TALKS_PER_POST_WEEK = 20
PRESENCE_TARGET_PERCENT = 80


@dataclass(frozen=True)
class TalkFigures:
    """One caseworker's talks in a period against the concept's targets."""

    caseworker: str
    fte: float
    weeks: int
    talks: int
    in_presence: int

    @property
    def per_post_and_week(self) -> float:
        """Talks per full-time post and week (compare with :data:`TALKS_PER_POST_WEEK`)."""
        return self.talks / (self.fte * self.weeks) if self.fte and self.weeks else 0.0

    @property
    def presence_percent(self) -> int | None:
        """Share of talks in presence (video counts, phone not); None without talks."""
        return round(100 * self.in_presence / self.talks) if self.talks else None


def set_post(
    db: Database,
    rules: RulesSettings,
    caseworker: str,
    fte: float,
    *,
    identity: Identity,
) -> None:
    """Record the share of a full-time post (0 < fte ≤ 1) a caseworker holds."""
    require(identity, permissions.STAFF)
    _enabled(rules)
    if not 0 < fte <= 1:
        raise OfficeError(
            "Der Stellenanteil muss größer als 0 und höchstens 1 sein.",
            "The share of a post must be above 0 and at most 1.",
        )
    with db.session() as session:
        cw = caseworker_named(session, caseworker)
        post = session.scalars(
            select(CaseworkerPost).where(CaseworkerPost.caseworker_id == cw.id)
        ).first()
        if post is None:
            post = CaseworkerPost(caseworker_id=cw.id)
            session.add(post)
        post.fte = fte


def customer_numbered(session: Session, kundennummer: str) -> Customer:
    """The customer with this Kundennummer; an OfficeError when there is none."""
    number = kundennummer.strip()
    customer = session.scalars(select(Customer).where(Customer.kundennummer == number)).first()
    if customer is None:
        raise OfficeError(
            f"Kundennummer {number[:20]} ist nicht bekannt.", "Unknown customer number."
        )
    return customer


def record_talk(
    db: Database,
    rules: RulesSettings,
    caseworker: str,
    kundennummer: str,
    held_on: date,
    channel: str,
    today: date,
    *,
    identity: Identity,
) -> None:
    """Record a qualified counselling talk held on ``held_on`` in person, by video or phone."""
    require(identity, permissions.DESK)
    _enabled(rules)
    if channel not in TALK_CHANNELS:
        raise OfficeError("Bitte persönlich, Video oder Telefon wählen.", "Unknown channel.")
    if held_on > today:
        raise OfficeError("Das Datum liegt in der Zukunft.", "The date lies in the future.")
    with db.session() as session:
        cw = caseworker_named(session, caseworker)
        customer = session.scalars(
            select(Customer).where(Customer.kundennummer == kundennummer.strip())
        ).first()
        session.add(
            CounsellingTalk(
                caseworker_id=cw.id, customer_id=customer.id if customer else None,
                held_on=held_on, channel=channel,
            )
        )  # fmt: skip


def talk_figures(
    session: Session, identity: Identity, first: date, last: date, rules: RulesSettings
) -> list[TalkFigures]:
    """Per caseworker of ``identity``'s view (a team lead: the team), talks from ``first`` to
    ``last`` (whole weeks counted) against 20 per full-time post and week and 80 % presence."""
    require(identity, permissions.REPORTS)
    _enabled(rules)
    weeks = max(1, ((last - first).days + 1 + 6) // 7)
    stmt = select(Caseworker).order_by(Caseworker.name)
    if identity.role and identity.team_lead and identity.team:
        stmt = stmt.where(Caseworker.team == identity.team)
    elif identity.role:
        stmt = stmt.where(Caseworker.name == identity.caseworker)
    posts = {p.caseworker_id: p.fte for p in session.scalars(select(CaseworkerPost))}
    result = []
    for cw in session.scalars(stmt):
        channels = list(
            session.scalars(
                select(CounsellingTalk.channel).where(
                    CounsellingTalk.caseworker_id == cw.id,
                    CounsellingTalk.held_on >= first,
                    CounsellingTalk.held_on <= last,
                )
            )
        )
        present = sum(hamburg.counts_as_presence(hamburg.Channel(c)) for c in channels)
        result.append(TalkFigures(cw.name, posts.get(cw.id, 1.0), weeks, len(channels), present))
    return result


__all__ = [
    "PRESENCE_TARGET_PERCENT",
    "TALKS_PER_POST_WEEK",
    "ContactDue",
    "MitwirkungWindow",
    "TalkFigures",
    "contacts_due",
    "mitwirkung_period",
    "mitwirkung_window",
    "record_talk",
    "set_post",
    "set_situation",
    "talk_figures",
    "team_summary",
]


def team_summary(figures: list[TalkFigures]) -> tuple[float, int | None]:
    """(talks per full-time post and week, presence share in percent) over all rows."""
    posts = sum(f.fte * f.weeks for f in figures)
    talks = sum(f.talks for f in figures)
    present = sum(f.in_presence for f in figures)
    return (talks / posts if posts else 0.0), (round(100 * present / talks) if talks else None)
