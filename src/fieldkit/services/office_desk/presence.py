"""Who is there: absences and the deputy rule decide who holds a talk for a caseworker's
customer on a day."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from fieldkit.services.office import OfficeError
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import Absence, DeputyRule


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
