"""Free one-hour slots for the follow-up talk in the calendar of the caseworker or deputy."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.lookup import _appointment
from fieldkit.services.office_desk.model import FOLLOWUP_MINUTES
from fieldkit.services.office_desk.presence import responsible_on
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import CaseworkerAppointment

# Follow-up talks start on the hour within office hours (last start 15:00).
SLOT_HOURS = (8, 9, 10, 11, 13, 14, 15)


def free_slots(
    session: Session,
    caseworker: Caseworker,
    after: datetime,
    rules: RulesSettings,
    count: int = 6,
    unreachable: bool = False,
) -> list[tuple[datetime, Caseworker, bool]]:
    """The next free one-hour slots for a follow-up talk with ``caseworker`` (or, on days
    they are absent, their deputy), from the working day after ``after`` on."""
    calendar = WorkingDayCalendar.from_settings(rules)
    day = to_berlin(after).date()
    found: list[tuple[datetime, Caseworker, bool]] = []
    for _ in range(30):
        day = calendar.next_working_day(day)
        try:
            who, deputy = responsible_on(session, caseworker, day, unreachable)
        except OfficeError:
            continue
        busy = _busy(session, who.id, day)
        for hour in SLOT_HOURS:
            start = datetime.combine(day, time(hour), tzinfo=BERLIN)
            if not any(_overlaps(start, b) for b in busy):
                found.append((start, who, deputy))
                if len(found) >= count:
                    return found
    return found


def slots_for(
    session: Session,
    appointment_id: uuid.UUID,
    now: datetime,
    rules: RulesSettings,
    *,
    identity: Identity,
) -> list[tuple[datetime, Caseworker, bool]]:
    """Free follow-up slots for the customer of a reception appointment ([] if the customer
    or their caseworker is unknown); only for an appointment ``identity`` may work on."""
    require(identity, permissions.DESK)
    appointment = _appointment(session, appointment_id, identity)
    customer = appointment.customer
    if customer is None or customer.caseworker is None:
        return []
    unreachable = appointment.hb_unreachable_at is not None
    return free_slots(session, customer.caseworker, now, rules, unreachable=unreachable)


def _busy(session: Session, caseworker_id: uuid.UUID, day: date) -> list[tuple[datetime, int]]:
    start = datetime.combine(day, time(0), tzinfo=BERLIN).astimezone(UTC)
    rows = session.scalars(
        select(CaseworkerAppointment).where(
            CaseworkerAppointment.caseworker_id == caseworker_id,
            CaseworkerAppointment.starts_at >= start,
            CaseworkerAppointment.starts_at < start + timedelta(days=1),
        )
    )
    return [(r.starts_at, r.minutes) for r in rows]


def _overlaps(start: datetime, busy: tuple[datetime, int]) -> bool:
    other, minutes = busy
    end = start + timedelta(minutes=FOLLOWUP_MINUTES)
    return start < other + timedelta(minutes=minutes) and other < end
