"""The Meldeversäumnis desk at the reception (Eingangszone).

The outreach worker on duty sees the reception calendar's "Meldeversäumnis" appointments,
records the talk (reasons given, motivation, agreements), books the one-hour follow-up
appointment with the customer's caseworker - or, when the caseworker is absent, with the
team's deputy per the deputy rule - and sends the note to lift the provisional suspension of
payments to the benefits department with a task for the caseworker. When no outreach worker
is free, the reception books a same-day callback by the team instead.

The desk is a package split along its seams; every name importable from the former
module (the private helpers that the team's callback uses included) is re-exported here.
"""

from __future__ import annotations

from fieldkit.services.office_desk.absences import REASON_MAX, may_edit_absence, set_absence
from fieldkit.services.office_desk.absences import _not_allowed_absence as _not_allowed_absence
from fieldkit.services.office_desk.booking import (
    book_callback,
    book_followup,
    booking_for,
    free_earlier_booking,
    mark_hb_unreachable,
)
from fieldkit.services.office_desk.day import _callback_summary as _callback_summary
from fieldkit.services.office_desk.day import _lift_sent as _lift_sent
from fieldkit.services.office_desk.day import _talk_summary as _talk_summary
from fieldkit.services.office_desk.day import list_day
from fieldkit.services.office_desk.deputies import _RETRIES as _RETRIES
from fieldkit.services.office_desk.deputies import (
    TEAM_MAX,
    add_deputy,
    busy_rule,
    deputy_rules,
    may_edit_deputies,
    renumber_rule,
)
from fieldkit.services.office_desk.deputies import _add_deputy_once as _add_deputy_once
from fieldkit.services.office_desk.lift import _task_recipient as _task_recipient
from fieldkit.services.office_desk.lift import send_lift_note
from fieldkit.services.office_desk.lookup import _appointment as _appointment
from fieldkit.services.office_desk.lookup import _customer_hb as _customer_hb
from fieldkit.services.office_desk.lookup import _may_see as _may_see
from fieldkit.services.office_desk.lookup import caseworker_named, known_team
from fieldkit.services.office_desk.model import (
    CALLBACK,
    FOLLOWUP,
    FOLLOWUP_MINUTES,
    KIND_LABELS,
    MELDEVERSAEUMNIS,
    Booking,
    DeskRow,
)
from fieldkit.services.office_desk.model import _booking as _booking
from fieldkit.services.office_desk.presence import _rule_order as _rule_order
from fieldkit.services.office_desk.presence import (
    absent_until,
    deputies_of,
    is_absent,
    responsible_on,
)
from fieldkit.services.office_desk.reception import _HEADER as _HEADER
from fieldkit.services.office_desk.reception import _csv_rows as _csv_rows
from fieldkit.services.office_desk.reception import _new_appointment as _new_appointment
from fieldkit.services.office_desk.reception import add_appointment, import_calendar
from fieldkit.services.office_desk.slip import SlipData, slip_data
from fieldkit.services.office_desk.slots import SLOT_HOURS, free_slots, slots_for
from fieldkit.services.office_desk.slots import _busy as _busy
from fieldkit.services.office_desk.slots import _overlaps as _overlaps
from fieldkit.services.office_desk.talk import _callback_note as _callback_note
from fieldkit.services.office_desk.talk import reclassify, record_talk, talk_note
from fieldkit.store.models_office import ReceptionAppointment

__all__ = [
    "CALLBACK",
    "FOLLOWUP",
    "FOLLOWUP_MINUTES",
    "KIND_LABELS",
    "MELDEVERSAEUMNIS",
    "REASON_MAX",
    "SLOT_HOURS",
    "TEAM_MAX",
    "Booking",
    "DeskRow",
    "ReceptionAppointment",
    "SlipData",
    "absent_until",
    "add_appointment",
    "add_deputy",
    "book_callback",
    "book_followup",
    "booking_for",
    "busy_rule",
    "caseworker_named",
    "deputies_of",
    "deputy_rules",
    "free_earlier_booking",
    "free_slots",
    "import_calendar",
    "is_absent",
    "known_team",
    "list_day",
    "mark_hb_unreachable",
    "may_edit_absence",
    "may_edit_deputies",
    "reclassify",
    "record_talk",
    "renumber_rule",
    "responsible_on",
    "send_lift_note",
    "set_absence",
    "slip_data",
    "slots_for",
    "talk_note",
]
