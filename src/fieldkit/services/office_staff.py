"""Who stands in and who is away: maintaining the team's deputy rule and the absences.

The desk (:mod:`fieldkit.services.office_desk`) reads both when it books a follow-up talk;
recording an absence and adding a deputy live there (``set_absence``, ``add_deputy``). This
module adds what a screen needs around them: the lists, removing and reordering deputies,
deleting absences. Every change is one transaction and checks who may make it: the team lead
edits the team's deputy rule and the team's absences, a caseworker only their own absences.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk import (
    absent_until,
    busy_rule,
    caseworker_named,
    deputies_of,
    deputy_rules,
    known_team,
    may_edit_absence,
    may_edit_deputies,
    renumber_rule,
    responsible_on,
)
from fieldkit.store.db import Database, EditConflict
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import Absence, DeputyRule


@dataclass(frozen=True)
class DeputyLine:
    """One line of a deputy rule as the screen lists it."""

    id: uuid.UUID
    position: int  # 1 is asked first
    deputy: str
    deputy_team: str
    absent_until: date | None  # away on the day asked about, until this day


@dataclass(frozen=True)
class AbsenceRow:
    """One recorded absence."""

    id: uuid.UUID
    caseworker: str
    team: str
    first_day: date
    last_day: date
    reason: str

    def is_past(self, today: date) -> bool:
        """Whether the absence ended before ``today``."""
        return self.last_day < today


# ------------------------------------------------------------------------ who is in a team


def teams(session: Session, identity: Identity) -> list[str]:
    """The teams whose deputy rule ``identity`` may see: their own, or (unrestricted) all."""
    require(identity, permissions.DESK)
    if identity.role:
        return [identity.team] if identity.team and not identity.is_field else []
    names = set(session.scalars(select(Caseworker.team)))
    names |= set(session.scalars(select(DeputyRule.team)))
    return sorted(n for n in names if n)


def team_members(session: Session, team: str) -> list[str]:
    """The names of the team's caseworkers, sorted."""
    return list(
        session.scalars(
            select(Caseworker.name).where(Caseworker.team == team).order_by(Caseworker.name)
        )
    )


def absence_names(session: Session, identity: Identity, team: str) -> list[str]:
    """Whose absences ``identity`` may record: a caseworker themself, a team lead (or the
    unrestricted view) everyone in ``team``."""
    require(identity, permissions.DESK)
    if identity.role and not identity.team_lead:
        return [identity.caseworker] if identity.is_office and identity.caseworker else []
    return team_members(session, team)


# ------------------------------------------------------------------------ the deputy rule


def deputy_lines(
    session: Session, team: str, day: date, for_caseworker: str = ""
) -> list[DeputyLine]:
    """The team's deputy rule (or one caseworker's own) in the order it is asked, with who is
    away on ``day``."""
    owner = caseworker_named(session, for_caseworker).id if for_caseworker.strip() else None
    return [
        DeputyLine(
            rule.id,
            position,
            rule.deputy.name,
            rule.deputy.team,
            absent_until(session, rule.deputy_id, day),
        )
        for position, rule in enumerate(deputy_rules(session, team, owner), start=1)
    ]


def rule_owners(session: Session, team: str) -> list[str]:
    """The caseworkers of ``team`` who have a deputy rule of their own, sorted."""
    owners = (
        select(Caseworker.name)
        .join(DeputyRule, DeputyRule.caseworker_id == Caseworker.id)
        .where(DeputyRule.team == team.strip())
        .distinct()
        .order_by(Caseworker.name)
    )
    return list(session.scalars(owners))


def deputy_line_of(session: Session, team: str, deputy: str, for_caseworker: str = "") -> uuid.UUID:
    """The id of ``deputy``'s line in the team's deputy rule (or ``for_caseworker``'s own),
    for a caller that knows names rather than lines (the command line)."""
    team = known_team(session, team)
    dep = caseworker_named(session, deputy)
    owner = caseworker_named(session, for_caseworker).id if for_caseworker.strip() else None
    line = next((r for r in deputy_rules(session, team, owner) if r.deputy_id == dep.id), None)
    if line is None:
        raise OfficeError(
            f"{dep.name} steht nicht in dieser Vertretungsregelung.",
            f"{dep.name} is not in this deputy rule.",
        )
    return line.id


def effective_order(session: Session, caseworker: str) -> list[str]:
    """Who stands in for ``caseworker``, in the order the desk asks (their own rule first,
    then the team's)."""
    cw = session.scalars(select(Caseworker).where(Caseworker.name == caseworker.strip())).first()
    return [d.name for d in deputies_of(session, cw)] if cw is not None else []


def remove_deputy(db: Database, rule_id: uuid.UUID, *, identity: Identity) -> None:
    """Take a line out of the deputy rule; the others keep their order."""
    require(identity, permissions.STAFF)
    try:
        with db.session() as session:
            rule = _rule(session, rule_id, identity)
            lines = [r for r in deputy_rules(session, rule.team, rule.caseworker_id) if r != rule]
            session.delete(rule)
            session.flush()
            renumber_rule(session, lines)
    except (EditConflict, IntegrityError) as exc:
        raise busy_rule() from exc


