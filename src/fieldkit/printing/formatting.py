"""German dates and amounts, formatted by hand so the system locale never matters."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def date_long(day: date) -> str:
    """'Donnerstag, 10. Dezember 2026'."""
    return f"{WEEKDAYS[day.weekday()]}, {day.day}. {MONTHS[day.month - 1]} {day.year}"


def date_numeric(day: date) -> str:
    """'10.12.2026' (DIN 5008 allows this form in the information block)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def time_of_day(moment: time | datetime) -> str:
    """'09:00 Uhr'."""
    return f"{moment.hour:02d}:{moment.minute:02d} Uhr"


def clock(moment: time | datetime) -> str:
    """'09:00' (for tables where 'Uhr' would only take room)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def datetime_long(moment: datetime) -> str:
    """'Donnerstag, 10. Dezember 2026, 09:00 Uhr'."""
    return f"{date_long(moment.date())}, {time_of_day(moment)}"


def euro(amount: Decimal | int | str) -> str:
    """'56,30 €', '1.234,50 €', '-5,00 €': rounded half up to cents, dot for thousands."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    cents = int(abs(value) * 100)
    euros, rest = divmod(cents, 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}{grouped},{rest:02d} €"


def number(value: Decimal | int) -> str:
    """A number German style without needless decimals: 10 → '10', 12.5 → '12,5'."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
