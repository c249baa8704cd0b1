"""ISO weeks and the visit week of a flag (Heilbronn concept: flag until Thursday, end of
office hours, for the following week; an office may close on another weekday and hour, its
setup's ``flag_cutoff``, carried in ``RulesSettings.flag_deadline_weekday`` and
``office_hours_end``)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.settings import RulesSettings

log = logging.getLogger(__name__)

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_DEFAULT_OFFICE_END = time(16, 0)


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last week."""
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week, written ``2026-W49`` (German: KW 49/2026)."""

    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9998 or not 1 <= self.week <= weeks_in_year(self.year):
            raise ValueError(f"no ISO week {self.year}-W{self.week:02d}")

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read ``2026-W49`` (also ``2026W49``, any case); ValueError otherwise."""
        match = _WEEK_RE.match(text)
        if not match:
            raise ValueError(f"not an ISO week: {text!r} (expected e.g. 2026-W49)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The ISO week containing ``day`` (a datetime counts by its own date)."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def monday(self) -> date:
        """First day of the week."""
        return date.fromisocalendar(self.year, self.week, 1)

    def day(self, iso_weekday: int) -> date:
        """The day of this week; 1 = Monday … 7 = Sunday."""
        return date.fromisocalendar(self.year, self.week, iso_weekday)

    def days(self) -> tuple[date, ...]:
        """Monday to Sunday."""
        start = self.monday()
        return tuple(start + timedelta(days=i) for i in range(7))

    def next(self, n: int = 1) -> IsoWeek:
        """The week ``n`` weeks later (earlier if ``n`` < 0)."""
        return IsoWeek.of(self.monday() + timedelta(weeks=n))

    def previous(self) -> IsoWeek:
        """The week before."""
        return self.next(-1)

    def label_de(self) -> str:
        """German label as in the office: ``KW 49/2026``."""
        return f"KW {self.week}/{self.year}"


def parse_clock(text: str, fallback: str) -> time:
    """A ``HH:MM`` setting as a time of day; a broken one falls back to ``fallback``."""
    value = text.strip().replace(".", ":")
    try:
        hour, _, minute = value.partition(":")
        return time(int(hour), int(minute or 0))
    except ValueError:
        log.warning("a time setting is not HH:MM, using %s", fallback)
        hour, _, minute = fallback.partition(":")
        return time(int(hour), int(minute))


def office_hours_end(rules: RulesSettings) -> time:
    """The configured end of office hours; a broken setting falls back to 16:00."""
    return parse_clock(rules.office_hours_end, f"{_DEFAULT_OFFICE_END:%H:%M}")


def _calendar(rules: RulesSettings, calendar: WorkingDayCalendar | None) -> WorkingDayCalendar:
    return calendar if calendar is not None else WorkingDayCalendar.from_settings(rules)


def deadline_weekday(rules: RulesSettings) -> int:
    """The ISO weekday flag lists close on; a broken setting falls back to Thursday (4)."""
    day = rules.flag_deadline_weekday
    if isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= 7:
        return day
    log.warning("flag_deadline_weekday setting is not 1..7, using Thursday")
    return 4


def flag_deadline_day(target_week: IsoWeek, calendar: WorkingDayCalendar, weekday: int = 4) -> date:
    """The day whose end of office hours closes flagging for ``target_week``: the ``weekday``
    (Thursday unless the office says otherwise) of the week before, or the last working day
    before it when that day is a public holiday or a closing day."""
    cutoff = target_week.previous().day(weekday)
    if calendar.is_holiday(cutoff) or calendar.is_closed_day(cutoff):
        return calendar.last_working_day_before(cutoff)
    return cutoff


def flag_deadline(
    target_week: IsoWeek, rules: RulesSettings, calendar: WorkingDayCalendar | None = None
) -> datetime:
    """The latest moment (Europe/Berlin, inclusive) to flag a customer for ``target_week``."""
    return _deadline(
        target_week,
        office_hours_end(rules),
        deadline_weekday(rules),
        _calendar(rules, calendar),
    )


@lru_cache(maxsize=4096)
def _deadline(
    target_week: IsoWeek, end: time, weekday: int, calendar: WorkingDayCalendar
) -> datetime:
    # Cached: an import asks for the same few weeks thousands of times.
    return datetime.combine(flag_deadline_day(target_week, calendar, weekday), end, tzinfo=BERLIN)


def flag_deadline_text(
    target_week: IsoWeek, rules: RulesSettings, calendar: WorkingDayCalendar | None = None
) -> str:
    """German hint for the UI, e.g. ``für KW 49 noch bis Donnerstag 16:00``."""
    cal = _calendar(rules, calendar)
    deadline = flag_deadline(target_week, rules, cal)
    text = (
        f"für KW {target_week.week} noch bis {WEEKDAYS_DE[deadline.weekday()]} "
        f"{deadline:%d.%m.}, {deadline:%H:%M} Uhr"
    )
    weekday = deadline_weekday(rules)
    cutoff = target_week.previous().day(weekday)
    if deadline.date() != cutoff:
        reason = cal.holiday_name(cutoff) or "Schließtag"
        text += f" ({WEEKDAYS_DE[weekday - 1]} ist {reason})"
    return text


def to_berlin(moment: datetime) -> datetime:
    """An aware Europe/Berlin datetime; a naive one is taken as Berlin local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=BERLIN)
    return moment.astimezone(BERLIN)


def visit_week_for(
    flagged_at: datetime, rules: RulesSettings, calendar: WorkingDayCalendar | None = None
) -> tuple[IsoWeek, bool]:
    """The week in which a customer flagged at ``flagged_at`` is visited, and whether the flag
    was late (after the cutoff, so one week later than asked).

    Up to Thursday (or the office's cutoff weekday) end of office hours (inclusive) → the
    following ISO week; later in the week → the week after that. Equivalently: the earliest
    week whose :func:`flag_deadline` is not before ``flagged_at``.
    """
    cal = _calendar(rules, calendar)
    local = to_berlin(flagged_at)
    asked = IsoWeek.of(local.date()).next()
    week = asked
    # A loop, not "+1": closing days before a holiday Thursday can pull next week's
    # deadline back into this week.
    while local > flag_deadline(week, rules, cal):
        week = week.next()
    return week, week != asked