def move_deputy(db: Database, rule_id: uuid.UUID, step: int, *, identity: Identity) -> int:
    """Move a line up (``step`` -1) or down (+1) in its deputy rule; returns its new
    position (1 is asked first). At either end the line stays where it is."""
    require(identity, permissions.STAFF)
    try:
        with db.session() as session:
            rule = _rule(session, rule_id, identity)
            lines = deputy_rules(session, rule.team, rule.caseworker_id)
            here = lines.index(rule)
            there = min(max(here + step, 0), len(lines) - 1)
            lines.insert(there, lines.pop(here))
            renumber_rule(session, lines)
            return there + 1
    except (EditConflict, IntegrityError) as exc:
        # Another team lead changed this rule at the same moment: theirs stands.
        raise busy_rule() from exc


def _rule(session: Session, rule_id: uuid.UUID, identity: Identity) -> DeputyRule:
    rule = session.get(DeputyRule, rule_id)
    if rule is None:
        raise OfficeError(
            "Diese Zeile der Vertretungsregelung gibt es nicht mehr.",
            "The deputy rule line no longer exists.",
        )
    if not may_edit_deputies(identity, rule.team):
        raise OfficeError(
            "Die Vertretungsregelung des Teams kann nur die Teamleitung ändern.",
            "Only the team lead may change the team's deputy rule.",
        )
    return rule


# ------------------------------------------------------------------------ absences


def list_absences(
    session: Session, identity: Identity, team: str, today: date, only_current: bool = True
) -> list[AbsenceRow]:
    """The absences ``identity`` may see, by first day: a caseworker their own, a team lead
    (and the unrestricted view) the team's. ``only_current`` leaves out those that ended
    before ``today``."""
    require(identity, permissions.DESK)
    stmt = select(Absence, Caseworker).join(Caseworker, Absence.caseworker_id == Caseworker.id)
    if identity.role and not identity.is_office:
        return []
    if identity.role and not identity.team_lead:
        stmt = stmt.where(Caseworker.name == identity.caseworker)
    elif team or identity.role:
        stmt = stmt.where(Caseworker.team == (identity.team if identity.role else team))
    if only_current:
        stmt = stmt.where(Absence.last_day >= today)
    stmt = stmt.order_by(Absence.first_day, Caseworker.name, Absence.last_day)
    return [
        AbsenceRow(a.id, cw.name, cw.team, a.first_day, a.last_day, a.reason)
        for a, cw in session.execute(stmt)
    ]


def absence_on(session: Session, caseworker: str, day: date) -> uuid.UUID:
    """The id of ``caseworker``'s absence that covers ``day`` (a caseworker's absences never
    overlap, so there is at most one)."""
    if not caseworker.strip():
        raise OfficeError("Bitte die abwesende Kraft angeben.", "The caseworker is missing.")
    cw = caseworker_named(session, caseworker)
    found = session.scalar(
        select(Absence.id).where(
            Absence.caseworker_id == cw.id, Absence.first_day <= day, Absence.last_day >= day
        )
    )
    if found is None:
        raise OfficeError(
            f"{cw.name} ist am {day:%d.%m.%Y} nicht als abwesend eingetragen.",
            f"{cw.name} is not recorded absent on {day.isoformat()}.",
        )
    return found


def delete_absence(db: Database, absence_id: uuid.UUID, *, identity: Identity) -> None:
    """Delete a recorded absence (a mistake, or a holiday not taken)."""
    require(identity, permissions.DESK)
    with db.session() as session:
        absence = session.get(Absence, absence_id)
        if absence is None:
            raise OfficeError(
                "Diese Abwesenheit gibt es nicht mehr.", "The absence no longer exists."
            )
        cw = session.get(Caseworker, absence.caseworker_id)
        if cw is not None and not may_edit_absence(identity, cw):
            raise OfficeError(
                f"Sie dürfen die Abwesenheiten von {cw.name} nicht ändern; das darf nur die "
                "Teamleitung.",
                f"You may not change the absences of {cw.name}.",
            )
        session.delete(absence)


def stand_in(session: Session, caseworker: str, day: date) -> tuple[str, bool]:
    """Who takes ``caseworker``'s follow-up talks on ``day``: (name, True) for a deputy,
    ("", False) when nobody of the deputy rule is there."""
    cw = session.scalars(select(Caseworker).where(Caseworker.name == caseworker.strip())).first()
    if cw is None:
        return "", False
    try:
        who, deputy = responsible_on(session, cw, day)
    except OfficeError:
        return "", False
    return who.name, deputy


__all__ = [
    "AbsenceRow",
    "DeputyLine",
    "absence_names",
    "absence_on",
    "delete_absence",
    "deputy_line_of",
    "deputy_lines",
    "effective_order",
    "list_absences",
    "move_deputy",
    "remove_deputy",
    "rule_owners",
    "stand_in",
    "team_members",
    "teams",
]
