"""The team's deputy rule and the absences (the back office's staff dialog, issue 19).

Each is one transaction in the service, which checks the role (the team lead for the rule).
They are the back office's own records, and the desk's bookings follow them (who stands in
for an absent caseworker): Changes ``office``. No audit row is written for them.
"""

from __future__ import annotations

import uuid
from datetime import date

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.services import office_desk as desk
from fieldkit.services import office_staff as staff

OFFICE = Changes(office=True)


def add_deputy(
    ctx: AppContext, team: str, deputy: str, for_caseworker: str = "", *, rank: int | None = None
) -> OpResult[uuid.UUID]:
    """Add ``deputy`` to the team's (or one caseworker's) rule, at ``rank`` (``fieldkit
    office-deputies add --rank``) or at the end; the new line's id."""
    rule = desk.add_deputy(
        ctx.db, team, deputy, rank, for_caseworker=for_caseworker, identity=ctx.identity
    )
    return OpResult(rule, OFFICE)


def move_deputy(ctx: AppContext, rule_id: uuid.UUID, step: int) -> OpResult[int]:
    """Move a line of the rule up (-1) or down (+1); its new position."""
    return OpResult(staff.move_deputy(ctx.db, rule_id, step, identity=ctx.identity), OFFICE)


def remove_deputy(ctx: AppContext, rule_id: uuid.UUID) -> OpResult[None]:
    """Take a line out of the rule."""
    staff.remove_deputy(ctx.db, rule_id, identity=ctx.identity)
    return OpResult(None, OFFICE)


def set_absence(
    ctx: AppContext,
    caseworker: str,
    first_day: date,
    last_day: date,
    reason: str,
    absence_id: uuid.UUID | None = None,
) -> OpResult[uuid.UUID]:
    """Record an absence (new, or ``absence_id`` changed); its id."""
    saved = desk.set_absence(
        ctx.db, caseworker, first_day, last_day, reason,
        identity=ctx.identity, absence_id=absence_id,
    )  # fmt: skip
    return OpResult(saved, OFFICE)


def delete_absence(ctx: AppContext, absence_id: uuid.UUID) -> OpResult[None]:
    """Delete a recorded absence."""
    staff.delete_absence(ctx.db, absence_id, identity=ctx.identity)
    return OpResult(None, OFFICE)
