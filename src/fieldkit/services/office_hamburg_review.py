"""The Hamburg concept's six-monthly review and the talk figures for the exports (issue 17).

"Every customer's need for counselling is checked every six months": each customer with a
situation is due six months after the last recorded review, or - never reviewed - six months
after the customer was first recorded. The review list shows them per caseworker by due date.
The team lead's talk figures (talks per full-time post and week against 20, the share in
presence against 80 %) become a table for the XLSX and PDF exports.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.domain import hamburg, permissions
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import to_berlin
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.services.office_followup_law import add_months
from fieldkit.services.office_hamburg import (
    PRESENCE_TARGET_PERCENT,
    TALKS_PER_POST_WEEK,
    TalkFigures,
    _enabled,
    customer_numbered,
    team_summary,
)
from fieldkit.store.db import Database
from fieldkit.store.models import Caseworker, Customer
from fieldkit.store.models_office import CounsellingReview

REVIEW_MONTHS = 6
NOTE_MAX = 2000


@dataclass(frozen=True)
class ReviewDue:
    """A customer's next six-monthly review."""

    caseworker: str
    customer_name: str
    kundennummer: str
    situation: str  # the concept's German name
    last_review: date | None
    due: date
    overdue: bool


def record_review(
    db: Database,
    rules: RulesSettings,
    kundennummer: str,
    reviewed_on: date,
    who: str,
    note: str,
    today: date,
    *,
    identity: Identity,
) -> date:
    """Record that the need for counselling was checked; returns the next due date."""
    require(identity, permissions.DESK)
    _enabled(rules)
    if not who.strip():
        raise OfficeError("Bitte angeben, wer geprüft hat.", "Please say who reviewed.")
    if reviewed_on > today:
        raise OfficeError("Das Datum liegt in der Zukunft.", "The date lies in the future.")
    if len(note) > NOTE_MAX:
        raise OfficeError(
            f"Die Notiz ist zu lang (höchstens {NOTE_MAX} Zeichen).",
            f"The note is too long (at most {NOTE_MAX} characters).",
        )
    with db.session() as session:
        customer = customer_numbered(session, kundennummer)
        session.add(
            CounsellingReview(
                customer_id=customer.id, reviewed_on=reviewed_on,
                reviewed_by=who.strip()[:200], note=note.strip(),
            )
        )  # fmt: skip
    return add_months(reviewed_on, REVIEW_MONTHS)


def reviews_due(
    session: Session, identity: Identity, today: date, rules: RulesSettings, within_days: int = 31
) -> list[ReviewDue]:
    """Per caseworker (then by due date), the customers with a situation whose review is due
    by ``today`` plus ``within_days`` (overdue ones marked)."""
    require(identity, permissions.DESK)
    _enabled(rules)
    stmt = select(Customer).where(Customer.situation != "")
    customers = list(session.scalars(scope_customers(stmt, identity)))
    last: dict[uuid.UUID, date] = {}
    reviewed = (
        select(CounsellingReview.customer_id, func.max(CounsellingReview.reviewed_on))
        .where(CounsellingReview.customer_id.in_([c.id for c in customers]))
        .group_by(CounsellingReview.customer_id)
    )
    for customer_id, day in session.execute(reviewed):
        last[customer_id] = day
    names: dict[uuid.UUID, str] = {}
    for cid, name in session.execute(select(Caseworker.id, Caseworker.name)):
        names[cid] = name
    rows = []
    for customer in customers:
        seen = last.get(customer.id)
        base = seen or to_berlin(customer.created_at).date()
        due = add_months(base, REVIEW_MONTHS)
        if (due - today).days <= within_days:
            rows.append(
                ReviewDue(
                    names.get(customer.caseworker_id, "") if customer.caseworker_id else "",
                    customer.display_name, customer.kundennummer,
                    hamburg.Situation(customer.situation).label_de, seen, due, due < today,
                )
            )  # fmt: skip
    rows.sort(key=lambda r: (r.caseworker, r.due, r.customer_name))
    return rows


@dataclass(frozen=True)
class SituationRow:
    """A customer of the view and their situation ('' unknown)."""

    kundennummer: str
    customer_name: str
    caseworker: str
    situation: str  # domain.hamburg.Situation value or ""


def situations(session: Session, identity: Identity, rules: RulesSettings) -> list[SituationRow]:
    """Every customer ``identity`` may see with their situation, by caseworker and name."""
    require(identity, permissions.DESK)
    _enabled(rules)
    stmt = select(Customer, Caseworker.name).outerjoin(
        Caseworker, Caseworker.id == Customer.caseworker_id
    )
    rows = [
        SituationRow(c.kundennummer, c.display_name, caseworker or "", c.situation or "")
        for c, caseworker in session.execute(scope_customers(stmt, identity))
    ]
    rows.sort(key=lambda r: (r.caseworker, r.customer_name, r.kundennummer))
    return rows


def caseworker_names(session: Session, identity: Identity) -> list[str]:
    """The caseworkers whose posts and talks ``identity`` records: a team lead the team's, a
    caseworker themself, the unrestricted view everyone."""
    stmt = select(Caseworker.name).order_by(Caseworker.name)
    if identity.role and identity.team_lead and identity.team:
        stmt = stmt.where(Caseworker.team == identity.team)
    elif identity.role:
        stmt = stmt.where(Caseworker.name == identity.caseworker)
    return list(session.scalars(stmt))


TALK_HEADER_DE = (
    "HB",
    "Stellenanteil",
    "Wochen",
    "Gespräche",
    f"je Vollzeitstelle und Woche (Ziel {TALKS_PER_POST_WEEK})",
    "in Präsenz",
    f"Anteil Präsenz (Ziel {PRESENCE_TARGET_PERCENT} %)",
)


def talk_table_de(figures: list[TalkFigures]) -> list[tuple[str | int | float, ...]]:
    """The talk figures as rows for the exports (German header first, a team line last);
    a share of presence without talks is '–'."""
    if not figures:
        return []
    rows: list[tuple[str | int | float, ...]] = [TALK_HEADER_DE]
    for f in figures:
        share = f"{f.presence_percent} %" if f.presence_percent is not None else "–"
        rows.append(
            (f.caseworker, f.fte, f.weeks, f.talks, round(f.per_post_and_week, 1),
             f.in_presence, share)
        )  # fmt: skip
    per_post, presence = team_summary(figures)
    rows.append(
        ("gesamt", round(sum(f.fte for f in figures), 2), figures[0].weeks,
         sum(f.talks for f in figures), round(per_post, 1),
         sum(f.in_presence for f in figures), f"{presence} %" if presence is not None else "–")
    )  # fmt: skip
    return rows


__all__ = [
    "REVIEW_MONTHS",
    "TALK_HEADER_DE",
    "ReviewDue",
    "SituationRow",
    "caseworker_names",
    "record_review",
    "reviews_due",
    "situations",
    "talk_table_de",
]
