"""The team's deputy rule as data: who may change it, adding a line, its order."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import caseworker_named, known_team
from fieldkit.store.db import Database, EditConflict, WriteFailed
from fieldkit.store.models_office import DeputyRule

#: The longest team name a deputy rule keeps (the column's width).
TEAM_MAX = 20


def may_edit_deputies(identity: Identity, team: str) -> bool:
    """Whether ``identity`` may change ``team``'s deputy rule: the team lead of that team (and
    the unrestricted view of the CLI and tests); a caseworker only reads it."""
    if not identity.role:
        return True
    return identity.is_office and identity.team_lead and identity.team == team


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
