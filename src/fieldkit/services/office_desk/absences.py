"""Absences of caseworkers as data: who may record them, and recording one."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import caseworker_named
from fieldkit.store.db import Database
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import Absence

#: The longest reason an absence keeps (the column's width).
REASON_MAX = 100


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
    reason = " ".join(reason.split())
    _check_absence_input(caseworker, first_day, last_day, reason)
    with db.session() as session:
        cw = caseworker_named(session, caseworker)
        absence = _absence_to_change(session, identity, absence_id)
        if not may_edit_absence(identity, cw):
            raise _not_allowed_absence(cw.name)
        _refuse_overlap(session, cw, first_day, last_day, absence_id)
        if absence is None:
            absence = Absence(caseworker_id=cw.id)
            session.add(absence)
        absence.caseworker_id = cw.id
        absence.first_day = first_day
        absence.last_day = last_day
        absence.reason = reason
        session.flush()
        return absence.id


def _check_absence_input(caseworker: str, first_day: date, last_day: date, reason: str) -> None:
    """Refuse an empty name, an end before the start or a too long reason."""
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


def _absence_to_change(
    session: Session, identity: Identity, absence_id: uuid.UUID | None
) -> Absence | None:
    """The stored absence ``absence_id`` refers to (None for a new one), if it still exists
    and ``identity`` may change the caseworker it belongs to now."""
    if absence_id is None:
        return None
    absence = session.get(Absence, absence_id)
    if absence is None:
        raise OfficeError("Diese Abwesenheit gibt es nicht mehr.", "The absence no longer exists.")
    old = session.get(Caseworker, absence.caseworker_id)
    if old is not None and not may_edit_absence(identity, old):
        raise _not_allowed_absence(old.name)
    return absence


def _refuse_overlap(
    session: Session,
    cw: Caseworker,
    first_day: date,
    last_day: date,
    absence_id: uuid.UUID | None,
) -> None:
    """Refuse a period overlapping another absence of the same caseworker."""
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


def _not_allowed_absence(name: str) -> OfficeError:
    return OfficeError(
        f"Sie dürfen die Abwesenheiten von {name} nicht ändern; das darf nur die Teamleitung.",
        f"You may not change the absences of {name}.",
    )
