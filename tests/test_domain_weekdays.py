"""The one weekday parser, the stored weekday lists, age and U25 (issue 19, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.domain.age import DEFAULT_U25_LIMIT, age_on, is_u25, u25_limit
from fieldkit.domain.legal import parameters_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.weekdays import WeekdayError, parse_weekday, parse_weekday_list
from fieldkit.services import planning
from fieldkit.services.printing import PrintingError, parse_day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Montag", 1),
        ("dienstag", 2),
        ("  MITTWOCH ", 3),
        ("Do", 4),
        ("Fr.", 5),
        ("Sa", 6),
        ("Sonnabend", 6),
        ("So", 7),
        ("Monday", 1),
        ("tue", 2),
        ("Thu.", 4),
        ("sunday", 7),
        ("1", 1),
        (" 7 ", 7),
        (3, 3),
    ],
)
def test_names_abbreviations_english_and_numbers(text: object, day: int) -> None:
    assert parse_weekday(text) == day


@pytest.mark.parametrize(
    "text",
    ["", "   ", "0", "8", "12", "-1", "Mon-Fr", "Montag!", "Mittw", "Feiertag", "７", "x" * 10_000,
     "'; DROP TABLE area; --", None, 2.0, True, [1], b"Mo"],
)  # fmt: skip
def test_anything_else_is_one_clear_error_in_both_languages(text: object) -> None:
    with pytest.raises(WeekdayError) as caught:
        parse_weekday(text)
    error = caught.value
    assert error.code == "bad_weekday"
    assert "kein Wochentag" in error.message("de")
    assert "not a weekday" in error.message("en")
    assert len(error.message("de")) < 120  # a pasted wall of text is cut short


def test_stored_lists_are_read_leniently_each_day_once_in_order() -> None:
    assert parse_weekday_list("1,2,5") == (1, 2, 5)
    assert parse_weekday_list("5;1, 5 ,3") == (5, 1, 3)
    assert parse_weekday_list("") == ()
    assert parse_weekday_list(None) == ()
    assert parse_weekday_list("0,8,x,,2") == (2,)
    assert planning._weekdays("1;3,9") == frozenset({1, 3})


def test_the_printing_day_parser_uses_it() -> None:
    assert parse_day("Dienstag", "2026-W49") == date(2026, 12, 1)
    assert parse_day("tue", "2026-W49") == date(2026, 12, 1)
    assert parse_day("2026-12-04", "2026-W49") == date(2026, 12, 4)
    with pytest.raises(PrintingError):
        parse_day("Feiertag", "2026-W49")
    with pytest.raises(PrintingError):
        parse_day("2026-12-08", "2026-W49")  # not in the week


def test_age_and_u25_from_the_legal_parameter() -> None:
    assert age_on(date(2004, 2, 29), date(2029, 2, 28)) == 24
    assert age_on(date(2004, 2, 29), date(2029, 3, 1)) == 25
    monday = date(2026, 11, 30)
    assert u25_limit(parameters_on(monday)) == DEFAULT_U25_LIMIT == 25
    assert is_u25(date(2001, 12, 1), monday)
    assert not is_u25(date(2001, 11, 30), monday)
    assert is_u25(date(1990, 1, 1), monday, limit=40)
    # Planning's priority follows the parameter, not a number of its own.
    lifted = RulesSettings(legal_overrides=("chain.u25_age_limit@2026-01-01=40",))
    assert planning.priority_of(0, date(1990, 1, 1), monday) == 0
    assert planning.priority_of(0, date(1990, 1, 1), monday, lifted) == planning.U25_PRIORITY
