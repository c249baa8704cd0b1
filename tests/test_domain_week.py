"""ISO weeks, the flag cutoff and the visit week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import (
    BERLIN,
    IsoWeek,
    flag_deadline,
    flag_deadline_text,
    office_hours_end,
    visit_week_for,
    weeks_in_year,
)

RULES = RulesSettings()
BW = WorkingDayCalendar("BW")
HH = WorkingDayCalendar("HH")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_iso_week_text_and_parse() -> None:
    week = IsoWeek(2026, 49)
    assert str(week) == "2026-W49"
    assert IsoWeek.parse("2026-W49") == week
    assert IsoWeek.parse(" 2026w49 ") == week
    assert week.label_de() == "KW 49/2026"
    for bad in ("2026-49", "KW49", "2025-W53", "2026-W00", ""):
        with pytest.raises(ValueError, match="ISO week"):
            IsoWeek.parse(bad)


def test_53_week_years() -> None:
    assert weeks_in_year(2026) == 53
    assert weeks_in_year(2025) == 52
    assert weeks_in_year(2020) == 53
    last = IsoWeek(2026, 53)
    assert last.next() == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == last
    assert last.monday() == date(2026, 12, 28)
    assert last.days()[-1] == date(2027, 1, 3)
    assert IsoWeek.of(date(2027, 1, 3)) == last
    with pytest.raises(ValueError, match="no ISO week"):
        IsoWeek(2025, 53)


def test_weeks_order_and_arithmetic() -> None:
    assert IsoWeek(2026, 52) < IsoWeek(2026, 53) < IsoWeek(2027, 1)
    assert IsoWeek(2026, 49).next(5) == IsoWeek(2027, 1)
    assert IsoWeek(2026, 49).day(4) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("flagged", "week", "late"),
    [
        ("2026-11-24 10:15", "2026-W49", False),
        ("2026-11-26 16:00", "2026-W49", False),  # Thursday end of office hours: still in time
        ("2026-11-26 16:01", "2026-W50", True),
        ("2026-11-27 08:00", "2026-W50", True),  # Friday
        ("2026-11-29 23:59", "2026-W50", True),  # Sunday
        ("2026-11-30 00:00", "2026-W50", False),  # Monday of the next week
        ("2026-05-13 16:00", "2026-W21", False),  # Christi Himmelfahrt: cutoff moves to Wed
        ("2026-05-13 16:01", "2026-W22", True),
        ("2026-05-14 09:00", "2026-W22", True),
        ("2026-12-24 15:00", "2026-W53", False),  # a 53-week year
        ("2026-12-25 10:00", "2027-W01", True),
        ("2026-12-31 12:00", "2027-W01", False),  # Thursday of W53
        ("2027-01-01 12:00", "2027-W02", True),
    ],
)
def test_visit_week_bw(flagged: str, week: str, late: bool) -> None:
    assert visit_week_for(at(flagged), RULES, BW) == (IsoWeek.parse(week), late)


def test_corpus_christi_only_moves_the_cutoff_where_it_is_a_holiday() -> None:
    flagged = at("2026-06-03 17:00")  # Wednesday before Fronleichnam (Thu 04.06.)
    assert visit_week_for(flagged, RULES, BW) == (IsoWeek(2026, 25), True)
    hh_rules = RulesSettings(federal_state="HH")
    assert visit_week_for(flagged, hh_rules) == (IsoWeek(2026, 24), False)
    assert visit_week_for(at("2026-06-04 15:00"), hh_rules) == (IsoWeek(2026, 24), False)


def test_aware_times_are_converted_to_berlin() -> None:
    # 15:30 UTC is 16:30 in Berlin (CET): late.
    flagged = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
    assert visit_week_for(flagged, RULES, BW) == (IsoWeek(2026, 50), True)


def test_office_hours_setting() -> None:
    early = RulesSettings(office_hours_end="15:30")
    assert visit_week_for(at("2026-11-26 15:45"), early, BW) == (IsoWeek(2026, 50), True)
    assert office_hours_end(RulesSettings(office_hours_end="16.30")).minute == 30
    assert office_hours_end(RulesSettings(office_hours_end="nonsense")).hour == 16


def test_closing_days_before_a_holiday_thursday() -> None:
    # Mon–Wed closed and Thursday a holiday: the deadline falls into the week before.
    cal = WorkingDayCalendar("BW", ("2026-05-11", "2026-05-12", "2026-05-13"))
    assert flag_deadline(IsoWeek(2026, 21), RULES, cal) == datetime(
        2026, 5, 8, 16, 0, tzinfo=BERLIN
    )
    assert visit_week_for(at("2026-05-09 10:00"), RULES, cal) == (IsoWeek(2026, 22), True)


def test_flag_deadline_and_text() -> None:
    assert flag_deadline(IsoWeek(2026, 49), RULES, BW) == datetime(
        2026, 11, 26, 16, 0, tzinfo=BERLIN
    )
    assert flag_deadline_text(IsoWeek(2026, 49), RULES, BW) == (
        "für KW 49 noch bis Donnerstag 26.11., 16:00 Uhr"
    )
    text = flag_deadline_text(IsoWeek(2026, 21), RULES, BW)
    assert text.startswith("für KW 21 noch bis Mittwoch 13.05., 16:00 Uhr")
    assert "Christi Himmelfahrt" in text


flag_times = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2032, 12, 31))
states = st.sampled_from([BW, HH])


@given(flag_times, states)
def test_visit_week_is_the_earliest_week_whose_deadline_is_not_passed(
    flagged: datetime, cal: WorkingDayCalendar
) -> None:
    week, late = visit_week_for(flagged, RULES, cal)
    local = flagged.replace(tzinfo=BERLIN)
    asked = IsoWeek.of(flagged.date()).next()
    assert local <= flag_deadline(week, RULES, cal)
    assert week in (asked, asked.next())
    assert late == (week != asked)
    if late:
        assert local > flag_deadline(asked, RULES, cal)
    # The deadline is Thursday or the working day before a holiday Thursday.
    deadline_day = flag_deadline(week, RULES, cal).date()
    assert deadline_day.isoweekday() <= 4
    assert cal.is_working_day(deadline_day)


@given(flag_times, st.integers(min_value=1, max_value=60 * 24 * 9), states)
def test_later_flags_never_get_an_earlier_week(
    flagged: datetime, minutes: int, cal: WorkingDayCalendar
) -> None:
    first, _ = visit_week_for(flagged, RULES, cal)
    later, _ = visit_week_for(flagged + timedelta(minutes=minutes), RULES, cal)
    assert later >= first


@given(st.integers(min_value=1990, max_value=2100))
def test_year_end_weeks_roll_over(year: int) -> None:
    last = IsoWeek(year, weeks_in_year(year))
    assert last.next() == IsoWeek(year + 1, 1)
    assert last.next().previous() == last
    assert (last.next().monday() - last.monday()).days == 7
