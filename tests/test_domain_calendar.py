"""Working-day calendar: holidays per federal state and working-day arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.settings import RulesSettings

BW = WorkingDayCalendar("BW")
HH = WorkingDayCalendar("HH")

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
calendars = st.sampled_from([BW, HH, WorkingDayCalendar("BW", ("12-24", "12-31"))])


@pytest.mark.parametrize(
    ("day", "bw", "hh"),
    [
        (date(2026, 5, 14), False, False),  # Christi Himmelfahrt (Thursday)
        (date(2026, 6, 4), False, True),  # Fronleichnam (Thursday): BW only
        (date(2026, 1, 6), False, True),  # Heilige Drei Könige: BW only
        (date(2025, 10, 31), True, False),  # Reformationstag (Friday): HH only
        (date(2026, 4, 3), False, False),  # Karfreitag
        (date(2026, 11, 26), True, True),  # an ordinary Thursday
        (date(2026, 11, 28), False, False),  # Saturday
        (date(2026, 11, 29), False, False),  # Sunday
    ],
)
def test_working_days_per_state(day: date, bw: bool, hh: bool) -> None:
    assert BW.is_working_day(day) is bw
    assert HH.is_working_day(day) is hh


def test_holiday_names_are_german() -> None:
    assert BW.holiday_name(date(2026, 6, 4)) == "Fronleichnam"
    assert BW.holiday_name(date(2026, 11, 26)) is None
    assert BW.is_holiday(date(2026, 12, 25))


def test_add_working_days_over_easter() -> None:
    # Karfreitag 03.04. and Ostermontag 06.04.2026 are skipped.
    assert BW.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert BW.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert BW.add_working_days(date(2026, 4, 4), 0) == date(2026, 4, 4)


def test_working_days_between() -> None:
    assert BW.working_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 5
    assert BW.working_days_between(date(2026, 11, 30), date(2026, 11, 23)) == -5
    assert BW.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert (
        len(BW.working_days_in(date(2026, 12, 21), date(2026, 12, 27))) == 4
    )  # 25./26. Weihnachten


def test_neighbours() -> None:
    assert BW.last_working_day_before(date(2026, 5, 14)) == date(2026, 5, 13)
    assert BW.next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert BW.working_day_on_or_after(date(2026, 11, 28)) == date(2026, 11, 30)
    assert BW.working_day_on_or_after(date(2026, 11, 27)) == date(2026, 11, 27)


def test_extra_closed_days_and_bad_entries() -> None:
    cal = WorkingDayCalendar("bw", ("12-24", "2026-11-27", "nonsense"))
    assert cal.federal_state == "BW"
    assert not cal.is_working_day(date(2025, 12, 24))
    assert not cal.is_working_day(date(2026, 11, 27))
    assert cal.is_working_day(date(2025, 11, 27))


def test_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown federal state"):
        WorkingDayCalendar("XX")


def test_from_settings_is_cached() -> None:
    rules = RulesSettings(federal_state="HH")
    first = WorkingDayCalendar.from_settings(rules)
    assert first is WorkingDayCalendar.from_settings(rules)
    assert first.federal_state == "HH"


@given(calendars, days, st.integers(min_value=-80, max_value=80))
def test_between_inverts_add(cal: WorkingDayCalendar, day: date, n: int) -> None:
    target = cal.add_working_days(day, n)
    assert cal.working_days_between(day, target) == n
    if n:
        assert cal.is_working_day(target)
        assert (target > day) == (n > 0)


@given(calendars, days, st.integers(min_value=0, max_value=60))
def test_add_is_monotonic_and_skips_only_non_working_days(
    cal: WorkingDayCalendar, day: date, n: int
) -> None:
    a, b = cal.add_working_days(day, n), cal.add_working_days(day, n + 1)
    assert b > a
    gap = [a + timedelta(days=i) for i in range(1, (b - a).days)]
    assert not any(cal.is_working_day(d) for d in gap)


@given(calendars, days, days)
def test_between_is_antisymmetric(cal: WorkingDayCalendar, a: date, b: date) -> None:
    forward = cal.working_days_between(a, b)
    if cal.is_working_day(a) == cal.is_working_day(b):
        assert forward == -cal.working_days_between(b, a)
    assert forward == 0 or (forward > 0) == (b > a)
