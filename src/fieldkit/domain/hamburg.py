"""Rules of the Hamburg concept "Beratungsaktivität" as functions for later features.

Limits and amounts come from :mod:`fieldkit.domain.legal`, so a law change is data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.legal import LegalParameters, parameters_on

CENT = Decimal("0.01")


def _params(day: date, params: LegalParameters | None) -> LegalParameters:
    return params if params is not None else parameters_on(day)


def mangelnde_mitwirkung_applies(missed_written_invitations_in_a_row: int, on: date) -> bool:
    """ "Mangelnde Mitwirkung" is recorded after at least two written invitations missed in a
    row."""
    limit = parameters_on(on).integer("mangelnde_mitwirkung_missed_invitations")
    return missed_written_invitations_in_a_row >= limit


def mangelnde_mitwirkung_end(
    start: date,
    calendar: WorkingDayCalendar,
    requested_end: date | None = None,
    params: LegalParameters | None = None,
) -> date:
    """End date of a "Mangelnde Mitwirkung" entered on ``start``: always time-limited, at most
    30 working days ahead. A ``requested_end`` within the limit is kept, a later one cut back;
    within this period a new appointment must be offered."""
    limit = _params(start, params).integer("mangelnde_mitwirkung_max_working_days")
    latest = calendar.add_working_days(start, limit)
    if requested_end is not None and start < requested_end <= latest:
        return requested_end
    return latest


def u25_next_appointment_due(
    reduction_date: date, calendar: WorkingDayCalendar, params: LegalParameters | None = None
) -> date:
    """Latest date of the next appointment for a U25 customer after a reduction under § 31
    SGB II: within 20 working days of the reduction."""
    days = _params(reduction_date, params).integer("u25_next_appointment_working_days")
    return calendar.add_working_days(reduction_date, days)


def meldeversaeumnis_reduction(on_date: date, params: LegalParameters | None = None) -> Decimal:
    """Monthly reduction for a Meldeversäumnis (§ 32 SGB II): 10 % of the standard rate in
    force on ``on_date``, e.g. 56.30 € of 563 € in 2026.

    Rounded to whole cents, half up: § 41 Abs. 2 SGB II says calculations are done to two
    decimal places, raising the last one when the next digit is 5 to 9.
    """
    p = _params(on_date, params)
    amount = p.decimal("standard_rate_eur") * p.decimal("meldeversaeumnis_percent") / 100
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def meldeversaeumnis_months(on_date: date, params: LegalParameters | None = None) -> int:
    """How many months the reduction lasts (one since 2023; it cannot be shortened)."""
    return _params(on_date, params).integer("meldeversaeumnis_months")


class Situation(Enum):
    """Customer situations of the Hamburg contact-frequency table."""

    UE25_ACTIVATABLE = "ue25_activatable"
    U25_UNEMPLOYED = "u25_unemployed"  # "alo"
    U25_JOB_SEEKING = "u25_job_seeking"  # "asu"
    P10_PARENTS = "p10_parents"  # § 10 SGB II: raising children
    P10_TRAINING = "p10_training"  # § 10 SGB II: in vocational training
    P10_OTHER = "p10_other"  # § 10 SGB II: other reasons
    INTEGRATED = "integrated"  # in work

    @property
    def label_de(self) -> str:
        """German name as in the concept."""
        return _SITUATION_DE[self]


_SITUATION_DE = {
    Situation.UE25_ACTIVATABLE: "Aktivierbare Ü25",
    Situation.U25_UNEMPLOYED: "Aktivierbare U25 „alo“",
    Situation.U25_JOB_SEEKING: "Aktivierbare U25 „asu“",
    Situation.P10_PARENTS: "§ 10 Erziehende",
    Situation.P10_TRAINING: "§ 10 in Ausbildung",
    Situation.P10_OTHER: "§ 10 andere Gründe",
    Situation.INTEGRATED: "Integrierte",
}


@dataclass(frozen=True)
class ContactRule:
    """Minimum contacts for a situation, with the concept's wording."""

    situation: Situation
    per_year: int
    text_de: str


def minimum_contacts_per_year(situation: Situation, on: date | None = None) -> int:
    """Minimum counselling contacts per year (§ 10 in training: at least one in the first half
    of the first training year and one in the final year, so 1 in those years)."""
    return contact_rule(situation, on).per_year


def contact_rule(
    situation: Situation, on: date | None = None, params: LegalParameters | None = None
) -> ContactRule:
    """The contact-frequency rule of a situation, with a German sentence for the UI."""
    p = params or parameters_on(on or date(2026, 1, 1))
    n = p.integer(f"contacts_per_year.{situation.value}")
    if situation is Situation.P10_TRAINING:
        text = f"mind. {n}× im ersten halben Lehrjahr und mind. {n}× im Abschlussjahr"
    else:
        text = f"mind. {n}× jährlich"
    return ContactRule(situation, n, text)


class Channel(Enum):
    """How an appointment takes place."""

    IN_PERSON = "in_person"  # im Jobcenter, Walk and Talk, besuchende Beratung
    PHONE = "phone"
    VIDEO = "video"


def rfb_allowed(channel: Channel) -> bool:
    """Phone or video appointments never carry an RFB."""
    return channel is Channel.IN_PERSON


def counts_as_presence(channel: Channel) -> bool:
    """Hamburg counts video as "Präsenz" (both present at once), phone not."""
    return channel in (Channel.IN_PERSON, Channel.VIDEO)


def need_review_due(last_review: date, params: LegalParameters | None = None) -> date:
    """Every customer's need for counselling is checked every six months (§ 15 (3) SGB II);
    the day of the month is kept, clamped to the month's last day."""
    months = _params(last_review, params).integer("need_review_months")
    month_index = last_review.month - 1 + months
    year, month = last_review.year + month_index // 12, month_index % 12 + 1
    for day in range(last_review.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(last_review.day, 28))
