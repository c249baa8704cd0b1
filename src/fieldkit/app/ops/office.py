"""The back office's saves: the flag form (it changes the week's rows) and the desk."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_callback as callback
from fieldkit.services import office_desk as desk
from fieldkit.services import office_flagging, scope
from fieldkit.services import office_followup as followup
from fieldkit.services import office_followup_law as law
from fieldkit.services import office_inbox as inbox
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


@dataclass(frozen=True)
class FollowUpStep:
    """One step of the legal follow-up as the form gives it (``good_reason`` only for the
    step that asks whether there was a good reason)."""

    flag_id: uuid.UUID
    step: str
    day: date
    who: str
    note: str = ""
    good_reason: bool | None = None


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


def record_callback_talk(
    ctx: AppContext, callback_id: uuid.UUID, worker: str, texts: tuple[str, str, str]
) -> OpResult[uuid.UUID]:
    """Store the team's callback talk (discussed, outcome, next step)."""
    talk = callback.record_callback_talk(
        ctx.db, callback_id, worker, texts, ctx.clock(), identity=ctx.identity
    )
    return OpResult(talk, OFFICE)


def book_hb_appointment(
    ctx: AppContext,
    callback_id: uuid.UUID,
    booked_by: str,
    rules: RulesSettings,
    starts_at: datetime,
) -> OpResult[desk.Booking]:
    """During the callback: the appointment with the HB (or the deputy) at ``starts_at``."""
    booking = callback.book_hb_appointment(
        ctx.db, callback_id, booked_by, ctx.clock(), rules, starts_at, identity=ctx.identity
    )
    return OpResult(booking, OFFICE)


# -- the follow-up of handed-over appointments and the results inbox --------------------------
# They write the office's follow-up, steps and inbox marks, never the flag itself: ``office``.


def record_attendance(ctx: AppContext, flag_id: uuid.UUID, came: bool, who: str) -> OpResult[str]:
    """Did the customer come? The proposal ("suspension" or "")."""
    proposal = followup.record_attendance(ctx.db, ctx.identity, flag_id, came, who, ctx.clock())
    return OpResult(proposal, OFFICE)


def decide_suspension(
    ctx: AppContext, flag_id: uuid.UUID, decision: str, note: str, who: str
) -> OpResult[None]:
    """The caseworker's decision on the proposed provisional suspension."""
    followup.decide(ctx.db, ctx.identity, flag_id, decision, note, who, ctx.clock())
    return OpResult(None, OFFICE)


def record_followup_step(ctx: AppContext, step: FollowUpStep) -> OpResult[None]:
    """One step of the legal follow-up on its day (refused when out of order …)."""
    law.record_step(
        ctx.db, ctx.identity, step.flag_id, step.step, step.day, step.who, ctx.clock(),
        step.note, step.good_reason,
    )  # fmt: skip
    return OpResult(None, OFFICE)


def mark_inbox_done(ctx: AppContext, kind: str, ref_id: uuid.UUID, who: str) -> OpResult[None]:
    """Mark one inbox item done (transferred, forwarded, talked)."""
    inbox.mark_done(ctx.db, ctx.identity, kind, ref_id, who, ctx.clock())
    return OpResult(None, OFFICE)


def reopen_inbox_item(ctx: AppContext, kind: str, ref_id: uuid.UUID) -> OpResult[None]:
    """Open a wrongly marked inbox item again."""
    inbox.reopen(ctx.db, ctx.identity, kind, ref_id)
    return OpResult(None, OFFICE)
