"""Working-day calendar (Arbeitstage) per federal state, from the ``holidays`` package.

A working day is Monday to Friday, not a public holiday of the configured federal state and
not one of the office's extra closing days. Every deadline in the app counts in these days.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from fieldkit.domain.settings import RulesSettings

log = logging.getLogger(__name__)

FEDERAL_STATES: tuple[str, ...] = (
    "BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH",
)  # fmt: skip


class WorkingDayCalendar:
    """Public holidays and working days of one federal state (default Baden-Württemberg)."""

    def __init__(self, federal_state: str = "BW", extra_closed_days: Iterable[str] = ()) -> None:
        state = federal_state.strip().upper()
        if state not in FEDERAL_STATES:
            raise ValueError(
                f"Unknown federal state {federal_state!r}; use one of {', '.join(FEDERAL_STATES)}."
            )
        self.federal_state = state
        self._yearly: set[tuple[int, int]] = set()
        self._once: set[date] = set()
        for text in extra_closed_days:
            self._add_closed_day(text)
        self._holidays = holidays.country_holidays("DE", subdiv=state, language="de")
        self._working: dict[date, bool] = {}

    def _add_closed_day(self, text: str) -> None:
        parts = text.strip().split("-")
        try:
            if len(parts) == 2:
                month, day = int(parts[0]), int(parts[1])
                date(2024, month, day)  # validates, 2024 admits 02-29
                self._yearly.add((month, day))
            else:
                self._once.add(date.fromisoformat(text.strip()))
        except ValueError:
            log.warning("ignoring an extra closed day that is not MM-DD or YYYY-MM-DD")

    @classmethod
    def from_settings(cls, rules: RulesSettings) -> WorkingDayCalendar:
        """The calendar the settings describe (cached: building one loads holiday tables)."""
        return _cached_calendar(rules.federal_state, tuple(rules.extra_closed_days))

    def holiday_name(self, day: date) -> str | None:
        """German name of the public holiday on ``day`` (None on ordinary days)."""
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_holiday(self, day: date) -> bool:
        """True on a public holiday of the state."""
        return day in self._holidays

    def is_closed_day(self, day: date) -> bool:
        """True on an extra closing day of the office (from the settings)."""
        return day in self._once or (day.month, day.day) in self._yearly

    def is_working_day(self, day: date) -> bool:
        """Monday–Friday and neither a public holiday nor an extra closing day."""
        cached = self._working.get(day)
        if cached is None:
            cached = day.weekday() < 5 and not self.is_holiday(day) and not self.is_closed_day(day)
            self._working[day] = cached
        return cached

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def last_working_day_before(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_day_on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it if ``n`` < 0); ``day`` itself
        is not counted, so ``n == 0`` returns ``day`` unchanged."""
        step = self.next_working_day if n > 0 else self.last_working_day_before
        for _ in range(abs(n)):
            day = step(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start < d <= end``; when ``end`` is earlier, minus the
        working days with ``end <= d < start``.

        The inverse of :meth:`add_working_days`: ``working_days_between(d, add_working_days(d,
        n)) == n`` for every ``d`` and ``n``.
        """
        if end < start:
            return -sum(
                1 for i in range((start - end).days)
                if self.is_working_day(end + timedelta(days=i))
            )  # fmt: skip
        return sum(
            1 for i in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=i))
        )  # fmt: skip

    def working_days_in(self, first: date, last: date) -> list[date]:
        """All working days from ``first`` to ``last`` inclusive."""
        return [
            first + timedelta(days=i)
            for i in range((last - first).days + 1)
            if self.is_working_day(first + timedelta(days=i))
        ]


@lru_cache(maxsize=16)
def _cached_calendar(federal_state: str, extra_closed_days: tuple[str, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(federal_state, extra_closed_days)
