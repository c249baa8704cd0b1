"""The back office's saves: the flag form (it changes the week's rows) and the desk."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_desk as desk
from fieldkit.services import office_flagging, scope
from fieldkit.services.office_flagging import FlagForm, SavedFlag


def save_flag(ctx: AppContext, form: FlagForm, rules: RulesSettings) -> OpResult[SavedFlag]:
    """Flag one customer from the office's form. Changes: that flag and its week (nothing
    when the list had a newer flag for the week or the flag was already so)."""
    done = office_flagging.save(ctx.db, form, ctx.clock(), rules, identity=ctx.identity)
    if done.outcome not in ("created", "updated"):
        return OpResult(done, NOTHING)
    week = str(done.week)
    flag_id = scope.flag_of(ctx.db, form.kundennummer.strip(), week)
    flags = frozenset({flag_id}) if flag_id is not None else frozenset()
    return OpResult(done, Changes(weeks=frozenset({week}), flags=flags))


# -- the Meldeversäumnis desk at the reception ------------------------------------------------
# Each decision is one transaction in the desk's service (it checks the role); what it writes
# are the back office's own records (appointments, talks, bookings, outbox, tasks): ``office``.

OFFICE = Changes(office=True)


def add_appointment(
    ctx: AppContext, starts_at: datetime, kundennummer: str, name: str, booked_by: str, kind: str
) -> OpResult[uuid.UUID]:
    """Enter a reception appointment by hand."""
    new = desk.add_appointment(
        ctx.db, starts_at, kundennummer, name, booked_by, "", kind, identity=ctx.identity
    )
    return OpResult(new, OFFICE)


def import_calendar(ctx: AppContext, path: Path) -> OpResult[int]:
    """Import the reception calendar's CSV export. Changes: ``office`` when it added any."""
    added = desk.import_calendar(ctx.db, path, identity=ctx.identity)
    return OpResult(added, OFFICE if added else NOTHING)


def record_talk(
    ctx: AppContext,
    appointment_id: uuid.UUID,
    worker: str,
    reasons: str,
    motivation: str,
    agreements: str,
) -> OpResult[uuid.UUID]:
    """Record the desk talk of an appointment."""
    talk = desk.record_talk(
        ctx.db, appointment_id, worker, reasons, motivation, agreements, ctx.clock(),
        identity=ctx.identity,
    )  # fmt: skip
    return OpResult(talk, OFFICE)


def book_followup(
    ctx: AppContext,
    appointment_id: uuid.UUID,
    booked_by: str,
    rules: RulesSettings,
    starts_at: datetime,
) -> OpResult[desk.Booking]:
    """Book the follow-up appointment with the HB (or the deputy) at ``starts_at``."""
    booking = desk.book_followup(
        ctx.db, appointment_id, booked_by, ctx.clock(), rules, starts_at, identity=ctx.identity
    )
    return OpResult(booking, OFFICE)


def book_callback(ctx: AppContext, appointment_id: uuid.UUID, who: str) -> OpResult[desk.Booking]:
    """No outreach worker free: a same-day callback by the team."""
    booking = desk.book_callback(ctx.db, appointment_id, who, ctx.clock(), identity=ctx.identity)
    return OpResult(booking, OFFICE)


def send_lift_note(ctx: AppContext, appointment_id: uuid.UUID, who: str) -> OpResult[str]:
    """The note to lift the suspension into the outbox, a task for the HB."""
    note = desk.send_lift_note(ctx.db, appointment_id, who, ctx.clock(), identity=ctx.identity)
    return OpResult(note, OFFICE)


def mark_hb_unreachable(ctx: AppContext, appointment_id: uuid.UUID, who: str) -> OpResult[None]:
    """The HB was not reached: the deputy rule applies."""
    desk.mark_hb_unreachable(ctx.db, appointment_id, who, ctx.clock(), identity=ctx.identity)
    return OpResult(None, OFFICE)


def reclassify(ctx: AppContext, appointment_id: uuid.UUID, who: str) -> OpResult[None]:
    """The talk shows a Meldeversäumnis: the appointment becomes one."""
    desk.reclassify(ctx.db, appointment_id, who, ctx.clock(), identity=ctx.identity)
    return OpResult(None, OFFICE)
