"""Weekdays as people and the database write them: the one parser of each form (issue 19).

:func:`parse_weekday` reads one weekday a person typed: a German name ("Dienstag"), its
abbreviation ("Di", "Di."), the English name or abbreviation ("Tuesday", "Tue") or the ISO
number ("2"); anything else is a :class:`WeekdayError` with a German and an English sentence.
:func:`parse_weekday_list` reads the stored lists of areas and workers ("1,2,5"): a column the
program wrote, read leniently (a part it cannot read is left out, never an error).
"""

from __future__ import annotations

from fieldkit.errors import BilingualError

#: German names, index + 1 = ISO weekday.
WEEKDAY_NAMES_DE = (
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
)
_ENGLISH = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_GERMAN_SHORT = ("mo", "di", "mi", "do", "fr", "sa", "so")

#: Every accepted spelling (lower case, no trailing dot) → ISO weekday.
_BY_NAME: dict[str, int] = {
    **{name.lower(): day for day, name in enumerate(WEEKDAY_NAMES_DE, start=1)},
    **{name: day for day, name in enumerate(_GERMAN_SHORT, start=1)},
    **{name: day for day, name in enumerate(_ENGLISH, start=1)},
    **{name[:3]: day for day, name in enumerate(_ENGLISH, start=1)},
    "sonnabend": 6,
}
#: A pasted wall of text is named by its start only.
_SHOWN = 40


class WeekdayError(BilingualError, ValueError):
    """The text is no weekday; ``str()`` is the German sentence."""

    STR_LANGUAGE = "de"

    def __init__(self, text: str) -> None:
        shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
        super().__init__(
            f"„{shown}“ ist kein Wochentag (z. B. Montag, Mo oder 1).",
            f"“{shown}” is not a weekday (e.g. Monday, Mon or 1).",
            "bad_weekday",
        )


def parse_weekday(text: object) -> int:
    """The ISO weekday (1 = Monday … 7 = Sunday) of ``text``; :class:`WeekdayError` else."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise WeekdayError(repr(text))
    value = str(text).strip().lower().rstrip(".").strip()
    if value.isascii() and value.isdigit() and len(value) == 1 and 1 <= int(value) <= 7:
        return int(value)
    if value in _BY_NAME:
        return _BY_NAME[value]
    raise WeekdayError(str(text))


def parse_weekday_list(text: str | None) -> tuple[int, ...]:
    """The ISO weekdays of a stored list such as ``"1,2,5"`` (``;`` also separates).

    Each day once, in the order written; a part that is no weekday is left out.
    """
    days: dict[int, None] = {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            days.setdefault(parse_weekday(part), None)
        except WeekdayError:
            continue
    return tuple(days)
